"""The official and a material as plain, read-only rows: what the use cases read.

Every update reads the official's row and the open material. Loading them as ORM objects cost
more than any statement the update runs (about 150 µs of the ORM's identity map, instance
state and events, against some 25 µs for the same SELECT on the driver), so the use cases get
frozen rows instead, and change a column only through `Scope.set_user` / `Scope.set_material`
(one UPDATE, and the row replaced): a use case cannot change an attribute that nothing
writes, because a frozen row refuses the assignment.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from typing import Any

from bot.storage.models import Material, User


def _utc(moment: Any) -> Any:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    if isinstance(moment, datetime) and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


@dataclass(frozen=True, slots=True)
class UserRow:
    id: int
    telegram_id: int
    created_at: datetime
    active_draft_id: int | None
    pending_import: str | None
    reminders_enabled: bool
    version: int
    last_message_id: int | None
    holding: bool

    @classmethod
    def of(cls, user: User) -> UserRow:
        return cls.from_values(tuple(getattr(user, name) for name in USER_COLUMNS))

    @classmethod
    def from_values(cls, values: tuple[Any, ...]) -> UserRow:
        """From the columns in USER_COLUMNS order, as the driver returns them."""
        (id_, telegram_id, created_at, active_draft_id, pending_import, reminders_enabled, version,
         last_message_id, holding) = values
        return cls(id_, telegram_id, _utc(created_at), active_draft_id, pending_import, bool(reminders_enabled),
                   version or 0, last_message_id, bool(holding))


@dataclass(frozen=True, slots=True)
class MaterialRow:
    id: int
    user_id: int
    profile_id: str
    profile_digest: str
    focus: str | None
    focus_part: str | None
    meeting_date: date | None
    label: str | None
    archived: bool
    items: str | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, material: Material) -> MaterialRow:
        return cls.from_values(tuple(getattr(material, name) for name in MATERIAL_COLUMNS))

    @classmethod
    def from_values(cls, values: tuple[Any, ...]) -> MaterialRow:
        (id_, user_id, profile_id, profile_digest, focus, focus_part, meeting_date, label, archived, items,
         created_at, updated_at) = values
        return cls(id_, user_id, profile_id, profile_digest, focus, focus_part, meeting_date, label, bool(archived),
                   items, _utc(created_at), _utc(updated_at))


USER_COLUMNS = tuple(f.name for f in fields(UserRow))
MATERIAL_COLUMNS = tuple(f.name for f in fields(MaterialRow))
