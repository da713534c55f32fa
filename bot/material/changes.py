"""What one change did to a material, before and after (pure).

A change touches stored answers (by stored key), the order of a list ("@items:<list>"), the
/link marks ("@links") or the material's label ("@label"). Undo applies `before`, redo
`after`; either is allowed only while the material still holds the other side, so an undo
never brings back text that was not current at that point.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Final


class _Absent:
    """No value at all (the question was never answered), as opposed to None (skipped)."""

    _instance: _Absent | None = None

    def __new__(cls) -> _Absent:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Final = _Absent()
Value = str | None | _Absent

ITEMS = "@items:"
LINKS = "@links"
LABEL = "@label"


@dataclass
class ChangeSet:
    """key -> (before, after); only keys whose value really changes are kept."""

    kind: str
    target: str | None = None
    values: dict[str, tuple[Value, Value]] = field(default_factory=dict)

    def put(self, key: str, before: Value, after: Value) -> None:
        if key in self.values:
            before = self.values[key][0]  # the first before and the last after
        if before == after:
            self.values.pop(key, None)
        else:
            self.values[key] = (before, after)

    def __bool__(self) -> bool:
        return bool(self.values)

    def answers(self, side: int) -> dict[str, Value]:
        return {k: v[side] for k, v in self.values.items() if not k.startswith("@")}

    def orders(self, side: int) -> dict[str, list[int] | None]:
        result: dict[str, list[int] | None] = {}
        for key, pair in self.values.items():
            if key.startswith(ITEMS):
                value = pair[side]
                result[key[len(ITEMS):]] = json.loads(value) if isinstance(value, str) else None
        return result


# Encoders built once: json.dumps with separators builds a new encoder on every call, and an
# item order is encoded on every answer that starts an item.
_COMPACT = json.JSONEncoder(separators=(",", ":"))
_COMPACT_TEXT = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)
_COMPACT_SORTED = json.JSONEncoder(separators=(",", ":"), sort_keys=True)


def encode_orders(orders: dict[str, list[int]]) -> str:
    """Every list's order of items, as a material stores it."""
    return _COMPACT_SORTED.encode(orders)


def encode_order(order: list[int]) -> str:
    return _COMPACT.encode(order)


def encode_links(links: set[tuple[int, str]]) -> str:
    return _COMPACT_TEXT.encode(sorted([m, p] for m, p in links))


def decode_links(value: Value) -> set[tuple[int, str]]:
    if not isinstance(value, str):
        return set()
    return {(int(m), str(p)) for m, p in json.loads(value)}
