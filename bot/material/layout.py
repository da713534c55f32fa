"""Items with stable ids, and the positions the interview sees (pure).

The interview engine numbers the items of a list part by position ("causes.2.title" is the
second cause). Stored answers name items by a stable id instead ("causes.7.title" is cause
number 7 ever written in this material), and the material keeps each list's order of ids.
Moving or removing an item then rewrites one order, not the answers; its history, its
/link marks and the message that answered it follow the item.

A material from before item ids has no stored order: its positions are its ids (that is how
the answers were stored), read off the answers the way the engine reads them.

"Is there one more item?" is asked after an item; in positions it is always yes before the
last item, and for the last item it is that item's stored answer (moves and removals carry it
to the new last item, see `Layout.tail_fixes`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from bot.interview.engine import NO, YES
from bot.material.changes import ABSENT, Value, encode_orders
from bot.profiles.model import Bounds, Profile

# The fields each list's items have (besides "more").
LIST_FIELDS: dict[str, tuple[str, ...]] = {
    "problems": ("title", "detail", "example"),
    "causes": ("title", "detail"),
    "measures": ("title", "detail"),
    "rectification": ("title", "done", "remaining"),
}
FLAT_LISTS = ("causes", "measures", "rectification")


@dataclass(frozen=True)
class Place:
    """Where a key points into a list: list "themes.2.problems", index 3 (a position or an id), field."""

    list_key: str
    index: int
    field: str | None  # None: the item itself ("themes.2.problems.3")

    def key(self, index: int | None = None) -> str:
        base = f"{self.list_key}.{self.index if index is None else index}"
        return base if self.field is None else f"{base}.{self.field}"


@lru_cache(maxsize=8192)
def place(key: str) -> Place | None:
    """The list place a question id, stored key or part key names; None for anything else.

    Memoised: every update lays out all of a material's keys twice, and the keys are the same
    few hundred question ids in every material (a Place is frozen, so sharing one is safe).
    """
    parts = key.split(".")
    if parts[0] == "themes" and len(parts) in (4, 5) and parts[2] == "problems" and parts[3].isdigit():
        return Place(".".join(parts[:3]), int(parts[3]), parts[4] if len(parts) == 5 else None)
    if parts[0] in FLAT_LISTS and len(parts) in (2, 3) and parts[1].isdigit():
        return Place(parts[0], int(parts[1]), parts[2] if len(parts) == 3 else None)
    return None


def list_name(list_key: str) -> str:
    """"themes.2.problems" -> "problems"; "causes" -> "causes"."""
    return list_key.rsplit(".", 1)[-1]


def list_keys(profile: Profile) -> list[str]:
    """Every list part the profile has."""
    keys = [f"themes.{i}.problems" for i in range(1, len(profile.aspects) + 1)]
    return keys + [k for k in FLAT_LISTS if k in profile.layout.parts or (
        k == "rectification" and profile.rectification_place is not None)]


def bounds(profile: Profile, list_key: str) -> Bounds:
    found: Bounds = getattr(profile.counts, list_name(list_key))
    return found


def _legacy_order(profile: Profile, stored: Mapping[str, str | None], list_key: str) -> list[int]:
    """Positions were ids before item ids: the items the engine would show that hold an answer."""
    limit = bounds(profile, list_key)
    fields = LIST_FIELDS[list_name(list_key)]
    order: list[int] = []
    k = 1
    while any(f"{list_key}.{k}.{name}" in stored for name in fields):
        order.append(k)
        if k >= limit.max or (k >= limit.min and stored.get(f"{list_key}.{k}.more") != YES):
            break
        k += 1
    return order


class Layout:
    """The stored answers of one material and the order of its items; translates both ways."""

    def __init__(self, profile: Profile, stored: Mapping[str, str | None], items_json: str | None) -> None:
        self.profile = profile
        self.stored = dict(stored)
        saved: dict[str, list[int]] = json.loads(items_json) if items_json else {}
        self.order: dict[str, list[int]] = {
            key: list(saved[key]) if key in saved else _legacy_order(profile, self.stored, key)
            for key in list_keys(profile)}

    def items_json(self) -> str:
        return encode_orders(self.order)

    # ---- reading -------------------------------------------------------------------------

    def positional(self) -> dict[str, str | None]:
        """The answers as the interview engine reads them (items by position)."""
        result = {key: value for key, value in self.stored.items() if place(key) is None}
        for list_key, ids in self.order.items():
            fields = LIST_FIELDS[list_name(list_key)]
            for position, item in enumerate(ids, start=1):
                for name in fields:
                    stored_key = f"{list_key}.{item}.{name}"
                    if stored_key in self.stored:
                        result[f"{list_key}.{position}.{name}"] = self.stored[stored_key]
                if position < len(ids):
                    result[f"{list_key}.{position}.more"] = YES
                elif f"{list_key}.{item}.more" in self.stored:
                    result[f"{list_key}.{position}.more"] = self.stored[f"{list_key}.{item}.more"]
        return result

    def stored_key(self, key: str) -> str | None:
        """A position's stored key (question id or part key); None for a position with no item yet."""
        found = place(key)
        if found is None:
            return key
        ids = self.order.get(found.list_key, [])
        if not 1 <= found.index <= len(ids):
            return None
        return found.key(ids[found.index - 1])

    def position_key(self, key: str) -> str | None:
        """A stored key's position (question id or part key); None for an item not in its list."""
        found = place(key)
        if found is None:
            return key
        ids = self.order.get(found.list_key, [])
        if found.index not in ids:
            return None
        return found.key(ids.index(found.index) + 1)

    def next_id(self, list_key: str) -> int:
        """An id never used in this list, not even by a removed item still kept for undo."""
        used = set(self.order.get(list_key, []))
        for key in self.stored:
            found = place(key)
            if found is not None and found.list_key == list_key:
                used.add(found.index)
        return max(used, default=0) + 1

    # ---- writing ---------------------------------------------------------------------------

    def write_position(self, qid: str, value: str | None) -> dict[str, str | None]:
        """The stored values that give position `qid` this value (a new item is appended).

        Returns {stored key: value}; updates self.order for an appended item. A "more" answer
        of an item before the last is implied by the items after it and stores nothing.
        """
        found = place(qid)
        if found is None:
            return {qid: value}
        ids = self.order.setdefault(found.list_key, [])
        if found.field == "more" and found.index < len(ids):
            return {}
        while len(ids) < found.index:
            ids.append(self.next_id(found.list_key))
        return {found.key(ids[found.index - 1]): value}

    def tail_fixes(self, list_key: str, before: list[int], after: list[int]) -> dict[str, Value]:
        """After the order of a list changes: the last item takes over the list's "one more?" answer.

        A full list was never asked "one more?" (there is no room): it was complete, and stays
        so when it shrinks, so the interview does not ask again about a list already finished.
        """
        if not before or not after:
            return {}
        old_tail = f"{list_key}.{before[-1]}.more"
        new_tail = f"{list_key}.{after[-1]}.more"
        tail: Value = self.stored.get(old_tail, ABSENT)
        if tail is ABSENT and len(before) >= bounds(self.profile, list_key).max:
            tail = NO
        current: Value = self.stored.get(new_tail, ABSENT)
        return {} if current == tail or (before[-1] == after[-1] and len(before) <= len(after)) else {new_tail: tail}
