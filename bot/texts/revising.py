"""Texts of revising: /edit, adding, removing and moving items."""

from __future__ import annotations

EDIT_USAGE = "用法：/edit 编号，如 /edit 2 或 /edit 2.1；只改一项内容可写 /edit 2.1 例子。发送 /status 查看各部分编号。"
EDIT_CHOOSE = "请选择要修改的内容（第{number}部分）："
EDIT_CANNOT = "⚠️ 第{number}项目前无法修改。"
EDIT_START = "修改〔{number}〕{label}。逐项回复新内容，不需要改的点“保持不变”。"
EDIT_FIELD = "修改〔{number}〕{label}的{field}。请回复新内容。"
NO_FIELD = "〔{number}〕没有“{word}”这一项。可修改：{fields}。"
NOT_A_LIST = "第{number}部分不是可增删的列表。可增删的部分：{lists}。"
MAX = "{where}最多写{max}{unit}{noun}，已经写满。可以删除或修改其中一{unit}。"
MIN = "{where}至少要写{min}{unit}{noun}，不能再删除；可用 /edit {number} 修改其内容。"
ADDED = "已在第{section}部分第{position}{unit}的位置增加一{unit}{noun}，请填写："
ADD_USAGE = "用法：/add 部分编号 [位置]，如 /add 2（加在最后）或 /add 2 1（加在最前）。"
NO_ITEM = "第{section}部分没有第{item}{unit}{noun}。"
ITEM_USAGE = "请写明编号，如 {example}。发送 /section 部分编号 查看各项编号。"
REMOVE_ASK = "⚠️ 将删除〔{number}〕：\n{text}\n删除后后面各项自动重新编号；需要时可发送 /undo 恢复。确定删除吗？"
REMOVE_YES = "确认删除这一项"
CANCEL = "取消"
REMOVED = "已删除〔{number}〕{label}。后面各项已重新编号；发送 /undo 可恢复。"
MOVED = "已把〔{number}〕{label}移到第{position}{unit}。"
MOVE_NOWHERE = "〔{number}〕已经在第{position}{unit}，无需移动。"
MOVE_USAGE = "用法：/move 编号 位置，如 /move 2.3 1；上移一位：/up 2.3；下移一位：/down 2.3。"
ASPECT = "本方面"
NOUNS = {"problems": ("问题", "个"), "causes": ("原因", "条"), "measures": ("措施", "条"),
         "rectification": ("上年度整改措施", "条")}
PART_OF = {"causes": "原因剖析", "measures": "整改措施", "rectification": "上年度整改落实情况"}
