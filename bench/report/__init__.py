"""docs/benchmarks.md from one run's results: every figure in it comes from that run.

The page's parts, in order: the machine and the command (`frame`), issue 19's targets judged
(`targets`), what stands in the way of each missed one (`way`), the summary for IT staff, the
service alone with its raw floor and profile (`service`, `profile`), the bots (`bots`), growth,
the web pages, assembly and memory (`sections`), the fixes (`_fixes` below) and how to run it (`frame`).
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
    lines += _fixes() + frame.how(results)
    return "\n".join(lines).rstrip() + "\n"


def _fixes() -> list[str]:
    """The fixes profiling led to, with the figures their commits measured (not this run's)."""
    return [
        "## Profiling and the fixes it led to",
        "",
        "`python -m bench --profile profile.html` runs one in-process interview run under pyinstrument",
        "(`py-spy record -- .venv/bin/python -m bench ...` works as well; both are in the `bench` extra:",
        "`pip install -e '.[bench]'`). Hot spots found and fixed, each in its own commit whose message",
        "has the before/after figures (measured when the commit was made, not by this run):",
        "",
        "- the fake Bot API's sockets had Nagle's algorithm on: every HTTP response stalled 40 ms",
        "  (`tests/fakebotapi.py`);",
        "- `Interview.plan()` is walked four or five times per update and rebuilt about 100 `Question`",
        "  objects each time, tidying every item title although only two 2024 prompts quote one: now each",
        "  question is built once per interview version, and only a prompt that quotes a title is built",
        "  per update (`bot/interview/engine.py`); the service alone went from 16.8 to 9.0 ms per update;",
        "- every update re-read the profile snapshot and built a new `Interview`: now kept per digest",
        "  (`bot/service.py`);",
        "- a new answer was stored with a SELECT plus an ORM flush: now two INSERTs when the service",
        "  already knows the question is unanswered (`bot/storage/repository.py`, `bot/service.py`);",
        "- `tidy()` (the clean-up of what officials type, run on every answer and on every item of",
        "  every draft, review and `/status`) walked every character in Python several times, with a",
        "  generator over code-point ranges per character: each step now first asks whether the text",
        "  holds anything it could change (text typed with a Chinese IME almost never does) and visits",
        "  only those positions (`bot/draft/tidy.py`); checked equal to the old function on 200,000",
        "  random strings, every code point and the sample drafts; text assembly of the 1× draft",
        "  went from 38–51 ms to 1–2 ms, the 4× from 118–175 ms to 2–3 ms;",
        "- with encryption on, every stored value was decrypted twice (once to find the key): now once",
        "  (`bot/storage/crypto.py`);",
        "- RSS grew by about 0.5 MB per `/draft` with nothing alive: python-docx's package and parts",
        "  refer to each other, so their lxml trees waited for a rare full garbage collection. Now the",
        "  objects alive at start-up are frozen (`gc.freeze()`), and after sending files a full",
        "  collection (scanning only what updates created: about 5 ms) and `malloc_trim` run",
        "  (`bot/heap.py`); 200 `/draft`s: peak RSS 202 MB → 106 MB;",
        "- recording which chat message carried an answer took a SELECT and an ORM flush per typed",
        "  answer, and a new answer went through the ORM's bulk-insert machinery: now one upsert and",
        "  two Core INSERTs (`bot/storage/repository.py`);",
        "- SQLite `synchronous=FULL` stays the default (an acknowledged answer survives a power cut);",
        "  `?synchronous=normal` on the database URL is the measured opt-out (`bot/storage/db.py`).",
        "",
        "Issue 19 (the service near the cost of its statements). Measured by hand while the work was",
        "done, `python -m bench.servicecpu --users 10 --floor`, the commit before issue 19's work (2b2bc46)",
        "and the final code alternating in fresh processes, medians of three pairs: the answer and press",
        "path 1.92 → 0.99 ms CPU per update, all steps with `/draft` 2.46 → 1.13 ms; this run's figures are",
        "in the service section above. In the order they were made, each its own commit:",
        "",
        "- the statements every update runs are module constants with bind parameters, compiled once",
        "  per engine and set of keys and run on the driver's cursor (`bot/storage/prepared.py`): the",
        "  columns' bind and result processors are applied (SQLite dates, the encryption of stored",
        "  text, per engine, since each engine holds its own key), a statement whose column default",
        "  SQLAlchemy would fill in takes SQLAlchemy's path, and so does everything while a",
        "  `before_cursor_execute` listener is registered; driver errors go through the Connection's",
        "  own handling (its exception classes, invalidating a dead connection);",
        "- the user and the open material in one locked SELECT, read as frozen plain rows",
        "  (`bot/storage/rows.py`), not ORM objects: building the two objects cost about 150 µs, the",
        "  SELECT on the driver about 25 µs; a column changes only through `Scope.set_user` /",
        "  `Scope.set_material` (one UPDATE), and a frozen row refuses any other assignment;",
        "- one transaction on a connection (`Database.unit()`), an ORM session only when a use case",
        "  asks for one: the session's bookkeeping was about 50 µs per update; a typed answer begins",
        "  none (`tests/service/test_hot_path.py`);",
        "- (before those, issue 19's first part, already in 2b2bc46 and so in both sides of the figures",
        "  above: the update claim and the message id in the answer's own transaction, the access",
        "  gate's check outside any write transaction, no pool pre-ping round trip on PostgreSQL);",
        "- the interview's plan walked once per plain answer: `Scope.plan()` keeps it across an answer",
        "  that `Interview.keeps_plan` says cannot change it, and the engine keeps plans by the values",
        "  of the few answers that shape them (\"one more?\", a declaration's yes/no: no text anyone",
        "  wrote; not in a profile whose prompts quote a title); a test compares every kept plan with",
        "  a fresh walk on every profile;",
        "- after a plain answer the positional view changes at the answered position only (every test",
        "  checks it against a fresh layout);",
        "- the note after a short part assembles only that part (`part_content`, compared with the",
        "  whole material's count on every part of every profile), and only for the parts a note can",
        "  come for;",
        "- `char_count` learns which characters count (a set of characters, never text), so a count",
        "  is two set operations; JSON encoders built once; the link picker's read on a statement",
        "  built once; button data signed with the one-shot `hmac.digest`;",
        "- the Word export cached on a sha256 of the document, its format and the day",
        "  (`bot/export/cache.py`, 32 files or 16 MB at most, `document.export_cache: 0` turns it off);",
        "  the .docx is dated by the day so a rebuilt file is byte for byte the cached one; hashing",
        "  costs about 25 µs against about 38 ms to build;",
        "- `telegram.rate_limiter: false` (or `SELFREVIEW_RATE_LIMITER=off`) runs the bot without the",
        "  outbound rate limiter, for benchmarks or a Bot API server of one's own; on by default",
        "  (docs/deploy.md).",
        "",
        "Checked and left alone: keeping plans (or tidied text) across updates — prompts quote the",
        "official's own titles, and nothing an official typed is kept in memory between updates (the",
        "plans kept by shape hold profile wording and yes/no words only);",
        "Jinja's template lookup per call (`get_template` with its cache hit",
        "costs about 5 µs) and `profile_from_snapshot` (already `lru_cache`d; now not even reached per",
        "update).",
        "",
    ]
