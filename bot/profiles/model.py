"""The meeting profile: what a year's 民主生活会 asks, as plain frozen data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

# Question kinds, in the order the interview meets them. Question ids are built
# from these (see bot.interview.engine) and must never change once drafts exist.
QUESTION_KINDS: tuple[str, ...] = (
    "author.position",
    "author.name",
    "author.unit",
    "theme.lead",
    "problem.title",
    "problem.detail",
    "problem.example",
    "problem.more",
    "declaration.answer",
    "declaration.detail",
    "cause.title",
    "cause.detail",
    "cause.more",
    "measure.title",
    "measure.detail",
    "measure.more",
    "title",
    "preamble",
    "closing",
)

# Kinds answered by a button (or the matching word), never by free text.
CHOICE_KINDS = frozenset({"problem.more", "cause.more", "measure.more", "declaration.answer"})


@dataclass(frozen=True)
class QuestionText:
    """How one kind of question is put to the official."""

    prompt: str
    hint: str
    required: bool = True
    min_length: int = 1
    max_length: int = 1000


@dataclass(frozen=True)
class Bounds:
    """How many items a repeated part may have."""

    min: int
    max: int


@dataclass(frozen=True)
class Declaration:
    """One personal matter under 需要说明的事项, answered yes or no."""

    id: str
    question: str
    hint: str
    if_no: str  # the sentence used when the answer is no
    if_yes: str  # wraps the official's own account: "{detail}"


@dataclass(frozen=True)
class Wording:
    """The fixed phrasing of the document; {placeholders} are filled at assembly."""

    title: str
    title_anonymous: str
    preamble: str
    problems_heading: str
    aspect_heading: str
    lead_default: str
    example_marker: str
    declarations_heading: str
    causes_heading: str
    measures_heading: str
    closing: str


@dataclass(frozen=True)
class Counts:
    problems: Bounds
    causes: Bounds
    measures: Bounds


@dataclass(frozen=True)
class LengthRange:
    """A range of 字数 the reviewer's check holds a part of the material to."""

    min: int
    max: int


def _no_ranges() -> Mapping[str, LengthRange]:
    return MappingProxyType({})


def _no_problem_phrases() -> Mapping[int, tuple[str, ...]]:
    return MappingProxyType({})


@dataclass(frozen=True)
class ReviewSettings:
    """The optional `review:` key: what /check holds this meeting's material to.

    lengths: ranges of 字数 for "total", "problems", "causes", "measures" (the three
    sections) and "aspect" (each aspect's paragraph); a missing key is not checked.
    balance: the least share of the text that problems and causes must take, when the
    profile differs from the reviewer's rules.
    """

    lengths: Mapping[str, LengthRange] = field(default_factory=_no_ranges)
    balance: float | None = None


@dataclass(frozen=True)
class Phrases:
    """The optional `phrases:` key: common headings offered as buttons.

    The official picks a short title and then writes the detail and the example in
    their own words; the bot never fills in anything beyond the heading.
    """

    problems: Mapping[int, tuple[str, ...]] = field(default_factory=_no_problem_phrases)  # by aspect, 1-based
    causes: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()


@dataclass(frozen=True)
class Profile:
    """One meeting: its theme, aspects, wording and questions."""

    id: str
    version: int
    year: int
    name: str
    meeting: str
    notice: str
    theme: str
    aspects: tuple[str, ...]
    counts: Counts
    wording: Wording
    declarations: tuple[Declaration, ...]
    questions: Mapping[str, QuestionText]
    # sha256 of the source text: drafts pin the exact profile they started with.
    digest: str = ""
    source: str = field(default="", repr=False)
    # Optional keys (absent in older profiles): drafting help and the reviewer's check.
    phrases: Phrases = field(default_factory=Phrases)
    review: ReviewSettings = field(default_factory=ReviewSettings)

    def question_text(self, kind: str) -> QuestionText:
        return self.questions[kind]

    def declaration(self, declaration_id: str) -> Declaration:
        for declaration in self.declarations:
            if declaration.id == declaration_id:
                return declaration
        raise KeyError(declaration_id)


def freeze_questions(questions: dict[str, QuestionText]) -> Mapping[str, QuestionText]:
    return MappingProxyType(dict(questions))
