"""Texts of the question being asked: progress, current content, buttons."""

from __future__ import annotations

PROGRESS = "【第{section}/{sections}部分 · 本部分第{question}/{questions}题 · 总进度{percent}%】"
PROGRESS_EDITING = "【修改中 · {title}】"
CURRENT = "当前内容：{shown}"
SKIPPED = "（已跳过）"
NOT_FILLED = "（未填写）"
OPTIONAL = "（此项可选，可点击“跳过”。）"
PHRASES = "可点击下方常见表述作为标题，再用自己的话写具体表现和事例；也可以直接输入。"
HINT = "提示"
SKIP = "跳过"
KEEP = "保持不变"
BACK = "上一题"
CHOOSE_MEETING = "请选择要参加的会议："
PENDING_AGAIN = "接着回答："

SHORT_LABELS = {
    "author.position": "职务", "author.name": "姓名", "author.unit": "单位",
    "theme.lead": "开头段", "problem.title": "标题", "problem.detail": "具体表现",
    "problem.example": "事例", "declaration.answer": "情况", "declaration.detail": "具体说明",
    "cause.title": "标题", "cause.detail": "分析", "measure.title": "标题", "measure.detail": "内容",
    "title": "标题", "preamble": "开头段落", "closing": "结尾段落", "count": "数字",
    "rectification.title": "措施", "rectification.done": "整改情况", "rectification.remaining": "仍需努力",
    "case.title": "案例", "case.detail": "剖析",
}
# What an official types after /edit 2.1 to rewrite only one field of the item.
FIELD_WORDS = {
    "title": ("标题", "题目", "小标题"),
    "detail": ("具体表现", "表现", "内容", "分析", "详细", "具体内容"),
    "example": ("例子", "事例", "举例", "例证", "比如"),
    "done": ("整改情况", "落实情况", "完成情况"),
    "remaining": ("仍需努力", "不足", "差距"),
}
