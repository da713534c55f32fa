"""/draft over the fake Bot API: a photo preview of page 1, then the Word, PDF and text files."""

from __future__ import annotations

import asyncio
import io
import time
from collections.abc import Iterator
from dataclasses import replace

import docx
import pytest

from bot.config import Config
from bot.dates import local_today
from tests.conftest import SAMPLES
from tests.fakebotapi import FakeBotAPI
from tests.telegram.harness import Chat, RunningBot, telegram_config

USER = 515151
TODAY = f"{local_today(8):%Y%m%d}"  # the officials' day (config: UTC+8), not the server's


@pytest.fixture
def pdf_bot(config: Config, server: FakeBotAPI) -> Iterator[RunningBot]:
    cfg = telegram_config(replace(config, document=replace(config.document, pdf_in_chat=True)), server)
    with RunningBot(cfg) as running:
        yield running


def test_telegram_draft_sends_photo_preview_word_and_pdf(server: FakeBotAPI, pdf_bot: RunningBot) -> None:
    pdf_bot.service.import_answers(USER, (SAMPLES / "answers-2021.yaml").read_bytes())
    chat = Chat(server, USER)
    chat.say("/draft", "【草稿】已全部填写")
    documents = server.wait_for(
        lambda s: (found := s.sent_documents(USER)) and len(found) >= 3 and found, 30)
    assert [d.filename for d in documents] == [
        f"对照检查材料-2021年度-{TODAY}.{suffix}" for suffix in ("docx", "pdf", "txt")]
    word = docx.Document(io.BytesIO(documents[0].content))
    assert [p.text.replace("\n", "") for p in word.paragraphs] == documents[2].content.decode("utf-8").splitlines()  # title lines joined
    assert word.paragraphs[0].text == "李明同志在2021年度党史学习教育专题\n民主生活会上的对照检查材料"
    assert documents[1].content[:5] == b"%PDF-"
    assert documents[0].caption is not None and "GB/T 9704" in documents[0].caption
    assert documents[1].caption is not None and "以 Word 文件为准" in documents[1].caption
    (photo,) = [c for c in server.calls("sendPhoto") if c.ok]
    assert photo.params["chat_id"] == USER and photo.params["caption"].startswith("第1页预览（共5页）")
    (upload,) = photo.files.values()
    assert upload.content[:8] == b"\x89PNG\r\n\x1a\n"
    # the picture comes before the files: people on phones look before they open
    methods = [c.method for c in server.calls() if c.method in ("sendPhoto", "sendDocument")]
    assert methods == ["sendPhoto", "sendDocument", "sendDocument", "sendDocument"]


def test_the_event_loop_keeps_running_while_draft_converts(server: FakeBotAPI, pdf_bot: RunningBot,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """LibreOffice takes seconds: /draft's service call runs in a worker thread, so the loop
    still answers the webhook's health checks and runs the reminder sweep meanwhile."""
    exporter = pdf_bot.service.deps.exporter
    assert exporter is not None
    converting: list[float] = []
    real = exporter.for_chat

    def timed(document: object, day: object = None) -> object:
        converting.append(time.monotonic())
        try:
            return real(document, day)  # type: ignore[arg-type]
        finally:
            converting.append(time.monotonic())

    monkeypatch.setattr(exporter, "for_chat", timed)
    ticks: list[float] = []

    async def ticker() -> None:
        while True:
            ticks.append(time.monotonic())
            await asyncio.sleep(0.02)

    assert pdf_bot._loop is not None
    ticking = asyncio.run_coroutine_threadsafe(ticker(), pdf_bot._loop)
    try:
        pdf_bot.service.import_answers(USER, (SAMPLES / "answers-2021.yaml").read_bytes())
        Chat(server, USER).say("/draft", "【草稿】已全部填写")
        server.wait_for(lambda s: len(s.sent_documents(USER)) >= 3, 30)
    finally:
        ticking.cancel()
    start, end = converting
    during = [t for t in ticks if start < t < end]
    # Blocked, the loop would not tick once between the two; free, every 20 ms or so.
    assert len(during) >= 5, (end - start, len(during))
