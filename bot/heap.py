"""Give memory freed after a large reply back to the operating system.

Building a draft's Word file makes python-docx objects that refer to each other
(package <-> parts), holding lxml trees whose memory Python does not see. Such
cycles are freed only by a full garbage collection, which Python runs rarely in a
process with ~130,000 long-lived objects; meanwhile the trees stay resident. Measured
over 75 /draft requests: RSS grew by 53 MB with nothing alive (docs/benchmarks.md,
Memory).

So: once the bot is up, ``freeze_long_lived()`` moves everything alive (modules,
profiles, compiled templates and SQL) out of the collector's sight, and after
sending files ``release_freed_memory()`` runs a full collection, which now only
scans what updates created (about 5 ms instead of 50-120), then ``malloc_trim(0)``
hands the freed pages back (glibc keeps them otherwise).
"""

from __future__ import annotations

import ctypes
import gc
import sys
from collections.abc import Callable


def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        trim: Callable[[int], int] = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None
    return trim


_TRIM = _malloc_trim()


def freeze_long_lived() -> None:
    """After start-up: exempt what is alive now from every later garbage collection."""
    gc.collect()
    gc.freeze()


def release_freed_memory() -> None:
    """Collect the garbage cycles of a large reply and return free heap pages (glibc)."""
    gc.collect()
    if _TRIM is not None:
        _TRIM(0)
