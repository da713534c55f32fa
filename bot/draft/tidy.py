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
punctuation, so this terminates after a couple of rounds):

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
4. Spaces between two Chinese characters, or next to full-width punctuation,
   are removed; a space between Chinese and Latin/digits is kept as typed
   ("Word 文档" stays, "使用APP办理" stays).
5. The final sentence mark (see ``tidy``'s parameters).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["char_count", "strip_end_mark", "tidy"]

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
_SOFT_ENDS = frozenset("，、")

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

_URL = re.compile(r"(?:(?:https?|ftp)://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+", re.IGNORECASE)
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
_ELLIPSIS = re.compile(r"(?:\.{3,}|[…⋯])[.…⋯]*|。{3,}")


def _is_han(c: str) -> bool:
    cp = ord(c)
    return any(lo <= cp <= hi for lo, hi in _HAN_RANGES)


def _is_wide_punct(c: str) -> bool:
    cp = ord(c)
    if not any(lo <= cp <= hi for lo, hi in _WIDE_PUNCT_BLOCKS):
        return False
    return unicodedata.category(c)[0] in "PS" and not _is_han(c)


def _is_cjk(c: str | None) -> bool:
    """Han, full-width punctuation, or punctuation shared with Chinese (in Chinese text)."""
    return c is not None and (_is_han(c) or _is_wide_punct(c) or c in _SHARED_PUNCT)


def _is_mark(c: str) -> bool:
    """Characters that ride on the previous one: combining marks, VS, ZWJ, tags."""
    return unicodedata.category(c) in ("Mn", "Me", "Cf")


def _is_vs(c: str) -> bool:
    cp = ord(c)
    return 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF


def _is_emoji(c: str) -> bool:
    cp = ord(c)
    return (
        unicodedata.category(c) == "So"
        or 0x1F000 <= cp <= 0x1FAFF
        or 0x2600 <= cp <= 0x27BF
    )


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


# Every character _clean_chars may change: whitespace other than the ASCII space, the
# dropped invisibles, ZWJ, variation selectors, and (a superset of) categories Cc, Cs, Co.
# Text without any of them, nearly every answer, is returned as it came.
_MAY_CLEAN = re.compile(
    "[^\\S ]|[\x00-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\U000f0000-\U0010ffff"
    "\ufe00-\ufe0f\U000e0100-\U000e01ef" + re.escape("".join(sorted(_ALWAYS_DROP)) + _ZWJ) + "]")


def _clean_chars(text: str) -> str:
    if _MAY_CLEAN.search(text) is None:
        return unicodedata.normalize("NFC", text)
    return _clean_each(text)


def _clean_each(text: str) -> str:
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
# Helpers over a list of characters
# --------------------------------------------------------------------------------------


def _protected(s: str) -> list[bool]:
    """Positions inside URLs or template-looking spans: never converted or re-spaced."""
    mask = [False] * len(s)
    for match in _URL.finditer(s):
        start, end = match.span()
        while end > start and s[end - 1] in ".,;:!?'":
            end -= 1
        if end > start and s[end - 1] == ")" and s.count("(", start, end) < s.count(")", start, end):
            end -= 1
        for k in range(start, end):
            mask[k] = True
    for match in _TEMPLATE.finditer(s):
        for k in range(*match.span()):
            mask[k] = True
    return mask


def _left(cs: list[str], i: int) -> str | None:
    """Nearest character before ``i`` that is neither a space nor a combining mark."""
    j = i - 1
    while j >= 0 and (cs[j] == " " or _is_mark(cs[j])):
        j -= 1
    return cs[j] if j >= 0 else None


def _right(cs: list[str], i: int) -> str | None:
    """Nearest non-space character after ``i``."""
    j = i + 1
    while j < len(cs) and cs[j] == " ":
        j += 1
    return cs[j] if j < len(cs) else None


def _base_left(cs: list[str], i: int) -> str | None:
    """The character before ``i`` (skipping combining marks, not spaces)."""
    j = i - 1
    while j >= 0 and _is_mark(cs[j]):
        j -= 1
    return cs[j] if j >= 0 else None


# --------------------------------------------------------------------------------------
# Step 3: half-width punctuation in Chinese text
# --------------------------------------------------------------------------------------


def _convert_ellipses(s: str) -> str:
    if _ELLIPSIS.search(s) is None:
        return s
    mask = _protected(s)
    cs = list(s)

    def replace(match: re.Match[str]) -> str:
        start, end = match.span()
        if any(mask[start:end]):
            return match.group()
        left = _left(cs, start)
        right = _right(cs, end - 1)
        if _is_cjk(left) or (left is None and _is_cjk(right)):
            return "……"
        return match.group()

    return _ELLIPSIS.sub(replace, s)


def _convert_quotes(cs: list[str], mask: list[bool], quote: str, pair: tuple[str, str]) -> None:
    spots = [
        i for i, c in enumerate(cs)
        if c == quote and not mask[i]
        # an apostrophe inside a Latin word ("don't") is not a quote
        and not (quote == "'" and _is_latin_alnum(cs[i - 1] if i else None)
                 and _is_latin_alnum(cs[i + 1] if i + 1 < len(cs) else None))
    ]
    paired = len(spots) - len(spots) % 2
    for k in range(0, paired, 2):
        a, b = spots[k], spots[k + 1]
        inside = cs[a + 1:b]
        if (any(_is_han(c) or _is_wide_punct(c) for c in inside)
                or _is_cjk(_left(cs, a)) or _is_cjk(_right(cs, b))):
            cs[a], cs[b] = pair
    if paired < len(spots):  # one left over: decide its direction from what precedes it
        i = spots[-1]
        if _is_cjk(_left(cs, i)) or _is_cjk(_right(cs, i)):
            after = cs[i + 1] if i + 1 < len(cs) else None
            still_open = cs[:i].count(pair[0]) > cs[:i].count(pair[1])
            opening = not still_open and after is not None and after != " " and after not in _CLOSERS
            cs[i] = pair[0] if opening else pair[1]


def _convert_parens(cs: list[str], mask: list[bool]) -> None:
    stack: list[int] = []
    singles: list[int] = []
    for i, c in enumerate(cs):
        if mask[i]:
            continue
        if c == "(":
            stack.append(i)
        elif c == ")":
            if stack:
                a = stack.pop()
                inside = cs[a + 1:i]
                if (any(_is_han(x) or _is_wide_punct(x) for x in inside)
                        or _is_cjk(_left(cs, a)) or _is_cjk(_right(cs, i))):
                    cs[a], cs[i] = "（", "）"
            else:
                singles.append(i)
    for i in singles + stack:
        if _is_cjk(_left(cs, i)) or _is_cjk(_right(cs, i)):
            cs[i] = "（" if cs[i] == "(" else "）"


_SIMPLE = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}


