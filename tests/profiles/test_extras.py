"""The optional profile keys phrases: and review: load, default to nothing, and name bad lines."""

from __future__ import annotations

import pytest

from bot.profiles import ProfileError, parse_profile
from tests.conftest import ROOT

SOURCE = (ROOT / "prompts" / "2021-dangshi.yaml").read_text(encoding="utf-8")


def without(key: str) -> str:
    """The shipped profile with one optional top-level key (and its block) removed."""
    lines = SOURCE.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    end = next(i for i in range(start + 1, len(lines)) if lines[i][:1] not in (" ", "\n", "#"))
    return "".join(lines[:start] + lines[end:])


def test_shipped_phrases_and_review() -> None:
    profile = parse_profile(SOURCE)
    assert set(profile.phrases.problems) == {1, 2, 3, 4, 5}
    assert "以普通党员身份过组织生活不经常" in profile.phrases.problems[2]
    assert len(profile.phrases.causes) >= 3 and len(profile.phrases.measures) >= 3
    assert (profile.review.lengths["total"].min, profile.review.lengths["total"].max) == (4000, 8000)
    assert profile.review.balance is None


def test_both_keys_are_optional() -> None:
    profile = parse_profile(without("review"))
    assert dict(profile.review.lengths) == {}
    profile = parse_profile(without("phrases"))
    assert dict(profile.phrases.problems) == {} and profile.phrases.causes == ()


@pytest.mark.parametrize(("old", "new", "needle", "reason"), [
    ("    5:\n", "    9:\n", "9:", "方面序号应为 1 至 5 的整数"),
    ("    - 党性锻炼有所放松\n", "    - 理想信念有所松懈\n", "- 理想信念有所松懈", "重复：理想信念有所松懈"),
    ("    total: {min: 4000, max: 8000}", "    total: {min: 9000, max: 8000}", "total: {min: 9000", "0 ≤ min ≤ max"),
    ("    aspect: {min: 300, max: 1200}", "    each: {min: 300, max: 1200}", "each:", "未知的部分"),
    ("  lengths:\n", "  balance: 2\n  lengths:\n", "balance: 2", "应为 0 至 1 之间的小数"),
])
def test_malformed_extras_name_line_and_reason(old: str, new: str, needle: str, reason: str) -> None:
    assert old in SOURCE
    text = SOURCE.replace(old, new, 1)
    line = max(i for i, row in enumerate(text.splitlines(), 1) if row.strip().startswith(needle))
    with pytest.raises(ProfileError) as caught:
        parse_profile(text, "p.yaml")
    assert any(problem.startswith(f"p.yaml:{line}:") and reason in problem for problem in caught.value.problems), \
        caught.value.problems
