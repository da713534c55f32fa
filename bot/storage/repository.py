"""Repositories: add, get and list rows. They never commit; the service's transaction does."""

from __future__ import annotations

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from bot.storage.models import Answer, Draft, ProfileSnapshot, Revision, User


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

    def put_answer(self, draft: Draft, question_id: str, value: str | None, source: str,
                   stored: bool | None = None) -> None:
        """Store an answer and its revision; stored=False (the caller read this draft's answers
        in this transaction and the question is not among them) skips looking for the row."""
        if stored is False:
            # Two plain INSERTs: no SELECT, and no ORM objects for the flush to track.
            self.session.execute(insert(Answer), [{"draft_id": draft.id, "question_id": question_id,
                                                   "value": value}])
            self.session.execute(insert(Revision), [{"draft_id": draft.id, "question_id": question_id,
                                                     "value": value, "source": source}])
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
