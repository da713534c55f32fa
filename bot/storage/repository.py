"""Repositories: add, get and list rows. They never commit; the service's transaction does."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.storage.models import Answer, Draft, Invite, ProcessedUpdate, ProfileSnapshot, Revision, User


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
        for draft_id in self.session.scalars(select(Draft.id).where(Draft.user_id == user.id)):
            self.session.execute(delete(Revision).where(Revision.draft_id == draft_id))
            self.session.execute(delete(Answer).where(Answer.draft_id == draft_id))
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
        if self.session.get(ProfileSnapshot, digest) is None:
            self.session.add(ProfileSnapshot(digest=digest, profile_id=profile_id, source=source))
            self.session.flush()  # no relationship orders the insert: the snapshot must exist first
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

    def put_answer(self, draft: Draft, question_id: str, value: str | None, source: str) -> None:
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

    def _insert_ignoring_duplicate(self, table: Table | Any, **values: Any) -> bool:
        """INSERT that does nothing on a unique-key clash; True if a row was inserted."""
        dialect = self.session.get_bind().dialect.name
        if dialect in ("postgresql", "sqlite"):
            module: Any = postgresql if dialect == "postgresql" else sqlite
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
