"""SQLite durability: FULL unless the database URL asks for NORMAL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from bot.storage.db import make_engine


def _synchronous(url: str) -> int:
    engine = make_engine(url)
    with engine.connect() as conn:
        value = int(conn.execute(text("PRAGMA synchronous")).scalar_one())
        assert conn.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
    engine.dispose()
    return value


def test_sqlite_waits_for_the_disk_by_default(tmp_path: Path) -> None:
    assert _synchronous(f"sqlite:///{tmp_path / 'a.db'}") == 2  # FULL


def test_synchronous_normal_is_an_explicit_choice_in_the_url(tmp_path: Path) -> None:
    assert _synchronous(f"sqlite:///{tmp_path / 'b.db'}?synchronous=normal") == 1  # NORMAL
    assert (tmp_path / "b.db").exists()  # the option is not part of the file name


def test_unknown_synchronous_value_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="synchronous=OFF"):
        make_engine(f"sqlite:///{tmp_path / 'c.db'}?synchronous=off")


def test_postgresql_replaces_a_connection_dropped_while_idle(postgres_url: str,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """No ping on every checkout; a connection idle long enough is pinged, and a dead one replaced."""
    from bot.storage import db

    engine = make_engine(postgres_url)
    assert not engine.pool._pre_ping  # type: ignore[attr-defined]
    with engine.connect() as conn:
        first = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
    with make_engine(postgres_url).connect() as killer:
        killer.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
        killer.commit()
    monkeypatch.setattr(db, "PING_AFTER_IDLE", 0.0)  # the pooled connection counts as idle
    with engine.connect() as conn:
        second = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
    assert second != first
    engine.dispose()


def test_a_unit_commits_core_and_orm_writes_together_and_rolls_both_back(tmp_path: Path) -> None:
    """Database.unit: statements on the connection and ORM objects of its lazy session are one
    transaction, committed when the block ends and rolled back together on an error."""
    from sqlalchemy import func, insert, select

    from bot.storage.db import Database
    from bot.storage.migrate import upgrade
    from bot.storage.models import ProcessedUpdate, User

    engine = make_engine(f"sqlite:///{tmp_path / 'u.db'}")
    upgrade(engine)
    db = Database(engine)
    with db.unit() as unit:
        unit.connection.execute(insert(ProcessedUpdate.__table__).values(bot_id=1, update_id=1))
        unit.session.add(User(telegram_id=42))  # flushed by the unit before its commit
    with pytest.raises(RuntimeError), db.unit() as unit:
        unit.connection.execute(insert(ProcessedUpdate.__table__).values(bot_id=1, update_id=2))
        unit.session.add(User(telegram_id=43))
        unit.session.flush()
        raise RuntimeError("the use case failed")
    with db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(ProcessedUpdate)) == 1
        assert list(session.scalars(select(User.telegram_id))) == [42]
    engine.dispose()
