"""What one durable write costs on this machine, without the bot: the floor under the floor.

These set the budget the echo-bot targets are judged against: the bot must store every
answer before acknowledging it, and one such commit is measured here on its own.
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
