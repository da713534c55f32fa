"""Answering the interview: typed answers, choice buttons, skip, back, keep, hint, cancel."""

from __future__ import annotations

from bot import texts
from bot.interview.engine import Question
from bot.interview.missing import label
from bot.interview.phrases import phrase
from bot.material.changes import ChangeSet
from bot.texts import answering as T
from bot.usecases import confirm
from bot.usecases.asking import ask, choose_profile, short_label, shown
from bot.usecases.linking import picker
from bot.usecases.replies import Button, Reply
from bot.usecases.scope import Scope


def current(scope: Scope) -> Question | None:
    if scope.interview is None or scope.material is None:
        return None
    return scope.interview.current(scope.answers, scope.focus)


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
    return ask(scope, saved)


def answer(scope: Scope, text: str, message_id: int | None = None) -> list[Reply] | None:
    """A text message: the answer to the current question; None when there is no material."""
    if scope.user.pending_import is not None:
        return [Reply(T.IMPORT_PENDING, confirm.import_buttons(scope.user))]
    if scope.material is None or scope.interview is None:
        return None
    q = current(scope)
    if q is None:
        return [Reply(T.ALL_DONE)]
    verdict = scope.interview.check(q, text)
    if not verdict.ok:
        return [ask(scope, f"⚠️ {verdict.error}")]
    reply = store(scope, q, verdict.value, message_id=message_id)
    if q.kind == "measure.detail":
        # Right after a measure is written: which problems does it answer?
        return [picker(scope, int(q.id.split(".")[1])), reply]
    return [reply]


def pick(scope: Scope, arg: str) -> list[Reply]:
    """A choice button (yes/no, one more item?) pressed: "question id:value"."""
    question_id, _, value = arg.rpartition(":")
    q = current(scope)
    if q is None or q.id != question_id or not q.is_choice or value not in {c.value for c in q.choices}:
        return [ask(scope, texts.STALE_BUTTON)]
    return [store(scope, q, value)]


def pick_phrase(scope: Scope, arg: str) -> list[Reply]:
    """A common heading pressed: it becomes the title; the detail is asked next."""
    question_id, _, index = arg.rpartition(":")
    q = current(scope)
    if q is None or scope.profile is None or q.id != question_id or not index.isdigit():
        return [ask(scope, texts.STALE_BUTTON)]
    text = phrase(scope.profile, q, scope.answers, int(index))
    if text is None:
        return [ask(scope, texts.STALE_BUTTON)]
    return [store(scope, q, text, "phrase")]


def _stale(q: Question | None, question_id: str | None) -> bool:
    return question_id is not None and (q is None or q.id != question_id)


def skip(scope: Scope, args: str = "", question_id: str | None = None) -> list[Reply]:
    """/skip: leave an optional question empty."""
    q = current(scope)
    if q is None:
        return [ask(scope)]
    if _stale(q, question_id):
        return [ask(scope, texts.STALE_BUTTON)]
    if q.required:
        return [ask(scope, T.REQUIRED)]
    return [store(scope, q, None)]


def keep(scope: Scope, args: str = "", question_id: str | None = None) -> list[Reply]:
    """Keep the current text of the question being revised and move on."""
    q = current(scope)
    if q is None or scope.interview is None or scope.focus is None or q.id not in scope.answers:
        return [ask(scope, T.NOTHING_REVISED)]
    if _stale(q, question_id):
        return [ask(scope, texts.STALE_BUTTON)]
    part = scope.focus_part
    nxt = scope.interview.next_focus(scope.answers, q.id, part)
    scope.set_focus(nxt, part if nxt is not None else None)
    return [ask(scope, T.KEPT + (T.EDIT_DONE if scope.focus is None else ""))]


def back(scope: Scope, args: str = "", question_id: str | None = None) -> list[Reply]:
    """/back: revise the previous question, then return to where the official was."""
    if scope.material is None or scope.interview is None:
        return [choose_profile(scope.deps, texts.NO_DRAFT)]
    if _stale(current(scope), question_id):
        return [ask(scope, texts.STALE_BUTTON)]
    previous = scope.interview.previous(scope.answers, scope.focus)
    if previous is None:
        return [ask(scope, T.FIRST)]
    scope.set_focus(previous.id)
    return [ask(scope, T.BACK)]


