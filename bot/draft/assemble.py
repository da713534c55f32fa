"""Assemble the self-review: content + profile -> view data -> Jinja -> Document.

The template decides the order and the connective phrasing; this module only
prepares plain values (tidied user text, numbering words) and turns the
template's paragraph markers into a Document that text, Markdown and Word
output all share, so every format says exactly the same words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2

from bot.draft.content import DraftContent, Item
from bot.draft.lead_ins import strip_example_lead, strip_item_number, strip_lone_number
from bot.draft.numerals import chinese_count, ordinal_is, section_mark, subsection_mark
from bot.draft.tidy import tidy
from bot.profiles.model import PARAGRAPH_BREAK, ListLayout, Profile

# Private Use Area code points: tidy() strips these from anything the user typed,
# so only the template can produce them.
_PARA = "\ue002"
_PARA_END = "\ue003"
_RUN = "\ue000"  # h2 run
_RUN3 = "\ue004"  # h3 run
_RUN_END = "\ue001"

PARAGRAPH_STYLES = ("title", "h1", "body", "signature")  # signature: name and date at the end
# plain text; h2: a （一） heading run inside a body paragraph (楷体); h3: a 1、/1. item
# heading run inside a body paragraph (仿宋, bold in common practice).
RUN_STYLES = ("plain", "h2", "h3")

# Where a part of a partial draft will go: the official sees the gap in the text, the
# Word file and the PDF alike (a finished draft never shows it).
PENDING = "（尚未填写）"

_NO_NAME = "〇〇"


@dataclass(frozen=True)
class Run:
    text: str
    style: str = "plain"  # one of RUN_STYLES


@dataclass(frozen=True)
class Paragraph:
    style: str  # one of PARAGRAPH_STYLES
    runs: tuple[Run, ...]

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class Document:
    paragraphs: tuple[Paragraph, ...]

    @property
    def title(self) -> str:
        return self.paragraphs[0].text if self.paragraphs else ""

    def text(self) -> str:
        """The title on the first line, then one paragraph per line."""
        return "\n".join(p.text for p in self.paragraphs) + "\n"

    def markdown(self) -> str:
        lines: list[str] = []
        for paragraph in self.paragraphs:
            body = "".join(
                f"**{_md_escape(run.text)}**" if run.style in ("h2", "h3") else _md_escape(run.text)
                for run in paragraph.runs
            )
            prefix = {"title": "# ", "h1": "## "}.get(paragraph.style, "")
            lines.append(prefix + body)
        return "\n\n".join(lines) + "\n"


def _md_escape(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]<>#|~])", r"\\\1", text)


def _fill(template: str, **values: Any) -> str:
    """Fill a profile's wording; profiles are validated to use only known placeholders."""
    return template.format_map(values)


def _inner_quotes(text: str) -> str:
    """Quotes inside a quotation become single quotes, as Chinese usage requires."""
    return text.replace("“", "‘").replace("”", "’")


def _example(text: str | None, marker: str) -> tuple[str | None, str]:
    """The example and the lead-in it is printed after: the profile's marker, or the official's 又如."""
    if not text:
        return None, marker
    # The template adds the example marker; drop the one the official typed themselves.
    body, kept = strip_example_lead(tidy(text, final_stop=False))
    return tidy(body) or None, kept or marker


def _title(text: str) -> str:
    """A title without the item number the official typed: the list numbers it."""
    return tidy(strip_item_number(tidy(text, final_stop=False)))


def _list(layout: ListLayout, items: list[dict[str, Any]], lead: str = "") -> dict[str, Any]:
    """A numbered list as the template sets it: style, optional lead sentence, numbered items."""
    for k, item in enumerate(items, start=1):
        item["number"] = layout.number(k)
    return {"style": layout.style, "lead": lead, "items": items}


def _item(item: Item, marker: str) -> dict[str, Any]:
    example, example_marker = _example(item.example, marker)
    return {
        "title": _title(item.title),
        "detail": tidy(strip_lone_number(tidy(item.detail, final_stop=False))) if item.detail else "",
        "example": example,
        "example_marker": example_marker,
    }


