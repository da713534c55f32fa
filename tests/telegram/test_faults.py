"""Faults around the handlers: the database away, an update the library cannot read, a huge body.

An update that was not handled must come again (webhook: not 200; polling: not
confirmed); one that can never be handled must not hold up the others for long.
"""

from __future__ import annotations

import http.client
import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from bot.config import Config
from bot.logs import configure_logging, secrets_of
from bot.telegram import runner
from bot.telegram.failures import MAX_PARSE_TRIES, MAX_TRIES, WILL_RETRY
from bot.usecases import DraftingService
from tests.conftest import POSTGRES_ADMIN_URL
from tests.fakebotapi import FakeBotAPI, make_command_update, make_document_update, make_message_update
from tests.telegram.harness import TOKEN, WEBHOOK_SECRET, RunningBot, RunningWebhook, webhook_config

USER, OTHER = 616161, 626262
POSITION, NAME = "县人民政府副县长", "王测试"
APOLOGY = "抱歉，处理出错"


def stored(service: DraftingService, user: int = USER) -> dict[str, str | None]:
    with service.db.transaction() as session:
        return service.scope(session, user).answers


@contextmanager
def database_down(url: str) -> Iterator[None]:
    """PostgreSQL refuses connections to this database (and drops those open) until the block ends."""
    name = make_url(url).database
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false'))
        conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"), {"n": name})
    try:
        yield
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true'))
        admin.dispose()


@pytest.fixture
def pg_config(tg_config: Config, postgres_url: str) -> Config:
    return replace(tg_config, database_url=postgres_url)


@pytest.fixture
def logs() -> Iterator[io.StringIO]:
    """The application's own log handler at DEBUG, the libraries' loggers at DEBUG too."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    names = ["telegram", "telegram.ext", "telegram._bot", "tornado", "sqlalchemy"]
    levels = {name: logging.getLogger(name).level for name in names}
    stream = io.StringIO()
    configure_logging("DEBUG", secrets_of(TOKEN, None), stream=stream)
    for name in names:
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)
        for name, value in levels.items():
            logging.getLogger(name).setLevel(value)


def old_server_poll(user_id: int, update_id: int) -> dict[str, Any]:
    """A poll as an older self-hosted Bot API server sends it: fields the library now requires are missing."""
    update = make_message_update(user_id, "", update_id=update_id)
    del update["message"]["text"]
    update["message"]["poll"] = {
        "id": "5012", "question": "这是投票里的私密问题", "total_voter_count": 0, "is_closed": False,
        "options": [{"text": "这是投票里的私密选项", "voter_count": 0}], "is_anonymous": True,
        "type": "regular", "allows_multiple_answers": False}
    return update


# ---- the database away ---------------------------------------------------------------------


def test_webhook_answers_503_while_the_database_is_down_and_stores_the_retry(
        server: FakeBotAPI, pg_config: Config) -> None:
    with RunningWebhook(webhook_config(pg_config)) as worker:
        assert worker.post(make_command_update(USER, "/new", "2021-dangshi", update_id=1)) == 200
        assert worker.post(make_message_update(USER, POSITION, update_id=2)) == 200
        answer = make_message_update(USER, NAME, update_id=3)
        with database_down(pg_config.database_url):
            assert worker.post(answer) == 503  # not 200: Telegram delivers it again
            assert worker.post(answer) == 503
        after_outage = server.sent_messages(USER)
        assert after_outage.count(WILL_RETRY) == 1  # told once, and never "try again"
        assert not any(APOLOGY in m for m in after_outage)

        assert worker.post(answer) == 200  # Telegram's retry, the database back
        assert stored(worker.service) == {"author.position": POSITION, "author.name": NAME}
        assert server.sent_messages(USER)[-1].startswith("已保存")


def test_polling_does_not_confirm_while_the_database_is_down(
        server: FakeBotAPI, pg_config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "_backoff", lambda tries: 0.2)
    with RunningBot(pg_config) as bot:
        server.push(make_command_update(USER, "/new", "2021-dangshi"))
        server.wait_for(lambda s: any("请填写您的职务" in m for m in s.sent_messages(USER)), 15)
        with database_down(pg_config.database_url):
            pushed = server.push(make_message_update(USER, POSITION))
            server.wait_for(lambda s: WILL_RETRY in s.sent_messages(USER), 15)
            server.wait_for(lambda s: len(s.calls("getUpdates")) > 8, 15)  # a few more tries meanwhile
            assert [u["update_id"] for u in server.pending_updates()] == [pushed["update_id"]]
        server.wait_for(lambda s: s.sent_messages(USER)[-1].startswith("已保存"), 15)
        server.wait_for(lambda s: s.pending_updates() == [], 15)
        assert stored(bot.service) == {"author.position": POSITION}
        assert server.sent_messages(USER).count(WILL_RETRY) == 1
        assert not any(APOLOGY in m for m in server.sent_messages(USER))


def test_a_database_error_that_repeats_is_confirmed_after_bounded_tries(
        server: FakeBotAPI, tg_config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not an outage (a constraint the code did not expect): tried MAX_TRIES times, then apologised for."""
    monkeypatch.setattr(runner, "_backoff", lambda tries: 0.05)
    with RunningBot(tg_config) as bot:
        bot.service.new(USER, "2021-dangshi")
        real_answer = bot.service.answer
        tries: list[int] = []

        def failing(telegram_id: int, value: str, **kwargs: Any) -> Any:
            if telegram_id == USER:
                tries.append(1)
                raise IntegrityError("INSERT …", {}, Exception("unexpected clash"))
            return real_answer(telegram_id, value, **kwargs)

        monkeypatch.setattr(bot.service, "answer", failing)
        bot.service.new(OTHER, "2021-dangshi")
        server.push(make_message_update(USER, POSITION))
        server.push(make_message_update(OTHER, POSITION))
        server.wait_for(lambda s: any(m.startswith("已保存") for m in s.sent_messages(OTHER)), 20)
        server.wait_for(lambda s: s.pending_updates() == [], 15)
        assert len(tries) == MAX_TRIES  # delivered again each time, then given up
        assert [m for m in server.sent_messages(USER) if APOLOGY in m or m == WILL_RETRY] == [WILL_RETRY, APOLOGY +             "。已保存的内容不受影响，请稍后重试。"]


