# ruff: noqa: E501  (the page's prose reads better unwrapped)
"""The service alone against its raw floors, and the profile that shows where its time goes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bench.report import profile
from bench.report.common import (
    STORAGE_SHORT,
    TARGET_FLOOR_TIMES,
    TARGET_HOT_MS,
    plan_attr,
    service_backend_ms,
    service_of,
    service_total_ms,
)

if TYPE_CHECKING:
    from bench.results import Results

STORAGES = ("sqlite", "postgresql")


def section(results: Results) -> list[str]:
    lines = ["## The service alone and its raw floor", ""]
    measured = {s: found for s in STORAGES if (found := service_of(results, s)) is not None}
    if not measured:
        return [*lines, "(Not measured in this run.)", ""]
    any_found = next(iter(measured.values()))
    users = plan_attr(results, "service_users", 100)
    per_official = round(any_found["updates"] / users)
    hot_per_official = round(any_found["hot_updates"] / users)
    lines += [
        "`python -m bench.servicecpu --floor`, one fresh process per storage: `DraftingService` called exactly as the",
        "Telegram handlers call it (`service.handle` with the update's id, so the update claim is stored; a typed",
        "answer with its message id, so the answer-message upsert is stored), no PTB. "
        f"{users:,} officials go through the whole 2021 interview round-robin ({per_official} updates each) after one",
        f"warm-up official. *Hot path*: the {hot_per_official} answers and button presses of each official (all but",
        "`/start`, the meeting pick and `/draft`); *all steps* includes those three. CPU is `time.process_time()`",
        "around each call (this process is single-threaded); on PostgreSQL the CPU of the server's backend process",
        "for the service's connection is read from /proc before and after each call (in clock ticks: coarse for one",
        "call, unbiased summed over thousands).",
        "",
        "The same process then measures the **raw floor** (`bench/floors.py`): raw sqlite3 (WAL, `synchronous=FULL`,",
        "`BEGIN IMMEDIATE`) or psycopg (prepared statements), on the bot's own schema, doing exactly the statements",
        "one typed answer needs — the user and the open material in one SELECT, the material's answers, the update",
        "claim, the answer, the message id, the user's version, the material's item order, the change and its",
        "value, one durable COMMIT — with no ORM, no interview logic and no reply, for as many answers.",
        "",
        "| Per update | " + " | ".join(STORAGE_SHORT[s] for s in measured) + " |",
        "| --- | " + " | ".join("---:" for _ in measured) + " |",
    ]

    def row(label: str, cell: Any) -> str:
        return f"| {label} | " + " | ".join(cell(s, f) for s, f in measured.items()) + " |"

    pg = "postgresql" in measured
    lines += [
        row("**hot path**, CPU of the bot process", lambda s, f: f"**{f['hot_cpu_ms']:.3f} ms**"),
        *([row("PostgreSQL backend CPU, hot path", lambda s, f: f"{service_backend_ms(f):.3f} ms" if s == "postgresql" else "–"),
           row("hot path, backend included", lambda s, f: f"{service_total_ms(f):.3f} ms")] if pg else []),
        row("hot path, CPU p50", lambda s, f: f"{f['hot_cpu_p50_ms']:.3f} ms"),
        row("all steps (`/draft` included), CPU", lambda s, f: f"{f['cpu_ms']:.3f} ms"),
        row("all steps, wall: mean / p50", lambda s, f: f"{f.get('wall_ms', float('nan')):.3f} / {f['wall_p50_ms']:.3f} ms"),
        row("**raw floor** of one answer, CPU" + (" (backend included)" if pg else ""),
            lambda s, f: f"**{f['floor_cpu_ms']:.3f} ms**" if "floor_cpu_ms" in f else "–"),
        *([row("of which PostgreSQL's backend", lambda s, f: f"{f['floor_db_cpu_ms']:.3f} ms" if s == "postgresql" and "floor_db_cpu_ms" in f else "–")] if pg else []),
        row("raw floor, wall", lambda s, f: f"{f['floor_wall_ms']:.3f} ms" if "floor_wall_ms" in f else "–"),
        row(f"hot path ÷ raw floor (target ≤ {TARGET_FLOOR_TIMES:g}×)",
            lambda s, f: f"**{service_total_ms(f) / f['floor_cpu_ms']:.2f}×**" if "floor_cpu_ms" in f else "–"),
        row(f"hot path over {TARGET_FLOOR_TIMES:g}× the floor" + (f" / over {TARGET_HOT_MS} ms" if "sqlite" in measured else ""),
            lambda s, f: (f"{service_total_ms(f) - TARGET_FLOOR_TIMES * f['floor_cpu_ms']:+.3f} ms" if "floor_cpu_ms" in f else "–")
            + (f" / {f['hot_cpu_ms'] - TARGET_HOT_MS:+.3f} ms" if s == "sqlite" else "")),
        "",
    ]
    return lines + profile_section(results)


def profile_section(results: Results) -> list[str]:
    profiles = getattr(results, "profiles", {})
    lines = ["### Where the service's time goes (cProfile)", ""]
    if not any(s in profiles for s in STORAGES):
        return [*lines, "(No profile in this run.)", ""]
    first = next(profiles[s] for s in STORAGES if s in profiles)
    lines += [
        f"After the timed run and its floor, the same process runs {first['users']:,} more officials through the interview",
        "under cProfile, twice: once on the CPU clock the figures above use (`time.process_time`, a system call per",
        "profiler event) and once on cProfile's default wall clock (cheap, but it counts waiting: the disk's fsync,",
        "PostgreSQL's replies). Only the hot-path calls are profiled into the split below; the other steps are",
        "profiled apart. The profiled runs are never the timed ones.",
        "",
        "**Read the shares with care:** cProfile charges its own cost to every Python call it sees, so code that",
        "makes many small Python calls (SQLAlchemy, our interview engine) is inflated relative to code that does",
        "its work in C (sqlite3, psycopg's binary core, lxml). The two clocks bound that: the CPU clock inflates",
        "most; the wall clock much less, but it adds the waits. *≈ ms* = the CPU-clock share × the hot path's CPU",
        "measured above without a profiler (on PostgreSQL, the bot process's part only: the backend is not profiled).",
        "",
    ]
    for storage in STORAGES:
        if storage in profiles:
            lines += _split_table(results, storage)
    return lines


def owner_ms(results: Results, storage: str) -> list[tuple[profile.Share, float]]:
    """The CPU-clock split of the hot path, each owner with its share of the measured hot CPU (ms)."""
    prof = getattr(results, "profiles", {}).get(storage)
    found = service_of(results, storage)
    if prof is None or found is None:
        return []
    rows = profile.split(prof["hot"], storage, prof["hot_updates"])
    return [(row, row.share * found["hot_cpu_ms"]) for row in rows]


def _split_table(results: Results, storage: str) -> list[str]:
    prof = results.profiles[storage]
    wall = results.profiles.get(f"{storage}-wall")
    found = service_of(results, storage) or {}
    wall_rows = {row.owner: row.share for row in profile.split(wall["hot"], storage, wall["hot_updates"], 0)} if wall else {}
    hot = found.get("hot_cpu_ms")
    inflation = []
    if hot and found.get("profiled_hot_cpu_ms"):
        inflation.append(f"{found['profiled_hot_cpu_ms']:.2f} ms with the CPU-clock profiler ({found['profiled_hot_cpu_ms'] / hot:.1f}×)")
    if hot and found.get("profiled_wall_hot_cpu_ms"):
        inflation.append(f"{found['profiled_wall_hot_cpu_ms']:.2f} ms with the wall-clock one ({found['profiled_wall_hot_cpu_ms'] / hot:.1f}×)")
    lines = [f"**{STORAGE_SHORT[storage]}**, {prof['hot_updates']:,} hot-path calls profiled"
             + (f". A hot-path call took {hot:.3f} ms of CPU unprofiled, " + " and ".join(inflation) + "." if inflation else "."), "",
             "| Owner of the time (own time, tottime) | Share, CPU clock | ≈ ms per update | Calls per update | Share, wall clock |",
             "| --- | ---: | ---: | ---: | ---: |"]
    for row, ms in owner_ms(results, storage):
        wall_share = wall_rows.get(row.owner)
        lines.append(f"| {row.owner} | {row.share:.1%} | {ms:.3f} | {row.calls:,.0f} "
                     f"| {'–' if wall_share is None else f'{wall_share:.1%}'} |")
    driver = profile.DRIVER.get(storage)
    driver_share = next((row.share for row, _ in owner_ms(results, storage) if row.owner == driver), None)
    if driver_share is not None and hot and found.get("floor_cpu_ms"):
        floor_own = found["floor_cpu_ms"] - found.get("floor_db_cpu_ms", 0.0)
        lines += ["", f"The driver's row is a lower bound: its work is in C, which cProfile inflates least, so its share shrinks as"
                  f" the rest is inflated. For scale, the raw floor — the same kind of statements through the same driver and nothing"
                  f" else — costs {floor_own:.3f} ms of CPU per answer in this process"
                  + (" (the backend's apart)" if storage == "postgresql" else "")
                  + f", against the {driver_share * hot:.3f} ms this column gives the driver."]
    others = profile.largest_in(prof["hot"], profile.OTHER, storage)
    if others:
        lines += ["", "*Other* is mostly " + ", ".join(f"`{name}` {share:.1%}" for name, share in others) + "."]
    rest = profile.split(prof["rest"], storage, prof["rest_updates"]) if prof.get("rest") else []
    if rest:
        lines += ["", f"Off the hot path (`/start`, the meeting pick, `/draft`; {prof['rest_updates']:,} calls, profiled apart): "
                  + ", ".join(f"{row.owner} {row.share:.0%}" for row in rest[:5]) + "."]
    top = profile.top_ours(prof["hot"], prof["hot_updates"])
    if top:
        lines += ["", f"Our own functions with the most cumulative time on the hot path ({STORAGE_SHORT[storage]}, CPU clock; the entry",
                  "points every call passes through, and functions that only pass the call on, are left out):", "",
                  "| Function | Calls per update | Own time | Cumulative | ≈ ms cumulative |", "| --- | ---: | ---: | ---: | ---: |"]
        lines += [f"| `{f.where}` | {f.calls:,.1f} | {f.own:.1%} | {f.cumulative:.1%} | "
                  f"{f.cumulative * hot:.3f} |" if hot else f"| `{f.where}` | {f.calls:,.1f} | {f.own:.1%} | {f.cumulative:.1%} | – |"
                  for f in top]
    return [*lines, ""]
