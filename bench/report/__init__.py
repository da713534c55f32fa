"""docs/benchmarks.md from one run's results: every figure in it comes from that run.

The page's parts, in order: the machine and the command (`frame`), issue 19's targets judged
(`targets`), what stands in the way of each missed one (`way`), the summary for IT staff, the
service alone with its raw floor and profile (`service`, `profile`), the bots (`bots`), growth,
the web pages, assembly and memory (`sections`), the fixes and how to run it (`frame`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bench.report import bots, frame, sections, service, targets, way

if TYPE_CHECKING:
    from bench.results import Results


def render(results: Results, chosen: set[str]) -> str:
    rows = targets.targets(results)
    lines = frame.header(results) + targets.table(rows) + way.section(results, rows) + frame.summary_zh(results, rows)
    if "service" in chosen:
        lines += service.section(results)
    if "throughput" in chosen:
        lines += bots.section(results)
    if "growth" in chosen:
        lines += sections.growth(results)
    if "web" in chosen:
        lines += sections.web(results)
    if "assembly" in chosen:
        lines += sections.assembly(results)
    if "memory" in chosen:
        lines += sections.memory(results)
    lines += frame.fixes() + frame.how(results)
    return "\n".join(lines).rstrip() + "\n"
