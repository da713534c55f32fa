"""The .docx: GB/T 9704 page, fonts (East Asian included), sizes, indents, spacing, page numbers, text."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace

import docx
import pytest
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.styles.style import BaseStyle
from docx.text.paragraph import Paragraph as WordParagraph

from bot.config import DocumentConfig
from bot.draft.answers_file import parse_answers
from bot.draft.assemble import Assembler, Document, Paragraph, Run
from bot.export.word import STYLE_H2, build_docx, layout
from bot.profiles import Profile, ProfileCatalog
from bot.usecases import DraftingService
from tests.conftest import SAMPLES
from tests.service.test_service import USER, complete_interview

GB = DocumentConfig()


@pytest.fixture(scope="module")
def sample_document(catalog: ProfileCatalog, assembler: Assembler) -> Document:
    content = parse_answers((SAMPLES / "answers-2021.yaml").read_bytes(), catalog.find)
    return assembler.document(catalog.get(content.profile_id), content)


def open_docx(data: bytes) -> WordDocument:
    return docx.Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def word(sample_document: Document) -> WordDocument:
    return open_docx(build_docx(sample_document, GB))


def texts(word: WordDocument) -> list[str]:
    """Each Word paragraph's text; the title's line breaks (<w:br/>, read as "\\n") taken out."""
    return [p.text.replace("\n", "") for p in word.paragraphs]


def chain(style: BaseStyle | None) -> Iterator[BaseStyle]:
    while style is not None:
        yield style
        style = style.base_style


def paragraph_value(paragraph: WordParagraph, name: str) -> object:
    """A paragraph format value as Word resolves it: direct formatting, then the style chain."""
    value = getattr(paragraph.paragraph_format, name)
    if value is not None:
        return value
    for style in chain(paragraph.style):
        value = getattr(style.paragraph_format, name)
        if value is not None:
            return value
    return None


def east_asia(element: object) -> str | None:
    rpr = element.find(qn("w:rPr")) if element.tag != qn("w:rPr") else element  # type: ignore[attr-defined]
    fonts = None if rpr is None else rpr.find(qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def latin(element: object) -> str | None:
    rpr = element.find(qn("w:rPr"))  # type: ignore[attr-defined]
    fonts = None if rpr is None else rpr.find(qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:ascii"))


def test_layout_numbers_for_the_standard_page() -> None:
    lay = layout(GB)
    assert (lay.text_width_mm, lay.text_height_mm) == (156.0, 225.0)
    # 225 mm / 22 lines = 28.99 pt, rounded down to whole twips so the 22nd line fits
    assert lay.line_pitch_twips == 579 and lay.line_spacing_pt == 28.95
    assert lay.line_pitch_twips * 22 <= 225 / 25.4 * 1440 < (lay.line_pitch_twips + 1) * 22 + 22
    # 28 characters of 16 pt condensed by 0.25 pt fit 156 mm (442.2 pt); 0.2 pt would not
    assert lay.condense_twips == -5
    assert 28 * (16 + lay.condense_twips / 20) <= 156 / 25.4 * 72 < 28 * (16 - 0.2)
    # the page number line is centred 7 mm below the text block (35 mm bottom margin)
    number_line_mm = 14 * 25.4 / 72
    assert lay.footer_distance_mm + number_line_mm / 2 == pytest.approx(35 - 7)


def test_page_is_a4_with_the_standard_margins(word: WordDocument) -> None:
    assert len(word.sections) == 1
    section = word.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm, 1) for m in margins if m is not None] == [37.0, 35.0, 28.0, 26.0]
    assert section.footer_distance is not None and round(section.footer_distance.mm, 1) == 25.5
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines" and grid.get(qn("w:linePitch")) == "579"


def test_text_equals_the_text_rendering_paragraph_for_paragraph(word: WordDocument,
                                                                 sample_document: Document) -> None:
    assert texts(word) == sample_document.text().splitlines()
    assert "\n".join(texts(word)) + "\n" == sample_document.text()


def test_text_equals_for_a_whole_scripted_interview(service: DraftingService, assembler: Assembler,
                                                    profile: Profile) -> None:
    complete_interview(service, USER)
    with service.db.transaction() as session:
        ctx = service.scope(session, USER)
        assert ctx.interview is not None
        document = assembler.document(profile, ctx.interview.content(ctx.answers))
    word = open_docx(build_docx(document))
    assert texts(word) == document.text().splitlines()
    assert len(word.paragraphs) == 18  # title, preamble, 3 headings, 5 themes, declarations, 3+3 items, closing


EXPECTED = {
    # style id: (East Asian font, size pt, first-line indent pt, alignment)
    "SRTitle": ("方正小标宋简体", 22, 0, WD_ALIGN_PARAGRAPH.CENTER),
    "SRHeading1": ("黑体", 16, 32, None),
    "Normal": ("仿宋_GB2312", 16, 32, WD_ALIGN_PARAGRAPH.JUSTIFY),
}


def test_every_kind_of_paragraph_and_run_is_formatted(word: WordDocument, sample_document: Document) -> None:
    kinds = {"title": "SRTitle", "h1": "SRHeading1", "body": "Normal"}
    seen_runs = set()
    for source, paragraph in zip(sample_document.paragraphs, word.paragraphs, strict=True):
        style_id = kinds[source.style]
        assert paragraph.style is not None and paragraph.style.style_id == style_id
        font, size, indent, alignment = EXPECTED[style_id]
        # paragraph: exact line spacing on the 22-line grid, first-line indent, alignment
        assert paragraph_value(paragraph, "line_spacing_rule") == WD_LINE_SPACING.EXACTLY
        assert paragraph_value(paragraph, "line_spacing").pt == 28.95  # type: ignore[union-attr]
        assert paragraph_value(paragraph, "first_line_indent").pt == indent  # type: ignore[union-attr]
        if alignment is not None:
            assert paragraph_value(paragraph, "alignment") == alignment
        # the style carries the fonts too, so text typed later in Word gets them
        assert east_asia(paragraph.style.element) == font
        assert latin(paragraph.style.element) == "Times New Roman"
        assert paragraph.style.font.size.pt == size  # type: ignore[union-attr]
        # runs: East Asian and Latin fonts and size set on every run
        assert len(paragraph.runs) == len(source.runs)
        for run, source_run in zip(paragraph.runs, source.runs, strict=True):
            assert run.text.replace("\n", "") == source_run.text  # the title's line break
            expected_font = "楷体_GB2312" if source_run.style == "h2" else font
            assert east_asia(run._r) == expected_font
            assert latin(run._r) == "Times New Roman"
            assert run.font.size is not None and run.font.size.pt == size
            if source_run.style == "h2":
                assert run.style is not None and run.style.style_id == STYLE_H2
                assert east_asia(run.style.element) == "楷体_GB2312"
            seen_runs.add((source.style, source_run.style))
    assert seen_runs == {("title", "plain"), ("h1", "plain"), ("body", "plain"), ("body", "h2")}


def test_title_is_followed_by_one_empty_line_and_body_has_no_gaps(word: WordDocument) -> None:
    title, body = word.paragraphs[0], word.paragraphs[1]
    assert paragraph_value(title, "space_after").pt == 28.95  # type: ignore[union-attr]
    assert paragraph_value(body, "space_after").pt == 0  # type: ignore[union-attr]
    assert paragraph_value(body, "space_before").pt == 0  # type: ignore[union-attr]
    # exactly 22 lines on every page: no widow/orphan control moving lines over
    assert paragraph_value(body, "widow_control") is False


def test_document_defaults_name_the_fonts_without_theme_fonts(word: WordDocument) -> None:
    rpr = word.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312" and fonts.get(qn("w:ascii")) == "Times New Roman"
    assert not any("Theme" in name or "theme" in name for name in fonts.attrib)
    assert rpr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"


def footer_fields(paragraph: WordParagraph) -> list[str]:
    p = paragraph._p
    return [el.get(qn("w:fldCharType")) or (el.text or "").strip()
            for el in p.iter(qn("w:fldChar"), qn("w:instrText"))]


@pytest.mark.parametrize(("which", "alignment", "indent_side"), [
    ("footer", WD_ALIGN_PARAGRAPH.RIGHT, "right"),  # odd pages
    ("even_page_footer", WD_ALIGN_PARAGRAPH.LEFT, "left"),
])
def test_page_numbers_odd_right_even_left_one_character_in(word: WordDocument, which: str,
                                                           alignment: WD_ALIGN_PARAGRAPH, indent_side: str) -> None:
    assert word.settings.odd_and_even_pages_header_footer is True
    footer = getattr(word.sections[0], which)
    assert not footer.is_linked_to_previous
    (paragraph,) = footer.paragraphs
    # "— N —" with a PAGE field; the shown result is replaced by the page number
    assert paragraph.text == "— 1 —"
    assert footer_fields(paragraph) == ["begin", "PAGE", "separate", "end"]
    assert paragraph.alignment == alignment
    ind = paragraph._p.pPr.find(qn("w:ind"))
    assert ind.get(qn(f"w:{indent_side}")) == "280" and ind.get(qn(f"w:{indent_side}Chars")) == "100"
    assert paragraph.style is not None and paragraph.style.name == "页码"
    assert east_asia(paragraph.style.element) == "宋体" and paragraph.style.font.size.pt == 14
    for run in paragraph.runs:
        assert east_asia(run._r) == "宋体" and latin(run._r) == "宋体"
        assert run.font.size is not None and run.font.size.pt == 14


def test_fonts_and_sizes_come_from_the_config(sample_document: Document) -> None:
    cfg = replace(GB, body_font="仿宋", h2_font="楷体", latin_font="Arial", body_size_pt=15.0,
                  lines_per_page=20)
    word = open_docx(build_docx(sample_document, cfg))
    body = word.paragraphs[1]
    assert east_asia(body.runs[0]._r) == "仿宋" and latin(body.runs[0]._r) == "Arial"
    assert body.runs[0].font.size.pt == 15  # type: ignore[union-attr]
    h2_run = next(r for p in word.paragraphs for r in p.runs if r.style is not None and r.style.style_id == STYLE_H2)
    assert east_asia(h2_run._r) == "楷体"
    assert paragraph_value(body, "line_spacing").pt == layout(cfg).line_spacing_pt == 31.85  # type: ignore[union-attr]
    assert paragraph_value(body, "first_line_indent").pt == 30  # type: ignore[union-attr]


def test_special_characters_stay_text(tmp_path: object) -> None:
    tricky = Document((
        Paragraph("title", (Run("A&B <标题> “引号”"),)),
        Paragraph("body", (Run("（一）测试。", "h2"), Run("数字 3.5%、英文 ABC、省略号……破折号——结束。"))),
    ))
    word = open_docx(build_docx(tricky))
    assert [p.text for p in word.paragraphs] == tricky.text().splitlines()
    assert word.core_properties.title == "A&B <标题> “引号”"
    assert word.core_properties.author == ""  # not "python-docx"


def test_properties_are_in_schema_order_everywhere(word: WordDocument) -> None:
    """Word calls a file damaged when w:pPr/w:rPr children are out of order."""
    from bot.export.word import _ORDER

    parts = [word.element, word.styles.element,
             word.sections[0].footer._element, word.sections[0].even_page_footer._element]
    checked = 0
    for part in parts:
        for tag, order in _ORDER.items():
            for props in part.iter(tag):
                ranks = [order.index(child.tag) for child in props]
                assert ranks == sorted(ranks), [child.tag.split("}")[1] for child in props]
                checked += 1
    assert checked > 50


def test_a_long_title_breaks_between_phrases_not_inside_a_word(word: WordDocument) -> None:
    """GB/T 9704 7.3.3: words kept whole, lines symmetric; Word alone would cut "民主|生活会"."""
    title = word.paragraphs[0]
    assert title.text == "李明同志在2021年度党史学习教育专题\n民主生活会上的对照检查材料"
    assert len(title._p.findall(".//" + qn("w:br"))) == 1  # a line break, not a second paragraph
    assert paragraph_value(title, "alignment") == WD_ALIGN_PARAGRAPH.CENTER


def test_a_title_that_fits_one_line_stays_one_line() -> None:
    short = Document((Paragraph("title", (Run("李明同志对照检查材料"),)), Paragraph("body", (Run("正文。"),))))
    title = open_docx(build_docx(short)).paragraphs[0]
    assert title.text == "李明同志对照检查材料"
    assert title._p.findall(".//" + qn("w:br")) == []
