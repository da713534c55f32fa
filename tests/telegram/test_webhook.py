"""Webhook mode in one process: the secret token, answering only after handling, redeliveries."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from bot.config import Config
from bot.storage.models import Answer, Change, ProcessedUpdate, User
from tests.fakebotapi import BOT_ID, FakeBotAPI, make_callback_update, make_command_update, make_message_update
from tests.telegram.harness import WEBHOOK_PUBLIC_URL, WEBHOOK_SECRET, RunningWebhook, signed, webhook_config

USER = 515151


@pytest.fixture
def worker(tg_config: Config) -> Iterator[RunningWebhook]:
    with RunningWebhook(webhook_config(tg_config)) as running:
        yield running


def count(worker: RunningWebhook, model: type) -> int:
    with worker.service.db.transaction() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_the_webhook_is_registered_with_the_secret(server: FakeBotAPI, worker: RunningWebhook) -> None:
    [call] = server.calls("setWebhook")
    assert call.params["url"] == WEBHOOK_PUBLIC_URL
    assert call.params["secret_token"] == WEBHOOK_SECRET


def test_a_wrong_or_missing_secret_token_gets_403_and_changes_nothing(
        server: FakeBotAPI, worker: RunningWebhook) -> None:
    update = make_command_update(USER, "/new", "2021-dangshi", update_id=1)
    assert worker.post(update, secret=None) == 403
    assert worker.post(update, secret="") == 403
    assert worker.post(update, secret=WEBHOOK_SECRET + "x") == 403
    assert worker.post(update, secret=WEBHOOK_SECRET[:-1]) == 403
    assert count(worker, User) == 0 and count(worker, ProcessedUpdate) == 0
    assert server.sent_messages(USER) == []

    assert worker.post(update) == 200
    assert "请填写您的职务" in server.sent_messages(USER)[-1]


def test_200_means_handled(server: FakeBotAPI, worker: RunningWebhook) -> None:
    """Telegram forgets an update once it gets 200: by then the answer is stored and acknowledged."""
    assert worker.post(make_command_update(USER, "/new", "2021-dangshi", update_id=10)) == 200
    assert worker.post(make_message_update(USER, "县人民政府副县长", update_id=11)) == 200
    with worker.service.db.transaction() as session:
        assert session.scalars(select(Answer.value)).all() == ["县人民政府副县长"]
    assert server.sent_messages(USER)[-1].startswith("已保存")


def test_a_retried_message_is_stored_once(server: FakeBotAPI, worker: RunningWebhook) -> None:
    assert worker.post(make_command_update(USER, "/new", "2021-dangshi", update_id=20)) == 200
    update = make_message_update(USER, "县人民政府副县长", update_id=21)
    assert worker.post(update) == 200
    assert worker.post(update) == 200  # Telegram retries (it did not see the first 200)
    assert count(worker, Answer) == 1 and count(worker, Change) == 1
    first, second = server.sent_messages(USER)[-2:]
    assert first.startswith("已保存") and "请填写您的姓名" in first
    assert "已保存" not in second and "请填写您的姓名" in second  # where they stand, nothing more
    with worker.service.db.transaction() as session:
        assert sorted(session.scalars(select(ProcessedUpdate.update_id))) == [20, 21]
        assert set(session.scalars(select(ProcessedUpdate.bot_id))) == {BOT_ID}


def test_a_retried_button_press_is_applied_once(server: FakeBotAPI, worker: RunningWebhook) -> None:
    """The second delivery cannot acknowledge the query any more; it is still recognised."""
    worker.post(make_command_update(USER, "/new", "2021-dangshi", update_id=30))
    worker.post(make_message_update(USER, "县人民政府副县长", update_id=31))
    press = server.push(make_callback_update(USER, signed(USER, "skip:author.name"), update_id=32))  # registers the query id
    assert worker.post(press) == 200
    assert worker.post(press) == 200
    answered = server.calls("answerCallbackQuery")
    assert [c.ok for c in answered] == [True, False]  # "query is too old" the second time
    with worker.service.db.transaction() as session:
        assert dict(session.execute(select(Answer.question_id, Answer.value)).all()) == {
            "author.position": "县人民政府副县长", "author.name": None}
    skipped = [t for t in server.sent_messages(USER) if t.startswith("已跳过")]
    assert len(skipped) == 1
    assert "请填写您所在单位" in server.sent_messages(USER)[-1]
