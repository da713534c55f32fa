"""Characters of typed text: which are Han, wide punctuation, emoji, invisible (for tidy)."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right

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


