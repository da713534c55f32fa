"""我的材料: every material of the official, and opening, renaming, copying, archiving, deleting one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from bot import texts
from bot.draft.tidy import char_count
from bot.material.changes import ABSENT, LABEL, ChangeSet
from bot.reminders import local_zone
from bot.storage.rows import MaterialRow
from bot.texts import materials as T
from bot.usecases import confirm
from bot.usecases.asking import ask
from bot.usecases.replies import Button, Reply
from bot.usecases.scope import Scope

LABEL_LIMIT = 30
_NUMBER = re.compile(r"^\s*([0-9０-９]{1,3})(?:\s+(.*))?$", re.S)


@dataclass(frozen=True)
class Listed:
    """One line of 我的材料, as every front end shows it."""

    number: int  # 1 = the first material the official made; numbers do not move when one is added
    material_id: int
    name: str  # the official's label, else the meeting's name
    meeting: str
    author: str
    percent: int
    chars: int
    changed: datetime  # local time
    is_open: bool
    archived: bool


def in_order(scope: Scope) -> list[MaterialRow]:
    """The user's materials as numbered in 我的材料: the first one made is 1."""
    return list(reversed(scope.repo.materials(scope.user)))


def listing(scope: Scope) -> list[Listed]:
    """Every material of the user, oldest first (so a material keeps its number)."""
    rows: list[Listed] = []
    zone = local_zone(scope.deps.reminders)
    for number, material in enumerate(in_order(scope), start=1):
        profile, interview, layout = scope.read(material)
        answers = layout.positional()
        content = interview.content(answers)
        author = "".join(x for x in (content.author.position, content.author.name) if x)
        text = scope.deps.assembler.document(profile, content).text()
        changed = scope.repo.last_activity(material).astimezone(zone)
        rows.append(Listed(number, material.id, material.label or profile.name, profile.name, author,
                           interview.progress(answers).percent, char_count(text), changed,
                           material.id == scope.user.active_draft_id, material.archived))
    return rows


def materials(scope: Scope, args: str = "") -> list[Reply]:
    """/materials: the list, with a button to open each."""
    rows = listing(scope)
    if not rows:
        return [Reply(T.NONE + "\n" + T.USAGE)]
    lines = [T.TITLE.format(count=len(rows))]
    for row in rows:
        lines.append(T.LINE.format(
            mark=T.OPEN_MARK if row.is_open else "", number=row.number, name=row.name,
            label=f"（{row.meeting}）" if row.name != row.meeting else "",
            archived=T.ARCHIVED if row.archived else "", author=f"{row.author}，" if row.author else "",
            percent=row.percent, chars=row.chars, when=f"{row.changed:%Y-%m-%d %H:%M}"))
    lines.append(T.USAGE)
    buttons = tuple((confirm.bound(T.OPEN.format(number=r.number) + f" {r.name[:20]}", "open", str(r.number),
                                   scope.user, f"/open {r.number}"),)
                    for r in rows if not r.is_open and not r.archived)
    return [Reply("\n".join(lines), buttons, long=True)]


def _numbered(scope: Scope, args: str, example: str) -> tuple[int, MaterialRow, str] | Reply:
    """(number, material, rest of the arguments) for "N rest", or the reply saying why not."""
    match = _NUMBER.match(args.strip())
    if match is None:
        return Reply(T.WHICH.format(example=example))
    number = int(match.group(1).translate(str.maketrans("０１２３４５６７８９", "0123456789")))
    found = in_order(scope)
    if not 1 <= number <= len(found):
        return Reply(T.NO_SUCH.format(number=number))
    return number, found[number - 1], (match.group(2) or "").strip()


def open_material(scope: Scope, args: str = "") -> list[Reply]:
    """/open N (or its button): work on material N from now on."""
    what, token = confirm.split(args)
    if token and not confirm.valid(scope.user, token):
        return [Reply(texts.STALE_BUTTON)]
    found = _numbered(scope, what, "/open 1")
    if isinstance(found, Reply):
        return [found]
    number, material, _ = found
    if material.archived:
        return [Reply(T.ARCHIVED_CANNOT_OPEN.format(number=number))]
    if material.id == scope.user.active_draft_id:
        return [ask(scope, T.ALREADY_OPEN.format(number=number))]
    scope.open_material(material)
    scope.bump()
    assert scope.profile is not None
    return [ask(scope, T.OPENED.format(number=number, name=material.label or scope.profile.name))]


def _with_material(scope: Scope, material: MaterialRow, change: ChangeSet) -> None:
    """Log a change on `material`, whether or not it is the open one."""
    open_id = scope.user.active_draft_id
    scope.load(material)
    scope.finish(change)
    if open_id is not None and open_id != material.id:
        reopened = scope.repo.material(open_id)
        if reopened is not None:
            scope.load(reopened)


