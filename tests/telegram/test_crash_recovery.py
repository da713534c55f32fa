"""kill -9 of a real `selfreview run` process, polling the fake Bot API, in the middle of an interview.

The fake Bot API runs as its own process (it is "Telegram": it survives the bot) and the
bot uses a SQLite file, the single-machine setup of docs/deploy.md.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import Engine

from bot.profiles import Profile
from bot.storage.models import Answer, Change, ChangeValue, ProcessedUpdate
from tests.conftest import ROOT
from tests.fakebotapi import TEST_TOKEN, ControlClient, make_command_update, spawn_server
from tests.telegram.official import Official, Step

USER = 737373
ACKS = ("已保存", "已跳过")


class BotProcess:
    """`python -m bot run` as the operator starts it, with its log in a file."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.log = log
        with log.open("ab") as out:
            self.process = subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=ROOT, env=env,
                                            stdout=out, stderr=subprocess.STDOUT)

    def kill9(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        assert self.process.wait(10) == -signal.SIGKILL

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(20)


class Session:
    """The official's phone: sends updates through "Telegram" and reads what came back."""

    def __init__(self, control: ControlClient, profile: Profile) -> None:
        self.control = control
        self.official = Official(profile)
        self.next_update_id = 1
        self.sent_update_ids: list[int] = []

    def push(self, update: dict[str, Any]) -> int:
        update["update_id"] = self.next_update_id
        self.next_update_id += 1
        self.control.push(update)
        self.sent_update_ids.append(update["update_id"])
        return int(update["update_id"])

    def messages(self) -> list[str]:
        return self.control.sent_messages(USER)

    def wait_new(self, seen: int, done: Callable[[list[str]], bool], timeout: float = 30) -> list[str]:
        """Wait until the messages after the first `seen` satisfy `done`; return them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            new = self.messages()[seen:]
            if done(new):
                return new
            time.sleep(0.05)
        raise TimeoutError(f"still waiting; last messages: {self.messages()[-3:]}")

    def settled(self) -> None:
        """The bot has handled, answered and confirmed every update sent so far."""
        wait_until(lambda: self.control.pending_updates() == [])

    def command(self, text: str, *expect: str) -> list[str]:
        seen = len(self.messages())
        head, _, args = text.partition(" ")
        self.push(make_command_update(USER, head, args or None))
        return self.wait_new(seen, lambda new: all(any(e in m for m in new) for e in expect))

    def answer(self) -> Step:
        """Answer the current question and wait for its acknowledgement (with the next question)."""
        seen = len(self.messages())
        step = self.send_answer()
        following = self.official.current()
        assert following is not None
        self.wait_new(seen, lambda new: any(m.startswith(ACKS) and following.prompt in m for m in new))
        return step

    def send_answer(self) -> Step:
        step = self.official.next()
        self.push(step.update(USER, 0))
        self.official.answered(step)
        return step


def db_answers(engine: Engine) -> dict[str, str | None]:
    with engine.connect() as conn:
        return {q: v for q, v in conn.execute(select(Answer.question_id, Answer.value))}


def wait_until(condition: Callable[[], bool], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met")
        time.sleep(0.05)


@pytest.fixture
def control() -> Iterator[ControlClient]:
    with spawn_server() as client:
        yield client


def test_kill_9_loses_no_answer_and_stores_none_twice(
        control: ControlClient, profile: Profile, tmp_path: Path) -> None:
    db_file = tmp_path / "selfreview.db"
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": TEST_TOKEN, "TELEGRAM_API_BASE_URL": control.url,
           "DATABASE_URL": f"sqlite:///{db_file}", "SELFREVIEW_ALLOWED_USERS": str(USER), "NO_PROXY": "127.0.0.1,localhost", "PYTHONUNBUFFERED": "1"}
    env.pop("SELFREVIEW_CONFIG", None)
    log = tmp_path / "bot.log"
    chat = Session(control, profile)
    reader = create_engine(f"sqlite:///{db_file}")  # plain reader: never takes the write lock

    # 1. Start, answer a few questions (each acknowledged), then kill -9 while idle.
    bot = BotProcess(env, log)
    chat.command("/new 2021-dangshi", "请填写您的职务")
    for _ in range(4):
        chat.answer()
    bot.kill9()
    assert db_answers(reader) == chat.official.answers

    # 2. The official keeps typing while the bot is down; on restart both are handled,
    #    in order, and /start shows the question the official is at. (If the kill came
    #    before the last answer's offset was confirmed, that answer is delivered again
    #    first: it stores nothing and shows the current question once more.)
    seen = len(chat.messages())
    chat.send_answer()
    chat.send_answer()
    bot = BotProcess(env, log)
    chat.settled()
    replies = chat.messages()[seen:]
    assert [r for r in replies if r.startswith(ACKS)] == replies[-2:], replies
    assert len(replies) in (2, 3), replies
    at = chat.official.current()
    assert at is not None
    chat.command("/start", "欢迎回来", at.prompt)
    assert db_answers(reader) == chat.official.answers

    # 3. Crash after the answer is stored but before its acknowledgement went out: the
    #    reply is held up by a 429 (the rate limiter waits it out), and kill -9 comes
    #    first. The update's offset was never confirmed, so "Telegram" delivers it again.
    chat.settled()
    control.fail_next("sendMessage", 429, retry_after=60)
    step = chat.send_answer()
    held_id = chat.sent_update_ids[-1]
    wait_until(lambda: any(not c["ok"] for c in control.sent("sendMessage")))
    bot.kill9()
    assert db_answers(reader)[step.question.id] == step.value  # stored, never acknowledged
    assert [u["update_id"] for u in control.pending_updates()] == [held_id]  # and not confirmed

    seen = len(chat.messages())
    bot = BotProcess(env, log)
    chat.settled()
    again = chat.messages()[seen:]
    at = chat.official.current()
    assert at is not None
    # The redelivery is recognised: nothing stored twice, the official not moved past a
    # question; they are shown the question they are at.
    assert len(again) == 1 and not again[0].startswith(ACKS) and at.prompt in again[0]
    assert db_answers(reader) == chat.official.answers

    # 4. kill -9 at an arbitrary moment while an answer is in flight: whether it was
    #    handled, stored, acknowledged or confirmed when the kill came, after the restart
    #    it is stored exactly once.
    chat.answer()
    chat.send_answer()
    time.sleep(0.02)
    bot.kill9()
    bot = BotProcess(env, log)
    wait_until(lambda: db_answers(reader) == chat.official.answers)
    chat.settled()

    # 5. Carry on to the end of the first section and beyond, then stop cleanly.
    for _ in range(3):
        chat.answer()
    assert bot.stop() == 0
    assert control.pending_updates() == []  # a clean stop confirms everything handled

    assert db_answers(reader) == chat.official.answers
    with reader.connect() as conn:
        # One revision per question: no answer was ever written twice.
        answer_keys = ~ChangeValue.key.startswith("@")
        per_question = dict(conn.execute(select(ChangeValue.key, func.count()).where(answer_keys)
                                         .group_by(ChangeValue.key)).all())
        assert per_question == dict.fromkeys(chat.official.answers, 1)
        # The revisions are in the order the official answered.
        assert list(conn.scalars(select(ChangeValue.key).where(answer_keys).order_by(ChangeValue.id))) == \
            chat.official.order
        assert conn.scalar(select(func.count()).select_from(Change)) == len(chat.official.order)
        # Every update sent was handled exactly once and recorded.
        handled = sorted(conn.scalars(select(ProcessedUpdate.update_id)))
        assert handled == chat.sent_update_ids
    reader.dispose()

    output = log.read_text(encoding="utf-8", errors="replace")
    assert TEST_TOKEN not in output and TEST_TOKEN.split(":", 1)[1] not in output
    assert "polling for updates" in output


def test_a_rejected_token_is_reported_without_printing_it(control: ControlClient, tmp_path: Path) -> None:
    control.fail_next("getMe", 401, description="Unauthorized")
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": TEST_TOKEN, "TELEGRAM_API_BASE_URL": control.url,
           "DATABASE_URL": f"sqlite:///{tmp_path / 'selfreview.db'}", "NO_PROXY": "127.0.0.1,localhost"}
    done = subprocess.run([sys.executable, "-m", "bot", "run"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2
    assert "Telegram 拒绝了该令牌" in done.stderr
    assert TEST_TOKEN.split(":", 1)[1] not in done.stderr + done.stdout
