"""/draft in the service: the Word file beside the text (PDF and preview: tests/telegram/test_draft_files.py)."""

from __future__ import annotations

import io
from datetime import date

import docx

from bot.app import build_service
from bot.config import Config
from bot.usecases import DraftingService
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
    assert [p.text.replace("\n", "") for p in word.paragraphs] == text.splitlines()  # title lines joined
    assert not any(f.as_photo for f in files)
