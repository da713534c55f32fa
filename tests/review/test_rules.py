"""The reviewer's rules file: it loads, every pattern compiles, and mistakes name the key."""

from __future__ import annotations

import pytest

from bot.profiles import Profile
from bot.review import RulesError, default_rules, parse_rules
from bot.review.rules import CHECK_IDS, RULES_FILE


def test_shipped_rules_load_with_every_check() -> None:
    rules = default_rules()
    assert set(rules.checks) == set(CHECK_IDS)
    for check in CHECK_IDS:
        text = rules.text(check)
        assert text.heading and text.short and text.message
    # longest position words first, so 副县长 is found before 县长
    titles = rules.position.titles
    assert titles.index("副县长") < titles.index("县长")
    assert rules.concrete and rules.stock and rules.causes.roots


@pytest.mark.parametrize(("old", "new", "reason"), [
    ("  title_shared: 1", "  title_shared: one", "links.title_shared: 类型应为 int"),
    ("    - {name: 数字, pattern: '\\d'}", "    - {name: 数字, pattern: '[\\d'}", "正则表达式错误"),
    ("  duplicate:        # {sentence} {where_other} {other}\n", "  duplicated:\n", "缺少 duplicate"),
])
def test_broken_rules_name_the_key(old: str, new: str, reason: str) -> None:
    source = RULES_FILE.read_text(encoding="utf-8")
    assert old in source
    with pytest.raises(RulesError, match=reason.replace("\\", "\\\\")):
        parse_rules(source.replace(old, new, 1))


def test_profile_phrases_pass_the_rules_they_are_offered_under(profile: Profile) -> None:
    """A heading the bot offers must not be one /check then rejects as stock or as a suggestion."""
    rules = default_rules()
    for titles in profile.phrases.problems.values():
        for title in titles:
            assert not any(s.pattern.search(title) for s in rules.stock), title
            assert not any(p.search(title) for p in rules.suggestion_title), title
            assert not rules.others.search(title), title
