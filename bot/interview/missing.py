"""What is still missing, section by section, for /status (pure)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.draft.numerals import chinese_number
from bot.interview.engine import Answers, Interview, Question

_WORDS = {
    "author.position": "职务", "author.name": "姓名", "author.unit": "单位", "theme.lead": "开头段",
    "problem.title": "标题", "problem.detail": "具体表现", "problem.example": "事例",
    "declaration.answer": "有或没有", "declaration.detail": "具体情况",
    "cause.title": "标题", "cause.detail": "分析", "measure.title": "标题", "measure.detail": "内容",
    "problem.more": "是否再写一个问题", "cause.more": "是否再写一条原因", "measure.more": "是否再写一条措施",
    "count": "数字", "rectification.title": "措施", "rectification.done": "落实情况",
    "rectification.remaining": "仍需努力之处", "rectification.more": "是否再写一条上年度措施",
    "case.title": "案例", "case.detail": "剖析", "option": "格式选择", "free": "内容", "theme.prose": "文字",
}


@dataclass(frozen=True)
class Missing:
    required: tuple[str, ...]  # what must still be answered, by part, in order
    optional: int  # optional questions not yet answered or skipped


def item_name(interview: Interview, question: Question) -> str:
    """The item a question belongs to: "问题二", "原因三", "第4项"; "" for the author and extras."""
    parts = question.part.split(".")
    if question.kind.startswith("problem."):
        return f"问题{chinese_number(int(parts[3]))}"
    if question.kind.startswith(("cause.", "measure.")):
        return f"{'原因' if question.kind.startswith('cause.') else '措施'}{chinese_number(int(parts[1]))}"
    if question.kind.startswith("declaration."):
        ids = [d.id for d in interview.profile.declarations]
        return f"第{ids.index(parts[1]) + 1}项"
    if question.kind.startswith("rectification."):
        return f"上年度措施{chinese_number(int(parts[1]))}"
    if question.kind == "count":
        ids = [c.id for c in interview.profile.preamble_counts]
        return f"第{ids.index(parts[1]) + 1}个数字" if parts[1] in ids else ""
    return ""


def label(interview: Interview, question: Question) -> str:
    """"问题二的具体表现", "原因三的标题", "第4项的有或没有", "职务"."""
    if question.kind == "option":
        # The option's own question, without its question mark: "上年度民主生活会整改落实情况写在哪里".
        return question.prompt.splitlines()[0].rstrip("？?")[:24]
    word = _WORDS.get(question.kind, question.kind)
    name = item_name(interview, question)
    return f"{name}的{word}" if name and not question.kind.endswith(".more") else word


def missing(interview: Interview, answers: Answers) -> dict[int, Missing]:
    """Unanswered questions of the current plan, by section number (sections with none left out).

    An item with nothing answered yet is named once ("原因二"); one partly answered
    names what it lacks ("问题一的具体表现").
    """
    plan = interview.plan(answers)
    found: dict[int, tuple[list[str], int]] = {}
    items: dict[tuple[int, str], list[Question]] = {}
    for question in plan:
        if question.kind.endswith(".more"):
            items.setdefault((question.section, question.id), []).append(question)
        else:
            items.setdefault((question.section, question.part), []).append(question)
    for (section, _), questions in items.items():
        required = [q for q in questions if q.required]
        lacking = [q for q in required if q.id not in answers]
        optional = sum(1 for q in questions if not q.required and q.id not in answers)
        if not lacking and not optional:
            continue
        listed, count = found.setdefault(section, ([], 0))
        found[section] = (listed, count + optional)
        name = item_name(interview, questions[0])
        if not lacking:
            continue
        if name and len(lacking) == len(required) and not questions[0].kind.endswith(".more"):
            listed.append(name)
        elif name and not questions[0].kind.endswith(".more"):
            listed.append(f"{name}的" + "、".join(_WORDS[q.kind] for q in lacking))
        else:
            listed.extend(label(interview, q) if q.kind == "option" else _WORDS.get(q.kind, q.kind) for q in lacking)
    return {number: Missing(tuple(listed), optional) for number, (listed, optional) in found.items()}
