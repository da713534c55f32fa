"""The meeting profile: what a year's 民主生活会 asks, as plain frozen data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from bot.draft.numerals import chinese_number

# Question kinds whose texts a profile supplies under `questions:`, in the order
# the interview meets them. Question ids are built from these (see
# bot.interview.engine) and must never change once drafts exist.
BASE_KINDS: tuple[str, ...] = (
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
# Kinds a profile must word only when it has the section they belong to.
FEATURE_KINDS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "rectification": ("rectification.title", "rectification.done", "rectification.remaining",
                      "rectification.more"),
    "case": ("case.title", "case.detail"),
    "prose": ("theme.prose",),
})
QUESTION_KINDS: tuple[str, ...] = BASE_KINDS + tuple(k for kinds in FEATURE_KINDS.values() for k in kinds)

# Kinds answered by a button (or the matching word), never by free text.
CHOICE_KINDS = frozenset({"problem.more", "cause.more", "measure.more", "rectification.more",
                          "declaration.answer"})

# The numbered parts of the body (一、二、三、…) a profile may order in `layout.parts`.
PART_KEYS: tuple[str, ...] = ("rectification", "problems", "case", "causes", "measures")
REQUIRED_PARTS = frozenset({"problems", "causes", "measures"})
# How a list of items is set: 一是…二是… run on in one paragraph, one paragraph per
# item, or one paragraph per item opening with a bold numbered sub-heading.
# "titled": each item's title on a line of its own, its detail in the next paragraph;
# "summary" (last year's rectification only): the lead sentence alone, e.g.
# "对照上年度民主生活会查摆的……等4个问题，均已制定措施并基本整改到位。"
LIST_STYLES: tuple[str, ...] = ("run_on", "paragraphs", "headings", "titled", "summary")
# Where an aspect's heading stands: at the start of its lead paragraph, or on a line of its own.
ASPECT_STYLES: tuple[str, ...] = ("run_in", "own_line")
VOICES: tuple[str, ...] = ("personal", "team")
# Marks a value a secretary must still fill (selfreview new-profile); the loader refuses it.
TODO_MARK = "【待填写】"
# Separates the paragraphs of a preamble written as a list (U+2029 PARAGRAPH SEPARATOR).
PARAGRAPH_BREAK = "\u2029"


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
    """How many items a repeated part may have (or how long a text may be)."""

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
class PreambleCount:
    """A number the preamble states (学习研讨 N 次 …); wording uses it as {counts.<id>}."""

    id: str
    question: str
    hint: str
    max: int = 9999


@dataclass(frozen=True)
class Wording:
    """The fixed phrasing of the document; {placeholders} are filled at assembly.

    Keys with an empty default belong to optional sections; the loader demands
    them when the profile has that section.
    """

    title: str
    title_anonymous: str
    preamble: str
    problems_heading: str
    aspect_heading: str
    lead_default: str
    example_marker: str
    causes_heading: str
    measures_heading: str
    closing: str
    declarations_heading: str = ""
    causes_lead: str = ""
    measures_lead: str = ""
    counts_title: str = ""  # the interview's title for the preamble counts
    rectification_heading: str = ""
    rectification_lead: str = ""
    remaining_marker: str = ""  # joins what was done to what remains
    case_heading: str = ""
    problems_lead: str = ""  # text between the problems part's heading and its first aspect


@dataclass(frozen=True)
class Counts:
    problems: Bounds
    causes: Bounds
    measures: Bounds
    rectification: Bounds = Bounds(1, 10)


@dataclass(frozen=True)
class ListLayout:
    """How one list (problems, causes, measures, last year's measures) is numbered and set."""

    style: str  # one of LIST_STYLES
    mark: str  # numbering pattern: {cn} 一二三, {n} 1 2 3 — "{cn}是", "（{cn}）", "{n}、"

    def number(self, k: int) -> str:
        return self.mark.replace("{cn}", chinese_number(k)).replace("{n}", str(k))


@dataclass(frozen=True)
class Layout:
    """The document's shape; the defaults are the 2021 material's."""

    parts: tuple[str, ...] = ("problems", "causes", "measures")
    aspects: str = "run_in"  # one of ASPECT_STYLES
    problems: ListLayout = ListLayout("run_on", "{cn}是")
    causes: ListLayout = ListLayout("headings", "（{cn}）")
    measures: ListLayout = ListLayout("headings", "（{cn}）")
    rectification: ListLayout = ListLayout("headings", "（{cn}）")
    # False: an official's lead ends as typed ("……主要表现在" runs on into 一是), no 。 added.
    lead_stop: bool = True


@dataclass(frozen=True)
class Aspect:
    """How one aspect is written: with a lead sentence or not, numbered problems or prose."""

    lead: bool = True  # False: no lead sentence is asked or printed
    prose: bool = False  # True: the aspect is one passage in the official's words, no numbered items


@dataclass(frozen=True)
class FreePart:
    """A numbered part of the profile's own (e.g. 党支部基本情况): a heading and one question."""

    key: str
    heading: str
    prompt: str
    hint: str
    required: bool = True


@dataclass(frozen=True)
class OptionChoice:
    """One way of setting the material; `layout` and `wording` hold only what it changes."""

    id: str
    label: str
    layout: Mapping[str, Any]
    wording: Mapping[str, str]


@dataclass(frozen=True)
class Option:
    """A choice the official (or the unit's secretary) makes about the material's form."""

    id: str
    question: str
    hint: str
    default: str
    choices: tuple[OptionChoice, ...]

    def choice(self, choice_id: str | None) -> OptionChoice:
        """The choice of that id; the default for None or an id this option lacks."""
        for choice in self.choices:
            if choice.id == choice_id:
                return choice
        return next(c for c in self.choices if c.id == self.default)


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
    # The profile as one self-contained YAML text: the file itself, or for a profile
    # that extends another, the fully resolved result (what a draft's snapshot holds).
    source: str = field(default="", repr=False)
    # Short titles of the aspects, for headings such as "（一）政治信仰方面。" (default: the title).
    aspect_shorts: tuple[str, ...] = ()
    voice: str = "personal"  # personal (我、本人) or team (我们、班子)
    layout: Layout = Layout()
    preamble_counts: tuple[PreambleCount, ...] = ()
    length: Bounds | None = None  # the usual length of the whole material, in characters
    lineage: tuple[str, ...] = ()  # ids this profile extends, nearest first
    # Optional keys (absent in older profiles): drafting help and the reviewer's check.
    phrases: Phrases = field(default_factory=Phrases)
    review: ReviewSettings = field(default_factory=ReviewSettings)
    aspect_forms: tuple[Aspect, ...] = ()  # per aspect; missing entries are Aspect()
    free_parts: tuple[FreePart, ...] = ()  # the parts named in layout.parts besides PART_KEYS
    options: tuple[Option, ...] = ()

    def aspect_form(self, index: int) -> Aspect:
        """How aspect index (0-based) is written."""
        return self.aspect_forms[index] if index < len(self.aspect_forms) else Aspect()

    def free_part(self, key: str) -> FreePart:
        return next(p for p in self.free_parts if p.key == key)

    def variant(self, selected: Mapping[str, str]) -> Profile:
        """The profile as the official's chosen options set it (defaults for the rest)."""
        if not self.options:
            return self
        layout_changes: dict[str, Any] = {}
        wording_changes: dict[str, str] = {}
        for option in self.options:
            choice = option.choice(selected.get(option.id))
            layout_changes.update(choice.layout)
            wording_changes.update(choice.wording)
        if not layout_changes and not wording_changes:
            return self
        return replace(self, layout=replace(self.layout, **layout_changes),
                       wording=replace(self.wording, **wording_changes))

    def question_text(self, kind: str) -> QuestionText:
        return self.questions[kind]

    def declaration(self, declaration_id: str) -> Declaration:
        for declaration in self.declarations:
            if declaration.id == declaration_id:
                return declaration
        raise KeyError(declaration_id)

    def aspect_short(self, index: int) -> str:
        """The short title of aspect index (0-based)."""
        return self.aspect_shorts[index] if index < len(self.aspect_shorts) else self.aspects[index]

    @property
    def rectification_place(self) -> str | None:
        """Where last year's rectification goes: its own part, a sentence in the preamble, or nowhere."""
        if "rectification" in self.layout.parts:
            return "part"
        if "{rectification}" in self.wording.preamble or any(
                "{rectification}" in choice.wording.get("preamble", "")
                for option in self.options for choice in option.choices):
            return "preamble"
        return None

    @property
    def has_case(self) -> bool:
        return "case" in self.layout.parts


def freeze_questions(questions: dict[str, QuestionText]) -> Mapping[str, QuestionText]:
    return MappingProxyType(dict(questions))
