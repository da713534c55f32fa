"""What pasting leaves in the material, and common misspellings: quoted, never rewritten."""

from __future__ import annotations

import itertools

from bot.review.checks import _NOT_WORD, _SENTENCE_END, Piece, _clause, _Out

_KINDS_WITH_TITLE_NUMBER = ("problem", "cause", "measure")


def check_residue(found: list[Piece], out: _Out) -> None:
    """"一是一是", "（一）（一）", "（一）1.", "如，比如", a sentence written twice in a row."""
    rules = out.rules.residue
    for piece in found:
        if piece.kind == "author":
            continue
        reported = False
        # The template numbers each item and marks each example: the official's own
        # number or marker doubles it in the draft.
        if piece.kind in _KINDS_WITH_TITLE_NUMBER and (match := rules.numbered_start.search(piece.title)):
            out.add("paste_residue", piece, _clause(piece.title, match.start(), match.end()), phrase=piece.title,
                    kind="开头的编号与材料自动加的编号重复")
            reported = True
        if piece.example and (match := rules.example_start.search(piece.example)) and not reported:
            out.add("paste_residue", piece, piece.example, phrase=_clause(piece.example, 0, match.end()),
                    kind="与材料自动加的“如，”重复")
            reported = True
        for text in piece.fields():
            for signal in rules.patterns:
                match = signal.pattern.search(text)
                if match and not reported:
                    out.add("paste_residue", piece, match.group(0), phrase=match.group(0), kind=signal.name)
                    reported = True
            sentences = [s.strip() for s in _SENTENCE_END.split(text)]
            for first, second in itertools.pairwise(sentences):
                key = _NOT_WORD.sub("", first)
                if len(key) >= rules.repeated_min_chars and key == _NOT_WORD.sub("", second) and not reported:
                    out.add("paste_residue", piece, first, phrase=first, kind="连续写了两遍")
                    reported = True


def check_typos(found: list[Piece], out: _Out) -> None:
    """Misspellings from the curated list, each quoted with the usual form."""
    for piece in found:
        for text in piece.fields():
            for typo in out.rules.typos:
                # A plain substring search (as re.finditer over the escaped word, without a regex
                # per word and field: the review runs on every /draft, /check and web page).
                start = text.find(typo.wrong)
                while start != -1 and typo.wrong:
                    end = start + len(typo.wrong)
                    out.add("typo", piece, _clause(text, start, end), phrase=_clause(text, start, end),
                            wrong=typo.wrong, right=typo.right)
                    start = text.find(typo.wrong, end)
