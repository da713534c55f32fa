"""What is still missing, section by section, for /status (pure)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.draft.numerals import chinese_number
from bot.interview.engine import Answers, Interview, Question

_WORDS = {
    "author.position": "职务", "author.name": "姓名", "author.unit": "单位", "theme.lead": "开头段",
    "problem.title": "标题", "problem.detail": "具体表现", "problem.example": "事例", "problem.more": "是否再写",
    "declaration.answer": "有或没有", "declaration.detail": "具体情况",
    "cause.title": "标题", "cause.detail": "分析", "cause.more": "是否再写",
    "measure.title": "标题", "measure.detail": "内容", "measure.more": "是否再写",
}


@dataclass(frozen=True)
class Missing:
    required: tuple[str, ...]  # what must still be answered, in order
    optional: int  # optional questions not yet answered or skipped


def label(interview: Interview, question: Question) -> str:
    """"问题二的具体表现", "原因三的标题", "第4项事项的有或没有", "职务"."""
    word = _WORDS.get(question.kind, question.kind)
    parts = question.part.split(".")
    if question.kind.startswith("problem."):
        return f"问题{chinese_number(int(parts[3]))}的{word}"
    if question.kind.startswith(("cause.", "measure.")):
        noun = "原因" if question.kind.startswith("cause.") else "措施"
        return f"{noun}{chinese_number(int(parts[1]))}的{word}"
    if question.kind.startswith("declaration."):
        ids = [d.id for d in interview.profile.declarations]
        return f"第{ids.index(parts[1]) + 1}项的{word}"
    return word


def missing(interview: Interview, answers: Answers) -> dict[int, Missing]:
    """Unanswered questions of the current plan, by section number (sections with none left out)."""
    found: dict[int, tuple[list[str], int]] = {}
    for question in interview.plan(answers):
        if question.id in answers:
            continue
        required, optional = found.setdefault(question.section, ([], 0))
        if question.required:
            required.append(label(interview, question))
        else:
            found[question.section] = (required, optional + 1)
    return {number: Missing(tuple(required), optional) for number, (required, optional) in found.items()}
