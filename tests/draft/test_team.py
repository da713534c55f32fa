"""Team (班子) materials: no personal position, no personal word, the team's name in the title."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from bot.draft.answers_file import AnswersFileError, dump_answers, parse_answers
from bot.draft.assemble import Assembler
from bot.interview.engine import Interview, Question
from bot.profiles import ProfileCatalog

TEAMS = ["2024-dangji-banzi", "2025-zuofeng-banzi", "2025-zhibu-banzi"]
# 我们 is the team's word; 我 alone, 本人 and 我个人 are a person's.
PERSONAL = re.compile(r"本人|我个人|我(?!们)")


def team_answer(q: Question) -> str | None:
    """What a secretary types for the team; nothing personal in it either."""
    if q.choices:
        return q.choices[0].value
    if q.kind == "count":
        return "12"
    if q.kind == "author.unit":
        return "中共某县委员会领导班子"
    if q.kind == "free":
        return "支部现有党员23名，支部委员会由5名委员组成"
    if q.kind == "theme.lead" or not q.required:
        return None
    if q.kind.endswith(".title"):
        return "抓落实的韧劲不够"
    return "班子对部分部署跟进不及时，督促检查不够经常，个别事项推进缓慢。"


def walk(interview: Interview) -> dict[str, str | None]:
    answers: dict[str, str | None] = {}
    while (q := interview.current(answers)) is not None:
        answers[q.id] = team_answer(q)
    return answers


@pytest.mark.parametrize("profile_id", TEAMS)
def test_a_team_material_has_no_personal_word(catalog: ProfileCatalog, assembler: Assembler,
                                              profile_id: str) -> None:
    profile = catalog.get(profile_id)
    interview = Interview(profile)
    answers = walk(interview)
    assert not {"author.position", "author.name"} & set(answers)  # no position is asked
    content = interview.content(answers)
    assert content.author.position is None
    text = assembler.document(profile, content).text()
    assert PERSONAL.findall(text) == []
    assert "需要说明的事项" not in text  # no personal declarations
    title = text.splitlines()[0]
    assert title == f"中共某县委员会领导班子{profile.meeting}对照检查材料"
    assert "我们" in text or "班子" in text
    # every option the team may choose keeps the voice
    for option in profile.options:
        for choice in option.choices:
            chosen = {**content.options, option.id: choice.id}
            other = assembler.document(profile, replace(content, options=chosen))
            assert PERSONAL.findall(other.text()) == [], (option.id, choice.id)


@pytest.mark.parametrize("profile_id", TEAMS)
def test_team_prompts_speak_of_the_team(catalog: ProfileCatalog, profile_id: str) -> None:
    profile = catalog.get(profile_id)
    for kind in ("problem.title", "problem.detail", "cause.title", "measure.title", "measure.detail"):
        text = profile.question_text(kind)
        assert "支部" in text.prompt + text.hint or "班子" in text.prompt + text.hint, kind


def test_a_team_answers_file_needs_no_position(catalog: ProfileCatalog) -> None:
    text = "profile: 2025-zuofeng-banzi\nauthor: {unit: 某局党组}\n"
    content = parse_answers(text, catalog.find)
    assert content.author.unit == "某局党组" and content.author.position is None
    assert parse_answers(dump_answers(content), catalog.find) == content
    with pytest.raises(AnswersFileError) as raised:
        parse_answers("profile: 2025-zuofeng-banzi\nauthor: {}\n", catalog.find)
    assert "author.unit：缺少内容" in raised.value.problems
    # a personal material still needs the official's position
    with pytest.raises(AnswersFileError) as personal:
        parse_answers("profile: 2025-zuofeng\nauthor: {unit: 某局}\n", catalog.find)
    assert "author.position：缺少内容" in personal.value.problems


def test_the_personal_profiles_still_speak_for_the_official(catalog: ProfileCatalog, assembler: Assembler) -> None:
    profile = catalog.get("2025-zuofeng")
    interview = Interview(profile)
    assert [q.id for q in interview.plan({})][:3] == ["author.position", "author.name", "author.unit"]
