"""The benchmark: one command, every figure, written to docs/benchmarks.md.

    .venv/bin/python -m bench                 # full run (about 35-45 minutes on 2 cores)
    .venv/bin/python -m bench --smoke --out /tmp/b.md   # seconds; what CI runs

See docs/benchmarks.md for what is measured and how.
"""

from __future__ import annotations

import argparse
import json
import math
import pickle
import pstats
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import assembly, machine, primitives, report, servicecpu, storage, workload
from bench.harness import RunResult, base_config, run
from bench.results import FULL, SMOKE, Plan, Results
from bench.workload import Workload

ROOT = Path(__file__).resolve().parent.parent
FIRST_USER = 100_000


def _log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _guard(results: Results, what: str, work: Callable[[], Any]) -> Any:
    """Run one measurement; a failure is recorded (and fails the command) without losing the rest."""
    try:
        return work()
    except Exception as exc:
        results.checks.append(f"{what}: {type(exc).__name__}: {exc}")
        traceback.print_exc()
        return None


def _verify(results: Results, result: RunResult, load: Workload, url: str | None) -> None:
    """Every run must have done what the officials asked, or its numbers mean nothing."""
    label = f"{result.bot} {result.transport} {result.storage} {result.users} users"
    if result.updates != load.total:
        results.checks.append(f"{label}: {result.updates} of {load.total} updates handled")
    if result.errors:
        results.checks.append(f"{label}: {result.errors} handler errors")
    if result.warnings:
        results.checks.append(f"{label}: {result.warnings} answers refused (⚠️ replies)")
    if result.bot in ("ours", "service") and load.kind == "interview" and url is not None:
        expected = len(workload.full_interview(load.size).answers)
        counts = storage.count_answers(url, load.first_user, load.users)
        if any(count != expected for count in counts):
            results.checks.append(f"{label}: stored answers per user {sorted(set(counts))}, expected {expected}")
        # /draft sends two files per draft: the Word file and the text file.
        if result.bot == "ours" and result.calls.get("sendDocument", 0) != 2 * load.users:
            results.checks.append(f"{label}: {result.calls.get('sendDocument', 0)} draft files sent, "
                                  f"expected {2 * load.users} (Word and text)")


def throughput(results: Results, plan: Plan, workdir: Path) -> None:
    for users in plan.throughput_users:
        load = Workload("interview", users, 1, FIRST_USER)
        for transport in ("inprocess", "http"):
            if transport == "http" and users not in plan.http_users:
                continue  # see Plan.http_users: growth, not HTTP, measures the users dimension
            variants = [("sqlite", "")]
            if transport == "inprocess" and users == plan.variant_users:
                variants.append(("sqlite-normal", "?synchronous=normal"))
            if users in plan.postgres_users:
                variants.append(("postgresql", ""))
            _log(f"{transport}, {users} users: echo bot")
            echo = _guard(results, f"echo {transport} {users}",
                          lambda transport=transport, load=load: run("echo", transport, load))
            if echo is not None:
                _verify(results, echo, load, None)
                results.runs.append(echo)
            _log(f"{transport}, {users} users: practical floor (echo + keyboard + one durable commit)")
            floor = _guard(results, f"floor {transport} {users}",
                           lambda transport=transport, load=load: run("floor", transport, load))
            if floor is not None:
                _verify(results, floor, load, None)
                results.runs.append(floor)
            for name, suffix in variants:
                _log(f"{transport}, {users} users: ours on {name}")

                def ours(name: str = name, suffix: str = suffix, transport: str = transport,
                         load: Workload = load) -> RunResult:
                    kind = "postgresql" if name == "postgresql" else "sqlite"
                    with storage.scratch_database(kind, workdir) as url:
                        result = run("ours", transport, load, url + suffix, name)
                        _verify(results, result, load, url)
                    return result

                result = _guard(results, f"ours {transport} {name} {users}", ours)
                if result is not None:
                    results.runs.append(result)


def _json_from(what: str, args: list[str], timeout: float = 3600) -> Any:
    """Run `python <args>` in a fresh process from the project root; its stdout is one JSON document."""
    done = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"{what} failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout)


SERVICE_STORAGES = ("sqlite", "postgresql")


