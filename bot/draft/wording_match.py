"""Reading a profile's fixed wording back out of a finished text.

The renderer fills templates such as "作为{position}，本人对照{aspect}的要求……"; an imported
material holds the filled-in sentence. `match_wording` says whether a sentence is the
template filled in, and with what ({position} → "县委副书记、县长", {counts.study} → 5).
Pure: standard library only.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping

__all__ = ["count_near", "match_wording"]

_FORMATTER = string.Formatter()
# What an unknown placeholder may stand for: a position or a name has no sentence marks.
_GROUPS = {
    "position": r"[^。；：！？]{2,60}?",
    "name": r"[^，。；：！？\s]{1,16}?",
    "count": r"[^，。；：]{1,6}?",
}


def _group(field: str) -> str:
    return "count_" + field.split(".", 1)[1] if field.startswith("counts.") else field


def _pattern(template: str, known: Mapping[str, str]) -> re.Pattern[str]:
    parts: list[str] = []
    seen: set[str] = set()
    for literal, field, _, _ in _FORMATTER.parse(template):
        parts.append(re.escape(literal))
        if field is None:
            continue
        if field in known:
            parts.append(re.escape(known[field]))
            continue
        group = _group(field)
        if group in seen:
            parts.append(f"(?P={group})")
            continue
        seen.add(group)
        body = r"\d{1,7}" if field.startswith("counts.") else _GROUPS.get(field, r".*?")
        parts.append(f"(?P<{group}>{body})")
    return re.compile("^" + "".join(parts) + "$", re.DOTALL)


def match_wording(template: str, text: str, known: Mapping[str, str]) -> dict[str, str] | None:
    """The placeholders' values if `text` is `template` filled in (`known` values given), else None.

    Counts come back under "counts.<id>". Spaces and the final mark do not matter.
    """
    if not template:
        return None
    found = _pattern(template, known).match(text.strip())
    if found is None:
        found = _pattern(template.rstrip("。："), known).match(text.strip().rstrip("。："))
    if found is None:
        return None
    return {("counts." + key[6:] if key.startswith("count_") else key): value
            for key, value in found.groupdict().items() if value is not None}


def count_near(template: str, count_id: str, text: str) -> int | None:
    """A preamble count found by the words around its placeholder ("研讨{counts.study}次" → "研讨5次"),
    for a preamble the official worded differently from the profile."""
    placeholder = "{counts." + count_id + "}"
    at = template.find(placeholder)
    if at < 0:
        return None
    before = re.sub(r"\{[^}]*\}", "", template[:at])[-4:]
    after = re.sub(r"\{[^}]*\}", "", template[at + len(placeholder):])[:2]
    if not before.strip():
        return None
    found = re.search(re.escape(before) + r"\s*(\d{1,7})\s*" + re.escape(after), text)
    return int(found.group(1)) if found else None
