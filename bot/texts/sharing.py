"""Texts of review: sharing a material with a reviewer, and the reviewer's comments."""

from __future__ import annotations

NO_COMMENTS = "这份材料还没有审核人的意见。在网页版“共享审核”中生成共享码交给审核人，对方阅读后即可提出意见。"
COMMENTS_TITLE = "审核人的意见（未处理{count}条）："
COMMENT_LINE = "· {where}{body}{state}"
REPLY_LINE = "  您的答复：{reply}"
RESOLVED = "（已处理）"
GONE = "〔该项已删除〕"
COMMENTS_FOOT = "审核意见不会写入材料。修改某一项：/edit 编号；在网页版可逐条答复或标为已处理。"

CODE_UNKNOWN = "共享码无效，请核对后重新输入。"
CODE_USED = "该共享码已被他人使用。请请对方重新生成一个。"
SHARE_ENDED = "对方已结束共享。"
OWN_MATERIAL = "这是您自己的材料，无需通过共享码查看。"
JOINED = "已加入审核。您可以阅读这份材料，并对各部分、各项提出意见；您不能修改材料。"
EMPTY_COMMENT = "意见不能为空。"
NO_SUCH_PART = "这一部分已不存在（可能已被对方修改），请按最新页面提出意见。"
COMMENTED = "意见已提交，对方在网页和机器人中（/comments）都能看到。"
