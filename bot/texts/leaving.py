"""Texts of deleting all of one's data."""

from __future__ import annotations

ASK = "⚠️ 将永久删除您的全部材料和答案，无法恢复。确定删除吗？"
YES = "确认删除"
CANCEL = "取消"
CANCELLED = "已取消，您的数据没有变化。"
DONE = "您的全部数据已删除。如需重新开始，请发送 /start。"
CONFIRM_WORDS = ("确认", "确认删除", "yes")
