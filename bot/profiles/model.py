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

    def question_text(self, kind: str) -> QuestionText:
        return self.questions[kind]

    def declaration(self, declaration_id: str) -> Declaration:
        for declaration in self.declarations:
            if declaration.id == declaration_id:
                return declaration
        raise KeyError(declaration_id)


def freeze_questions(questions: dict[str, QuestionText]) -> Mapping[str, QuestionText]:
    return MappingProxyType(dict(questions))
