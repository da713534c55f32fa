"""Carrying last year's answers over, and last year's measures for a rectification section."""

from __future__ import annotations

from dataclasses import replace

from bot.carryover import (
    PENDING,
    carried_answers,
    carry_over,
    dated,
    measures_of,
    part_of,
    pending_labels,
    pending_parts,
    unconfirmed_removed,
)
from bot.draft.answers_file import parse_answers
from bot.interview.engine import Interview
from bot.interview.missing import missing
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
    assert carried["causes.4.title"] == old["causes.4.title"]
    # measures 1 and 3 had deadlines of 2022 ("2022年3月底前", "年底前"): 2 and 4 move up
    assert carried["measures.1.detail"] == old["measures.2.detail"]
    assert carried["measures.2.detail"] == old["measures.4.detail"] and "measures.3.title" not in carried
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


def test_dated_measures_and_year_specific_declarations_are_not_carried(catalog: ProfileCatalog,
                                                                      profile: Profile) -> None:
    """A 2021 declaration "今年6月…函询" and measures due "2022年6月底前" were copied as done."""
    old = {**sample_answers(catalog), "declarations.talks_inquiries.answer": "yes",
           "declarations.talks_inquiries.detail": "今年6月因信访举报被县纪委函询，已如实说明",
           "declarations.major_matters.answer": "yes",
           "declarations.major_matters.detail": "2021年6月，本人配偶调入县财政局工作，已按规定报告"}
    result = carry_over(profile, old, replace(profile, id="2022-test", year=2022))
    carried = result.answers
    assert not any(qid.startswith(("declarations.talks_inquiries.", "declarations.major_matters."))
               for qid in carried)
    assert carried["declarations.relatives_business.answer"] == old["declarations.relatives_business.answer"]
    assert not any("2022年" in (v or "") or "年底前" in (v or "") for qid, v in carried.items()
                   if qid.startswith("measures."))
    assert [m for m in result.left_out if m.startswith("措施")] == ["措施一（写有“2022年”）", "措施三（写有“年底”）"]
    assert any("本年度是否被组织约谈、函询" in m for m in result.left_out)
    # two measures are fewer than the profile asks for: the interview asks for a third
    new = replace(profile, id="2022-test", year=2022)
    assert "measures.3.title" in {q.id for q in Interview(new).plan(carried)} and "measures.3.title" not in carried
    assert dated("每月调度一次，每季度蹲点") is None and dated("一个月内办结") is None
    assert dated("2022年6月底前完成") == "2022年"


def test_carried_parts_stay_pending_until_confirmed_or_edited(catalog: ProfileCatalog, profile: Profile) -> None:
    new = next_year(profile)
    carried = carried_answers(profile, sample_answers(catalog), new)
    answers = dict(carried)
    pending = pending_parts(carried, answers)
    assert {"author", "causes.1", "measures.1", "themes.1.problems.1"} <= set(pending)
    # /status counts them as not done: missing() names every carried cause again
    interview = Interview(new)
    section = next(s.number for s in interview.sections if s.key == "causes")
    assert "原因一" in missing(interview, unconfirmed_removed(answers, pending))[section].required
    assert section not in missing(interview, answers)
    # editing one answer of a part, or confirming a part, takes it off the list
    answers["causes.1.detail"] = "改写后的分析"
    after = pending_parts(carried, answers, confirmed={"measures.1"})
    assert "causes.1" not in after and "measures.1" not in after and "causes.2" in after
    labels = pending_labels(new, answers, after)
    assert f"原因二（{PENDING}）" in labels[section] and f"原因一（{PENDING}）" not in labels[section]
    assert part_of("themes.2.problems.3.example") == "themes.2.problems.3" and part_of("themes.1.lead") == \
        "themes.1.lead"
