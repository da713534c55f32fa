"""Word and PDF output of an assembled draft, and the picture of page 1 for chat."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date

from bot.config import DocumentConfig
from bot.draft.assemble import Document
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


@dataclass(frozen=True)
class Rendered:
    """The files of one draft: always the .docx; PDF and preview when they could be made."""

    docx: bytes
    pdf: bytes | None = None
    preview_png: bytes | None = None
    pages: int | None = None


class Exporter:
    """Turns Documents into .docx (fast, in process) and PDF/PNG (LibreOffice, slow)."""

    def __init__(self, cfg: DocumentConfig) -> None:
        self.cfg = cfg
        self.word = WordBuilder(cfg)
        # Built once at start-up: what a killed process left on disk goes before anything new.
        sweep_leftovers()

    def sign(self, document: Document, name: str | None, day: date | None) -> Document:
        """The document with the signature block when the unit's format has one."""
        return signed(document, name, day) if self.cfg.signature else document

    def docx(self, document: Document) -> bytes:
        return self.word.build(document)

    def pdf(self, docx: bytes) -> bytes:
        """ConversionError (Chinese message) when LibreOffice is missing or fails."""
        return docx_to_pdf(docx, self.cfg)

    def for_chat(self, document: Document) -> Rendered:
        """The .docx, plus PDF and page-1 preview when configured and possible.

        A missing LibreOffice or a failed conversion only costs the PDF: the
        official still gets the Word file, and the server log says why.
        """
        docx = self.docx(document)
        if not self.cfg.pdf_in_chat or not available(self.cfg):
            return Rendered(docx)
        try:
            pdf = self.pdf(docx)
        except ConversionError as exc:
            log.warning("PDF conversion failed: %s", str(exc).splitlines()[0])
            return Rendered(docx)
        try:
            preview: bytes | None = pdf_page_png(pdf, 1)
        except ConversionError as exc:
            log.warning("page preview failed: %s", str(exc).splitlines()[0])
            preview = None
        return Rendered(docx, pdf, preview, pdf_page_count(pdf))


__all__ = ["ConversionError", "Exporter", "Rendered", "export_filename", "pdf_page_count"]
