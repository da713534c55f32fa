"""Text kept instead of filed: every message lands where the official meant it, or waits, seen.

A burst is messages sent before the bot's reply came. In a private chat the user's and the
bot's messages share one sequence of ids, so a message whose id is exactly the next after the
official's previous one had no reply of ours in between: it was typed (or pasted) ahead. A
burst is filed in order while each message fits the question it lands on; at the first that
does not, it and the rest of the burst are held and shown, never shifted onto later questions.
Over-long answers, pastes of several items and command words are held the same way until the
official says what to do with them.
"""

from __future__ import annotations

from bot import texts
from bot.draft.tidy import char_count, tidy
from bot.interview.engine import Question
from bot.interview.paste_answers import FiledPaste, file_paste
from bot.material.changes import ChangeSet
from bot.storage.models import Held
from bot.texts import holding as T
from bot.texts.actions import MENU
from bot.usecases import confirm
from bot.usecases.asking import ask
from bot.usecases.replies import Button, Reply
from bot.usecases.scope import Scope, write_all
from bot.usecases.storing import part_number, store


def note_message(scope: Scope, message_id: int | None) -> None:
    """Record the official's chat message: is it part of a burst (sent before our reply)?"""
    if message_id is None:
        return
    previous = scope.last_message_id
    scope.burst = previous is not None and message_id == previous + 1
    # Not a burst: they saw a reply, and whatever comes now is meant for it (holding ends).
    scope.mark_message(max(previous or 0, message_id), scope.holding and scope.burst)


def _hold(scope: Scope, text: str, reason: str, q: Question | None) -> Held:
    assert scope.layout is not None or q is None
    question = scope.layout.stored_key(q.id) if q is not None and scope.layout is not None else None
    scope.repo.hold(scope.user, scope.material, text, reason, question)
    scope.bump()
    return scope.repo.held(scope.user)[-1]


def hold_rest_of_burst(scope: Scope, text: str) -> list[Reply] | None:
    """A message of a burst that is being held: keep it with the others."""
    if not (scope.burst and scope.holding):
        return None
    _hold(scope, text, "burst", None)
    return [Reply(T.BURST_HELD)]


def stop_burst(scope: Scope, text: str, q: Question, why: str) -> list[Reply]:
    """The first message of a burst that does not fit: it and what follows are held."""
    scope.mark_message(scope.last_message_id, True)
    _hold(scope, text, "burst", q)
    return [Reply(T.BURST_STOPPED.format(why=why))]


def command_word(scope: Scope, text: str, name: str, q: Question | None) -> list[Reply]:
    """A command's name or button word typed as a message: ask before doing either."""
    held = _hold(scope, text, "command", q)
    what = MENU.get(name, name)
    return [Reply(T.COMMAND_ASK.format(text=text.strip()[:20], name=name, what=what), ((
        Button(T.COMMAND_RUN.format(name=name), name, "", f"/{name}"),
        confirm.bound(T.COMMAND_AS_ANSWER, "asis", str(held.id), scope.user, f"/held {_number(scope, held)}")),))]


def too_long(scope: Scope, text: str, q: Question) -> list[Reply]:
    """An answer over the question's limit: kept, and offered as the item's detail where it has one."""
    held = _hold(scope, text, "long", q)
    buttons: list[Button] = []
    if q.id.endswith(".title") and _detail_of(scope, q) is not None:
        buttons.append(confirm.bound(T.USE_AS_DETAIL, "asdetail", str(held.id), scope.user, "/held 具体表现"))
    buttons.append(Button(T.KEEP, "held", "", "/held"))
    return [Reply(T.TOO_LONG.format(length=char_count(tidy(text, final_stop=False)), max=q.max_length),
                  (tuple(buttons),)), ask(scope)]


def _detail_of(scope: Scope, q: Question) -> Question | None:
    assert scope.interview is not None
    detail = q.id.rsplit(".", 1)[0] + (".done" if q.id.startswith("rectification.") else ".detail")
    return scope.interview.question({**scope.answers, q.id: "…"}, detail)


def paste_offer(scope: Scope, text: str, q: Question, filed: FiledPaste) -> list[Reply]:
    """Several items in one message: show how they would be filed, and file after one yes."""
    held = _hold(scope, text, "paste", q)
    lines = []
    n = 0
    for qid, value in filed.answers.items():
        if qid.endswith(".title"):
            n += 1
            lines.append(f"{n}. {value}")
        elif qid.endswith(".lead") and value:
            lines.append(T.PASTE_LEAD.format(text=value[:40]))
        elif (qid.endswith(".detail") or qid.endswith(".done")) and value:
            lines.append(f"　　{value[:40]}{'…' if len(value) > 40 else ''}")
        elif qid.endswith(".example") and value:
            lines.append(T.PASTE_EXAMPLE_LINE.format(text=value[:30] + ("…" if len(value) > 30 else "")))
    count = sum(1 for k in filed.answers if k.endswith(".title")) or 1
    text_out = T.PASTE_OFFER.format(count=count, items="\n".join(lines))
    if filed.left_over:
        text_out += T.PASTE_OVER.format(count=filed.left_over)
    number = _number(scope, held)
    return [Reply(text_out, ((confirm.bound(T.PASTE_SPLIT, "paste", str(held.id), scope.user, "/held 分开"),
                              confirm.bound(T.PASTE_WHOLE, "asis", str(held.id), scope.user, f"/held {number}")),))]


def _held_by_arg(scope: Scope, arg: str) -> Held | None:
    what, token = confirm.split(arg)
    if not confirm.valid(scope.user, token) or not what.isdigit():
        return None
    return next((h for h in scope.repo.held(scope.user) if h.id == int(what)), None)


