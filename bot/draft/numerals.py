"""Numbering words for the self-review: 一、 （一） 一是 1. （1）."""

from __future__ import annotations

__all__ = [
    "arabic_mark",
    "chinese_count",
    "chinese_number",
    "ordinal_is",
    "paren_arabic",
    "section_mark",
    "subsection_mark",
]

_DIGITS = ("", "一", "二", "三", "四", "五", "六", "七", "八", "九")
MAX_CHINESE = 99


def _check(n: int, high: int | None) -> None:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"expected an int, got {type(n).__name__}")
    if n < 1 or (high is not None and n > high):
        bound = f"1..{high}" if high is not None else "1 or more"
        raise ValueError(f"number out of range ({bound}): {n}")


def chinese_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 11 -> 十一, 20 -> 二十, 99 -> 九十九; ValueError outside 1..99."""
    _check(n, MAX_CHINESE)
    tens, units = divmod(n, 10)
    if tens == 0:
        return _DIGITS[units]
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + _DIGITS[units]


def chinese_count(n: int) -> str:
    """A count before a measure word: 2 -> 两 (两个方面, 两项), otherwise as chinese_number."""
    return "两" if n == 2 else chinese_number(n)


def ordinal_is(n: int) -> str:
    """1 -> 一是 (the 一是……二是…… enumeration)."""
    return chinese_number(n) + "是"


def section_mark(n: int) -> str:
    """1 -> 一、 (first-level heading)."""
    return chinese_number(n) + "、"


def subsection_mark(n: int) -> str:
    """1 -> （一） (second-level heading, full-width brackets)."""
    return "（" + chinese_number(n) + "）"


def arabic_mark(n: int) -> str:
    """1 -> 1. (third level); any n >= 1."""
    _check(n, None)
    return f"{n}."


def paren_arabic(n: int) -> str:
    """1 -> （1） (fourth level, full-width brackets); any n >= 1."""
    _check(n, None)
    return f"（{n}）"
