"""Give memory freed after a large reply back to the operating system.

Building a draft's Word and text files allocates a few megabytes of small objects
(lxml nodes, XML strings, the zip); once they are sent, glibc keeps the freed pages
in its heap, and the heap fragments so they are seldom reused in full: measured
over 190 /draft requests, resident memory grew by 73 MB although nothing stayed
alive (docs/benchmarks.md, Memory). ``malloc_trim(0)`` hands every free page back;
it costs about a millisecond, against the hundred or so the files take to build.
"""

from __future__ import annotations

import ctypes
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


def release_freed_memory() -> None:
    """Return free heap pages to the system (glibc); a no-op elsewhere."""
    if _TRIM is not None:
        _TRIM(0)
