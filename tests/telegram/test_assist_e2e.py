"""Drafting help over real HTTP: PTB Application ↔ fake Bot API, one test group per part of issue 7.

1. /check and the /draft summary; 2. phrase buttons and marking which problems a measure
answers; 3. editing a sent answer, /history, /undo; 4. /status, /date and reminders that
survive a restart; 5. /new starting from last year's draft.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.app import build_service
from bot.config import Config, ReminderConfig
from tests.assist_helpers import age, two_years
from tests.conftest import SAMPLES
from tests.fakebotapi import FakeBotAPI, make_command_update, make_edited_message_update, make_message_update
from tests.telegram.harness import Chat, RunningBot

USER = 515151


def import_sample(chat: Chat, name: str) -> None:
    chat.send_file((SAMPLES / name).read_bytes(), name, "确认导入吗")
    chat.press("imp:yes", "导入完成")


def answer_with_id(chat: Chat, text: str, expect: str) -> int:
    """Send a text answer as a user would; return the message id Telegram gave it."""
    seen = len(chat.server.sent_messages(chat.user_id))
    stored = chat.server.push(make_message_update(chat.user_id, text))
    chat.server.wait_for(lambda s: any(expect in t for t in s.sent_messages(chat.user_id)[seen:]), 15)
    return int(stored["message"]["message_id"])


def bot_message(server: FakeBotAPI, containing: str) -> dict[str, Any]:
    """The chat's current state of the latest bot message with this text."""
    return [m for m in server.chat_history(USER) if m["from"]["is_bot"] and containing in m.get("text", "")][-1]


def labels(message: dict[str, Any]) -> list[str]:
    return [b["text"] for row in message.get("reply_markup", {}).get("inline_keyboard", []) for b in row]


# ---- 1. the reviewer's check ------------------------------------------------------------


def test_check_and_draft_summary_in_chat(server: FakeBotAPI, bot: RunningBot) -> None:
    chat = Chat(server, USER)
    import_sample(chat, "review-2021.yaml")
    [report] = chat.say("/check", "【审读意见】")
    assert "一、本人职务前后写法不一致（1处）" in report
    assert "〔2.0〕（一）开头段写作“区政府副区长”" in report and "〔6.0〕（五）开头段写作“区委副书记、区长”" in report
    assert "〔3.2〕（二）问题二：问题“政治敏锐性还有差距”没有事例" in report
    header = chat.say("/draft", "【草稿】")[0]
    assert "\n审读：发现" in header and "职务写法1处" in header and "发送 /check 查看" in header


# ---- 2. phrase help and measure marks ---------------------------------------------------


def test_phrase_buttons_then_own_words(server: FakeBotAPI, bot: RunningBot) -> None:
    chat = Chat(server, USER)
    chat.say("/new 2021-dangshi", "请填写您的职务")
    chat.say("县农业农村局局长", "请填写您的姓名")
    chat.press("skip:author.name", "请填写您所在单位")
    chat.press("skip:author.unit", "做了什么")
    chat.press("skip:themes.1.lead", "第一个问题：请用一句短话概括问题")
    offered = labels(bot_message(server, "第一个问题：请用一句短话概括问题"))
    assert offered[:3] == ["对决定性意义的理解停留在字面", "学习成果转化为工作思路慢", "自学时间常被事务性工作挤占"]
    chat.press("phr:themes.1.problems.1.title:2", "第一个问题的具体表现")
    chat.say("今年第三季度原定的八次自学，我只完成了三次。", "具体事例")
    chat.press("skip:themes.1.problems.1.example", "还要再写一个问题吗")
    with bot.service.db.transaction() as session:
        answers = bot.service.scope(session, USER).answers
    assert answers["themes.1.problems.1.title"] == "自学时间常被事务性工作挤占"
    assert answers["themes.1.problems.1.detail"] == "今年第三季度原定的八次自学，我只完成了三次。"


def test_marking_problems_a_measure_answers(server: FakeBotAPI, bot: RunningBot) -> None:
    chat = Chat(server, USER)
    import_sample(chat, "answers-2021.yaml")
    chat.say("/edit 9.1", "整改措施，第一条")
    chat.say("系统学习理论，筑牢思想根基", "第一条的具体内容")
    chat.say("每周自学半天，2022年3月底前读完全会决议辅导读本。", "修改已完成")  # after the buttons
    picker = bot_message(server, "回应了前面哪些问题")
    assert labels(picker)[0] == "▫️ 2.1 学习的系统性不强" and labels(picker)[-1] == "完成"
    sends_before = len(server.calls("sendMessage"))
    chat.press("lk:1:1.1", "回应了前面哪些问题")
    chat.press("lk:1:3.1", "回应了前面哪些问题")
    # toggled in place: the same message, now with marks, and nothing new sent
    picker = next(m for m in server.chat_history(USER) if m["message_id"] == picker["message_id"])
    assert labels(picker)[0].startswith("✅ 2.1") and labels(picker)[4].startswith("✅ 4.1")
    assert len(server.calls("sendMessage")) == sends_before
    chat.press("lk:1:ok", "第1条措施回应：2.1 学习的系统性不强；4.1 调研蹲点不够深入。")
    picker = next(m for m in server.chat_history(USER) if m["message_id"] == picker["message_id"])
    assert picker["text"].startswith("第1条措施回应") and not labels(picker)
    [report] = chat.say("/check", "【审读意见】")
    assert "按用词推断" not in report
    assert "〔9.2〕措施二：措施“走进群众中间，解决急难愁盼”没有对应前面查摆的任何问题" in report


