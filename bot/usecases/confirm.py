"""Confirmation buttons bound to the state they were shown for.

A confirmation (delete, import, remove, carry-over, switch material …) carries a stamp: the
user's version number when it was shown and the minute it was issued. Every change bumps the
version, so pressed after anything changed — or after a day, or after the user's data was
deleted and started afresh — it answers "此按钮已过期" and changes nothing.
"""

from __future__ import annotations

import time
from datetime import UTC

from bot.storage.models import User
from bot.usecases.replies import Button

VALID_MINUTES = 24 * 60


def _minute() -> int:
    return int(time.time() // 60)


def stamp(user: User) -> str:
    return f"{user.version or 0}.{_minute():x}"


def valid(user: User, token: str) -> bool:
    version, _, minute = token.partition(".")
    try:
        shown, issued = int(version), int(minute, 16)
    except ValueError:
        return False
    created = user.created_at if user.created_at.tzinfo else user.created_at.replace(tzinfo=UTC)
    born = int(created.timestamp() // 60)
    return shown == (user.version or 0) and born <= issued and _minute() - issued <= VALID_MINUTES


def split(arg: str) -> tuple[str, str]:
    """"what~stamp" -> (what, stamp)."""
    what, _, token = arg.rpartition("~")
    return what, token


def bound(label: str, action: str, what: str, user: User, typed: str) -> Button:
    """A confirmation button for `what`, valid only while nothing has changed."""
    return Button(label, action, f"{what}~{stamp(user)}", typed)


def import_buttons(user: User) -> tuple[tuple[Button, ...], ...]:
    return ((bound("确认导入", "imp", "yes", user, "/import 确认"), Button("取消", "imp", "no", "/cancel")),)
