"""Carrying last year's answers over, and last year's measures for a rectification section."""

from __future__ import annotations

from dataclasses import replace

from bot.carryover import carried_answers, measures_of
from bot.draft.answers_file import parse_answers
from bot.interview.engine import Interview
from bot.profiles import Profile, ProfileCatalog
from tests.conftest import SAMPLES


def sample_answers(catalog: ProfileCatalog) -> dict[str, str | None]:
    content = parse_answers((SAMPLES / "answers-2021.yaml").read_bytes(), catalog.find)
    return Interview(catalog.get("2021-dangshi")).answers_from_content(content)


def next_year(profile: Profile) -> Profile:
    """Aspect 2 kept (now first), aspect 5 kept (now third), the others new; one declaration dropped."""
    aspects = (profile.aspects[1], "新的第二个方面", profile.aspects[4], "新的第四个方面")
    return replace(profile, id="2022-test", year=2022, aspects=aspects, declarations=profile.declarations[1:])


def test_answers_carry_over_where_the_question_is_the_same(catalog: ProfileCatalog, profile: Profile) -> None:
    old = sample_answers(catalog)
    new = next_year(profile)
    carried = carried_answers(profile, {**old, "title": "去年的标题", "preamble": "去年的开头"}, new)
    assert carried["author.position"] == old["author.position"]
    # problems follow their aspect by wording, not by number
    assert carried["themes.1.problems.1.title"] == old["themes.2.problems.1.title"]
    assert carried["themes.3.problems.2.title"] == old["themes.5.problems.2.title"]
    assert not any(qid.startswith(("themes.2.", "themes.4.")) for qid in carried)
    assert "declarations.relatives_business.answer" not in carried
    assert carried["declarations.major_matters.answer"] == "no"
    assert carried["causes.4.title"] == old["causes.4.title"] and carried["measures.1.detail"] == old["measures.1.detail"]
    assert "title" not in carried and "preamble" not in carried
    # every carried id is a question the new interview asks
    interview = Interview(new)
    assert set(carried) <= {q.id for q in interview.plan(carried)}
    content = interview.content(carried)
    assert content.themes[0].problems[0].title == "以普通党员身份参加支部生活不够经常"


def test_last_years_measures(catalog: ProfileCatalog, profile: Profile) -> None:
    measures = measures_of(profile, sample_answers(catalog))
    assert [m.number for m in measures] == [1, 2, 3, 4]
    assert measures[0].title == "系统学习理论，筑牢思想根基"
    assert measures[0].detail.startswith("制定个人年度学习计划") and measures[0].detail.endswith("。")
    assert measures_of(profile, {}) == ()
