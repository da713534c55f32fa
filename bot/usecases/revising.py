"""Revising the material as a document: edit one item or one field, add, remove and move items.

Items are addressed as the official sees them ("2.3": part 2, item 3) and changed by their
stable ids, so numbering follows by itself and an item's history and /link marks move with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot import texts
from bot.draft.tidy import tidy
from bot.interview.engine import InterviewError, Question
from bot.material.changes import ABSENT, ChangeSet
from bot.material.layout import LIST_FIELDS, bounds, list_name
from bot.texts import asking as TA
from bot.texts import revising as T
from bot.usecases import confirm
from bot.usecases.asking import ask, choose_profile, short_label
from bot.usecases.replies import Button, Reply
from bot.usecases.scope import Scope

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．。", "0123456789..")
_NUMBER = re.compile(r"^\s*(\d{1,3})(?:\.(\d{1,3}))?(?:\s+(.*))?$", re.S)


def numbers(args: str) -> tuple[int, int | None, str] | None:
    """"2.3 rest" -> (2, 3, "rest"); ASCII and full-width digits only."""
    match = _NUMBER.match(args.translate(_FULL_WIDTH))
    if match is None:
        return None
    return int(match.group(1)), int(match.group(2)) if match.group(2) else None, (match.group(3) or "").strip()


@dataclass(frozen=True)
class ListRef:
    section: int
    list_key: str  # "themes.2.problems", "causes" ...

    @property
    def noun(self) -> str:
        return T.NOUNS[list_name(self.list_key)][0]

    @property
    def unit(self) -> str:
        return T.NOUNS[list_name(self.list_key)][1]

    @property
    def where(self) -> str:
        return T.ASPECT if self.list_key.startswith("themes.") else T.PART_OF.get(self.list_key, self.list_key)


def list_of(scope: Scope, section: int) -> ListRef | Reply:
    """The list part of section N, or the reply naming the sections that have one."""
    assert scope.interview is not None
    try:
        key = scope.interview.section(section).key
    except InterviewError as exc:
        return Reply(f"⚠️ {exc}")
    list_key = f"{key}.problems" if key.startswith("themes.") else key
    if scope.layout is None or list_key not in scope.layout.order:
        lists = "、".join(str(s.number) for s in scope.interview.sections
                         if (f"{s.key}.problems" if s.key.startswith("themes.") else s.key) in (scope.layout.order
                                                                                               if scope.layout else {}))
        return Reply(T.NOT_A_LIST.format(number=section, lists=lists))
    return ListRef(section, list_key)


def item_of(scope: Scope, args: str, example: str) -> tuple[ListRef, int, str] | Reply:
    """(list, position, rest) for "N.M rest", or the reply saying why not."""
    found = numbers(args)
    if found is None or found[1] is None:
        return Reply(T.ITEM_USAGE.format(example=example))
    section, position, rest = found
    ref = list_of(scope, section)
    if isinstance(ref, Reply):
        return ref
    assert scope.layout is not None and position is not None
    if not 1 <= position <= len(scope.layout.order[ref.list_key]):
        return Reply(T.NO_ITEM.format(section=section, item=position, unit=ref.unit, noun=ref.noun))
    return ref, position, rest


def item_text(scope: Scope, ref: ListRef, position: int) -> str:
    """An item as it reads: its fields tidied, in order (title, detail, example)."""
    parts = []
    for name in LIST_FIELDS[list_name(ref.list_key)]:
        value = scope.answers.get(f"{ref.list_key}.{position}.{name}")
        if value:
            parts.append(tidy(value))
    return "".join(parts) or TA.NOT_FILLED


def item_label(scope: Scope, ref: ListRef, position: int) -> str:
    title = scope.answers.get(f"{ref.list_key}.{position}.title")
    return f"{ref.noun}“{tidy(title, final_stop=False)[:30]}”" if title else ref.noun


# ---- /edit ----------------------------------------------------------------------------------

def _field_question(scope: Scope, part_key: str, word: str) -> Question | str | None:
    """The one question of the part a word like 例子 names; a str lists the fields when none fits."""
    assert scope.interview is not None
    questions = scope.interview.part_questions(scope.answers, part_key)
    for q in questions:
        field = q.id.rsplit(".", 1)[-1]
        if word in TA.FIELD_WORDS.get(field, ()) or word == short_label(q):
            return q
    return "、".join(short_label(q) for q in questions)


def edit(scope: Scope, args: str = "") -> list[Reply]:
    """/edit N[.M] [项]: rewrite one part (or only one field of it), keeping the rest unchanged."""
    if scope.material is None or scope.interview is None:
        return [choose_profile(scope.deps, texts.NO_DRAFT)]
    found = numbers(args)
    if found is None:
        return [Reply(T.EDIT_USAGE)]
    number, item, word = found
    try:
        scope.interview.section(number)
        parts = scope.interview.parts(scope.answers, number)
        if item is None and len(parts) > 1:
            buttons = tuple((Button(p.label[:40], "edit", p.number, f"/edit {p.number}"),) for p in parts)
            return [Reply(T.EDIT_CHOOSE.format(number=number), buttons)]
        part = scope.interview.find_part(scope.answers, number, item)
    except InterviewError as exc:
        return [Reply(f"⚠️ {exc}")]
    if part.adds:
        ref = list_of(scope, number)
        if isinstance(ref, Reply):
            return [ref]
        return add(scope, f"{number}")
    if word:
        q = _field_question(scope, part.key, word)
        if isinstance(q, str) or q is None:
            return [Reply(T.NO_FIELD.format(number=part.number, word=word[:10], fields=q or ""))]
        scope.set_focus(q.id)
        return [ask(scope, T.EDIT_FIELD.format(number=part.number, label=part.label, field=short_label(q)))]
    questions = scope.interview.part_questions(scope.answers, part.key)
    if not questions:
        return [Reply(T.EDIT_CANNOT.format(number=part.number))]
    scope.set_focus(questions[0].id, part.key)
    return [ask(scope, T.EDIT_START.format(number=part.number, label=part.label))]


# ---- add, remove, move ------------------------------------------------------------------------

def add(scope: Scope, args: str = "") -> list[Reply]:
    """/add N [P]: a new, empty item in list part N at position P (default: the end), asked at once."""
    if scope.material is None or scope.interview is None or scope.profile is None:
        return [choose_profile(scope.deps, texts.NO_DRAFT)]
    found = numbers(args)
    if found is None or found[1] is not None:
        return [Reply(T.ADD_USAGE)]
    section, _, rest = found
    ref = list_of(scope, section)
    if isinstance(ref, Reply):
        return [ref]
    assert scope.layout is not None
    order = list(scope.layout.order[ref.list_key])
    limit = bounds(scope.profile, ref.list_key)
    if len(order) >= limit.max:
        return [Reply(T.MAX.format(where=ref.where, max=limit.max, unit=ref.unit, noun=ref.noun))]
    position = len(order) + 1
    if rest:
        at = numbers(rest)
        if at is None or at[1] is not None or not 1 <= at[0] <= len(order) + 1:
            return [Reply(T.ADD_USAGE)]
        position = at[0]
    change = ChangeSet("add")
    item = scope.layout.next_id(ref.list_key)
    order.insert(position - 1, item)
    scope.reorder(change, ref.list_key, order)
    if position == len(order):
        # Added at the end: once it is written, the interview asks again whether there is one more.
        scope.put(change, f"{ref.list_key}.{item}.more", ABSENT)
    change.target = f"{ref.list_key}.{item}"
    scope.finish(change)
    part_key = f"{ref.list_key}.{position}"
    questions = scope.interview.part_questions(scope.answers, part_key)
    scope.set_focus(questions[0].id if questions else None, part_key if questions else None)
    return [ask(scope, T.ADDED.format(section=section, position=position, unit=ref.unit, noun=ref.noun))]


def remove(scope: Scope, args: str = "") -> list[Reply]:
    """/remove N.M: show the item and ask; its button (or /remove N.M 确认) removes it."""
    if scope.material is None or scope.interview is None or scope.profile is None:
        return [choose_profile(scope.deps, texts.NO_DRAFT)]
    what, token = confirm.split(args)
    found = item_of(scope, what, "/remove 2.3")
    if isinstance(found, Reply):
        return [found]
    ref, position, rest = found
    assert scope.layout is not None
    number = f"{ref.section}.{position}"
    order = list(scope.layout.order[ref.list_key])
    limit = bounds(scope.profile, ref.list_key)
    if len(order) <= limit.min:
        return [Reply(T.MIN.format(where=ref.where, min=limit.min, unit=ref.unit, noun=ref.noun, number=number))]
    if not token and rest != texts.CONFIRM_WORD:
        return [Reply(T.REMOVE_ASK.format(number=number, text=item_text(scope, ref, position)), ((
            confirm.bound(T.REMOVE_YES, "rm", number, scope.user, f"/remove {number} {texts.CONFIRM_WORD}"),
            Button(T.CANCEL, "cancel", "", "/cancel")),))]
    if token and not confirm.valid(scope.user, token):
        return [Reply(texts.STALE_BUTTON)]
    label = item_label(scope, ref, position)
    item = order.pop(position - 1)
    change = ChangeSet("remove", f"{ref.list_key}.{item}")
    scope.reorder(change, ref.list_key, order)
    removed = f"{ref.list_key}.{item}"
    focus, focus_part = scope.material.focus or "", scope.material.focus_part or ""
    if focus_part == removed or focus.startswith(removed + "."):
        scope.set_focus(None)  # the walk was through the removed item
    scope.finish(change)
    return [ask(scope, T.REMOVED.format(number=number, label=label))]


def move(scope: Scope, args: str = "", step: int | None = None) -> list[Reply]:
    """/move N.M P, /up N.M, /down N.M: put an item at another position of its list."""
    if scope.material is None or scope.interview is None:
        return [choose_profile(scope.deps, texts.NO_DRAFT)]
    found = item_of(scope, args, "/move 2.3 1" if step is None else ("/up 2.3" if step < 0 else "/down 2.3"))
    if isinstance(found, Reply):
        return [found]
    ref, position, rest = found
    assert scope.layout is not None
    order = list(scope.layout.order[ref.list_key])
    if step is not None:
        target = position + step
    else:
        at = numbers(rest) if rest else None
        if at is None or at[1] is not None:
            return [Reply(T.MOVE_USAGE)]
        target = at[0]
    target = max(1, min(len(order), target))
    number = f"{ref.section}.{position}"
    if target == position:
        return [Reply(T.MOVE_NOWHERE.format(number=number, position=position, unit=ref.unit))]
    label = item_label(scope, ref, position)
    item = order.pop(position - 1)
    order.insert(target - 1, item)
    change = ChangeSet("move", f"{ref.list_key}.{item}")
    scope.reorder(change, ref.list_key, order)
    scope.finish(change)
    return [Reply(T.MOVED.format(number=number, label=label, position=target, unit=ref.unit))]


def up(scope: Scope, args: str = "") -> list[Reply]:
    return move(scope, args, -1)


def down(scope: Scope, args: str = "") -> list[Reply]:
    return move(scope, args, 1)


def press_remove(scope: Scope, arg: str) -> list[Reply]:
    """The 确认删除这一项 button: "N.M~stamp"."""
    return remove(scope, arg)
