"""A paste split into items (bot.draft.paste), turned into the answers that file it.

The front end shows the proposal ("这段文字将分为以下3个问题……") and, after one
confirmation, stores what `file_paste` returns, question by question, each checked with
the bounds chat applies. Pure: the interview and plain data only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.draft.paste import PasteSplit, Shape, split_paste
from bot.interview.engine import YES, Answers, Interview, Question

__all__ = ["FiledPaste", "file_paste", "shape_for"]

# The list a question belongs to: "themes.2.problems" + 1 + "title".
_ITEM = re.compile(r"^(?P<list>(?:themes\.\d+\.problems)|causes|measures|rectification)\.(?P<k>\d+)\.(?P<field>\w+)$")
_LEAD = re.compile(r"^themes\.(?P<aspect>\d+)\.lead$")
_SHAPES = {"problem": Shape.PROBLEMS, "cause": Shape.ITEMS, "measure": Shape.ITEMS, "rectification": Shape.ITEMS}


@dataclass(frozen=True)
class FiledPaste:
    """What to store, and what could not be stored (key: question id, value: why)."""

    answers: dict[str, str | None]
    refused: dict[str, str]
    left_over: int = 0  # items beyond the part's maximum, not filed (show them, keep the text)


def shape_for(question: Question) -> Shape:
    """What the part being answered holds, for bot.draft.paste.split_paste."""
    return _SHAPES.get(question.kind.split(".")[0], Shape.SINGLE)


def _store(interview: Interview, answers: Answers, qid: str, text: str, filed: FiledPaste) -> None:
    question = interview.question({**answers, **filed.answers}, qid)
    if question is None:
        filed.refused[qid] = "没有这一项"
        return
    verdict = interview.check(question, text)
    if verdict.ok:
        filed.answers[qid] = verdict.value
    else:
        filed.refused[qid] = verdict.error or ""


def file_paste(interview: Interview, answers: Answers, question: Question, text: str) -> FiledPaste | None:
    """The answers that file `text` at `question` and the items after it, or None when the
    paste holds one item only (store it as an ordinary answer) or the question takes no list.

    At an aspect's lead question the text before the first item is the lead; at an item's
    title question the items fill that item and the next ones. Each item but the last is
    followed by "more: yes", so the interview asks about more after the last one.
    """
    lead_at = _LEAD.match(question.id)
    item_at = _ITEM.match(question.id)
    if lead_at is not None:
        prefix, first, shape = f"themes.{lead_at.group('aspect')}.problems", 1, Shape.PROBLEMS
    elif item_at is not None and item_at.group("field") == "title":
        prefix, first, shape = item_at.group("list"), int(item_at.group("k")), shape_for(question)
    else:
        return None
    split: PasteSplit = split_paste(text, shape)
    if not split.several and not (lead_at is not None and split.lead and split.items):
        return None
    list_key = "problems" if prefix.startswith("themes.") else prefix
    bounds = getattr(interview.profile.counts, list_key)
    room = max(bounds.max - first + 1, 0)
    filed = FiledPaste({}, {}, max(len(split.items) - room, 0))
    if lead_at is not None and split.lead:
        _store(interview, answers, question.id, split.lead, filed)
    items = split.items[:room]
    detail_field = "done" if list_key == "rectification" else "detail"
    for offset, item in enumerate(items):
        k = first + offset
        part = f"{prefix}.{k}"
        if item.title:
            _store(interview, answers, f"{part}.title", item.title, filed)
        if item.detail:
            _store(interview, answers, f"{part}.{detail_field}", item.detail, filed)
        if item.example and shape is Shape.PROBLEMS:
            _store(interview, answers, f"{part}.example", item.example, filed)
        elif shape is Shape.PROBLEMS and offset < len(items) - 1:
            filed.answers[f"{part}.example"] = None  # the paste gave none: not asked again
        if bounds.min <= k < bounds.max and offset < len(items) - 1:
            filed.answers[f"{part}.more"] = YES
    return filed