def _convert_simple(cs: list[str], mask: list[bool]) -> None:
    for i, c in enumerate(cs):
        if c not in _SIMPLE or mask[i]:
            continue
        left, right = _left(cs, i), _right(cs, i)
        if _is_cjk(left) or _is_cjk(right) or left is None or right is None:
            cs[i] = _SIMPLE[c]


def _convert_dots(cs: list[str], mask: list[bool]) -> None:
    for i, c in enumerate(cs):
        if c != "." or mask[i]:
            continue
        left = _left(cs, i)
        after = cs[i + 1] if i + 1 < len(cs) else None
        if left is None or not (_is_han(left) or (left in _CLOSERS and left not in ")]")):
            continue
        if not (after is None or after == " " or _is_cjk(after)):
            continue
        cs[i] = "、" if after is not None and _list_numeral_before(cs, i) else "。"


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


_HALF_WIDTH = frozenset("\"'(),;:?!.")  # what the converters below look at


def _convert_punctuation(s: str) -> str:
    s = _convert_ellipses(s)
    if _HALF_WIDTH.isdisjoint(s):
        return s
    mask = _protected(s)
    cs = list(s)
    _convert_quotes(cs, mask, '"', ("“", "”"))
    _convert_quotes(cs, mask, "'", ("‘", "’"))
    _convert_parens(cs, mask)
    _convert_simple(cs, mask)
    _convert_dots(cs, mask)
    return "".join(cs)


# --------------------------------------------------------------------------------------
# Step 4: spaces around Chinese
# --------------------------------------------------------------------------------------


def _drop_spaces(s: str, chinese: bool) -> str:
    if " " not in s:
        return s
    mask = _protected(s)
    cs = list(s)
    out: list[str] = []
    for i, c in enumerate(cs):
        if c == " " and not mask[i]:
            left = _base_left(cs, i)
            right = cs[i + 1] if i + 1 < len(cs) else None
            if left is not None and right is not None and (
                _is_wide_punct(left)
                or _is_wide_punct(right)
                or (
                    (_is_han(left) or (chinese and left in _SHARED_PUNCT))
                    and (_is_han(right) or (chinese and right in _SHARED_PUNCT))
                )
            ):
                continue
        out.append(c)
    return "".join(out)


# --------------------------------------------------------------------------------------
# Step 5: the final sentence mark
# --------------------------------------------------------------------------------------


def _ended(s: str, keep_colon_end: bool) -> bool | None:
    """True if ``s`` ends a sentence, False if it needs a stop, None if it is left alone."""
    cs = list(s)
    i = len(cs)
    while i > 0 and _is_mark(cs[i - 1]):
        i -= 1
    closed = False
    while i > 0 and cs[i - 1] in _CLOSERS:
        closed = True
        i -= 1
        while i > 0 and _is_mark(cs[i - 1]):
            i -= 1
    if i == 0:
        return None
    last = cs[i - 1]
    if last in _SENTENCE_ENDS or (keep_colon_end and last == "："):
        return True
    if closed:  # ……“两个确立” -> ……“两个确立”。
        return False
    if last.isalnum() or last in _END_UNITS:
        return False
    return None


def _end_mark(s: str, final_stop: bool, keep_colon_end: bool) -> str:
    soft = _SOFT_ENDS if keep_colon_end else _SOFT_ENDS | {"：", ":"}
    body = s
    while body and (body[-1] in soft or body[-1] == " "):
        body = body[:-1]
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
    s = re.sub(" {2,}", " ", s).strip(" ")
    chinese = any(_is_han(c) for c in s)
    if chinese:
        s = _convert_punctuation(s)
    s = _drop_spaces(s, chinese)
    if chinese or final_stop:
        s = _end_mark(s, final_stop, keep_colon_end) if s else s
    return s


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
    for _ in range(len(text) + 3):  # each round shrinks or converts something
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
    return sum(1 for c in text if not c.isspace() and not _is_mark(c))
