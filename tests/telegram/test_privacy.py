"""Privacy at the Telegram front end: logs, /delete, encryption at rest."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine, make_url

from bot import texts
from bot.access import create_invites
from bot.app import build_service
from bot.cli import main as cli_main
from bot.config import AccessConfig, Config
from bot.logs import configure_logging, secrets_of
from bot.storage.crypto import EncryptionKeyError, generate_key
from bot.storage.encryption import NEED_KEY, WRONG_KEY
from tests.conftest import SAMPLES
from tests.fakebotapi import FakeBotAPI, make_command_update
from tests.service.helpers import CAUSES, MEASURES, PROBLEMS
from tests.telegram.harness import TOKEN, Chat, RunningBot
from tests.telegram.stored import answers_of, every_row, invite_holders
from tests.telegram.test_end_to_end import interview_through_chat

ALICE = 620_001
BOB = 620_002

# What the scripted official types in interview_through_chat, and what the sample file holds.
TYPED = ["县人民政府副县长", "王测试", "某县人民政府", "做了一些具体工作", "第1条的具体分析，写清楚思想根源",
         *(title for title, _, _ in PROBLEMS), *(detail for _, detail, _ in PROBLEMS),
         *(example for _, _, example in PROBLEMS if example), *CAUSES, *MEASURES]
SAMPLE_SENTENCES = ["县农业农村局党组书记", "学习的系统性不强", "今年6月至9月，我个人自学记录只有11次"]
REVISED = "理论学习缺乏计划性和连续性"


@pytest.fixture
def captured_logs() -> Iterator[io.StringIO]:
    """The application's logging, at DEBUG, with every logger there is forced to DEBUG too."""
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    saved_levels = {name: logger.level for name, logger in logging.root.manager.loggerDict.items()
                    if isinstance(logger, logging.Logger)}
    stream = io.StringIO()
    configure_logging("DEBUG", secrets_of(TOKEN, None), stream=stream)
    for name in [*saved_levels, "telegram", "httpx", "httpcore", "sqlalchemy", "sqlalchemy.engine"]:
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)
        for name, logger in logging.root.manager.loggerDict.items():
            if isinstance(logger, logging.Logger):
                logger.setLevel(saved_levels.get(name, logging.NOTSET))


def test_logs_hold_no_answer_text_and_no_token(server: FakeBotAPI, tg_config: Config,
                                               captured_logs: io.StringIO) -> None:
    with RunningBot(tg_config) as bot:
        chat = Chat(server, ALICE)
        chat.say("/start", "请选择要参加的会议")
        chat.press("new:2021-dangshi", "请填写您的职务")
        interview_through_chat(chat, bot)
        chat.say("/draft", "【草稿】已全部填写")
        chat.say("/section 2", "第2部分")
        server.push(make_command_update(ALICE, "/export"))
        server.wait_for(2, method="sendDocument", chat_id=ALICE)
        chat.send_file((SAMPLES / "answers-2021.yaml").read_bytes(), "答案.yaml", "确认导入吗")
        chat.press("imp:yes", "导入完成")
        chat.say("/edit 2.1", "当前内容：学习的系统性不强")
        chat.say(REVISED, "当前内容：习惯于围绕手头工作")
        # Failures, whose tracebacks are logged: a network error while polling, a refused
        # send, and a database error in the middle of storing an answer.
        server.fail_next("getUpdates", drop_connection=True)
        server.fail_next("sendMessage", 400, description="Bad Request: message is too long")
        chat.say("/status", "抱歉，处理出错")
        with bot.service.db.engine.begin() as conn:
            conn.execute(text("DROP TABLE change_values"))
        chat.say("这是一段在数据库出错时输入的回答内容", "抱歉，处理出错")

    log = captured_logs.getvalue()
    assert "update handling failed" in log and "Traceback" in log  # the failures were logged …
    assert "DEBUG bot.telegram.gate" in log  # … and so was every update, at DEBUG
    assert TOKEN not in log and TOKEN.split(":")[1] not in log
    for sentence in [*TYPED, *SAMPLE_SENTENCES, REVISED, "这是一段在数据库出错时输入的回答内容"]:
        assert sentence not in log, sentence


def _sqlite_bytes(config: Config) -> bytes:
    """The SQLite database file and its write-ahead log, as stored on disk."""
    path = Path(make_url(config.database_url).database or "")
    return b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists())


def processed_columns(engine: Engine) -> list[str]:
    return [c["name"] for c in inspect(engine).get_columns("processed_updates")]


