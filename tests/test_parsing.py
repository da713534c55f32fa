"""Numbers in command arguments and file names echoed back: only what is safe to read and show."""

from __future__ import annotations

import pytest

from bot.parsing import parse_number, shown_file_name


@pytest.mark.parametrize(("text", "expected"), [
    ("1", 1), (" 12 ", 12), ("０３", 3), ("１２", 12),  # ASCII and full-width, as an IME types them
    ("²", None), ("①", None), ("٣", None), ("३", None), ("𝟐", None),  # isdigit() or int() say yes
    ("-1", None), ("1.5", None), ("", None), ("一", None), ("9" * 7, None),
])
def test_only_ascii_and_full_width_digits_are_numbers(text: str, expected: int | None) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(("name", "shown"), [
    ("答案\u202egpj.yaml", "答案gpj.yaml"),  # right-to-left override: would display reversed
    ("a\u2066b\u2069c\u200fd\u200b.yaml", "abcd.yaml"),  # isolates, marks, zero-width space
    ("\ufeff答案\x00\x1b[31m.yaml", "答案[31m.yaml"),  # byte order mark, NUL, escape
    ("第一\n第二\t.yaml", "第一 第二 .yaml"),  # line breaks become one space
    ("\u202e\u202c", "文件"), (None, "文件"),
    ("对照检查材料（修改稿）.yaml", "对照检查材料（修改稿）.yaml"),
])
def test_file_names_lose_control_and_bidirectional_characters(name: str | None, shown: str) -> None:
    assert shown_file_name(name) == shown


def test_file_names_are_cut_to_the_limit() -> None:
    assert shown_file_name("长" * 100) == "长" * 60
