"""One call's scope: its transaction, the locked user, the claimed update and the open material.

Every use case runs inside `Scope.open`: it opens the transaction, locks the user's row (so
two workers handling the same official serialise), records the Telegram update as handled
(a redelivery stores nothing) and loads the open material. Where the official stands is
read from the database each time; nothing about a user outlives the call.

All writes to a material go through `Scope.put`, `Scope.reorder` and `Scope.relink`, which
note what they touched in a ChangeSet; `Scope.finish` stores it as one entry of the change
log, in the same transaction, and bumps the user's version (which expires old buttons).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy.orm import Session

from bot.config import ReminderConfig
from bot.draft.assemble import Assembler
from bot.export import Exporter
from bot.interview.engine import Interview, Question
from bot.material.changes import ABSENT, ITEMS, LABEL, LINKS, ChangeSet, Value, decode_links, encode_links, encode_order
from bot.material.layout import Layout, place
from bot.profiles import Profile, ProfileCatalog, profile_from_snapshot
from bot.storage.db import Database, Unit
from bot.storage.repository import Repository
from bot.storage.rows import MaterialRow, UserRow
from bot.usecases.replies import Reply, UpdateRef

_PINNED_PROFILES = 64


@dataclass
class Deps:
    """What every use case may use; built once in bot/app.py."""

    db: Database
    catalog: ProfileCatalog
    assembler: Assembler
    exporter: Exporter | None = None
    reminders: ReminderConfig = field(default_factory=ReminderConfig)
    web_url: str | None = None  # the web front end's public address, for the bot's Mini App button
    # Profile versions by digest: a few per year, never one per user.
    pinned: dict[str, tuple[Profile, Interview]] = field(default_factory=dict)

    def pinned_profile(self, repo: Repository, material: MaterialRow) -> tuple[Profile, Interview]:
        """The profile version the material pins, and its interview, parsed once per process.

        A snapshot never changes (its key is the sha256 of its text), so caching it by digest is
        safe in every process; it also keeps the interview's memoised questions across updates.
        """
        pinned = self.pinned.get(material.profile_digest)
        if pinned is None:
            snapshot = repo.snapshot(material.profile_digest)
            assert snapshot is not None, "every material pins a profile snapshot"
            profile = profile_from_snapshot(snapshot.source, f"{material.profile_id}@{material.profile_digest[:8]}")
            pinned = (profile, Interview(profile))
            if len(self.pinned) < _PINNED_PROFILES:
                self.pinned[material.profile_digest] = pinned
        return pinned


@dataclass
class _UpdateScope:
    ref: UpdateRef
    claimed: bool = False


class AlreadyHandled(Exception):
    """A redelivered update: leave the database alone and send these replies instead."""

    def __init__(self, replies: list[Reply]) -> None:
        super().__init__("update already handled")
        self.replies = replies


# The update the current call handles. A context variable rather than a parameter of every
# use case: set and reset around one call by `handle` (per asyncio task and per thread, so
# concurrent handlers never see each other's), and no user state outlives the call.
_current_update: ContextVar[_UpdateScope | None] = ContextVar("selfreview_current_update", default=None)


def handle(update: UpdateRef | None, action: Callable[[], list[Reply]]) -> list[Reply]:
    """Run one front-end call for a Telegram update, with effect at most once per update."""
    if update is None:
        return action()
    token = _current_update.set(_UpdateScope(update))
    try:
        return action()
    except AlreadyHandled as handled:
        return handled.replies
    finally:
        _current_update.reset(token)


def claim(repo: Repository) -> bool:
    """Record the update being handled, in this transaction; False if it already was."""
    scope = _current_update.get()
    if scope is None or scope.claimed:
        return True
    if not repo.claim_update(scope.ref.bot_id, scope.ref.update_id):
        return False
    scope.claimed = True
    return True


class Scope:
    """What one call works on, loaded inside its transaction."""

    def __init__(self, deps: Deps, source: Session | Unit, user: UserRow) -> None:
        self.deps = deps
        self.repo = Repository(source)
        self.user = user  # read-only rows: a column changes through set_user / set_material
        self.material: MaterialRow | None = None
        self.profile: Profile | None = None
        self.interview: Interview | None = None
        self.layout: Layout | None = None
        self.answers: dict[str, str | None] = {}  # by position, as the interview engine reads them
        self.burst = False  # this message was sent before the bot's reply to the previous one
        # The interview's plan for `answers` (the dict it was made from, and the plan): walking
        # the plan is the engine's costly part, and an update asks for it several times.
        self._plan: tuple[dict[str, str | None], list[Question]] | None = None
        self._plan_kept = True  # whether every write since the plan was made left it valid
        # What the writes since `answers` was made changed in it, by position; None when a write
        # (a move, an undo, an item appended) needs the whole positional view made anew.
        self._moved: dict[str, str | None] | None = {}
        self._marks: tuple[int | None, bool] | None = None  # message marks not yet written

    @property
    def session(self) -> Session:
        """The ORM session, for the use cases that work with ORM rows (made on first use)."""
        return self.repo.session

    @classmethod
    @contextmanager
    def open(cls, deps: Deps, telegram_id: int,
             redelivered: Callable[[Scope], list[Reply]] | None = None) -> Iterator[Scope]:
        """The transaction of one call; `redelivered` gives the replies for a duplicate update."""
        with deps.db.unit() as unit:
            repo = Repository(unit)
            # The lock is taken before the redelivery check, so a duplicate racing the original
            # waits for it and then finds its update id recorded.
            # The user and the open material in one SELECT (the user's row locked).
            user, material = repo.locked_user_and_material(telegram_id)
            scope = cls(deps, unit, user)
            if material is not None:
                scope.load(material)
            if not claim(repo):
                raise AlreadyHandled(redelivered(scope) if redelivered is not None else [])
            yield scope
            scope.write_user_state()

    # ---- the open material ---------------------------------------------------------------

    def load(self, material: MaterialRow) -> None:
        self.material = material
        self.profile, self.interview = self.deps.pinned_profile(self.repo, material)
        self.layout = Layout(self.profile, self.repo.answers(material), material.items)
        self.answers = self.layout.positional()
        self._moved = {}

    def open_material(self, material: MaterialRow) -> None:
        """Make `material` the one the official works on."""
        self.set_user(active_draft_id=material.id)
        self.load(material)

    def set_user(self, **values: Any) -> None:
        """Change columns of the official's row (one UPDATE) and the row this scope holds."""
        self.repo.update_user(self.user.id, **values)
        self.user = replace(self.user, **values)

    def set_material(self, material: MaterialRow | None = None, /, **values: Any) -> MaterialRow:
        """Change columns of a material (the open one by default): one UPDATE, and its new row,
        which is also the row this scope holds when it is the open material."""
        target = material if material is not None else self.material
        assert target is not None
        updated_at = self.repo.update_material(target.id, **values)
        changed = replace(target, **values, updated_at=updated_at)
        if self.material is not None and self.material.id == changed.id:
            self.material = changed
        return changed

    def read(self, material: MaterialRow) -> tuple[Profile, Interview, Layout]:
        """Another material of the user, read only (carry-over, the list of materials)."""
        profile, interview = self.deps.pinned_profile(self.repo, material)
        return profile, interview, Layout(profile, self.repo.answers(material), material.items)

    def plan(self) -> list[Question]:
        """The interview's plan for the current answers, walked at most once per state of them."""
        assert self.interview is not None
        if self._plan is None or self._plan[0] is not self.answers:
            self._plan = (self.answers, self.interview.plan(self.answers))
        return self._plan[1]

    def pending_question(self) -> Question | None:
        """The question to ask now (the focused one, else the first unanswered)."""
        if self.interview is None or self.material is None:
            return None
        return self.interview.current(self.answers, self.focus, self.plan())

    @property
    def focus(self) -> str | None:
        """The question being revised, by position (stored by item id, so it follows a move)."""
        if self.material is None or self.layout is None or self.material.focus is None:
            return None
        return self.layout.position_key(self.material.focus)

    @property
    def focus_part(self) -> str | None:
        if self.material is None or self.layout is None or self.material.focus_part is None:
            return None
        return self.layout.position_key(self.material.focus_part)

    def set_focus(self, question: str | None, part: str | None = None) -> None:
        assert self.material is not None and self.layout is not None
        focus = self.layout.stored_key(question) if question is not None else None
        focus_part = self.layout.stored_key(part) if part is not None else None
        if (focus, focus_part) == (self.material.focus, self.material.focus_part):
            return
        self.repo.set_focus(self.material.id, focus, focus_part)
        self.material = replace(self.material, focus=focus, focus_part=focus_part)

    # ---- writing, one change at a time ------------------------------------------------------

    def current(self, key: str) -> Value:
        """What the material holds now under a change key."""
        assert self.material is not None and self.layout is not None
        if key.startswith(ITEMS):
            return encode_order(self.layout.order.get(key[len(ITEMS):], []))
        if key == LINKS:
            return encode_links(self.repo.links(self.material))
        if key == LABEL:
            return self.material.label if self.material.label is not None else ABSENT
        return self.layout.stored.get(key, ABSENT)

    def put(self, change: ChangeSet, key: str, value: Value) -> None:
        """Store one answer by its stored key (ABSENT removes it)."""
        assert self.material is not None and self.layout is not None
        before = self.layout.stored.get(key, ABSENT)
        if before == value:
            return
        # Scope.answer restores both for an answer that changes one position and cannot change the plan.
        self._plan_kept = False
        self._moved = None
        self.repo.set_answer(self.material, key, value, stored=before is not ABSENT)
        if isinstance(value, str) or value is None:
            self.layout.stored[key] = value
        else:
            del self.layout.stored[key]
        change.put(key, before, value)

    def answer(self, change: ChangeSet, qid: str, value: str | None) -> str:
        """Store the answer to a question by position (a new item is appended); its stored key."""
        assert self.layout is not None and self.interview is not None
        kept, moved = self._plan_kept, self._moved
        order_before = {k: list(v) for k, v in self.layout.order.items()}
        writes = self.layout.write_position(qid, value)
        for list_key, ids in self.layout.order.items():
            if ids != order_before.get(list_key, []):
                change.put(ITEMS + list_key, encode_order(order_before.get(list_key, [])), encode_order(ids))
                moved = None  # an item appended: positions are laid out anew
        for key, stored_value in writes.items():
            self.put(change, key, stored_value)
        # An answer to a question of the plan that the plan does not read keeps it valid.
        self._plan_kept = kept and self.interview.keeps_plan(qid)
        # The one stored key written sits at position qid (write_position's contract), so the
        # positional view changes there alone.
        self._moved = None if moved is None else {**moved, **({qid: value} if writes else {})}
        return next(iter(writes), "")

    def reorder(self, change: ChangeSet, list_key: str, order: list[int]) -> None:
        """Give a list a new order of items; the last item takes over the "one more?" answer."""
        assert self.layout is not None
        before = list(self.layout.order.get(list_key, []))
        if before == order:
            return
        self._plan_kept = False
        self._moved = None
        fixes = self.layout.tail_fixes(list_key, before, order)
        self.layout.order[list_key] = list(order)
        change.put(ITEMS + list_key, encode_order(before), encode_order(order))
        for key, value in fixes.items():
            self.put(change, key, value)

    def relink(self, change: ChangeSet, links: set[tuple[int, str]]) -> None:
        assert self.material is not None
        before = self.repo.links(self.material)
        if before == links:
            return
        self.repo.set_links(self.material, links)
        change.put(LINKS, encode_links(before), encode_links(links))

    def relabel(self, change: ChangeSet, label: str | None) -> None:
        assert self.material is not None
        before: Value = self.material.label if self.material.label is not None else ABSENT
        self.set_material(label=label)
        change.put(LABEL, before, label if label is not None else ABSENT)

    def apply(self, values: dict[str, Value], change: ChangeSet) -> None:
        """Set change keys to values (an undo's befores, a redo's afters), noting it in `change`."""
        assert self.layout is not None
        for key, value in values.items():
            if key.startswith(ITEMS):
                self._plan_kept = False
                self._moved = None
                list_key = key[len(ITEMS):]
                before = list(self.layout.order.get(list_key, []))
                after = json.loads(value) if isinstance(value, str) else []
                self.layout.order[list_key] = after
                change.put(key, encode_order(before), encode_order(after))
            elif key == LINKS:
                self.relink(change, decode_links(value))
            elif key == LABEL:
                self.relabel(change, value if isinstance(value, str) else None)
            else:
                self.put(change, key, value)

    def finish(self, change: ChangeSet, always: bool = False) -> int | None:
        """Log the change (if it changed anything, or `always`: a confirmation that changes no
        text) and bring the positional view up to date."""
        self.settle(bool(change) or always)
        if not change and not always:
            return None
        assert self.material is not None
        return self.repo.add_change(self.material, change)

    def settle(self, changed: bool = True) -> None:
        """After writes: the positional view, the stored order and the user's version follow."""
        assert self.material is not None and self.layout is not None
        before = self.answers
        # A new dict either way: the plan kept for `before` is matched by identity.
        self.answers = self.layout.positional() if self._moved is None else {**before, **self._moved}
        if self._plan is not None and self._plan[0] is before and self._plan_kept:
            self._plan = (self.answers, self._plan[1])
        self._plan_kept = True
        self._moved = {}
        if changed:
            items = self.layout.items_json()
            if items != self.material.items:
                self.repo.set_items(self.material.id, items)
                self.material = replace(self.material, items=items)
            self.bump()

    def bump(self) -> None:
        """Something changed: buttons shown before this no longer confirm anything."""
        if self._marks is not None:
            self.write_user_state(bump=True)
        else:
            version = self.user.version + 1
            self.repo.set_version(self.user.id, version)
            self.user = replace(self.user, version=version)

    def mark_message(self, last_message_id: int | None, holding: bool) -> None:
        """The official's latest message id and burst mark, written with the version (one UPDATE)."""
        self._marks = (last_message_id, holding)

    @property
    def last_message_id(self) -> int | None:
        return self._marks[0] if self._marks is not None else self.user.last_message_id

    @property
    def holding(self) -> bool:
        return self._marks[1] if self._marks is not None else bool(self.user.holding)

    def write_user_state(self, bump: bool = False) -> None:
        if self._marks is None:
            return
        last, holding = self._marks
        unchanged = last == self.user.last_message_id and holding == bool(self.user.holding)
        if unchanged and not bump:
            self._marks = None
            return
        version = self.user.version + (1 if bump else 0)
        self.repo.set_user_state(self.user.id, version, last, holding)
        self.user = replace(self.user, version=version, last_message_id=last, holding=holding)
        self._marks = None


def write_all(scope: Scope, change: ChangeSet, answers: dict[str, str | None]) -> None:
    """Store answers given by position (an import, a carry-over), items in their order."""
    def order(qid: str) -> tuple[str, int, str]:
        found = place(qid)
        return (qid, 0, "") if found is None else (found.list_key, found.index, found.field or "")

    for qid in sorted(answers, key=order):
        scope.answer(change, qid, answers[qid])
