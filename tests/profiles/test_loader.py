"""Profiles: the shipped ones load; malformed ones are refused with line and reason."""

from __future__ import annotations

import pytest

from bot.profiles import ProfileError, parse_profile
from tests.conftest import ROOT

SOURCE = (ROOT / "prompts" / "2021-dangshi.yaml").read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    return next(i for i, row in enumerate(text.splitlines(), 1) if needle in row)


def test_shipped_profile_loads() -> None:
    profile = parse_profile(SOURCE, "2021.yaml")
    assert profile.id == "2021-dangshi" and len(profile.aspects) == 5
    assert len(profile.declarations) == 6
    assert profile.questions["author.position"].required
    assert len(profile.digest) == 64


@pytest.mark.parametrize(
    ("old", "new", "needle", "reason"),
    [
        ("version: 1", "version: one", "version: one", "version: 应为整数"),
        ("  problems: {min: 1, max: 4}", "  problems: {min: 0, max: 4}", "problems: {min: 0", "1 ≤ min"),
        ('  aspect_heading: "在{aspect}方面。"', '  aspect_heading: "在{topic}方面。"', "aspect_heading",
         "未知占位符 {topic}"),
        ("    if_no: 不存在需要说明或检讨的重大事项。", "    no: 不存在需要说明或检讨的重大事项。",
         "no: 不存在需要说明或检讨的重大事项", "if_yes/if_no"),
        ("  problem.title:", "  problem.titel:", "problem.titel", "未知的问题类型"),
        ("    min_length: 4\n    max_length: 30\n  problem.detail:",
         "    min_length: 40\n    max_length: 30\n  problem.detail:", "problem.title:", "min_length ≤ max_length"),
    ],
)
def test_malformed_profiles_name_line_and_reason(old: str, new: str, needle: str, reason: str) -> None:
    assert old in SOURCE
    text = SOURCE.replace(old, new, 1)
    with pytest.raises(ProfileError) as caught:
        parse_profile(text, "bad.yaml")
    line = line_of(text, needle)
    assert any(p.startswith(f"bad.yaml:{line}:") and reason in p for p in caught.value.problems), (
        line, caught.value.problems)


def test_yaml_syntax_error_has_line() -> None:
    with pytest.raises(ProfileError, match=r"bad.yaml:3: YAML 语法错误"):
        parse_profile("id: x\nversion: 1\nname: a: b\n", "bad.yaml")


def test_missing_keys_are_all_reported() -> None:
    with pytest.raises(ProfileError) as caught:
        parse_profile("id: x\n", "bad.yaml")
    text = "\n".join(caught.value.problems)
    for key in ("version", "year", "theme", "aspects", "wording", "questions"):
        assert f"缺少必填项 {key}" in text
