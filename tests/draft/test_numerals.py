"""Numbering words: 一 … 九十九, 一是, 一、, （一）, 1., （1）."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.draft.numerals import (
    arabic_mark,
    chinese_number,
    ordinal_is,
    paren_arabic,
    section_mark,
    subsection_mark,
)


@pytest.mark.parametrize(
    ("n", "word"),
    [
        (1, "一"),
        (2, "二"),
        (3, "三"),
        (4, "四"),
        (5, "五"),
        (6, "六"),
        (7, "七"),
        (8, "八"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (12, "十二"),
        (19, "十九"),
        (20, "二十"),
        (21, "二十一"),
        (30, "三十"),
        (45, "四十五"),
        (90, "九十"),
        (98, "九十八"),
        (99, "九十九"),
    ],
)
def test_chinese_number(n: int, word: str) -> None:
    assert chinese_number(n) == word


def test_chinese_number_covers_1_to_99_without_repeats() -> None:
    words = [chinese_number(n) for n in range(1, 100)]
    assert len(set(words)) == 99
    assert all(1 <= len(w) <= 3 for w in words)
    assert not any(w.startswith("一十") or w.endswith("零") for w in words)


@pytest.mark.parametrize("n", [0, -1, 100, 101, 1000])
def test_chinese_number_out_of_range(n: int) -> None:
    with pytest.raises(ValueError):
        chinese_number(n)


@pytest.mark.parametrize("func", [chinese_number, ordinal_is, section_mark, subsection_mark])
@pytest.mark.parametrize("n", [0, 100])
def test_chinese_marks_out_of_range(func: Callable[[int], str], n: int) -> None:
    with pytest.raises(ValueError):
        func(n)


@pytest.mark.parametrize("func", [chinese_number, ordinal_is, section_mark, subsection_mark, arabic_mark, paren_arabic])
@pytest.mark.parametrize("bad", [True, 1.0, "1", None])
def test_non_int_is_refused(func: Callable[[object], str], bad: object) -> None:
    with pytest.raises(TypeError):
        func(bad)


@pytest.mark.parametrize(
    ("n", "is_", "section", "subsection", "arabic", "paren"),
    [
        (1, "一是", "一、", "（一）", "1.", "（1）"),
        (2, "二是", "二、", "（二）", "2.", "（2）"),
        (10, "十是", "十、", "（十）", "10.", "（10）"),
        (11, "十一是", "十一、", "（十一）", "11.", "（11）"),
        (21, "二十一是", "二十一、", "（二十一）", "21.", "（21）"),
        (99, "九十九是", "九十九、", "（九十九）", "99.", "（99）"),
    ],
)
def test_marks(n: int, is_: str, section: str, subsection: str, arabic: str, paren: str) -> None:
    assert ordinal_is(n) == is_
    assert section_mark(n) == section
    assert subsection_mark(n) == subsection
    assert arabic_mark(n) == arabic
    assert paren_arabic(n) == paren


def test_arabic_marks_have_no_upper_bound() -> None:
    assert arabic_mark(120) == "120."
    assert paren_arabic(120) == "（120）"


@pytest.mark.parametrize("func", [arabic_mark, paren_arabic])
@pytest.mark.parametrize("n", [0, -3])
def test_arabic_marks_start_at_one(func: Callable[[int], str], n: int) -> None:
    with pytest.raises(ValueError):
        func(n)
