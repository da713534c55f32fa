"""Where a long title breaks into lines (GB/T 9704-2012, 7.3.3).

The standard asks a title that takes more than one line to break so that every line
keeps its words whole ("词意完整"), the lines are symmetric and of sensible lengths, and
the whole is set as a trapezoid or a diamond, never as a rectangle of equal lines or an
hourglass. Left to itself Word fills the first line to the margin and breaks wherever
the 20th character falls — "…专题民主" / "生活会上的…" — which every secretary then fixes
by hand. Titles of these materials are built from a few set phrases (name 同志在,
year 年度, the meeting, 上的, 对照检查材料), so the places a break may go are known phrase
boundaries; among them we pick the fewest lines that fit, then the best shape.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

# Zero-width patterns for the places a title may break, with what a break there costs
# (in the same unit as a line's width: one full-width character). A boundary between
# the set phrases costs nothing; a break inside a long meeting name costs a little.
_BREAKS: tuple[tuple[re.Pattern[str], float], ...] = (
    (re.compile(r"(?<=同志在)"), 0.0),
    (re.compile(r"(?<=同志)(?=[0-9０-９])"), 0.0),  # 张三同志2024年度组织生活会…
    (re.compile(r"(?<=年度)"), 0.0),
    (re.compile(r"(?<=专题)"), 0.0),
    (re.compile(r"(?=(民主|组织)生活会)"), 0.0),
    # before the name of the material, once: never inside 个人|对照检查材料 or 对照|检视剖析材料
    (re.compile(r"(?<!个人)(?<!对照)(?<!检视)(?=(个人)?(对照检查|对照检视|检视剖析|发言提纲))"), 0.0),
    (re.compile(r"(?<=学习教育)"), 5.0),
    (re.compile(r"(?<=主题教育)"), 5.0),
    (re.compile(r"(?<=上的)"), 5.0),
)
# A title of the official's own wording has few of the set phrases: it may break after
# a mark of punctuation or a function word, and as a last resort between any two
# characters outside the protected words below, at a cost that lets a phrase boundary
# win whenever one fits.
_FALLBACK_BREAKS: tuple[tuple[re.Pattern[str], float], ...] = (
    (re.compile(r"(?<=[、，,：:；;])"), 1.0),
    (re.compile(r"(?<=[的和与及并])"), 4.0),
    (re.compile(r"(?<=[\u4e00-\u9fff])(?=[\u4e00-\u9fff])"), 12.0),
)
# Words a break never goes inside, whatever it costs.
_WHOLE = re.compile(r"(个人)?(对照检查|对照检视|检视剖析|发言提纲)(发言)?(材料)?|(民主|组织)生活会|学习教育|主题教育"
                    r"|[0-9０-９]+年度|同志|领导班子|党委|党组|委员会")
MAX_LINES = 4
# A line much shorter than the longest ("在2024年度" over a full line) looks stranded.
_SHORT_LINE = 0.4
_SHORT_COST = 6.0
_NEAR = 6.0  # ems from an even split that a break may lie
# Half-width characters (the year's digits) are counted a little wider than half an
# em: fonts differ, and a line that overruns by a hair wraps a lone character.
HALF_WIDTH = 0.55
_UPPER_LONGER = 0.5  # a slight preference for the upright trapezoid: shorter line on top
_RECTANGLE = 1.5  # two lines of the same length are neither trapezoid nor diamond


def char_width(ch: str) -> float:
    """Width of one character in ems of the title's type."""
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else HALF_WIDTH


def text_width(text: str) -> float:
    return sum(char_width(ch) for ch in text)


def _breaks(title: str, fallback: bool = False) -> dict[int, float]:
    """Positions a break may go before, with their cost (the cheapest rule wins);
    fallback: also the places a title of the official's own wording may break."""
    found: dict[int, float] = {}
    inside = {at for match in _WHOLE.finditer(title) for at in range(match.start() + 1, match.end())}
    for pattern, cost in _BREAKS + (_FALLBACK_BREAKS if fallback else ()):
        for match in pattern.finditer(title):
            at = match.start()
            if 0 < at < len(title) and at not in inside and not (title[at - 1].isascii() and title[at].isascii()):
                found[at] = min(cost, found.get(at, cost))
    return found


def _shape_cost(widths: list[float]) -> float | None:
    """How far the lines are from a good title shape; None for shapes the standard rules out."""
    short = sum(_SHORT_COST for w in widths if w < _SHORT_LINE * max(widths))
    shape = _line_shape(widths)
    return None if shape is None else shape + short


def _line_shape(widths: list[float]) -> float | None:
    if len(widths) == 2:
        upper, lower = widths
        return (abs(upper - lower) + (_UPPER_LONGER if upper > lower else 0.0)
                + (_RECTANGLE if abs(upper - lower) < 1 else 0.0))
    inner = widths[1:-1]
    if any(w < widths[0] and w < widths[-1] for w in inner):
        return None  # an hourglass
    # trapezoid (growing downwards) or diamond (widest in the middle): count every step
    # that goes against the shape, plus the spread of the lines
    widest = widths.index(max(widths))
    against = sum(max(0.0, widths[i] - widths[i + 1]) for i in range(widest)) + sum(
        max(0.0, widths[i + 1] - widths[i]) for i in range(widest, len(widths) - 1))
    return against * 2 + max(widths) - min(widths)


def title_lines(title: str, max_width: float) -> list[str]:
    """The title's lines, each at most max_width ems wide; [title] when it fits on one
    line, or when not even the fallback boundaries fit (the word processor wraps it then)."""
    if text_width(title) <= max_width:
        return [title]
    if text_width(title) > MAX_LINES * max_width:
        return [title]  # no MAX_LINES lines can hold it: a paragraph, not a title
    for fallback in (False, True):
        lines = _best(title, _breaks(title, fallback), max_width, near=_NEAR if fallback else None)
        if lines is not None:
            return lines
    return [title]


def _best(title: str, breaks: dict[int, float], max_width: float, near: float | None) -> list[str] | None:
    """The fewest lines that fit, and among them the cheapest shape and breaks."""
    offsets = {at: text_width(title[:at]) for at in breaks}
    total = text_width(title)
    for count in range(2, MAX_LINES + 1):
        best: tuple[float, list[str]] | None = None
        # Only breaks near the even split can make a good shape: this keeps the search
        # small when a long title may break between any two characters.
        positions = sorted(at for at in breaks if near is None
                           or min(abs(offsets[at] - total * k / count) for k in range(1, count)) <= near)
        for cut in itertools.combinations(positions, count - 1):
            bounds = (0, *cut, len(title))
            lines = [title[a:b] for a, b in itertools.pairwise(bounds)]
            widths = [text_width(line) for line in lines]
            if max(widths) > max_width:
                continue
            shape = _shape_cost(widths)
            if shape is None:
                continue
            cost = shape + sum(breaks[at] for at in cut)
            if best is None or cost < best[0]:
                best = (cost, lines)
        if best is not None:
            return best[1]
    return None
