"""The reviewer's checks: pure functions over what the official wrote.

Nothing here writes or rewrites a word of the material; each check only points at
a part and quotes it, so the official decides what to change. Word lists and
thresholds come from `rules.yaml` (see bot.review.rules).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from bot.draft.assemble import Document, Paragraph
from bot.draft.content import DraftContent
from bot.draft.numerals import chinese_number, subsection_mark
from bot.draft.tidy import char_count, tidy
from bot.interview.engine import Interview
from bot.profiles.model import Profile
from bot.review.rules import Rules

# measure number (1-based) -> the problems it answers, as "themes.<aspect>.problems.<k>"
Links = Mapping[int, frozenset[str]]


@dataclass(frozen=True)
class Piece:
    """One part of the material as /edit knows it, with the official's own words."""

    kind: str  # author, lead, problem, cause, measure, title, preamble, closing
    where: str  # "2.1": what /edit takes
    label: str  # "问题一“…”", "（二）开头段"
    title: str = ""
    detail: str = ""
    example: str = ""
    ref: str = ""  # "themes.2.problems.1", "measures.3" …

    @property
    def text(self) -> str:
        return "".join(part for part in (self.title, self.detail, self.example) if part)

    def fields(self) -> Iterable[str]:
        return (part for part in (self.title, self.detail, self.example) if part)


@dataclass(frozen=True)
class Finding:
    check: str  # one of rules.CHECK_IDS
    where: str  # "2.1" as /edit takes it; "" for the whole material
    part: str  # the part in words
    quote: str  # the official's words the finding is about
    message: str  # the reviewer's remark, in Chinese


@dataclass(frozen=True)
class Lengths:
    """字数 of the rendered material, as an editor counts them."""

    total: int
    problems: int
    causes: int
    measures: int
    aspects: tuple[int, ...] = ()

    @property
    def share(self) -> float:
        """Problems and causes as a share of the whole text."""
        return (self.problems + self.causes) / self.total if self.total else 0.0


@dataclass(frozen=True)
class Report:
    findings: tuple[Finding, ...]
    lengths: Lengths
    ranges: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    linked: bool = False  # measure-problem pairs came from the official's own marks

    def count(self, check: str) -> int:
        return sum(1 for f in self.findings if f.check == check)


# ---- the material as parts --------------------------------------------------------


def pieces(profile: Profile, content: DraftContent) -> list[Piece]:
    """Every part the official wrote, numbered as /edit numbers it."""
    sections = {s.key: s.number for s in Interview(profile).sections}
    found: list[Piece] = []
    if content.author.position:
        found.append(Piece("author", str(sections["author"]), "基本信息·职务", detail=content.author.position))
    for index, theme in enumerate(content.themes, start=1):
        number = sections.get(f"themes.{index}")
        if number is None:
            continue
        if theme.lead:
            found.append(Piece("lead", f"{number}.0", f"{subsection_mark(index)}开头段", detail=theme.lead,
                               ref=f"themes.{index}.lead"))
        for k, item in enumerate(theme.problems, start=1):
            found.append(Piece("problem", f"{number}.{k}", f"{subsection_mark(index)}问题{chinese_number(k)}",
                               item.title, item.detail, item.example or "", f"themes.{index}.problems.{k}"))
    for kind, items, noun in (("cause", content.causes, "原因"), ("measure", content.measures, "措施")):
        key = "causes" if kind == "cause" else "measures"
        for k, item in enumerate(items, start=1):
            found.append(Piece(kind, f"{sections[key]}.{k}", f"{noun}{chinese_number(k)}", item.title, item.detail,
                               ref=f"{key}.{k}"))
    extras = sections.get("extras")
    for k, (kind, label) in enumerate((("title", "标题"), ("preamble", "开头段落"), ("closing", "结尾段落")), 1):
        value = getattr(content, kind)
        if value and extras is not None:
            found.append(Piece(kind, f"{extras}.{k}", label, detail=value))
    return found


# ---- helpers ----------------------------------------------------------------------

_CLAUSE_END = re.compile(r"[，。；！？,;!?：:]")
_SENTENCE_END = re.compile(r"[。！？；!?;]")
_HAN = re.compile(r"[\u4e00-\u9fff]+")
_NOT_WORD = re.compile(r"[^\w]|_")


def _clause(text: str, start: int, end: int) -> str:
    """The clause around text[start:end], for quoting."""
    left = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    right = _CLAUSE_END.search(text, end)
    return text[left: right.start() if right else len(text)].strip()


def _blank(text: str, words: Iterable[str]) -> str:
    """Replace each word by a neutral mark so neighbours never join into a new match."""
    for word in words:
        text = text.replace(word, "□")
    return text


def content_words(text: str, rules: Rules) -> set[str]:
    """Two-character pieces of the Chinese text, filler words left out: what wording shares."""
    words: set[str] = set()
    for run in _HAN.findall(_blank(text, rules.stop_words)):
        words.update(run[i: i + 2] for i in range(len(run) - 1))
    return words


