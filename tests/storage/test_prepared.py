"""Statements run on the driver's cursor (bot/storage/prepared.py): the same rows, types,
encryption and errors as through SQLAlchemy, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Text, bindparam, event, insert, select, type_coerce
from sqlalchemy.exc import DBAPIError, IntegrityError

from bot.app import build_service
from bot.config import Config
from bot.storage import prepared
from bot.storage.crypto import generate_key
from bot.storage.models import Answer, AnswerMessage, ProcessedUpdate
from bot.storage.statements import upserts

ANSWERS = Answer.__table__
READ = select(ANSWERS.c.question_id, ANSWERS.c.value, ANSWERS.c.updated_at).where(
    ANSWERS.c.draft_id == bindparam("draft_id")).order_by(ANSWERS.c.question_id)
WRITE = insert(ANSWERS)


def _material(config: Config) -> Any:
    service = build_service(config)
    service.new(5005, "2021-dangshi")
    with service.db.transaction() as session:
        scope = service.scope(session, 5005)
        assert scope.material is not None
        return service, scope.material.id


def _rows(service: Any, material_id: int) -> list[tuple[Any, ...]]:
    with service.db.transaction() as session:
        return prepared.execute(session.connection(), READ, {"draft_id": material_id}).all()


def test_written_and_read_back_as_sqlalchemy_would(any_db_config: Config) -> None:
    """Encrypted text, times and executemany: what the fast path writes SQLAlchemy reads, and back."""
    config = replace(any_db_config, encryption_key=generate_key())
    service, material_id = _material(config)
    when = datetime(2026, 12, 6, 8, 30, tzinfo=UTC)
    with service.db.transaction() as session:
        connection = session.connection()
        prepared.execute(connection, WRITE, {"draft_id": material_id, "question_id": "a", "value": "学习不够深入",
                                             "updated_at": when})
        prepared.execute(connection, WRITE, [
            {"draft_id": material_id, "question_id": "b", "value": None, "updated_at": when},
            {"draft_id": material_id, "question_id": "c", "value": "调查研究不够", "updated_at": when}])
    with service.db.transaction() as session:
        # SQLAlchemy's own execution reads what the fast path wrote: decrypted, with its time.
        slow = session.execute(READ, {"draft_id": material_id}).all()
        stored = session.execute(select(type_coerce(ANSWERS.c.value, Text)).where(
            ANSWERS.c.question_id == "a")).scalar_one()
    fast = _rows(service, material_id)
    assert [tuple(row) for row in slow] == fast
    assert [(q, v) for q, v, _ in fast] == [("a", "学习不够深入"), ("b", None), ("c", "调查研究不够")]
    assert all(moment.replace(tzinfo=UTC) == when for _, _, moment in fast)
    assert "学习" not in stored  # encrypted at rest, as through the ORM
    pairs = select(ANSWERS.c.question_id, ANSWERS.c.value).where(ANSWERS.c.draft_id == bindparam("draft_id"))
    flipped = select(ANSWERS.c.value, ANSWERS.c.question_id).where(ANSWERS.c.draft_id == bindparam("draft_id"))
    with service.db.transaction() as session:
        two = prepared.execute(session.connection(), pairs, {"draft_id": material_id}).all()
        back = prepared.execute(session.connection(), flipped, {"draft_id": material_id}).all()
    assert sorted(two, key=str) == [("a", "学习不够深入"), ("b", None), ("c", "调查研究不够")]
    assert sorted(back, key=str) == sorted([(v, q) for q, v in two], key=str)


def test_a_statement_holding_a_value_and_an_upsert(any_db_config: Config) -> None:
    """The answer-message upsert writes `pending_value: None` from the statement itself."""
    service, material_id = _material(any_db_config)
    upsert = upserts(service.db.engine.dialect.name)
    assert upsert is not None
    with service.db.transaction() as session:
        user_id = session.execute(select(AnswerMessage.__table__.c.id)).first()  # none yet
        assert user_id is None
        scope = service.scope(session, 5005)
        params = {"user_id": scope.user.id, "draft_id": material_id, "message_id": 9, "question_id": "x",
                  "created_at": datetime.now(UTC)}
        prepared.execute(session.connection(), upsert[1], params)
        prepared.execute(session.connection(), upsert[1], {**params, "question_id": "y"})
        claim = {"bot_id": 1, "update_id": 2, "processed_at": datetime.now(UTC)}
        assert prepared.execute(session.connection(), upsert[0], claim).first() is not None
        assert prepared.execute(session.connection(), upsert[0], claim).first() is None  # already claimed
    with service.db.transaction() as session:
        rows = session.execute(select(AnswerMessage.question_id, AnswerMessage.pending_value)).all()
        assert [tuple(r) for r in rows] == [("y", None)]
        assert session.execute(select(ProcessedUpdate.update_id)).scalars().all() == [2]


def test_a_driver_error_is_sqlalchemys(any_db_config: Config) -> None:
    """The front ends tell database trouble by SQLAlchemy's exception classes."""
    service, material_id = _material(any_db_config)
    row = {"draft_id": material_id, "question_id": "a", "value": "v", "updated_at": datetime.now(UTC)}
    with pytest.raises(IntegrityError) as raised, service.db.transaction() as session:
        prepared.execute(session.connection(), WRITE, row)
        prepared.execute(session.connection(), WRITE, row)  # (draft_id, question_id) is unique
    assert isinstance(raised.value, DBAPIError)
    assert _rows(service, material_id) == []  # and the transaction was rolled back


def test_defaults_left_to_sqlalchemy_and_listeners_take_the_usual_path(config: Config) -> None:
    service, material_id = _material(config)
    seen: list[str] = []
    with service.db.transaction() as session:
        # updated_at left out: its Python-side default must be filled in, so SQLAlchemy runs it.
        prepared.execute(session.connection(), WRITE, {"draft_id": material_id, "question_id": "a", "value": "v"})
    event.listen(service.db.engine, "before_cursor_execute", lambda *args: seen.append(args[2]))
    assert [q for q, _, moment in _rows(service, material_id) if moment is not None] == ["a"]
    assert any("FROM answers" in statement for statement in seen)  # a listener sees the fast path's reads too


def test_each_engine_encrypts_with_its_own_key(tmp_path: Any, config: Config) -> None:
    """Compiled forms are kept per engine: one without a key must not make another store plain text."""
    plain, _ = _material(replace(config, database_url=f"sqlite:///{tmp_path / 'plain.db'}"))
    secret, material_id = _material(replace(config, database_url=f"sqlite:///{tmp_path / 'secret.db'}",
                                            encryption_key=generate_key()))
    for service in (plain, secret):  # the plain engine compiles the statement first
        with service.db.transaction() as session:
            prepared.execute(session.connection(), WRITE, {"draft_id": material_id, "question_id": "k",
                                                           "value": "廉洁自律", "updated_at": datetime.now(UTC)})
    with secret.db.engine.connect() as conn:
        stored = conn.execute(select(type_coerce(ANSWERS.c.value, Text)).where(ANSWERS.c.question_id == "k"))
        assert "廉洁" not in stored.scalar_one()
    assert [v for q, v, _ in _rows(secret, material_id) if q == "k"] == ["廉洁自律"]
