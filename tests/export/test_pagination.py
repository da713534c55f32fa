"""Page breaks as a secretary would leave them, in the PDF LibreOffice makes (issue 17).

The 2025 sample is shifted down one line at a time through a whole page (22
positions, one filler line more each time); on no page of any of them may a heading
be the last line, and the last page never holds the closing's last lines alone.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from bot.config import load_config
from bot.draft.answers_file import parse_answers
from bot.draft.assemble import Assembler, Document, Paragraph, Run
from bot.export.pagination import keeping
from bot.export.pdf import docx_to_pdfs
from bot.export.word import build_docx
from bot.profiles import ProfileCatalog
from tests.conftest import ROOT, SAMPLES

MM = 72 / 25.4
CFG = load_config(ROOT / "config.yaml", env={}).document
FILLER = "（此行用于移动分页位置）"


def page_lines(pdf: Path) -> list[list[str]]:
    """Each page's text lines, top to bottom, without the page number."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True,
                          timeout=120).stdout
    pages = []
    for page in html.split("<page ")[1:]:
        lines: dict[int, list[tuple[float, str]]] = {}
        for x, y, text in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', page):
            if float(y) < (297 - 35) * MM:  # the text block; the page number lies below it
                lines.setdefault(round(float(y) / 7), []).append((float(x), text))
        pages.append(["".join(t for _, t in sorted(words)) for _, words in sorted(lines.items())])
    return pages


def shifted(document: Document, lines: int) -> Document:
    title, *rest = document.paragraphs
    filler = tuple(Paragraph("body", (Run(FILLER),)) for _ in range(lines))
    return Document((title, *filler, *rest))


def headings(document: Document) -> list[str]:
    return [p.text for p in document.paragraphs
            if p.style == "h1" or (p.style == "body" and all(r.style in ("h2", "h3") for r in p.runs))]


@pytest.fixture(scope="module")
def sample(catalog: ProfileCatalog, assembler: Assembler) -> Document:
    content = parse_answers((SAMPLES / "answers-2025.yaml").read_bytes(), catalog.find)
    # The minority layout with the most headings: 上年度整改 as part one, problems under "1." titles.
    content = replace(content, options={"items": "dot", "rectification": "part"})
    return assembler.document(catalog.get(content.profile_id), content)


@pytest.fixture(scope="module")
def rendered(sample: Document, tmp_path_factory: pytest.TempPathFactory) -> list[list[list[str]]]:
    assert shutil.which(CFG.libreoffice) and shutil.which("pdftotext"), "run .ci/system-packages"
    pdfs = docx_to_pdfs([build_docx(shifted(sample, k), CFG) for k in range(22)], CFG)
    out = tmp_path_factory.mktemp("shifted")
    result = []
    for k, pdf in enumerate(pdfs):
        path = out / f"shift{k}.pdf"
        path.write_bytes(pdf)
        result.append(page_lines(path))
    return result


def test_the_sample_has_own_line_headings_to_strand(sample: Document) -> None:
    found = headings(sample)
    assert len(found) == 5 and all(len(h) <= 26 for h in found)  # 一、…五、, one line each
    assert sum(1 for p in sample.paragraphs if p.runs and p.runs[0].style == "h3") >= 7  # "1." item titles
    kept = keeping(sample)
    assert all("keep_next" in kept[i] for i, p in enumerate(sample.paragraphs) if p.text in found)


def test_no_heading_is_the_last_line_of_a_page_in_22_positions(sample: Document,
                                                                rendered: list[list[list[str]]]) -> None:
    targets = {re.sub(r"\s", "", h) for h in headings(sample)}
    stranded = [(k, number, page[-1]) for k, pages in enumerate(rendered)
                for number, page in enumerate(pages[:-1], start=1) if page and page[-1] in targets]
    assert stranded == []
    # and every position really broke pages somewhere different: the shift moved the text
    assert len({tuple(pages[0][-1:]) for pages in rendered}) > 10


def test_the_closing_never_stands_alone_on_the_last_page(sample: Document,
                                                          rendered: list[list[list[str]]]) -> None:
    closing = re.sub(r"\s", "", sample.paragraphs[-1].text)
    for k, pages in enumerate(rendered):
        last = "".join(pages[-1])
        assert closing.endswith(last) is False, (k, last)
        assert last.endswith(closing)  # the closing is the end, whole, on that page
