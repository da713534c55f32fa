"""Looking at the material: /status, /section (the part view for phones) and /check."""

from __future__ import annotations

from bot import texts
from bot.carryover import pending_labels, unconfirmed_removed
from bot.draft.assemble import Document
from bot.interview.engine import InterviewError
from bot.interview.missing import missing
from bot.review import Report, default_rules, format_report, review, summary_line
from bot.review.progress import running_count
from bot.texts import asking as TA
from bot.texts import viewing as T
from bot.usecases import carried
from bot.usecases.asking import ask, ask_again, choice_label, choose_profile, short_label
from bot.usecases.linking import positional_links
from bot.usecases.meeting import date_line
from bot.usecases.replies import Button, Reply
from bot.usecases.revising import ListRef, item_text, list_of, numbers
from bot.usecases.scope import Scope


def document(scope: Scope) -> Document:
    assert scope.interview is not None and scope.profile is not None
    return scope.deps.assembler.document(scope.profile, scope.interview.content(scope.answers))


def report(scope: Scope, doc: Document | None = None) -> Report:
    assert scope.material is not None and scope.interview is not None and scope.profile is not None
    return review(scope.profile, scope.interview.content(scope.answers), doc or document(scope),
                  default_rules(), positional_links(scope), complete=scope.interview.current(scope.answers) is None,
                  earlier=carried.earlier(scope))


def summary(scope: Scope, doc: Document) -> str:
    return summary_line(report(scope, doc), default_rules())


def status(scope: Scope, args: str = "") -> list[Reply]:
    """/status: a progress bar, the meeting date, and what each section still lacks."""
    if scope.material is None or scope.interview is None or scope.profile is None:
        return [choose_profile(scope.deps, texts.NO_DRAFT)]
    interview, answers = scope.interview, scope.answers
    plan = interview.plan(answers)
    progress = interview.progress(answers, scope.focus, plan)
    unchecked = carried.pending(scope)
    # A part copied from an earlier material counts as not done until it is edited or kept.
    counted = unconfirmed_removed(answers, unchecked)
    lacking = missing(interview, counted)
    to_check = pending_labels(scope.profile, answers, unchecked)
    doc = document(scope)
    filled = max(20 * progress.percent // 100, 1 if progress.answered else 0)  # any start shows
    lines = [scope.material.label or scope.profile.name,
             T.PROGRESS.format(bar="▓" * filled + "░" * (20 - filled), percent=progress.percent,
                               answered=progress.answered, total=progress.total),
             date_line(scope.deps, scope.material)]
    content = interview.content(answers)
    if any(t.problems for t in content.themes) or content.causes or content.measures:
        lines.append(running_count(scope.profile, doc))  # before that it would count the template's words
    for section in interview.sections:
        questions = [q for q in plan if q.section == section.number]
        if not section.in_flow:
            lines.append(T.SECTION_EXTRA.format(number=section.number, title=section.title))
            continue
        answered = sum(1 for q in questions if q.id in counted)
        mark = T.SECTION_DONE if answered == len(questions) else (T.SECTION_STARTED if answered else T.SECTION_EMPTY)
        lines.append(T.SECTION_LINE.format(mark=mark, number=section.number, title=section.title,
                                           answered=answered, total=len(questions)))
        gap = lacking.get(section.number)
        if gap is not None and gap.required:
            more = T.LACKING_MORE.format(count=len(gap.required)) if len(gap.required) > 4 else ""
            lines.append(T.LACKING.format(what="、".join(gap.required[:4]) + more))
        elif gap is not None:
            lines.append(T.OPTIONAL_LEFT.format(count=gap.optional))
        if to_check.get(section.number):
            lines.append(T.TO_CHECK.format(what="、".join(to_check[section.number][:4])))
    if progress.done:
        lines.append(summary(scope, doc))
    lines.append(T.STATUS_FOOT)
    return [Reply("\n".join(lines)), ask(scope)]


def _item_buttons(ref: ListRef, position: int, count: int) -> tuple[Button, ...]:
    number = f"{ref.section}.{position}"
    after = f"{ref.section} {position + 1}"
    row = [Button(f"{number} {T.EDIT}", "edit", number, f"/edit {number}"),
           Button(T.ADD, "add", after, f"/add {after}"),
           Button(T.REMOVE, "remove", number, f"/remove {number}")]
    if position > 1:
        row.append(Button(T.UP, "up", number, f"/up {number}"))
    if position < count:
        row.append(Button(T.DOWN, "down", number, f"/down {number}"))
    return tuple(row)


def section(scope: Scope, args: str = "") -> list[Reply]:
    """/section N: the part as it will read, each item with its own buttons (修改 / 删除 / 上移 / 下移)."""
    if scope.material is None or scope.interview is None or scope.layout is None:
        return [choose_profile(scope.deps, texts.NO_DRAFT)]
    found = numbers(args)
    if found is None or found[1] is not None:
        return [Reply(T.SECTION_USAGE.format(count=len(scope.interview.sections)))]
    number = found[0]
    try:
        part_section = scope.interview.section(number)
        parts = scope.interview.parts(scope.answers, number)
    except InterviewError as exc:  # the message is Chinese
        return [Reply(str(exc))]
    ref = list_of(scope, number)
    is_list = not isinstance(ref, Reply)
    lines = [T.SECTION_TITLE.format(number=number, title=part_section.title)]
    buttons: list[tuple[Button, ...]] = []
    count = len(scope.layout.order[ref.list_key]) if isinstance(ref, ListRef) else 0
    for part in parts:
        if part.adds:
            continue
        position = int(part.number.split(".")[1]) if "." in part.number else 0
        if isinstance(ref, ListRef) and position >= 1 and part.key.startswith(ref.list_key + "."):
            lines.append(f"\n〔{part.number}〕{item_text(scope, ref, position)}")
            buttons.append(_item_buttons(ref, position, count))
            continue
        lines.append(f"\n〔{part.number}〕{part.label}")
        for q in scope.interview.part_questions(scope.answers, part.key):
            value = scope.answers.get(q.id)
            shown = choice_label(q, value) if q.is_choice else value
            state = shown if shown else (TA.SKIPPED if q.id in scope.answers else TA.NOT_FILLED)
            lines.append(f"· {short_label(q)}：{state}")
    lines.append("\n" + T.SECTION_FOOT)
    if isinstance(ref, ListRef):
        lines.append(T.LIST_FOOT.format(number=number))
        buttons.append((Button(f"{T.ADD}", "add", str(number), f"/add {number}"),))
    replies = [Reply("\n".join(lines), tuple(buttons), long=True)]
    again = ask_again(scope) if is_list or parts else None
    return replies + ([again] if again is not None else [])


def check(scope: Scope, args: str = "") -> list[Reply]:
    """/check: what a reviewer would send back, part by part, quoting the official's words."""
    if scope.material is None or scope.interview is None or scope.profile is None:
        return [choose_profile(scope.deps, texts.NO_DRAFT)]
    replies = [Reply(format_report(scope.profile, report(scope), default_rules()), long=True)]
    again = ask_again(scope)
    return replies + ([again] if again is not None else [])
