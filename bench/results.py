"""What one benchmark run plans and finds: the plan of sizes, and every result the report reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bench import assembly
from bench.harness import RunResult


@dataclass(frozen=True)
class Plan:
    name: str
    throughput_users: tuple[int, ...]
    variant_users: int  # SQLite synchronous=NORMAL and the service alone are run at this size
    postgres_users: tuple[int, ...]  # PostgreSQL is run at these sizes (each 1,000-user run takes ~20 min)
    growth_users: tuple[int, ...]
    growth_sizes: tuple[int, ...]
    growth_min_updates: int  # small user counts repeat the session until at least this many updates
    memory_stored: int
    memory_active: int
    memory_touch: int  # stored-draft users who fetch their draft during the memory run
    memory_steps: int  # answers each mid-interview user sends during the memory run
    assembly_sizes: tuple[int, ...]
    assembly_runs: int
    primitive_runs: int
    # Added for issue 19 (with defaults, so the results of earlier runs still load):
    # HTTP is run at these sizes only (in process runs every size in throughput_users).
    http_users: tuple[int, ...] = (100,)
    service_users: int = 100  # the service alone and its raw floors (bench/servicecpu.py)
    profile_users: int = 10  # the cProfile runs of the service, after the timed one (1,000 hot-path calls)
    web_runs: int = 200  # requests per page of the web front end (bench/web_pages.py)


# HTTP at 100 officials only: a 1,000-official HTTP run took about 20 minutes for echo and ours
# alone, and cost per update does not grow with officials (growth measures that dimension).
FULL = Plan("full", (100, 1000), 100, (100,), (10, 100, 1000), (1, 4, 16), 2000, 10_000, 1000, 2000, 20,
            (1, 4, 16), 200, 300, http_users=(100,), service_users=100, profile_users=10, web_runs=200)
SMOKE = Plan("smoke", (1,), 1, (1,), (1, 2), (1, 4, 16), 8, 20, 3, 5, 3, (1, 4, 16), 3, 10,
             http_users=(1,), service_users=1, profile_users=1, web_runs=5)


@dataclass
class Results:
    plan: Plan
    command: str
    started: float
    machine: dict[str, Any] = field(default_factory=dict)
    primitives: dict[str, float | str] = field(default_factory=dict)
    runs: list[RunResult] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)  # what went wrong; empty when every run checked out
    assembly: list[assembly.AssemblyRow] = field(default_factory=list)
    growth: list[RunResult] = field(default_factory=list)
    memory: dict[str, Any] = field(default_factory=dict)
    finished: float = 0.0
    # Added for issue 19 (defaults: results of earlier runs still load).
    # The service alone per storage ("sqlite", "postgresql"): bench.servicecpu's figures (hot_cpu_ms,
    # cpu_ms, db_cpu_ms, ...) and, as floor_*, its raw floor's measured right after in the same process.
    service: dict[str, dict[str, float]] = field(default_factory=dict)
    # cProfile of the service per storage, from a run after the timed one: "hot" and "rest" are
    # pstats' raw dicts ({(file, line, name): (cc, nc, tt, ct, callers)}) of the answer/press calls
    # and of the others; "hot_updates", "rest_updates", "users" say how many calls they cover.
    profiles: dict[str, dict[str, Any]] = field(default_factory=dict)
    # The web front end's page render times (bench/web_pages.py): path -> median_ms, p95_ms, bytes.
    web: dict[str, dict[str, float]] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)  # seconds each section of the run took
