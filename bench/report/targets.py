# ruff: noqa: E501  (the page's prose reads better unwrapped)
"""Issue 19's targets ("Done when"), each judged on this run's own figures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bench.report.common import (
    STORAGE_SHORT,
    TARGET_FLOOR_TIMES,
    TARGET_GROWTH_USERS,
    TARGET_HOT_MS,
    TARGET_OF_FLOOR,
    TARGET_RSS_MB,
    TARGET_WEB_P95_MS,
    TRANSPORT,
    bot_sizes,
    echo_for,
    find,
    floor_for,
    ratios,
    service_of,
    service_total_ms,
    verdict,
)

if TYPE_CHECKING:
    from bench.results import Results

NOT_RUN = "not measured in this run"


@dataclass(frozen=True)
class Target:
    key: str  # what kind of target: "service-floor", "service-ms", "bot", "growth-users", ...
    what: str  # the target as the issue states it, with this run's sizes
    measured: str
    ok: bool | None  # None: not measured
    storage: str = ""
    transport: str = ""
    users: int = 0


def targets(results: Results) -> list[Target]:
    return [*_service(results), *_bots(results), *_growth(results), *_memory(results), *_web(results)]


def _service(results: Results) -> list[Target]:
    rows = []
    for storage in ("sqlite", "postgresql"):
        found = service_of(results, storage)
        backend = " (backend CPU included)" if storage == "postgresql" else ""
        what = f"service hot path ≤ {TARGET_FLOOR_TIMES:g}× its raw floor, {STORAGE_SHORT[storage]}{backend}"
        if found is None or "floor_cpu_ms" not in found:
            rows.append(Target("service-floor", what, NOT_RUN, None, storage))
        else:
            ours, floor = service_total_ms(found), found["floor_cpu_ms"]
            rows.append(Target("service-floor", what, f"{ours:.3f} ms ÷ {floor:.3f} ms = **{ours / floor:.2f}×**",
                               ours <= TARGET_FLOOR_TIMES * floor, storage))
        if storage == "sqlite":
            what = f"service hot path ≤ {TARGET_HOT_MS} ms CPU per update, SQLite FULL"
            rows.append(Target("service-ms", what, NOT_RUN if found is None else f"**{found['hot_cpu_ms']:.3f} ms**",
                               None if found is None else found["hot_cpu_ms"] <= TARGET_HOT_MS, storage))
    return rows


def _bots(results: Results) -> list[Target]:
    rows = []
    for transport in ("inprocess", "http"):
        sizes = bot_sizes(results, transport) or [0]
        for users in sizes:
            where = f"{users:,} officials" if users else "any size"
            what = (f"bot {'over HTTP' if transport == 'http' else TRANSPORT[transport]}, {where}: ratio to the echo bot"
                    f" ≥ {TARGET_OF_FLOOR} × the practical floor's")
            ours = find(results, "ours", transport, "sqlite", users)
            floor = floor_for(results, transport, users)
            if ours is None or floor is None or echo_for(results, transport, users) is None:
                rows.append(Target("bot", what, NOT_RUN, None, "sqlite", transport, users))
                continue
            mine, its = ratios(results, ours), ratios(results, floor)
            assert mine is not None and its is not None
            tp, cpu = mine[0] / its[0], mine[1] / its[1]
            measured = (f"throughput {mine[0]:.3f} ÷ {its[0]:.3f} = **{tp:.2f}**; "
                        f"CPU {mine[1]:.3f} ÷ {its[1]:.3f} = **{cpu:.2f}**")
            rows.append(Target("bot", what, measured, tp >= TARGET_OF_FLOOR and cpu >= TARGET_OF_FLOOR,
                               "sqlite", transport, users))
    return rows


def growth_users(results: Results) -> dict[int, float]:
    """Per draft size: CPU per update at the most officials ÷ at the fewest, minus one."""
    by = {(run.users, run.size): run for run in results.growth}
    users = sorted({run.users for run in results.growth})
    found = {}
    for size in sorted({run.size for run in results.growth}):
        low, high = by.get((users[0], size)), by.get((users[-1], size))
        if low is not None and high is not None and len(users) > 1:
            found[size] = high.cpu_per_update / low.cpu_per_update - 1
    return found


def growth_sizes(results: Results) -> dict[int, tuple[float, float]]:
    """Per officials count: (CPU per update, /draft p50) at the largest draft ÷ at the smallest."""
    by = {(run.users, run.size): run for run in results.growth}
    sizes = sorted({run.size for run in results.growth})
    found = {}
    for users in sorted({run.users for run in results.growth}):
        small, big = by.get((users, sizes[0])), by.get((users, sizes[-1]))
        if small is not None and big is not None and len(sizes) > 1:
            found[users] = (big.cpu_per_update / small.cpu_per_update, big.p(0.5, True) / small.p(0.5, True))
    return found


def _growth(results: Results) -> list[Target]:
    users = sorted({run.users for run in results.growth})
    sizes = sorted({run.size for run in results.growth})
    span = f"{users[-1]:,} officials vs {users[0]:,}" if len(users) > 1 else "the most officials vs the fewest"
    what = f"growth flat in officials: CPU per update, {span}, within ±{TARGET_GROWTH_USERS:.0%}"
    by_users = growth_users(results) if results.growth else {}
    rows = [Target("growth-users", what, "; ".join(f"{size}×: {change:+.0%}" for size, change in by_users.items()) or NOT_RUN,
                   all(abs(change) <= TARGET_GROWTH_USERS for change in by_users.values()) if by_users else None)]
    times = sizes[-1] // sizes[0] if len(sizes) > 1 else 16
    what = f"growth at most linear in the size of one material: the {times}× draft ≤ {times}× the 1× draft's cost"
    by_sizes = growth_sizes(results) if results.growth else {}
    measured = "; ".join(f"{n:,} officials: ×{cpu:.1f} CPU, ×{draft:.1f} `/draft`" for n, (cpu, draft) in by_sizes.items())
    rows.append(Target("growth-size", what, measured or NOT_RUN,
                       all(max(pair) <= times for pair in by_sizes.values()) if by_sizes else None))
    return rows


def _memory(results: Results) -> list[Target]:
    mem = results.memory
    plan = results.plan
    what = f"memory: peak RSS < {TARGET_RSS_MB} MB ({plan.memory_stored:,} stored drafts, {plan.memory_active:,} officials mid-interview)"
    rows = [Target("memory-peak", what, f"{mem['peak_rss_mb']:.0f} MB" if mem else NOT_RUN,
                   mem["peak_rss_mb"] < TARGET_RSS_MB if mem else None)]
    what = "memory: nothing kept per official between updates"
    if mem:
        per_user = (mem["objects_after"] - mem["objects_warm"]) / max(1, mem["users_served"])
        rows.append(Target("memory-per-user", what, f"{per_user:+.3f} live objects per official; PTB user_data/chat_data "
                           f"{mem['ptb_user_data']}/{mem['ptb_chat_data']}", per_user < 0.5))
    else:
        rows.append(Target("memory-per-user", what, NOT_RUN, None))
    return rows


def _web(results: Results) -> list[Target]:
    web = getattr(results, "web", {})
    what = f"web pages, a seed-sized material: every page's p95 < {TARGET_WEB_P95_MS} ms"
    if not web:
        return [Target("web", what, NOT_RUN, None)]
    worst = max(web, key=lambda path: web[path]["p95_ms"])
    measured = f"worst `{worst}` **{web[worst]['p95_ms']:.1f} ms**; " + ", ".join(
        f"`{path}` {figures['p95_ms']:.1f}" for path, figures in web.items() if path != worst)
    return [Target("web", what, measured, all(f["p95_ms"] < TARGET_WEB_P95_MS for f in web.values()))]


def table(rows: list[Target]) -> list[str]:
    met = sum(1 for row in rows if row.ok)
    judged = sum(1 for row in rows if row.ok is not None)
    lines = ["## Targets", "",
             f"Issue 19's targets, judged on this run's figures: **{met} of {judged} met**"
             + (f" ({len(rows) - judged} not measured)" if judged < len(rows) else "") + ". "
             "Each ratio is taken between figures measured side by side in this run; where a target is",
             "missed, *What stands in the way* below says by how much and where the time goes.", "",
             "| Target | Measured | |", "| --- | --- | --- |"]
    lines += [f"| {row.what[:1].upper()}{row.what[1:]} | {row.measured} | {verdict(row.ok)} |" for row in rows]
    lines += [
        "",
        "*Service hot path*: CPU per update of the service's answer and button-press updates, called as the Telegram",
        "handlers call it, without PTB; *raw floor*: raw sqlite3 or psycopg doing the same reads and the durable write of",
        "one answer, measured right after it in the same process (on PostgreSQL, the server backend's CPU is added to",
        "both). *Ratio to the echo bot*: throughput ÷ the echo bot's and the echo bot's CPU per update ÷ ours, both must",
        "reach the target; the *practical floor* is an echo bot whose reply carries our keyboard and which makes one",
        "durable commit per update. *Growth*: CPU per update and `/draft` p50, every cell of the growth table.",
        "*Memory*: live Python objects per official served under 0.5, and PTB's per-user stores empty.",
    ]
    return [*lines, ""]
