"""Confirmation buttons bound to the state they were shown for.

A confirmation (delete, import, remove, carry-over, switch material …) carries a stamp: the
user's version number when it was shown, the minute it was issued and a short digest of the
moment the user's row was made. Every change bumps the version, so pressed after anything
changed — or after a day, or after the user's data was deleted and started afresh (a new row,
another digest, even with the same id and version) — it answers "此按钮已过期" and changes nothing.
"""

from __future__ import annotations

import hashlib
import time
from datetime import UTC

from bot import texts
from bot.storage.rows import UserRow
from bot.usecases.replies import Button

VALID_MINUTES = 24 * 60


def _minute() -> int:
    return int(time.time() // 60)


def _born(user: UserRow) -> str:
    created = user.created_at if user.created_at.tzinfo else user.created_at.replace(tzinfo=UTC)
    moment = created.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")
    return hashlib.sha256(moment.encode("ascii")).hexdigest()[:6]


def stamp(user: UserRow) -> str:
    return f"{user.version or 0}.{_minute():x}.{_born(user)}"


def valid(user: UserRow, token: str) -> bool:
    parts = token.split(".")
    if len(parts) != 3:
        return False
    try:
        shown, issued = int(parts[0]), int(parts[1], 16)
    except ValueError:
        return False
    return (shown == (user.version or 0) and parts[2] == _born(user)
            and 0 <= _minute() - issued <= VALID_MINUTES)


def split(arg: str) -> tuple[str, str]:
    """"what~stamp" -> (what, stamp); an argument typed without a stamp -> (arg, "")."""
    what, sep, token = arg.rpartition("~")
    return (what, token) if sep else (arg, "")


def bound(label: str, action: str, what: str, user: UserRow, typed: str) -> Button:
    """A confirmation button for `what`, valid only while nothing has changed."""
    return Button(label, action, f"{what}~{stamp(user)}", typed)


def import_buttons(user: UserRow) -> tuple[tuple[Button, ...], ...]:
    return ((bound(texts.IMPORT_YES, "imp", "yes", user, f"/import {texts.CONFIRM_WORD}"),
             Button(texts.CANCEL, "imp", "no", "/cancel")),)
