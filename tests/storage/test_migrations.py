"""Schema migrations: upgrades keep every answer; a database newer than the code is refused."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot import cli
from bot.app import build_service
from bot.config import Config
from bot.profiles import Profile
from bot.storage import migrate
from bot.storage.db import make_engine
from bot.storage.models import Base
from tests.conftest import ROOT

CREATED = datetime(2024, 11, 5, 9, 30, tzinfo=UTC)

# Written for this test: answers an official might have typed, with the characters that
# break naive storage (quotes, newlines, full-width punctuation, a skipped answer).
ANSWERS: list[tuple[str, str | None]] = [
    ("author.position", "县人民政府副县长"),
    ("author.name", "李试验"),
    ("author.unit", None),
    ("themes.1.lead", "本人坚持把学习摆在首位，但对照要求还有差距：\n一方面……"),
    ("themes.1.problems.1.title", "学习的“深度”不够"),
    ("themes.1.problems.1.detail", "读原文不多，满足于看摘要'和'听传达"),
    ("themes.1.problems.1.example", "今年 3 月至 6 月只记了 2 篇笔记"),
]


# What the answers table holds: the position was revised once.
CURRENT = [("author.position", "县委常委、县人民政府副县长"), *ANSWERS[1:]]


def at_first_revision(engine: Engine) -> None:
    config = migrate.alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, migrate.FIRST_REVISION)


def fill_at_first_revision(engine: Engine, digest: str = "d1", source: str = "id: 2021-dangshi") -> None:
    """Rows as the first schema stores them, written with plain SQL (no current models)."""
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO profile_snapshots (digest, profile_id, source, created_at) "
                          "VALUES (:d, '2021-dangshi', :s, :t)"), {"d": digest, "s": source, "t": CREATED})
        conn.execute(text("INSERT INTO users (id, telegram_id, created_at, pending_import) "
                          "VALUES (1, 9000000001, :t, NULL)"), {"t": CREATED})
        conn.execute(text("INSERT INTO drafts (id, user_id, profile_id, profile_digest, focus, focus_part, "
                          "created_at, updated_at) VALUES (1, 1, '2021-dangshi', :d, NULL, NULL, :t, :t)"),
                     {"d": digest, "t": CREATED})
        conn.execute(text("UPDATE users SET active_draft_id = 1 WHERE id = 1"))
        for number, (question, value) in enumerate(ANSWERS, start=1):
            conn.execute(text("INSERT INTO answers (id, draft_id, question_id, value, updated_at) "
                              "VALUES (:id, 1, :q, :v, :t)"), {"id": number, "q": question, "v": value, "t": CREATED})
            conn.execute(text("INSERT INTO revisions (id, draft_id, question_id, value, source, created_at) "
                              "VALUES (:id, 1, :q, :v, 'answer', :t)"),
                         {"id": number, "q": question, "v": value, "t": CREATED})
        # An earlier version of the position, typed before the one now current.
        conn.execute(text("UPDATE revisions SET value = '县人民政府副县长' WHERE id = 1"))
        conn.execute(text("INSERT INTO revisions (id, draft_id, question_id, value, source, created_at) "
                          "VALUES (100, 1, 'author.position', '县委常委、县人民政府副县长', 'edit', :t)"),
                     {"t": CREATED})
        conn.execute(text("UPDATE answers SET value = '县委常委、县人民政府副县长' WHERE question_id = 'author.position'"))


def snapshot(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    tables = {"users": "id, telegram_id, active_draft_id, pending_import",
              "drafts": "id, user_id, profile_id, profile_digest, focus",
              "answers": "id, draft_id, question_id, value",
              "profile_snapshots": "digest, profile_id, source"}
    with engine.connect() as conn:
        return {name: [tuple(row) for row in conn.execute(text(f"SELECT {cols} FROM {name} ORDER BY 1"))]
                for name, cols in tables.items()}


def test_upgrade_from_the_first_revision_keeps_every_answer(any_db_config: Config) -> None:
    engine = make_engine(any_db_config.database_url)
    at_first_revision(engine)
    fill_at_first_revision(engine)
    before = snapshot(engine)
    assert len(before["answers"]) == len(ANSWERS)

    with engine.connect() as conn:
        revisions = [tuple(r) for r in conn.execute(text(
            "SELECT draft_id, question_id, value, source FROM revisions ORDER BY id"))]

    result = migrate.upgrade(engine)

    assert (result.before, result.after) == (migrate.FIRST_REVISION, migrate.head_revision())
    assert snapshot(engine) == before
    assert [(q, v) for _, _, q, v in snapshot(engine)["answers"]] == CURRENT
    # Every revision is one change now, holding what it replaced (the previous revision) and its value.
    with engine.connect() as conn:
        changes = [tuple(r) for r in conn.execute(text(
            "SELECT c.draft_id, v.key, v.after, c.kind, v.before_set, v.before FROM changes c "
            "JOIN change_values v ON v.change_id = c.id ORDER BY c.id"))]
    assert [(d, q, v) for d, q, v, *_ in changes] == [(d, q, v) for d, q, v, _ in revisions]
    assert [kind for _, _, _, kind, _, _ in changes] == ["answer"] * len(ANSWERS) + ["edit"]
    assert changes[-1][4:] == (True, "县人民政府副县长")
    assert all(not before_set for _, _, _, _, before_set, _ in changes[:-1])
    # The upgraded database works for the new code: a new update is recorded alongside.
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO processed_updates (bot_id, update_id, processed_at) VALUES (1, 1, :t)"),
                     {"t": CREATED})
    engine.dispose()


def test_the_service_reads_an_upgraded_database(config: Config, profile: Profile) -> None:
    engine = make_engine(config.database_url)
    at_first_revision(engine)
    fill_at_first_revision(engine, profile.digest, profile.source)
    engine.dispose()
    service = build_service(config)
    with service.db.transaction() as session:
        ctx = service.scope(session, 9000000001)
        assert ctx.answers == dict(CURRENT)
    assert "学习的“深度”不够" in (service.export_yaml(9000000001) or "")
    # Its history came along: listed, and /undo goes back to the version before.
    assert "县委常委、县人民政府副县长" in service.history(9000000001, "1")[0].text
    assert "恢复为：县人民政府副县长" in service.undo(9000000001)[0].text
    assert len(service.materials(9000000001)) == 1


def test_migrations_match_the_models(any_db_config: Config) -> None:
    """Every model change comes with a migration: the migrated schema is what the models say."""
    engine = make_engine(any_db_config.database_url)
    migrate.upgrade(engine)
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    engine.dispose()
    assert differences == []


def test_a_database_from_before_migrations_is_adopted(config: Config) -> None:
    """Made by the old create_schema(): recorded as the first revision, then upgraded."""
    engine = make_engine(config.database_url)
    # The schema create_schema() made before migrations existed is exactly revision 0001's;
    # without the alembic_version table it looks like a database from that time.
    migrate.upgrade(engine, migrate.FIRST_REVISION)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))
    fill_at_first_revision(engine)
    before = snapshot(engine)
    result = migrate.upgrade(engine)
    assert (result.before, result.after) == (migrate.FIRST_REVISION, migrate.head_revision())
    assert snapshot(engine) == before
    engine.dispose()


def test_a_database_newer_than_the_code_is_refused(
        any_db_config: Config, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    engine = make_engine(any_db_config.database_url)
    migrate.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))

    with pytest.raises(migrate.SchemaVersionError, match="本程序不认识该版本"):
        build_service(any_db_config)
    with engine.connect() as conn:  # and nothing was touched
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0099"
    engine.dispose()

    config_file = tmp_path / "config.yaml"
    config_file.write_text(f"database:\n  url: {any_db_config.database_url}\n"
                           f"profiles:\n  dir: {ROOT / 'prompts'}\ntemplates:\n  dir: {ROOT / 'templates'}\n",
                           encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["--config", str(config_file), "migrate"]) == 2
    assert cli.main(["--config", str(config_file), "export", "--user", "1"]) == 2
    err = capsys.readouterr().err
    assert "数据库结构版本为“0099”" in err and "请安装与数据库相符的新版本" in err
    assert "Traceback" not in err


def test_selfreview_migrate_reports_what_it_did(config: Config, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    config_file = tmp_path / "config.yaml"
    config_file.write_text(f"database:\n  url: {config.database_url}\n", encoding="utf-8")
    engine = make_engine(config.database_url)
    at_first_revision(engine)
    engine.dispose()
    assert cli.main(["--config", str(config_file), "migrate"]) == 0
    assert cli.main(["--config", str(config_file), "migrate"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [f"数据库结构已从0001升级到{migrate.head_revision()}，原有数据全部保留。",
                   f"数据库结构已是最新版本（{migrate.head_revision()}），无需升级。"]


def test_workers_starting_together_migrate_once(postgres_url: str) -> None:
    """Several webhook workers start at the same moment on a fresh PostgreSQL database."""
    errors: list[BaseException] = []
    results: list[migrate.MigrationResult] = []
    barrier = threading.Barrier(3)

    def start() -> None:
        engine = make_engine(postgres_url)
        try:
            barrier.wait()
            results.append(migrate.upgrade(engine))
        except BaseException as exc:
            errors.append(exc)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=start) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert sorted(r.before or "" for r in results) == ["", migrate.head_revision(), migrate.head_revision()]
