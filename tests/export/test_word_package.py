"""What a 办公室 secretary would still fix by hand in the .docx, checked in its XML (issue 17).

Each test opens the file's parts (document, styles, fontTable, settings, theme, app.xml,
[Content_Types].xml) as a zip, as Word reads them.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace
from datetime import date

import pytest
from lxml import etree

from bot.config import DocumentConfig
from bot.draft.answers_file import parse_answers
from bot.draft.assemble import Assembler, Document, Paragraph, Run
from bot.draft.content import DraftContent
from bot.export.pagination import keeping
from bot.export.signature import chinese_date, signed
from bot.export.word import build_docx, layout
from bot.profiles import ProfileCatalog
from tests.conftest import SAMPLES

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def xml(data: bytes, name: str) -> etree._Element:
    return etree.fromstring(parts(data)[name])


def body_paragraphs(data: bytes) -> list[etree._Element]:
    return xml(data, "word/document.xml").findall(".//w:body/w:p", NS)


def text_of(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(W + "t"))


def has(p: etree._Element, tag: str) -> bool:
    el = p.find(f"w:pPr/w:{tag}", NS)
    return el is not None and el.get(W + "val") not in ("0", "false")


def document_for(catalog: ProfileCatalog, assembler: Assembler, sample: str) -> Document:
    content = parse_answers((SAMPLES / sample).read_bytes(), catalog.find)
    return assembler.document(catalog.get(content.profile_id), content)


@pytest.fixture(scope="module")
def doc2025(catalog: ProfileCatalog, assembler: Assembler) -> Document:
    """The 2025 sample in its "1." item-title option, so every heading kind is in it."""
    content = parse_answers((SAMPLES / "answers-2025.yaml").read_bytes(), catalog.find)
    content = replace(content, options={"items": "dot"})
    return assembler.document(catalog.get(content.profile_id), content)


@pytest.fixture(scope="module")
def docx2025(doc2025: Document) -> bytes:
    return build_docx(doc2025)


def test_an_empty_2025_draft_keeps_every_own_line_aspect_heading_with_its_text(
        catalog: ProfileCatalog, assembler: Assembler) -> None:
    """The empty 2025 draft put "（二）在带头固本培元、增强党性方面" as page 1's last line.

    The 2025 layout now runs each aspect's heading on in its paragraph (issue 15, real practice):
    such a paragraph never leaves its first line, the heading, alone at a page foot."""
    document = assembler.document(catalog.get("2025-zuofeng"), DraftContent("2025-zuofeng"))
    paragraphs = body_paragraphs(build_docx(document))
    headings = [p for p in paragraphs if re.match("（[一二三四五]）在带头.*方面。", text_of(p))]
    assert len(headings) == 5
    for p in headings:
        assert has(p, "widowControl"), text_of(p)
    for p in paragraphs:
        if re.match("[一二三四五]、", text_of(p)):  # the parts' own-line headings
            assert has(p, "keepNext") and has(p, "keepLines"), text_of(p)


def test_every_heading_kind_is_kept_with_the_next_paragraph(docx2025: bytes, doc2025: Document) -> None:
    styles = xml(docx2025, "word/styles.xml")
    h1 = styles.find("w:style[@w:styleId='SRHeading1']", NS)
    assert h1.find("w:pPr/w:keepNext", NS) is not None and h1.find("w:pPr/w:keepLines", NS) is not None
    paragraphs = body_paragraphs(docx2025)
    assert len(paragraphs) == len(doc2025.paragraphs)
    for source, p in zip(doc2025.paragraphs, paragraphs, strict=True):
        runs = source.runs
        if source.style == "body" and all(r.style in ("h2", "h3") for r in runs):
            assert has(p, "keepNext"), source.text  # own-line （一） heading
        elif source.style == "body" and runs[0].style in ("h2", "h3"):
            # "1.问题标题。" opening its paragraph: its first line never alone at a page foot
            assert has(p, "widowControl"), source.text


def test_the_closing_is_kept_together_with_the_end_of_the_paragraph_before(docx2025: bytes) -> None:
    paragraphs = body_paragraphs(docx2025)
    closing, before = paragraphs[-1], paragraphs[-2]
    assert text_of(closing).startswith("以上")
    assert has(closing, "keepLines")
    assert has(before, "keepNext") and has(before, "widowControl")
    # the body as a whole still flows freely: 22 lines on every full page (the preamble, a plain
    # paragraph, has no widow control; only headings and what they open are held together)
    assert text_of(paragraphs[1]).startswith("按照") and not has(paragraphs[1], "widowControl")


def test_the_signature_block_follows_the_closing_and_keeps_with_it() -> None:
    document = signed(Document((Paragraph("title", (Run("标题"),)), Paragraph("body", (Run("正文。"),)),
                                Paragraph("body", (Run("以上发言，请批评指正。"),)))), "周明", date(2026, 12, 1))
    assert chinese_date(date(2026, 12, 1)) == "2026年12月1日"
    assert [p.text for p in document.paragraphs[-2:]] == ["周明", "2026年12月1日"]
    assert keeping(document)[2] == ("keep_lines", "keep_next")
    paragraphs = body_paragraphs(build_docx(document))
    name, day = paragraphs[-2:]
    assert text_of(name) == "周明" and text_of(day) == "2026年12月1日"
    assert name.find("w:pPr/w:pStyle", NS).get(W + "val") == "SRSignature"
    assert has(name, "keepNext") and has(paragraphs[-3], "keepNext")
    style = xml(build_docx(document), "word/styles.xml").find("w:style[@w:styleId='SRSignature']", NS)
    assert style.find("w:pPr/w:jc", NS).get(W + "val") == "right"
    assert style.find("w:pPr/w:ind", NS).get(W + "rightChars") == "400"
    # nothing to sign with: the document is unchanged
    assert signed(document, None, None) is document


def test_the_font_table_names_every_font_with_its_alternative_and_gb2312(docx2025: bytes) -> None:
    """Without an entry Word falls back to 宋体 where 仿宋_GB2312 is missing."""
    fonts = {f.get(W + "name"): f for f in xml(docx2025, "word/fontTable.xml").findall("w:font", NS)}
    expected = {"仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体", "方正小标宋简体": "宋体", "黑体": "SimHei",
                "宋体": "SimSun"}
    for name, alt in expected.items():
        assert fonts[name].find("w:altName", NS).get(W + "val") == alt
        assert fonts[name].find("w:charset", NS).get(W + "val") == "86"  # GB2312_CHARSET
    assert "Times New Roman" in fonts
    assert not {"ＭＳ 明朝", "ＭＳ ゴシック", "Cambria", "Calibri"} & set(fonts)


def test_theme_language_is_chinese_and_the_theme_fonts_are_chinese(docx2025: bytes) -> None:
    lang = xml(docx2025, "word/settings.xml").find("w:themeFontLang", NS)
    assert lang.get(W + "eastAsia") == "zh-CN"
    theme = parts(docx2025)["word/theme/theme1.xml"].decode()
    assert '<a:ea typeface="黑体"/>' in theme and '<a:ea typeface="仿宋_GB2312"/>' in theme


def test_item_titles_are_bold_as_in_the_markdown(docx2025: bytes, doc2025: Document) -> None:
    assert "**1.贯彻落实的精准度不够。**" in doc2025.markdown()
    runs = [r for r in xml(docx2025, "word/document.xml").iter(W + "r")
            if (s := r.find("w:rPr/w:rStyle", NS)) is not None and s.get(W + "val") == "SRHeading3"]
    assert runs and "".join(text_of(r) for r in runs[:1]) == "1.贯彻落实的精准度不够。"
    assert all(r.find("w:rPr/w:b", NS) is not None for r in runs)
    style = xml(docx2025, "word/styles.xml").find("w:style[@w:styleId='SRHeading3']", NS)
    assert style.find("w:rPr/w:b", NS) is not None


def test_the_grid_is_words_character_grid_of_28_characters(docx2025: bytes) -> None:
    grid = xml(docx2025, "word/document.xml").find(".//w:sectPr/w:docGrid", NS)
    assert grid.get(W + "type") == "linesAndChars" and grid.get(W + "linePitch") == "579"
    char_space = int(grid.get(W + "charSpace"))
    # Word's cell: default size (16 pt) + charSpace / 4096 pt; 28 of them fit 156 mm, 29 do not
    cell = 16 + char_space / 4096
    width = 156 / 25.4 * 72
    assert int(width // cell) == 28 and char_space == layout(DocumentConfig()).char_space == -848


def test_package_metadata_has_no_template_leftovers(docx2025: bytes, doc2025: Document) -> None:
    files = parts(docx2025)
    assert "docProps/thumbnail.jpeg" not in files
    assert not any(name.startswith("customXml/") or "stylesWithEffects" in name for name in files)
    assert b"thumbnail" not in files["_rels/.rels"] and b"jpeg" not in files["[Content_Types].xml"]
    app = files["docProps/app.xml"].decode()
    assert "Macintosh" not in app and "<Pages>" not in app and "<Words>0" not in app
    assert "<Application>selfreview</Application>" in app
    core = files["docProps/core.xml"].decode()
    assert "python-docx" not in core and "2013-12-23" not in core
    styles = xml(docx2025, "word/styles.xml").findall("w:style", NS)
    ids = {s.get(W + "styleId") for s in styles}
    assert ids == {"Normal", "DefaultParagraphFont", "TableNormal", "NoList", "SRTitle", "SRHeading1",
                   "SRHeading2", "SRHeading3", "SRPageNumber"}


def test_title_digits_are_in_the_title_face_without_autospace(docx2025: bytes) -> None:
    title = body_paragraphs(docx2025)[0]
    assert "2025" in text_of(title)
    for r in title.iter(W + "r"):
        fonts = r.find("w:rPr/w:rFonts", NS)
        assert fonts.get(W + "ascii") == fonts.get(W + "eastAsia") == "方正小标宋简体"
    style = xml(docx2025, "word/styles.xml").find("w:style[@w:styleId='SRTitle']", NS)
    for tag in ("autoSpaceDE", "autoSpaceDN"):
        assert style.find(f"w:pPr/w:{tag}", NS).get(W + "val") == "0"


def test_quotes_after_latin_letters_are_drawn_full_width() -> None:
    """“xxxx” came out with a half-width closing quote in the PDF: the quote took the Latin font."""
    document = Document((Paragraph("title", (Run("标题"),)),
                         Paragraph("body", (Run("提出“APP”和“xxxx”的要求……后来——改了。"),))))
    runs = list(body_paragraphs(build_docx(document))[1].iter(W + "r"))
    for r in runs:
        fonts = r.find("w:rPr/w:rFonts", NS)
        if re.fullmatch("[“”‘’…—·]+", text_of(r)):
            assert fonts.get(W + "ascii") == fonts.get(W + "hAnsi") == fonts.get(W + "eastAsia") == "仿宋_GB2312"
        else:
            assert fonts.get(W + "ascii") == "Times New Roman"
    assert "".join(text_of(r) for r in runs) == "提出“APP”和“xxxx”的要求……后来——改了。"
    assert sum(1 for r in runs if text_of(r) == "”") == 2


def test_the_signature_block_is_configured_per_unit(tmp_path: object) -> None:
    from dataclasses import replace as with_

    from bot.export import Exporter

    document = Document((Paragraph("title", (Run("标题"),)), Paragraph("body", (Run("以上。"),))))
    assert Exporter(DocumentConfig()).sign(document, "周明", date(2026, 12, 1)) is document  # off by default
    on = Exporter(with_(DocumentConfig(), signature=True)).sign(document, "周明", date(2026, 12, 1))
    assert [p.text for p in on.paragraphs[-2:]] == ["周明", "2026年12月1日"]


def test_a_very_long_first_paragraph_does_not_break_the_file_properties() -> None:
    """docProps/core.xml holds at most 255 characters of title; python-docx raised beyond that."""
    long_title = "标题" * 200
    word = docx_document(build_docx(Document((Paragraph("title", (Run(long_title),)),))))
    assert word.core_properties.title == long_title[:255]


def docx_document(data: bytes):  # type: ignore[no-untyped-def]
    import docx

    return docx.Document(io.BytesIO(data))
