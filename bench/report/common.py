
"""What every part of the page shares: the targets' numbers, formatting, finding runs in the results."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from bench.harness import RunResult

if TYPE_CHECKING:
    from bench.results import Results

RATE_CAP = 30  # messages per second per bot, Telegram's documented broadcast limit

# Issue 19's targets ("Done when").
TARGET_FLOOR_TIMES = 2.0  # the service's hot path at most this many times its raw floor (SQLite FULL, PostgreSQL)
TARGET_HOT_MS = 0.9  # the service's hot path, CPU ms per update on SQLite FULL
TARGET_OF_FLOOR = 0.8  # ours' ratio to the echo bot at least this much of the practical floor's, both transports
TARGET_GROWTH_USERS = 0.25  # CPU per update at the most officials within ±25 % of the fewest (flat in users)
TARGET_WEB_P95_MS = 50  # every web page's 95th percentile
TARGET_RSS_MB = 250  # memory as before (issue 6)
# Issue 6's, still reported in their sections (informational: issue 19 replaced the echo-ratio verdicts).
TARGET_TEXT_MS = 10
TARGET_DOCX_MS = 300

STORAGE = {"sqlite": "SQLite (FULL)", "sqlite-normal": "SQLite (NORMAL)", "postgresql": "PostgreSQL", "-": "–"}
STORAGE_SHORT = {"sqlite": "SQLite FULL", "postgresql": "PostgreSQL"}
TRANSPORT = {"inprocess": "in process", "http": "HTTP", "-": "–"}


def ms(seconds: float | None) -> str:
    return "–" if seconds is None or math.isnan(seconds) else f"{seconds * 1000:.2f}"


def num(value: float | None, digits: int = 0) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:,.{digits}f}"


def verdict(ok: bool | None) -> str:
    return "–" if ok is None else ("**met**" if ok else "**not met**")


def find(results: Results, bot: str, transport: str, storage: str, users: int) -> RunResult | None:
    for run in results.runs:
        if run.bot == bot and run.transport == transport and run.users == users and (
                bot in ("echo", "floor") or run.storage == storage):
            return run
    return None


def echo_for(results: Results, transport: str, users: int) -> RunResult | None:
    return find(results, "echo", transport, "-", users)


def floor_for(results: Results, transport: str, users: int) -> RunResult | None:
    return find(results, "floor", transport, "-", users)


def ratios(results: Results, run: RunResult) -> tuple[float, float] | None:
    """Throughput ÷ the echo bot's, and the echo bot's CPU per update ÷ this run's, same group of rows."""
    echo = echo_for(results, run.transport, run.users)
    if echo is None or run.bot not in ("ours", "floor"):
        return None
    return run.throughput / echo.throughput, echo.cpu_per_update / run.cpu_per_update


def of_floor(results: Results, transport: str, users: int) -> tuple[float, float] | None:
    """Ours' ratios to the echo bot as a fraction of the practical floor's (throughput, CPU)."""
    ours = find(results, "ours", transport, "sqlite", users)
    floor = floor_for(results, transport, users)
    if ours is None or floor is None:
        return None
    mine, its = ratios(results, ours), ratios(results, floor)
    if mine is None or its is None:
        return None
    return mine[0] / its[0], mine[1] / its[1]


def bot_sizes(results: Results, transport: str) -> list[int]:
    """The officials counts this run measured the bots at over `transport`."""
    return sorted({run.users for run in results.runs if run.transport == transport and run.bot == "ours"})


def messages_per_update(run: RunResult) -> float:
    sent = sum(run.calls.get(name, 0) for name in ("sendMessage", "sendDocument", "sendPhoto"))
    return sent / run.updates if run.updates else math.nan


def api_calls_per_update(run: RunResult) -> float:
    calls = sum(n for name, n in run.calls.items() if name not in ("getUpdates", "getMe", "setMyCommands",
                                                                    "deleteWebhook"))
    return calls / run.updates if run.updates else math.nan


def service_of(results: Results, storage: str) -> dict[str, float] | None:
    """The service alone on this storage (bench.servicecpu's figures), if the run measured it."""
    found = getattr(results, "service", {}).get(storage)
    return found or None


def service_backend_ms(found: dict[str, float]) -> float:
    """PostgreSQL's backend CPU per hot-path update (runs before it was split: spread over every update)."""
    return found.get("hot_db_cpu_ms", found.get("db_cpu_ms", 0.0))


def service_total_ms(found: dict[str, float]) -> float:
    """Hot-path CPU per update, PostgreSQL's backend included."""
    return found["hot_cpu_ms"] + service_backend_ms(found)


def steps_per_official() -> int:
    from bench.workload import full_interview

    return len(full_interview(1).steps)


def plan_attr(results: Results, name: str, default: Any) -> Any:
    """A Plan field added after some results were saved (the class default applies to those)."""
    return getattr(results.plan, name, default)
