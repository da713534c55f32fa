"""Clean up what an official typed on a phone, without changing their words.

Everything here is a pure function over ``str`` using only the standard library.

``tidy`` only touches *form*: invisible garbage, whitespace, half-width
punctuation inside Chinese text and the final sentence mark.  It never
translates, reorders or drops a word; emoji, traditional characters, digits,
``xx`` placeholders and template-looking text such as ``{{ 7*7 }}`` pass
through unchanged (the latter is only ever data, never a template).

Rules, in the order they are applied (the whole pipeline is repeated until the
text no longer changes, which makes ``tidy`` idempotent by construction; every
step only ever removes characters or turns ASCII punctuation into full-width
punctuation, and decisions rest on the nearest *content* characters, which no
step changes, so this settles in two or three rounds; ``_MAX_ROUNDS`` is a
safety cap):

1. NFC; drop zero-width characters (U+200B-U+200D, U+2060, U+FEFF), other
   invisible format characters (soft hyphen, bidi marks/overrides/isolates,
   invisible math operators), C0/C1 control characters, lone surrogates and
   every Private Use Area character (U+E000-U+F8FF and planes 15-16: the
   renderer uses PUA code points as internal markers).  A zero-width joiner
   survives only between two emoji (family / profession / flag sequences);
   variation selectors survive only when attached to a base they can modify
   (VS15/VS16 after a symbol or keycap digit, VS1-14 after a visible base,
   ideographic variation selectors after a Han character).
2. All whitespace (tabs, newlines, U+3000, NBSP, ...) becomes one ASCII space,
   leading and trailing whitespace is stripped.
3. Only if the text contains Han characters: half-width punctuation next to
   Chinese becomes full-width (``, ; : ? !``, paired ``( )``, paired ``" "``
   and ``' '``, sentence-final ``.``, ``...``/``…`` runs).  Punctuation
   between two non-Chinese tokens ("A,B", "v1.2", "10:30", "3:1") and URLs /
   ``{{ }}`` / ``{% %}`` / ``{# #}`` spans are left alone.
4. Chinese is set solid, as in official documents: a space touching a Han
   character or full-width punctuation is removed ("我们 要" -> "我们要",
   "学了 3.5 小时" -> "学了3.5小时", "Word 文档" -> "Word文档"); a space
   between two non-Chinese tokens stays ("Word 2016", "Hello world").  No
   space is ever added ("使用APP办理" stays).
5. The final sentence mark (see ``tidy``'s parameters).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence

__all__ = ["char_count", "strip_end_mark", "tidy"]

# Speed: ``tidy`` runs on every answer of every draft, so each step first asks
# (with a C-level scan: ``in``, ``str.isprintable``, a precompiled regex)
# whether the text holds anything the step could change, and skips itself when
# it does not: text typed with a Chinese IME usually has no half-width
# punctuation, no stray whitespace and no invisible characters at all.  When a
# step does have work, it visits only the positions of the characters it acts
# on instead of every character.  Nothing is remembered between calls (no cache
# of what anyone typed).

# --------------------------------------------------------------------------------------
# Character classes
# --------------------------------------------------------------------------------------

_HAN_RANGES: tuple[tuple[int, int], ...] = (
    (0x2E80, 0x2FDF),  # CJK radicals, Kangxi radicals
    (0x3005, 0x3005),  # 々
    (0x3007, 0x3007),  # 〇
    (0x3021, 0x3029),  # Hangzhou numerals
    (0x3038, 0x303B),
    (0x3400, 0x4DBF),  # Extension A
    (0x4E00, 0x9FFF),  # Unified ideographs
    (0xF900, 0xFAFF),  # Compatibility ideographs
    (0x20000, 0x323AF),  # Extensions B-H and compatibility supplement
)
# [lo0, hi0 + 1, lo1, hi1 + 1, ...]: a code point is Han iff an odd number of bounds are <= it.
_HAN_BOUNDS: tuple[int, ...] = tuple(b for lo, hi in _HAN_RANGES for b in (lo, hi + 1))
_HAN = re.compile("[" + "".join(f"{re.escape(chr(lo))}-{re.escape(chr(hi))}" for lo, hi in _HAN_RANGES) + "]")

# Blocks whose punctuation/symbols are unambiguously full-width (East Asian).
_WIDE_PUNCT_BLOCKS: tuple[tuple[int, int], ...] = (
    (0x3001, 0x303F),  # CJK symbols and punctuation (U+3000 is whitespace)
    (0xFE10, 0xFE1F),  # vertical forms
    (0xFE30, 0xFE6F),  # CJK compatibility forms, small form variants
    (0xFF00, 0xFF65),  # full-width ASCII punctuation, half-width CJK punctuation
)

# Punctuation shared by Chinese and Western typography: counts as Chinese only
# inside Chinese text.
_SHARED_PUNCT = frozenset("“”‘’…⋯—–·‧")

_CLOSERS = frozenset("”’）》」』】〕〗〉〙〛)]")
_OPENERS = frozenset("“‘（《「『【〔〖〈〘〚([{")
_SENTENCE_ENDS = frozenset("。！？…；!?.")
_SOFT_ENDS = "，、"

_ALWAYS_DROP = frozenset(
    "\u00ad"  # soft hyphen
    "\u180e"  # Mongolian vowel separator (formerly a space)
    "\u200b\u200c"  # zero-width space / non-joiner
    "\u200e\u200f"  # LRM / RLM
    "\u202a\u202b\u202c\u202d\u202e"  # bidi embeddings / overrides
    "\u2060\u2061\u2062\u2063\u2064"  # word joiner, invisible operators
    "\u2066\u2067\u2068\u2069"  # bidi isolates
    "\ufeff"  # BOM / zero-width no-break space
)
_ZWJ = "\u200d"

_END_UNITS = frozenset("%％‰℃℉°")
_CN_NUMERALS = frozenset("一二三四五六七八九十")
# Rounds of the whole pipeline; the second round normally changes nothing.
_MAX_ROUNDS = 16

_URL = re.compile(r"(?:(?:https?|ftp)://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+", re.IGNORECASE)
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
# "..." / "…" / "⋯" and the rest of the run, or 。。。 and more.  Every branch opens with a
# literal, which lets the regex engine skip ahead to those four characters.
_ELLIPSIS = re.compile(r"\.\.\.[.…⋯]*|…[.…⋯]*|⋯[.…⋯]*|。。。+")

# Step 1.  Control (Cc), surrogate (Cs) and private-use (Co) code points are fixed
# by Unicode's stability policy, so these classes hold for every Unicode version.
_DROP_CLASS = (
    "".join(sorted(_ALWAYS_DROP))
    + "\x00-\x1f\x7f-\x9f"  # Cc
    + "\ud800-\udfff"  # Cs
    + "\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"  # Co
)
_SPACE = re.compile(r"\s")  # exactly str.isspace()
_DROP = re.compile(f"[{_DROP_CLASS}]")
# ZWJ and variation selectors: whether they stay depends on their neighbours.
_JOINER = re.compile("[\u200d\ufe00-\ufe0f\U000e0100-\U000e01ef]")
# Variation selectors are combining marks (Mn), so str.isprintable() does not see them;
# every other character _clean_chars changes is one it rejects (see the tests).
_VS = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")
_MULTI_SPACE = re.compile(" {2,}")
_ASKED_ABOUT = re.compile("[\"'(),;:?!]")  # where converters need the neighbouring content
_QUOTE_RE = {'"': re.compile('"'), "'": re.compile("'")}
_SIMPLE_RE = re.compile("[,;:?!]")
_PARENS_RE = re.compile("[()]")


def _is_han(c: str) -> bool:
    return bisect_right(_HAN_BOUNDS, ord(c)) & 1 == 1


def _wide_punct_set() -> frozenset[str]:
    chars = (chr(cp) for lo, hi in _WIDE_PUNCT_BLOCKS for cp in range(lo, hi + 1))
    return frozenset(c for c in chars if unicodedata.category(c)[0] in "PS" and not _is_han(c))


# A few hundred code points, classified once at import with the running Python's Unicode data.
_WIDE_PUNCT = _wide_punct_set()
_CJK_PUNCT = _WIDE_PUNCT | _SHARED_PUNCT


def _is_wide_punct(c: str) -> bool:
    return c in _WIDE_PUNCT


def _is_cjk(c: str | None) -> bool:
    """Han, full-width punctuation, or punctuation shared with Chinese (in Chinese text)."""
    return c is not None and (c in _CJK_PUNCT or _is_han(c))


def _is_mark(c: str) -> bool:
    """Characters that ride on the previous one: combining marks, VS, ZWJ, tags."""
    return unicodedata.category(c) in ("Mn", "Me", "Cf")


def _is_vs(c: str) -> bool:
    cp = ord(c)
    return 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF


def _is_emoji(c: str) -> bool:
    cp = ord(c)
    return unicodedata.category(c) == "So" or 0x1F000 <= cp <= 0x1FAFF or 0x2600 <= cp <= 0x27BF


def _is_latin_alnum(c: str | None) -> bool:
    return c is not None and c.isascii() and c.isalnum()


# --------------------------------------------------------------------------------------
# Step 1: invisible garbage
# --------------------------------------------------------------------------------------


def _emoji_before(out: list[str]) -> bool:
    """Does ``out`` end with an emoji (possibly followed by VS16 / a skin tone)?"""
    for c in reversed(out):
        cp = ord(c)
        if c in "\ufe0e\ufe0f" or 0x1F3FB <= cp <= 0x1F3FF:
            continue
        return _is_emoji(c)
    return False


def _keep_vs(vs: str, prev: str | None) -> bool:
    if prev is None or prev == " " or _is_vs(prev) or prev == _ZWJ:
        return False
    cp = ord(vs)
    if cp >= 0xE0100:  # ideographic variation selector
        return _is_han(prev)
    category = unicodedata.category(prev)
    if vs in "\ufe0e\ufe0f":  # text / emoji presentation
        return category[0] in "NS" or prev in "#*‼⁉〰〽"
    return category[0] not in "CZ"


def _clean_chars(text: str) -> str:
    """Step 1 on ``text``, which is already NFC."""
    if text.isprintable() and _VS.search(text) is None:  # nothing invisible, no whitespace but " "
        return text
    if _JOINER.search(text) is None:
        # Without ZWJ / variation selectors every decision rests on the character alone.
        return unicodedata.normalize("NFC", _DROP.sub("", _SPACE.sub(" ", text)))
    return _clean_chars_one_by_one(text)


def _clean_chars_one_by_one(text: str) -> str:
    """Step 1, deciding character by character (what ``_clean_chars`` does in one go when it can)."""
    out: list[str] = []
    n = len(text)
    for i, c in enumerate(text):
        if c.isspace():
            out.append(" ")
            continue
        if c in _ALWAYS_DROP:
            continue
        category = unicodedata.category(c)
        if category in ("Cc", "Co", "Cs"):
            continue
        if c == _ZWJ:
            nxt = text[i + 1] if i + 1 < n else None
            if not (_emoji_before(out) and nxt is not None and _is_emoji(nxt)):
                continue
        elif _is_vs(c) and not _keep_vs(c, out[-1] if out else None):
            continue
        out.append(c)
    return unicodedata.normalize("NFC", "".join(out))


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


# --------------------------------------------------------------------------------------
# Step 4: spaces around Chinese
# --------------------------------------------------------------------------------------


def _drop_spaces(s: str, chinese: bool) -> str:
    """Chinese is set solid: a space touching a Han character or full-width punctuation goes.

    Spaces between two non-Chinese tokens (Latin words, numbers, emoji) stay.
    """
    i = s.find(" ")
    if i < 0:
        return s
    mask = _protected(s)
    n = len(s)
    pieces: list[str] = []
    done = 0
    while i >= 0:
        if not mask[i]:
            left = _base_left(s, i)
            right = s[i + 1] if i + 1 < n else None
            if (
                left is not None
                and right is not None
                and (
                    _is_han(left)
                    or _is_han(right)
                    or left in _WIDE_PUNCT
                    or right in _WIDE_PUNCT
                    or (chinese and (left in _SHARED_PUNCT or right in _SHARED_PUNCT))
                )
            ):
                pieces.append(s[done:i])
                done = i + 1
        i = s.find(" ", i + 1)
    if not pieces:
        return s
    pieces.append(s[done:])
    return "".join(pieces)


# --------------------------------------------------------------------------------------
# Step 5: the final sentence mark
# --------------------------------------------------------------------------------------


def _ended(s: str, keep_colon_end: bool) -> bool | None:
    """True if ``s`` ends a sentence, False if it needs a stop, None if it is left alone."""
    i = len(s)
    while i > 0 and _is_mark(s[i - 1]):
        i -= 1
    closed = False
    while i > 0 and s[i - 1] in _CLOSERS:
        closed = True
        i -= 1
        while i > 0 and _is_mark(s[i - 1]):
            i -= 1
    if i == 0:
        return None
    last = s[i - 1]
    if last in _SENTENCE_ENDS or (keep_colon_end and last == "："):
        return True
    if closed:  # ……“两个确立” -> ……“两个确立”。
        return False
    if last.isalnum() or last in _END_UNITS:
        return False
    return None


def _end_mark(s: str, final_stop: bool, keep_colon_end: bool) -> str:
    body = s.rstrip(_SOFT_ENDS + " " if keep_colon_end else _SOFT_ENDS + "：: ")
    if not body.strip():
        return s  # nothing but punctuation: leave it
    if not final_stop:
        return body
    if _ended(body, keep_colon_end) is False:
        return body + "。"
    if body != s and _ended(body, keep_colon_end) is None:
        return body + "。"  # the comma/colon we removed was where the stop belongs
    return body


# --------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------


def _once(text: str, final_stop: bool, keep_colon_end: bool) -> str:
    s = _clean_chars(unicodedata.normalize("NFC", text))
    if "  " in s:
        s = _MULTI_SPACE.sub(" ", s)
    s = s.strip(" ")
    chinese = _HAN.search(s) is not None
    if chinese:
        s = _convert_punctuation(s)
    s = _drop_spaces(s, chinese)
    return _end_mark(s, final_stop, keep_colon_end) if s else s


def tidy(text: str, final_stop: bool = True, keep_colon_end: bool = True) -> str:
    """Clean what the user typed without changing their words.

    ``final_stop``: make sure the text ends a sentence.  If it ends with a Han
    character, a digit, a Latin letter or a unit sign (%, ℃ ...), ``。`` is
    appended; a trailing ``，`` or ``、`` is replaced by ``。``; a trailing
    closing quote/bracket only counts as an end when a sentence mark precedes
    it (``……“两个确立”`` -> ``……“两个确立”。``, ``他说：“好。”`` stays).
    ``。！？…；`` end a sentence, and so does ``：`` while ``keep_colon_end``
    (a lead introducing a list).  Text ending in anything else (emoji, ``}``,
    ``——``) is left as it is.

    With ``final_stop=False`` (titles, names, inline items) nothing is
    appended; a dangling ``，``/``、`` is removed.

    ``keep_colon_end=False`` treats a trailing colon like a comma: it becomes
    ``。`` (or is removed when ``final_stop`` is False).
    """
    s = text
    for _ in range(_MAX_ROUNDS):
        nxt = _once(s, final_stop, keep_colon_end)
        if nxt == s:
            break
        s = nxt
    return s


def strip_end_mark(text: str) -> str:
    """Remove one trailing ``。``, ``；``, ``，`` or ``,`` (and trailing whitespace).

    Used where the renderer supplies its own connective or stop.
    """
    body = text.rstrip()
    if body and body[-1] in "。；，,":
        return body[:-1]
    return body


def char_count(text: str) -> int:
    """字数 as Chinese editors count it: Word's "字符数(不计空格)".

    Every non-whitespace character counts 1: a Han character, a full-width
    punctuation mark, a Latin letter, a digit, an emoji.  Invisible characters
    that only modify the previous one (combining marks, variation selectors,
    the emoji zero-width joiner) do not count, so "é" typed as e + U+0301
    counts 1 just like the precomposed letter.
    """
    count = len(text)
    uncounted = [c for c in set(text) if c.isspace() or _is_mark(c)]
    if len(uncounted) > 32:  # unusual text: one pass beats a count per character
        return sum(1 for c in text if not c.isspace() and not _is_mark(c))
    for c in uncounted:
        count -= text.count(c)
    return count
