"""The change log read back: /history, /undo and /redo.

Every change is one entry (bot/usecases/scope.py). /undo reverts exactly the newest entry that
is not undone; /undo N.M the newest touching that item; /redo the oldest undone entry newer
than every live one (a new change ends what can be redone). An entry is applied only while
the material still holds what the entry left (for undo) or found (for redo), so no undo ever
brings back text that was not the current text at that point.
"""

from __future__ import annotations

from datetime import UTC

from bot import texts
from bot.interview.engine import InterviewError
from bot.material.changes import ITEMS, LABEL, LINKS, ChangeSet, Value
from bot.material.layout import place
from bot.reminders import local_zone
from bot.storage.models import Change
from bot.texts import asking as TA
from bot.texts import history as T
from bot.usecases.asking import ask, ask_again, choose_profile, shown
from bot.usecases.replies import Reply
from bot.usecases.revising import list_of, numbers
from bot.usecases.scope import Scope
from bot.usecases.storing import part_number, question_label


def _section_of(scope: Scope, list_key: str) -> int:
    assert scope.interview is not None
    section_key = list_key[: -len(".problems")] if list_key.endswith(".problems") else list_key
    return next((s.number for s in scope.interview.sections if s.key == section_key), 0)


def _item_number(scope: Scope, stored_part: str) -> str | None:
    """"themes.2.problems.7" -> "3.2" (section 3, position 2); None when the item is not in its list."""
    assert scope.layout is not None
    position = scope.layout.position_key(stored_part)
    found = place(position) if position is not None else None
    if found is None:
        return None
    return f"{_section_of(scope, found.list_key)}.{found.index}"


def _number_before(scope: Scope, change: ChangeSet) -> str | None:
    """Where a removed item stood: its number in the order the change found."""
    found = place(change.target or "")
    if found is None:
        return None
    order = change.orders(0).get(found.list_key) or []
    if found.index not in order:
        return None
    return f"{_section_of(scope, found.list_key)}.{order.index(found.index) + 1}"


def describe(scope: Scope, change: ChangeSet, side: int) -> str:
    """What a change did, in the official's words, with the value it leaves on `side` (0 before, 1 after)."""
    assert scope.interview is not None and scope.layout is not None
    answers = change.answers(side)
    if change.kind in ("add", "remove", "move") and change.target:
        number = _item_number(scope, change.target) or _number_before(scope, change) or T.REMOVED_ITEM
        title = scope.layout.stored.get(f"{change.target}.title")
        label = f"“{title[:30]}”" if title else ""
        if change.kind == "add":
            return T.ADD.format(number=number)
        if change.kind == "remove":
            return (T.REMOVE if side == 1 else T.RESTORE_REMOVED).format(number=number, label=label)
        return T.MOVE.format(label=label or T.REMOVED_ITEM, number=number)
    if change.kind == "rename" or set(change.values) == {LABEL}:
        return T.RENAME
    if set(change.values) == {LINKS}:
        return T.LINKS
    meaningful = [k for k in answers if not k.endswith(".more")] or list(answers)
    if len(meaningful) == 1:
        key = meaningful[0]
        position = scope.layout.position_key(key)
        q = scope.interview.question(scope.answers, position) if position is not None else None
        value: Value = answers[key]
        other: Value = change.values[key][1 - side]
        if q is not None:
            number, label = part_number(scope, q), question_label(scope, q)
            other_text = shown(q, other) if isinstance(other, str) or other is None else TA.NOT_FILLED
            if not isinstance(value, str) and value is not None:
                return T.VALUE_GONE.format(number=number, label=label, other=other_text)
            if side == 0:
                return T.VALUE_RESTORED.format(number=number, label=label, value=shown(q, value), other=other_text)
            return T.VALUE.format(number=number, label=label, value=shown(q, value))
    count = len(meaningful) or len([k for k in change.values if k.startswith(ITEMS)])
    return T.MANY.format(kind=T.KINDS.get(change.kind, change.kind), count=count)


def _when(scope: Scope, change: Change) -> str:
    moment = change.created_at if change.created_at.tzinfo else change.created_at.replace(tzinfo=UTC)
    return f"{moment.astimezone(local_zone(scope.deps.reminders)):%m-%d %H:%M}"


def _touches(change: ChangeSet, stored_part: str) -> bool:
    """Is the change about this item? ("one more item?" answers are the interview's, not the item's)."""
    keys = [k for k in change.answers(1) if not k.endswith(".more")]
    if change.kind in ("add", "remove", "move", "link"):
        return change.target == stored_part
    return any(key == stored_part or key.startswith(stored_part + ".") for key in keys)


