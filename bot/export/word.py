"""Word output in the official-document format (GB/T 9704-2012) from an assembled Document.

Every paragraph of the Document becomes one Word paragraph with the same text,
so the .docx says exactly what the text and Markdown renderings say; only a long
title is broken into lines at phrase boundaries (bot/export/title.py). Fonts are
named the way Word on a government PC knows them (方正小标宋简体, 仿宋_GB2312 …);
the East Asian font is written on ``w:rFonts/@w:eastAsia`` in the document
defaults, in every style, run and footer, because python-docx's ``font.name``
only sets the Latin fonts and Word would otherwise substitute its own.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from docx import Document as new_word_document
from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips
from docx.styles.style import CharacterStyle, ParagraphStyle
from docx.text.paragraph import Paragraph as WordParagraph

from bot.config import DocumentConfig
from bot.draft.assemble import Document, Paragraph, Run
from bot.draft.tidy import char_count
from bot.export.ooxml import _child, _indent_chars, _no_grid_snap, _set_condense, _set_size, set_fonts
from bot.export.package import save_dated, tidy_package
from bot.export.pagination import KEEP_LINES, KEEP_NEXT, NO_WIDOWS, keeping
from bot.export.title import title_lines

A4_WIDTH_MM = 210.0
A4_HEIGHT_MM = 297.0
TWIPS_PER_MM = 1440 / 25.4

# Style ids are ASCII (some tools choke on others); the names are what a Word user sees.
STYLE_BODY = "Normal"
STYLE_TITLE = "SRTitle"
STYLE_H1 = "SRHeading1"
STYLE_H2 = "SRHeading2"
STYLE_H3 = "SRHeading3"
STYLE_SIGNATURE = "SRSignature"
STYLE_PAGE_NUMBER = "SRPageNumber"
_STYLE_NAMES = {STYLE_TITLE: "公文标题", STYLE_H1: "一级标题", STYLE_H2: "二级标题", STYLE_H3: "三级标题",
                STYLE_PAGE_NUMBER: "页码", STYLE_SIGNATURE: "署名"}
PARAGRAPH_STYLE_IDS = {"title": STYLE_TITLE, "h1": STYLE_H1, "body": STYLE_BODY, "signature": STYLE_SIGNATURE}
# Characters Unicode gives an ambiguous width: after Latin letters a reader draws them
# from the Latin font, half-width ("xxxx” in the PDF); in their own run with every
# font set to the East Asian one they are full-width in Word and LibreOffice alike.
_SHARED_PUNCTUATION = re.compile("([“”‘’…—·]+)")


@dataclass(frozen=True)
class Layout:
    """The numbers derived from the configured format (all A4)."""

    text_width_mm: float
    text_height_mm: float
    line_pitch_twips: int  # exact line spacing of every text paragraph
    char_pitch_pt: float  # chars_per_line characters of this width fill the text width
    char_space: int  # docGrid charSpace: char pitch minus body size, in 1/4096 pt
    condense_twips: int  # character spacing (≤ 0) that brings body type down to char_pitch
    footer_distance_mm: float  # page edge to the bottom of the page-number line

    @property
    def line_spacing_pt(self) -> float:
        return self.line_pitch_twips / 20


def layout(cfg: DocumentConfig) -> Layout:
    """Derive line pitch, character grid and footer distance from the configured format.

    With the defaults the text block is 156 × 225 mm; 225 mm / 22 lines = 28.99 pt,
    rounded down to whole twips (so the 22nd line still fits): 579 twips = 28.95 pt.
    28 characters in 156 mm (442.2 pt) are 15.79 pt each, slightly narrower than
    16 pt type: the body is condensed by 0.25 pt (5 twips) a character, which
    leaves 28 × 15.75 = 441 pt, and 28 characters fit on every full line.
    """
    width = A4_WIDTH_MM - cfg.margin_left_mm - cfg.margin_right_mm
    height = A4_HEIGHT_MM - cfg.margin_top_mm - cfg.margin_bottom_mm
    if width <= 0 or height <= 0:
        raise ValueError("页边距过大，版心没有空间")
    if cfg.line_spacing_pt is not None:
        pitch = round(cfg.line_spacing_pt * 20)
    else:
        pitch = math.floor(height * TWIPS_PER_MM / cfg.lines_per_page)
    char_pitch = width / 25.4 * 72 / cfg.chars_per_line
    # Word's usual tool is the character grid (docGrid linesAndChars, below), but
    # LibreOffice spreads type wider than a grid cell over two cells; condensed
    # character spacing as well gives the same 28 characters a line in both.
    condense = min(0, math.floor((char_pitch - cfg.body_size_pt) * 20))
    # Word's 指定行和字符网格 (docGrid linesAndChars): the grid pitch is the default
    # font size plus charSpace/4096 pt; rounded down so the last character still fits.
    char_space = math.floor((char_pitch - cfg.body_size_pt) * 4096)
    # GB/T 9704: the page number's em dashes lie page_number_gap_mm below the text
    # block; they sit mid-line, so the line's centre goes there.
    number_line_mm = cfg.page_number_size_pt * 25.4 / 72
    footer = cfg.margin_bottom_mm - cfg.page_number_gap_mm - number_line_mm / 2
    return Layout(width, height, pitch, char_pitch, char_space, condense, max(footer, 0.0))


def _exact_spacing(style: ParagraphStyle, pitch_twips: int) -> None:
    pf = style.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Twips(pitch_twips)
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)


def _keep(para: WordParagraph, kinds: tuple[str, ...]) -> None:
    pf = para.paragraph_format
    if KEEP_NEXT in kinds:
        pf.keep_with_next = True
    if KEEP_LINES in kinds:
        pf.keep_together = True
    if NO_WIDOWS in kinds:
        pf.widow_control = True


class WordBuilder:
    """Builds .docx files for one configured format; cheap to call per draft."""

    def __init__(self, cfg: DocumentConfig) -> None:
        self.cfg = cfg
        self.layout = layout(cfg)

    def build(self, document: Document, day: date | None = None) -> bytes:
        """The .docx bytes for an assembled draft, made on `day` (default: the server's today).

        The same document, format and day always give the same bytes: the file carries the
        day it was made, not the second (bot/export/cache.py relies on this).
        """
        day = day or date.today()
        word = new_word_document()
        self._styles(word)
        self._page(word)
        keep = keeping(document)
        for index, paragraph in enumerate(document.paragraphs):
            para = word.add_paragraph()
            style_id = PARAGRAPH_STYLE_IDS[paragraph.style]
            if style_id != STYLE_BODY:  # body paragraphs take the default style, Normal
                # by id: python-docx's lookup by style object scans every style per call
                para._p.style = style_id
            runs = paragraph.runs
            if paragraph.style == "title":
                runs = self._title_runs(paragraph)
            self._runs(para, paragraph.style, runs)
            _keep(para, keep.get(index, ()))
        self._properties(word, document.title, day)
        cfg = self.cfg
        tidy_package(word, (cfg.body_font, cfg.title_font, cfg.h1_font, cfg.h2_font, cfg.page_number_font,
                            cfg.latin_font), cfg.h1_font, cfg.body_font, char_count(document.text()),
                     len(document.paragraphs))
        return save_dated(word, day)

    # ---- styles ----------------------------------------------------------------------

    def _styles(self, word: WordDocument) -> None:
        cfg = self.cfg
        styles = word.styles
        # Document defaults: the body font, Chinese language; no theme fonts.
        defaults = styles.element.find(qn("w:docDefaults"))
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        set_fonts(rpr, cfg.latin_font, cfg.body_font)
        _set_size(rpr, cfg.body_size_pt)
        lang = _child(rpr, "w:lang")
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
        ppr_default = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
        spacing = _child(ppr_default, "w:spacing")
        for attr in list(spacing.attrib):
            del spacing.attrib[attr]
        spacing.set(qn("w:after"), "0")

        body: ParagraphStyle = styles["Normal"]
        set_fonts(body.element.get_or_add_rPr(), cfg.latin_font, cfg.body_font)
        _set_size(body.element.get_or_add_rPr(), cfg.body_size_pt)
        _exact_spacing(body, self.layout.line_pitch_twips)
        _set_condense(body.element.get_or_add_rPr(), self.layout.condense_twips)
        body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        # Official documents keep exactly lines_per_page lines on every page.
        body.paragraph_format.widow_control = False
        # Word's own default (a line-end 。 may extend past the margin), written out
        # for LibreOffice: its importer reads overflowPunct=1 as "no hanging
        # punctuation", and its hanging punctuation drops line-end marks from the
        # PDF (LibreOffice 7.4: 。，、 missing after a full line).
        _child(body.element.get_or_add_pPr(), "w:overflowPunct").set(qn("w:val"), "1")
        _indent_chars(body.element.get_or_add_pPr(), cfg.first_line_indent_chars, cfg.body_size_pt)

        title = self._paragraph_style(word, STYLE_TITLE)
        set_fonts(title.element.get_or_add_rPr(), cfg.title_font, cfg.title_font)
        _set_size(title.element.get_or_add_rPr(), cfg.title_size_pt)
        _set_condense(title.element.get_or_add_rPr(), 0)
        _exact_spacing(title, self.layout.line_pitch_twips)
        title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title.paragraph_format.keep_with_next = True
        # One empty line between the title and the text (GB/T 9704 7.3.3).
        title.paragraph_format.space_after = Twips(self.layout.line_pitch_twips)
        _indent_chars(title.element.get_or_add_pPr(), 0, cfg.title_size_pt)
        _no_grid_snap(title.element.get_or_add_pPr())
        # no extra gap between the Chinese characters and the year's digits
        for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
            _child(title.element.get_or_add_pPr(), tag).set(qn("w:val"), "0")

        h1 = self._paragraph_style(word, STYLE_H1)
        set_fonts(h1.element.get_or_add_rPr(), cfg.latin_font, cfg.h1_font)
        _set_size(h1.element.get_or_add_rPr(), cfg.body_size_pt)
        _exact_spacing(h1, self.layout.line_pitch_twips)
        h1.paragraph_format.keep_with_next = True
        h1.paragraph_format.keep_together = True
        _indent_chars(h1.element.get_or_add_pPr(), cfg.first_line_indent_chars, cfg.body_size_pt)
        # Outline level 1: Word's navigation pane lists the 一、 headings.
        _child(h1.element.get_or_add_pPr(), "w:outlineLvl").set(qn("w:val"), "0")

        h2: CharacterStyle = styles.add_style(_STYLE_NAMES[STYLE_H2], WD_STYLE_TYPE.CHARACTER)
        h2.element.styleId = STYLE_H2
        h2.base_style = styles["Default Paragraph Font"]
        set_fonts(h2.element.get_or_add_rPr(), cfg.latin_font, cfg.h2_font)
        h3: CharacterStyle = styles.add_style(_STYLE_NAMES[STYLE_H3], WD_STYLE_TYPE.CHARACTER)
        h3.element.styleId = STYLE_H3
        h3.base_style = styles["Default Paragraph Font"]
        h3.font.bold = True

        # The signature block: name, then date, right-aligned four characters in.
        sign = self._paragraph_style(word, STYLE_SIGNATURE)
        sign.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _indent_chars(sign.element.get_or_add_pPr(), 0, cfg.body_size_pt, right_chars=4)
        for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):  # "2026年12月1日" without gaps around the digits
            _child(sign.element.get_or_add_pPr(), tag).set(qn("w:val"), "0")

        number = self._paragraph_style(word, STYLE_PAGE_NUMBER)
        set_fonts(number.element.get_or_add_rPr(), cfg.page_number_font, cfg.page_number_font)
        _set_size(number.element.get_or_add_rPr(), cfg.page_number_size_pt)
        _set_condense(number.element.get_or_add_rPr(), 0)
        pf = number.paragraph_format
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(cfg.page_number_size_pt)
        _indent_chars(number.element.get_or_add_pPr(), 0, cfg.page_number_size_pt)
        _no_grid_snap(number.element.get_or_add_pPr())

    @staticmethod
    def _paragraph_style(word: WordDocument, style_id: str) -> ParagraphStyle:
        styles = word.styles
        style: ParagraphStyle = styles.add_style(_STYLE_NAMES[style_id], WD_STYLE_TYPE.PARAGRAPH)
        style.element.styleId = style_id
        style.base_style = styles["Normal"]
        style.next_paragraph_style = styles["Normal"]
        style.quick_style = True
        return style

    # ---- page ------------------------------------------------------------------------

    def _page(self, word: WordDocument) -> None:
        cfg, lay = self.cfg, self.layout
        section = word.sections[0]
        section.page_width = Mm(A4_WIDTH_MM)
        section.page_height = Mm(A4_HEIGHT_MM)
        section.top_margin = Mm(cfg.margin_top_mm)
        section.bottom_margin = Mm(cfg.margin_bottom_mm)
        section.left_margin = Mm(cfg.margin_left_mm)
        section.right_margin = Mm(cfg.margin_right_mm)
        section.header_distance = Mm(15)
        section.footer_distance = Mm(lay.footer_distance_mm)
        section.gutter = Mm(0)
        # A line grid of the same pitch as the exact line spacing: Word shows
        # lines_per_page lines in its grid settings, and nothing moves off it.
        grid = _child(section._sectPr, "w:docGrid")
        grid.set(qn("w:type"), "linesAndChars")
        grid.set(qn("w:linePitch"), str(lay.line_pitch_twips))
        # the character grid offices use: 页面设置 shows 每行28字, and text pasted
        # in without the condensed spacing still gets chars_per_line a line in Word
        grid.set(qn("w:charSpace"), str(lay.char_space))
        # Odd pages number on the right, even pages on the left.
        word.settings.odd_and_even_pages_header_footer = True
        self._page_number(word, section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
        self._page_number(word, section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)

    def _page_number(self, word: WordDocument, para: WordParagraph, align: WD_ALIGN_PARAGRAPH) -> None:
        """"— N —" with a PAGE field, one character in from the outer edge."""
        cfg = self.cfg
        para.style = word.styles[_STYLE_NAMES[STYLE_PAGE_NUMBER]]
        para.alignment = align
        right = align == WD_ALIGN_PARAGRAPH.RIGHT
        _indent_chars(para._p.get_or_add_pPr(), 0, cfg.page_number_size_pt,
                      left_chars=0 if right else 1, right_chars=1 if right else 0)

        def run(text: str | None = None, field: str | None = None, instr: str | None = None) -> None:
            r = para.add_run(text)
            rpr = r._r.get_or_add_rPr()
            set_fonts(rpr, cfg.page_number_font, cfg.page_number_font)
            _set_size(rpr, cfg.page_number_size_pt)
            if field is not None:
                fld = OxmlElement("w:fldChar")
                fld.set(qn("w:fldCharType"), field)
                r._r.append(fld)
            if instr is not None:
                it = OxmlElement("w:instrText")
                it.set(qn("xml:space"), "preserve")
                it.text = instr
                r._r.append(it)

        run("— ")
        run(field="begin")
        run(instr=" PAGE ")
        run(field="separate")
        run("1")  # shown until the field is updated; every reader updates PAGE
        run(field="end")
        run(" —")

    # ---- text ------------------------------------------------------------------------

    def _runs(self, para: WordParagraph, style: str, runs: tuple[Run, ...]) -> None:
        cfg = self.cfg
        font, size = {
            "title": (cfg.title_font, cfg.title_size_pt),
            "h1": (cfg.h1_font, cfg.body_size_pt),
        }.get(style, (cfg.body_font, cfg.body_size_pt))
        # The title's digits ("2021年度") in the title face, not in regular Times New Roman.
        latin_font = cfg.title_font if style == "title" else cfg.latin_font
        for item in runs:
            run_style = item.style
            east = cfg.h2_font if run_style == "h2" else font
            for piece in _SHARED_PUNCTUATION.split(item.text):
                if not piece:
                    continue
                r = para.add_run(piece)
                rpr = r._r.get_or_add_rPr()
                if run_style in ("h2", "h3"):
                    _child(rpr, "w:rStyle").set(qn("w:val"), STYLE_H2 if run_style == "h2" else STYLE_H3)
                shared = _SHARED_PUNCTUATION.fullmatch(piece) is not None
                set_fonts(rpr, east if shared else latin_font, east)
                if run_style == "h3":  # 1. item titles: bold, as the Markdown shows them
                    _child(rpr, "w:b")
                    _child(rpr, "w:bCs")
                _set_size(rpr, size)

    def _title_runs(self, paragraph: Paragraph) -> tuple[Run, ...]:
        """The title broken at phrase boundaries into a trapezoid or diamond (bot/export/title.py);
        a line break inside the one paragraph keeps it centred with one space after it."""
        width_ems = self.layout.text_width_mm / 25.4 * 72 / self.cfg.title_size_pt
        lines = title_lines(paragraph.text, width_ems)
        if len(lines) == 1:
            return paragraph.runs
        return (Run("\n".join(lines)),)  # python-docx writes "\n" as <w:br/>

    def _properties(self, word: WordDocument, title: str, day: date) -> None:
        props = word.core_properties
        props.title = title[:255]  # the core property holds at most 255 characters
        props.subject = "对照检查材料"
        props.author = ""
        props.last_modified_by = ""
        props.comments = ""
        props.keywords = ""
        props.language = "zh-CN"
        # The day, not the hour: the file does not tell when the official worked on it,
        # and one material gives one file all day (the same as the day in its name).
        made = datetime.combine(day, time(), UTC)
        props.created = made
        props.modified = made
        props.revision = 1


def build_docx(document: Document, cfg: DocumentConfig | None = None, day: date | None = None) -> bytes:
    """The .docx bytes for an assembled draft, in the configured (default: GB/T 9704) format."""
    return WordBuilder(cfg or DocumentConfig()).build(document, day)
