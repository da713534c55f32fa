# ruff: noqa: E501  (the page's prose reads better unwrapped)
"""The three bots side by side (echo, practical floor, ours), the costs measured without a bot, Telegram's cap,
and SQLite against PostgreSQL."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from bench.report.common import (
    RATE_CAP,
    STORAGE,
    TARGET_OF_FLOOR,
    TRANSPORT,
    api_calls_per_update,
    bot_sizes,
    find,
    floor_for,
    messages_per_update,
    ms,
    num,
    of_floor,
    ratios,
    steps_per_official,
)

if TYPE_CHECKING:
    from bench.harness import RunResult
    from bench.results import Results

_BOT = {"echo": "echo", "floor": "practical floor", "ours": "selfreview"}


def section(results: Results) -> list[str]:
    http = bot_sizes(results, "http")
    inprocess = bot_sizes(results, "inprocess")
    lines = [
        "## The bot: echo, practical floor and ours",
        "",
        "Each simulated official sends `/start`, picks the 2021 meeting, answers every question of",
        "the 2021 interview (text answers typed, yes/no and \"one more?\" questions by button, about",
        f"6,000 字 in all) and sends `/draft`: {steps_per_official()} updates per official. All officials are active at once, interleaved",
        "round-robin, and the updates are offered as a backlog (at most 100 in flight in process, 200",
        "over HTTP), so the bot is never idle: updates/s is its capacity. Every bot runs in the real",
        "python-telegram-bot `Application` (updates go through its update queue and its own update",
        "fetcher; PTB's default of one update at a time), with **the outbound rate limiter off**.",
        "",
        "- **echo**: one `TypeHandler` that sends the text back (for a button press, its data): one `sendMessage` per update.",
        "- **practical floor** (`bench.harness.build_floor`): the echo bot whose reply carries the five-button keyboard our",
        "  questions carry, which acknowledges a button press with `answerCallbackQuery` as we do, and which makes one",
        "  durable SQLite commit (WAL, `synchronous=FULL`) per update: the least a bot that keeps our promise can do.",
        "- **selfreview**: ours, `bot.telegram.handlers.build_application` over the real service and database.",
        "",
        "- **in process**: `bench/inprocess.py`, a `telegram.request.BaseRequest` that answers every",
        "  Bot API call from memory; PTB still builds each request and parses each reply into",
        "  `Message` objects, only the socket is gone.",
        "- **HTTP**: the fake Bot API of `tests/fakebotapi.py` in its own process on 127.0.0.1; the",
        "  Application long-polls it with `getUpdates` and sends with httpx, as in production.",
        "",
    ]
    if http and inprocess and max(inprocess) > max(http):
        big = max(inprocess) * steps_per_official()
        runs = [run for run in results.runs if run.transport == "http" and run.users == max(http) and run.bot in _BOT
                and run.storage in ("sqlite", "-")]  # PostgreSQL is not repeated at the larger size anyway
        minutes = sum(big / run.throughput for run in runs if run.throughput > 0) / 60
        lines += [f"HTTP runs at {', '.join(f'{n:,}' for n in http)} officials only: over HTTP every bot costs several times more per",
                  f"update, so at {max(inprocess):,} officials the HTTP rows ({len(runs)} runs of {big:,} updates) would add about"
                  f" {minutes:.0f} minutes to this run at the rates measured here,",
                  "while the cost per update does not depend on how many officials there are (*Growth* measures that",
                  "dimension on its own, and the in-process rows show it at both sizes).", ""]
    lines += [
        "Latency is measured inside the bot process from the moment the update enters the",
        "Application (a marker handler before any other) to the moment its last reply was",
        "sent and acknowledged by the Bot API (a marker handler after ours has awaited all",
        "its sends); every bot carries the same markers. CPU is the bot process's user + system time",
        "per update (in process that includes making the update dicts and the fake API's answers, the same",
        "for every bot); on PostgreSQL the CPU time of its backend process for our connection is added. One",
        "extra official goes through the interview before the clock starts (warm-up), in every run alike.",
        "*Ratio* = throughput ÷ the echo bot's, and the echo bot's CPU per update ÷ this bot's, from the same",
        f"group of rows; *of the floor* = ours' ratio ÷ the practical floor's (issue 19's target: ≥ {TARGET_OF_FLOOR}).",
        "",
        "| Transport | Officials | Bot | Storage | Updates | Updates/s | CPU ms/update | p50 ms | p95 ms "
        "| p99 ms | /draft p50 ms | Bot API calls/update | Ratio: throughput | Ratio: CPU | Of the floor: throughput | Of the floor: CPU |",
        "| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for run in results.runs:
        if run.bot not in _BOT:
            continue
        found = ratios(results, run)
        share = of_floor(results, run.transport, run.users) if run.bot == "ours" and run.storage == "sqlite" else None
        lines.append(
            f"| {TRANSPORT[run.transport]} | {run.users:,} | {_BOT[run.bot]} "
            f"| {STORAGE.get(run.storage, run.storage)} | {run.updates:,} | {num(run.throughput)} "
            f"| {run.cpu_per_update * 1000:.3f} | {ms(run.p(0.5))} | {ms(run.p(0.95))} | {ms(run.p(0.99))} "
            f"| {ms(run.p(0.5, draft=True)) if run.bot == 'ours' else '–'} | {num(api_calls_per_update(run), 2)} "
            f"| {f'{found[0]:.3f}' if found else '–'} | {f'{found[1]:.3f}' if found else '–'} "
            f"| {f'**{share[0]:.2f}**' if share else '–'} | {f'**{share[1]:.2f}**' if share else '–'} |")
    lines.append("")
    return lines + _without_a_bot(results) + _rate_cap(results) + _storage(results)


def _without_a_bot(results: Results) -> list[str]:
    prim = results.primitives

    def value(name: str) -> float:
        return float(prim.get(name, math.nan))

    if math.isnan(value("sqlite_full_ms")):
        return []
    plain, keyboard = value("ptb_plain_ms"), value("ptb_keyboard_ms")
    return [
        "Measured in the same run without a bot (`bench/primitives.py`, medians), what the floor is made of:",
        "",
        f"- one durable SQLite commit of one row (raw `sqlite3`, WAL, `synchronous=FULL`): {value('sqlite_full_ms'):.3f} ms of wall time;"
        f" with `synchronous=NORMAL` {value('sqlite_normal_ms'):.3f} ms; an fsync of 4 KiB on this disk {value('fsync_ms'):.3f} ms;",
        f"- one commit to the local PostgreSQL: {value('postgres_ms'):.3f} ms;",
        f"- one `sendMessage` through PTB with no socket: {plain:.3f} ms as plain text, {keyboard:.3f} ms with a five-button",
        f"  inline keyboard (a keyboard adds {keyboard - plain:.3f} ms); an `answerCallbackQuery` {value('ptb_ack_ms'):.3f} ms.",
        "",
    ]


def _largest(results: Results, transport: str) -> RunResult | None:
    for users in sorted(bot_sizes(results, transport), reverse=True):
        if (run := find(results, "ours", transport, "sqlite", users)) is not None:
            return run
    return None


def _rate_cap(results: Results) -> list[str]:
    ours_in, ours_http = _largest(results, "inprocess"), _largest(results, "http")
    if ours_in is None:
        return []
    sent = messages_per_update(ours_in)
    allowed = RATE_CAP / sent
    capacity = ours_in.throughput
    return [
        "### Telegram's own limit",
        "",
        f"Telegram lets one bot send about {RATE_CAP} messages per second in all (and about one per second",
        "into a single chat, with short bursts tolerated); beyond that it answers `429 Too Many",
        "Requests` with `retry_after`. The runs above switch PTB's rate limiter off, because the cap is",
        f"the platform's, not ours. We send {sent:.2f} messages per update (one reply per answer; a",
        f"`/draft` sends several), so the cap allows about {allowed:.0f} updates/s for the whole bot —"
        + (f" {capacity / allowed:.1f}× less than the {capacity:,.0f} updates/s measured in process on SQLite ({ours_in.users:,} officials)"
           if capacity > allowed else f" more than the {capacity:,.0f} updates/s measured in process on SQLite")
        + (f", {ours_http.throughput:,.0f} over HTTP ({ours_http.users:,} officials)." if ours_http is not None else "."),
        "For a real deployment this means Telegram, not the bot, sets the pace: an official answers a",
        "question every half minute or so, so the cap is reached only when several hundred officials type at",
        f"the same moment (about {allowed * 30:,.0f} at one answer per 30 s). Then replies queue in the rate limiter",
        "(the bot runs with PTB's `AIORateLimiter`, which also waits out any `retry_after`) and latency grows by",
        "the queue's length, while the bot's own time per update stays the few milliseconds measured here. The",
        "headroom is for the rest of one small server: the web front end in the same process, other workers.",
        "",
    ]


def _storage(results: Results) -> list[str]:
    lines = ["## Storage: SQLite and PostgreSQL", ""]
    pairs = []
    for users in sorted({run.users for run in results.runs}):
        for transport in ("inprocess", "http"):
            lite = find(results, "ours", transport, "sqlite", users)
            pg = find(results, "ours", transport, "postgresql", users)
            if lite and pg:
                pairs.append((transport, users, lite, pg))
    if not pairs:
        return [*lines, "(Not measured in this run.)", ""]
    sizes = ", ".join(f"{n:,}" for n in results.plan.postgres_users)
    largest = max(results.plan.throughput_users)
    repeated = (f"The storage comparison is the same at any size (cost per update does not grow with officials; see"
                f" *Growth*), so PostgreSQL is not repeated at {largest:,}. " if largest not in results.plan.postgres_users else "")
    lines += [f"The same workload, the same run (rows from the table above), at {sizes} officials. " + repeated
              + "The service alone on each, with its raw floor, is above.", "",
              "| Transport | Officials | SQLite updates/s | PostgreSQL updates/s | SQLite CPU ms/update "
              "| PostgreSQL CPU ms/update (bot + backend) | SQLite p99 ms | PostgreSQL p99 ms |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for transport, users, lite, pg in pairs:
        backend = f" ({pg.db_cpu / pg.updates * 1000:.3f} backend)" if pg.db_cpu is not None else ""
        lines.append(f"| {TRANSPORT[transport]} | {users:,} | {num(lite.throughput)} | {num(pg.throughput)} "
                     f"| {lite.cpu_per_update * 1000:.3f} | {pg.cpu_per_update * 1000:.3f}{backend} "
                     f"| {ms(lite.p(0.99))} | {ms(pg.p(0.99))} |")
    normal = find(results, "ours", "inprocess", "sqlite-normal", results.plan.variant_users)
    full = find(results, "ours", "inprocess", "sqlite", results.plan.variant_users)
    floor = floor_for(results, "inprocess", results.plan.variant_users)
    lines += [
        "",
        "SQLite runs inside the bot process (a file in WAL mode, `synchronous=FULL`: each commit that",
        "stores an answer waits for the disk). PostgreSQL answers over a local socket from its own",
        "process, so each statement is a round trip, and its commit waits for the WAL flush",
        "(`synchronous_commit=on`, the server's setting). One bot process talks to either one statement",
        "at a time; PostgreSQL is there for several workers (issue 4), not for speed.",
    ]
    if normal is not None and full is not None:
        lines += ["", f"With `?synchronous=normal` on the database URL (the measured opt-out, not the default), in process at"
                  f" {normal.users:,} officials: {normal.cpu_per_update * 1000:.3f} ms CPU and {num(normal.throughput)} updates/s against"
                  f" {full.cpu_per_update * 1000:.3f} ms and {num(full.throughput)} with FULL"
                  + (f" (the practical floor: {floor.cpu_per_update * 1000:.3f} ms)." if floor is not None else ".")]
    return [*lines, ""]