def _short(text: str, limit: int = 40) -> str:
    text = tidy(text, final_stop=False).rstrip("，、：:；")
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Out:
    """Collects findings with the rules' messages filled in."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.found: list[Finding] = []

    def add(self, check: str, piece: Piece | None, quote: str, **values: object) -> None:
        message = self.rules.text(check).message.format(**values)
        where, part = (piece.where, piece.label) if piece is not None else ("", "全文")
        self.found.append(Finding(check, where, part, quote, message))


# ---- checks -----------------------------------------------------------------------


# In a team (班子) material these name the writer itself: "班子抓落实有差距" is its own problem.
_TEAM_SELF = frozenset({"领导班子", "班子", "我们"})


def check_problems(found: list[Piece], out: _Out, team: bool = False) -> None:
    rules = out.rules
    for piece in (p for p in found if p.kind == "problem"):
        text = piece.text
        # 见人见事见思想: an example, a number, a place, a date or one's own act.
        if not piece.example:
            bare = _blank(text, rules.concrete_ignore)
            if not any(signal.pattern.search(bare) for signal in rules.concrete):
                out.add("not_concrete", piece, piece.title, title=piece.title)
        for signal in rules.stock:
            if signal.pattern.search(piece.title):
                out.add("stock_phrase", piece, piece.title, phrase=piece.title, kind=signal.name)
                break
        suggestion = next((piece.title for pattern in rules.suggestion_title if pattern.search(piece.title)), None)
        if suggestion is None:
            for pattern in rules.suggestion_text:
                for field_text in piece.fields():
                    match = pattern.search(field_text)
                    if match and suggestion is None:
                        suggestion = _clause(field_text, match.start(), match.end())
        if suggestion is not None:
            out.add("suggestion", piece, suggestion, phrase=suggestion)
        others = _subject_others(piece.title, rules)
        if team and others in _TEAM_SELF:
            others = None
        if others:
            out.add("not_own", piece, piece.title, phrase=piece.title)
        elif not rules.self_words.search(text) and not team:
            subject = next((clause for field_text in (piece.detail, piece.example)
                            for clause in _CLAUSE_END.split(field_text)
                            if rules.others.match(_drop_openers(clause.strip(), rules))), None)
            if subject is not None:
                out.add("not_own", piece, subject.strip(), phrase=subject.strip())


def _subject_others(text: str, rules: Rules) -> str | None:
    """Team, others or subordinates named as the subject, not as the object of one's own
    act: "下属落实不力" is theirs, "对下属的监督提醒不够经常" is the official's."""
    for match in rules.others.finditer(text):
        before = text[: match.start()]
        if not any(before.endswith(marker) for marker in rules.object_markers):
            return match.group(0)
    return None


def _drop_openers(clause: str, rules: Rules) -> str:
    changed = True
    while changed:
        changed = False
        for word in rules.openers:
            if clause.startswith(word):
                clause, changed = clause[len(word):], True
    return clause


def check_causes(found: list[Piece], out: _Out) -> set[str]:
    """A cause whose words are a problem's words restates it instead of naming a root;
    returns where the causes reported are."""
    reported: set[str] = set()
    rules = out.rules
    problems = [(p, content_words(p.title, rules)) for p in found if p.kind == "problem"]
    for cause in (p for p in found if p.kind == "cause"):
        words = content_words(cause.title, rules)
        if not words:
            continue
        scored = [(len(words & problem_words) / len(words), problem) for problem, problem_words in problems]
        share, repeated = max(scored, key=lambda pair: pair[0], default=(0.0, None))
        if repeated is None or share < rules.causes.overlap:
            continue
        rooted = any(root in cause.text for root in rules.causes.roots)
        advice = rules.causes.advice_with_root if rooted else rules.causes.advice_no_root
        out.add("cause_repeats", cause, cause.title, cause=cause.title, problem=repeated.title,
                where_problem=repeated.where, advice=advice)
        reported.add(cause.where)
    return reported


def inferred_links(found: list[Piece], rules: Rules) -> dict[int, frozenset[str]]:
    """Which problems each measure seems to answer, by shared wording (no marks made)."""
    problems = [(p.ref, content_words(p.title, rules), content_words(p.text, rules))
                for p in found if p.kind == "problem"]
    links: dict[int, frozenset[str]] = {}
    for number, measure in enumerate((p for p in found if p.kind == "measure"), start=1):
        words = content_words(measure.text, rules)
        links[number] = frozenset(ref for ref, title_words, all_words in problems
                                  if len(words & title_words) >= rules.link_title_shared
                                  or len(words & all_words) >= rules.link_text_shared)
    return links


