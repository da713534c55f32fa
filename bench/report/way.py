# ruff: noqa: E501  (the page's prose reads better unwrapped)
"""What stands in the way of each missed target, computed from this run's own figures."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bench.report import profile
from bench.report.common import (
    STORAGE_SHORT,
    TARGET_FLOOR_TIMES,
    TARGET_GROWTH_USERS,
    TARGET_HOT_MS,
    TARGET_OF_FLOOR,
    TARGET_WEB_P95_MS,
    TRANSPORT,
    api_calls_per_update,
    echo_for,
    find,
    floor_for,
    service_backend_ms,
    service_of,
    service_total_ms,
)
from bench.report.service import owner_ms
from bench.report.targets import Target, growth_sizes, growth_users

if TYPE_CHECKING:
    from bench.results import Results


def section(results: Results, rows: list[Target]) -> list[str]:
    lines = ["## What stands in the way", ""]
    missed = [row for row in rows if row.ok is False]
    if not missed:
        judged = [row for row in rows if row.ok is not None]
        return [*lines, "Every target measured in this run is met." if judged else "(Nothing was judged in this run.)", ""]
    done: set[str] = set()
    for row in missed:
        if row.key in ("service-floor", "service-ms"):
            if row.storage not in done:
                done.add(row.storage)
                lines += _service(results, row.storage, [r.key for r in missed if r.storage == row.storage and r.key.startswith("service")])
        elif row.key == "bot":
            lines += _bot(results, row.transport, row.users)
        elif row.key.startswith("growth"):
            lines += _growth(results, row.key)
        elif row.key.startswith("memory"):
            lines += [f"**Memory.** {row.measured} (target: {row.what}). See *Memory* below for the RSS at each stage.", ""]
        elif row.key == "web":
            lines += _web(results)
    return lines


def _short(owner: str) -> str:
    """An owner's name for prose: "sqlite3 (the driver's calls)" -> "sqlite3"."""
    return owner.split(" (", 1)[0]


def _service(results: Results, storage: str, keys: list[str]) -> list[str]:
    found = service_of(results, storage)
    assert found is not None
    ours = service_total_ms(found)
    floor = found.get("floor_cpu_ms")
    name = STORAGE_SHORT[storage]
    gaps = []
    if "service-floor" in keys and floor:
        gaps.append((TARGET_FLOOR_TIMES * floor, f"{TARGET_FLOOR_TIMES:g}× its raw floor ({floor:.3f} ms) allows {TARGET_FLOOR_TIMES * floor:.3f} ms"))
    if "service-ms" in keys:
        gaps.append((TARGET_HOT_MS, f"the target is {TARGET_HOT_MS} ms"))
    budget = min(limit for limit, _ in gaps)
    gap = ours - budget
    lines = [(f"**The service on {name}.** Its hot path takes {ours:.3f} ms of CPU per update"
              + (f" ({found['hot_cpu_ms']:.3f} in the bot process, {service_backend_ms(found):.3f} in PostgreSQL's backend)" if storage == "postgresql" else "")
              + "; " + "; ".join(text for _, text in gaps) + f": **{gap:.3f} ms too many**"
              + (f", {ours - floor:.3f} ms above what the same reads and durable writes cost done by hand." if floor else ".")), ""]
    split = owner_ms(results, storage)
    if not split:
        return [*lines, "(No profile of this storage in this run.)", ""]
    driver = profile.DRIVER.get(storage, "")
    beyond = [(row, ms) for row, ms in split if row.owner != driver and not row.owner[0].isdigit()]
    driver_ms = sum(ms for row, ms in split if row.owner == driver)
    needed, covered = [], 0.0
    for row, ms in beyond:
        if covered >= gap:
            break
        needed.append((row, ms))
        covered += ms
    listing = ", ".join(f"{_short(row.owner)} {ms:.3f} ms ({row.share:.0%})" for row, ms in beyond[:6])
    lines.append(f"- Where it goes (the profile below; CPU-clock shares of the measured {found['hot_cpu_ms']:.3f} ms): {_short(driver)}, the kind"
                 f" of work the floor does, at least {driver_ms:.3f} ms; outside the driver {listing}.")
    if covered >= gap and len(needed) == 1:
        lines.append(f"- The gap is {gap / needed[0][1]:.0%} of {_short(needed[0][0].owner)}'s time alone.")
    elif covered >= gap:
        lines.append(f"- The gap is more than {_short(needed[0][0].owner)}'s time alone: it takes "
                     + ", ".join(_short(row.owner) for row, _ in needed[:-1]) + f" and {_short(needed[-1][0].owner)} together"
                     f" ({covered:.3f} ms) to match it.")
    else:
        lines.append(f"- Everything outside the driver adds up to {covered:.3f} ms, less than the gap: the driver's work itself is above the floor's.")
    wall = getattr(results, "profiles", {}).get(f"{storage}-wall")
    if wall is not None and beyond:
        wall_split = {row.owner: row.share for row in profile.split(wall["hot"], storage, wall["hot_updates"], 0)}
        top = beyond[0][0]
        moved = abs(wall_split.get(top.owner, 0) - top.share)
        lines.append(f"- On the cheaper wall clock {_short(top.owner)} is {wall_split.get(top.owner, 0):.0%} of the hot path (CPU clock {top.share:.0%})"
                     f" and {_short(driver)} {wall_split.get(driver, 0):.0%}, its waits included"
                     + (": the largest owner does not hang on cProfile's inflation." if moved <= 0.1 else
                        ": the shares move with the clock, so read them as a range."))
    # Below the use cases' orchestration (whatever holds 40 % or more is a caller of most of the rest).
    top_fn = [f for f in profile.top_ours(results.profiles[storage]["hot"], results.profiles[storage]["hot_updates"], 30)
              if f.cumulative < 0.4][:4]
    if top_fn:
        lines.append("- Our largest pieces below the use cases' entry points, by cumulative time: " + "; ".join(
            f"`{f.where}` {f.cumulative:.0%} (≈ {f.cumulative * found['hot_cpu_ms']:.3f} ms)" for f in top_fn) + ".")
    return [*lines, ""]


