"""The benchmark's bot is throttled by nothing: a scripted official sends far more than a person."""

from __future__ import annotations

from pathlib import Path

from bench import storage, workload
from bench.harness import run
from bench.workload import Workload

FIRST = 700_000


def test_many_drafts_of_one_official_all_reach_the_meter(tmp_path: Path) -> None:
    """Eight rounds of the returning official's session, a /draft in each: more than the
    expensive-command guard lets a person send (six, then one per ten seconds). The guard held
    the growth runs' seventh /draft back, the meter never saw it, and the run stalled."""
    _, answers = workload.interview_answers(1, validate=True)
    with storage.scratch_database("sqlite", tmp_path) as url:
        storage.seed_drafts(url, FIRST, 1, answers)
        load = Workload("session", 1, 1, FIRST, rounds=8)
        result = run("ours", "inprocess", load, url, "sqlite", timeout=60)
    assert result.updates == load.total and result.errors == 0 and result.warnings == 0
    assert result.calls.get("sendDocument", 0) == 2 * 8  # every /draft sent its Word and text files
