"""`extends:`: a unit's variant changes a profile without copying it; problems keep file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.profiles import ProfileCatalog, ProfileError, load_profile, parse_profile
from bot.profiles.loader import load_folder
from tests.conftest import ROOT

PARENT = (ROOT / "prompts" / "2024-dangji.yaml").read_text(encoding="utf-8")
GRANDPARENT = (ROOT / "prompts" / "2021-dangshi.yaml").read_text(encoding="utf-8")

VARIANT = """\
# 某县乡镇党委书记用：增加一个方面，调整需要说明的事项。
extends: 2024-dangji
id: 2024-dangji-xiangzhen
name: 2024年度民主生活会（乡镇党委书记）
aspects:
  add: [带头抓好乡村全面振兴]
declarations:
  remove: [special_resources]
  change:
    talks_inquiries: {if_no: 本年度本人未被上级纪委监委约谈、函询。}
  add:
    - id: village_funds
      question: 是否存在插手村级工程项目和集体资金使用的情况？
      hint: 如有，请写明项目名称和经过。
      if_no: 本人不存在插手村级工程项目和集体资金使用的情况。
      if_yes: "{detail}"
counts:
  problems: {max: 3}
"""


def line_of(text: str, needle: str) -> int:
    return next(i for i, row in enumerate(text.splitlines(), 1) if needle in row)


def folder(tmp_path: Path, files: dict[str, str]) -> Path:
    """A prompts folder with these files, and the 2021 profile the 2024 one extends."""
    for name, text in {"2021.yaml": GRANDPARENT, **files}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_variant_adds_an_aspect_and_changes_declarations(tmp_path: Path) -> None:
    catalog = ProfileCatalog(load_folder(folder(tmp_path, {"parent.yaml": PARENT, "variant.yaml": VARIANT})))
    parent, variant = catalog.get("2024-dangji"), catalog.get("2024-dangji-xiangzhen")
    assert variant.aspects == (*parent.aspects, "带头抓好乡村全面振兴")
    assert [d.id for d in variant.declarations] == [
        "relatives_business", "major_matters", "inspection_feedback", "talks_inquiries", "other_reportable",
        "village_funds"]
    assert variant.declaration("talks_inquiries").if_no == "本年度本人未被上级纪委监委约谈、函询。"
    assert variant.declaration("talks_inquiries").question == parent.declaration("talks_inquiries").question
    # mappings merge key by key: only max changed, min and the other counts inherited
    assert variant.counts.problems.max == 3 and variant.counts.problems.min == parent.counts.problems.min
    assert variant.counts.causes == parent.counts.causes
    # everything not mentioned is the parent's
    assert (variant.year, variant.theme, variant.wording, variant.questions, variant.layout) == (
        parent.year, parent.theme, parent.wording, parent.questions, parent.layout)
    assert variant.preamble_counts == parent.preamble_counts


def test_resolved_source_is_self_contained(tmp_path: Path) -> None:
    """A draft's snapshot holds the whole resolved profile, so it parses without the parent."""
    profiles = load_folder(folder(tmp_path, {"parent.yaml": PARENT, "variant.yaml": VARIANT}))
    variant = next(p for p in profiles if p.id == "2024-dangji-xiangzhen")
    assert "extends" not in variant.source.split("\n", 1)[1]
    again = parse_profile(variant.source, "snapshot")  # no lookup: a parent is never consulted
    assert again == variant
    # a plain profile's snapshot is its file, byte for byte (drafts of 2021 keep their digest)
    root = next(p for p in profiles if p.id == "2021-dangshi")
    assert root.source == GRANDPARENT


def test_editing_the_parent_changes_the_child_digest(tmp_path: Path) -> None:
    files = {"parent.yaml": PARENT, "variant.yaml": VARIANT}
    before = {p.id: p for p in load_folder(folder(tmp_path, files))}
    edited = PARENT.replace("  remaining_marker: 对照要求，仍需持续用力的是：", "  remaining_marker: 下一步仍需努力的是：")
    after = {p.id: p for p in load_folder(folder(tmp_path, {"parent.yaml": edited}))}
    assert after["2024-dangji-xiangzhen"].wording.remaining_marker == "下一步仍需努力的是："
    assert after["2024-dangji-xiangzhen"].digest != before["2024-dangji-xiangzhen"].digest
    # and editing the grandparent reaches both
    older = GRANDPARENT.replace("  causes_heading: 原因剖析", "  causes_heading: 问题产生的根源")
    again = {p.id: p for p in load_folder(folder(tmp_path, {"2021.yaml": older}))}
    assert again["2024-dangji-xiangzhen"].wording.causes_heading == "问题产生的根源"
    assert again["2024-dangji"].digest != after["2024-dangji"].digest


