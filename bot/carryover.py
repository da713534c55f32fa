"""Starting from last year's draft (pure): which answers carry over, and last year's measures.

Question ids say where an answer goes, but an aspect's number means a different
aspect in another year, so problems move only between aspects with the same
wording. The title and preamble name last year's meeting and never carry over.

Reviewers reject materials copied from year to year, so nothing carried counts as
written: each carried part stays 待核对 (pending) until the official confirms or
edits it. What belongs to last year only is not carried at all: a declaration
about "本年度" or with a date in it ("今年6月…函询"), and a measure with a deadline
("2022年6月底前") — done or overdue by now, it cannot be this year's measure.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from bot.draft.numerals import chinese_number
from bot.draft.tidy import tidy
from bot.interview.engine import Answers, Interview
from bot.interview.missing import item_name
from bot.profiles.model import Profile

_NOT_CARRIED = frozenset({"title", "preamble"})

PENDING = "待核对"

# A date or a time of that year: the text belongs to the year it was written in.
_DATED = re.compile(r"(19|20)\d{2}年|今年|本年|去年|明年|年内|年底|年末|上半年|下半年"
                    r"|(?<![每逐按])[一二三四五六七八九十\d]{1,2}月(?!份?以来)")
# A question that asks about the year itself: any answer to it is that year's.
_THIS_YEAR = re.compile(r"本年度|今年|年内")


def dated(text: str) -> str | None:
    """The date or time of year in a text ("2022年", "今年", "6月"), or None."""
    match = _DATED.search(text)
    return match.group(0) if match else None


@dataclass(frozen=True)
class CarryOver:
    """What is copied from last year's draft, and what was left out because it was last year's."""

    answers: dict[str, str | None]
    left_out: tuple[str, ...]  # "措施二（写有“2022年”）": for the message after copying


@dataclass(frozen=True)
class CarriedMeasure:
    """One of last year's measures: what a rectification section asks about."""

    number: int  # its number last year (措施一 …)
    title: str
    detail: str


def carried_answers(old: Profile, old_answers: Answers, new: Profile) -> dict[str, str | None]:
    """Last year's answers under this year's question ids, where the question is the same
    and the answer is not last year's alone (see carry_over)."""
    return carry_over(old, old_answers, new).answers


def _year_specific(old: Profile, old_answers: Answers) -> tuple[dict[str, str | None], list[str]]:
    """Last year's answers without its dated declarations and measures; what was dropped.

    The measures after a dropped one move up, so the new draft's measures stay numbered
    one, two, three; the last one kept keeps asking whether there is another.
    """
    answers = dict(old_answers)
    left_out: list[str] = []
    for declaration in old.declarations:
        part = f"declarations.{declaration.id}"
        date = dated(answers.get(f"{part}.detail") or "")
        if _THIS_YEAR.search(declaration.question) or date:
            if part + ".answer" in answers:
                left_out.append(f"需要说明的事项“{declaration.question}”" + (f"（写有“{date}”）" if date else ""))
            answers = {qid: v for qid, v in answers.items() if not qid.startswith(part + ".")}
    measures: dict[int, dict[str, str | None]] = {}
    for qid, value in list(answers.items()):
        parts = qid.split(".")
        if parts[0] == "measures" and len(parts) == 3 and parts[1].isdigit():
            measures.setdefault(int(parts[1]), {})[parts[2]] = value
            del answers[qid]
    kept = 0
    for number in sorted(measures):
        fields = measures[number]
        date = next((d for d in (dated(fields.get(f) or "") for f in ("title", "detail")) if d), None)
        if date:
            left_out.append(f"措施{chinese_number(number)}（写有“{date}”）")
            continue
        kept += 1
        answers.update({f"measures.{kept}.{name}": value for name, value in fields.items()})
    if kept and kept < len(measures):
        answers[f"measures.{kept}.more"] = measures[max(measures)].get("more")
    return answers, left_out


def carry_over(old: Profile, old_answers: Answers, new: Profile) -> CarryOver:
    """Last year's answers under this year's question ids, where the question is the same."""
    old_answers, left_out = _year_specific(old, old_answers)
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
    return CarryOver({qid: value for qid, value in candidate.items() if qid in asked}, tuple(left_out))


def part_of(qid: str) -> str:
    """The part an answer belongs to, as /edit treats it: "measures.2", "themes.1.problems.3"."""
    parts = qid.split(".")
    if parts[0] == "themes" and len(parts) >= 4 and parts[2] == "problems":
        return ".".join(parts[:4])
    if parts[0] in ("measures", "causes", "rectification", "declarations") and len(parts) >= 2:
        return ".".join(parts[:2])
    if parts[0] == "themes" and len(parts) >= 3:
        return ".".join(parts[:3])
    return parts[0]


def pending_parts(carried: Mapping[str, str | None], answers: Answers, confirmed: Collection[str] = ()) -> tuple[
        str, ...]:
    """Carried parts not yet confirmed or edited: every answer still the carried one.

    carried: what was copied (carry_over().answers, or the answers whose latest change
    came from the copy); confirmed: parts the official confirmed unchanged.
    """
    parts: dict[str, bool] = {}
    for qid, value in carried.items():
        part = part_of(qid)
        same = qid in answers and answers[qid] == value
        parts[part] = parts.get(part, True) and same
    return tuple(part for part, same in parts.items() if same and part not in confirmed)


def unconfirmed_removed(answers: Answers, pending: Collection[str]) -> dict[str, str | None]:
    """The answers without the pending parts': what /status counts as done."""
    return {qid: value for qid, value in answers.items() if part_of(qid) not in pending}


def pending_labels(profile: Profile, answers: Answers, pending: Collection[str]) -> dict[int, list[str]]:
    """Section number -> "措施二（待核对）" …, for /status beside each section's progress."""
    interview = Interview(profile)
    found: dict[int, list[str]] = {}
    for question in interview.plan(answers):
        if question.part in pending and not question.kind.endswith(".more"):
            name = item_name(interview, question) or {"author": "基本信息"}.get(question.part, question.part)
            listed = found.setdefault(question.section, [])
            if f"{name}（{PENDING}）" not in listed:
                listed.append(f"{name}（{PENDING}）")
    return found


def measures_of(profile: Profile, answers: Answers) -> tuple[CarriedMeasure, ...]:
    """The measures of a draft, numbered as they were: a rectification section's items."""
    content = Interview(profile).content(answers)
    return tuple(CarriedMeasure(number, tidy(item.title, final_stop=False), tidy(item.detail) if item.detail else "")
                 for number, item in enumerate(content.measures, start=1))
