"""Schema migrations: Alembic, run by the application itself (start-up and `selfreview migrate`).

The migration scripts live in bot/storage/migrations/versions and ship with the package.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
FIRST_REVISION = "0001"
# Any fixed number: several workers starting at once take this PostgreSQL advisory lock,
# so exactly one of them migrates and the others wait, then find nothing to do.
_MIGRATION_LOCK_KEY = 0x5E1F_0004


class SchemaVersionError(RuntimeError):
    """The database was migrated by a newer selfreview than this one."""


@dataclass(frozen=True)
class MigrationResult:
    before: str | None  # None: the database was empty
    after: str


def alembic_config() -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the migrations directory has exactly one head"
    return head


def database_revision(engine: Engine) -> str | None:
    """The revision the database is at (None: never migrated)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _check_known(script: ScriptDirectory, revisions: tuple[str, ...]) -> None:
    for revision in revisions:
        try:
            known = script.get_revision(revision) is not None
        except CommandError:
            known = False
        if not known:
            raise SchemaVersionError(
                f"数据库结构版本为“{revision}”，本程序不认识该版本（本程序支持到“{head_revision()}”）。\n"
                "这通常说明该数据库已由更新版本的 selfreview 升级过。为避免损坏数据，本程序拒绝启动。\n"
                "请安装与数据库相符的新版本后再启动；不要用旧版本程序操作该数据库。")


def _has_tables_without_version(conn: Connection) -> bool:
    """A database made by create_schema() before migrations existed."""
    return inspect(conn).has_table("users")


def upgrade(engine: Engine, revision: str = "head") -> MigrationResult:
    """Bring the database to `revision` (default: the newest this code knows).

    Refuses (SchemaVersionError) a database at a revision this code does not know,
    i.e. one a newer selfreview has migrated. Safe to call from several processes at
    once: PostgreSQL serialises them on an advisory lock, SQLite on its write lock.
    """
    config = alembic_config()
    script = ScriptDirectory.from_config(config)
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY})
        current = MigrationContext.configure(conn).get_current_heads()
        _check_known(script, current)
        config.attributes["connection"] = conn
        if not current and _has_tables_without_version(conn):
            log.info("database has the pre-migration schema; recording it as revision %s", FIRST_REVISION)
            command.stamp(config, FIRST_REVISION)
            current = (FIRST_REVISION,)
        before = current[0] if current else None
        command.upgrade(config, revision)
        after = MigrationContext.configure(conn).get_current_revision()
    assert after is not None
    if before != after:
        log.info("database schema upgraded from %s to %s", before or "empty", after)
    return MigrationResult(before, after)
