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

import unicodedata

from bot.draft.chars import (
    _CLOSERS,
    _END_UNITS,
    _HAN,
    _MAX_ROUNDS,
    _MULTI_SPACE,
    _SENTENCE_ENDS,
    _SHARED_PUNCT,
    _SOFT_ENDS,
    _WIDE_PUNCT,
    _clean_chars,
    _is_han,
    _is_mark,
)
from bot.draft.punctuation import (
    _base_left,
    _convert_punctuation,
    _protected,
)

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
    present = set(text)
    unknown = present - _COUNTED
    if unknown:
        for c in unknown:
            (_UNCOUNTED if c.isspace() or _is_mark(c) else _COUNTED).add(c)
    uncounted = present & _UNCOUNTED
    if len(uncounted) > 32:  # unusual text: one pass beats a count per character
        return sum(1 for c in text if c not in _UNCOUNTED)
    for c in uncounted:
        count -= text.count(c)
    return count


# Which characters count, learnt as they are met: a material's text has a few hundred distinct
# characters, so after the first few texts a count is two set operations in C and no per-character
# Python call (char_count runs over the whole material for /draft, /status, /check and the
# length note). Single characters only, bounded by Unicode: which characters were seen, never in what order.
_COUNTED: set[str] = set()
_UNCOUNTED: set[str] = set()
