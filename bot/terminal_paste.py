"""One entry typed or pasted at a terminal: the lines of a paste are one answer, not one each.

A terminal hands a program the lines of a paste one by one, exactly as if they were typed
and sent one after another. What tells them apart is time: the lines of a paste are all
there at once, a typed line comes seconds after the bot's reply. So after a line, whatever
more is already waiting (within `settle` seconds) belongs to the same entry. Terminals in
bracketed-paste mode also mark a paste with ESC[200~ … ESC[201~; the marks are removed.

Only for an interactive terminal: a file piped in (`selfreview console < 回答.txt`) is one
answer per line by design, and is read with plain readline.
"""

from __future__ import annotations

import select
from typing import TextIO

__all__ = ["PASTE_END", "PASTE_START", "read_entry"]

PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"


def _waiting(stream: TextIO, settle: float) -> bool:
    try:
        ready, _, _ = select.select([stream], [], [], settle)
    except (OSError, ValueError):  # no file descriptor (a StringIO in tests of other parts)
        return False
    return bool(ready)


def read_entry(stream: TextIO, settle: float = 0.05, max_lines: int = 500) -> str | None:
    """The next entry: one typed line, or every line of a paste joined by "\\n"; None at the end."""
    first = stream.readline()
    if not first:
        return None
    lines = [first]
    in_bracket = PASTE_START in first and PASTE_END not in first
    while len(lines) < max_lines and (in_bracket or _waiting(stream, settle)):
        line = stream.readline()
        if not line:
            break
        lines.append(line)
        if PASTE_END in line:
            in_bracket = False
    text = "".join(lines).replace(PASTE_START, "").replace(PASTE_END, "")
    return text.rstrip("\r\n")
