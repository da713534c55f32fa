"""What page front ends (the web) show, as plain data: the question asked now and the material laid out.

Chat front ends get replies (text and buttons); a page needs the same facts in pieces it can lay
out: the question with its hint, choices and common headings; the sections of the material with
each item's stable id, so a page that was open while the material changed cannot act on the
wrong item. Everything is read inside a Scope, like every other use case.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot import texts
from bot.draft.assemble import Paragraph
from bot.draft.tidy import tidy
from bot.interview.phrases import phrase_choices
from bot.material.layout import LIST_FIELDS, bounds, list_name
from bot.review import default_rules, format_report
from bot.review.report import length_line
from bot.texts import asking as TA
from bot.texts import web as TW
from bot.usecases import answering, linking, revising, storing, viewing
from bot.usecases.asking import choice_label, progress_line, short_label
from bot.usecases.replies import Button, Reply
from bot.usecases.scope import Scope


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class QuestionView:
    id: str
    progress: str
    percent: int
    prompt: str
    hint: str
    bounds: str
    required: bool
    editing: bool
    current: str | None  # the text being revised (prefilled), None when asking afresh
    choices: tuple[Choice, ...]
    phrases: tuple[tuple[int, str], ...]
    multiline: bool


@dataclass(frozen=True)
class ItemView:
    number: str  # "2.3", as /edit takes it
    key: str  # the item's stored key ("themes.1.problems.7"): what a reviewer's comment is on
    item_id: int  # the stable id: a page's action names it, so a stale page cannot hit another item
    title: str
    body: str
    first: bool
    last: bool
    findings: tuple[str, ...]


@dataclass(frozen=True)
class PartView:
    number: str
    key: str  # the part's key ("author", "themes.1.lead")
    label: str
    fields: tuple[tuple[str, str], ...]  # (field label, what it says now)
    findings: tuple[str, ...]


@dataclass(frozen=True)
class SectionView:
    number: int
    title: str
    parts: tuple[PartView, ...]
    items: tuple[ItemView, ...]
    is_list: bool
    can_add: bool
    can_remove: bool
    findings: tuple[str, ...]


@dataclass(frozen=True)
class MaterialView:
    name: str
    percent: int
    done: bool
    sections: tuple[SectionView, ...]
    paragraphs: tuple[Paragraph, ...]
    length: str
    findings: int


def question(scope: Scope) -> QuestionView | None:
    """The question the official is at (None: no material, or every question answered)."""
    if scope.interview is None or scope.material is None or scope.profile is None:
        return None
    interview, answers, focus = scope.interview, scope.answers, scope.focus
    plan = interview.plan(answers)
    q = interview.current(answers, focus, plan)
    if q is None:
        return None
    progress = interview.progress(answers, focus, plan)
    revising_it = q.id in answers and focus is not None
    value = answers.get(q.id) if revising_it else None
    phrases = () if focus is not None else tuple(phrase_choices(scope.profile, q, answers))
    return QuestionView(
        id=q.id, progress=progress_line(progress, focus is not None), percent=progress.percent, prompt=q.prompt,
        hint=q.hint, bounds="" if q.is_choice else f"{q.min_length}～{q.max_length}",
        required=q.required, editing=focus is not None,
        current=(choice_label(q, value) if q.is_choice else value) if revising_it else None,
        choices=tuple(Choice(c.value, c.label) for c in q.choices), phrases=phrases,
        multiline=q.max_length > 60)


@dataclass(frozen=True)
class Answered:
    ok: bool
    message: str
    buttons: tuple[tuple[str, str], ...] = ()  # (label, action data): the /link picker after a measure


def answer(scope: Scope, question_id: str, text: str) -> Answered:
    """A typed answer to the question a page showed; refused if the page is stale or the text fails the check."""
    q = answering.current(scope)
    if q is None or q.id != question_id:
        return Answered(False, texts.STALE_BUTTON)
    assert scope.interview is not None
    verdict = scope.interview.check(q, text)
    if not verdict.ok:
        return Answered(False, f"⚠️ {verdict.error}")
    reply = storing.store(scope, q, verdict.value)
    saved = reply.text.split("\n", 1)[0]
    if q.kind == "measure.detail":
        # As in chat: right after a measure is written, which problems does it answer?
        pick = linking.picker(scope, int(q.id.split(".")[1]))
        return Answered(True, f"{saved}\n{pick.text}", tuple((b.label, b.data) for row in pick.buttons for b in row))
    return Answered(True, saved)


def item_number(scope: Scope, section: int, item_id: int) -> str | None:
    """Where the item with this stable id stands now ("2.3"); None if it is no longer in section N."""
    if scope.interview is None or scope.layout is None:
        return None
    ref = revising.list_of(scope, section)
    if isinstance(ref, Reply):
        return None
    order = scope.layout.order.get(ref.list_key, [])
    return f"{section}.{order.index(item_id) + 1}" if item_id in order else None


def _findings_by_place(scope: Scope) -> tuple[dict[str, list[str]], int, str]:
    report = viewing.report(scope)
    found: dict[str, list[str]] = {}
    for finding in report.findings:
        found.setdefault(finding.where, []).append(finding.message)
    assert scope.profile is not None
    return found, len(report.findings), length_line(scope.profile, report)


def material(scope: Scope) -> MaterialView | None:
    """The open material laid out by section, each item with its findings beside it."""
    if scope.interview is None or scope.material is None or scope.profile is None or scope.layout is None:
        return None
    interview, answers = scope.interview, scope.answers
    findings, count, length = _findings_by_place(scope)
    sections: list[SectionView] = []
    for section in interview.sections:
        ref = revising.list_of(scope, section.number)
        items: list[ItemView] = []
        parts: list[PartView] = []
        is_list = isinstance(ref, revising.ListRef)
        order = scope.layout.order.get(ref.list_key, []) if isinstance(ref, revising.ListRef) else []
        for part in interview.parts(answers, section.number):
            if part.adds:
                continue
            position = int(part.number.split(".")[1]) if "." in part.number else 0
            if isinstance(ref, revising.ListRef) and position >= 1 and part.key.startswith(ref.list_key + "."):
                texts_ = [tidy(v) for name in LIST_FIELDS[list_name(ref.list_key)]
                          if (v := answers.get(f"{ref.list_key}.{position}.{name}"))]
                item = order[position - 1]
                items.append(ItemView(part.number, f"{ref.list_key}.{item}", item,
                                      texts_[0] if texts_ else TA.NOT_FILLED, "".join(texts_[1:]),
                                      position == 1, position == len(order),
                                      tuple(findings.get(part.number, ()))))
                continue
            fields = []
            for q in interview.part_questions(answers, part.key):
                value = answers.get(q.id)
                shown = choice_label(q, value) if q.is_choice else value
                fields.append((short_label(q), shown if shown else (TA.SKIPPED if q.id in answers else TA.NOT_FILLED)))
            parts.append(PartView(part.number, part.key, part.label, tuple(fields),
                                  tuple(findings.get(part.number, ()))))
        limit = bounds(scope.profile, ref.list_key) if isinstance(ref, revising.ListRef) else None
        sections.append(SectionView(
            section.number, section.title, tuple(parts), tuple(items), is_list,
            can_add=limit is not None and len(order) < limit.max,
            can_remove=limit is not None and len(order) > limit.min,
            findings=tuple(findings.get(str(section.number), ()))))
    doc = viewing.document(scope)
    progress = interview.progress(answers, scope.focus)
    return MaterialView(scope.material.label or scope.profile.name, progress.percent, progress.done,
                        tuple(sections), doc.paragraphs, length, count)


def web_link(scope: Scope, args: str = "") -> list[Reply]:
    """/web: a button that opens the same material in the web front end, inside Telegram (a Mini App)."""
    url = scope.deps.web_url
    if url is None:
        return [Reply(TW.BOT_WEB_NOT_SET)]
    return [Reply(TW.BOT_WEB, ((Button(TW.BOT_WEB_BUTTON, "webapp", f"{url}/miniapp", f"{url}/miniapp"),),))]


def check_text(scope: Scope) -> str | None:
    """/check's findings for a page (no chat commands in it); None without a material."""
    if scope.material is None or scope.profile is None:
        return None
    return format_report(scope.profile, viewing.report(scope), default_rules(), in_chat=False)