def rename(scope: Scope, args: str = "") -> list[Reply]:
    """/rename N 名称: the official's own name for a material in the list; /rename N alone clears it."""
    found = _numbered(scope, args, "/rename 1 县长个人材料")
    if isinstance(found, Reply):
        return [Reply(T.RENAME_USAGE)]
    number, material, label = found
    label = " ".join(label.split())
    if len(label) > LABEL_LIMIT or any(ch in label for ch in "\x00\r\n"):
        return [Reply(T.RENAME_USAGE)]
    change = ChangeSet("rename")
    change.put(LABEL, material.label if material.label is not None else ABSENT, label or ABSENT)
    material = scope.set_material(material, label=label or None)
    _with_material(scope, material, change)
    if not label:
        return [Reply(T.LABEL_CLEARED.format(number=number))]
    return [Reply(T.RENAMED.format(number=number, label=label))]


def duplicate(scope: Scope, args: str = "") -> list[Reply]:
    """/duplicate N: a copy of material N to try a variant; the copy is opened."""
    found = _numbered(scope, args, "/duplicate 1")
    if isinstance(found, Reply):
        return [found]
    number, original, _ = found
    profile, _, layout = scope.read(original)
    copy = scope.repo.add_material(scope.user, original.profile_id, original.profile_digest, profile.source)
    copy = scope.set_material(copy, meeting_date=original.meeting_date, label=(
        original.label or profile.name)[: LABEL_LIMIT - len(T.COPY_SUFFIX)] + T.COPY_SUFFIX)
    links = scope.repo.links(original)
    scope.open_material(copy)
    change = ChangeSet("copy")
    assert scope.layout is not None
    for list_key, ids in layout.order.items():
        scope.reorder(change, list_key, list(ids))
    for key, value in sorted(layout.stored.items()):
        scope.put(change, key, value)
    scope.relink(change, links)
    scope.finish(change)
    scope.bump()
    total = len(scope.repo.materials(scope.user))
    return [ask(scope, T.COPIED.format(number=number, copy=total))]


def archive(scope: Scope, args: str = "") -> list[Reply]:
    """/archive N: put material N aside (no reminders); it stays in the list."""
    found = _numbered(scope, args, "/archive 1")
    if isinstance(found, Reply):
        return [found]
    number, material, _ = found
    if material.archived:
        return [Reply(T.ARCHIVED_ALREADY.format(number=number))]
    scope.set_material(material, archived=True)
    if material.id == scope.user.active_draft_id:
        scope.set_user(active_draft_id=None)
        scope.material = None
    scope.bump()
    return [Reply(T.ARCHIVED_DONE.format(number=number))]


def restore(scope: Scope, args: str = "") -> list[Reply]:
    """/restore N: bring an archived material back."""
    found = _numbered(scope, args, "/restore 1")
    if isinstance(found, Reply):
        return [found]
    number, material, _ = found
    if not material.archived:
        return [Reply(T.NOT_ARCHIVED.format(number=number))]
    scope.set_material(material, archived=False)
    scope.bump()
    return [Reply(T.RESTORED.format(number=number))]


def drop(scope: Scope, args: str = "") -> list[Reply]:
    """/drop N: ask, naming the material; its button (or /drop N 确认) deletes that one material."""
    what, token = confirm.split(args)
    found = _numbered(scope, what, "/drop 1")
    if isinstance(found, Reply):
        return [found]
    number, material, rest = found
    row = next(r for r in listing(scope) if r.material_id == material.id)
    if token or rest == texts.CONFIRM_WORD:
        if token and not confirm.valid(scope.user, token):
            return [Reply(texts.STALE_BUTTON)]
        was_open = material.id == scope.user.active_draft_id
        if was_open:
            scope.set_user(active_draft_id=None)
            scope.material = None
        scope.repo.delete_material(material)
        scope.bump()
        replies = [Reply(T.DROPPED.format(number=number, name=row.name))]
        if was_open:
            remaining = [m for m in scope.repo.materials(scope.user) if not m.archived]
            if remaining:
                scope.open_material(remaining[0])
                assert scope.profile is not None
                replies.append(ask(scope, T.NOW_OPEN.format(name=remaining[0].label or scope.profile.name)))
            else:
                replies.append(ask(scope))
        return replies
    ask_text = T.DROP_ASK.format(number=number, name=row.name, percent=row.percent, chars=row.chars)
    typed = f"/drop {number} {texts.CONFIRM_WORD}"
    return [Reply(ask_text, ((confirm.bound(T.DROP_YES, "drop", str(number), scope.user, typed),
                              Button(T.CANCEL, "cancel", "", "/cancel")),))]
