"""Starting from last year's draft (pure): which answers carry over, and last year's measures.

Question ids say where an answer goes, but an aspect's number means a different
aspect in another year, so problems move only between aspects with the same
wording. The title and preamble name last year's meeting and never carry over.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.draft.tidy import tidy
from bot.interview.engine import Answers, Interview
from bot.profiles.model import Profile

_NOT_CARRIED = frozenset({"title", "preamble"})


@dataclass(frozen=True)
class CarriedMeasure:
    """One of last year's measures: what a rectification section asks about."""

    number: int  # its number last year (措施一 …)
    title: str
    detail: str


def carried_answers(old: Profile, old_answers: Answers, new: Profile) -> dict[str, str | None]:
    """Last year's answers under this year's question ids, where the question is the same."""
    aspect_moves = {old_index: new.aspects.index(aspect) + 1
                    for old_index, aspect in enumerate(old.aspects, start=1) if aspect in new.aspects}
    declarations = {d.id for d in new.declarations}
    candidate: dict[str, str | None] = {}
    for qid, value in old_answers.items():
        parts = qid.split(".")
        if qid in _NOT_CARRIED:
            continue
        if parts[0] == "themes":
            moved = aspect_moves.get(int(parts[1]))
            if moved is None:
                continue
            qid = ".".join(["themes", str(moved), *parts[2:]])
        elif parts[0] == "declarations" and parts[1] not in declarations:
            continue
        candidate[qid] = value
    interview = Interview(new)
    asked = {q.id for q in interview.plan(candidate)} | {q.id for q in interview.extras()}
    return {qid: value for qid, value in candidate.items() if qid in asked}


def measures_of(profile: Profile, answers: Answers) -> tuple[CarriedMeasure, ...]:
    """The measures of a draft, numbered as they were: a rectification section's items."""
    content = Interview(profile).content(answers)
    return tuple(CarriedMeasure(number, tidy(item.title, final_stop=False), tidy(item.detail) if item.detail else "")
                 for number, item in enumerate(content.measures, start=1))
