"""The files of a material that has not changed since its last export, kept to send again.

/draft builds the Word file anew each time (python-docx, ~30 ms; the PDF and its preview take
LibreOffice seconds), though an official often asks for it twice without changing a word. The
key is a sha256 of everything the files are made from: every paragraph and run of the assembled
Document (styles and text), the document format (DocumentConfig) and the day written into the
file. The build depends on nothing else (bot/export/word.py dates the file by the day, not the
second), so a hit gives the bytes a fresh build would give.

Why this may stay in memory when nothing else per official does: it is small and bounded
(`document.export_cache` entries, default 32, and at most MAX_BYTES in all, least recently used
dropped first), it holds only the bytes of files that were just sent to the official who asked
for them, nobody can list or look it up without the full text of the material, and it is gone
on restart. `document.export_cache: 0` turns it off (every export is built anew).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from bot.config import DocumentConfig
from bot.draft.assemble import Document

MAX_BYTES = 16 * 1024 * 1024  # a docx is ~40 KB; with its PDF and preview about 0.5 MB


@dataclass(frozen=True)
class Rendered:
    """The files of one draft: always the .docx; PDF and preview when they could be made."""

    docx: bytes
    pdf: bytes | None = None
    preview_png: bytes | None = None
    pages: int | None = None

    @property
    def size(self) -> int:
        return len(self.docx) + len(self.pdf or b"") + len(self.preview_png or b"")


def export_key(document: Document, cfg: DocumentConfig, day: date) -> bytes:
    """sha256 of what the files are made from; any changed character, style or setting changes it.

    Each text is preceded by its length and each style is a name from a fixed vocabulary, so no
    two different documents encode alike. tests/export/test_cache.py fails if Document, Paragraph
    or Run gain a field that is not encoded here.
    """
    parts = [repr(cfg), day.isoformat()]
    for paragraph in document.paragraphs:
        parts.append(f"\x02{paragraph.style}")
        for run in paragraph.runs:
            parts.append(f"\x03{run.style}\x01{len(run.text)}\x01{run.text}")
    return hashlib.sha256("".join(parts).encode("utf-8", "surrogatepass")).digest()


class ExportCache:
    """A bounded least-recently-used map from export keys to files; thread-safe (/draft runs
    off the event loop, the web's downloads in a thread pool)."""

    def __init__(self, entries: int, max_bytes: int = MAX_BYTES) -> None:
        self.entries = max(entries, 0)
        self.max_bytes = max_bytes
        self._files: OrderedDict[bytes, Rendered] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.entries > 0

    def __len__(self) -> int:
        return len(self._files)

    @property
    def size(self) -> int:
        """Bytes held (docx, PDF and preview of every entry)."""
        return self._bytes

    def get(self, key: bytes) -> Rendered | None:
        with self._lock:
            files = self._files.get(key)
            if files is not None:
                self._files.move_to_end(key)
            return files

    def put(self, key: bytes, files: Rendered) -> None:
        """Keep `files` under `key` (replacing what was there), dropping the least recently used
        entries beyond the bounds; files larger than the whole bound are not kept."""
        if not self.enabled or files.size > self.max_bytes:
            return
        with self._lock:
            old = self._files.pop(key, None)
            if old is not None:
                self._bytes -= old.size
            self._files[key] = files
            self._bytes += files.size
            while len(self._files) > self.entries or self._bytes > self.max_bytes:
                _, dropped = self._files.popitem(last=False)
                self._bytes -= dropped.size

    def docx(self, key: bytes, build: Callable[[], bytes]) -> Rendered:
        """The entry under `key`, or a new one holding the .docx `build` makes."""
        files = self.get(key)
        if files is None:
            files = Rendered(build())
            self.put(key, files)
        return files

    def clear(self) -> None:
        with self._lock:
            self._files.clear()
            self._bytes = 0
