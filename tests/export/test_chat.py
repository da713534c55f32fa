"""/draft in the service: the Word file always, PDF and a picture of page 1 when LibreOffice is there."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import docx

from bot.app import build_service
from bot.config import Config
from bot.service import DraftingService
from tests.conftest import SAMPLES

USER = 515151
TODAY = f"{date.today():%Y%m%d}"


def imported(service: DraftingService) -> DraftingService:
    service.import_answers(USER, (SAMPLES / "answers-2021.yaml").read_bytes())
    return service


def test_draft_sends_the_word_file_after_the_text(config: Config) -> None:
    replies = imported(build_service(config)).draft(USER)  # pdf_in_chat is off in tests by default
    files = [r.attachment for r in replies if r.attachment is not None]
    assert [f.filename for f in files] == [f"对照检查材料-2021年度-{TODAY}.docx", f"对照检查材料-2021年度-{TODAY}.txt"]
    text = next(r.text for r in replies if r.long)
    word = docx.Document(io.BytesIO(files[0].content))
    assert [p.text for p in word.paragraphs] == text.splitlines()
    assert not any(f.as_photo for f in files)


def test_draft_with_pdf_sends_preview_first_then_word_pdf_text(config: Config) -> None:
    on = replace(config, document=replace(config.document, pdf_in_chat=True))
    replies = imported(build_service(on)).draft(USER)
    files = [(r.text, r.attachment) for r in replies if r.attachment is not None]
    names = [a.filename.rsplit(".", 1)[1] for _, a in files]
    assert names == ["png", "docx", "pdf", "txt"]
    caption, preview = files[0]
    assert preview.as_photo and preview.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert caption.startswith("第1页预览（共5页）")
    assert files[2][1].content[:5] == b"%PDF-" and "以 Word 文件为准" in files[2][0]