def _item_part(scope: Scope, args: str) -> tuple[str, str, str] | Reply:
    """(stored part key, number, label) of the part "N[.M]" names, or the reply saying why not."""
    assert scope.interview is not None and scope.layout is not None
    found = numbers(args)
    if found is None:
        return Reply(texts.PART_USAGE)
    section, item, _ = found
    try:
        part = scope.interview.find_part(scope.answers, section, item)
    except InterviewError as exc:  # the message is Chinese
        return Reply(f"⚠️ {exc}")
    if part.adds:
        ref = list_of(scope, section)
        return Reply(texts.NOT_YET.format(number=part.number)) if not isinstance(ref, Reply) else ref
    stored = scope.layout.stored_key(part.key)
    return (stored or part.key), part.number, part.label


def history(scope: Scope, args: str = "") -> list[Reply]:
    """/history [N.M]: the latest changes, or every change of one item, newest first, in local time."""
    if scope.material is None or scope.interview is None:
        return [choose_profile(scope.deps, texts.NO_DRAFT)]
    entries = scope.repo.changes(scope.material)
    if not args.strip():
        lines = [T.LATEST]
        for head, change in entries[:15]:
            lines.append(T.LINE.format(when=_when(scope, head), what=describe(scope, change, 1),
                                       kind=T.KINDS.get(head.kind, head.kind),
                                       undone=T.UNDONE_MARK if head.undone else ""))
        if len(lines) == 1:
            lines.append(T.NONE)
        lines.append(T.LATEST_FOOT)
        again = ask_again(scope)
        return [Reply("\n".join(lines), long=True)] + ([again] if again is not None else [])
    part = _item_part(scope, args)
    if isinstance(part, Reply):
        return [part]
    stored_part, number, label = part
    lines = [T.ITEM_TITLE.format(number=number, label=label)]
    for head, change in entries:
        if _touches(change, stored_part):
            lines.append(T.LINE.format(when=_when(scope, head), what=describe(scope, change, 1),
                                       kind=T.KINDS.get(head.kind, head.kind),
                                       undone=T.UNDONE_MARK if head.undone else ""))
    if len(lines) == 1:
        lines.append(T.NONE)
    lines.append(T.ITEM_FOOT.format(number=number))
    return [Reply("\n".join(lines), long=True)]


# Changes that wrote the whole material at once: /undo N.M never reverts them for one item.
_WHOLESALE = frozenset({"import", "carry", "copy"})


def _holds(scope: Scope, change: ChangeSet, side: int) -> bool:
    """Does the material hold exactly what `change` has on `side` for every key it touched?"""
    return all(scope.current(key) == pair[side] for key, pair in change.values.items())


def _revert(scope: Scope, head: Change, change: ChangeSet, side: int) -> str:
    """Apply one side of an entry, mark it (un)done, and say what now stands."""
    scratch = ChangeSet(change.kind)
    scope.apply({key: pair[side] for key, pair in change.values.items()}, scratch)
    scope.settle()
    scope.repo.mark_undone(head, side == 0)
    if scope.material is not None and scope.material.focus is not None and scope.layout is not None and \
            scope.layout.position_key(scope.material.focus) is None:
        scope.set_focus(None)
    return describe(scope, change, side)


def undo(scope: Scope, args: str = "") -> list[Reply]:
    """/undo [N.M]: revert the newest change (of the material, or of one item)."""
    if scope.material is None or scope.interview is None:
        return [choose_profile(scope.deps, texts.NO_DRAFT)]
    stored_part: str | None = None
    if args.strip():
        part = _item_part(scope, args)
        if isinstance(part, Reply):
            return [part]
        stored_part = part[0]
    wholesale = False
    for head, change in scope.repo.changes(scope.material):
        if head.undone or (stored_part is not None and not _touches(change, stored_part)):
            continue
        if stored_part is not None and change.kind in _WHOLESALE:
            wholesale = True
            break  # what came before is a whole import or copy: not this item's own change to undo
        if not _holds(scope, change, 1):
            return [Reply(T.CONFLICT.format(what=describe(scope, change, 1)))]
        return [ask(scope, T.UNDONE.format(what=_revert(scope, head, change, 0)))]
    if wholesale:
        return [Reply(T.ITEM_FROM_WHOLE)]
    if stored_part is not None:
        return [Reply(T.NOTHING_TO_UNDO.format(where=T.WHERE_ITEM))]
    return [Reply(T.NOTHING_TO_UNDO.format(where=T.WHERE_MATERIAL))]


def redo(scope: Scope, args: str = "") -> list[Reply]:
    """/redo: re-apply the undo most recently made, while nothing has changed since."""
    if scope.material is None or scope.interview is None:
        return [choose_profile(scope.deps, texts.NO_DRAFT)]
    candidate: tuple[Change, ChangeSet] | None = None
    for head, change in scope.repo.changes(scope.material):
        if not head.undone:
            break
        candidate = (head, change)  # walking newest to oldest: ends on the oldest undone run
    if candidate is None or not _holds(scope, candidate[1], 0):
        return [Reply(T.NOTHING_TO_REDO)]
    return [ask(scope, T.REDONE.format(what=_revert(scope, candidate[0], candidate[1], 1)))]
