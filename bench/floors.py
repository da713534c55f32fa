"""Floors measured in the same run as the bot: what one answer costs done by hand.

* `raw_floor`: raw sqlite3 (WAL, synchronous=FULL, BEGIN IMMEDIATE, as bot/storage/db.py sets
  it up) or psycopg, on the bot's own schema, doing the statements one typed answer needs and
  nothing else: the user and the open material in one SELECT, the material's answers (where the
  official stands is derived from them), the update claim, the answer, the answer-message id,
  the user's version, the material's item order, the change and its value, one durable COMMIT.
  Statements are prepared once (sqlite3's statement cache; psycopg's prepared statements).
  No encryption (the benchmark runs without a key, as the bot does) and no interview logic.
* `PracticalFloor`: the practical floor of a whole bot, an echo bot whose reply carries the same
  inline keyboard our questions carry and which makes one durable commit per update
  (bench/harness.py runs it like the echo bot).
"""

from __future__ import annotations

import sqlite3
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import storage, workload
from bot.storage import migrate
from bot.storage.db import make_engine

_SQL = {
    "user": "SELECT u.id, u.version, u.pending_import, d.id, d.focus, d.focus_part, d.items, d.label"
            " FROM users u LEFT JOIN drafts d ON d.id = u.active_draft_id WHERE u.telegram_id = ?",
    "answers": "SELECT question_id, value FROM answers WHERE draft_id = ?",
    "claim": "INSERT INTO processed_updates (bot_id, update_id, processed_at) VALUES (?, ?, ?)"
             " ON CONFLICT DO NOTHING RETURNING bot_id",
    "answer": "INSERT INTO answers (draft_id, question_id, value, updated_at) VALUES (?, ?, ?, ?)",
    "message": "INSERT INTO answer_messages (user_id, draft_id, message_id, question_id, created_at)"
               " VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id, message_id) DO UPDATE SET draft_id ="
               " excluded.draft_id, question_id = excluded.question_id, pending_value = NULL",
    "version": "UPDATE users SET version = ? WHERE id = ?",
    "items": "UPDATE drafts SET items = ?, updated_at = ? WHERE id = ?",
    "change": "INSERT INTO changes (draft_id, kind, target, undone, created_at) VALUES (?, ?, ?, ?, ?)"
              " RETURNING id",
    "value": "INSERT INTO change_values (change_id, key, before_set, before, after_set, after)"
             " VALUES (?, ?, ?, ?, ?, ?)",
}


def _seed(url: str, users: int) -> None:
    """Users with an open, empty material each (what /start and the meeting pick leave)."""
    storage.seed_drafts(url, storage_first(), users, {})


def storage_first() -> int:
    return 200_000


def _answer(execute: Any, fetchone: Any, fetchall: Any, telegram_id: int, update_id: int,
            key: str, value: str | None) -> None:
    """The statements of one typed answer (the caller wraps them in one transaction)."""
    now = datetime.now(UTC)
    user_id, version, _pending, draft_id, _focus, _part, items, _label = fetchone("user", (telegram_id,))
    stored = dict(fetchall("answers", (draft_id,)))
    assert fetchone("claim", (1, update_id, now)) is not None
    execute("answer", (draft_id, key, value, now))
    execute("message", (user_id, draft_id, update_id, key, now))
    execute("version", ((version or 0) + 1, user_id))
    execute("items", (items or "{}", now, draft_id))
    change_id = fetchone("change", (draft_id, "answer", key, False, now))[0]
    execute("value", (change_id, key, False, None, True, value))
    assert key not in stored


def raw_floor(kind: str, workdir: Path, users: int) -> dict[str, float]:
    """CPU (this process; plus PostgreSQL's backend) and wall per answer, over the interview's answers."""
    answers = [(k, v) for k, v in workload.full_interview(1).answers.items()]
    with storage.scratch_database(kind, workdir) as url:
        engine = make_engine(url)
        migrate.upgrade(engine)
        engine.dispose()
        _seed(url, users)
        if kind == "sqlite":
            return _sqlite_floor(url.removeprefix("sqlite:///"), users, answers)
        return _postgres_floor(url, users, answers)


def _timed(run_one: Any, users: int, answers: list[tuple[str, str | None]],
           backend_seconds: Any = None) -> dict[str, float]:
    update_ids = iter(range(1, 10**9))
    base = backend_seconds() if backend_seconds else 0.0
    cpu0, wall0 = time.process_time(), time.perf_counter()
    n = 0
    for key, value in answers:
        for offset in range(users):
            run_one(storage_first() + offset, next(update_ids), key, value)
            n += 1
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    db = (backend_seconds() - base) if backend_seconds else 0.0
    return {"cpu_ms": (cpu + db) / n * 1000, "db_cpu_ms": db / n * 1000, "wall_ms": wall / n * 1000,
            "answers": float(n)}


def _sqlite_floor(path: str, users: int, answers: list[tuple[str, str | None]]) -> dict[str, float]:
    conn = sqlite3.connect(path, isolation_level=None, cached_statements=64)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "busy_timeout=30000",
                   "secure_delete=ON"):
        conn.execute(f"PRAGMA {pragma}")

    def execute(name: str, params: tuple[Any, ...]) -> None:
        conn.execute(_SQL[name], params)

    def fetchone(name: str, params: tuple[Any, ...]) -> Any:
        return conn.execute(_SQL[name], params).fetchone()

    def fetchall(name: str, params: tuple[Any, ...]) -> Any:
        return conn.execute(_SQL[name], params).fetchall()

    def one(telegram_id: int, update_id: int, key: str, value: str | None) -> None:
        conn.execute("BEGIN IMMEDIATE")
        _answer(execute, fetchone, fetchall, telegram_id, update_id, key, value)
        conn.execute("COMMIT")

    try:
        return _timed(one, users, answers)
    finally:
        conn.close()


def _postgres_floor(url: str, users: int, answers: list[tuple[str, str | None]]) -> dict[str, float]:
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    sql = {name: text.replace("?", "%s") + (" FOR UPDATE OF u" if name == "user" else "")
           for name, text in _SQL.items()}
    with psycopg.connect(host=parsed.host, port=parsed.port, user=parsed.username, password=parsed.password,
                         dbname=parsed.database, prepare_threshold=0) as conn:
        pid = int(conn.execute("SELECT pg_backend_pid()").fetchone()[0])  # type: ignore[index]
        conn.commit()

        def execute(name: str, params: tuple[Any, ...]) -> None:
            conn.execute(sql[name], params)

        def fetchone(name: str, params: tuple[Any, ...]) -> Any:
            return conn.execute(sql[name], params).fetchone()

        def fetchall(name: str, params: tuple[Any, ...]) -> Any:
            return conn.execute(sql[name], params).fetchall()

        def one(telegram_id: int, update_id: int, key: str, value: str | None) -> None:
            _answer(execute, fetchone, fetchall, telegram_id, update_id, key, value)
            conn.commit()

        return _timed(one, users, answers, lambda: storage.cpu_seconds(pid))


class PracticalFloor:
    """One durable commit per update, in a scratch SQLite file set up as the bot sets up its own."""

    def __init__(self, workdir: Path) -> None:
        self.path = workdir / f"floor-{uuid.uuid4().hex}.db"
        self.conn = sqlite3.connect(self.path, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=FULL")
        self.conn.execute("CREATE TABLE handled (id INTEGER PRIMARY KEY, text TEXT)")

    def commit(self, text: str) -> None:
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute("INSERT INTO handled (text) VALUES (?)", (text,))
        self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
