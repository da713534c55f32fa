"""The benchmark's smoke mode runs end to end, so `python -m bench` cannot rot.

No timing is asserted: the figures of a smoke run mean nothing. What is asserted is that
every section of docs/benchmarks.md is produced, every run did what the simulated
officials asked (the command exits non-zero otherwise), and every kind of row is there.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_smoke_run_produces_every_section(tmp_path: Path) -> None:
    out = tmp_path / "benchmarks.md"
    done = subprocess.run([sys.executable, "-m", "bench", "--smoke", "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-4000:]
    page = out.read_text(encoding="utf-8")
    for heading in ("## Targets", "## Interview throughput and latency", "## What stands between us and the floor",
                    "### Telegram's own limit", "## Storage: SQLite and PostgreSQL",
                    "## Growth with officials and draft size", "## Assembly", "## Memory", "## Running it"):
        assert heading in page, heading
    assert "Not measured" not in page and "not to be trusted" not in page
    # the machine, the date and the command
    assert "| Command | `python -m bench --smoke" in page and "| Date | 20" in page and "| CPU |" in page
    assert "| Code | commit " in page  # which code the figures belong to
    # over HTTP, where the CPU goes: the extra Bot API calls, the service, the rest
    assert "A call over the socket costs at least" in page and "is out of reach for a bot that" in page
    assert "so a keyboard adds" in page  # PTB's own cost of the buttons under every question
    # both bots, both transports, both databases, the synchronous=NORMAL variant, the service alone
    for row in ("| in process | 1 | echo |", "| in process | 1 | selfreview | SQLite (FULL) |",
                "| in process | 1 | selfreview | SQLite (NORMAL) |", "| in process | 1 | selfreview | PostgreSQL |",
                "| HTTP | 1 | echo |", "| HTTP | 1 | selfreview | SQLite (FULL) |", "| HTTP | 1 | selfreview | PostgreSQL |",
                "The service alone", "| in process | 1 | practical floor |", "| HTTP | 1 | practical floor |",
                "Its raw floor in the same run", "The same on PostgreSQL through psycopg"):
        assert row in page, row
    # growth: every officials x draft-size cell; assembly: every size; memory: the peak
    for users in (1, 2):
        for size in (1, 4, 16):
            assert f"| {users} | {size}× |" in page, (users, size)
    for size in (1, 4, 16):
        assert f"\n| {size}× | " in page, size
    assert "**Peak RSS** (VmHWM)" in page and "text rendering, 4× draft" in page
