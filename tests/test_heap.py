"""release_freed_memory hands freed heap pages back to the system (glibc, as in production)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import heap


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(heap._TRIM is None, reason="malloc_trim is glibc's; production and CI run on glibc")
def test_fragmented_free_pages_are_returned() -> None:
    # 80 MB in 32 KB blocks (from the heap: under glibc's mmap threshold); freeing every
    # other one leaves holes that glibc keeps, as it cannot shrink a heap whose top is in use.
    blocks = [bytearray(b"x" * 32_768) for _ in range(2_500)]  # written: every page is resident
    del blocks[::2]
    held = _rss_mb()
    heap.release_freed_memory()
    released = held - _rss_mb()
    assert released > 20, f"only {released:.1f} MB returned"
    assert len(blocks) == 1_250 and all(block[-1] == ord("x") for block in blocks)  # what is still in use is untouched
