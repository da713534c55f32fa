"""Versions of an answer for /history and /undo (pure).

Every change is a revision row. An undo is itself a revision (source "undo") that
restores the version before; reading the rows as a stack — a change pushes, an undo
pops — gives the versions still standing, so /undo again goes one further back
instead of flipping between the last two values.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

UNDO = "undo"

SOURCES = {
    "answer": "回答", "edit": "修改", "import": "导入", "phrase": "选用常见表述", UNDO: "撤销",
    "carry": "沿用上年", "message": "修改原消息",
}


class _HasSource(Protocol):
    @property
    def source(self) -> str: ...


R = TypeVar("R", bound=_HasSource)


def standing(revisions: Sequence[R]) -> list[R]:
    """The versions an undo can go back through, oldest first; the last is the current one."""
    stack: list[R] = []
    for revision in revisions:
        if revision.source == UNDO and len(stack) >= 2:
            stack.pop()
        else:
            stack.append(revision)
    return stack


def source_label(source: str) -> str:
    return SOURCES.get(source, source)
