"""The three bots side by side in process, at a small size (one JSON line): a quick look at the ratios.

    python -m bench.bots --users 5 [--transport inprocess|http]

Echo bot, the practical floor (echo whose reply carries our keyboard and which makes one
durable commit, `bench.harness.build_floor`) and ours on SQLite FULL, on the same workload
(the whole 2021 interview per official) one after the other in this process. Ratios are the
echo bot's CPU per update over each bot's, as in docs/benchmarks.md; the full benchmark
(`python -m bench`) runs the same bots at 100 and 1,000 officials in process, at 100 over HTTP.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from bench import storage
from bench.harness import run
from bench.workload import Workload

FIRST_USER = 100_000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bots", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=5)
    parser.add_argument("--transport", choices=("inprocess", "http"), default="inprocess")
    args = parser.parse_args(argv)
    load = Workload("interview", args.users, 1, FIRST_USER)
    found: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="selfreview-bots-") as scratch:
        for kind in ("echo", "floor", "ours"):
            if kind == "ours":
                with storage.scratch_database("sqlite", Path(scratch)) as url:
                    result = run(kind, args.transport, load, url, "sqlite")
            else:
                result = run(kind, args.transport, load)
            if result.errors or result.updates != load.total:
                raise SystemExit(f"{kind}: {result.errors} errors, {result.updates} of {load.total} updates")
            found[f"{kind}_cpu_ms"] = round(result.cpu_per_update * 1000, 4)
    found["floor_ratio"] = round(found["echo_cpu_ms"] / found["floor_cpu_ms"], 4)
    found["ours_ratio"] = round(found["echo_cpu_ms"] / found["ours_cpu_ms"], 4)
    found["ours_of_floor"] = round(found["ours_ratio"] / found["floor_ratio"], 4)
    print(json.dumps(found))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
