"""Repositories: add, get and list rows. They never commit; the service's transaction does."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.storage.models import (
    Answer,
    AnswerMessage,
    Draft,
    Invite,
    MeasureLink,
    ProcessedUpdate,
    ProfileSnapshot,
    Revision,
    SentReminder,
    User,
)


class Repository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # users
    def user(self, telegram_id: int, lock: bool = False) -> User | None:
        """The user row; lock=True holds it FOR UPDATE so one official's updates serialise."""
        query = select(User).where(User.telegram_id == telegram_id)
        if lock:
            query = query.with_for_update()
        return self.session.scalars(query).first()

    def locked_user(self, telegram_id: int) -> User:
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

    def add_user(self, telegram_id: int) -> User:
        user = User(telegram_id=telegram_id)
        self.session.add(user)
        self.session.flush()
        return user

    def delete_user(self, user: User) -> None:
        user.active_draft_id = None
        self.session.flush()
        self.session.execute(delete(AnswerMessage).where(AnswerMessage.user_id == user.id))
        for draft_id in self.session.scalars(select(Draft.id).where(Draft.user_id == user.id)):
            for table in (Revision, Answer, MeasureLink, SentReminder):
                self.session.execute(delete(table).where(table.draft_id == draft_id))
        self.session.execute(delete(Draft).where(Draft.user_id == user.id))
        self.session.execute(delete(User).where(User.id == user.id))
        self.forget_invites(user.telegram_id)

    def forget_invites(self, telegram_id: int) -> int:
        """Remove the user's id from the invites they redeemed; the invites stay used,
        so the code cannot let anyone in again (after /delete an invitee needs a new code)."""
        result = self.session.execute(
            update(Invite).where(Invite.redeemed_by == telegram_id).values(redeemed_by=None)
            .execution_options(synchronize_session=False))
        return int(result.rowcount)  # type: ignore[attr-defined]

    # drafts
    def draft(self, draft_id: int) -> Draft | None:
        return self.session.get(Draft, draft_id)

    def drafts(self, user: User) -> list[Draft]:
        return list(self.session.scalars(
            select(Draft).where(Draft.user_id == user.id).order_by(Draft.id.desc())))

    def add_draft(self, user: User, profile_id: str, digest: str, source: str) -> Draft:
        # Two officials starting the same new profile at once both see no snapshot; an
        # INSERT that ignores the clash (not get-then-add) keeps the loser's transaction alive.
        self._insert_ignoring_duplicate(ProfileSnapshot.__table__, digest=digest, profile_id=profile_id,
                                        source=source, created_at=datetime.now(UTC))
        draft = Draft(user_id=user.id, profile_id=profile_id, profile_digest=digest)
        self.session.add(draft)
        self.session.flush()
        return draft

    def snapshot(self, digest: str) -> ProfileSnapshot | None:
        return self.session.get(ProfileSnapshot, digest)

    # answers
    def answers(self, draft: Draft) -> dict[str, str | None]:
        rows = self.session.execute(
            select(Answer.question_id, Answer.value).where(Answer.draft_id == draft.id))
        return {question_id: value for question_id, value in rows}

    def put_answer(self, draft: Draft, question_id: str, value: str | None, source: str,
                   stored: bool | None = None) -> None:
        """Store an answer and its revision; stored=False (the caller read this draft's answers
        in this transaction and the question is not among them) skips looking for the row."""
        if stored is False:
            # Two plain Core INSERTs: no SELECT, no ORM objects for the flush to track, and not
            # the ORM's bulk-insert machinery either (it costs more than the statement).
            self.session.execute(insert(_table(Answer)).values(
                draft_id=draft.id, question_id=question_id, value=value))
            self.session.execute(insert(_table(Revision)).values(
                draft_id=draft.id, question_id=question_id, value=value, source=source))
            return
        row = self.session.scalars(select(Answer).where(
            Answer.draft_id == draft.id, Answer.question_id == question_id)).first()
        if row is None:
            self.session.add(Answer(draft_id=draft.id, question_id=question_id, value=value))
        elif row.value == value:
            return
        else:
            row.value = value
        self.session.add(Revision(draft_id=draft.id, question_id=question_id, value=value, source=source))

    def revisions(self, draft: Draft, question_id: str) -> list[Revision]:
        return list(self.session.scalars(select(Revision).where(
            Revision.draft_id == draft.id, Revision.question_id == question_id).order_by(Revision.id)))

    # processed updates
    def claim_update(self, bot_id: int, update_id: int) -> bool:
        """Record a Telegram update as handled; False if it already was (a redelivery)."""
        return self._insert_ignoring_duplicate(ProcessedUpdate.__table__, bot_id=bot_id, update_id=update_id)

    def prune_processed_updates(self, before: datetime) -> int:
        """Forget update ids handled before `before`; returns how many rows went."""
        result = self.session.execute(delete(ProcessedUpdate).where(ProcessedUpdate.processed_at < before))
        return int(getattr(result, "rowcount", 0) or 0)

    def _upserting_dialect(self) -> Any:
        """The dialect module whose insert() has ON CONFLICT (PostgreSQL, SQLite), else None."""
        dialect = self.session.get_bind().dialect.name
        return {"postgresql": postgresql, "sqlite": sqlite}.get(dialect)

    def _insert_ignoring_duplicate(self, table: Table | Any, **values: Any) -> bool:
        """INSERT that does nothing on a unique-key clash; True if a row was inserted."""
        module = self._upserting_dialect()
        if module is not None:
            key = next(iter(table.primary_key.columns))
            # RETURNING rather than rowcount: the driver's rowcount is not reliable here.
            statement = module.insert(table).values(**values).on_conflict_do_nothing().returning(key)
            return self.session.execute(statement).first() is not None
        try:  # other databases: a savepoint keeps the transaction usable after the clash
            with self.session.begin_nested():
                self.session.execute(insert(table).values(**values))
        except IntegrityError:
            return False
        return True
    def latest_revisions(self, draft: Draft, limit: int | None = None) -> list[Revision]:
        """The draft's revisions, newest first."""
        query = select(Revision).where(Revision.draft_id == draft.id).order_by(Revision.id.desc())
        return list(self.session.scalars(query.limit(limit) if limit else query))

    def last_activity(self, draft: Draft) -> datetime:
        """When the official last changed anything in the draft (UTC)."""
        latest = self.session.scalar(select(func.max(Revision.created_at)).where(Revision.draft_id == draft.id))
        return _utc(latest or draft.created_at)

    # which message answered which question
    def record_answer_message(self, user: User, draft: Draft, message_id: int, question_id: str) -> None:
        module = self._upserting_dialect()
        if module is not None:
            # One upsert instead of a SELECT and an ORM flush: this runs with every typed answer.
            statement = module.insert(AnswerMessage.__table__).values(
                user_id=user.id, draft_id=draft.id, message_id=message_id, question_id=question_id)
            self.session.execute(statement.on_conflict_do_update(
                index_elements=["user_id", "message_id"],
                set_={"draft_id": draft.id, "question_id": question_id, "pending_value": None}))
            return
        row = self.answer_message(user, message_id)
        if row is None:
            self.session.add(AnswerMessage(user_id=user.id, draft_id=draft.id, message_id=message_id,
                                           question_id=question_id))
        else:
            row.draft_id, row.question_id, row.pending_value = draft.id, question_id, None

    def answer_message(self, user: User, message_id: int) -> AnswerMessage | None:
        return self.session.scalars(select(AnswerMessage).where(
            AnswerMessage.user_id == user.id, AnswerMessage.message_id == message_id)).first()

    # which problems a measure answers
    def measure_links(self, draft: Draft) -> dict[int, frozenset[str]]:
        found: dict[int, set[str]] = {}
        for measure, problem in self.session.execute(select(MeasureLink.measure, MeasureLink.problem).where(
                MeasureLink.draft_id == draft.id)):
            found.setdefault(measure, set()).add(problem)
        return {measure: frozenset(problems) for measure, problems in found.items()}

    def set_measure_link(self, draft: Draft, measure: int, problem: str, linked: bool) -> None:
        row = self.session.scalars(select(MeasureLink).where(
            MeasureLink.draft_id == draft.id, MeasureLink.measure == measure, MeasureLink.problem == problem)).first()
        if linked and row is None:
            self.session.add(MeasureLink(draft_id=draft.id, measure=measure, problem=problem))
        elif not linked and row is not None:
            self.session.delete(row)
        self.session.flush()

    # reminders
    def reminder_candidates(self) -> list[tuple[User, Draft]]:
        """Every official who wants reminders, with their active draft."""
        rows = self.session.execute(select(User, Draft).join(Draft, Draft.id == User.active_draft_id).where(
            User.reminders_enabled.is_(True)).order_by(User.id))
        return [(row[0], row[1]) for row in rows]

    def claim_reminder(self, draft: Draft, kind: str, key: str) -> int | None:
        """Record a reminder as sent; None if it already was (by this or another worker).

        INSERT … ON CONFLICT DO NOTHING on the unique key, so two workers sweeping at
        once cannot both claim it, and a claim never aborts the surrounding transaction.
        """
        dialect = self.session.get_bind().dialect.name
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        statement = insert(SentReminder).values(
            draft_id=draft.id, kind=kind, key=key, sent_at=datetime.now(UTC),
        ).on_conflict_do_nothing(index_elements=["draft_id", "kind", "key"]).returning(SentReminder.id)
        return self.session.scalar(statement)

    def release_reminder(self, reminder_id: int) -> None:
        """Forget a claim whose message could not be sent, so the next sweep tries again."""
        self.session.execute(delete(SentReminder).where(SentReminder.id == reminder_id))

    def sent_reminders(self, draft: Draft) -> list[SentReminder]:
        return list(self.session.scalars(select(SentReminder).where(
            SentReminder.draft_id == draft.id).order_by(SentReminder.id)))


def _utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _table(model: type[Any]) -> Table:
    """A model's Core table (typed as a plain FromClause by SQLAlchemy's stubs)."""
    table: Table = model.__table__
    return table
