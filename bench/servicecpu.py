"""CPU per update of the service alone, and its raw floors, in one fresh process (one JSON line).

    python -m bench.servicecpu --users 20 [--storage sqlite|postgresql] [--floor] [--profile p.pstats]
                               [--profile-after p.pstats] [--profile-after-wall w.pstats] [--profile-users 20]

The service is called exactly as the Telegram handlers call it (`bench.harness._drive_service`:
update claim and answer-message id included), officials going through the whole 2021
interview round-robin, after a warm-up official. Reported: CPU per update over all steps
(the /draft at the end included) and over the answer and press steps alone (the hot path).

`--profile p.pstats` writes cProfile stats (timer: process CPU time) of the answer and press
calls to p.pstats and of the other calls to p.pstats.rest; a profiled run's figures are inflated.
`--profile-after p.pstats` does the same in a second run after the measured one (and the floor),
so the figures above stay clean; `--profile-after-wall w.pstats` a third, with cProfile's default
clock (cheap, but it counts waiting); `python -m bench` uses both.

`--floor` also runs `bench.floors` in the same process and the same run: raw sqlite3 (or
psycopg) doing the reads and the durable write one answer needs, so the ratio is taken on the
same machine at the same moment. Meant for farm-bench or alternating A/B runs; the full
benchmark (`python -m bench`) reports the same figures in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from array import array
from pathlib import Path

from bench import floors, storage
from bench.harness import WARM_UP, _drive_service, base_config
from bench.workload import Workload, full_interview, is_hot
from bot.app import build_service

FIRST_USER = 100_000


def rest_path(profile: Path) -> Path:
    """Where `measure` writes the profile of the steps off the hot path (/start, the pick, /draft)."""
    return profile.with_name(profile.name + ".rest")


def measure(users: int, kind: str, workdir: Path, profile: Path | None = None,
            timer: str = "cpu") -> dict[str, float]:
    """CPU per update of the service; with `profile`, cProfile stats of the hot-path calls go there.

    A profiled run's timings are inflated by the profiler: measure first, profile in another run.
    The profile of the other calls goes to `rest_path(profile)`. The profiler's clock (`timer`):
    "cpu", the process's CPU time as the figures are (a system call per event, so every call
    costs about a microsecond more), or "wall", cProfile's default monotonic clock (cheap, but it
    counts waiting: the disk's fsync, PostgreSQL's replies).
    """
    load = Workload("interview", users, 1, FIRST_USER)
    steps = load.steps()
    with storage.scratch_database(kind, workdir) as url:
        service = build_service(base_config(url))
        _drive_service(service, WARM_UP, array("d"), first_update=10**8)
        backend = storage.BackendCPU(service.db.engine)
        backend.mark()
        latencies, cpu = array("d"), array("d")
        profilers = None
        if profile is not None:
            import cProfile

            if timer == "cpu":  # as the figures are (on PostgreSQL, waiting for the server is not counted)
                profilers = (cProfile.Profile(time.process_time), cProfile.Profile(time.process_time))
            else:
                profilers = (cProfile.Profile(), cProfile.Profile())
        per_call = array("d")  # PostgreSQL's backend CPU of each call, to split it as the bot's own
        warnings = _drive_service(service, load, latencies, cpu, profilers=profilers,
                                  backend=(backend.seconds, per_call) if backend.active else None)
        if profilers is not None and profile is not None:
            profilers[0].dump_stats(profile)
            profilers[1].dump_stats(rest_path(profile))
        db_cpu = backend.seconds() or 0.0
        service.db.engine.dispose()
        expected = len(full_interview(1).answers)
        answers_ok = all(n == expected for n in storage.count_answers(url, FIRST_USER, users))
    hot = [c for i, c in enumerate(cpu) if is_hot(steps[i // users])]
    hot_db = [c for i, c in enumerate(per_call) if is_hot(steps[i // users])]
    return {"updates": len(cpu), "hot_updates": len(hot), "cpu_ms": sum(cpu) / len(cpu) * 1000,
            "hot_db_cpu_ms": sum(hot_db) / len(hot_db) * 1000 if hot_db else 0.0,
            "hot_cpu_ms": sum(hot) / len(hot) * 1000, "hot_cpu_p50_ms": statistics.median(hot) * 1000,
            "db_cpu_ms": db_cpu / len(cpu) * 1000, "wall_p50_ms": statistics.median(latencies) * 1000,
            "wall_ms": sum(latencies) / len(latencies) * 1000, "warnings": float(warnings),
            "answers_ok": float(answers_ok)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.servicecpu", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--storage", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--floor", action="store_true", help="also measure the raw floor in this run")
    parser.add_argument("--profile", type=Path, default=None,
                        help="cProfile stats of the answer and press calls (pstats); the other calls' go to"
                             " the same name + .rest (the timings of a profiled run are inflated)")
    parser.add_argument("--profile-after", type=Path, default=None,
                        help="after the measured run (and the floor), a second run under cProfile, stats written"
                             " as with --profile; its inflated figures are reported as profiled_*")
    parser.add_argument("--profile-after-wall", type=Path, default=None,
                        help="then the same with cProfile's default (wall) clock; figures reported as profiled_wall_*")
    parser.add_argument("--profile-users", type=int, default=20, help="officials in the --profile-after runs")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="selfreview-servicecpu-") as scratch:
        found = measure(args.users, args.storage, Path(scratch), args.profile)
        if args.floor:
            floor = floors.raw_floor(args.storage, Path(scratch), args.users)
            found.update({f"floor_{k}": v for k, v in floor.items()})
            # On PostgreSQL both sides include the backend's CPU (the hot-path calls' own, hot_db_cpu_ms).
            found["ratio"] = (found["hot_cpu_ms"] + found["hot_db_cpu_ms"]) / floor["cpu_ms"]
        if args.profile_after is not None:
            profiled = measure(args.profile_users, args.storage, Path(scratch), args.profile_after)
            found.update({f"profiled_{k}": v for k, v in profiled.items()})
        if args.profile_after_wall is not None:
            profiled = measure(args.profile_users, args.storage, Path(scratch), args.profile_after_wall, "wall")
            found.update({f"profiled_wall_{k}": v for k, v in profiled.items()})
    print(json.dumps({k: round(v, 4) for k, v in found.items()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
