"""A paste that holds several items: how it splits into the current part's items.

Officials prepare answers on a computer and paste them: one message (or a multi-line
terminal paste) with "一是……二是……", "（一）……（二）……", "1.…… 2.……", "1、…… 2、……" or
one paragraph per item, each opening with its 小标题 sentence and perhaps an example
("如，……", "比如……", "例如……", "又如……"). `split_paste` proposes how the text files into
the part being answered; the front end shows the proposal and files it after one
confirmation. Nothing of the text is dropped except the numbering and lead-ins the
product prints itself (see bot.draft.lead_ins).

Pure: standard library only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from itertools import pairwise

from bot.draft.lead_ins import example_lead, strip_item_number

__all__ = ["PasteSplit", "ProposedItem", "Shape", "chinese_value", "numbered_chunks", "split_paste"]

# A 小标题 is one short sentence; a longer first sentence is the detail, and the title is
# asked for separately.
MAX_TITLE = 40


class Shape(Enum):
    """What the part being answered holds."""

    PROBLEMS = "problems"  # items with title, detail and an optional example
    ITEMS = "items"  # causes, measures, last year's measures: title and detail
    SINGLE = "single"  # one field (a lead, the position, a declaration …)


@dataclass(frozen=True)
class ProposedItem:
    title: str  # "" when the item opens with no short heading sentence (ask for one)
    detail: str = ""
    example: str | None = None  # without its lead-in, except 又如 (kept: bot.draft.lead_ins)


@dataclass(frozen=True)
class PasteSplit:
    """The proposal. `lead` is what came before the first item ("……还存在以下不足：")."""

    text: str  # the whole paste as one answer (line breaks of a terminal paste joined)
    items: tuple[ProposedItem, ...] = ()
    lead: str = ""
    scheme: str = "none"  # "is" 一是, "paren" （一）, "n" 1. / 1、, "cn" 一、, "paragraphs", "none"

    @property
    def several(self) -> bool:
        """Does the paste hold more than one item (worth showing the split)?"""
        return len(self.items) > 1


_CN_DIGITS = {c: k for k, c in enumerate("零一二三四五六七八九")}


def chinese_value(word: str) -> int | None:
    """一 -> 1, 十 -> 10, 十二 -> 12, 二十三 -> 23; None if not a numeral below 100."""
    if not word or any(c not in _CN_DIGITS and c != "十" for c in word):
        return None
    if "十" not in word:
        return _CN_DIGITS[word] if len(word) == 1 and word != "零" else None
    tens, _, units = word.partition("十")
    if len(tens) > 1 or len(units) > 1 or "十" in units:
        return None
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


_CN = "一二三四五六七八九十"
# Where an item may start: the beginning, a new line, or after a sentence / clause end.
_STARTS = r"(?:^|(?<=[。；;：:！？!?\n]))\s*"
_MARKS: dict[str, re.Pattern[str]] = {
    # "……不够，二是……" runs on after a comma as often as after a stop.
    "is": re.compile(r"(?:^|(?<=[。；;：:！？!?\n，,]))\s*" + rf"(?P<v>[{_CN}]{{1,3}})是(?![非否])"),
    "paren": re.compile(_STARTS + rf"[（(](?P<v>[{_CN}]{{1,3}})[）)]"),
    "parn": re.compile(_STARTS + r"[（(](?P<v>\d{1,2})[）)]"),
    "cn": re.compile(_STARTS + rf"(?P<v>[{_CN}]{{1,3}})[、．.]"),
    "n": re.compile(_STARTS + r"(?P<v>\d{1,2})(?:[、]|[.．](?!\d))"),
}
_SENTENCE_END = re.compile(r"[。！？!?；;]")
_CLAUSE_START = re.compile(r"(?:^|(?<=[。；;！？!?]))")


def _value(scheme: str, word: str) -> int | None:
    return int(word) if scheme in ("n", "parn") else chinese_value(word)


def _sequence(scheme: str, text: str) -> list[int]:
    """Start positions of the items 1, 2, 3 … numbered in `scheme`, in order."""
    starts: list[int] = []
    expected = 1
    for match in _MARKS[scheme].finditer(text):
        if _value(scheme, match.group("v")) == expected:
            starts.append(match.start("v") - (1 if scheme in ("paren", "parn") else 0))
            expected += 1
    return starts


def _join_lines(text: str) -> str:
    """A terminal paste's lines as one text; Chinese is set solid, so lines join without a space."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    out = ""
    for line in lines:
        if not line:
            continue
        if out and out[-1].isascii() and out[-1].isalnum() and line[0].isascii() and line[0].isalnum():
            out += " "  # two Latin words across a line break stay two words
        out += line
    return out


