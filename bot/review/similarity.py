"""Near copies: a cause that restates a problem's detail, a sentence copied from last year."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.draft.content import DraftContent
from bot.review.checks import _SENTENCE_END, Piece, _Out, _short, content_words
from bot.review.rules import Rules


def check_cause_details(found: list[Piece], out: _Out, reported: set[str]) -> None:
    """A cause whose detail is mostly a problem's detail and example, in other order.

    reported: causes already named by their title (check_causes); not named twice.
    """
    rules = out.rules
    problems = [(p, content_words(p.detail + p.example, rules)) for p in found if p.kind == "problem"]
    for cause in (p for p in found if p.kind == "cause" and p.where not in reported):
        words = content_words(cause.detail, rules)
        if len(words) < rules.causes.detail_min_words:
            continue
        share, problem = max(((len(words & pw) / len(words), p) for p, pw in problems if pw),
                             key=lambda pair: pair[0], default=(0.0, None))
        if problem is None or share < rules.causes.detail_overlap:
            continue
        out.add("cause_repeats", cause, _short(cause.detail), cause=_short(cause.detail),
                problem=_short(problem.detail + problem.example), where_problem=problem.where,
                advice=rules.causes.advice_no_root if not any(r in cause.text for r in rules.causes.roots)
                else rules.causes.advice_with_root)


@dataclass(frozen=True)
class Earlier:
    """Sentences of one of the official's earlier materials."""

    year: int
    texts: tuple[str, ...]  # every field the official wrote that year


def earlier_material(year: int, content: DraftContent) -> Earlier:
    """What the official wrote in an earlier year's material, for check_earlier."""
    texts = [t for theme in content.themes for t in (theme.lead or "",) if t]
    for item in [p for theme in content.themes for p in theme.problems] + list(content.causes) + list(
            content.measures):
        texts.extend(t for t in (item.title, item.detail, item.example or "") if t)
    texts.extend(content.declarations)
    return Earlier(year, tuple(texts))


def _pieces2(text: str) -> set[str]:
    chars = [c for c in text if "\u4e00" <= c <= "\u9fff" or c.isalnum()]
    return {chars[i] + chars[i + 1] for i in range(len(chars) - 1)}


def similarity(a: str, b: str) -> float:
    """Dice coefficient of the two-character pieces of two sentences (1.0: the same)."""
    x, y = _pieces2(a), _pieces2(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


def _sentences(texts: Iterable[str], min_chars: int) -> list[str]:
    return [s.strip() for text in texts for s in _SENTENCE_END.split(text) if len(s.strip()) >= min_chars]


def check_earlier(found: list[Piece], earlier: Sequence[Earlier], out: _Out) -> None:
    """与上年度材料雷同: this year's sentences nearly the same as an earlier material's."""
    rules: Rules = out.rules
    old = [(e.year, s, _pieces2(s)) for e in earlier for s in _sentences(e.texts, rules.earlier_min_chars)]
    if not old:
        return
    for piece in found:
        if piece.kind in ("author", "title"):
            continue
        for sentence in _sentences(piece.fields(), rules.earlier_min_chars):
            best = max(((similarity(sentence, s), year, s) for year, s, _ in old), default=(0.0, 0, ""))
            if best[0] >= rules.earlier_threshold:
                out.add("earlier_similar", piece, _short(sentence), sentence=_short(sentence),
                        earlier=_short(best[2]), year=best[1])