def hint(scope: Scope, args: str = "", question_id: str | None = None) -> list[Reply]:
    """/hint: how to write a good answer to the current question."""
    q = current(scope)
    if q is None:
        return [Reply(T.NO_QUESTION)]
    if _stale(q, question_id):
        return [ask(scope, texts.STALE_BUTTON)]
    bounds = "" if q.is_choice else T.HINT_BOUNDS.format(min=q.min_length, max=q.max_length)
    return [Reply(T.HINT.format(hint=q.hint) + bounds)]


def cancel(scope: Scope, args: str = "") -> list[Reply]:
    """/cancel: stop revising or importing and return to the flow."""
    notes = []
    if scope.user.pending_import is not None:
        scope.user.pending_import = None
        scope.bump()
        notes.append(T.IMPORT_CANCELLED)
    if scope.material is not None and scope.material.focus is not None:
        scope.set_focus(None)
        notes.append(T.EDIT_CANCELLED)
    return [ask(scope, "".join(notes) or T.NOTHING_TO_CANCEL)]


def not_text(scope: Scope) -> list[Reply]:
    """A photo, sticker, voice message … where text is expected."""
    return [ask(scope, f"⚠️ {texts.NOT_TEXT}")]


# ---- an edited chat message ------------------------------------------------------------------

def part_number(scope: Scope, q: Question) -> str:
    assert scope.interview is not None
    for part in scope.interview.parts(scope.answers, q.section):
        if part.key == q.part:
            return part.number
    return str(q.section)


def question_label(scope: Scope, q: Question) -> str:
    assert scope.interview is not None
    return label(scope.interview, q) if q.kind not in ("title", "preamble", "closing") else short_label(q)


def _edited_question(scope: Scope, message_id: int) -> tuple[Question | None, str | None]:
    """The question an earlier message answered (by position now), or why there is none."""
    row = scope.repo.answer_message(scope.user, message_id)
    if row is None:
        return None, T.EDITED_NOT_ANSWER
    if scope.material is None or scope.interview is None or scope.layout is None or row.draft_id != scope.material.id:
        return None, T.EDITED_OTHER_MATERIAL
    position = scope.layout.position_key(row.question_id)
    q = scope.interview.question(scope.answers, position) if position is not None else None
    return (q, None) if q is not None else (None, T.EDITED_GONE)


def edited(scope: Scope, message_id: int, text: str) -> list[Reply]:
    """The official edited an earlier message: if it answered a question, offer to update that answer."""
    q, why = _edited_question(scope, message_id)
    if q is None:
        return [Reply(why or T.EDITED_GONE)]
    assert scope.interview is not None
    verdict = scope.interview.check(q, text)
    if not verdict.ok:
        return [Reply(T.EDITED_UNUSABLE.format(error=verdict.error))]
    value = scope.answers.get(q.id)
    if value == verdict.value:
        return [Reply(T.EDITED_SAME)]
    row = scope.repo.answer_message(scope.user, message_id)
    assert row is not None
    row.pending_value = verdict.value
    return [Reply(T.EDITED_OFFER.format(number=part_number(scope, q), label=question_label(scope, q),
                                        current=shown(q, value, None), new=shown(q, verdict.value, None)),
                  ((Button(T.REPLACE, "me", f"{message_id}:y", "/cancel"),
                    Button(T.NO_REPLACE, "me", f"{message_id}:n", "/cancel")),))]


def confirm_edited(scope: Scope, arg: str) -> list[Reply]:
    """Replace the answer with the edited message's text ("message id:y"), or leave it ("…:n")."""
    message, _, verdict = arg.partition(":")
    if not message.isdigit() or verdict not in ("y", "n"):
        return [Reply(texts.STALE_BUTTON)]
    row = scope.repo.answer_message(scope.user, int(message))
    if row is None or row.pending_value is None or scope.material is None or row.draft_id != scope.material.id:
        return [Reply(texts.STALE_BUTTON, replace=True)]
    value, row.pending_value = row.pending_value, None
    if verdict == "n":
        return [Reply(T.EDITED_KEPT, replace=True)]
    q, why = _edited_question(scope, int(message))
    if q is None:
        return [Reply(why or T.EDITED_GONE, replace=True)]
    change = ChangeSet("message")
    scope.answer(change, q.id, value)
    assert scope.layout is not None
    change.target = scope.layout.stored_key(q.part)
    scope.finish(change)
    return [Reply(T.EDITED_DONE.format(number=part_number(scope, q), label=question_label(scope, q)),
                  replace=True), ask(scope)]
