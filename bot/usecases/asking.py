"""The question to ask now, as a reply with its progress line and buttons."""

from __future__ import annotations

from bot import texts
from bot.interview.engine import Progress, Question
from bot.interview.phrases import phrase_choices
from bot.texts import asking as T
from bot.usecases.replies import Button, Reply
from bot.usecases.scope import Deps, Scope


def ask(scope: Scope, prefix: str = "") -> Reply:
    """The current question, with its progress line and buttons (or the list of meetings)."""
    if scope.interview is None or scope.material is None:
        return choose_profile(scope.deps, prefix + texts.NO_DRAFT)
    interview, answers, focus = scope.interview, scope.answers, scope.focus
    plan = scope.plan()
    q = interview.current(answers, focus, plan)
    if q is None:
        return Reply((prefix + "\n" if prefix else "") + texts.DONE)
    progress = interview.progress(answers, focus, plan)
    lines = [prefix] if prefix else []
    lines.append(progress_line(progress, focus is not None))
    lines.append(q.prompt)
    if q.id in answers and focus is not None:
        value = answers.get(q.id)
        shown = choice_label(q, value) if q.is_choice else value
        lines.append(T.CURRENT.format(shown=shown if shown else T.SKIPPED))
    if not q.required:
        lines.append(T.OPTIONAL)
    buttons: list[tuple[Button, ...]] = []
    if q.is_choice:
        buttons.append(tuple(Button(c.label, "pick", f"{q.id}:{c.value}", c.label) for c in q.choices))
    buttons.extend(_phrase_buttons(scope, q, lines))
    row = [Button(T.HINT, "hint", q.id, "/hint")]
    if not q.required:
        row.append(Button(T.SKIP, "skip", q.id, "/skip"))
    if q.id in answers and focus is not None:
        row.append(Button(T.KEEP, "keep", q.id, "/keep"))
    row.append(Button(T.BACK, "back", q.id, "/back"))
    buttons.append(tuple(row))
    return Reply("\n".join(lines), tuple(buttons))


def ask_again(scope: Scope) -> Reply | None:
    """After a command that interrupted the interview: the pending question, in one short message."""
    if scope.interview is None or scope.material is None:
        return None
    if scope.pending_question() is None:
        return None
    return ask(scope, T.PENDING_AGAIN)


def _phrase_buttons(scope: Scope, q: Question, lines: list[str]) -> list[tuple[Button, ...]]:
    """Common headings of the profile for a title question, one button each."""
    if scope.profile is None or scope.focus is not None:
        return []  # revising: the official is rewriting their own words
    choices = phrase_choices(scope.profile, q, scope.answers)
    if not choices:
        return []
    lines.append(T.PHRASES)
    return [(Button(text, "phr", f"{q.id}:{index}", text),) for index, text in choices]


def choose_profile(deps: Deps, text: str) -> Reply:
    profiles = deps.catalog.all()
    lines = [text]
    for number, profile in enumerate(profiles, start=1):
        lines.append(f"{number}. {profile.name}")
    buttons = tuple((Button(p.name[:60], "new", p.id, f"/new {p.id}"),) for p in profiles)
    return Reply("\n".join(lines), buttons)


def progress_line(progress: Progress, editing: bool) -> str:
    if editing:
        return T.PROGRESS_EDITING.format(title=progress.section_title)
    return T.PROGRESS.format(section=progress.section, sections=progress.sections, question=progress.question,
                             questions=progress.questions, percent=progress.percent)


def choice_label(q: Question, value: str | None) -> str | None:
    for choice in q.choices:
        if choice.value == value:
            return choice.label
    return value


def shown(q: Question, value: str | None, limit: int | None = 60) -> str:
    """An answer as the official sees it: a choice's label, "skipped", or the text (clipped)."""
    text = choice_label(q, value) if q.is_choice else value
    if not text:
        return T.SKIPPED
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


def short_label(q: Question) -> str:
    return T.SHORT_LABELS.get(q.kind, q.kind)
