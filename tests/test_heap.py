"""release_freed_memory hands freed heap pages back to the system (glibc, as in production)."""

from __future__ import annotations

import gc
import weakref
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


def test_garbage_cycles_of_a_reply_are_freed() -> None:
    # python-docx's package and parts refer to each other: only the collector frees them.
    class Part:
        other: Part

    gc.disable()  # so that only release_freed_memory can have freed the cycle
    try:
        first, second = Part(), Part()
        first.other, second.other = second, first
        alive = weakref.ref(first)
        del first, second
        assert alive() is not None
        heap.release_freed_memory()
        assert alive() is None
    finally:
        gc.enable()


def test_frozen_objects_are_kept_and_skipped() -> None:
    keep = {"profile": "wording"}
    try:
        heap.freeze_long_lived()
        assert gc.get_freeze_count() > 0
        assert not any(obj is keep for obj in gc.get_objects())  # out of the collector's sight
        heap.release_freed_memory()
        assert keep == {"profile": "wording"}
    finally:
        gc.unfreeze()
