"""Assemble the self-review: content + profile -> view data -> Jinja -> Document.

The template decides the order and the connective phrasing; this module only
prepares plain values (tidied user text, numbering words) and turns the
template's paragraph markers into a Document that text, Markdown and Word
output all share, so every format says exactly the same words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from bot.draft.content import DraftContent, Item
from bot.draft.numerals import chinese_number, ordinal_is, section_mark, subsection_mark
from bot.draft.tidy import tidy
from bot.profiles.model import Profile

# Private Use Area code points: tidy() strips these from anything the user typed,
# so only the template can produce them.
_PARA = "\ue002"
_PARA_END = "\ue003"
_RUN = "\ue000"
_RUN_END = "\ue001"

PARAGRAPH_STYLES = ("title", "h1", "body")

_EXAMPLE_PREFIX = re.compile(r"^(如|比如|例如|譬如|又如)[，,:：]\s*")
_NO_NAME = "〇〇"


@dataclass(frozen=True)
class Run:
    text: str
    style: str = "plain"  # "plain" or "h2" (the （一） heading inside a paragraph)


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
                f"**{_md_escape(run.text)}**" if run.style == "h2" else _md_escape(run.text)
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


def _example(text: str | None) -> str | None:
    if not text:
        return None
    # The template adds the example marker; drop the one the official typed themselves.
    return tidy(_EXAMPLE_PREFIX.sub("", tidy(text, final_stop=False))) or None


def _items(found: tuple[Item, ...], number: Any) -> list[dict[str, Any]]:
    return [
        {
            "number": number(k),
            "mark": subsection_mark(k),
            "title": tidy(item.title),
            "detail": tidy(item.detail) if item.detail else "",
            "example": _example(item.example),
        }
        for k, item in enumerate(found, start=1)
    ]


def view(profile: Profile, content: DraftContent) -> dict[str, Any]:
    """Plain values for the template: strings, lists and dicts, never ORM rows."""
    wording = profile.wording
    author = content.author
    position = tidy(author.position, final_stop=False) if author.position else _NO_NAME
    name = tidy(author.name, final_stop=False) if author.name else None
    common = {"meeting": profile.meeting, "year": profile.year, "position": position,
              "unit": tidy(author.unit, final_stop=False) if author.unit else ""}
    if content.title:
        title = tidy(content.title, final_stop=False)
    elif name:
        title = _fill(wording.title, name=name, **common)
    else:
        title = _fill(wording.title_anonymous, **common)
    preamble = tidy(content.preamble) if content.preamble else _fill(
        wording.preamble, notice=profile.notice, theme=_inner_quotes(profile.theme),
        aspects="、".join(_inner_quotes(a) for a in profile.aspects), aspect_count=chinese_number(len(profile.aspects)),
        **common)
    themes = []
    for index, aspect in enumerate(profile.aspects, start=1):
        theme = content.themes[index - 1] if index <= len(content.themes) else None
        lead = tidy(theme.lead) if theme and theme.lead else _fill(
            wording.lead_default, aspect=aspect, position=position)
        themes.append({
            "mark": subsection_mark(index),
            "heading": _fill(wording.aspect_heading, aspect=aspect),
            "lead": lead,
            "problems": _items(theme.problems if theme else (), ordinal_is),
        })
    return {
        "title": title,
        "preamble": preamble,
        "wording": {
            "problems_heading": wording.problems_heading,
            "example_marker": wording.example_marker,
            "declarations_heading": wording.declarations_heading,
            "causes_heading": wording.causes_heading,
            "measures_heading": wording.measures_heading,
        },
        "marks": {"problems": section_mark(1), "causes": section_mark(2), "measures": section_mark(3)},
        "themes": themes,
        "declarations": [{"number": ordinal_is(k), "text": tidy(text)}
                         for k, text in enumerate(content.declarations, start=1)],
        "causes": _items(content.causes, ordinal_is),
        "measures": _items(content.measures, ordinal_is),
        "closing": tidy(content.closing) if content.closing else _fill(wording.closing, position=position),
    }


class Assembler:
    """Renders drafts through the project's Jinja templates."""

    def __init__(self, templates_dir: Path) -> None:
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates_dir)),
            undefined=jinja2.StrictUndefined,  # a missing value fails loudly, never prints nothing
            autoescape=False,  # plain text out; user text never becomes markup or template
            keep_trailing_newline=False,
        )
        self.env.globals["p"] = lambda style: f"{_PARA}{style}{_PARA_END}"
        self.env.globals["h2"] = lambda text: f"{_RUN}{text}{_RUN_END}"

    def document(self, profile: Profile, content: DraftContent, template: str = "draft.j2") -> Document:
        rendered = self.env.get_template(template).render(view(profile, content))
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
        for piece in re.split(f"({_RUN}[^{_RUN_END}]*{_RUN_END})", body):
            if not piece:
                continue
            if piece.startswith(_RUN):
                runs.append(Run(piece[1:-1], "h2"))
            else:
                runs.append(Run(piece))
        if runs:
            paragraphs.append(Paragraph(style, tuple(runs)))
    return Document(tuple(paragraphs))
