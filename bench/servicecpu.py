"""CPU per update of the service alone, and its raw floors, in one fresh process (one JSON line).

    python -m bench.servicecpu --users 20 [--storage sqlite|postgresql] [--floor] [--profile out.txt]

The service is called exactly as the Telegram handlers call it (`bench.harness._drive_service`:
update claim and answer-message id included), officials going through the whole 2021
interview round-robin, after a warm-up official. Reported: CPU per update over all steps
(the /draft at the end included) and over the answer and press steps alone (the hot path).

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
from bench.workload import Workload
from bot.app import build_service

FIRST_USER = 100_000


def measure(users: int, kind: str, workdir: Path, profile: Path | None = None) -> dict[str, float]:
    load = Workload("interview", users, 1, FIRST_USER)
    steps = load.steps()
    with storage.scratch_database(kind, workdir) as url:
        service = build_service(base_config(url))
        _drive_service(service, WARM_UP, array("d"), first_update=10**8)
        backend = storage.BackendCPU(service.db.engine)
        backend.mark()
        latencies, cpu = array("d"), array("d")
        profiler = None
        if profile is not None:
            import cProfile

            profiler = cProfile.Profile(time.process_time)  # CPU, as the figures are
            profiler.enable()
        _drive_service(service, load, latencies, cpu)
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(profile)
        db_cpu = backend.seconds() or 0.0
        service.db.engine.dispose()
    # Which calls were answers and presses: every step but /start, the meeting pick and /draft.
    hot = [c for i, c in enumerate(cpu) if steps[i // users].kind != "command" and not
           steps[i // users].value.startswith("new:")]
    return {"updates": len(cpu), "cpu_ms": sum(cpu) / len(cpu) * 1000,
            "hot_cpu_ms": sum(hot) / len(hot) * 1000, "hot_cpu_p50_ms": statistics.median(hot) * 1000,
            "db_cpu_ms": db_cpu / len(cpu) * 1000, "wall_p50_ms": statistics.median(latencies) * 1000}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.servicecpu", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--storage", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--floor", action="store_true", help="also measure the raw floor in this run")
    parser.add_argument("--profile", type=Path, default=None, help="cProfile stats of the measured calls (pstats)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="selfreview-servicecpu-") as scratch:
        found = measure(args.users, args.storage, Path(scratch), args.profile)
        if args.floor:
            floor = floors.raw_floor(args.storage, Path(scratch), args.users)
            found.update({f"floor_{k}": v for k, v in floor.items()})
            # On PostgreSQL both sides include the backend's CPU (db_cpu_ms is spread over every update).
            found["ratio"] = (found["hot_cpu_ms"] + found["db_cpu_ms"]) / floor["cpu_ms"]
    print(json.dumps({k: round(v, 4) for k, v in found.items()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
