"""Database tables (SQLAlchemy 2.0 typed models)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from bot.storage.crypto import EncryptedText


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class User(Base):
    """An official, known by their Telegram user id (the console uses its own id)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, unique=True, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    active_draft_id: Mapped[int | None] = mapped_column(
        ForeignKey("drafts.id", use_alter=True, name="fk_users_active_draft", ondelete="SET NULL"),
        nullable=True,
    )
    # An answers file received in chat, kept until the official confirms or cancels
    # the import (kept here, not in memory, so any process can take the confirmation).
    pending_import: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    # The official may turn off reminders (idle draft, meeting approaching) with /remind.
    reminders_enabled: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # Bumped by every change the official makes: a confirmation button carries the number it
    # was shown with and expires once anything has changed since (bot/usecases/confirm.py).
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The official's latest chat message id, and whether a burst is being held: a message whose
    # id is the next one after it was sent before the bot's reply came (bot/usecases/holding.py).
    last_message_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    holding: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    drafts: Mapped[list[Material]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True,
        foreign_keys="Material.user_id")


class ProfileSnapshot(Base):
    """The exact profile text a draft was started with, so later edits never change it."""

    __tablename__ = "profile_snapshots"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    profile_id: Mapped[str] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Material(Base):
    """One self-review of one official; a user may have several, one open.

    The table keeps its first name ("drafts"), so do the foreign keys (draft_id).
    """

    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    profile_id: Mapped[str] = mapped_column(String(100))
    profile_digest: Mapped[str] = mapped_column(ForeignKey("profile_snapshots.digest"))
    # The question being revised (after /back or /edit), else None: ask the first
    # unanswered one. focus_part is the part an /edit walks through.
    focus: Mapped[str | None] = mapped_column(String(200), nullable=True)
    focus_part: Mapped[str | None] = mapped_column(String(200), nullable=True)
    # The date of the 民主生活会 (set with /date); reminders count down to it.
    meeting_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    # The official's own name for it in 我的材料 (else the meeting's name).
    label: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    archived: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The order of the items of every list part, as JSON {"causes": [1, 3, 2], ...}; NULL until
    # the first change of a material migrated from before item ids (then positions are the ids).
    items: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship(back_populates="drafts", foreign_keys=[user_id])
    answers: Mapped[list[Answer]] = relationship(
        back_populates="draft", cascade="all, delete-orphan", passive_deletes=True)


