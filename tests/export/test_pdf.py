"""PDF through LibreOffice and the page-1 picture: real conversions (CI installs LibreOffice and fonts).

These tests never skip: `.ci/system-packages` installs LibreOffice, poppler-utils
and the free CJK fonts, so a missing program is a broken machine, not a reason
to pass silently.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import load_config
from bot.draft.answers_file import parse_answers
from bot.draft.assemble import Assembler, Document
from bot.export import ConversionError, Exporter, pdf_page_count
from bot.export.pdf import docx_to_pdf, pdf_page_png
from bot.profiles import ProfileCatalog
from tests.conftest import ROOT, SAMPLES

MM = 72 / 25.4  # PDF points per millimetre
CFG = load_config(ROOT / "config.yaml", env={}).document


def poppler(tool: str, *args: str) -> str:
    program = shutil.which(tool)
    assert program, f"{tool} missing: run .ci/system-packages (poppler-utils)"
    return subprocess.run([program, *args], capture_output=True, text=True, check=True, timeout=60).stdout


@pytest.fixture(scope="module")
def sample_document(catalog: ProfileCatalog, assembler: Assembler) -> Document:
    content = parse_answers((SAMPLES / "answers-2021.yaml").read_bytes(), catalog.find)
    return assembler.document(catalog.get(content.profile_id), content)


@pytest.fixture(scope="module")
def pdf_file(sample_document: Document, tmp_path_factory: pytest.TempPathFactory) -> Path:
    assert shutil.which(CFG.libreoffice), "LibreOffice missing: run .ci/system-packages"
    exporter = Exporter(CFG)
    path = tmp_path_factory.mktemp("pdf") / "draft.pdf"
    path.write_bytes(exporter.pdf(exporter.docx(sample_document)))
    return path


def words(pdf: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    """(xMin, yMin, xMax, yMax, text) of every word on one page, in points from the top left."""
    html = poppler("pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-")
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in re.findall(pattern, html)]


def test_pages_title_and_page_numbers(pdf_file: Path, sample_document: Document) -> None:
    info = poppler("pdfinfo", str(pdf_file))
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]
    assert "595.3" in info and "841.89" in info  # A4 in points
    # about 2,100 characters at up to 616 a page, with headings and a two-line title
    assert pages == pdf_page_count(pdf_file.read_bytes()) == 5
    page1 = poppler("pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf_file), "-")
    flat = re.sub(r"\s+", "", page1)
    assert flat.startswith(re.sub(r"\s+", "", sample_document.title))
    assert "—1—" in flat
    last = re.sub(r"\s+", "", poppler("pdftotext", "-f", str(pages), "-l", str(pages), str(pdf_file), "-"))
    assert last.endswith(f"认真整改。—{pages}—")  # the closing paragraph, and its page number


def test_the_pdf_says_every_character_of_the_text(pdf_file: Path, sample_document: Document) -> None:
    # LibreOffice's hanging punctuation once dropped line-end 。，、 (see word.py, overflowPunct)
    text = re.sub(r"—\d+—", "", re.sub(r"\s+", "", poppler("pdftotext", str(pdf_file), "-")))
    assert text == re.sub(r"\s+", "", sample_document.text())


def test_page_numbers_sit_7mm_below_the_text_block_odd_right_even_left(pdf_file: Path) -> None:
    block_bottom = (297 - 35) * MM
    for page, side in ((1, "right"), (2, "left")):
        number = [w for w in words(pdf_file, page) if w[1] > block_bottom]
        assert [w[4] for w in number] == ["—", str(page), "—"]
        centre = (number[0][1] + number[0][3]) / 2  # the dash lies mid-line
        assert centre - block_bottom == pytest.approx(7 * MM, abs=1.5)
        if side == "right":  # one 14 pt character in from the right edge of the text block
            assert (210 - 26) * MM - number[-1][2] == pytest.approx(14, abs=2)
        else:
            assert number[0][0] - 28 * MM == pytest.approx(14, abs=2)


def test_a_full_page_holds_22_lines_of_28_characters(pdf_file: Path) -> None:
    text = [w for w in words(pdf_file, 2) if w[1] < (297 - 35) * MM]
    first = min(w[1] for w in text)
    assert first == pytest.approx(37 * MM, abs=8)  # the first line starts at the top margin
    lines: dict[int, list[tuple[float, str]]] = {}
    for x_min, y_min, _, _, word in text:
        # every word sits on the 28.95 pt grid (a few points of play: fonts differ in ascent)
        index = round((y_min - first) / 28.95)
        assert abs(y_min - first - index * 28.95) < 3
        lines.setdefault(index, []).append((x_min, word))
    assert sorted(lines) == list(range(22))
    texts = ["".join(word for _, word in sorted(ws)) for _, ws in sorted(lines.items())]
    chinese = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’]+")
    # lines of Chinese only (digits and Latin are narrower) hold 28 characters, 26 after an indent
    full = [t for t in texts if chinese.fullmatch(t)]
    assert max(len(t) for t in full) == 28
    assert sum(len(t) == 28 for t in full) >= 10
    assert all(len(t) == 26 for t in full if t.startswith("（"))


def test_free_fonts_stand_in_for_the_official_ones(pdf_file: Path) -> None:
    fonts = poppler("pdffonts", str(pdf_file))
    # 仿宋_GB2312 -> FandolFang, 黑体 -> Noto Sans CJK, 小标宋/宋体 -> Noto Serif CJK,
    # Times New Roman -> Liberation Serif (fonts/fontconfig/selfreview-fonts.conf)
    for name in ("FandolFang", "NotoSansCJK", "NotoSerifCJK", "LiberationSerif"):
        assert name in fonts, fonts
    assert "NotoSerifCJKjp-Bold" in fonts or "NotoSerifCJKsc-Bold" in fonts  # the title, heavy


def test_preview_png_of_page_one(pdf_file: Path) -> None:
    png = pdf_page_png(pdf_file.read_bytes(), 1)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert width == pytest.approx(210 / 25.4 * 110, abs=2)  # A4 at 110 dpi
    assert height == pytest.approx(297 / 25.4 * 110, abs=2)


def test_without_libreoffice_a_chinese_message_and_the_word_file(sample_document: Document) -> None:
    missing = replace(CFG, libreoffice="no-such-soffice-here")
    with pytest.raises(ConversionError, match="服务器未安装 LibreOffice"):
        docx_to_pdf(b"PK", missing)
    rendered = Exporter(missing).for_chat(sample_document)
    assert rendered.docx[:2] == b"PK" and rendered.pdf is None and rendered.preview_png is None
    assert Exporter(replace(CFG, pdf_in_chat=False)).for_chat(sample_document).pdf is None


def test_a_conversion_that_hangs_is_stopped_with_a_message(sample_document: Document) -> None:
    with pytest.raises(ConversionError, match="秒内未完成转换"):
        docx_to_pdf(Exporter(CFG).docx(sample_document), replace(CFG, conversion_timeout_s=0.05))
    # nothing is left behind that breaks the next conversion
    assert docx_to_pdf(Exporter(CFG).docx(sample_document), CFG)[:5] == b"%PDF-"


def render(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """selfreview render SAMPLE ARGS, in this process (LibreOffice's profile is reused)."""
    code = main([*args[:2], "render", str(SAMPLES / "answers-2021.yaml"), *args[2:]])
    return code, capsys.readouterr().err


def test_cli_renders_docx_and_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, err = render(capsys, "--config", str(ROOT / "config.yaml"), "--format", "docx", "-o", "材料.docx")
    assert code == 0 and "已生成 材料.docx" in err
    assert (tmp_path / "材料.docx").read_bytes()[:2] == b"PK"
    code, err = render(capsys, "--config", str(ROOT / "config.yaml"), "--format", "pdf")
    assert code == 0, err
    (made,) = tmp_path.glob("对照检查材料-2021年度-*.pdf")
    assert made.read_bytes()[:5] == b"%PDF-"


def test_cli_without_libreoffice_says_so_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(
        f"profiles: {{dir: {ROOT / 'prompts'}}}\ntemplates: {{dir: {ROOT / 'templates'}}}\n"
        "document: {libreoffice: /nonexistent/soffice}\n", encoding="utf-8")
    code, err = render(capsys, "--config", str(config), "--format", "pdf", "-o", str(tmp_path / "out.pdf"))
    assert code == 1
    assert err.startswith("服务器未安装 LibreOffice（找不到 /nonexistent/soffice），无法生成 PDF。")
    assert "apt-get install" in err and "Traceback" not in err
    assert not (tmp_path / "out.pdf").exists()
