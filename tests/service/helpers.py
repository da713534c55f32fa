"""Scripted answers for a whole interview, written for the tests (not the seed's text)."""

from __future__ import annotations

from bot.interview.engine import Question

PROBLEMS = [
    ("理论学习计划执行不严", "年初制定了自学计划，但遇到会议和检查多的时候，就把自学往后推", "第三季度原定的八次自学只完成了三次"),
    ("调查研究走马观花", "下乡多是看点听汇报，与普通群众坐下来长谈的时候少", None),
]
CAUSES = ["党性修养有所放松", "宗旨意识有所淡化", "担当精神有所减退"]
MEASURES = ["制定学习清单按月对账", "每季度蹲点调研一次", "建立难题台账限时化解"]
LAST_YEAR = [
    ("坚持每周半天自学", "全年自学记录四十六次，撰写学习笔记两万余字", "学用结合还不够紧"),
    ("每季度蹲点调研", "在两个村各住了四天，解决灌溉渠修缮等问题五件", None),
]
COUNTS = {"study": "6", "opinions": "23次", "talks": "４１"}  # typed as on a phone: units, full-width digits


def scripted_answer(q: Question) -> str:
    """The text an imaginary official types for question q (two problems per aspect)."""
    parts = q.id.split(".")
    if q.id == "author.position":
        return "县人民政府副县长"
    if q.id == "author.name":
        return "王测试"
    if q.id == "author.unit":
        return "某县人民政府"
    if q.kind == "option":
        return q.choices[0].label  # the profile's usual form
    if q.kind == "free":
        return "支部现有党员23名，其中预备党员2名，支部委员会由5名委员组成。"
    if q.kind == "theme.prose":
        return "本人在这方面做了一些工作，但对照要求还有差距，今后加以改进。"
    if q.kind == "theme.lead":
        return f"本人在第{parts[1]}方面做了一些具体工作，但对照要求还存在不足："
    if q.kind.startswith("problem."):
        k = int(parts[3])
        title, detail, example = PROBLEMS[(k - 1) % len(PROBLEMS)]
        if q.kind == "problem.more":
            return "再写" if k < 2 else "写完了"
        return {"problem.title": title, "problem.detail": f"{detail}（方面{parts[1]}）",
                "problem.example": example or "/skip"}[q.kind]
    if q.kind == "declaration.answer":
        return "没有"
    if q.kind == "count":
        return COUNTS.get(parts[1], "3")
    if q.kind.startswith("rectification."):
        k = int(parts[1])
        title, done, remaining = LAST_YEAR[(k - 1) % len(LAST_YEAR)]
        if q.kind == "rectification.more":
            return "再写" if k < 2 else "写完了"
        return {"rectification.title": title, "rectification.done": done,
                "rectification.remaining": remaining or "/skip"}[q.kind]
    if q.kind == "case.title":
        return "某县原副县长违规收受礼品案"
    if q.kind == "case.detail":
        return "对照这个案例，我在逢年过节收到老同学寄来的土特产时，有过“小事一桩”的想法，今后一律婉拒并向组织报告。"
    if q.kind.startswith(("cause.", "measure.")):
        k = int(parts[1])
        names = CAUSES if q.kind.startswith("cause.") else MEASURES
        if q.kind.endswith(".more"):
            return "写完了"
        if q.kind.endswith(".title"):
            return names[(k - 1) % len(names)]
        return f"第{k}条的具体分析，写清楚思想根源和具体表现，由表及里。"
    raise AssertionError(f"no scripted answer for {q.id}")
