"""Memory: the bot's peak RSS serving many stored drafts and officials in mid-interview.

    python -m bench.memory --url sqlite:///... --stored 10000 --active 1000 ...

Runs in a fresh interpreter (the parent seeds the database first, so seeding never counts)
and prints one JSON object. The bot is the real Application over the in-process transport;
after a warm-up with a few users, the rest are served, and we compare the process before
and after: if anything per user stayed in memory, RSS and the number of live objects would
grow with the users served.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import sys
from pathlib import Path
from typing import Any

from telegram import Update

from bench.harness import Meter, base_config, build_ours
from bench.inprocess import InProcessBotAPI
from bench.workload import Workload
from bot.app import build_service
from bot.heap import freeze_long_lived

WARM_UP_USERS = 10


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def rss_mb() -> float:
    return _status_kb("VmRSS") / 1024


def peak_rss_mb() -> float:
    return _status_kb("VmHWM") / 1024


def _live_objects() -> int:
    """Objects the collector tracks, frozen ones (bot.heap.freeze_long_lived) included."""
    return len(gc.get_objects()) + gc.get_freeze_count()


_update_ids = iter(range(1, 10**9))


async def _feed(app: Any, load: Workload, window: int = 100) -> Meter:
    meter = Meter(load.total, window)
    if load.total == 0:
        return meter
    meter.install(app)
    for data in load.updates():
        while meter.pushed - meter.done >= window:
            meter.room.clear()
            await asyncio.wait_for(meter.room.wait(), 600)
        data["update_id"] = next(_update_ids)
        meter.pushed += 1
        await app.update_queue.put(Update.de_json(data, app.bot))
    await asyncio.wait_for(meter.finished.wait(), 1200)
    # Take this meter's markers out again, so the next phase starts from the same handlers.
    for group in (-2, 1):  # the groups Meter.install uses
        for handler in list(app.handlers.get(group, [])):
            app.remove_handler(handler, group)
    app.remove_error_handler(meter._error)
    return meter


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    result: dict[str, Any] = {"rss_imported_mb": rss_mb()}
    service = build_service(base_config(args.url))
    transport = InProcessBotAPI()
    app = build_ours(base_config(args.url), service, transport)
    continue_load = dict(kind="continue", size=1, continue_from=args.continue_from, continue_steps=args.steps)
    warm_active = min(WARM_UP_USERS, args.active // 2)
    warm_stored = min(WARM_UP_USERS, args.touch // 2)
    async with app:
        if app.post_init is not None:
            await app.post_init(app)
        await app.start()
        freeze_long_lived()  # as bot/telegram/runner.py does once the bot is up
        result["rss_ready_mb"] = rss_mb()
        # Warm-up: a few officials continue their interview, a few others fetch their finished draft.
        await _feed(app, Workload(users=warm_active, first_user=args.first_active, **continue_load))  # type: ignore[arg-type]
        await _feed(app, Workload("draft", warm_stored, 1, args.first_stored))
        gc.collect()
        result["rss_warm_mb"] = rss_mb()
        result["objects_warm"] = _live_objects()
        # Everyone else: the remaining officials in mid-interview, then a share of the stored drafts.
        active = await _feed(app, Workload(users=args.active - warm_active, first_user=args.first_active + warm_active,
                                           **continue_load))  # type: ignore[arg-type]
        stored = await _feed(app, Workload("draft", args.touch - warm_stored, 1, args.first_stored + warm_stored))
        # The guards drop a chat's bucket once it has refilled, swept on a later message (here after
        # a second, as opened wide): one more /draft of a warm-up official, a while later, as any
        # later message in a running bot would, so the last second's senders are not counted as kept.
        await asyncio.sleep(1.1)
        await _feed(app, Workload("draft", 1, 1, args.first_stored))
        gc.collect()
        result["rss_after_mb"] = rss_mb()
        result["objects_after"] = _live_objects()
        result["peak_rss_mb"] = peak_rss_mb()
        result["updates"] = active.done + stored.done
        result["errors"] = active.errors + stored.errors
        result["warnings"] = transport.warnings
        result["users_served"] = (args.active - warm_active) + (args.touch - warm_stored)
        result["warm_up"] = warm_active + warm_stored
        result["ptb_user_data"] = len(app.user_data)
        result["ptb_chat_data"] = len(app.chat_data)
        # PTB notes every chat and user id it has seen for its persistence, even with none set.
        result["ptb_ids_noted"] = (len(app._user_ids_to_be_updated_in_persistence)
                                   + len(app._chat_ids_to_be_updated_in_persistence))
        result["pinned_profiles"] = len(service.deps.pinned)
        # Questions are built once per pinned interview (profile wording, bounded by its counts).
        result["questions_built"] = sum(len(interview._built) for _, interview in service.deps.pinned.values())
        await app.stop()
    service.db.engine.dispose()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--first-stored", type=int, required=True)
    parser.add_argument("--touch", type=int, required=True, help="stored-draft users who send /draft")
    parser.add_argument("--first-active", type=int, required=True)
    parser.add_argument("--active", type=int, required=True)
    parser.add_argument("--continue-from", type=int, required=True)
    parser.add_argument("--steps", type=int, required=True)
    args = parser.parse_args(argv)
    result = asyncio.run(main_async(args))
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
