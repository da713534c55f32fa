"""What came from an earlier material: parts still 待核对, and the earlier texts /check compares with.

A part copied by carry-over counts as not done until the official edits it or keeps it
(a "confirm" change); reviewers reject materials copied year to year unread.
"""

from __future__ import annotations

from bot.carryover import part_of, pending_parts
from bot.material.changes import ChangeSet
from bot.review import Earlier
from bot.review.similarity import earlier_material
from bot.usecases.scope import Scope


def pending(scope: Scope) -> tuple[str, ...]:
    """Positional part keys of the open material still as carried over and not confirmed."""
    if scope.material is None or scope.layout is None:
        return ()
    latest: dict[str, str] = {}  # stored key -> kind of the newest live change that set it
    confirmed: set[str] = set()
    for head, change in scope.repo.changes(scope.material):
        if head.undone:
            continue
        if head.kind == "confirm" and change.target:
            position = scope.layout.position_key(change.target)
            if position is not None:
                confirmed.add(position)
        for key in change.answers(1):
            latest.setdefault(key, head.kind)
    carried: dict[str, str | None] = {}
    for key, kind in latest.items():
        position = scope.layout.position_key(key)
        if kind == "carry" and position is not None and position in scope.answers:
            carried[position] = scope.answers[position]
    return pending_parts(carried, scope.answers, confirmed)


def confirm_part(scope: Scope, question_id: str) -> None:
    """The official kept a carried answer as it is: its part is checked, no longer 待核对."""
    assert scope.layout is not None
    part = part_of(question_id)
    if part not in pending(scope):
        return
    stored = scope.layout.stored_key(part)
    scope.finish(ChangeSet("confirm", stored or part), always=True)


def earlier(scope: Scope) -> list[Earlier]:
    """The official's materials of earlier years than the open one, for 与上年度材料雷同."""
    if scope.profile is None or scope.material is None:
        return []
    found = []
    for material in scope.repo.materials(scope.user):
        if material.id == scope.material.id:
            continue
        profile, interview, layout = scope.read(material)
        if profile.year < scope.profile.year and layout.stored:
            found.append(earlier_material(profile.year, interview.content(layout.positional())))
    return found