def _current(scope: Scope) -> Question | None:
    return scope.pending_question()


def _file_one(scope: Scope, held: Held, q: Question) -> str | None:
    """File a held text at q as one answer; the reason it does not fit, else None."""
    assert scope.interview is not None
    verdict = scope.interview.check(q, held.text)
    if not verdict.ok:
        return verdict.error or ""
    scope.repo.release(held)
    store(scope, q, verdict.value)
    return None


def press_as_is(scope: Scope, arg: str) -> list[Reply]:
    """作为回答保存 / 作为一条回答保存: the held text as the answer to the current question."""
    held, q = _held_by_arg(scope, arg), _current(scope)
    if held is None or q is None:
        return [Reply(texts.STALE_BUTTON)]
    why = _file_one(scope, held, q)
    if why is not None:
        return [ask(scope, T.STILL_HELD.format(why=why))]
    return [ask(scope, texts.SAVED)]


def press_as_detail(scope: Scope, arg: str) -> list[Reply]:
    """用作具体表现: an over-long title becomes the item's detail; the title is asked next."""
    return _as_detail(scope, _held_by_arg(scope, arg))


def _as_detail(scope: Scope, held: Held | None) -> list[Reply]:
    q = _current(scope)
    if held is None or q is None or not q.id.endswith(".title"):
        return [Reply(texts.STALE_BUTTON)]
    detail = _detail_of(scope, q)
    assert scope.interview is not None and scope.layout is not None
    if detail is None:
        return [Reply(texts.STALE_BUTTON)]
    verdict = scope.interview.check(detail, held.text)
    if not verdict.ok:
        return [Reply(T.DETAIL_REFUSED.format(why=verdict.error))]
    scope.repo.release(held)
    change = ChangeSet("answer")
    scope.answer(change, detail.id, verdict.value)
    change.target = scope.layout.stored_key(q.part)
    scope.finish(change)
    return [ask(scope, T.USED_AS_DETAIL.format(number=part_number(scope, q)))]


def press_paste(scope: Scope, arg: str) -> list[Reply]:
    """按此分开保存: file the held paste into the part's items, as one change."""
    return _split(scope, _held_by_arg(scope, arg))


def _split(scope: Scope, held: Held | None) -> list[Reply]:
    q = _current(scope)
    if held is None or q is None or scope.interview is None:
        return [Reply(texts.STALE_BUTTON)]
    filed = file_paste(scope.interview, scope.answers, q, held.text)
    if filed is None:
        return [Reply(texts.STALE_BUTTON)]
    change = ChangeSet("paste")
    write_all(scope, change, filed.answers)
    assert scope.layout is not None
    change.target = scope.layout.stored_key(q.part)
    scope.finish(change)
    count = sum(1 for k in filed.answers if k.endswith(".title"))
    notes = [T.PASTE_FILED.format(count=count)]
    if filed.refused:
        notes.append(T.PASTE_REFUSED.format(count=len(filed.refused), why="\n".join(
            f"· {why}" for why in filed.refused.values())))
    elif not filed.left_over:
        scope.repo.release(held)
    return [ask(scope, "\n".join(notes))]


def _number(scope: Scope, held: Held) -> int:
    return next(n for n, h in enumerate(scope.repo.held(scope.user), start=1) if h.id == held.id)


def held(scope: Scope, args: str = "") -> list[Reply]:
    """/held: what was kept; /held 填入 files it in order from the current question; /held N one; /held 放弃."""
    kept = scope.repo.held(scope.user)
    word = args.strip()
    if word in T.FILL_WORDS:
        return fill(scope)
    newest = {h.reason: h for h in kept}  # the latest of each kind (typed forms of the buttons)
    if word in T.SPLIT_WORDS:
        return _split(scope, newest.get("paste"))
    if word in T.DETAIL_WORDS:
        return _as_detail(scope, newest.get("long"))
    if word in T.DISCARD_WORDS:
        for h in kept:
            scope.repo.release(h)
        scope.bump()
        return [ask(scope, T.DISCARDED.format(count=len(kept)))]
    if word.isascii() and word.isdigit():
        n = int(word)
        if not 1 <= n <= len(kept):
            return [Reply(T.NO_SUCH.format(n=n))]
        q = _current(scope)
        if q is None:
            return [Reply(T.NO_QUESTION)]
        why = _file_one(scope, kept[n - 1], q)
        return [ask(scope, f"⚠️ {why}" if why is not None else texts.SAVED)]
    if not kept:
        return [Reply(T.HELD_NONE)]
    lines = [T.HELD_TITLE.format(count=len(kept))]
    for n, h in enumerate(kept, start=1):
        where = T.UNPLACED_WHERE.format(where=h.where) if h.where else ""
        lines.append(T.HELD_LINE.format(n=n, reason=T.REASONS.get(h.reason, h.reason), text=h.text) + where)
    lines.append(T.HELD_FOOT)
    return [Reply("\n".join(lines), ((Button(T.FILL, "held", "填入", "/held 填入"),
                                      Button(T.DISCARD, "held", "放弃", "/held 放弃")),), long=True)]


def fill(scope: Scope) -> list[Reply]:
    """File held texts in order, from the current question, while each fits (imported leftovers stay)."""
    count = 0
    for n, h in enumerate(scope.repo.held(scope.user), start=1):
        if h.reason == "unplaced":
            continue  # text from an imported file: the official moves it by hand
        q = _current(scope)
        if q is None:
            break
        why = _file_one(scope, h, q)
        if why is not None:
            return [ask(scope, T.FILLED.format(count=count) + T.FILL_STOPPED.format(n=n, why=why))]
        count += 1
    return [ask(scope, T.FILLED.format(count=count))]