def test_delete_removes_every_row_of_the_user(server: FakeBotAPI, any_db_config: Config) -> None:
    config = replace(any_db_config, telegram=replace(any_db_config.telegram, token=TOKEN, api_base_url=server.url),
                     access=AccessConfig(allowed_users=frozenset({BOB})))
    with RunningBot(config, access=None) as bot:
        engine = bot.service.db.engine
        bob = Chat(server, BOB)
        bob.say("/new 2021-dangshi", "请填写您的职务")
        bob.say("县人民政府副县长", texts.SAVED)
        only_bob = every_row(engine)

        (code,) = create_invites(bot.service.db, 1)
        alice = Chat(server, ALICE)
        alice.say(f"/start {code}", "请选择要参加的会议")  # let in by an invite: a row naming her
        alice.send_file((SAMPLES / "answers-2021.yaml").read_bytes(), "答案.yaml", "确认导入吗")
        alice.press("imp:yes", "导入完成")
        alice.say("/new 2021-dangshi", "请填写您的职务")  # a second draft
        alice.say("县委常委、常务副县长", texts.SAVED)
        alice.say("/edit 1", "当前内容：县委常委、常务副县长")
        alice.say("县委常委、副县长", texts.SAVED)  # revisions
        alice.send_file((SAMPLES / "answers-2021.yaml").read_bytes(), "答案.yaml", "确认导入吗")  # pending
        assert every_row(engine) != only_bob

        alice.say("/delete", "确定删除吗")
        alice.press("del:yes", "全部数据已删除")
        after = every_row(engine)
        for table, rows in after.items():  # every table the application has, new ones included
            if table == "invites":  # the spent invite stays, naming nobody
                assert len(rows) == 1 and invite_holders(engine) == [None]
                continue
            if table == "processed_updates":
                # (bot id, update id, time) only: no user id and no text, so nothing in it
                # names her; it must stay so that a late redelivery of her /delete (or of
                # anything before it) changes nothing. Pruned after the retention window.
                assert set(processed_columns(engine)) == {"bot_id", "update_id", "processed_at"}
                continue
            assert rows == only_bob[table], table
        assert answers_of(bot.service, BOB) == {"author.position": "县人民政府副县长"}
        alice.say("/start", "尚未获得使用权限")  # her access went with her data

    if make_url(config.database_url).get_backend_name() == "sqlite":
        stored = _sqlite_bytes(config)
        for sentence in [*SAMPLE_SENTENCES, "县委常委、常务副县长"]:
            assert sentence.encode() not in stored, sentence  # not left in free pages or the log


def test_encryption_at_rest_keeps_typed_text_out_of_the_file(server: FakeBotAPI, tg_config: Config) -> None:
    key = generate_key()
    encrypted = replace(tg_config, encryption_key=key)
    with RunningBot(encrypted) as bot:
        chat = Chat(server, ALICE)
        chat.say("/new 2021-dangshi", "请填写您的职务")
        chat.say("县人民政府副县长", texts.SAVED)
        chat.say("/edit 1", "当前内容：县人民政府副县长")
        chat.say("县委常委、常务副县长", texts.SAVED)
        chat.send_file((SAMPLES / "answers-2021.yaml").read_bytes(), "答案.yaml", "确认导入吗")  # pending import
        chat.say("/draft", "【草稿】")  # served in plaintext: only the file is encrypted
        server.wait_for(1, method="sendDocument", chat_id=ALICE)
        assert "县委常委、常务副县长" in "\n".join(server.sent_messages(ALICE))
        bot.service.db.scrub()
    stored = _sqlite_bytes(encrypted)
    assert len(stored) > 10_000
    for sentence in ["县人民政府副县长", "县委常委、常务副县长", *SAMPLE_SENTENCES]:
        assert sentence.encode() not in stored, sentence

    # Restarted with the same key, everything reads back.
    with RunningBot(encrypted) as bot:
        Chat(server, ALICE).say("/section 1", "职务：县委常委、常务副县长")
    # Without the key, or with another, it refuses to start with a clear message, not garbage.
    with pytest.raises(EncryptionKeyError) as missing:
        build_service(replace(tg_config, encryption_key=None))
    assert str(missing.value) == NEED_KEY
    with pytest.raises(EncryptionKeyError) as wrong:
        build_service(replace(tg_config, encryption_key=generate_key()))
    assert str(wrong.value) == WRONG_KEY


def test_the_same_run_without_a_key_stores_plaintext(server: FakeBotAPI, tg_config: Config) -> None:
    """The control for the test above: the byte search does find typed text when it is there."""
    with RunningBot(tg_config) as bot:
        chat = Chat(server, ALICE)
        chat.say("/new 2021-dangshi", "请填写您的职务")
        chat.say("县委常委、常务副县长", texts.SAVED)
        bot.service.db.scrub()
    assert "县委常委、常务副县长".encode() in _sqlite_bytes(tg_config)


def test_selfreview_refuses_to_start_with_a_wrong_key(tg_config: Config, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    build_service(replace(tg_config, encryption_key=generate_key())).answer(ALICE, "县长")
    monkeypatch.setattr("bot.logs.configure_logging", lambda *args, **kwargs: None)  # keep pytest's logging
    monkeypatch.setenv("DATABASE_URL", tg_config.database_url)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.delenv("SELFREVIEW_CONFIG", raising=False)
    monkeypatch.setenv("SELFREVIEW_ENCRYPTION_KEY", generate_key())
    assert cli_main(["run"]) == 2
    assert WRONG_KEY in capsys.readouterr().err
    monkeypatch.delenv("SELFREVIEW_ENCRYPTION_KEY")
    assert cli_main(["export", "--user", str(ALICE)]) == 2
    assert NEED_KEY in capsys.readouterr().err
