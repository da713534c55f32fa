"""Time the Word export of a full draft: median of N runs (the target is well under 0.3 s).

    .venv/bin/python bench/docx_export.py [-n 30]

Two drafts: the test sample (about 2,100 字) and a long one built from it with
four problems an aspect, six causes, six measures and longer answers (about 8,000 字, the top of what
a leader's material usually runs to). Times the .docx alone (WordBuilder.build)
and assembly + .docx together, as /draft does them.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.config import load_config  # noqa: E402
from bot.draft.answers_file import parse_answers  # noqa: E402
from bot.draft.assemble import Assembler  # noqa: E402
from bot.draft.content import DraftContent, Item  # noqa: E402
from bot.export.word import WordBuilder  # noqa: E402
from bot.profiles import ProfileCatalog  # noqa: E402


def long_draft(content: DraftContent) -> DraftContent:
    """Four problems per aspect, six causes and measures, each detail five times as long."""
    def grow(item: Item) -> Item:
        detail = "；".join([item.detail.rstrip("。")] * 5) if item.detail else None
        return replace(item, detail=detail)

    themes = tuple(replace(t, problems=tuple(grow(p) for p in (t.problems * 2)[:4])) for t in content.themes)
    causes = tuple(grow(c) for c in (content.causes * 2)[:6])
    measures = tuple(grow(m) for m in (content.measures * 2)[:6])
    return replace(content, themes=themes, causes=causes, measures=measures)


def median_seconds(work: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall-clock and CPU seconds (CPU time stays honest on a busy 2-core machine)."""
    work()  # warm up: imports, template compilation
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        work()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", "--runs", type=int, default=30)
    args = parser.parse_args()
    config = load_config(ROOT / "config.yaml", env={})
    catalog = ProfileCatalog.from_dir(config.profiles_dir)
    assembler = Assembler(config.templates_dir)
    builder = WordBuilder(config.document)
    sample = parse_answers((ROOT / "tests" / "samples" / "answers-2021.yaml").read_bytes(), catalog.find)
    profile = catalog.get(sample.profile_id)
    for name, content in (("sample", sample), ("long", long_draft(sample))):
        document = assembler.document(profile, content)
        chars = len(document.text().replace("\n", ""))
        docx_only = median_seconds(lambda document=document: builder.build(document), args.runs)
        end_to_end = median_seconds(
            lambda content=content: builder.build(assembler.document(profile, content)), args.runs)
        size = len(builder.build(document))
        print(f"{name:6} {chars:5d} 字 {len(document.paragraphs):3d} paragraphs  "
              f".docx {docx_only[0] * 1000:6.1f} ms (cpu {docx_only[1] * 1000:5.1f})   "
              f"assemble+.docx {end_to_end[0] * 1000:6.1f} ms (cpu {end_to_end[1] * 1000:5.1f})   "
              f"{size / 1024:.0f} KB  (median of {args.runs})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
