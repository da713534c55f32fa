"""Texts of what is kept instead of filed: bursts, over-long answers, pastes, command words."""

from __future__ import annotations

BURST_STOPPED = ("⚠️ 您连续发送了多条消息。这一条不符合当前问题的要求（{why}），已暂存，未保存到任何问题下；"
                 "在看到本条回复之前发出的其余消息也一并暂存，不会错放到后面的问题下。\n发送 /held 查看暂存的内容。")
BURST_HELD = "（连续发送的消息，已暂存，发送 /held 查看。）"
TOO_LONG = ("⚠️ 回答过长（{length}字），这一项最多{max}字。原文已暂存，不必重新输入：\n"
            "· 点“用作具体表现”，这段话将作为本项的具体表现，再请您写一句简短的标题；\n"
            "· 或点“暂存”，稍后发送 /held 查看、修改。")
USE_AS_DETAIL = "用作具体表现"
KEEP = "暂存"
KEPT = "已暂存。发送 /held 可随时查看。"
USED_AS_DETAIL = "已把这段话作为〔{number}〕的具体表现。"
DETAIL_REFUSED = "⚠️ 这段话作为具体表现也不合适（{why}），仍保存在暂存内容中，发送 /held 查看。"
PASTE_OFFER = "这段文字包含{count}项，将分为：\n{items}\n按此分开保存吗？"
PASTE_ITEM = "{n}. 标题：{title}{detail}{example}"
PASTE_DETAIL = "；具体表现：{text}"
PASTE_EXAMPLE = "；事例：{text}"
PASTE_NO_TITLE = "（待补写）"
PASTE_LEAD = "开头段：{text}"
PASTE_OVER = "\n另有{count}项超出本部分可写的数量，将保留在暂存内容中。"
PASTE_SPLIT = "按此分开保存"
PASTE_WHOLE = "作为一条回答保存"
PASTE_FILED = "已分开保存{count}项。"
PASTE_REFUSED = "其中{count}处不符合要求，未保存，原文仍在暂存内容中：\n{why}"
COMMAND_ASK = "“{text}”是命令“/{name}”（{what}）吗？"
COMMAND_RUN = "是，执行 /{name}"
COMMAND_AS_ANSWER = "不是，作为回答保存"
HELD_TITLE = "暂存的内容（共{count}条，按发送先后）："
HELD_LINE = "{n}. [{reason}] {text}"
HELD_NONE = "没有暂存的内容。"
HELD_FOOT = ("从当前问题起依次填入：/held 填入；填入第N条到当前问题：/held N；分开保存最近一段多项内容：/held 分开；"
             "最近一段过长的内容用作具体表现：/held 具体表现；全部放弃：/held 放弃。")
FILL = "依次填入"
DISCARD = "全部放弃"
FILLED = "已依次填入{count}条。"
FILL_STOPPED = "第{n}条不符合当前问题的要求（{why}），已停止填入，其余仍在暂存内容中。"
DISCARDED = "已放弃{count}条暂存内容。"
NO_SUCH = "没有第{n}条暂存内容。发送 /held 查看。"
NO_QUESTION = "当前没有待回答的问题，暂存内容保留不动。可用 /edit 编号 修改后再填入。"
FILL_WORDS = ("填入", "依次填入")
SPLIT_WORDS = ("分开", "按此分开保存")
DETAIL_WORDS = ("具体表现", "用作具体表现")
DISCARD_WORDS = ("放弃", "全部放弃", "清除")
PASTE_EXAMPLE_LINE = "　　如：{text}"
STILL_HELD = "⚠️ {why}（原文仍在暂存内容中，发送 /held 查看）"
REASONS = {"burst": "连续发送", "long": "过长", "paste": "多项", "unplaced": "导入时未归位", "command": "命令词"}
UNPLACED_WHERE = "（原在：{where}）"
