"""Who may use the bot: an allowlist of Telegram user ids plus one-time invite codes.

Closed by default: with no allowlist and no redeemed invite nobody is let in. Only a
SHA-256 hash of each invite code is stored (codes are 80 random bits, so a fast hash
is enough), and nothing is stored about people who are refused.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import bindparam, select, update

from bot.storage.db import Database
from bot.storage.models import Invite
from bot.storage.repository import Repository

_CODE_BYTES = 10  # 80 bits -> 16 base32 characters, fine for a t.me/<bot>?start=<code> link
_CODE_SHAPE = re.compile(r"^[A-Z2-7]{16}$")
# Built once: the gate asks it for every update of an invited official.
_REDEEMED_BY = select(Invite.__table__.c.id).where(Invite.__table__.c.redeemed_by == bindparam("telegram_id")).limit(1)


class Redemption(enum.Enum):
    ACCEPTED = "accepted"
    UNKNOWN = "unknown"  # no such code (or mistyped)
    USED = "used"
    EXPIRED = "expired"


@dataclass(frozen=True)
class InviteInfo:
    """An invite as the administrator sees it (never the code itself: it is not stored)."""

    id: int
    created_at: datetime
    expires_at: datetime | None
    redeemed_by: int | None
    redeemed_at: datetime | None


def normalize_code(code: str) -> str:
    """Codes are typed on phones: ignore case, spaces and dashes."""
    return re.sub(r"[\s\-_]", "", code).upper()


def hash_code(code: str) -> str:
    return hashlib.sha256(normalize_code(code).encode("ascii", "ignore")).hexdigest()


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes; everything stored is UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


class AccessPolicy:
    """The allowlist (from config) and the invites table; the Telegram gate asks it."""

    def __init__(self, db: Database, allowed_users: Iterable[int] = ()) -> None:
        self.db = db
        self.allowed_users = frozenset(allowed_users)

    def allows(self, telegram_id: int) -> bool:
        if telegram_id in self.allowed_users:
            return True
        # One SELECT outside any transaction: on SQLite every transaction begins IMMEDIATE (takes
        # the write lock), and an invited official's every update would take it twice.
        with self.db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            found = conn.execute(_REDEEMED_BY, {"telegram_id": telegram_id}).first()
        return found is not None

    def redeem(self, telegram_id: int, code: str, now: datetime | None = None) -> Redemption:
        """Use an invite code for this user; a code lets exactly one person in."""
        code = normalize_code(code)
        if not _CODE_SHAPE.match(code):
            return Redemption.UNKNOWN  # not even the shape of a code: no database lookup
        now = now or datetime.now(UTC)
        with self.db.transaction() as session:
            invite = session.scalars(select(Invite).where(Invite.code_hash == hash_code(code))).first()
            if invite is None:
                return Redemption.UNKNOWN
            if invite.redeemed_at is not None:
                return Redemption.ACCEPTED if invite.redeemed_by == telegram_id else Redemption.USED
            expires = _aware(invite.expires_at)
            if expires is not None and expires <= now:
                return Redemption.EXPIRED
            # Conditional update: of two people redeeming the same code at once, one wins.
            result = session.execute(
                update(Invite).where(Invite.id == invite.id, Invite.redeemed_at.is_(None))
                .values(redeemed_by=telegram_id, redeemed_at=now)
                .execution_options(synchronize_session=False))
            return Redemption.ACCEPTED if result.rowcount == 1 else Redemption.USED  # type: ignore[attr-defined]


# ---- administration (selfreview invite / invites / revoke) ------------------------------


def create_invites(db: Database, count: int = 1, valid_for: timedelta | None = None) -> list[str]:
    """New one-time codes; only their hashes are stored, so print them now or never."""
    now = datetime.now(UTC)
    codes = [base64.b32encode(secrets.token_bytes(_CODE_BYTES)).decode("ascii") for _ in range(count)]
    with db.transaction() as session:
        for code in codes:
            session.add(Invite(code_hash=hash_code(code), created_at=now,
                               expires_at=now + valid_for if valid_for else None))
    return codes


def list_invites(db: Database) -> list[InviteInfo]:
    with db.transaction() as session:
        rows = session.scalars(select(Invite).order_by(Invite.id)).all()
        return [InviteInfo(r.id, _aware(r.created_at) or r.created_at, _aware(r.expires_at), r.redeemed_by,
                           _aware(r.redeemed_at)) for r in rows]


def revoke_user(db: Database, telegram_id: int) -> int:
    """Withdraw the invites a user redeemed (the allowlist is in the configuration)."""
    with db.transaction() as session:
        return Repository(session).forget_invites(telegram_id)
