"""The export cache: an unchanged material's files are sent again, anything changed is rebuilt."""

from __future__ import annotations

import io
import time
from dataclasses import fields, replace
from datetime import UTC, date, datetime

import docx
import pytest

import bot.export
from bot.config import DocumentConfig
from bot.draft.answers_file import parse_answers
from bot.draft.assemble import Assembler, Document, Paragraph, Run
from bot.export import ConversionError, Exporter
from bot.export.cache import ExportCache, Rendered, export_key
from bot.export.word import WordBuilder
from bot.profiles import ProfileCatalog
from tests.conftest import SAMPLES

DAY = date(2026, 12, 1)
CFG = DocumentConfig(pdf_in_chat=False)


class CountingBuilder(WordBuilder):
    """The real builder, counting its builds."""

    def __init__(self, cfg: DocumentConfig) -> None:
        super().__init__(cfg)
        self.builds = 0

    def build(self, document: Document, day: date | None = None) -> bytes:
        self.builds += 1
        return super().build(document, day)


def counting(cfg: DocumentConfig = CFG, cache: ExportCache | None = None) -> tuple[Exporter, CountingBuilder]:
    exporter = Exporter(cfg, cache)
    builder = exporter.word = CountingBuilder(cfg)
    return exporter, builder


@pytest.fixture(scope="module")
def sample(catalog: ProfileCatalog, assembler: Assembler) -> Document:
    content = parse_answers((SAMPLES / "answers-2021.yaml").read_bytes(), catalog.find)
    return assembler.document(catalog.get(content.profile_id), content)


def one_character_changed(document: Document, to: str = "！") -> Document:
    """The last paragraph's last character replaced: the text the official changed by one character."""
    last = document.paragraphs[-1]
    run = last.runs[-1]
    changed = replace(last, runs=(*last.runs[:-1], Run(run.text[:-1] + to, run.style)))
    return Document((*document.paragraphs[:-1], changed))


def test_an_unchanged_document_is_built_once(sample: Document) -> None:
    exporter, builder = counting()
    first = exporter.docx(sample, DAY)
    again = exporter.for_chat(sample, DAY)
    assert builder.builds == 1
    assert again.docx == first


def test_the_cached_file_is_what_a_fresh_build_gives(sample: Document, monkeypatch: pytest.MonkeyPatch) -> None:
    exporter, builder = counting()
    cached = exporter.docx(sample, DAY)
    assert exporter.docx(sample, DAY) is cached and builder.builds == 1
    # an hour later by the clock, in another process: the same bytes (the file is dated by the day)
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 3600)
    assert WordBuilder(CFG).build(sample, DAY) == cached


def test_the_file_is_dated_by_the_day_it_was_made(sample: Document) -> None:
    props = docx.Document(io.BytesIO(WordBuilder(CFG).build(sample, DAY))).core_properties
    assert props.created == props.modified == datetime(2026, 12, 1, 0, 0, tzinfo=UTC)


def test_one_changed_character_is_rebuilt(sample: Document) -> None:
    exporter, builder = counting()
    before = exporter.docx(sample, DAY)
    after = exporter.docx(one_character_changed(sample), DAY)
    assert builder.builds == 2
    assert after != before


def test_a_changed_style_alone_is_rebuilt(sample: Document) -> None:
    exporter, builder = counting()
    exporter.docx(sample, DAY)
    title = sample.paragraphs[0]
    exporter.docx(Document((replace(title, style="h1"), *sample.paragraphs[1:])), DAY)
    assert builder.builds == 2


def test_another_day_is_rebuilt(sample: Document) -> None:
    """The day is in the file (core.xml and the zip): the next day's file is made that day."""
    exporter, builder = counting()
    exporter.docx(sample, DAY)
    exporter.docx(sample, date(2026, 12, 2))
    assert builder.builds == 2


def test_another_format_is_rebuilt(sample: Document) -> None:
    """Two formats sharing one cache (as a config change would give) never share a file."""
    shared = ExportCache(32)
    standard, built = counting(CFG, shared)
    other_cfg = replace(CFG, body_font="仿宋")
    other, other_built = counting(other_cfg, shared)
    first = standard.docx(sample, DAY)
    second = other.docx(sample, DAY)
    assert (built.builds, other_built.builds) == (1, 1)
    assert first != second and second == WordBuilder(other_cfg).build(sample, DAY)