def _title_and_rest(chunk: str, max_title: int) -> tuple[str, str]:
    """A 小标题 sentence ends at the first 。！？； (or a line break) and is short."""
    first_line, newline, after = chunk.partition("\n")
    match = _SENTENCE_END.search(first_line)
    if match is not None and match.start() <= max_title:
        title, rest = first_line[: match.start()], first_line[match.end():] + newline + after
    elif newline and len(first_line.strip()) <= max_title:
        title, rest = first_line, after
    else:
        return "", chunk
    return title.strip().rstrip("：:，,"), rest


def _example_split(detail: str) -> tuple[str, str | None]:
    """(detail, example): the example is the rest of the item from the first 如，/比如/例如/又如."""
    for match in _CLAUSE_START.finditer(detail):
        found = example_lead(detail[match.start():])
        if found is None:
            continue
        lead, example = found
        if lead.startswith(("又如", "再如", "还如")):
            example = lead.rstrip("，,：:") + "，" + example
        return detail[: match.start()].strip(), example
    return detail, None


def _item(chunk: str, shape: Shape, max_title: int) -> ProposedItem:
    chunk = strip_item_number(chunk.strip())
    title, rest = _title_and_rest(chunk, max_title)
    detail = _join_lines(rest)
    example = None
    if shape is Shape.PROBLEMS:
        detail, example = _example_split(detail)
    return ProposedItem(_join_lines(title), detail, example or None)


def numbered_chunks(text: str, min_items: int = 2) -> tuple[str, list[str], str]:
    """(lead, item texts with their numbers, scheme) for the outermost numbering that runs 1, 2 …
    at least to `min_items` (a finished material may have one problem only; a paste of one
    numbered item is no list); else one item per paragraph ("paragraphs"), or the whole
    text ("none")."""
    best: tuple[int, int, str, list[int]] | None = None
    for scheme in _MARKS:
        starts = _sequence(scheme, text)
        if len(starts) < min_items:
            continue
        rank = (starts[0], -len(starts))  # the earliest first item is the outermost list
        if best is None or rank < (best[0], best[1]):
            best = (starts[0], -len(starts), scheme, starts)
    if best is not None:
        starts = best[3]
        bounds = [*starts, len(text)]
        return text[: starts[0]].strip(), [text[a:b] for a, b in pairwise(bounds)], best[2]
    # A line break is a new paragraph after a sentence end or a blank line; after a
    # comma it is where the official's editor wrapped the line.
    paragraphs = [p for p in re.split(r"\n\s*\n|(?<=[。！？!?；;”’）)])[ \t]*\n", text) if p.strip()]
    if len(paragraphs) > 1:
        return "", paragraphs, "paragraphs"
    return "", [text], "none"


def split_paste(text: str, shape: Shape, max_title: int = MAX_TITLE) -> PasteSplit:
    """How `text` would file into the part being answered.

    For Shape.SINGLE only `text` (lines joined) is meant to be used; the items are given
    too, so a front end can say "this looks like several items" at a single question.
    `max_title`: the longest first sentence taken as the title (an importer of a finished
    material takes any first sentence: its items always open with their title).
    """
    clean = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    whole = _join_lines(clean)
    if not clean:
        return PasteSplit("")
    lead, chunks, scheme = numbered_chunks(clean)
    item_shape = Shape.ITEMS if shape is Shape.SINGLE else shape
    items = tuple(_item(chunk, item_shape, max_title) for chunk in chunks if chunk.strip())
    return PasteSplit(whole, items, _join_lines(lead), scheme)
