"""The official's own position, written in different ways in different places (a check of /check)."""

from __future__ import annotations

import re

from bot.draft.content import DraftContent
from bot.draft.tidy import tidy
from bot.review.checks import Piece, _Out
from bot.review.rules import Rules


def _positions_in(text: str, rules: Rules) -> list[str]:
    """Phrases where the writer names their own position: "作为县委副书记、县长"."""
    p = rules.position
    found: list[str] = []
    for marker in p.markers:
        for match in re.finditer(re.escape(marker), text):
            tail = text[match.end(): match.end() + p.longest]
            cut = re.search(r"[，。；：,;:！？!?（(“”\"\s]", tail)
            clause = tail[: cut.start()] if cut else tail
            for word in p.drop_before:
                if clause.startswith(word):
                    clause = clause[len(word):]
            # The longest run ending in a position word and followed by the clause's end or
            # a word like 以来/我: "担任县长以来" -> 县长, "作为县长我……" -> 县长.
            ends = [end for end in range(len(clause), 0, -1)
                    if any(clause[:end].endswith(t) for t in p.titles)
                    and (end == len(clause) or any(clause[end:].startswith(w) for w in p.drop_after))]
            if ends and _core(clause[: ends[0]], rules):
                found.append(clause[: ends[0]])
    return found


def _core(phrase: str, rules: Rules) -> tuple[str, ...]:
    """The position words a phrase ends its parts with: "县委副书记、县长" -> (副书记, 县长).

    Empty unless the whole phrase ends in a position word, so "党员干部" or
    "第一责任人" are not read as positions.
    """
    if not any(phrase.endswith(title) for title in rules.position.titles):
        return ()
    core: list[str] = []
    for segment in rules.position.joiners.split(phrase):
        title = next((t for t in rules.position.titles if segment.endswith(t)), None)
        if title is not None:
            core.append(title)
    return tuple(core)


def check_position(found: list[Piece], content: DraftContent, out: _Out) -> None:
    """The official's own position written in different ways in different places."""
    rules = out.rules
    author = content.author.position
    author_core = _core(tidy(author, final_stop=False), rules) if author else ()
    mentions: list[tuple[Piece, str, tuple[str, ...]]] = []
    for piece in found:
        if piece.kind == "author":
            continue
        for text in piece.fields():
            for phrase in _positions_in(tidy(text, final_stop=False), rules):
                mentions.append((piece, phrase, _core(phrase, rules)))
    cores = {core for _, _, core in mentions}
    if author_core:
        cores.add(author_core)
    if len(cores) < 2:
        return
    seen: set[tuple[str, str]] = set()
    forms: list[str] = []
    for piece, phrase, _ in mentions:
        if (piece.where, phrase) not in seen:
            seen.add((piece.where, phrase))
            forms.append(f"〔{piece.where}〕{piece.label}写作“{phrase}”")
    first = next((m for m in mentions if m[2] != author_core), mentions[0]) if author_core else mentions[0]
    quote = "、".join(dict.fromkeys(phrase for _, phrase, _ in mentions))
    out.add("position", first[0], quote, forms="；".join(forms), author=author or "（未填写）")
