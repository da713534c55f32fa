"""Two `selfreview webhook` worker processes on one PostgreSQL database, as docs/deploy.md sets them up.

Updates of the same officials go alternately to both workers, and every update is
delivered twice at the same moment (once to each worker), as webhook retries can do.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import Engine

from bot.profiles import Profile
from bot.storage.models import Answer, Change, ChangeValue, Material, ProcessedUpdate, User
from tests.conftest import ROOT
from tests.fakebotapi import TEST_TOKEN, FakeBotAPI, make_command_update, make_message_update
from tests.telegram.harness import WEBHOOK_PUBLIC_URL, WEBHOOK_SECRET, free_port, post_update, wait_healthy
from tests.telegram.official import BURST_TEXTS, Official

USERS = (818181, 828282)
STEPS = 16  # answers per official, one at a time
BURSTS = 10  # then pairs of answers sent at once (the per-user lock decides their order)


class Worker:
    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.log = log
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot", "webhook", "--port", str(self.port)],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.base}/telegram"

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()


@pytest.fixture
def server() -> Iterator[FakeBotAPI]:
    with FakeBotAPI() as fake:
        yield fake


@pytest.fixture
def workers(server: FakeBotAPI, postgres_url: str, tmp_path: Path) -> Iterator[list[Worker]]:
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": TEST_TOKEN, "TELEGRAM_API_BASE_URL": server.url,
           "DATABASE_URL": postgres_url, "SELFREVIEW_WEBHOOK_SECRET": WEBHOOK_SECRET,
           "SELFREVIEW_ALLOWED_USERS": ",".join(str(u) for u in USERS),
           # Each update arrives twice and in bursts, far faster than a person types.
           "SELFREVIEW_FLOOD_BURST": "100000",
           "SELFREVIEW_WEBHOOK_URL": WEBHOOK_PUBLIC_URL, "NO_PROXY": "127.0.0.1,localhost",
           "PYTHONUNBUFFERED": "1"}
    env.pop("SELFREVIEW_CONFIG", None)
    # Both start at once on an empty database: they must not both create the schema.
    started = [Worker(env, tmp_path / f"worker{n}.log") for n in (1, 2)]
    try:
        for worker in started:
            wait_healthy(worker.base, 60, alive=lambda w=worker: w.process.poll() is None)
        yield started
    finally:
        for worker in started:
            worker.stop()


def deliver_all(posts: list[tuple[str, dict[str, Any]]]) -> list[int]:
    """POST all at the same moment; returns the HTTP statuses."""
    with ThreadPoolExecutor(len(posts)) as pool:
        return list(pool.map(lambda p: post_update(p[0], p[1]), posts))


def answers_of(engine: Engine, telegram_id: int) -> tuple[dict[str, str | None], list[str]]:
    """The official's stored answers, and the question ids of their revisions in write order."""
    with engine.connect() as conn:
        draft = select(Material.id).join(User, Material.user_id == User.id).where(User.telegram_id == telegram_id)
        answers = {q: v for q, v in conn.execute(
            select(Answer.question_id, Answer.value).where(Answer.draft_id.in_(draft)))}
        order = list(conn.scalars(select(ChangeValue.key).join(Change, ChangeValue.change_id == Change.id)
                                  .where(Change.draft_id.in_(draft), ~ChangeValue.key.startswith("@"))
                                  .order_by(ChangeValue.id)))
    return answers, order


def test_two_workers_one_database_every_answer_once_and_in_order(
        server: FakeBotAPI, workers: list[Worker], postgres_url: str, profile: Profile) -> None:
    first, second = workers
    # Both registered the webhook with the secret token.
    registered = server.calls("setWebhook")
    assert len(registered) == 2
    assert all(c.params["url"] == WEBHOOK_PUBLIC_URL and c.params["secret_token"] == WEBHOOK_SECRET
               for c in registered)

    # No secret, or a wrong one: 403 from either worker, and nothing happens.
    probe = make_command_update(USERS[0], "/start", update_id=999999)
    for worker in workers:
        assert post_update(worker.url, probe, secret=None) == 403
        assert post_update(worker.url, probe, secret="not-the-secret") == 403

    officials = {user: Official(profile) for user in USERS}
    update_ids = iter(range(1, 10_000))
    sent_ids: list[int] = []

    def step_updates(number: int) -> list[tuple[str, dict[str, Any]]]:
        """This step's update for each official, to one worker, and its duplicate to the other."""
        posts = []
        for index, user in enumerate(USERS):
            update_id = next(update_ids)
            sent_ids.append(update_id)
            if number == 0:
                update = make_command_update(user, "/new", "2021-dangshi", update_id=update_id)
            else:
                answer = officials[user].next()
                officials[user].answered(answer)
                update = answer.update(user, update_id)
            to, other = (first, second) if (number + index) % 2 == 0 else (second, first)
            posts += [(to.url, update), (other.url, update)]
        return posts

    for number in range(STEPS + 1):
        assert deliver_all(step_updates(number)) == [200] * 4

    engine = create_engine(postgres_url)
    try:
        # Bursts: an official sends two different answers at once (typed quickly), one to
        # each worker, each delivered twice. Both are stored, one per question, whichever
        # order the database lock gave them; neither is lost or overwritten.
        user, official = USERS[0], officials[USERS[0]]
        for _ in range(BURSTS):
            while not official.takes_two(BURST_TEXTS[0]):
                step = official.next()
                official.answered(step)
                update_id = next(update_ids)
                sent_ids.append(update_id)
                assert deliver_all([(first.url, step.update(user, update_id))]) == [200]
            q1 = official.current()
            assert q1 is not None
            posts = []
            for index, text in enumerate(BURST_TEXTS):
                update_id = next(update_ids)
                sent_ids.append(update_id)
                update = make_message_update(user, text, update_id=update_id)
                posts += [(workers[index].url, update), (workers[1 - index].url, update)]
            assert deliver_all(posts) == [200] * 4
            stored, _ = answers_of(engine, user)
            q2 = official.interview.current({**official.answers, q1.id: stored.get(q1.id)}, None)
            assert q2 is not None
            assert {stored.get(q1.id), stored.get(q2.id)} == set(BURST_TEXTS)  # None: one was lost
            for q in (q1, q2):
                official.answers[q.id] = stored[q.id]
                official.order.append(q.id)

        for user, official in officials.items():
            answers, order = answers_of(engine, user)
            assert answers == official.answers  # every answer, exactly as sent
            assert order == official.order  # each written once, in the order answered
            acks = [m for m in server.sent_messages(user) if m.startswith(("已保存", "已跳过"))]
            assert len(acks) == len(official.order)  # one per answer, from one worker or the other
        with engine.connect() as conn:
            assert conn.scalar(select(func.count()).select_from(User)) == len(USERS)
            assert sorted(conn.scalars(select(ProcessedUpdate.update_id))) == sent_ids
    finally:
        engine.dispose()

    for worker in workers:
        assert worker.stop() == 0  # SIGTERM: finishes what it has, then exits cleanly
        output = worker.log.read_text(encoding="utf-8", errors="replace")
        assert "webhook worker listening" in output
        assert TEST_TOKEN not in output and TEST_TOKEN.split(":", 1)[1] not in output
        assert WEBHOOK_SECRET not in output
