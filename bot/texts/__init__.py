"""Every Chinese UI text, grouped by use case (one module each); this module holds the shared ones."""

from __future__ import annotations

WELCOME = (
    "您好！我是对照检查材料起草助手。\n"
    "我会按会议要求逐项向您提问，您用自己的话回答；我负责排版、编号和衔接用语，"
    "不替您撰写任何实质内容。回答随时保存，可以分几天完成。"
)

HELP = (
    "使用说明\n"
    "· 直接回复文字即回答当前问题，每条消息回答一个问题。\n"
    "· /status 查看进度；/draft 生成当前草稿（同时发送公文格式的 Word 文件和预览图）。\n"
    "· /materials 我的材料：列出全部材料，/open 2 打开第2份；/rename、/duplicate、/archive、/drop 改名、复制、归档、删除一份。\n"
    "· /section 2 查看第2部分（每项下有修改、删除、上移、下移按钮）；/edit 2.1 修改第2部分第1项，/edit 2.1 例子 只改事例。\n"
    "· /add 2 在第2部分增加一项；/remove 2.3 删除；/move 2.3 1 移到第1位，/up、/down 上移下移，编号自动调整。\n"
    "· /skip 跳过可选问题；/back 回到上一题；/hint 查看填写提示；/cancel 结束修改。\n"
    "· 修改已发出的回答消息，确认后即更新该回答；/history 2.1 查看修改记录，/undo 撤销最近一次修改，/redo 恢复撤销。\n"
    "· /check 审读全文，列出常被退回的问题（仅供参考）；/link 标注每条措施回应哪些问题。\n"
    "· /date 12月20日 设置会议日期，临近时提醒；/remind 关闭 可关闭提醒。\n"
    "· /new 选择会议新建材料（原有材料保留）；/export 导出答案文件，在电脑上修改后发回即可导入。\n"
    "· /delete 删除您的全部数据（需确认，删除后不可恢复）。\n"
    "材料内容仅您本人可见。"
)

NO_DRAFT = "您还没有开始起草材料。请先选择会议："
NOT_TEXT = "目前只能接收文字回答，请直接输入文字。"
UNKNOWN_COMMAND = "未知命令：/{name}。发送 /help 查看可用命令。"
STALE_BUTTON = "此按钮已过期，请按最新的提问操作。"
SAVED = "已保存。"
FILE_TOO_LARGE = "⚠️ 文件“{name}”过大（超过5MB），未作任何修改。材料的 Word 文件一般只有几十KB，请删去图片后另存再发送。"
CONFIRM_WORD = "确认"  # typed after a command to confirm it at once: /remove 2.3 确认
IMPORT_YES = "确认导入"
CANCEL = "取消"
DONE = ("全部问题已回答完毕！\n发送 /draft 生成完整草稿，/edit 修改某一项，/export 导出答案文件。")

# ---- the Telegram gate (bot/telegram/gate.py) ------------------------------------------

PRIVATE_ONLY = "本机器人只在私聊中使用，请直接与我私聊。为保护个人材料，群组和频道中的消息不作处理、不予保存。"
ACCESS_REFUSED = (
    "您好！本机器人仅供经授权的人员使用，您目前尚未获得使用权限，所发内容未作处理、未予保存。\n"
    "您的 Telegram 用户编号是：{user_id}\n"
    "如需使用，请将此编号告知管理员；如已收到邀请码，请发送“/start 邀请码”。"
)
INVITE_ACCEPTED = "邀请码验证通过，欢迎使用。"
INVITE_REFUSED = {
    "unknown": "邀请码无效，请核对后重新发送“/start 邀请码”。\n您的 Telegram 用户编号是：{user_id}",
    "used": "该邀请码已被使用，每个邀请码只能使用一次。请向管理员另行申请。\n您的 Telegram 用户编号是：{user_id}",
    "expired": "该邀请码已过期，请向管理员另行申请。\n您的 Telegram 用户编号是：{user_id}",
}
TOO_FAST = "⚠️ 您发送消息过于频繁，之后的几条消息未作处理。请稍候几秒，看到回复后再继续。"
DRAFT_TOO_FAST = "⚠️ 草稿刚刚生成过，请稍候十几秒再发送 /draft。您的回答不受影响，均已照常处理。"
EDITED_MESSAGE = (
    "⚠️ 修改已发送的消息不会改变已保存的回答。\n"
    "如需修改，请发送 /edit 加编号（如 /edit 2.1），发送 /status 查看各部分编号；刚回答的上一题可发送 /back 重新填写。"
)
PART_USAGE = "用法：编号如 2 或 2.1，发送 /status 查看各部分编号。"
NOT_YET = "第{number}项还没有内容。"
