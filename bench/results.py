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


FULL = Plan("full", (100, 1000), 100, (100,), (10, 100, 1000), (1, 4, 16), 2000, 10_000, 1000, 2000, 20,
            (1, 4, 16), 200, 300)
SMOKE = Plan("smoke", (1,), 1, (1,), (1, 2), (1, 4, 16), 8, 20, 3, 5, 3, (1, 4, 16), 3, 10)


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
