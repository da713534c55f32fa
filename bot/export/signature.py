"""The signature block most units add under the closing: the name, then the date."""

from __future__ import annotations

from datetime import date

from bot.draft.assemble import Document, Paragraph, Run


def chinese_date(day: date) -> str:
    """2026年12月1日: Arabic digits, as GB/T 9704-2012 writes the 成文日期."""
    return f"{day.year}年{day.month}月{day.day}日"


def signed(document: Document, name: str | None, day: date | None) -> Document:
    """The document with the name and the date right-aligned after the closing.

    Only what the material supplies is written: without a name the block is the
    date alone, with neither the document is returned unchanged.
    """
    lines = [text for text in (name.strip() if name else "", chinese_date(day) if day else "") if text]
    if not lines:
        return document
    return Document(document.paragraphs + tuple(Paragraph("signature", (Run(text),)) for text in lines))
