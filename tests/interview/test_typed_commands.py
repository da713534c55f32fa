"""Commands typed as text are recognised, answers are not (issue 14, point 4)."""

from __future__ import annotations

import pytest

from bot.interview.typed_commands import NAMES, TypedCommand, command_name, parse_typed_command
from bot.texts.actions import MENU


@pytest.mark.parametrize(("text", "name"), [
    ("／draft", "draft"),  # full-width slash: was saved as the position
    ("、status", "status"),  # what a Chinese IME gives for "/": was saved as the name
    ("status", "status"),  # no slash: was saved as a problem title
    ("Status", "status"),
    ("查看草稿", "draft"),  # a button's words: was saved as a problem title
    ("跳过", "skip"),  # was taken as an answer
    ("跳过。", "skip"),
    ("上一题", "back"),
    ("取消", "cancel"),
    (" /draft ", "draft"),
    ("/draft@selfreview_bot", "draft"),
    ("、 edit 2.1", "edit"),
    ("edit 2.1", "edit"),
    ("ｓｔａｔｕｓ", "status"),  # full-width letters
])
def test_command_typed_as_text(text: str, name: str) -> None:
    assert command_name(text) == name


def test_arguments_are_kept() -> None:
    assert parse_typed_command("／edit 2.1") == TypedCommand("edit", "2.1", slash=True)
    assert parse_typed_command("section 3") == TypedCommand("section", "3", slash=False)
    assert parse_typed_command("查看草稿") == TypedCommand("draft", "", slash=False)


@pytest.mark.parametrize("text", [
    "县委副书记、县长",
    "跳过这一步的理由是时间不够",
    "理论学习不够系统",
    "、",
    "/",
    "／不是命令",
    "、党建引领",
    "status quo is not a command in a sentence like this one",
    "draft the plan before the meeting and send it round to everyone",
    "取消了部分调研安排",
    "",
])
def test_answers_are_not_commands(text: str) -> None:
    assert command_name(text) is None


def test_every_advertised_command_is_known() -> None:
    for name in MENU:
        assert name in NAMES
        assert command_name(f"／{name}") == name
        assert command_name(f"、{name}") == name


def test_no_button_word_is_also_a_choice_answer() -> None:
    """"继续" or "完成" answer a yes/no question; they must never be taken for commands."""
    from bot.interview.questions import NO_WORDS as _NO_WORDS
    from bot.interview.questions import YES_WORDS as _YES_WORDS
    from bot.interview.typed_commands import WORDS

    assert not set(WORDS) & (set(_YES_WORDS) | set(_NO_WORDS))
    assert command_name("继续") is None
