"""An existing material (last year's Word file, a prepared text) read into a profile's structure.

`import_material(paragraphs, profile)` finds the parts by their 一、 headings, the aspects by
their （一） headings, problems by 一是 / 1. / 1、, examples by 如，/ 比如 / 例如, causes,
measures, 需要说明的事项, the preamble's counts and 上年度整改落实情况, and returns the
content together with everything it could not place. Nothing is lost: text that fits no
field is returned in `unplaced`, labelled with where it stood, for the official to see and
move. The product's own output (bot.export.word) reads back to the same content.

Pure: no Telegram, no storage (read the bytes with bot.draft.material_file).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from bot.draft.content import Author, Case, DraftContent, Item, Rectification, ThemeContent
from bot.draft.lead_ins import item_number, strip_item_number
from bot.draft.numerals import chinese_count
from bot.draft.paste import Shape, numbered_chunks, split_paste
from bot.draft.wording_match import count_near, match_wording
from bot.profiles.model import Profile

__all__ = ["ImportedMaterial", "Unplaced", "import_material", "similarity"]

_ANY_TITLE = 10**6  # in a finished material every item opens with its title sentence
_H1 = re.compile(r"^([一二三四五六七八九十]{1,3})[、.．]\s*(.{2,30})$")
_ASPECT_MARK = re.compile(r"^\s*[（(]([一二三四五六七八九十]{1,3})[）)]\s*")


@dataclass(frozen=True)
class Unplaced:
    where: str  # where it stood, as the official sees it: "三、整改措施", "开头"
    text: str


@dataclass(frozen=True)
class ImportedMaterial:
    content: DraftContent
    unplaced: tuple[Unplaced, ...] = ()
    notes: tuple[str, ...] = ()  # what was not found or was read with a guess, for the preview


@dataclass
class _State:
    profile: Profile
    unplaced: list[Unplaced] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    found: dict[str, str] = field(default_factory=dict)  # position, name, counts.<id>

    def keep(self, where: str, text: str) -> None:
        if text.strip():
            self.unplaced.append(Unplaced(where, text.strip()))

    def known(self, **values: str) -> dict[str, str]:
        p = self.profile
        return {"meeting": p.meeting, "year": str(p.year), "notice": p.notice, **values}

    def learn(self, values: dict[str, str] | None) -> bool:
        if values is None:
            return False
        for key, value in values.items():
            self.found.setdefault(key, value)
        return True


def similarity(a: str, b: str) -> float:
    """How alike two texts are, 0 … 1, ignoring whitespace and line breaks."""
    x, y = "".join(a.split()), "".join(b.split())
    if not x and not y:
        return 1.0
    return SequenceMatcher(None, x, y, autojunk=False).ratio()


def _headings(profile: Profile) -> dict[str, str]:
    w = profile.wording
    return {key: text for key, text in (
        ("problems", w.problems_heading), ("causes", w.causes_heading), ("measures", w.measures_heading),
        ("rectification", w.rectification_heading), ("case", w.case_heading)) if text}


def _part_of(paragraph: str, profile: Profile) -> str | None:
    match = _H1.match(paragraph)
    if match is None:
        return None
    heading = match.group(2).strip().rstrip("。：:")
    best, score = None, 0.0
    for key, text in _headings(profile).items():
        ratio = 1.0 if heading == text else SequenceMatcher(None, heading, text).ratio()
        if ratio > score:
            best, score = key, ratio
    return best if score >= 0.6 else None


def _title_and_preamble(head: list[str], state: _State) -> tuple[str | None, str | None]:
    profile, w = state.profile, state.profile.wording
    title = None
    lines = 0  # a title set on two or three lines in a text file
    while lines < min(3, len(head) - 1) and "。" not in head[lines] and len("".join(head[: lines + 1])) <= 80:
        lines += 1
    if lines:
        title = "".join(head[:lines])
        del head[:lines]
        named = match_wording(w.title, title, state.known())
        if state.learn(named) or match_wording(w.title_anonymous, title, state.known()) is not None:
            title = None
    preamble = "".join(head) or None
    if preamble is None:
        return title, None
    known = state.known(theme=profile.theme.replace("“", "‘").replace("”", "’"),
                        aspects="、".join(a.replace("“", "‘").replace("”", "’") for a in profile.aspects),
                        aspect_count=chinese_count(len(profile.aspects)))
    if state.learn(match_wording(w.preamble, preamble, known)):
        return title, None  # the profile's own preamble: its counts are all it holds
    for count in profile.preamble_counts:
        value = count_near(w.preamble, count.id, preamble)
        if value is not None:
            state.found.setdefault(f"counts.{count.id}", str(value))
    return title, preamble


def _stop(text: str) -> str:
    """Without its final 。, as answers are stored: the renderer ends every sentence itself."""
    return text[:-1] if text.endswith("。") else text


def _items(text: str, shape: Shape) -> tuple[str, list[Item]]:
    lead, chunks, scheme = numbered_chunks(text, min_items=1)
    if scheme == "none" and item_number(text) is None:
        return text.strip(), []
    items: list[Item] = []
    for chunk in chunks:
        proposed = split_paste(chunk, shape, max_title=_ANY_TITLE).items
        for p in proposed[:1]:
            title, detail = (p.title, p.detail) if p.title else (p.detail, "")
            items.append(Item(title, _stop(detail), _stop(p.example) if p.example else None))
    return lead.strip(), items


def _within(items: list[Item], bound: int, where: str, state: _State) -> list[Item]:
    for extra in items[bound:]:
        state.keep(where, "".join((extra.title, "。", extra.detail, extra.example or "")))
    return items[:bound]


def _aspect_index(paragraph: str, profile: Profile) -> tuple[int, str] | None:
    """(aspect index, the rest of the paragraph) for a （一）在……方面。 paragraph."""
    mark = _ASPECT_MARK.match(paragraph)
    if mark is None:
        return None
    body = paragraph[mark.end():]
    best, score, cut = None, 0.0, 0
    for index, aspect in enumerate(profile.aspects):
        heading = profile.wording.aspect_heading.format(aspect=aspect, short=profile.aspect_short(index))
        for candidate in (heading, heading.rstrip("。：:")):
            if body.startswith(candidate):
                return index, body[len(candidate):].lstrip("。：:")
        end = body.find("。")
        guess = body[: end + 1] if 0 <= end <= len(heading) + 15 else body[: len(heading)]
        ratio = SequenceMatcher(None, guess, heading).ratio()
        if ratio > score:
            best, score, cut = index, ratio, len(guess)
    if best is None or score < 0.6:
        return None
    return best, body[cut:]


def _problems(block: list[str], state: _State) -> tuple[list[ThemeContent], tuple[str, ...]]:
    profile, w = state.profile, state.profile.wording
    aspects: dict[int, list[str]] = {}
    current: list[str] | None = None
    declarations: list[str] = []
    heading = w.declarations_heading.rstrip("：:")
    for paragraph in block:
        found = _aspect_index(paragraph, profile)
        if found is not None and found[0] not in aspects:
            current = aspects[found[0]] = [found[1]] if found[1].strip() else []
        elif _ASPECT_MARK.match(paragraph):
            # An aspect this meeting does not have (or one given twice): kept, never
            # filed under the aspect before it.
            state.keep(w.problems_heading, paragraph)
            current = None
        elif heading and paragraph.startswith(heading):
            body = paragraph[len(heading):].lstrip("：:")
            _, chunks, _ = numbered_chunks(body, min_items=1)
            declarations += [strip_item_number(c).strip() for c in chunks if c.strip()]
            current = None
        elif current is not None:
            current.append(paragraph)
        else:
            state.keep(w.problems_heading, paragraph)
    themes: list[ThemeContent] = []
    for index, aspect in enumerate(profile.aspects):
        if index not in aspects:
            state.notes.append(f"未找到“{aspect}”方面的内容")
            themes.append(ThemeContent())
            continue
        lead, problems = _items("\n".join(aspects[index]), Shape.PROBLEMS)
        known = state.known(aspect=aspect, short=profile.aspect_short(index))
        if lead and state.learn(match_wording(w.lead_default, lead, known)):
            lead = ""
        problems = _within(problems, profile.counts.problems.max, f"（{index + 1}）{aspect}", state)
        themes.append(ThemeContent(lead or None, tuple(problems)))
    for extra in declarations[len(profile.declarations):]:
        state.keep(w.declarations_heading, extra)
    return themes, tuple(declarations[: len(profile.declarations)])


def _list_part(key: str, block: list[str], state: _State) -> list[Item]:
    w = state.profile.wording
    lead, items = _items("\n".join(block), Shape.ITEMS)
    lead_template = {"causes": w.causes_lead, "measures": w.measures_lead,
                     "rectification": w.rectification_lead}[key]
    known = state.known(count=chinese_count(max(len(items), 1)))
    if lead and not state.learn(match_wording(lead_template, lead, known)):
        state.keep(_headings(state.profile)[key], lead)
    return _within(items, getattr(state.profile.counts, key).max, _headings(state.profile)[key], state)


def _rectification(items: list[Item], profile: Profile) -> tuple[Rectification, ...]:
    marker = profile.wording.remaining_marker
    found = []
    for item in items:
        body = item.detail + (item.example or "")
        done, sep, remaining = body.partition(marker) if marker else (body, "", "")
        found.append(Rectification(item.title, _stop(done.strip()), _stop(remaining.strip()) if sep else None))
    return tuple(found)


def _closing(blocks: list[tuple[str | None, list[str]]], state: _State) -> str | None:
    """The last paragraph, when it is the closing (以上是我个人的对照检查……) rather than an item."""
    if not blocks or not blocks[-1][1]:
        return None
    last = blocks[-1][1][-1]
    if item_number(last) is not None or _ASPECT_MARK.match(last):
        return None
    closing = state.profile.wording.closing
    if not (last.startswith("以上") or "批评指正" in last or match_wording(closing, last, state.known())):
        return None
    blocks[-1][1].pop()
    return None if state.learn(match_wording(closing, last, state.known())) else last


def import_material(paragraphs: Sequence[str], profile: Profile) -> ImportedMaterial:
    """The material's content in `profile`'s structure, and what could not be placed."""
    state = _State(profile)
    blocks: list[tuple[str | None, list[str]]] = [(None, [])]
    for paragraph in (p.strip() for p in paragraphs):
        if not paragraph:
            continue
        key = _part_of(paragraph, profile)
        if key is not None and key not in [k for k, _ in blocks]:
            blocks.append((key, []))
        elif _H1.match(paragraph) and len(blocks) > 1 and len(paragraph) <= 20:
            blocks.append(("?" + paragraph, []))
        else:
            blocks[-1][1].append(paragraph)
    closing = _closing(blocks, state)
    title, preamble = _title_and_preamble(blocks[0][1], state)
    parts: dict[str, list[str]] = {}
    for key, block in blocks[1:]:
        assert key is not None
        if key.startswith("?"):
            state.keep(key[1:], "\n".join([key[1:], *block]))
        else:
            parts[key] = block
    for key in profile.layout.parts:
        if key not in parts:
            state.notes.append(f"未找到“{_headings(profile).get(key, key)}”部分")
    themes, declarations = _problems(parts.get("problems", []), state)
    case = None
    if parts.get("case"):
        text = "".join(parts["case"])
        head, stop, rest = text.partition("。")
        case = Case(head, _stop(rest)) if stop else Case(text)
    counts: dict[str, int | str] = {c.id: int(state.found[f"counts.{c.id}"]) for c in profile.preamble_counts
                                    if f"counts.{c.id}" in state.found}
    if not state.found.get("position"):
        state.notes.append("未能从材料中识别职务，请导入后填写")
    content = DraftContent(
        profile_id=profile.id,
        author=Author(state.found.get("position"), state.found.get("name")),
        title=title, preamble=preamble, themes=tuple(themes), declarations=declarations,
        causes=tuple(_list_part("causes", parts["causes"], state)) if "causes" in parts else (),
        measures=tuple(_list_part("measures", parts["measures"], state)) if "measures" in parts else (),
        closing=closing, counts=counts,
        rectification=_rectification(_list_part("rectification", parts["rectification"], state), profile)
        if "rectification" in parts else (),
        case=case,
    )
    return ImportedMaterial(content, tuple(state.unplaced), tuple(state.notes))