# ---- an update the library cannot read ---------------------------------------------------


def test_an_unreadable_update_is_skipped_and_the_others_in_its_batch_are_handled(
        server: FakeBotAPI, tg_config: Config, logs: io.StringIO, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "PARSE_RETRY_PAUSE", 0.05)
    # One batch: an answer, the poll, and another official's answer after it.
    from bot.app import build_service
    service = build_service(tg_config)
    service.new(USER, "2021-dangshi")
    service.new(OTHER, "2021-dangshi")
    server.push(make_message_update(USER, POSITION, update_id=10))
    server.push(old_server_poll(USER, 11))
    server.push(make_message_update(OTHER, "这是另一位同志的回答", update_id=12))
    with RunningBot(tg_config, service) as bot:
        server.wait_for(lambda s: any(m.startswith("已保存") for m in s.sent_messages(OTHER)), 20)
        server.wait_for(lambda s: s.pending_updates() == [], 15)
        assert stored(bot.service) == {"author.position": POSITION}
        assert stored(bot.service, OTHER) == {"author.position": "这是另一位同志的回答"}
        # the bot goes on serving
        server.push(make_message_update(USER, NAME))
        server.wait_for(lambda s: s.sent_messages(USER)[-1].startswith("已保存"), 15)
    text = logs.getvalue()
    assert f"update 11 could not be read (TypeError) {MAX_PARSE_TRIES} times; confirmed" in text
    for private in ("这是投票里的私密问题", "这是投票里的私密选项", "这是另一位同志的回答", POSITION, NAME):
        assert private not in text


def test_webhook_an_unreadable_update_is_confirmed_after_bounded_tries(
        server: FakeBotAPI, tg_config: Config, logs: io.StringIO) -> None:
    with RunningWebhook(webhook_config(tg_config)) as worker:
        poll = old_server_poll(USER, 20)
        statuses = [worker.post(poll) for _ in range(MAX_PARSE_TRIES)]
        assert statuses == [500] * (MAX_PARSE_TRIES - 1) + [200]
        assert worker.post(make_command_update(USER, "/new", "2021-dangshi", update_id=21)) == 200
        assert "请填写您的职务" in server.sent_messages(USER)[-1]
    assert "这是投票里的私密问题" not in logs.getvalue()


# ---- the request body ----------------------------------------------------------------------


def _post_raw(worker: RunningWebhook, body: bytes, secret: str = WEBHOOK_SECRET) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", worker.config.webhook.port, timeout=60)
    try:
        connection.request("POST", worker.config.webhook.path, body=body,
                           headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret})
        return connection.getresponse().status
    finally:
        connection.close()


def test_an_oversized_body_gets_413_not_a_reset(server: FakeBotAPI, tg_config: Config) -> None:
    with RunningWebhook(webhook_config(tg_config)) as worker:
        assert _post_raw(worker, b"{" + b" " * (10 * 1024 * 1024) + b"}") == 413
        assert _post_raw(worker, b" " * (runner.MAX_UPDATE_BYTES + 1)) == 413
        assert _post_raw(worker, b"not json") == 400
        assert _post_raw(worker, b'{"no_update_id": 1}') == 400
        assert _post_raw(worker, b" " * 10, secret="wrong") == 403
        assert worker.post(make_command_update(USER, "/new", "2021-dangshi", update_id=30)) == 200


# ---- file names echoed back ----------------------------------------------------------------


@pytest.mark.parametrize(("content", "expect"), [
    (b"profile: [2021-dangshi\n", "无法导入“答案lmay.exe”"),  # the service's reply
    (b"# " + b"x" * (6 * 1024 * 1024), "文件“答案lmay.exe”过大"),  # the handler's own
])
def test_a_file_name_is_echoed_without_bidirectional_characters(
        server: FakeBotAPI, bot: RunningBot, content: bytes, expect: str) -> None:
    name = "答案\u202elmay.exe\u202c\u200b"  # shown as "答案exe.yaml" if echoed as it is
    stored_file = server.add_file(content, name, "application/x-yaml")
    server.push(make_document_update(USER, stored_file, name, "application/x-yaml"))
    reply = server.wait_for(lambda s: next((m for m in s.sent_messages(USER) if expect in m), None), 15)
    assert not any(ch in reply for ch in "\u202e\u202c\u200b")
