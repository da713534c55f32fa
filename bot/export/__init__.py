"""Word and PDF output of an assembled draft, and the picture of page 1 for chat."""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from datetime import date

from bot.config import DocumentConfig
from bot.draft.assemble import Document
from bot.export.cache import ExportCache, Rendered, export_key
from bot.export.pdf import ConversionError, available, docx_to_pdf, pdf_page_png, sweep_leftovers
from bot.export.signature import signed
from bot.export.word import WordBuilder

log = logging.getLogger(__name__)

_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def export_filename(year: int, suffix: str, today: date | None = None) -> str:
    """对照检查材料-2021年度-20261128.docx: the meeting's year and the day it was made."""
    return f"对照检查材料-{year}年度-{(today or date.today()):%Y%m%d}.{suffix}"


def pdf_page_count(pdf: bytes) -> int | None:
    """Pages of a PDF that LibreOffice wrote (page objects are not compressed there)."""
    count = len(_PAGE_OBJECT.findall(pdf))
    return count or None


class Exporter:
    """Turns Documents into .docx (fast, in process) and PDF/PNG (LibreOffice, slow)."""

    def __init__(self, cfg: DocumentConfig, cache: ExportCache | None = None) -> None:
        self.cfg = cfg
        self.word = WordBuilder(cfg)
        # The files of an unchanged material are sent again, not rebuilt (bot/export/cache.py).
        self.cache = cache if cache is not None else ExportCache(cfg.export_cache)
        # Built once at start-up: what a killed process left on disk goes before anything new.
        sweep_leftovers()

    def sign(self, document: Document, name: str | None, day: date | None) -> Document:
        """The document with the signature block when the unit's format has one."""
        return signed(document, name, day) if self.cfg.signature else document

    def docx(self, document: Document, day: date | None = None) -> bytes:
        """The .docx made on `day` (default: the server's today); the same bytes as last time
        when neither the document nor the format has changed that day."""
        return self._docx(document, day or date.today()).docx

    def _docx(self, document: Document, day: date) -> Rendered:
        """The cached entry of this document and day (built now when there is none)."""
        if not self.cache.enabled:
            return Rendered(self.word.build(document, day))
        key = export_key(document, self.cfg, day)
        return self.cache.docx(key, lambda: self.word.build(document, day))

    def pdf(self, docx: bytes) -> bytes:
        """ConversionError (Chinese message) when LibreOffice is missing or fails."""
        return docx_to_pdf(docx, self.cfg)

    def for_chat(self, document: Document, day: date | None = None) -> Rendered:
        """The .docx, plus PDF and page-1 preview when configured and possible.

        A missing LibreOffice or a failed conversion only costs the PDF: the
        official still gets the Word file, and the server log says why. An
        unchanged document sends the files made last time (a missing PDF is tried again).
        """
        day = day or date.today()
        rendered = self._docx(document, day)
        if rendered.pdf is not None or not self.cfg.pdf_in_chat or not available(self.cfg):
            return rendered
        try:
            pdf = self.pdf(rendered.docx)
        except ConversionError as exc:
            log.warning("PDF conversion failed: %s", str(exc).splitlines()[0])
            return rendered
        try:
            preview: bytes | None = pdf_page_png(pdf, 1)
        except ConversionError as exc:
            log.warning("page preview failed: %s", str(exc).splitlines()[0])
            preview = None
        rendered = replace(rendered, pdf=pdf, preview_png=preview, pages=pdf_page_count(pdf))
        if preview is not None and self.cache.enabled:
            self.cache.put(export_key(document, self.cfg, day), rendered)
        return rendered


__all__ = ["ConversionError", "Exporter", "Rendered", "export_filename", "pdf_page_count"]
