"""A skeleton draft of a profile: every part filled with a bracketed label.

Lets a secretary see, right after writing a new profile, how its headings,
numbering and fixed wording come out, before any official answers a question.
"""

from __future__ import annotations

from dataclasses import replace

from bot.draft.content import DraftContent
from bot.draft.numerals import chinese_number
from bot.interview.engine import NO, YES, Interview, Question

# What stands in for each kind of answer; {n} is the item's number (一、二……).
_LABELS = {
    "author.position": "职务",
    "author.name": "姓名",
    "author.unit": "单位",
    "theme.prose": "该方面的文字",
    "free": "内容",
    "problem.title": "问题{n}",
    "problem.detail": "问题{n}的具体表现",
    "problem.example": "事例",
    "declaration.detail": "具体情况",
    "cause.title": "原因{n}",
    "cause.detail": "原因{n}的分析",
    "measure.title": "措施{n}",
    "measure.detail": "措施{n}的内容",
    "rectification.title": "上年度措施{n}",
    "rectification.done": "落实情况",
    "rectification.remaining": "仍需努力之处",
    "case.title": "案例名称",
    "case.detail": "以案为鉴的对照剖析",
}


def _placeholder(q: Question) -> str | None:
    label = _LABELS.get(q.kind)
    if label is None:
        return None  # optional texts (leads, overrides) keep the profile's default wording
    item = q.part.rsplit(".", 1)[-1]
    return "〔" + label.replace("{n}", chinese_number(int(item)) if item.isdigit() else "") + "〕"


def preview_content(interview: Interview, items: int = 2) -> DraftContent:
    """A draft with `items` items per list (within the profile's bounds) and labels for text."""
    answers: dict[str, str | None] = {}
    while (q := interview.current(answers)) is not None:
        if q.kind.endswith(".more"):
            answers[q.id] = YES if int(q.part.rsplit(".", 1)[-1]) < items else NO
        elif q.kind == "declaration.answer":
            answers[q.id] = NO
        elif q.max_value is not None:
            answers[q.id] = "0"
        else:
            answers[q.id] = _placeholder(q)
    # Counts left out, so the preamble shows where each number goes.
    return replace(interview.content(answers), counts={})
