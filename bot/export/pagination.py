"""Which paragraphs a page break may not separate: what a secretary fixes by hand.

Official documents keep 22 lines on every page, so paragraphs flow freely (no
widow control by default); only headings and the end of the material are held
together with what follows them, as a secretary would do before printing.
"""

from __future__ import annotations

from bot.draft.assemble import Document, Paragraph

KEEP_NEXT = "keep_next"  # this paragraph's last line goes on the page of the next one's first
KEEP_LINES = "keep_lines"  # all lines of the paragraph on one page
NO_WIDOWS = "no_widows"  # never one line of it alone at the foot or the top of a page


def _is_heading_line(paragraph: Paragraph) -> bool:
    """A paragraph that is only a heading: 一、…, or （一）在…方面 on its own line."""
    return paragraph.style == "h1" or (paragraph.style == "body" and bool(paragraph.runs)
                                       and all(run.style in ("h2", "h3") for run in paragraph.runs))


def keeping(document: Document) -> dict[int, tuple[str, ...]]:
    """Paragraph index -> how it is kept with its neighbours across a page break.

    A heading on its own line goes with the paragraph after it, so it is never the
    last line of a page; a paragraph opening with a run-in heading never leaves that
    first line alone at a page foot; the closing (with the signature after it) stays
    together and takes the end of the paragraph before it along, so the last page is
    never the closing's last line or two alone.
    """
    paragraphs = document.paragraphs
    keep: dict[int, set[str]] = {}
    for index, paragraph in enumerate(paragraphs):
        if paragraph.style == "title":
            continue
        if _is_heading_line(paragraph):
            keep.setdefault(index, set()).update((KEEP_NEXT, KEEP_LINES))
        elif paragraph.runs and paragraph.runs[0].style in ("h2", "h3"):
            keep.setdefault(index, set()).add(NO_WIDOWS)
    end = len(paragraphs)
    while end > 0 and paragraphs[end - 1].style == "signature":
        end -= 1
    closing = end - 1
    if closing > 0 and paragraphs[closing].style == "body":
        for index in range(closing, len(paragraphs)):
            keep.setdefault(index, set()).update((KEEP_LINES, KEEP_NEXT) if index < len(paragraphs) - 1
                                                 else (KEEP_LINES,))
        if paragraphs[closing - 1].style != "title":
            keep.setdefault(closing - 1, set()).update((KEEP_NEXT, NO_WIDOWS))
    return {index: tuple(sorted(kinds)) for index, kinds in keep.items()}
