"""The whole product over real HTTP: PTB Application ↔ fake Bot API on 127.0.0.1."""

from __future__ import annotations

from bot.config import Config
from bot.telegram.handlers import split_message
from tests.conftest import SAMPLES
from tests.fakebotapi import (
    FakeBotAPI,
    SentDocument,
    make_command_update,
    make_photo_update,
    make_sticker_update,
    make_voice_update,
)
from tests.telegram.harness import Chat, RunningBot, interview_through_chat

USER = 424242


def wait_document(server: FakeBotAPI, suffix: str, count: int = 1) -> SentDocument:
    """The newest of at least count documents named *suffix (a /draft sends several files)."""
    def arrived(s: FakeBotAPI) -> list[SentDocument] | None:
        found = [d for d in s.sent_documents(USER) if d.filename.endswith(suffix)]
        return found if len(found) >= count else None
    return server.wait_for(arrived, 15)[-1]


def test_start_interview_draft_edit_draft(server: FakeBotAPI, bot: RunningBot) -> None:
    chat = Chat(server, USER)
    replies = chat.say("/start", "请选择要参加的会议")
    assert "不替您撰写任何实质内容" in replies[0]
    # the commands were registered with setMyCommands at start-up
    assert {c["command"] for c in server.my_commands()} >= {"start", "draft", "edit", "status", "delete"}

    chat.press("new:2021-dangshi", "请填写您的职务")
    interview_through_chat(chat, bot)
    assert "全部问题已回答完毕" in server.sent_messages(USER)[-1]

    replies = chat.say("/draft", "【草稿】已全部填写")
    document = wait_document(server, ".txt")
    body = "\n".join(server.sent_messages(USER)[-3:])
    assert "王测试同志在2021年度党史学习教育专题民主生活会上的对照检查材料" in body
    assert "（二）在带头牢记我们党是什么、要干什么这个根本问题方面。" in body
    assert "二是调查研究走马观花。" in body
    assert document.filename.startswith("对照检查材料-2021年度-")
    first_text = document.content.decode("utf-8")
    assert first_text.startswith("王测试同志")

    chat.say("/edit 2.1", "当前内容：理论学习计划执行不严")
    chat.say("理论学习缺乏计划性", "当前内容：年初制定了自学计划")
    chat.press("keep:themes.1.problems.1.detail", "当前内容：第三季度原定")
    chat.press("keep:themes.1.problems.1.example", "修改已完成")

    chat.say("/draft", "【草稿】已全部填写")
    second_text = wait_document(server, ".txt", 2).content.decode("utf-8")
    assert "一是理论学习缺乏计划性。" in second_text
    assert second_text == first_text.replace("一是理论学习计划执行不严", "一是理论学习缺乏计划性", 1)


def test_bad_input_gets_chinese_reply_and_changes_nothing(server: FakeBotAPI, bot: RunningBot) -> None:
    chat = Chat(server, USER)
    chat.say("/new 2021-dangshi", "请填写您的职务")
    chat.push(make_photo_update(USER, "photo-1"), "目前只能接收文字回答")
    chat.push(make_sticker_update(USER, "sticker-1"), "目前只能接收文字回答")
    chat.push(make_voice_update(USER, "voice-1"), "目前只能接收文字回答")
    chat.say("县" * 41, "回答过长")
    chat.say("/frobnicate", "未知命令")
    chat.say("/edit 42", "没有第42部分")
    chat.say("/edit 2.9", "没有第9项")
    with bot.service.db.transaction() as session:
        ctx = bot.service.scope(session, USER)
        assert ctx.answers == {}


def test_draft_and_status_and_export_import(server: FakeBotAPI, bot: RunningBot) -> None:
    chat = Chat(server, USER)
    chat.send_file((SAMPLES / "answers-2021.yaml").read_bytes(), "答案.yaml", "确认导入吗")
    chat.press("imp:yes", "导入完成")
    chat.say("/status", "100%")
    chat.say("/draft", "【草稿】")
    assert wait_document(server, ".txt").content.decode("utf-8").startswith("李明同志")
    server.push(make_command_update(USER, "/export"))
    exported = wait_document(server, ".yaml")
    assert exported.caption is not None and "答案文件已导出" in exported.caption
    assert exported.filename.endswith(".yaml") and b"profile: 2021-dangshi" in exported.content


def test_session_survives_a_restart(server: FakeBotAPI, tg_config: Config) -> None:
    chat = Chat(server, USER)
    with RunningBot(tg_config):
        chat.say("/new 2021-dangshi", "请填写您的职务")
        chat.say("县人民政府副县长", "请填写您的姓名")
    with RunningBot(tg_config):  # a new Application and service on the same database
        chat.say("/start", "请填写您的姓名")
        chat.say("张某", "请填写您所在单位")


def test_group_chats_are_refused(server: FakeBotAPI, bot: RunningBot) -> None:
    from tests.fakebotapi import make_message_update

    server.push(make_message_update(USER, "你好", chat_type="group"))
    server.wait_for(lambda s: any("只在私聊中使用" in t for t in s.sent_messages()), 10)
    with bot.service.db.transaction() as session:
        from bot.storage.repository import Repository
        assert Repository(session).user(USER) is None


def test_long_drafts_split_at_paragraphs() -> None:
    text = "\n".join(["段" * 1500] * 6)
    chunks = split_message(text)
    assert all(len(c) <= 4096 for c in chunks) and "\n".join(chunks) == text
    assert len(split_message("长" * 9000)) == 3
