"""Answering the interview: typed answers, choice buttons, skip, back, keep, hint, cancel."""

from __future__ import annotations

from bot import texts
from bot.draft.tidy import char_count, tidy
from bot.interview.engine import Question
from bot.interview.paste_answers import file_paste
from bot.interview.phrases import phrase
from bot.interview.typed_commands import parse_typed_command
from bot.material.changes import ChangeSet
from bot.texts import answering as T
from bot.usecases import carried, confirm, holding
from bot.usecases.asking import ask, choose_profile, shown
from bot.usecases.linking import picker
from bot.usecases.replies import Button, Reply
from bot.usecases.scope import Scope
from bot.usecases.storing import part_number, question_label, store


def current(scope: Scope) -> Question | None:
    return scope.pending_question()




def answer(scope: Scope, text: str, message_id: int | None = None) -> list[Reply] | None:
    """A text message: the answer to the current question; None when there is no material."""
    if scope.user.pending_import is not None:
        return [Reply(T.IMPORT_PENDING, confirm.import_buttons(scope.user))]
    if scope.material is None or scope.interview is None:
        return None
    kept = holding.hold_rest_of_burst(scope, text)
    if kept is not None:
        return kept
    q = current(scope)
    if q is None:
        return [Reply(T.ALL_DONE)]
    typed = parse_typed_command(text)
    if (typed is not None and not q.is_choice) or (typed is not None and scope.interview.parse_choice(q, text) is None):
        assert typed is not None
        pressed = _button_word(scope, q, typed.name)
        if pressed is not None:
            return pressed
        if scope.burst:
            return holding.stop_burst(scope, text, q, T.COMMAND_IN_BURST)
        return holding.command_word(scope, text, typed.name, q)
    if q.kind == "theme.lead" or q.id.endswith(".title"):
        # Several items in one message (一是…二是…, 1. 2., paragraphs): shown split first, filed after a yes.
        filed = file_paste(scope.interview, scope.answers, q, text)
        if filed is not None:
            if scope.burst:
                return holding.stop_burst(scope, text, q, T.SEVERAL_IN_BURST)
            return holding.paste_offer(scope, text, q, filed)
    verdict = scope.interview.check(q, text)
    if not verdict.ok:
        if scope.burst:
            return holding.stop_burst(scope, text, q, verdict.error or "")
        if not q.is_choice and q.max_value is None and char_count(tidy(text, final_stop=False)) > q.max_length:
            return holding.too_long(scope, text, q)
        return [ask(scope, f"⚠️ {verdict.error}")]
    reply = store(scope, q, verdict.value, message_id=message_id)
    if q.kind == "measure.detail":
        # Right after a measure is written: which problems does it answer?
        return [picker(scope, int(q.id.split(".")[1])), reply]
    return [reply]


def _button_word(scope: Scope, q: Question, name: str) -> list[Reply] | None:
    """A button's word typed ("跳过", "上一题" …): what pressing that button under q does."""
    if name == "skip" and not q.required:
        return skip(scope, "", q.id)
    if name == "back":
        return back(scope, "", q.id)
    if name == "hint":
        return hint(scope, "", q.id)
    if name == "keep" and scope.focus is not None and q.id in scope.answers:
        return keep(scope, "", q.id)
    return None


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
    carried.confirm_part(scope, q.id)
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
        scope.set_user(pending_import=None)
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
