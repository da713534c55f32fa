"""Scratch databases for the benchmark, seeded drafts, and PostgreSQL's own CPU time."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, func, insert, select, text, update
from sqlalchemy.engine import Engine, make_url

from bench import workload
from bot.storage import migrate
from bot.storage.db import make_engine
from bot.storage.models import Answer, Change, ChangeValue, Material, ProfileSnapshot, User

POSTGRES_ADMIN_URL = os.environ.get(
    "SELFREVIEW_BENCH_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


@contextmanager
def scratch_database(kind: str, workdir: Path) -> Iterator[str]:
    """A fresh, empty database URL: a SQLite file (WAL) in workdir, or a new PostgreSQL database."""
    name = f"selfreview_bench_{uuid.uuid4().hex[:10]}"
    if kind == "sqlite":
        path = workdir / f"{name}.db"
        try:
            yield f"sqlite:///{path}"
        finally:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    if kind != "postgresql":
        raise ValueError(kind)
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def postgres_version() -> str:
    try:
        admin = create_engine(POSTGRES_ADMIN_URL)
        with admin.connect() as conn:
            version = str(conn.execute(text("SHOW server_version")).scalar())
            sync = str(conn.execute(text("SHOW synchronous_commit")).scalar())
            fsync = str(conn.execute(text("SHOW fsync")).scalar())
        admin.dispose()
        return f"PostgreSQL {version} (synchronous_commit={sync}, fsync={fsync})"
    except Exception as exc:  # reported, never fatal: the PostgreSQL rows then say why they are missing
        return f"PostgreSQL unavailable: {type(exc).__name__}"


def cpu_seconds(pid: int) -> float:
    """CPU seconds a process (PostgreSQL's backend) has used so far, from /proc."""
    return _cpu_seconds(pid)


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class BackendCPU:
    """CPU seconds PostgreSQL spends serving this engine's connections (read from /proc).

    The bot process's own CPU time does not include the database server's work; on SQLite
    that work happens inside the bot process, on PostgreSQL in its backend processes.
    """

    def __init__(self, engine: Engine) -> None:
        self._base: dict[int, float] = {}
        if engine.dialect.name != "postgresql":
            self.active = False
            return
        self.active = True
        event.listen(engine, "connect", self._on_connect)
        engine.dispose()  # connections made before the listener are closed, new ones are seen

    def _on_connect(self, dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("SELECT pg_backend_pid()")
        pid = int(cursor.fetchone()[0])
        cursor.close()
        dbapi_connection.commit()
        self._base[pid] = _cpu_seconds(pid)

    def mark(self) -> None:
        for pid in self._base:
            self._base[pid] = _cpu_seconds(pid)

    def seconds(self) -> float | None:
        if not self.active:
            return None
        return sum(_cpu_seconds(pid) - base for pid, base in self._base.items())


def seed_drafts(url: str, first_user: int, count: int, answers: dict[str, str | None],
                batch: int = 20_000) -> None:
    """Store `count` users, each with one active draft holding `answers`, straight into the database.

    Written with bulk inserts (the interview would take hours for 10,000 drafts); every answer
    also gets its change-log entry (a change and its value), as answering through the bot would leave.
    """
    engine = make_engine(url)
    migrate.upgrade(engine)
    prof = workload.profile()
    now = datetime.now(UTC)
    items = list(answers.items())
    with engine.begin() as conn:
        if conn.execute(select(ProfileSnapshot.digest).where(ProfileSnapshot.digest == prof.digest)).first() is None:
            conn.execute(insert(ProfileSnapshot), [{"digest": prof.digest, "profile_id": prof.id,
                                                    "source": prof.source, "created_at": now}])
        user_base = int(conn.execute(select(func.coalesce(func.max(User.id), 0))).scalar_one())
        draft_base = int(conn.execute(select(func.coalesce(func.max(Material.id), 0))).scalar_one())
        for start in range(0, count, 1000):
            chunk = range(start, min(count, start + 1000))
            conn.execute(insert(User), [{"id": user_base + 1 + i, "telegram_id": first_user + i,
                                         "created_at": now} for i in chunk])
            conn.execute(insert(Material), [{"id": draft_base + 1 + i, "user_id": user_base + 1 + i,
                                          "profile_id": prof.id, "profile_digest": prof.digest,
                                          "created_at": now, "updated_at": now} for i in chunk])
        conn.execute(update(User).where(User.id > user_base).values(active_draft_id=User.id - user_base + draft_base))
        rows: list[dict[str, Any]] = []
        change_id = int(conn.execute(select(func.coalesce(func.max(Change.id), 0))).scalar_one())
        for i in range(count):
            for qid, value in items:
                rows.append({"draft_id": draft_base + 1 + i, "question_id": qid, "value": value})
            if rows and (len(rows) >= batch or i == count - 1):
                conn.execute(insert(Answer), [{**row, "updated_at": now} for row in rows])
                ids = range(change_id + 1, change_id + 1 + len(rows))
                conn.execute(insert(Change), [{"id": cid, "draft_id": row["draft_id"], "kind": "answer",
                                               "target": row["question_id"], "undone": False, "created_at": now}
                                              for cid, row in zip(ids, rows, strict=True)])
                conn.execute(insert(ChangeValue), [{"change_id": cid, "key": row["question_id"], "before_set": False,
                                                    "before": None, "after_set": True, "after": row["value"]}
                                                   for cid, row in zip(ids, rows, strict=True)])
                change_id += len(rows)
                rows = []
        if engine.dialect.name == "postgresql":  # explicit ids do not move the sequences
            for table in ("users", "drafts", "changes"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"(SELECT max(id) FROM {table}))"))
    engine.dispose()


def count_answers(url: str, first_user: int, users: int) -> list[int]:
    """Stored answers of each user's active draft (to check that every interview went through)."""
    engine = make_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            select(User.telegram_id, func.count(Answer.id))
            .join(Answer, Answer.draft_id == User.active_draft_id, isouter=True)
            .where(User.telegram_id.between(first_user, first_user + users - 1))
            .group_by(User.telegram_id)).all()
    engine.dispose()
    found = {int(tid): int(n) for tid, n in rows}
    return [found.get(first_user + i, 0) for i in range(users)]