def service(results: Results, plan: Plan, workdir: Path) -> None:
    """The service alone as the handlers call it, then its raw floor, each storage in a fresh process.

    The cProfile runs come after the timed one and its floor (`--profile-after`, with the CPU clock
    the figures use, and `--profile-after-wall`, with cProfile's cheaper default clock): a profiler
    never runs during a measurement.
    """
    for kind in SERVICE_STORAGES:
        _log(f"service alone on {kind}, {plan.service_users} users, then its raw floor, then (not timed)"
             f" cProfile of {plan.profile_users} users, in one fresh process")
        path, wall = workdir / f"service-{kind}.pstats", workdir / f"service-{kind}-wall.pstats"
        found = _guard(results, f"service alone {kind}", lambda kind=kind, path=path, wall=wall: _json_from(
            f"bench.servicecpu {kind}", ["-m", "bench.servicecpu", "--users", str(plan.service_users), "--storage",
                                         kind, "--floor", "--profile-after", str(path), "--profile-after-wall",
                                         str(wall), "--profile-users", str(plan.profile_users)]))
        if found is None:
            continue
        _check_service(results, kind, found)
        results.service[kind] = found
        for name, stats, prefix in ((kind, path, "profiled_"), (f"{kind}-wall", wall, "profiled_wall_")):
            profile = _guard(results, f"profile {name}", lambda found=found, stats=stats, prefix=prefix: {
                "hot": dict(pstats.Stats(str(stats)).stats),  # type: ignore[attr-defined]
                "rest": dict(pstats.Stats(str(servicecpu.rest_path(stats))).stats),  # type: ignore[attr-defined]
                "hot_updates": found[f"{prefix}hot_updates"],
                "rest_updates": found[f"{prefix}updates"] - found[f"{prefix}hot_updates"],
                "users": plan.profile_users, "timer": "wall" if prefix.endswith("wall_") else "cpu"})
            if profile is not None:
                results.profiles[name] = profile


def _check_service(results: Results, label: str, found: dict[str, float]) -> None:
    refused = sum(found.get(f"{prefix}warnings", 0) for prefix in ("", "profiled_", "profiled_wall_"))
    if refused:
        results.checks.append(f"service alone {label}: {refused:.0f} answers refused (⚠️ replies)")
    if not all(found.get(f"{prefix}answers_ok", 1) for prefix in ("", "profiled_", "profiled_wall_")):
        results.checks.append(f"service alone {label}: not every official's answers were stored")


def web(results: Results, plan: Plan) -> None:
    _log(f"web pages, {plan.web_runs} requests each (fresh process)")
    found = _guard(results, "web pages", lambda: _json_from(
        "bench.web_pages", ["-m", "bench.web_pages", "--runs", str(plan.web_runs)]))
    if found is not None:
        results.web = found


def growth(results: Results, plan: Plan, workdir: Path) -> None:
    for size in plan.growth_sizes:
        _, answers = workload.interview_answers(size, validate=size <= 4)
        for users in plan.growth_users:
            rounds = max(1, math.ceil(plan.growth_min_updates / (8 * users)))
            load = Workload("session", users, size, FIRST_USER, rounds=rounds)
            _log(f"growth: {users} users, {size}x drafts, {rounds} round(s)")

            def cell(load: Workload = load, answers: dict[str, str | None] = answers) -> RunResult:
                with storage.scratch_database("sqlite", workdir) as url:
                    storage.seed_drafts(url, FIRST_USER, load.users, answers)
                    result = run("ours", "inprocess", load, url, "sqlite")
                    _verify(results, result, load, url)
                return result

            result = _guard(results, f"growth {users} users {size}x", cell)
            if result is not None:
                results.growth.append(result)


def memory(results: Results, plan: Plan, workdir: Path) -> None:
    _log(f"memory: seeding {plan.memory_stored} finished drafts and {plan.memory_active} half-done interviews")
    stored_first, active_first = 3_000_000, 4_000_000
    steps, _ = workload.interview_answers(1)
    continue_from = len(steps) // 2

    def measure() -> dict[str, Any]:
        with storage.scratch_database("sqlite", workdir) as url:
            storage.seed_drafts(url, stored_first, plan.memory_stored, workload.full_interview(1).answers)
            _, half = workload.interview_answers(1, upto=continue_from)
            storage.seed_drafts(url, active_first, plan.memory_active, half)
            db_mb = Path(url.removeprefix("sqlite:///")).stat().st_size / 1e6
            _log("memory: serving them from a fresh process")
            command = [sys.executable, "-m", "bench.memory", "--url", url, "--first-stored", str(stored_first),
                       "--touch", str(plan.memory_touch), "--first-active", str(active_first),
                       "--active", str(plan.memory_active), "--continue-from", str(continue_from),
                       "--steps", str(plan.memory_steps)]
            done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=3600)
            if done.returncode != 0:
                raise RuntimeError(f"bench.memory failed: {done.stderr[-2000:]}")
            measured: dict[str, Any] = json.loads(done.stdout)
            measured.update(stored=plan.memory_stored, active=plan.memory_active, touch=plan.memory_touch,
                            steps=plan.memory_steps, continue_from=continue_from, db_mb=db_mb)
            if measured["errors"] or measured["warnings"]:
                results.checks.append(f"memory run: {measured['errors']} errors, {measured['warnings']} refusals")
            return measured

    results.memory = _guard(results, "memory", measure) or {}