def check_links(found: list[Piece], links: Links | None, out: _Out) -> bool:
    """Measures that answer no problem and problems no measure answers; True if marks were used."""
    measures = [p for p in found if p.kind == "measure"]
    problems = [p for p in found if p.kind == "problem"]
    if not measures or not problems:
        return False
    marked = bool(links) and any(links.values()) if links is not None else False
    used: Links = links if marked and links is not None else inferred_links(found, out.rules)
    how = "" if marked else "（按用词推断，可发送 /link 编号 标注）"
    answered: set[str] = set()
    for number, measure in enumerate(measures, start=1):
        refs = used.get(number, frozenset())
        answered.update(refs)
        if not refs:
            out.add("measure_unanswered", measure, measure.title, title=measure.title, how=how)
    for problem in problems:
        if problem.ref not in answered:
            out.add("problem_unanswered", problem, problem.title, title=problem.title, how=how)
    return marked


def check_measures(found: list[Piece], out: _Out) -> None:
    for measure in (p for p in found if p.kind == "measure"):
        if not any(pattern.search(measure.text) for pattern in out.rules.measure_concrete):
            out.add("measure_vague", measure, measure.title, title=measure.title)


def check_duplicates(found: list[Piece], out: _Out) -> None:
    """The same sentence in two parts (pasted and never reconciled)."""
    seen: dict[str, tuple[Piece, str]] = {}
    reported: set[str] = set()
    for piece in found:
        if piece.kind == "author":
            continue
        for text in piece.fields():
            for sentence in _SENTENCE_END.split(text):
                key = _NOT_WORD.sub("", sentence)
                if len(key) < out.rules.duplicate_min_chars:
                    continue
                if key in seen and seen[key][0].where != piece.where and key not in reported:
                    reported.add(key)
                    first, quoted = seen[key]
                    out.add("duplicate", first, _short(quoted), sentence=_short(quoted),
                            where_other=piece.where, other=piece.label)
                seen.setdefault(key, (piece, sentence.strip()))


# ---- lengths ----------------------------------------------------------------------


def lengths(profile: Profile, document: Document) -> Lengths:
    """字数 of the whole material and of its three sections, from the rendered document."""
    wording = profile.wording
    headings = {"problems": wording.problems_heading, "causes": wording.causes_heading,
                "measures": wording.measures_heading}
    sections: dict[str, list[Paragraph]] = {key: [] for key in headings}
    current: str | None = None
    for paragraph in document.paragraphs:
        if paragraph.style == "h1":
            current = next((key for key, heading in headings.items() if paragraph.text.endswith(heading)), None)
        if current is not None:
            sections[current].append(paragraph)
    # The closing paragraph follows the last measure but is not a measure.
    measures = sections["measures"]
    while measures and measures[-1].style == "body" and measures[-1].runs[0].style != "h2":
        measures.pop()
    counts = {key: sum(char_count(p.text) for p in paragraphs) for key, paragraphs in sections.items()}
    return Lengths(char_count(document.text()), counts["problems"], counts["causes"], counts["measures"],
                   _aspect_lengths(sections["problems"], wording.declarations_heading))


def _aspect_lengths(paragraphs: list[Paragraph], declarations_heading: str) -> tuple[int, ...]:
    """字数 of each aspect: its （一） paragraph and every paragraph up to the next one.

    An aspect heading on its own line (2025) is a paragraph of its own; the lead and
    the problems follow it, and count for the aspect.
    """
    counts: list[int] = []
    for paragraph in paragraphs:
        if paragraph.style != "body":
            continue
        if paragraph.text.startswith(declarations_heading):
            break
        if paragraph.runs[0].style == "h2":
            counts.append(0)
        if counts:
            counts[-1] += char_count(paragraph.text)
    return tuple(counts)


def check_lengths(profile: Profile, measured: Lengths, found: list[Piece], complete: bool, out: _Out) -> None:
    has = {kind: any(p.kind == kind for p in found) for kind in ("problem", "cause", "measure")}
    minimum = profile.review.balance if profile.review.balance is not None else out.rules.balance_min_share
    if all(has.values()) and measured.share < minimum:
        out.add("balance", None, f"{measured.share:.0%}", share=f"{measured.share:.0%}", min_share=f"{minimum:.0%}")
    if not complete:
        return  # a draft in progress is short by nature
    wording = profile.wording
    parts = [("total", "全文", measured.total), ("problems", wording.problems_heading, measured.problems),
             ("causes", wording.causes_heading, measured.causes), ("measures", wording.measures_heading,
                                                                   measured.measures)]
    parts += [("aspect", f"{subsection_mark(i)}方面", count) for i, count in enumerate(measured.aspects, start=1)]
    for key, name, count in parts:
        bounds = profile.review.lengths.get(key)
        if bounds is None or bounds.min <= count <= bounds.max:
            continue
        direction = f"少了{bounds.min - count}字" if count < bounds.min else f"多了{count - bounds.max}字"
        out.add("length", None, name, part=name, count=count, min=bounds.min, max=bounds.max, direction=direction)