def view(profile: Profile, content: DraftContent, notice: str | None = None,
         option_defaults: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Plain values for the template: strings, lists and dicts, never ORM rows.

    notice: the unit's own notice (config.yaml `unit:`, with {year} and {meeting}), cited instead
    of the profile's. option_defaults: the unit's usual form (config.yaml `unit.options`), used
    where the official has not chosen.
    """
    profile = profile.variant({**(option_defaults or {}), **content.options})
    wording = profile.wording
    layout = profile.layout
    author = content.author
    unit = tidy(author.unit, final_stop=False) if author.unit else _NO_NAME
    # A team's material is the team's: wherever a profile names the author, it names the team.
    position = unit if profile.voice == "team" else (
        tidy(author.position, final_stop=False) if author.position else _NO_NAME)
    name = tidy(author.name, final_stop=False) if author.name and profile.voice != "team" else None
    common = {"meeting": profile.meeting, "year": profile.year, "position": position, "unit": unit}
    if content.title:
        title = tidy(content.title, final_stop=False)
    elif name:
        title = _fill(wording.title, name=name, **common)
    else:
        title = _fill(wording.title_anonymous, **common)

    rectification_items = [
        {"title": _title(r.title),
         "detail": (tidy(r.done) if r.done else "")
         + (wording.remaining_marker + tidy(r.remaining) if r.remaining else ""),
         "example": None, "example_marker": ""}
        for r in content.rectification]
    rectification_lead = _fill(
        wording.rectification_lead, count=chinese_count(len(rectification_items)),
        count_n=str(len(rectification_items)), position=position, unit=unit,
        # Quoted items in a series take no 顿号 between them (GB/T 15834).
        titles="".join(f"“{_inner_quotes(tidy(r.title, final_stop=False))}”" for r in content.rectification),
    ) if wording.rectification_lead and rectification_items else ""
    rectification = _list(layout.rectification, rectification_items, rectification_lead)
    summary = layout.rectification.style == "summary"
    in_preamble = "".join(
        [rectification["lead"]]
        + ([] if summary else [item["number"] + item["title"] + item["detail"] for item in rectification["items"]]))

    counts = SimpleNamespace(**{c.id: str(content.counts[c.id]) if c.id in content.counts else _NO_NAME
                                for c in profile.preamble_counts})
    cited = _fill(notice, year=profile.year, meeting=profile.meeting) if notice else profile.notice
    preamble = [tidy(content.preamble)] if content.preamble else [_fill(
        paragraph, notice=cited, theme=_inner_quotes(profile.theme),
        aspects="、".join(_inner_quotes(a) for a in profile.aspects),
        aspects_quoted="".join(f"“{_inner_quotes(a)}”" for a in profile.aspects),
        aspect_count=chinese_count(len(profile.aspects)),
        aspect_total=str(len(profile.aspects)), counts=counts, rectification=in_preamble, **common)
        for paragraph in wording.preamble.split(PARAGRAPH_BREAK)]
    # A paragraph that was only {rectification} is dropped while last year's items are missing.
    preamble = [p for p in preamble if p]
    themes = []
    for index, aspect in enumerate(profile.aspects, start=1):
        theme = content.themes[index - 1] if index <= len(content.themes) else None
        short = profile.aspect_short(index - 1)
        form = profile.aspect_form(index - 1)
        if theme and theme.lead:
            lead = tidy(theme.lead, final_stop=layout.lead_stop or form.prose)
        elif form.prose:
            lead = PENDING
        elif form.lead:
            lead = _fill(wording.lead_default, aspect=aspect, short=short, position=position, unit=unit)
        else:
            lead = ""
        themes.append({
            "mark": subsection_mark(index),
            "heading": _fill(wording.aspect_heading, aspect=aspect, short=short),
            "lead": lead,
            "prose": form.prose,
            "problems": _list(layout.problems,
                              [_item(p, wording.example_marker) for p in (theme.problems if theme else ())]),
        })
    headings = {"rectification": wording.rectification_heading, "problems": wording.problems_heading,
                "case": wording.case_heading, "causes": wording.causes_heading,
                "measures": wording.measures_heading}
    headings |= {part.key: part.heading for part in profile.free_parts}
    return {
        "title": title,
        "preamble": preamble,
        "problems_lead": _fill(wording.problems_lead, position=position, unit=unit,
                               aspect_count=chinese_count(len(profile.aspects)),
                               aspect_total=str(len(profile.aspects))),
        "free": {part.key: tidy(content.free[part.key]) if content.free.get(part.key) else ""
                 for part in profile.free_parts},
        "wording": {
            "example_marker": wording.example_marker,
            "declarations_heading": wording.declarations_heading,
            "pending": PENDING,
        },
        "parts": [{"key": key, "mark": section_mark(number), "heading": headings[key]}
                  for number, key in enumerate(_shown_parts(profile, content), start=1)],
        "aspects_style": layout.aspects,
        "themes": themes,
        "declarations": [{"number": ordinal_is(k), "text": tidy(strip_item_number(text))}
                         for k, text in enumerate(content.declarations, start=1)],
        "lists": {
            "rectification": rectification,
            "causes": _list(layout.causes, [_item(c, wording.example_marker) for c in content.causes],
                            _fill(wording.causes_lead, position=position, unit=unit)),
            "measures": _list(layout.measures, [_item(m, wording.example_marker) for m in content.measures],
                              _fill(wording.measures_lead, position=position, unit=unit)),
        },
        "case": {"title": tidy(content.case.title), "detail": tidy(content.case.detail)
                 if content.case.detail else ""} if content.case else None,
        "closing": tidy(content.closing) if content.closing else _fill(wording.closing, position=position,
                                                                       unit=unit),
    }


def _shown_parts(profile: Profile, content: DraftContent) -> list[str]:
    """The numbered parts; a part of the profile's own that may be skipped shows only once written."""
    optional = {p.key for p in profile.free_parts if not p.required}
    return [key for key in profile.layout.parts if key not in optional or content.free.get(key)]


class Assembler:
    """Renders drafts through the project's Jinja templates."""

    def __init__(self, templates_dir: Path, notice: str | None = None,
                 option_defaults: Mapping[str, str] | None = None) -> None:
        self.notice = notice  # the unit's own notice (config.yaml unit:), cited in every preamble
        self.option_defaults = dict(option_defaults or {})
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates_dir)),
            undefined=jinja2.StrictUndefined,  # a missing value fails loudly, never prints nothing
            autoescape=False,  # plain text out; user text never becomes markup or template
            keep_trailing_newline=False,
        )
        self.env.globals["p"] = lambda style: f"{_PARA}{style}{_PARA_END}"
        self.env.globals["h2"] = lambda text: f"{_RUN}{text}{_RUN_END}"
        self.env.globals["h3"] = lambda text: f"{_RUN3}{text}{_RUN_END}"

    def document(self, profile: Profile, content: DraftContent, template: str = "draft.j2") -> Document:
        rendered = self.env.get_template(template).render(view(profile, content, self.notice, self.option_defaults))
        return parse_marked(rendered)


def parse_marked(rendered: str) -> Document:
    """Split the template's output at paragraph markers into styled paragraphs and runs."""
    paragraphs: list[Paragraph] = []
    chunks = rendered.split(_PARA)
    if chunks[0].strip():
        raise ValueError(f"template text outside a paragraph: {chunks[0][:40]!r}")
    for chunk in chunks[1:]:
        style, sep, body = chunk.partition(_PARA_END)
        if not sep or style not in PARAGRAPH_STYLES:
            raise ValueError(f"unknown paragraph style {style!r}")
        body = body.strip()
        if "\n" in body:
            raise ValueError(f"line break inside a paragraph: {body[:60]!r}")
        runs: list[Run] = []
        for piece in re.split(f"([{_RUN}{_RUN3}][^{_RUN_END}]*{_RUN_END})", body):
            if not piece:
                continue
            if piece[0] in (_RUN, _RUN3):
                runs.append(Run(piece[1:-1], "h2" if piece[0] == _RUN else "h3"))
            else:
                runs.append(Run(piece))
        if runs:
            paragraphs.append(Paragraph(style, tuple(runs)))
    return Document(tuple(paragraphs))
