"""Repository writes that two workers can make at the same moment."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from bot.storage import migrate
from bot.storage.db import Database, make_engine
from bot.storage.models import Material, ProfileSnapshot
from bot.storage.repository import Repository

SOURCE = "id: 2099-test\nname: 测试会议\n"


def test_two_first_drafts_of_a_new_profile_at_once_both_succeed(postgres_url: str) -> None:
    """Both transactions look for the snapshot before either commits; neither may fail.

    The first holds its uncommitted snapshot row while the second inserts the same key:
    PostgreSQL makes the second wait, and when the first commits the second must go on
    (it used to raise UniqueViolation on profile_snapshots_pkey and lose the update).
    """
    engine = make_engine(postgres_url)
    migrate.upgrade(engine)
    db = Database(engine)
    with db.transaction() as session:
        repo = Repository(session)
        first_user, second_user = repo.locked_user(1001).id, repo.locked_user(1002).id

    first_inserted = threading.Event()
    errors: list[BaseException] = []

    def second() -> None:
        try:
            first_inserted.wait(10)
            with db.transaction() as session:
                repo = Repository(session)
                user = repo.user(1002)
                assert user is not None and user.id == second_user
                repo.add_material(user, "2099-test", "d" * 64, SOURCE)
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=second)
    thread.start()
    with db.transaction() as session:
        repo = Repository(session)
        user = repo.user(1001)
        assert user is not None and user.id == first_user
        repo.add_material(user, "2099-test", "d" * 64, SOURCE)
        first_inserted.set()
        thread.join(1.0)  # the second is now waiting on the first's row
        assert thread.is_alive()
    thread.join(10)

    assert errors == []
    with db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(ProfileSnapshot)) == 1
        assert session.scalar(select(func.count()).select_from(Material)) == 2
    engine.dispose()


def test_a_snapshot_already_stored_is_reused(postgres_url: str) -> None:
    engine = make_engine(postgres_url)
    migrate.upgrade(engine)
    db = Database(engine)
    for telegram_id in (2001, 2002):
        with db.transaction() as session:
            repo = Repository(session)
            repo.add_material(repo.locked_user(telegram_id), "2099-test", "e" * 64, SOURCE)
    with db.transaction() as session:
        assert session.scalars(select(ProfileSnapshot.source)).all() == [SOURCE]
    engine.dispose()