def test_no_two_documents_share_a_key() -> None:
    """The text's length is in the key: moving text between runs or paragraphs changes it."""
    docs = [
        Document((Paragraph("body", (Run("ab"), Run("c"))),)),
        Document((Paragraph("body", (Run("a"), Run("bc"))),)),
        Document((Paragraph("body", (Run("abc"),)),)),
        Document((Paragraph("body", (Run("a"),)), Paragraph("body", (Run("bc"),)))),
        Document((Paragraph("body", (Run("a"), Run("bc", "h2"))),)),
    ]
    assert len({export_key(d, CFG, DAY) for d in docs}) == len(docs)


def test_the_key_covers_every_field_of_the_document() -> None:
    """A field added to Document, Paragraph or Run must be added to export_key too."""
    assert [f.name for f in fields(Document)] == ["paragraphs"]
    assert [f.name for f in fields(Paragraph)] == ["style", "runs"]
    assert [f.name for f in fields(Run)] == ["text", "style"]


def test_the_cache_keeps_at_most_its_entries(sample: Document) -> None:
    exporter, builder = counting(replace(CFG, export_cache=2))
    docs = [sample, one_character_changed(sample), one_character_changed(sample, "；")]
    for doc in docs:
        exporter.docx(doc, DAY)
    assert len(exporter.cache) == 2
    exporter.docx(docs[2], DAY)
    exporter.docx(docs[1], DAY)
    assert builder.builds == 3  # the two most recent were kept
    exporter.docx(docs[0], DAY)  # the least recently used was dropped
    assert builder.builds == 4 and len(exporter.cache) == 2


def test_the_cache_keeps_at_most_its_bytes() -> None:
    cache = ExportCache(32, max_bytes=100)
    cache.put(b"a", Rendered(b"x" * 60))
    cache.put(b"b", Rendered(b"x" * 30))
    cache.put(b"c", Rendered(b"x" * 30))  # 120 bytes: the oldest goes
    assert cache.get(b"a") is None and cache.get(b"b") is not None and cache.size == 60
    cache.put(b"d", Rendered(b"x" * 101))  # larger than the whole cache: not kept
    assert cache.get(b"d") is None and len(cache) == 2


def test_with_the_cache_off_every_export_is_built(sample: Document) -> None:
    exporter, builder = counting(replace(CFG, export_cache=0))
    first = exporter.docx(sample, DAY)
    assert exporter.for_chat(sample, DAY).docx == first
    assert builder.builds == 2 and len(exporter.cache) == 0


class FakeConversion:
    """LibreOffice and pdftoppm stand-ins, counting conversions; `fail` makes the next one fail."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.conversions = 0
        self.fail = False
        monkeypatch.setattr(bot.export, "available", lambda cfg: True)
        monkeypatch.setattr(bot.export, "docx_to_pdf", self.pdf)
        monkeypatch.setattr(bot.export, "pdf_page_png", lambda pdf, page: b"PNG " + pdf)

    def pdf(self, docx: bytes, cfg: DocumentConfig) -> bytes:
        self.conversions += 1
        if self.fail:
            self.fail = False
            raise ConversionError("LibreOffice 转换失败")
        return b"%PDF /Type /Page /Type /Page " + docx[:8]


def test_the_pdf_and_preview_are_kept_with_the_word_file(sample: Document, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeConversion(monkeypatch)
    exporter, builder = counting(replace(CFG, pdf_in_chat=True))
    first = exporter.for_chat(sample, DAY)
    again = exporter.for_chat(sample, DAY)
    assert (builder.builds, fake.conversions) == (1, 1)
    assert again == first and first.pdf is not None and first.preview_png is not None and first.pages == 2


def test_a_failed_conversion_is_tried_again_without_rebuilding_the_word_file(
        sample: Document, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeConversion(monkeypatch)
    fake.fail = True
    exporter, builder = counting(replace(CFG, pdf_in_chat=True))
    assert exporter.for_chat(sample, DAY).pdf is None
    assert exporter.for_chat(sample, DAY).pdf is not None
    assert (builder.builds, fake.conversions) == (1, 2)