def test_shipped_2025_extends_2024() -> None:
    catalog = ProfileCatalog.from_dir(ROOT / "prompts")
    p2024, p2025 = catalog.get("2024-dangji"), catalog.get("2025-zuofeng")
    assert p2025.declarations == p2024.declarations and p2025.preamble_counts == p2024.preamble_counts
    assert p2025.questions["problem.title"] == p2024.questions["problem.title"]
    assert "case.title" in p2025.questions and p2025.has_case and not p2024.has_case
    # load_profile finds the parent in the file's own folder
    assert load_profile(ROOT / "prompts" / "2025-zuofeng.yaml") == p2025


@pytest.mark.parametrize(
    ("variant", "needle", "reason"),
    [
        (VARIANT.replace("extends: 2024-dangji", "extends: 2019-nosuch"), "extends:", "没有找到编号为“2019-nosuch”"),
        (VARIANT.replace("  remove: [special_resources]", "  remove: [no_such_matter]"), "remove:",
         "上级配置中没有这一项：no_such_matter"),
        (VARIANT.replace("    talks_inquiries: {", "    talks_inquiry: {"), "talks_inquiry:", "上级配置中没有这一项"),
        (VARIANT.replace("  add: [带头抓好乡村全面振兴]", "  append: [带头抓好乡村全面振兴]"), "append:", "未知的修改方式"),
        (VARIANT.replace("id: 2024-dangji-xiangzhen\n", ""), "extends:", "必须写明本配置自己的 id"),
        (VARIANT.replace("id: 2024-dangji-xiangzhen", "id: 2024-dangji"), "extends:", "不能与所继承的配置相同"),
        # a problem found after merging is reported in the file and line it came from
        (VARIANT + "wording:\n  aspect_heading: \"在{topic}方面。\"\n", "aspect_heading", "未知占位符 {topic}"),
        (VARIANT + "preamble_counts:\n  add:\n    - {id: visits, question: 走访多少户？, hint: 按户数填写。}\n",
         "id: visits", "没有使用 {counts.visits}"),
    ],
)
def test_variant_problems_name_the_variant_line(tmp_path: Path, variant: str, needle: str, reason: str) -> None:
    folder(tmp_path, {"parent.yaml": PARENT, "variant.yaml": variant})
    with pytest.raises(ProfileError) as caught:
        load_folder(tmp_path)
    expected = f"{tmp_path / 'variant.yaml'}:{line_of(variant, needle)}:"
    assert any(p.startswith(expected) and reason in p for p in caught.value.problems), caught.value.problems


def test_inherited_problem_points_at_the_parent_file(tmp_path: Path) -> None:
    """The variant drops a count the parent's preamble still uses: the parent's line is named."""
    variant = VARIANT + "preamble_counts:\n  remove: [talks]\n"
    folder(tmp_path, {"parent.yaml": PARENT, "variant.yaml": variant})
    with pytest.raises(ProfileError) as caught:
        load_folder(tmp_path)
    line = line_of(PARENT, "  preamble: >-")
    assert any(p.startswith(f"{tmp_path / 'parent.yaml'}:{line}: wording.preamble:") and "{counts.talks}" in p
               for p in caught.value.problems), caught.value.problems


def test_cycles_and_duplicates_are_refused(tmp_path: Path) -> None:
    a = "extends: b\nid: a\nname: 甲\n"
    b = "extends: a\nid: b\nname: 乙\n"
    folder(tmp_path, {"a.yaml": a, "b.yaml": b})
    with pytest.raises(ProfileError, match="循环继承"):
        load_folder(tmp_path)
    other = tmp_path / "dup"
    other.mkdir()
    folder(other, {"one.yaml": PARENT, "two.yaml": PARENT})
    with pytest.raises(ProfileError, match=r"two.yaml:\d+: id: 与 .*one.yaml 重复"):
        load_folder(other)


def test_extends_without_a_folder_is_explained() -> None:
    with pytest.raises(ProfileError, match=r"x.yaml:1: extends: 无法解析继承"):
        parse_profile(VARIANT.split("\n", 1)[1], "x.yaml")
