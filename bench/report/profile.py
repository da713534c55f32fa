"""The service's cProfile stats reduced to what the page shows: a split by owner and our top functions.

The stats are pstats' raw dicts, {(file, line, name): (cc, nc, tt, ct, callers)}, saved by the run
(`Results.profiles`); this module only reads them, so the split can be refined and the page
re-rendered (`python -m bench --render-only`) without measuring again.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

Key = tuple[str, int, str]

SQLALCHEMY = "SQLAlchemy"
DRIVER = {"sqlite": "sqlite3 (the driver's calls)", "postgresql": "psycopg (the driver's calls)"}
DOCX = "python-docx / lxml"
JINJA = "Jinja2"
BENCH = "bench (the calling loop)"
OTHER = "other (standard library, built-ins, generated code)"
_OURS = re.compile(r"/bot/([A-Za-z_][A-Za-z0-9_]*)(?:/|\.py$)")


def owner(key: Key, storage: str) -> str:
    """Who a function belongs to: a library, the database driver, or one of our packages."""
    path, _line, name = key
    where = name if path == "~" else path.replace("\\", "/")
    if "sqlalchemy" in where.lower():
        return SQLALCHEMY
    if "sqlite3" in where or "psycopg" in where:
        return DRIVER["postgresql" if "psycopg" in where else "sqlite"] if storage in DRIVER else "database driver"
    if "/docx/" in where or "/lxml/" in where or "lxml." in where:
        return DOCX
    if "/jinja2/" in where or "/markupsafe/" in where or "markupsafe." in where:
        return JINJA
    if path != "~" and "site-packages" not in path:
        found = _OURS.search(path)
        if found is not None:
            return f"bot/{found.group(1)}"
        if "/bench/" in path:
            return BENCH
    return OTHER


def _profiler_itself(key: Key) -> bool:
    return key[0] == "~" and "_lsprof" in key[2]


def total(stats: dict[Key, Any]) -> float:
    """Seconds the profiler saw: the sum of every function's own time (tottime)."""
    return sum(value[2] for key, value in stats.items() if not _profiler_itself(key))


@dataclass(frozen=True)
class Share:
    owner: str
    share: float  # of the profile's total own time
    calls: float  # primitive calls per update


def split(stats: dict[Key, Any], storage: str, updates: int, minimum: float = 0.005) -> list[Share]:
    """Own time (tottime) by owner, largest first; owners under `minimum` folded into one row."""
    seconds: dict[str, float] = defaultdict(float)
    calls: dict[str, float] = defaultdict(float)
    for key, value in stats.items():
        if _profiler_itself(key):
            continue
        who = owner(key, storage)
        seconds[who] += value[2]
        calls[who] += value[1]
    whole = sum(seconds.values()) or 1.0
    rows = sorted((Share(who, s / whole, calls[who] / max(1, updates)) for who, s in seconds.items()),
                  key=lambda row: -row.share)
    kept = [row for row in rows if row.share >= minimum]
    small = [row for row in rows if row.share < minimum]
    if small:
        kept.append(Share(f"{len(small)} more, each under {minimum:.1%}", sum(r.share for r in small),
                          sum(r.calls for r in small)))
    return kept


def share_of(rows: list[Share], who: str) -> float:
    return sum(row.share for row in rows if row.owner == who)


def ours_share(rows: list[Share]) -> float:
    return sum(row.share for row in rows if row.owner.startswith("bot/"))


ENTRY = 0.95


@dataclass(frozen=True)
class Function:
    where: str  # bot/interview/engine.py:123 (plan)
    calls: float  # per update
    own: float  # share of the profile's total, own time
    cumulative: float  # share of the profile's total, with what it calls


def _is_ours(key: Key) -> bool:
    return key[0] != "~" and "site-packages" not in key[0] and _OURS.search(key[0]) is not None


def _wrappers(stats: dict[Key, Any], share: float = 0.9) -> set[Key]:
    """Our functions that only pass the call on: one callee of ours takes `share` of their cumulative time."""
    found = set()
    for callee, (_cc, _nc, _tt, _ct, callers) in stats.items():
        if not _is_ours(callee):
            continue
        for caller, figures in callers.items():
            if caller in stats and _is_ours(caller) and figures[3] >= share * stats[caller][3]:
                found.add(caller)
    return found


def top_ours(stats: dict[Key, Any], updates: int, n: int = 10) -> list[Function]:
    """Our own functions with the largest cumulative time (what they and everything they call took).

    Left out: the entry points every call passes through (`ENTRY` of the total or more), and functions
    that only pass the call on (one callee of ours takes 90 % of their time), whose callee is listed.
    """
    whole = total(stats) or 1.0
    skip = _wrappers(stats)
    rows = []
    for key, (_cc, nc, tt, ct, _callers) in stats.items():
        if not _is_ours(key) or key in skip or ct >= ENTRY * whole:
            continue
        path = key[0].replace("\\", "/")
        short = path[path.rindex("/bot/") + 1:]
        rows.append(Function(f"{short}:{key[1]} ({key[2]})", nc / max(1, updates), tt / whole, ct / whole))
    rows.sort(key=lambda row: -row.cumulative)
    return rows[:n]


def largest_in(stats: dict[Key, Any], who: str, storage: str, n: int = 3) -> list[tuple[str, float]]:
    """The functions with the most own time among one owner's (to say what "other" is)."""
    whole = total(stats) or 1.0
    rows = [(key, value[2]) for key, value in stats.items() if not _profiler_itself(key) and owner(key, storage) == who]
    rows.sort(key=lambda row: -row[1])
    return [(_short(key), seconds / whole) for key, seconds in rows[:n]]


def _short(key: Key) -> str:
    path, line, name = key
    if path == "~":
        return name
    path = path.replace("\\", "/")
    for marker in ("/site-packages/", "/lib/python3", "/bot/", "/bench/"):
        if marker in path:
            path = path[path.rindex(marker) + 1:]
            break
    return f"{path}:{line} ({name})"
