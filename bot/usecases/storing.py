"""Storing one answer as one change, and naming a question as the official sees it."""

from __future__ import annotations

from bot import texts
from bot.interview.engine import Question
from bot.interview.missing import label
from bot.material.changes import ChangeSet
from bot.review.progress import length_note, may_note, part_content
from bot.texts import answering as T
from bot.usecases.asking import ask, short_label
from bot.usecases.replies import Reply
from bot.usecases.scope import Scope


def store(scope: Scope, q: Question, value: str | None, kind: str = "answer",
          message_id: int | None = None) -> Reply:
    """Store the answer to q as one change, move on, and ask what comes next."""
    assert scope.material is not None and scope.interview is not None and scope.layout is not None
    editing = scope.focus is not None
    focus_part = scope.focus_part
    change = ChangeSet("edit" if editing else kind)
    key = scope.answer(change, q.id, value)
    change.target = scope.layout.stored_key(q.part)
    if message_id is not None and key:
        scope.repo.record_answer_message(scope.user, scope.material, message_id, key)
    scope.finish(change)
    if editing:
        nxt = scope.interview.next_focus(scope.answers, q.id, focus_part)
        scope.set_focus(nxt, focus_part if nxt is not None else None)
    saved = T.SKIPPED if value is None else texts.SAVED
    if editing and scope.focus is None:
        saved += T.EDIT_DONE
    note = _length_note(scope, q) if not editing else None
    return ask(scope, saved + (f"\n{note}" if note else ""))


def _length_note(scope: Scope, answered: Question) -> str | None:
    """Just finished a part (the next question is in another section): is it far below the usual length?"""
    assert scope.interview is not None and scope.profile is not None
    nxt = scope.pending_question()
    if nxt is not None and nxt.section == answered.section:
        return None
    key = scope.interview.sections[answered.section - 1].key
    if not may_note(scope.profile, key):
        return None  # no note is possible here: the material is not assembled for nothing
    part = part_content(scope.interview.content(scope.answers), key)
    return length_note(scope.profile, scope.deps.assembler.document(scope.profile, part), key)


def part_number(scope: Scope, q: Question) -> str:
    assert scope.interview is not None
    for part in scope.interview.parts(scope.answers, q.section):
        if part.key == q.part:
            return part.number
    return str(q.section)


def question_label(scope: Scope, q: Question) -> str:
    assert scope.interview is not None
    return label(scope.interview, q) if q.kind not in ("title", "preamble", "closing") else short_label(q)
