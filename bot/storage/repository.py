"""Repositories: add, get and list rows. They never commit; the service's transaction does."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.material.changes import ABSENT, ChangeSet, Value
from bot.storage import prepared
from bot.storage import statements as sql
from bot.storage.db import Unit
from bot.storage.models import (
    Answer,
    AnswerMessage,
    Change,
    ChangeValue,
    Held,
    Invite,
    Material,
    MeasureLink,
    ProcessedUpdate,
    ProfileSnapshot,
    SentReminder,
    User,
)
from bot.storage.rows import USER_COLUMNS, MaterialRow, UserRow


class Repository:
    def __init__(self, source: Session | Unit) -> None:
        self._source = source

    @property
    def session(self) -> Session:
        """The ORM session (a unit makes one on first use)."""
        return self._source if isinstance(self._source, Session) else self._source.session

    def _connection(self) -> Connection:
        return self._source.connection() if isinstance(self._source, Session) else self._source.connection

    def _dialect(self) -> str:
        return self._connection().dialect.name

    def _core(self, statement: Any, params: Any) -> Any:
        """Run a statement built once on the transaction's connection, past the ORM's execution layer.

        Also past its autoflush: these statements never depend on an object the ORM has yet
        to write (new users and materials are inserted and flushed before any of them runs).
        """
        return prepared.execute(self._connection(), statement, params)

    # users (read as plain rows: bot/storage/rows.py)
    def user(self, telegram_id: int, lock: bool = False) -> UserRow | None:
        """The user row; lock=True holds it FOR UPDATE so one official's updates serialise."""
        row = self._core(sql.LOCKED_USER_ROW if lock else sql.USER_ROW, {"telegram_id": telegram_id}).first()
        return UserRow.from_values(tuple(row)) if row is not None else None

    def user_by_id(self, user_id: int) -> UserRow | None:
        """A user row by its own id (a shared material's owner), not locked."""
        row = self._core(sql.USER_BY_ID, {"user_id": user_id}).first()
        return UserRow.from_values(tuple(row)) if row is not None else None

    def locked_user(self, telegram_id: int) -> UserRow:
        """The user row, created if new, held FOR UPDATE until the transaction ends.

        Two workers may see a new official's first update at once; the insert that loses
        the race does nothing (instead of failing the transaction) and both then queue on
        the same row lock.
        """
        user = self.user(telegram_id, lock=True)
        if user is None:
            self._insert_ignoring_duplicate(User.__table__, telegram_id=telegram_id)
            user = self.user(telegram_id, lock=True)
            assert user is not None, "the row was just inserted or already existed"
        return user

    def locked_user_and_material(self, telegram_id: int) -> tuple[UserRow, MaterialRow | None]:
        """The user row (created if new) held FOR UPDATE, and its open material, in one SELECT.

        On SQLite the transaction began IMMEDIATE, so nothing can change either row meanwhile.
        On PostgreSQL both rows are locked (an inner join: the nullable side of an outer join
        cannot be): a SELECT that waited for a lock re-reads the locked rows as they are now,
        where joined rows it did not lock would be as they were when it started. A user with
        no open material (or whose open material changed meanwhile) takes the two-step path.
        """
        dialect = self._dialect()
        statement = sql.LOCKED_USER_SQLITE if dialect == "sqlite" else sql.LOCKED_USER_POSTGRESQL
        if dialect in ("sqlite", "postgresql"):
            row = self._core(statement, {"telegram_id": telegram_id}).first()
            if row is not None:
                width = len(USER_COLUMNS)
                user = UserRow.from_values(tuple(row[:width]))
                material = MaterialRow.from_values(tuple(row[width:])) if row[width] is not None else None
                return user, material
        user = self.locked_user(telegram_id)
        return user, self.material(user.active_draft_id) if user.active_draft_id is not None else None

    def set_version(self, user_id: int, version: int) -> None:
        """The user's version, written at once with a statement built once."""
        self._core(sql.SET_VERSION, {"b_id": user_id, "b_version": version})

    def set_user_state(self, user_id: int, version: int, last_message_id: int | None, holding: bool) -> None:
        """Version and burst marks in one UPDATE."""
        self._core(sql.SET_USER_STATE, {"b_id": user_id, "b_version": version, "b_last": last_message_id,
                                     "b_holding": holding})

    def set_items(self, material_id: int, items: str) -> None:
        """The material's order of items."""
        self._core(sql.SET_ITEMS, {"b_id": material_id, "b_items": items, "updated_at": datetime.now(UTC)})

    def set_focus(self, material_id: int, focus: str | None, focus_part: str | None) -> None:
        """The question being revised and its part."""
        self._core(sql.SET_FOCUS, {"b_id": material_id, "b_focus": focus, "b_focus_part": focus_part,
                                "updated_at": datetime.now(UTC)})

    def update_user(self, user_id: int, **values: Any) -> None:
        """Other columns of the user row (rare commands: built per call)."""
        self._connection().execute(update(sql.USERS).where(sql.USERS.c.id == user_id).values(**values))

    def update_material(self, material_id: int, **values: Any) -> datetime:
        """Other columns of a material (rare commands: built per call); returns its new updated_at."""
        now = datetime.now(UTC)
        self._connection().execute(update(sql.MATERIALS).where(sql.MATERIALS.c.id == material_id).values(
            **values, updated_at=now))
        return now

    def delete_user(self, user: UserRow) -> None:
        self.update_user(user.id, active_draft_id=None)
        self.session.execute(delete(AnswerMessage).where(AnswerMessage.user_id == user.id))
        self.session.execute(delete(Held).where(Held.user_id == user.id))
        for material in self.materials(user):
            self._delete_material_rows(material.id)
        self.session.execute(delete(Material).where(Material.user_id == user.id))
        self.session.execute(delete(User).where(User.id == user.id))
        self.forget_invites(user.telegram_id)

    def forget_invites(self, telegram_id: int) -> int:
        """Remove the user's id from the invites they redeemed; the invites stay used,
        so the code cannot let anyone in again (after /delete an invitee needs a new code)."""
        result = self.session.execute(
            update(Invite).where(Invite.redeemed_by == telegram_id).values(redeemed_by=None)
            .execution_options(synchronize_session=False))
        return int(result.rowcount)  # type: ignore[attr-defined]

    # materials (read as plain rows: bot/storage/rows.py)
    def material(self, material_id: int) -> MaterialRow | None:
        row = self._core(sql.MATERIAL_ROW, {"material_id": material_id}).first()
        return MaterialRow.from_values(tuple(row)) if row is not None else None

    def materials(self, user: UserRow) -> list[MaterialRow]:
        """Every material of the user, newest first."""
        return [MaterialRow.from_values(tuple(row)) for row in self._core(sql.MATERIALS_OF, {"user_id": user.id}).all()]

    def add_material(self, user: UserRow, profile_id: str, digest: str, source: str) -> MaterialRow:
        # ON CONFLICT DO NOTHING: two workers starting the first material of a profile at once
        # both find the snapshot there afterwards (get-then-insert raced on the primary key).
        self._insert_ignoring_duplicate(ProfileSnapshot.__table__, digest=digest, profile_id=profile_id,
                                        source=source, created_at=datetime.now(UTC))
        now = datetime.now(UTC)
        row = self.session.execute(insert(sql.MATERIALS).values(
            user_id=user.id, profile_id=profile_id, profile_digest=digest, archived=False, created_at=now,
            updated_at=now).returning(*sql.MATERIAL_FIELDS)).one()
        return MaterialRow.from_values(tuple(row))

    def delete_material(self, material: MaterialRow) -> None:
        self._delete_material_rows(material.id)
        self.session.execute(delete(Material).where(Material.id == material.id))

    def _delete_material_rows(self, material_id: int) -> None:
        change_ids = select(Change.id).where(Change.draft_id == material_id).scalar_subquery()
        self.session.execute(delete(ChangeValue).where(ChangeValue.change_id.in_(change_ids)))
        for table in (Change, Answer, MeasureLink, SentReminder, AnswerMessage, Held):
            self.session.execute(delete(table).where(table.draft_id == material_id))

    def snapshot(self, digest: str) -> ProfileSnapshot | None:
        return self.session.get(ProfileSnapshot, digest)

    # answers (by stored key: items by their ids, see bot/material/layout.py)
    def answers(self, material: MaterialRow) -> dict[str, str | None]:
        # .all(): one fetchall instead of a fetchone per row.
        return {key: value for key, value in self._core(sql.ANSWERS_OF, {"draft_id": material.id}).all()}

    def set_answer(self, material: MaterialRow, key: str, value: Value, stored: bool) -> None:
        """Give one stored key its value (ABSENT deletes it); stored: whether a row exists now."""
        if value is ABSENT:
            if stored:
                self._core(sql.DELETE_ANSWER, {"b_draft": material.id, "b_key": key})
        elif stored:
            self._core(sql.UPDATE_ANSWER, {"b_draft": material.id, "b_key": key, "value": value,
                                        "updated_at": datetime.now(UTC)})
        else:
            # A plain Core INSERT: no SELECT and no ORM object for the flush to track.
            self._core(sql.INSERT_ANSWER, {"draft_id": material.id, "question_id": key, "value": value,
                                        "updated_at": datetime.now(UTC)})

    # the change log
    def add_change(self, material: MaterialRow, change: ChangeSet) -> int:
        now = datetime.now(UTC)
        change_id = self._core(sql.INSERT_CHANGE, {
            "draft_id": material.id, "kind": change.kind, "target": change.target, "undone": False,
            "created_at": now}).scalar_one()
        rows = [{"change_id": change_id, "key": key, "before_set": before is not ABSENT,
                 "before": None if before is ABSENT else before, "after_set": after is not ABSENT,
                 "after": None if after is ABSENT else after} for key, (before, after) in change.values.items()]
        # All of its values in one executemany (most changes have one: then a plain execute).
        if rows:
            self._core(sql.INSERT_VALUE, rows[0] if len(rows) == 1 else rows)
        return int(change_id)

    def changes(self, material: MaterialRow, limit: int | None = None) -> list[tuple[Change, ChangeSet]]:
        """The material's changes, newest first, each with what it touched."""
        query = select(Change).where(Change.draft_id == material.id).order_by(Change.id.desc())
        heads = list(self.session.scalars(query.limit(limit) if limit else query))
        found: dict[int, ChangeSet] = {c.id: ChangeSet(c.kind, c.target) for c in heads}
        if heads:
            for row in self.session.scalars(select(ChangeValue).where(
                    ChangeValue.change_id.in_(list(found))).order_by(ChangeValue.id)):
                found[row.change_id].values[row.key] = (row.before if row.before_set else ABSENT,
                                                        row.after if row.after_set else ABSENT)
        return [(c, found[c.id]) for c in heads]

    def mark_undone(self, change: Change, undone: bool) -> None:
        change.undone = undone
        self.session.flush()

    # texts held instead of filed (bot/usecases/holding.py)
    def hold(self, user: UserRow, material: MaterialRow | None, text: str, reason: str, question: str | None = None,
             where: str | None = None) -> None:
        self.session.add(Held(user_id=user.id, draft_id=material.id if material else None, text=text,
                              reason=reason, question=question, where=where, created_at=datetime.now(UTC)))
        self.session.flush()

    def held(self, user: UserRow) -> list[Held]:
        """The user's held texts, oldest first (the order they were sent in)."""
        return list(self.session.scalars(select(Held).where(Held.user_id == user.id).order_by(Held.id)))

    def release(self, held: Held) -> None:
        self.session.delete(held)
        self.session.flush()

    # processed updates
    def claim_update(self, bot_id: int, update_id: int) -> bool:
        """Record a Telegram update as handled; False if it already was (a redelivery)."""
        upserts = sql.upserts(self._dialect())
        if upserts is not None:
            return self._core(upserts[0], {"bot_id": bot_id, "update_id": update_id,
                                           "processed_at": datetime.now(UTC)}).first() is not None
        return self._insert_ignoring_duplicate(ProcessedUpdate.__table__, bot_id=bot_id, update_id=update_id)

    def prune_processed_updates(self, before: datetime) -> int:
        """Forget update ids handled before `before`; returns how many rows went."""
        result = self.session.execute(delete(ProcessedUpdate).where(ProcessedUpdate.processed_at < before))
        return int(getattr(result, "rowcount", 0) or 0)

    def _upserting_dialect(self) -> Any:
        """The dialect module whose insert() has ON CONFLICT (PostgreSQL, SQLite), else None."""
        dialect = self._dialect()
        return {"postgresql": postgresql, "sqlite": sqlite}.get(dialect)

    def _insert_ignoring_duplicate(self, table: Table | Any, **values: Any) -> bool:
        """INSERT that does nothing on a unique-key clash; True if a row was inserted."""
        module = self._upserting_dialect()
        if module is not None:
            key = next(iter(table.primary_key.columns))
            # RETURNING rather than rowcount: the driver's rowcount is not reliable here.
            statement = module.insert(table).values(**values).on_conflict_do_nothing().returning(key)
            return self._connection().execute(statement).first() is not None
        try:  # other databases: a savepoint keeps the transaction usable after the clash
            with self.session.begin_nested():
                self.session.execute(insert(table).values(**values))
        except IntegrityError:
            return False
        return True
    def last_activity(self, material: MaterialRow) -> datetime:
        """When the official last changed anything in the material (UTC)."""
        latest = self.session.scalar(select(func.max(Change.created_at)).where(Change.draft_id == material.id))
        return _utc(latest or material.created_at)

    # which message answered which question
    def record_answer_message(self, user: UserRow, material: MaterialRow, message_id: int, question_id: str) -> None:
        upserts = sql.upserts(self._dialect())
        if upserts is not None:
            # One upsert instead of a SELECT and an ORM flush: this runs with every typed answer.
            self._core(upserts[1], {"user_id": user.id, "draft_id": material.id, "message_id": message_id,
                                    "question_id": question_id, "created_at": datetime.now(UTC)})
            return
        row = self.answer_message(user, message_id)
        if row is None:
            self.session.add(AnswerMessage(user_id=user.id, draft_id=material.id, message_id=message_id,
                                           question_id=question_id))
        else:
            row.draft_id, row.question_id, row.pending_value = material.id, question_id, None

    def answer_message(self, user: UserRow, message_id: int) -> AnswerMessage | None:
        return self.session.scalars(select(AnswerMessage).where(
            AnswerMessage.user_id == user.id, AnswerMessage.message_id == message_id)).first()

    # which problems a measure answers: (measure item id, "themes.N.problems.<id>")
    def links(self, material: MaterialRow) -> set[tuple[int, str]]:
        return {(m, p) for m, p in self._core(sql.LINKS_OF, {"draft_id": material.id}).all()}

    def set_links(self, material: MaterialRow, links: set[tuple[int, str]]) -> None:
        current = self.links(material)
        for measure, problem in current - links:
            self.session.execute(delete(MeasureLink).where(
                MeasureLink.draft_id == material.id, MeasureLink.measure == measure, MeasureLink.problem == problem))
        for measure, problem in sorted(links - current):
            self.session.execute(insert(sql.table(MeasureLink)).values(
                draft_id=material.id, measure=measure, problem=problem, created_at=datetime.now(UTC)))

    # reminders
    def reminder_candidates(self) -> list[tuple[UserRow, MaterialRow]]:
        """Every official who wants reminders, with their active draft."""
        rows = self.session.execute(select(*sql.USER_FIELDS, *sql.MATERIAL_FIELDS).select_from(
            sql.USERS.join(sql.MATERIALS, sql.MATERIALS.c.id == sql.USERS.c.active_draft_id)).where(
            sql.USERS.c.reminders_enabled.is_(True)).order_by(sql.USERS.c.id))
        width = len(USER_COLUMNS)
        return [(UserRow.from_values(tuple(row[:width])), MaterialRow.from_values(tuple(row[width:]))) for row in rows]

    def claim_reminder(self, material: MaterialRow, kind: str, key: str) -> int | None:
        """Record a reminder as sent; None if it already was (by this or another worker).

        INSERT … ON CONFLICT DO NOTHING on the unique key, so two workers sweeping at
        once cannot both claim it, and a claim never aborts the surrounding transaction.
        """
        dialect = self._dialect()
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        statement = insert(SentReminder).values(
            draft_id=material.id, kind=kind, key=key, sent_at=datetime.now(UTC),
        ).on_conflict_do_nothing(index_elements=["draft_id", "kind", "key"]).returning(SentReminder.id)
        return self.session.scalar(statement)

    def release_reminder(self, reminder_id: int) -> None:
        """Forget a claim whose message could not be sent, so the next sweep tries again."""
        self.session.execute(delete(SentReminder).where(SentReminder.id == reminder_id))

    def sent_reminders(self, material: MaterialRow) -> list[SentReminder]:
        return list(self.session.scalars(select(SentReminder).where(
            SentReminder.draft_id == material.id).order_by(SentReminder.id)))


def _utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