def _bot(results: Results, transport: str, users: int) -> list[str]:
    ours = find(results, "ours", transport, "sqlite", users)
    floor = floor_for(results, transport, users)
    echo = echo_for(results, transport, users)
    assert ours is not None and floor is not None and echo is not None
    o, f, e = (run.cpu_per_update * 1000 for run in (ours, floor, echo))
    budget = f / TARGET_OF_FLOOR
    head = (f"**The bot {TRANSPORT[transport]}, {users:,} officials.** {TARGET_OF_FLOOR} of the practical floor's ratio allows ours"
            f" {budget:.3f} ms of CPU per update (the floor's {f:.3f} ÷ {TARGET_OF_FLOOR}); we take {o:.3f} ms")
    if o > budget:
        head += (f": **{o - budget:.3f} ms too many** (throughput: {ours.throughput:,.0f} updates/s against the floor's"
                 f" {floor.throughput:,.0f}).")
    else:
        # CPU within the budget, throughput short of it: the difference is time off the CPU per update.
        ratio_ours, ratio_floor = ours.throughput / echo.throughput, floor.throughput / echo.throughput
        idle_ours = 1000 / ours.throughput - o
        idle_floor = 1000 / floor.throughput - f
        head += (f", {budget - o:.3f} ms within it. What falls short is the throughput ratio: ours"
                 f" {ratio_ours:.3f} of the echo bot's against {TARGET_OF_FLOOR} × the floor's {ratio_floor:.3f} ="
                 f" {TARGET_OF_FLOOR * ratio_floor:.3f} ({ours.throughput:,.0f} updates/s against the floor's"
                 f" {floor.throughput:,.0f}). Ours is off the CPU {idle_ours:.3f} ms per update (the wall time per update less"
                 f" its CPU) against the floor's {idle_floor:.3f} ms: waiting for the disk and the Bot API's answers, which"
                 " handling one update at a time does not overlap.")
    lines = [head, "",
        f"- The echo bot takes {e:.3f} ms: PTB itself{' with httpx and the socket' if transport == 'http' else ''}. The floor adds {f - e:.3f} ms for the keyboard under its reply, acknowledging"
        " button presses and one durable commit."]
    service = service_of(results, "sqlite")
    if service is None:
        return [*lines, ""]
    s = service["cpu_ms"]
    around = o - s
    if around <= 0:
        lines.append(f"- The service alone, measured in its own process, took {s:.3f} ms per update (all steps, SQLite FULL): as much as"
                     " the whole bot here, so this run cannot split ours between the service and PTB.")
        return [*lines, ""]
    lines.append(f"- The service alone takes {s:.3f} ms of our {o:.3f} ({s / o:.0%}; all steps, SQLite FULL, measured without PTB above);"
                 f" PTB and our handlers around it {around:.3f} ms ({around / o:.0%}), {around - f:+.3f} ms against the floor's whole"
                 f" {f:.3f} ms.")
    calls_ours, calls_floor = api_calls_per_update(ours), api_calls_per_update(floor)
    if calls_ours > calls_floor:
        lines.append(f"- Ours makes {calls_ours:.2f} Bot API calls per update to the floor's {calls_floor:.2f}: `/draft` sends a header,"
                     " the text in several messages and two files.")
    hot_share = service["hot_updates"] / service["updates"]
    at_target = s - max(0.0, service["hot_cpu_ms"] - TARGET_HOT_MS) * hot_share
    lines.append(f"- With the service at its {TARGET_HOT_MS} ms target on the hot path (≈ {at_target:.3f} ms over all steps) we would reach"
                 f" {f / (around + at_target):.2f} of the floor's ratio on CPU; with a service that cost nothing, {f / around:.2f}"
                 + (": what PTB and our handlers cost around the service is over the budget by itself." if around > budget else "."))
    return [*lines, ""]


def _growth(results: Results, key: str) -> list[str]:
    if key == "growth-users":
        changes = growth_users(results)
        bad = {size: change for size, change in changes.items() if abs(change) > TARGET_GROWTH_USERS}
        return ["**Growth in officials.** CPU per update moved by " + ", ".join(f"{change:+.0%} at {size}×" for size, change in bad.items())
                + f" between the fewest and the most officials (target ±{TARGET_GROWTH_USERS:.0%}); see *Growth* below for every cell.", ""]
    ratios = growth_sizes(results)
    return ["**Growth in draft size.** " + "; ".join(f"{users:,} officials: CPU ×{cpu:.1f}, `/draft` ×{draft:.1f}"
                                                    for users, (cpu, draft) in ratios.items())
            + " from the smallest draft to the largest: more than in proportion to the text; see *Growth* below.", ""]


def _web(results: Results) -> list[str]:
    slow = {path: f for path, f in results.web.items() if f["p95_ms"] >= TARGET_WEB_P95_MS}
    return ["**The web front end.** " + "; ".join(f"`{path}`: p95 {f['p95_ms']:.1f} ms (p50 {f['median_ms']:.1f} ms, {f['bytes']:,.0f} bytes)"
                                                for path, f in slow.items())
            + f", over the {TARGET_WEB_P95_MS} ms target. Each request goes through the whole ASGI stack (session cookie,"
            " the service's transaction, the use case, Jinja2); see *Web pages* below.", ""]
