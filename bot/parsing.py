"""What officials type as command arguments and what their phones put in file names (pure).

Python's own tests are too generous for user input: ``"²".isdigit()`` and ``"①".isdigit()``
are True while ``int()`` refuses both, and ``int()`` itself takes Arabic-Indic, Devanagari
and other digits. A number here is ASCII digits, or the full-width digits a Chinese input
method types; everything else is "not a number", which the caller answers in Chinese.
"""

from __future__ import annotations

import re
import unicodedata

_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_NUMBER = re.compile(r"[0-9]{1,6}")  # six digits are more than any count in a material

# Control characters (C0, C1), format characters (the bidirectional overrides and
# isolates U+202A–202E and U+2066–2069, zero-width joiners, the byte order mark …),
# surrogates, private-use and unassigned code points, line and paragraph separators.
# A right-to-left override in a file name makes "gpj.exe" display as "exe.jpg".
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
FILE_NAME_FALLBACK = "文件"


def ascii_digits(text: str) -> str:
    """Full-width digits ０–９ as ASCII; every other character unchanged."""
    return text.translate(_FULL_WIDTH_DIGITS)


def parse_number(text: str) -> int | None:
    """A whole number written in ASCII or full-width digits (surrounding spaces allowed); else None."""
    digits = ascii_digits(text.strip())
    if not _NUMBER.fullmatch(digits):
        return None
    return int(digits)


def shown_file_name(name: str | None, limit: int = 60) -> str:
    """A file name safe to echo: no control or bidirectional characters, spaces collapsed, at most `limit`."""
    if not name:
        return FILE_NAME_FALLBACK
    kept = "".join(" " if ch.isspace() else ch for ch in name
                   if ch.isspace() or unicodedata.category(ch) not in _HIDDEN_CATEGORIES)
    kept = " ".join(kept.split())
    return kept[:limit] or FILE_NAME_FALLBACK
