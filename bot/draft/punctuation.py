"""Half-width punctuation next to Chinese made full-width (step 3 of tidy, see bot/draft/tidy.py)."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence

from bot.draft.chars import (
    _ASKED_ABOUT,
    _CLOSERS,
    _CN_NUMERALS,
    _ELLIPSIS,
    _HAN,
    _PARENS_RE,
    _QUOTE_RE,
    _SIMPLE_RE,
    _TEMPLATE,
    _URL,
    _is_cjk,
    _is_han,
    _is_latin_alnum,
    _is_mark,
    _is_wide_punct,
)

# --------------------------------------------------------------------------------------
# Helpers over a string (or list) of characters
# --------------------------------------------------------------------------------------


def _protected(s: str) -> list[bool]:
    """Positions inside URLs or template-looking spans: never converted or re-spaced."""
    mask = [False] * len(s)
    # A URL has "://" or "www." (any case), a template span "{".
    if "{" not in s and "://" not in s and not ("." in s and ("w" in s or "W" in s)):
        return mask
    for match in _URL.finditer(s):
        start, end = match.span()
        while end > start and s[end - 1] in ".,;:!?'":
            end -= 1
        if end > start and s[end - 1] == ")" and s.count("(", start, end) < s.count(")", start, end):
            end -= 1
        mask[start:end] = [True] * (end - start)
    for match in _TEMPLATE.finditer(s):
        start, end = match.span()
        mask[start:end] = [True] * (end - start)
    return mask


_NOT_WORD_CATEGORIES = frozenset(("Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Mn", "Me", "Cf"))


def _is_word(c: str) -> bool:
    """A character that carries content: not a space, punctuation or a combining mark."""
    return c != " " and unicodedata.category(c) not in _NOT_WORD_CATEGORIES


def _words_around(s: str, spots: Sequence[int]) -> tuple[dict[int, str | None], dict[int, str | None]]:
    """For every position in ``spots`` (ascending), the nearest content character before and after it.

    Punctuation conversions never create or remove content characters, so these
    stay valid through a whole round: a decision based on them cannot cascade.
    Each search stops at the previous/next spot and reuses its answer, so every
    character is looked at no more than twice.
    """
    before: dict[int, str | None] = {}
    last: str | None = None  # the last content character in s[:lo]
    lo = 0
    for i in spots:
        for j in range(i - 1, lo - 1, -1):
            if _is_word(s[j]):
                last = s[j]
                break
        before[i] = last
        lo = i
    after: dict[int, str | None] = {}
    first: str | None = None  # the first content character in s[hi:]
    hi = len(s)
    for i in reversed(spots):
        for j in range(i + 1, hi):
            if _is_word(s[j]):
                first = s[j]
                break
        after[i] = first
        hi = i + 1
    return before, after


def _han(c: str | None) -> bool:
    return c is not None and _is_han(c)


def _left(cs: Sequence[str], i: int) -> str | None:
    """Nearest character before ``i`` that is neither a space nor a combining mark."""
    j = i - 1
    while j >= 0 and (cs[j] == " " or _is_mark(cs[j])):
        j -= 1
    return cs[j] if j >= 0 else None


def _right(cs: Sequence[str], i: int) -> str | None:
    """Nearest non-space character after ``i``."""
    j = i + 1
    while j < len(cs) and cs[j] == " ":
        j += 1
    return cs[j] if j < len(cs) else None


def _base_left(cs: Sequence[str], i: int) -> str | None:
    """The character before ``i`` (skipping combining marks, not spaces)."""
    j = i - 1
    while j >= 0 and _is_mark(cs[j]):
        j -= 1
    return cs[j] if j >= 0 else None


def _positions(pattern: re.Pattern[str], s: str) -> list[int]:
    return [m.start() for m in pattern.finditer(s)]


# --------------------------------------------------------------------------------------
# Step 3: half-width punctuation in Chinese text
# --------------------------------------------------------------------------------------


class _Context:
    """What the converters need to know about one round's text.

    ``before``/``after`` are known at the positions of half-width punctuation,
    the only positions the converters ask about.
    """

    def __init__(self, s: str) -> None:
        self.text = s
        self.mask = _protected(s)
        self.before, self.after = _words_around(s, _positions(_ASKED_ABOUT, s))
        self._han_at: list[int] | None = None

    def han_between(self, a: int, b: int) -> bool:
        """Is there a Han character strictly between positions a and b?"""
        if self._han_at is None:  # positions of Han characters, found once per round
            self._han_at = _positions(_HAN, self.text)
        k = bisect_right(self._han_at, a)
        return k < len(self._han_at) and self._han_at[k] < b

    def chinese_near(self, a: int, b: int | None = None) -> bool:
        """Is the content just before ``a`` or just after ``b`` (default ``a``) Chinese?"""
        return _han(self.before[a]) or _han(self.after[a if b is None else b])


def _convert_quotes(cs: list[str], ctx: _Context, quote: str, pair: tuple[str, str]) -> None:
    s = ctx.text
    if quote not in s:
        return
    n = len(cs)
    spots = [
        i
        for i in _positions(_QUOTE_RE[quote], s)
        if not ctx.mask[i]
        # an apostrophe inside a Latin word ("don't") is not a quote
        and not (
            quote == "'"
            and _is_latin_alnum(cs[i - 1] if i else None)
            and _is_latin_alnum(cs[i + 1] if i + 1 < n else None)
        )
    ]
    paired = len(spots) - len(spots) % 2
    for k in range(0, paired, 2):  # "pair them left/right in order"
        a, b = spots[k], spots[k + 1]
        if ctx.chinese_near(a, b) or ctx.han_between(a, b):
            cs[a], cs[b] = pair
    if paired < len(spots):  # one left over: its direction follows what precedes it
        i = spots[-1]
        if ctx.chinese_near(i):
            after = cs[i + 1] if i + 1 < n else None
            still_open = cs[:i].count(pair[0]) > cs[:i].count(pair[1])
            opening = not still_open and after is not None and after != " " and after not in _CLOSERS
            cs[i] = pair[0] if opening else pair[1]


def _convert_parens(cs: list[str], ctx: _Context) -> None:
    stack: list[int] = []
    singles: list[int] = []
    for i in _positions(_PARENS_RE, ctx.text):
        if ctx.mask[i]:
            continue
        if cs[i] == "(":
            stack.append(i)
        else:
            if stack:
                a = stack.pop()
                if ctx.chinese_near(a, i) or ctx.han_between(a, i):
                    cs[a], cs[i] = "（", "）"
            else:
                singles.append(i)
    for i in singles + stack:
        if ctx.chinese_near(i):
            cs[i] = "（" if cs[i] == "(" else "）"


_SIMPLE = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}


def _convert_simple(cs: list[str], ctx: _Context) -> None:
    """``, ; : ? !`` unless both neighbouring tokens are non-Chinese ("A,B", "10:30")."""
    todo = [i for i in _positions(_SIMPLE_RE, ctx.text) if not ctx.mask[i]]
    for i in todo:
        before, after = ctx.before[i], ctx.after[i]
        if before is None or after is None or _han(before) or _han(after):
            cs[i] = _SIMPLE[cs[i]]
    # Next to full-width punctuation ("“APP”,APP"): sweep both ways so chains settle at once.
    for order in (todo, todo[::-1]):
        for i in order:
            if cs[i] in _SIMPLE and (_is_cjk(_left(cs, i)) or _is_cjk(_right(cs, i))):
                cs[i] = _SIMPLE[cs[i]]


def _convert_dots(cs: list[str], ctx: _Context) -> None:
    """A ``.`` ending a Chinese sentence; never in 3.5, 1.2万, v1.2, U.S., URLs."""
    n = len(cs)
    i = ctx.text.find(".")
    while i >= 0:  # earlier conversions only ever change the dot they look at
        if not ctx.mask[i]:
            left = _left(cs, i)
            after = cs[i + 1] if i + 1 < n else None
            if (
                left is not None
                and (_is_han(left) or (left in _CLOSERS and left not in ")]"))
                and (after is None or after == " " or _is_cjk(after))
            ):
                cs[i] = "、" if after is not None and _list_numeral_before(cs, i) else "。"
        i = ctx.text.find(".", i + 1)


def _list_numeral_before(cs: list[str], i: int) -> bool:
    """``一.`` / ``十二.`` opening a list item: the Chinese form is ``一、``."""
    j = i - 1
    while j >= 0 and cs[j] == " ":
        j -= 1
    start = j
    while j >= 0 and cs[j] in _CN_NUMERALS:
        j -= 1
    if j == start:
        return False
    return j < 0 or cs[j] == " " or _is_wide_punct(cs[j])


def _convert_ellipses(s: str) -> str:
    """``...`` / ``…`` runs after Chinese become ``……``."""
    if not _has_ellipsis(s):
        return s
    matches = list(_ELLIPSIS.finditer(s))
    if not matches:
        return s
    mask = _protected(s)
    todo = [m.span() for m in matches if not any(mask[m.start() : m.end()])]
    # Right after a Han character or Chinese punctuation: no need to look further.
    chinese = {start for start, _ in todo if _is_cjk(_left(s, start))}
    unsure = [span for span in todo if span[0] not in chinese]
    if unsure:
        before, after = _words_around(s, sorted({a for a, _ in unsure} | {b - 1 for _, b in unsure}))
        for start, end in unsure:
            if _han(before[start]) or (_left(s, start) is None and _han(after[end - 1])):
                chinese.add(start)
    pieces: list[str] = []
    done = 0
    for start, end in todo:
        if start in chinese:
            pieces += (s[done:start], "……")
            done = end
    if not pieces:
        return s
    pieces.append(s[done:])
    return "".join(pieces)


def _has_half_punct(s: str) -> bool:
    return (
        "," in s or "." in s or ":" in s or ";" in s or "?" in s or "!" in s
        or "(" in s or ")" in s or '"' in s or "'" in s
    )


def _has_ellipsis(s: str) -> bool:
    """Could ``_ELLIPSIS`` match?"""
    return "…" in s or "⋯" in s or "..." in s or "。。。" in s


def _convert_punctuation(s: str) -> str:
    if _has_half_punct(s):
        cs = list(s)
        ctx = _Context(s)
        _convert_quotes(cs, ctx, '"', ("“", "”"))
        _convert_quotes(cs, ctx, "'", ("‘", "’"))
        _convert_parens(cs, ctx)
        _convert_simple(cs, ctx)
        _convert_dots(cs, ctx)
        s = "".join(cs)
    return _convert_ellipses(s)


