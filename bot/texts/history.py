"""Texts of the change log: /history, /undo, /redo."""

from __future__ import annotations

KINDS = {
    "answer": "回答", "phrase": "选用常见表述", "edit": "修改", "import": "导入", "carry": "沿用上年", "message": "修改原消息",
    "add": "增加", "remove": "删除", "move": "移动", "rename": "改名", "copy": "复制材料", "link": "标注措施",
}
LATEST = "最近的修改（由近到远）："
LINE = "· {when} {what}（{kind}）{undone}"
UNDONE_MARK = "〔已撤销〕"
LATEST_FOOT = "查看某一项的修改记录：/history 编号（如 /history 2.1）；撤销最近一次修改：/undo；恢复撤销：/redo。"
ITEM_TITLE = "〔{number}〕{label}的修改记录（由近到远）："
NONE = "（尚无记录）"
ITEM_FOOT = "撤销这一项最近一次修改：/undo {number}。"
UNDONE = "已撤销最近一次修改：{what}\n再发送 /undo 可继续撤销，/redo 可恢复。"
REDONE = "已恢复：{what}"
NOTHING_TO_UNDO = "{where}没有可以撤销的修改。"
ITEM_FROM_WHOLE = "这一项没有可以撤销的修改（此前的内容来自导入、复制或沿用上年材料）。如需修改请发送 /edit 编号；撤销整次导入请发送 /undo。"
NOTHING_TO_REDO = "没有可以恢复的撤销。"
WHERE_ITEM = "这一项"
WHERE_MATERIAL = "当前材料"
CONFLICT = "〔{what}〕之后又有修改，不能单独撤销；请先撤销后来的修改（/undo）。"
VALUE = "〔{number}〕{label}：{value}"
VALUE_RESTORED = "〔{number}〕{label}恢复为：{value}（撤销前：{other}）"
VALUE_GONE = "〔{number}〕{label}恢复为未填写（撤销前：{other}）"
MANY = "{kind}{count}项内容"
ADD = "增加〔{number}〕"
REMOVE = "删除〔{number}〕{label}"
RESTORE_REMOVED = "恢复被删除的〔{number}〕{label}"
MOVE = "移动{label}到〔{number}〕"
RENAME = "材料名称"
LINKS = "措施与问题的标注"
REMOVED_ITEM = "已删除的一项"
