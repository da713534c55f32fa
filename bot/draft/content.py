"""The official's material as plain data: what the answers file holds and the draft renders."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Author:
    position: str | None = None
    name: str | None = None
    unit: str | None = None


@dataclass(frozen=True)
class Item:
    """A problem, cause or measure: a short title, a detail, perhaps an example."""

    title: str
    detail: str = ""
    example: str | None = None


@dataclass(frozen=True)
class ThemeContent:
    """What the official wrote for one aspect of the meeting."""

    lead: str | None = None
    problems: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Rectification:
    """One of last year's measures: what has been done about it, and what remains."""

    title: str
    done: str = ""
    remaining: str | None = None


@dataclass(frozen=True)
class Case:
    """The 典型案例剖析: a case, and what the official draws from it."""

    title: str
    detail: str = ""


@dataclass(frozen=True)
class DraftContent:
    """Everything the official supplied; the profile supplies the rest."""

    profile_id: str
    author: Author = field(default_factory=Author)
    title: str | None = None
    preamble: str | None = None
    themes: tuple[ThemeContent, ...] = ()
    declarations: tuple[str, ...] = ()
    causes: tuple[Item, ...] = ()
    measures: tuple[Item, ...] = ()
    closing: str | None = None
    # Sections only some profiles have.
    # preamble counts by id: {"study": 5}; "30余" where the official gave "more than 30"
    counts: dict[str, int | str] = field(default_factory=dict)
    rectification: tuple[Rectification, ...] = ()
    case: Case | None = None
    # The official's marks (/link) of which problems each measure answers: measure number
    # (1-based) -> problem refs "themes.<aspect>.problems.<k>", as the review reads them.
    links: dict[int, frozenset[str]] = field(default_factory=dict)
    free: dict[str, str] = field(default_factory=dict)  # the profile's own parts, by key
    options: dict[str, str] = field(default_factory=dict)  # the chosen form, option id -> choice id
