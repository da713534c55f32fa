"""Engine and session factory for any SQLAlchemy URL (SQLite file by default, PostgreSQL too)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

SQLITE_SYNCHRONOUS = ("FULL", "NORMAL")


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        # sqlite:///file.db?synchronous=normal: commits stop waiting for the disk (about 0.3 ms
        # each, more on a busy disk). A crash of the bot still loses nothing; a power cut may
        # lose the last answers it acknowledged. FULL, the default, is what the product promises.
        synchronous = str(parsed.query.get("synchronous", "FULL")).upper()
        if synchronous not in SQLITE_SYNCHRONOUS:
            raise ValueError(f"synchronous={synchronous}: use one of {', '.join(SQLITE_SYNCHRONOUS)}")
        parsed = parsed.difference_update_query(["synchronous"])
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # hide_parameters: error messages (and so logs) never carry what an official typed.
        engine = create_engine(parsed, connect_args={"timeout": 30}, hide_parameters=True)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            # WAL: readers never block the writer; synchronous=FULL: an
            # acknowledged answer survives a power cut, not just a crash.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA synchronous={synchronous}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            # Deleted and overwritten text is zeroed in the file, not left in free pages.
            cursor.execute("PRAGMA secure_delete=ON")
            cursor.close()
            # Let SQLAlchemy's "begin" event issue the BEGIN (pysqlite's own would be DEFERRED).
            dbapi_connection.isolation_level = None

        @event.listens_for(engine, "begin")
        def _sqlite_begin_immediate(conn: Connection) -> None:
            # IMMEDIATE takes the write lock when the transaction starts, so every
            # transaction is serialised by SQLite itself (what the user-row lock does on
            # PostgreSQL), and a read-then-write never fails with "database is locked"
            # when another process (selfreview import, a second bot) wrote in between.
            # An AUTOCOMMIT connection (Database.scrub's checkpoint) must stay outside any
            # transaction: a checkpoint inside one fails with "database table is locked".
            if conn.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
                return
            # On the driver's connection: exec_driver_sql would take SQLAlchemy's whole
            # execution path for a statement with no parameters and no result, once per update.
            driver = conn.connection.driver_connection
            assert driver is not None, "a connection in use has its driver connection"
            driver.execute("BEGIN IMMEDIATE")

        return engine
    # Not pool_pre_ping: that is a round trip on every checkout, i.e. on every update. A
    # connection is pinged only after it sat idle in the pool a while (a server restart or an
    # idle timeout drops only such connections); a dead one is replaced before use.
    engine = create_engine(url, hide_parameters=True)
    event.listen(engine, "checkin", _note_idle)
    event.listen(engine, "checkout", _ping_if_idle)
    return engine


PING_AFTER_IDLE = 30.0  # seconds


def _note_idle(_dbapi_connection: Any, record: Any) -> None:
    record.info["idle_since"] = time.monotonic()


def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    since = record.info.get("idle_since")
    if since is None or time.monotonic() - since < PING_AFTER_IDLE:
        return
    try:
        cursor = dbapi_connection.cursor()
        cursor.execute("SELECT 1")
        cursor.close()
        dbapi_connection.rollback()
    except Exception as exc:
        # The pool discards this connection and checks out (or opens) another.
        raise DisconnectionError("idle connection is gone") from exc


class Unit:
    """One transaction on one connection, with an ORM session on it only once something asks.

    An answer or a button press needs no ORM object: its statements run on the connection
    (bot/storage/prepared.py). A Session's own bookkeeping (its transaction, state changes,
    flush, close) cost about 50 µs per update on top of the connection's; the rarer commands
    that use the ORM (shares, held texts, the change log's history) get one, bound to this
    connection and its transaction, flushed before the commit.
    """

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            # The session joins the connection's transaction (its default "conditional_savepoint"
            # mode: it may roll the transaction back on an error, never commits it): the unit commits.
            self._session = Session(bind=self.connection, expire_on_commit=False)
        return self._session

    def flush(self) -> None:
        if self._session is not None:
            self._session.flush()

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None


class Database:
    """The session factory; one transaction per handled update."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """Commit when the block ends normally, roll back on any exception."""
        with self._sessions.begin() as session:
            yield session

    @contextmanager
    def unit(self) -> Iterator[Unit]:
        """Like transaction(), on a connection; an ORM session only if the work asks for one."""
        with self.engine.connect() as connection, connection.begin():
            unit = Unit(connection)
            try:
                yield unit
                unit.flush()  # what the ORM holds goes in before the commit
            finally:
                unit.close()

    def scrub(self) -> None:
        """After a deletion: SQLite moves the write-ahead log into the file and empties it,
        so deleted text survives in neither (secure_delete zeroes it in the file)."""
        if self.engine.dialect.name != "sqlite":
            return
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
