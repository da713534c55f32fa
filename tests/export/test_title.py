"""Title line breaking (GB/T 9704-2012 7.3.3): whole words, symmetric lines, no hourglass."""

from __future__ import annotations

import itertools

import pytest

from bot.export.title import _breaks, _shape_cost, text_width, title_lines

WIDTH = 156 / 25.4 * 72 / 22  # ems of 22 pt type in the 156 mm text block: 20.1


@pytest.mark.parametrize(("title", "lines"), [
    # the meeting's own name stays whole on the lower line: an upright trapezoid
    ("张三同志在2024年度民主生活会上的对照检查材料", ["张三同志在2024年度", "民主生活会上的对照检查材料"]),
    ("欧阳建国同志在2025年度民主生活会上的对照检查材料", ["欧阳建国同志在2025年度", "民主生活会上的对照检查材料"]),
    ("张三同志2024年度组织生活会个人检视剖析材料", ["张三同志2024年度", "组织生活会个人检视剖析材料"]),
    # the long 2021 meeting name breaks between 专题 and 民主生活会, not inside either
    ("〇〇同志在2021年度党史学习教育专题民主生活会上的对照检查材料",
     ["〇〇同志在2021年度党史学习教育专题", "民主生活会上的对照检查材料"]),
    ("在2021年度党史学习教育专题民主生活会上的个人对照检查材料",
     ["在2021年度党史学习教育专题", "民主生活会上的个人对照检查材料"]),
    # the common form "…会上的 / 个人对照检查材料" when nothing more balanced fits
    ("在2025年度民主生活会上的个人对照检查材料", ["在2025年度民主生活会上的", "个人对照检查材料"]),
])
def test_titles_of_the_shipped_profiles_break_at_phrase_boundaries(title: str, lines: list[str]) -> None:
    assert title_lines(title, WIDTH) == lines
    assert "".join(lines) == title
    assert all(text_width(line) <= WIDTH for line in lines)


def test_a_title_that_fits_is_one_line() -> None:
    assert title_lines("2024年度组织生活会个人检视剖析材料", WIDTH) == ["2024年度组织生活会个人检视剖析材料"]


def test_a_long_title_of_ones_own_wording_is_broken_by_width_not_left_to_the_word_processor() -> None:
    """Word filled lines of 18/18/20/8 characters; the set phrases stay whole even here."""
    typed = "关于在某某县学习贯彻习近平新时代中国特色社会主义思想主题教育专题民主生活会上的个人发言提纲"
    lines = title_lines(typed, WIDTH)
    assert "".join(lines) == typed and 2 <= len(lines) <= 4
    assert all(text_width(line) <= WIDTH for line in lines)
    assert lines == ["关于在某某县学习贯彻习近平新时代", "中国特色社会主义思想主题教育专题", "民主生活会上的个人发言提纲"]
    joined = "|".join(lines)
    for whole in ("主题教育", "民主生活会", "个人发言提纲"):
        assert whole in joined
    # no line under 40% of the longest: none of the 8-character stragglers
    widths = [text_width(line) for line in lines]
    assert min(widths) >= 0.4 * max(widths)
    plain = "坚持以学铸魂以学增智以学正风以学促干深入查摆问题扎实推进整改落实个人对照检查材料"
    assert "|".join(title_lines(plain, WIDTH)).count("对照检查材料") == 1


def test_a_short_first_line_is_avoided_when_a_balanced_break_fits() -> None:
    """"在2024年度" alone over a full line looked stranded."""
    lines = title_lines("在2024年度党纪学习教育专题民主生活会上的对照检查材料", WIDTH)
    widths = [text_width(line) for line in lines]
    assert min(widths) >= 0.4 * max(widths) and lines[0] != "在2024年度"


@pytest.mark.parametrize("title", [
    "张三同志在2021年度党史学习教育专题民主生活会上的对照检查材料",
    "在2021年度党史学习教育专题民主生活会上的个人对照检查材料",
    "张三同志2024年度组织生活会个人检视剖析材料",
])
def test_at_any_width_lines_fit_and_never_form_an_hourglass(title: str) -> None:
    shapes = set()
    for width in range(6, 21):
        lines = title_lines(title, width)
        assert "".join(lines) == title
        if len(lines) == 1:
            continue  # fits, or no boundaries fit: the word processor wraps it
        widths = [text_width(line) for line in lines]
        assert max(widths) <= width
        assert not any(widths[0] > w < widths[-1] for w in widths[1:-1])  # hourglass
        shapes.add(len(lines))
    assert {2, 3} <= shapes


def test_digits_of_the_year_are_never_split() -> None:
    for lines in (title_lines("在2025年度民主生活会上的个人对照检查材料", w) for w in (8, 10, 14)):
        assert not any(a[-1:].isdigit() and b[:1].isdigit() for a, b in itertools.pairwise(lines))


def test_width_counts_full_width_as_one_and_half_width_a_little_over_half() -> None:
    assert text_width("民主生活会") == 5
    assert text_width("“”（）。") == 5
    assert text_width("2024") == pytest.approx(2.2)


def test_shapes_trapezoid_and_diamond_beat_rectangle_and_hourglass() -> None:
    assert _shape_cost([11, 11]) > _shape_cost([10.5, 11.5])  # type: ignore[operator]  # a rectangle
    assert _shape_cost([13, 9]) > _shape_cost([9, 13])  # type: ignore[operator]  # upright trapezoid preferred
    assert (_shape_cost([6, 10, 14]), _shape_cost([8, 14, 8])) == (8, 6)  # both allowed: their spread
    assert _shape_cost([12, 14, 6]) == 8  # a diamond
    assert _shape_cost([14, 10, 12]) is None  # an hourglass


@pytest.mark.parametrize(("title", "heads"), [
    ("在2021年度民主生活会上的个人对照检查材料", ["在2021年度", "在2021年度民主生活会上的"]),
    ("张三同志2024年度组织生活会个人检视剖析材料", ["张三同志", "张三同志2024年度", "张三同志2024年度组织生活会"]),
    ("在2024年度组织生活会上的个人对照检视剖析材料", ["在2024年度", "在2024年度组织生活会上的"]),
])
def test_the_name_of_the_material_is_never_split(title: str, heads: list[str]) -> None:
    """个人对照检查材料, 对照检视剖析材料 … stay whole: the only break near them is before them."""
    assert [title[:at] for at in sorted(_breaks(title))] == heads


def test_a_very_long_typed_title_is_broken_quickly_or_left_alone() -> None:
    """Breaks between any two characters make many combinations: the search stays small."""
    import time

    typed = ("坚持以学铸魂以学增智以学正风以学促干深入查摆问题扎实推进整改落实" * 3)[:79]
    start = time.perf_counter()
    lines = title_lines(typed, WIDTH)
    assert time.perf_counter() - start < 1.0
    assert "".join(lines) == typed and len(lines) == 4 and all(text_width(line) <= WIDTH for line in lines)
    assert title_lines("标题" * 200, WIDTH) == ["标题" * 200]  # more than four lines: not a title
