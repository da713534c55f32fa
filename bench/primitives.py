"""What one durable write and one Bot API call cost on this machine, without the bot.

These set the budget the echo-bot targets are judged against: the bot must store every
answer before acknowledging it, and one such commit is measured here on its own; every
question it asks carries buttons, and what a keyboard costs PTB is measured here too.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import time
import uuid
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def fsync_ms(workdir: Path, n: int) -> float:
    """Append 4 KiB and fsync, n times: the disk's answer to "is it stored yet?"."""
    path = workdir / f"fsync-{uuid.uuid4().hex}.tmp"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    samples = []
    try:
        for _ in range(n):
            start = time.perf_counter()
            os.write(fd, b"x" * 4096)
            os.fsync(fd)
            samples.append(time.perf_counter() - start)
    finally:
        os.close(fd)
        path.unlink(missing_ok=True)
    return _median_ms(samples)


def sqlite_commit_ms(workdir: Path, synchronous: str, n: int) -> float:
    """One INSERT of a 200-character answer and COMMIT, raw sqlite3, WAL, as the bot configures it."""
    path = workdir / f"commit-{uuid.uuid4().hex}.db"
    conn = sqlite3.connect(path, isolation_level=None)
    samples = []
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(f"PRAGMA synchronous={synchronous}")
        conn.execute("CREATE TABLE answers (id INTEGER PRIMARY KEY, value TEXT)")
        for _ in range(n):
            start = time.perf_counter()
            conn.execute("BEGIN")
            conn.execute("INSERT INTO answers (value) VALUES (?)", ("答" * 200,))
            conn.execute("COMMIT")
            samples.append(time.perf_counter() - start)
    finally:
        conn.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    return _median_ms(samples)


def postgres_commit_ms(url: str, n: int) -> float:
    """The same INSERT and COMMIT through psycopg to the local PostgreSQL (a scratch database)."""
    parsed = make_url(url)
    with psycopg.connect(host=parsed.host, port=parsed.port, user=parsed.username, password=parsed.password,
                         dbname=parsed.database) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS bench_answers (id serial PRIMARY KEY, value text)")
        conn.commit()
        samples = []
        for _ in range(n):
            start = time.perf_counter()
            conn.execute("INSERT INTO bench_answers (value) VALUES (%s)", ("答" * 200,))
            conn.commit()
            samples.append(time.perf_counter() - start)
    return _median_ms(samples)


def ptb_call_ms(n: int) -> dict[str, float]:
    """What python-telegram-bot itself spends on one Bot API call with no socket (the in-process
    transport): a plain sendMessage as the echo bot sends, the same text with an inline keyboard
    like the one under every question of ours, and answerCallbackQuery (the acknowledgement of a
    button press). Each is the median of n calls after a warm-up; the difference between the first
    two is what a keyboard adds to a reply."""
    import asyncio

    from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup

    from bench.inprocess import InProcessBotAPI

    text = "已保存。\n【第2/9部分 · 本部分第2/5题 · 总进度8%】\n" + "请用一句短话概括问题（十几个字以内）。" * 3
    labels = ["对决定性意义的理解停留在字面", "学习成果转化为工作思路慢", "自学时间常被事务性工作挤占",
              "提示", "上一题"]

    def keyboard() -> InlineKeyboardMarkup:
        # Built per call, as the handlers build it per reply; 64-byte callback data as signed.
        return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=f"{k}:" + "x" * 60)]
                                     for k, label in enumerate(labels)])

    async def measure() -> dict[str, float]:
        bot = Bot("123:bench", request=InProcessBotAPI(), get_updates_request=InProcessBotAPI())
        await bot.initialize()
        calls = {
            "plain": lambda: bot.send_message(1, text),
            "keyboard": lambda: bot.send_message(1, text, reply_markup=keyboard()),
            "ack": lambda: bot.answer_callback_query("1"),
        }
        found: dict[str, float] = {}
        for name, call in calls.items():
            for _ in range(min(n, 200)):  # warm-up
                await call()
            samples = []
            for _ in range(n):
                start = time.perf_counter()
                await call()
                samples.append(time.perf_counter() - start)
            found[name] = _median_ms(samples)
        await bot.shutdown()
        return found

    return asyncio.run(measure())
