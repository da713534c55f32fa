"""What the interview is made of: questions, sections, parts, progress, verdicts (plain data).

Kept apart from the engine (bot/interview/engine.py) so every module that only names these
imports them from here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

# question id -> the text typed, or None when the official skipped it.
Answers = Mapping[str, str | None]

YES = "yes"
NO = "no"


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    words: tuple[str, ...]  # typed words that mean this choice (console, lazy thumbs)


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    section: int  # 1-based number of the section it belongs to
    part: str  # the unit /edit rewrites: "author", "themes.2.problems.1", "causes.3" ...
    prompt: str
    hint: str
    required: bool
    min_length: int
    max_length: int
    choices: tuple[Choice, ...] = ()
    max_value: int | None = None  # a number question (the preamble counts): 0 … max_value

    @property
    def is_choice(self) -> bool:
        return bool(self.choices)


@dataclass(frozen=True)
class Section:
    number: int
    # "author", "counts", "rectification", "themes.1" … "themes.N", "declarations", "case",
    # "causes", "measures", "extras"
    key: str
    title: str
    in_flow: bool = True  # extras (title, preamble, closing overrides) are reached by /edit only


@dataclass(frozen=True)
class Part:
    """One thing /edit N.M rewrites."""

    key: str
    label: str
    number: str  # "2.1" as the official types it
    adds: bool = False  # /edit of this part adds a new item


@dataclass(frozen=True)
class Progress:
    section: int  # 1-based; equals sections when done
    sections: int
    question: int  # 1-based within the section
    questions: int
    answered: int
    total: int
    done: bool
    section_title: str

    @property
    def percent(self) -> int:
        return 100 if self.done or not self.total else min(99, self.answered * 100 // self.total)


class InterviewError(ValueError):
    """Something the official asked for that cannot be done; the message is Chinese."""


@dataclass(frozen=True)
class Verdict:
    ok: bool
    value: str | None = None  # what to store (stripped text, or a choice value)
    error: str | None = None


YES_WORDS = ("是", "有", "要", "再写", "继续", "好", "y", "yes", "1")
NO_WORDS = ("否", "没有", "无", "不", "不要", "不用", "写完了", "完成", "n", "no", "2")
# A count as typed on a phone: "23", "23条", "共 41 人次", full-width digits (NFKC makes them ASCII).
# "30余人次", "30多人次": a count given as "more than"; kept as 30余, as materials write it.
TYPED_COUNT = re.compile(r"^(?:共|累计)?(\d{1,7})([余多])?[\u4e00-\u9fff]{0,2}[。.]?$")


@dataclass(frozen=True)
class ListSpec:
    """A repeated part: its question kind, the fields each item asks, and how to name it."""

    kind: str
    fields: tuple[str, ...]
    noun: str
    unit: str


# Keyed by the list's name in the profile's counts and layout.
LISTS: dict[str, ListSpec] = {
    "problems": ListSpec("problem", ("title", "detail", "example"), "问题", "个"),
    "causes": ListSpec("cause", ("title", "detail"), "原因", "条"),
    "measures": ListSpec("measure", ("title", "detail"), "措施", "条"),
    "rectification": ListSpec("rectification", ("title", "done", "remaining"), "上年度整改措施", "条"),
}
LIST_BY_KIND = {spec.kind: spec for spec in LISTS.values()}
COUNT_VALUE = re.compile(r"^\d{1,7}余?$")  # a stored count: 23, or 30余
FIXED_PARTS = ("rectification", "case", "causes", "measures")