def floor_primitives(results: Results, plan: Plan, workdir: Path) -> None:
    n = plan.primitive_runs
    results.primitives["fsync_ms"] = primitives.fsync_ms(workdir, n)
    results.primitives["sqlite_full_ms"] = primitives.sqlite_commit_ms(workdir, "FULL", n)
    results.primitives["sqlite_normal_ms"] = primitives.sqlite_commit_ms(workdir, "NORMAL", n)
    for kind, ms in primitives.ptb_call_ms(n).items():
        results.primitives[f"ptb_{kind}_ms"] = ms

    def postgres() -> float:
        with storage.scratch_database("postgresql", workdir) as url:
            return primitives.postgres_commit_ms(url, n)

    value = _guard(results, "PostgreSQL commit", postgres)
    if value is not None:
        results.primitives["postgres_ms"] = value


def assembly_section(results: Results, plan: Plan) -> None:
    _log("assembly")
    results.assembly = _guard(results, "assembly", lambda: assembly.measure(
        base_config("sqlite://"), plan.assembly_sizes, plan.assembly_runs)) or []


def profile_run(path: Path, users: int, workdir: Path) -> None:
    """pyinstrument over one in-process run of ours on SQLite (an HTML report)."""
    from pyinstrument import Profiler

    load = Workload("interview", users, 1, FIRST_USER)
    with storage.scratch_database("sqlite", workdir) as url:
        profiler = Profiler(interval=0.0005)
        profiler.start()
        run("ours", "inprocess", load, url, "sqlite")
        profiler.stop()
    path.write_text(profiler.output_html(), encoding="utf-8")
    _log(f"profile written to {path}")


SECTIONS = ("service", "throughput", "growth", "assembly", "memory", "web")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, a few seconds (CI)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated subset of {SECTIONS}")
    parser.add_argument("--workdir", type=Path, default=None, help="where scratch SQLite files go")
    parser.add_argument("--profile", type=Path, default=None,
                        help="instead of the benchmark, profile one in-process run into this HTML file")
    parser.add_argument("--profile-users", type=int, default=20)
    parser.add_argument("--results", type=Path, default=None,
                        help="where the raw results of the run are kept, to re-render the page (default: in the"
                             " temporary folder, one file for full runs and another for smoke runs)")
    parser.add_argument("--render-only", action="store_true",
                        help="measure nothing: rewrite --out from the raw results of an earlier run")
    args = parser.parse_args(argv)
    if args.results is None:
        # A smoke run (CI, the tests) must not overwrite the results of the last full run.
        name = "selfreview-bench-results" + ("-smoke" if args.smoke else "") + ".pickle"
        args.results = Path(tempfile.gettempdir()) / name
    if args.render_only:
        saved = pickle.loads(args.results.read_bytes())
        args.out.write_text(report.render(saved["results"], saved["sections"]), encoding="utf-8")
        _log(f"rewrote {args.out} from {args.results}")
        return 1 if saved["results"].checks else 0
    plan = SMOKE if args.smoke else FULL
    sections = {s.strip() for s in args.only.split(",") if s.strip()}
    unknown = sections - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections: {', '.join(sorted(unknown))}")
    with tempfile.TemporaryDirectory(prefix="selfreview-bench-", dir=args.workdir) as scratch:
        workdir = Path(scratch)
        if args.profile is not None:
            profile_run(args.profile, args.profile_users, workdir)
            return 0
        shown = ["python", "-m", "bench", *(argv if argv is not None else sys.argv[1:])]
        results = Results(plan, " ".join(shown), time.time())
        results.machine = machine.describe(workdir)
        _log(f"{plan.name} run, sections: {', '.join(s for s in SECTIONS if s in sections)}")
        steps: dict[str, Callable[[], Any]] = {
            "service": lambda: service(results, plan, workdir),
            "throughput": lambda: (floor_primitives(results, plan, workdir), throughput(results, plan, workdir)),
            "growth": lambda: growth(results, plan, workdir),
            "assembly": lambda: assembly_section(results, plan),
            "memory": lambda: memory(results, plan, workdir),
            "web": lambda: web(results, plan),
        }
        for name in SECTIONS:
            if name in sections:
                began = time.time()
                steps[name]()
                results.timings[name] = time.time() - began
                _log(f"{name}: {results.timings[name]:.0f} s")
        results.machine["load_after"] = machine.load_average()
        results.finished = time.time()
    args.results.write_bytes(pickle.dumps({"results": results, "sections": sections}))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report.render(results, sections), encoding="utf-8")
    _log(f"wrote {args.out} in {results.finished - results.started:.0f} s")
    for problem in results.checks:
        _log(f"CHECK FAILED: {problem}")
    return 1 if results.checks else 0


if __name__ == "__main__":
    raise SystemExit(main())
