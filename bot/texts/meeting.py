"""Texts of the meeting date and reminders."""

from __future__ import annotations

DATE_UNSET = "会议日期：未设置（发送 /date 12月20日 这样的日期，临近时会提醒您）。"
DATE_SET = "会议日期：{day.year}年{day.month}月{day.day}日（{when}）。"
TODAY = "今天"
DAYS_LEFT = "还有{days}天"
DAYS_PAST = "已过去{days}天"
DATE_HELP = "\n设置：/date 12月20日（或 {example}）；清除：/date 清除。"
CLEARED = "已清除会议日期，不再发送会前提醒。"
CLEAR_WORDS = ("清除", "取消", "clear")
UNREADABLE = "无法识别日期“{text}”。请按 12月20日 或 {example} 的格式输入。"
PAST = "{day.year}年{day.month}月{day.day}日已经过去，请输入会议召开的日期。"
BEFORE = "会前{steps}天会提醒您（可发送 /remind 关闭 关闭提醒）。"
SET = "已设置：{line}{note}"
REMIND_USAGE = "用法：/remind 开启 或 /remind 关闭。"
REMIND_OFF_HERE = "本机器人未启用提醒功能（由管理员在配置中设置）。"
REMIND_STATE = "提醒{state}：材料{days}天未填写时提醒，设置会议日期（/date）后会前提醒。开启：/remind 开启；关闭：/remind 关闭。"
ON = "已开启"
OFF = "已关闭"
REMINDER_FOOT = "\n（不需要提醒可发送 /remind 关闭。）"
