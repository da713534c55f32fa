"""Phrase help: the common headings a profile offers for a title question.

Pure: the profile's optional `phrases:` key and the answers so far. The official
picks a heading; the detail and the example are always their own words.
"""

from __future__ import annotations

from bot.interview.engine import Answers, Question
from bot.profiles.model import Profile


def phrase_choices(profile: Profile, question: Question, answers: Answers) -> list[tuple[int, str]]:
    """(index in the profile's list, heading) for this question, minus headings already used."""
    if question.kind == "problem.title":
        options = profile.phrases.problems.get(int(question.id.split(".")[1]), ())
    elif question.kind == "cause.title":
        options = profile.phrases.causes
    elif question.kind == "measure.title":
        options = profile.phrases.measures
    else:
        return []
    used = {value for qid, value in answers.items() if value and qid.endswith(".title") and qid != question.id}
    return [(index, text) for index, text in enumerate(options) if text not in used]


def phrase(profile: Profile, question: Question, answers: Answers, index: int) -> str | None:
    """The heading a button stands for, if it is still on offer for this question."""
    return dict(phrase_choices(profile, question, answers)).get(index)
