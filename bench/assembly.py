"""Assembly: how long turning a draft into text (and .docx, once it exists) takes, by draft size."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bench import workload
from bot.config import Config
from bot.draft.assemble import Assembler, Document
from bot.draft.tidy import char_count
from bot.interview.engine import Interview


@dataclass
class AssemblyRow:
    size: int
    chars: int  # 字 of the rendered text
    paragraphs: int
    text_ms: float  # median: DraftContent -> Document -> text (Assembler.document(...).text())
    draft_ms: float  # median: stored answers -> DraftContent -> text, what /draft does
    docx_ms: float | None  # median .docx rendering of the Document; None while bot.export.word is absent
    runs: int


def docx_renderer(config: Config) -> Callable[[Document], bytes] | None:
    """The .docx renderer of bot.export.word (issue 3, built in parallel), or None without it.

    This is the one place the benchmark touches the Word export: once bot/export/word.py
    is merged, the assembly table gains its .docx column with no other change.
    """
    try:
        from bot.export.word import WordBuilder  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    builder: Any = WordBuilder(config.document)  # type: ignore[attr-defined, unused-ignore]
    render: Callable[[Document], bytes] = builder.build
    return render


def _median_ms(work: Callable[[], object], runs: int) -> float:
    work()  # warm-up: template compilation, imports
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def measure(config: Config, sizes: tuple[int, ...], runs: int) -> list[AssemblyRow]:
    profile = workload.profile()
    interview = Interview(profile)
    assembler = Assembler(config.templates_dir)
    render_docx = docx_renderer(config)
    rows = []
    for size in sizes:
        # Sizes the 2021 profile's length limits do not allow are built without checking them.
        _, answers = workload.interview_answers(size, validate=size <= 4)
        content = interview.content(answers)
        document = assembler.document(profile, content)
        text_ms = _median_ms(lambda content=content: assembler.document(profile, content).text(), runs)
        draft_ms = _median_ms(
            lambda answers=answers: assembler.document(profile, interview.content(answers)).text(), runs)
        docx_ms = None
        if render_docx is not None:
            docx_ms = _median_ms(lambda document=document: render_docx(document), max(3, runs // 5))
        rows.append(AssemblyRow(size, char_count(document.text()), len(document.paragraphs), text_ms, draft_ms,
                                docx_ms, runs))
    return rows