# ---- 3. editing a sent answer, history and undo ------------------------------------------


def test_editing_a_sent_answer_updates_it_after_confirmation(server: FakeBotAPI, bot: RunningBot) -> None:
    chat = Chat(server, USER)
    chat.say("/new 2021-dangshi", "请填写您的职务")
    message_id = answer_with_id(chat, "副县长", "请填写您的姓名")
    chat.push(make_edited_message_update(USER, message_id, "县委常委、副县长"), "要用修改后的内容替换吗")
    offer = bot_message(server, "要用修改后的内容替换吗")
    assert "当前内容：副县长\n修改后：县委常委、副县长" in offer["text"] and labels(offer) == ["替换", "不替换"]
    chat.press(f"me:{message_id}:y", "请填写您的姓名")  # the interview goes on where it was
    offer = next(m for m in server.chat_history(USER) if m["message_id"] == offer["message_id"])
    assert offer["text"].startswith("已按修改后的消息更新〔1〕职务") and not labels(offer)  # answered in place
    [history] = chat.say("/history 1", "修改记录")
    lines = history.splitlines()
    assert lines[1].endswith("〔1〕职务：县委常委、副县长（修改原消息）") and lines[2].endswith("〔1〕职务：副县长（回答）")
    chat.say("/undo", "恢复为：副县长")
    with bot.service.db.transaction() as session:
        assert bot.service.scope(session, USER).answers["author.position"] == "副县长"
    # a message that answered nothing: a polite reply and no change
    stored = server.push(make_command_update(USER, "/status"))
    server.wait_for(lambda s: any("进度" in t for t in s.sent_messages(USER)[-2:]), 15)
    chat.push(make_edited_message_update(USER, stored["message"]["message_id"], "/draft"), "不是对某个问题的回答")


# ---- 4. progress, meeting date and reminders ----------------------------------------------


def test_status_and_meeting_date(server: FakeBotAPI, bot: RunningBot) -> None:
    chat = Chat(server, USER)
    chat.say("/new 2021-dangshi", "请填写您的职务")
    chat.say("县长", "请填写您的姓名")
    status = chat.say("/status", "进度")[0]
    assert "▓" in status and "░" in status and "会议日期：未设置" in status
    assert "　　还缺：原因一、原因二、原因三、是否再写一条原因" in status
    chat.say("/date 2099-12-20", "已设置：会议日期：2099年12月20日")
    assert "会议日期：2099年12月20日（还有" in chat.say("/status", "进度")[0]


def _reminders(server: FakeBotAPI) -> list[str]:
    return [t for t in server.sent_messages(USER) if t.startswith("⏰")]


def test_reminders_come_from_the_database_and_survive_restarts(server: FakeBotAPI, tg_config: Config) -> None:
    config = replace(tg_config, reminders=ReminderConfig(idle_days=3, check_seconds=0.2, send_from_hour=0,
                                                         send_until_hour=24))
    chat = Chat(server, USER)
    with RunningBot(config):
        chat.say("/new 2021-dangshi", "请填写您的职务")
        chat.say("县长", "请填写您的姓名")
        time.sleep(0.6)  # several sweeps: nothing is due for an active draft
        assert _reminders(server) == []
    age(build_service(config), USER, 5)  # five idle days pass while the bot is stopped
    server.fail_next("sendMessage", error_code=500)  # and the first attempt after start fails
    with RunningBot(config):
        server.wait_for(lambda s: _reminders(s), 10)
        time.sleep(0.8)  # more sweeps: sent once only
    [reminder] = _reminders(server)
    assert [c.ok for c in server.calls("sendMessage")][-2:] == [False, True]  # released, then sent again
    assert "已有5天没有填写了，目前完成2%" in reminder and "/remind 关闭" in reminder
    with RunningBot(config):  # a restart sends nothing twice
        time.sleep(0.8)
    assert len(_reminders(server)) == 1
    with RunningBot(config):
        chat.say(f"/date {(datetime.now(UTC) + timedelta(days=2, hours=8)):%Y-%m-%d}", "已设置")
        server.wait_for(lambda s: len(_reminders(s)) == 2, 10)
    assert "还有2天" in _reminders(server)[-1]


# ---- 5. carry over from last year ----------------------------------------------------------


def test_new_draft_from_last_years(server: FakeBotAPI, tg_config: Config, tmp_path: Path) -> None:
    config = replace(tg_config, profiles_dir=two_years(tmp_path / "profiles"))
    chat = Chat(server, USER)
    with RunningBot(config):
        import_sample(chat, "answers-2021.yaml")
        chat.say("/new", "请选择会议")
        chat.press("new:2022-test", "要以它为基础新建")
        chat.press("cf:2022-test", "已从以前的材料复制")
        reply = server.sent_messages(USER)[-1]
        assert "（基本信息、需要说明的事项、原因、措施、第一、三个方面的问题）" in reply
        chat.say("/draft", "【草稿】")
        text = server.wait_for(lambda s: [d.content.decode("utf-8") for d in s.sent_documents(USER)
                                          if d.filename.endswith(".txt")], 15)[-1]  # /draft also sends Word
        assert text.startswith("李明同志在2022年度测试专题民主生活会上的对照检查材料")
        assert "（一）在带头牢记我们党是什么、要干什么这个根本问题方面。" in text
        assert "一是以普通党员身份参加支部生活不够经常。" in text
        assert "（一）系统学习理论，筑牢思想根基。" in text
