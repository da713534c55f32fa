"""Texts of marking which problems each measure answers (/link)."""

from __future__ import annotations

PICKER = ("第{measure}条措施“{title}”回应了前面哪些问题？点击问题即可标注或取消（可多选），"
          "标好后点“完成”。/check 会据此检查措施与问题是否对应。")
DONE = "完成"
NONE = "第{measure}条措施尚未标注回应的问题。需要时发送 /link {measure} 标注。"
SOME = "第{measure}条措施回应：{problems}。"
NO_MEASURES = "还没有写整改措施。写完措施后即可标注每条措施回应哪些问题。"
OPEN_PROBLEMS = "尚无措施回应的问题：{numbers}。"
FOOT = "标注某条措施：/link 措施序号（如 /link 1）。"
NO_SUCH_MEASURE = "没有第{measure}条措施。共{count}条，如 /link 1。"
NO_SUCH_PROBLEM = "没有编号为{number}的问题。问题编号见 /status，如 2.1。"