class Answer(Base):
    """The current text of one question in one draft; value None means skipped."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("draft_id", "question_id", name="uq_answers_draft_question"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[str] = mapped_column(String(200))
    value: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    draft: Mapped[Material] = relationship(back_populates="answers")


class Change(Base):
    """One change the official made to a material: the single source of undo, redo and history.

    What it touched, before and after, is in its ChangeValue rows, written in the same
    transaction as the change itself. `target` is the stored key of the item or field it is
    about ("themes.2.problems.7", "author"), so /undo 2.3 finds it after the item has moved.
    """

    __tablename__ = "changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # answer, edit, add, remove, move, import, carry ...
    target: Mapped[str | None] = mapped_column(String(200), nullable=True)
    undone: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ChangeValue(Base):
    """One thing a change touched: an answer (by stored key), or "@items:<list>" / "@links" / "@label".

    A missing value is told apart from a skipped one (None) by the *_set flags.
    """

    __tablename__ = "change_values"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    change_id: Mapped[int] = mapped_column(ForeignKey("changes.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(200))
    before_set: Mapped[bool] = mapped_column(Boolean)
    before: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    after_set: Mapped[bool] = mapped_column(Boolean)
    after: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)


class Held(Base):
    """Text the official sent that was kept instead of filed: never lost, never filed unseen.

    reason: "burst" (sent ahead, after one that did not fit), "long" (too long for the question),
    "paste" (several items, awaiting the official's word), "unplaced" (an imported material's text
    that found no place), "command" (a command word, perhaps meant as an answer).
    """

    __tablename__ = "held"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), nullable=True)
    text: Mapped[str] = mapped_column(EncryptedText)
    reason: Mapped[str] = mapped_column(String(20))
    question: Mapped[str | None] = mapped_column(String(200), nullable=True)  # stored key it arrived at
    where: Mapped[str | None] = mapped_column(String(100), nullable=True)  # an unplaced text's old place
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ProcessedUpdate(Base):
    """A Telegram update already handled, so a redelivery changes nothing.

    Written in the same transaction as whatever the update stored, so "stored" and
    "recorded as handled" can never disagree. Holds no personal data; rows older than
    Telegram's redelivery window are pruned (bot.storage.retention).
    """

    __tablename__ = "processed_updates"

    bot_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    processed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
class Invite(Base):
    """A one-time invite code an administrator created (selfreview invite).

    Only a SHA-256 hash of the code is kept, so a copy of the database lets nobody in.
    redeemed_by is the Telegram user id it let in; /delete clears it (the invite stays
    used, so the code cannot be redeemed again).
    """

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    redeemed_by: Mapped[int | None] = mapped_column(BigInteger, nullable=True, index=True)
    redeemed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class Setting(Base):
    """Facts about the database itself, e.g. the encryption key check value."""

    __tablename__ = "settings"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
class MeasureLink(Base):
    """The official's mark that a measure answers a problem (/check uses these pairs)."""

    __tablename__ = "measure_links"
    __table_args__ = (UniqueConstraint("draft_id", "measure", "problem", name="uq_measure_links"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    measure: Mapped[int] = mapped_column(Integer)  # the item id of the measure (measures.<id>)
    problem: Mapped[str] = mapped_column(String(100))  # the problem item: "themes.2.problems.<id>"
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AnswerMessage(Base):
    """Which chat message answered which question, so editing that message can update the answer."""

    __tablename__ = "answer_messages"
    __table_args__ = (UniqueConstraint("user_id", "message_id", name="uq_answer_messages_user_message"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    message_id: Mapped[int] = mapped_column(BigInteger)
    question_id: Mapped[str] = mapped_column(String(200))
    # The edited text, kept until the official confirms or declines replacing the answer.
    pending_value: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SentReminder(Base):
    """A reminder claimed for sending; the unique key makes every reminder go out once."""

    __tablename__ = "sent_reminders"
    __table_args__ = (UniqueConstraint("draft_id", "kind", "key", name="uq_sent_reminders"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # "idle" or "meeting"
    key: Mapped[str] = mapped_column(String(40))  # what makes it distinct: idle since …, days before …
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class WebAccount(Base):
    """A sign-in for the web front end, tied to one users row (the material is the user's, not the account's).

    An invite code opens it; a web-only official's users row gets a negative telegram_id (the
    invite's id, negated): Telegram user ids are positive, so it can never meet a Telegram user,
    and everything keyed by telegram_id (the service, invites, revoke, /delete) works unchanged.
    session_epoch is in every session cookie; bumping it signs the account out everywhere.
    """

    __tablename__ = "web_accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    login: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Failed sign-ins since the last good one, and until when the account refuses to try (every worker sees it).
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Share(Base):
    """A material shared read-only with a reviewer (the 支部书记 or main leader) through a one-time code.

    Only the code's hash is kept. The first signed-in account to enter the code becomes the
    reviewer (reviewer_id); nobody else can use it afterwards. ended_at: the official ended it.
    seen_change: the newest change-log entry the reviewer has seen, so both sides see what changed since.
    """

    __tablename__ = "shares"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True,
                                                    index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    joined_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    seen_change: Mapped[int | None] = mapped_column(Integer, nullable=True)


class Comment(Base):
    """A reviewer's remark on one part or item of a shared material; it never enters the document.

    target is the stored key of what it is about ("themes.2.problems.7", "author"), so the remark
    follows its item when the item moves; quote keeps the words it was made on.
    """

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    share_id: Mapped[int] = mapped_column(ForeignKey("shares.id", ondelete="CASCADE"), index=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    target: Mapped[str] = mapped_column(String(200))
    quote: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    body: Mapped[str] = mapped_column(EncryptedText)
    reply: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class WebLink(Base):
    """A one-time link the bot sends an admitted Telegram user, to open a web account for the same users row.

    Only the code's hash is kept; it is good for a short while and once.
    """

    __tablename__ = "web_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
