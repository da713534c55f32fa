"""The answers file (YAML): backup, import, preparing answers on a computer, carrying over.

Schema, in profile order (optional keys may be absent):

    profile: 2021-dangshi
    author: {position: 县委副书记、县长, name: 张三, unit: 某县人民政府}
    title: …          # optional override of the title line
    preamble: …       # optional override
    counts: {study: 6, opinions: 23, talks: 41}   # only profiles with preamble_counts
    rectification:    # only profiles with 上年度整改落实情况: one entry per last year's measure
      - {title: …, done: …, remaining: …}         # remaining optional
    themes:           # one entry per aspect, in the profile's order
      - lead: …
        problems:
          - {title: …, detail: …, example: …}   # example optional
    declarations: [… , …]   # the final sentences
    case: {title: …, detail: …}   # only profiles with 典型案例剖析
    free: {basic: …}  # only profiles with parts of their own (e.g. 党支部基本情况), by key
    options: {items: numbered}    # only profiles with options: the chosen form
    causes:   [{title: …, detail: …}]
    measures: [{title: …, detail: …, answers: ["1.2", "3.1"]}]   # answers optional
    closing: …        # optional override

A team's material (voice: team) names the team in author.unit and has no position.

A measure's `answers` lists the problems it answers (the official's /link marks), each
as "aspect.problem": "3.1" is the first problem of the third aspect.

Files written before a profile had the optional sections still read unchanged.
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

from bot.draft.answers_dump import dump_answers
from bot.draft.content import Author, Case, DraftContent, Item, Rectification, ThemeContent
from bot.draft.decode import TextEncodingError, decode_text
from bot.interview.file_bounds import bound_problems
from bot.profiles.model import Bounds, Profile

MAX_FILE_BYTES = 512 * 1024  # a whole seed-sized draft is ~40 KB of YAML


class AnswersFileError(ValueError):
    """An answers file that cannot be used; problems name the key path and what is wrong."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


# Control characters other than tab and line breaks, and lone surrogates.
_UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")

MAX_DEPTH = 20  # an answers file is four levels deep; "[[[[…" must not exhaust the stack


class _NoAliasSafeLoader(yaml.SafeLoader):
    """SafeLoader without anchors/aliases (a "billion laughs" file cannot expand) and
    with a nesting limit (a deeply nested file cannot overflow the parser's recursion)."""

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.constructor.ConstructorError(
                None, None, "不支持 YAML 别名（*）", event.start_mark)
        if self._depth >= MAX_DEPTH:
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.constructor.ConstructorError(
                None, None, f"嵌套层次过深（超过{MAX_DEPTH}层）", event.start_mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _text(value: Any, path: str, problems: list[str], required: bool) -> str | None:
    if value is None:
        if required:
            problems.append(f"{path}：缺少内容")
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        problems.append(f"{path}：应为文本，实际为{_type_name(value)}")
        return None
    if isinstance(value, float) and not math.isfinite(value):
        problems.append(f"{path}：应为文本，不能是 NaN 或无穷大（如 .nan、1e400）")
        return None
    text = str(value).strip()
    if _UNSTORABLE.search(text):
        # PostgreSQL cannot store NUL, and a lone surrogate cannot be encoded at all.
        problems.append(f"{path}：含有不可见的控制字符（如 NUL）或无效字符，请删去后重新导入")
        return None
    if not text and required:
        problems.append(f"{path}：不能为空")
        return None
    return text or None


def _type_name(value: Any) -> str:
    if isinstance(value, dict):
        return "映射"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, bool):
        return "是/否"
    return type(value).__name__


def _items(raw: Any, path: str, problems: list[str], bounds: Bounds, example: bool,
           noun: str, extra: frozenset[str] = frozenset()) -> tuple[Item, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        problems.append(f"{path}：应为列表")
        return ()
    if len(raw) > bounds.max:
        problems.append(f"{path}：最多{bounds.max}条{noun}，实际{len(raw)}条")
    found: list[Item] = []
    for index, entry in enumerate(raw):
        where = f"{path}[{index}]"
        if not isinstance(entry, dict):
            problems.append(f"{where}：应为映射（title、detail{'、example' if example else ''}）")
            continue
        allowed = ({"title", "detail", "example"} if example else {"title", "detail"}) | extra
        for key in entry:
            if key not in allowed:
                problems.append(f"{where}.{key}：未知的键")
        title = _text(entry.get("title"), f"{where}.title", problems, True)
        detail = _text(entry.get("detail"), f"{where}.detail", problems, True)
        ex = _text(entry.get("example"), f"{where}.example", problems, False) if example else None
        if title and detail:
            found.append(Item(title, detail, ex))
    return tuple(found)


_LINK = re.compile(r"^\s*(\d{1,2})\s*[.．]\s*(\d{1,2})\s*$")


def _links(raw: Any, themes: list[ThemeContent], problems: list[str]) -> dict[int, frozenset[str]]:
    """measures[k].answers: which problems measure k answers, as written in the file."""
    if not isinstance(raw, list):
        return {}
    links: dict[int, frozenset[str]] = {}
    for index, entry in enumerate(raw):
        if not isinstance(entry, dict) or entry.get("answers") is None:
            continue
        where = f"measures[{index}].answers"
        listed = entry["answers"]
        if not isinstance(listed, list):
            problems.append(f"{where}：应为列表，如 [\"1.2\", \"3.1\"]")
            continue
        refs: set[str] = set()
        for value in listed:
            match = _LINK.match(value) if isinstance(value, str) else None
            if match is None:
                # 1.2 without quotes is a number to YAML, and 1.10 would read as 1.1
                problems.append(f"{where}：“{value}”应写作带引号的“方面序号.问题序号”，如 \"1.2\"")
                continue
            aspect, number = int(match.group(1)), int(match.group(2))
            if not 1 <= aspect <= len(themes) or not 1 <= number <= len(themes[aspect - 1].problems):
                problems.append(f"{where}：文件中没有第{aspect}个方面的第{number}个问题")
                continue
            refs.add(f"themes.{aspect}.problems.{number}")
        if refs:
            links[index + 1] = frozenset(refs)
    return links


def _counts(raw: Any, profile: Profile, problems: list[str]) -> dict[str, int | str]:
    if raw is None:
        return {}
    known = {c.id: c for c in profile.preamble_counts}
    if not known:
        problems.append("counts：该会议的开头段落不填写数字")
        return {}
    if not isinstance(raw, dict):
        problems.append(f"counts：应为映射（{'、'.join(known)}）")
        return {}
    found: dict[str, int | str] = {}
    for key, value in raw.items():
        where = f"counts.{key}"
        if key not in known:
            problems.append(f"{where}：未知的键；可用：{'、'.join(known)}")
        elif value is None:
            continue
        elif isinstance(value, str) and (approx := re.fullmatch(r"(\d{1,7})余", value.strip())) \
                and int(approx.group(1)) <= known[key].max:
            found[key] = f"{int(approx.group(1))}余"  # "30余": more than 30, as the material says
        elif isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= known[key].max:
            problems.append(f"{where}：应为 0 至 {known[key].max} 的整数（或如“30余”）")
        else:
            found[key] = value
    return found


def _rectification(raw: Any, profile: Profile, problems: list[str]) -> tuple[Rectification, ...]:
    if raw is None:
        return ()
    if profile.rectification_place is None:
        problems.append("rectification：该会议没有上年度整改落实情况")
        return ()
    if not isinstance(raw, list):
        problems.append("rectification：应为列表，每项是上年度的一条整改措施")
        return ()
    bounds = profile.counts.rectification
    if len(raw) > bounds.max:
        problems.append(f"rectification：最多{bounds.max}条上年度整改措施，实际{len(raw)}条")
    found: list[Rectification] = []
    for index, entry in enumerate(raw):
        where = f"rectification[{index}]"
        if not isinstance(entry, dict):
            problems.append(f"{where}：应为映射（title、done、remaining）")
            continue
        for key in entry:
            if key not in ("title", "done", "remaining"):
                problems.append(f"{where}.{key}：未知的键")
        title = _text(entry.get("title"), f"{where}.title", problems, True)
        done = _text(entry.get("done"), f"{where}.done", problems, True)
        remaining = _text(entry.get("remaining"), f"{where}.remaining", problems, False)
        if title and done:
            found.append(Rectification(title, done, remaining))
    return tuple(found)


def _case(raw: Any, profile: Profile, problems: list[str]) -> Case | None:
    if raw is None:
        return None
    if not profile.has_case:
        problems.append("case：该会议没有典型案例剖析")
        return None
    if not isinstance(raw, dict):
        problems.append("case：应为映射（title、detail）")
        return None
    for key in raw:
        if key not in ("title", "detail"):
            problems.append(f"case.{key}：未知的键")
    title = _text(raw.get("title"), "case.title", problems, True)
    detail = _text(raw.get("detail"), "case.detail", problems, True)
    return Case(title, detail) if title and detail else None


def _author(raw: Any, profile: Profile, problems: list[str]) -> Author:
    # A team's material is the team's: its name (unit) is needed, no personal position.
    team = profile.voice == "team"
    if not isinstance(raw, dict):
        problems.append("author：应为映射，至少包含 " + ("unit（班子名称）" if team else "position（职务）"))
        return Author()
    for key in raw:
        if key not in ("position", "name", "unit"):
            problems.append(f"author.{key}：未知的键")
    return Author(
        _text(raw.get("position"), "author.position", problems, not team),
        _text(raw.get("name"), "author.name", problems, False),
        _text(raw.get("unit"), "author.unit", problems, team),
    )


def _free(raw: Any, profile: Profile, problems: list[str]) -> dict[str, str]:
    if raw is None:
        return {}
    known = [p.key for p in profile.free_parts]
    if not isinstance(raw, dict) or not known:
        problems.append(f"free：应为映射（{'、'.join(known)}）" if known else "free：该会议没有自定的部分")
        return {}
    found: dict[str, str] = {}
    for key, value in raw.items():
        if key not in known:
            problems.append(f"free.{key}：未知的键；可用：{'、'.join(known)}")
        elif (text := _text(value, f"free.{key}", problems, False)) is not None:
            found[key] = text
    return found


def _options(raw: Any, profile: Profile, problems: list[str]) -> dict[str, str]:
    if raw is None:
        return {}
    by_id = {o.id: o for o in profile.options}
    if not isinstance(raw, dict) or not by_id:
        problems.append(f"options：应为映射（{'、'.join(by_id)}）" if by_id else "options：该会议没有可选写法")
        return {}
    found: dict[str, str] = {}
    for key, value in raw.items():
        option = by_id.get(key)
        if option is None:
            problems.append(f"options.{key}：未知的键；可用：{'、'.join(by_id)}")
            continue
        ids = [c.id for c in option.choices]
        if value not in ids:
            problems.append(f"options.{key}：应为 {'、'.join(ids)} 之一")
        else:
            found[key] = value
    return found


def parse_answers(data: bytes | str, profile_for: Any) -> DraftContent:
    """Read an answers file. profile_for(profile_id) returns the Profile or None.

    Nothing is returned unless the whole file is valid, so an import is all or nothing.
    """
    raw_bytes = data.encode("utf-8") if isinstance(data, str) else data
    if len(raw_bytes) > MAX_FILE_BYTES:
        size, limit = len(raw_bytes) // 1024, MAX_FILE_BYTES // 1024
        raise AnswersFileError([f"文件过大（{size} KB），答案文件不应超过 {limit} KB"])
    try:
        text = decode_text(raw_bytes)
    except TextEncodingError as exc:
        raise AnswersFileError([str(exc)]) from exc
    try:
        doc = yaml.load(text, Loader=_NoAliasSafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第{mark.line + 1}行：" if mark is not None else ""
        raise AnswersFileError([f"{where}YAML 格式错误：{getattr(exc, 'problem', None) or exc}"]) from exc
    if not isinstance(doc, dict):
        raise AnswersFileError(["文件内容应为一个映射，首行应为 profile: <会议配置编号>"])
    problems: list[str] = []
    profile_id = _text(doc.get("profile"), "profile", problems, True)
    profile: Profile | None = profile_for(profile_id) if profile_id else None
    if profile_id and profile is None:
        raise AnswersFileError([f"profile：没有编号为“{profile_id}”的会议配置"])
    assert profile is not None or problems
    known = {"profile", "author", "title", "preamble", "counts", "rectification", "themes", "declarations",
             "case", "causes", "measures", "closing", "free", "options"}
    for key in doc:
        if key not in known:
            problems.append(f"{key}：未知的键")
    if profile is None:
        raise AnswersFileError(problems)
    author = _author(doc.get("author"), profile, problems)

    themes_raw = doc.get("themes") or []
    themes: list[ThemeContent] = []
    if not isinstance(themes_raw, list):
        problems.append("themes：应为列表，每个方面一项")
        themes_raw = []
    if len(themes_raw) > len(profile.aspects):
        problems.append(f"themes：该会议共{len(profile.aspects)}个方面，文件中有{len(themes_raw)}个")
    for index, entry in enumerate(themes_raw[: len(profile.aspects)]):
        where = f"themes[{index}]"
        if entry is None:
            themes.append(ThemeContent())
            continue
        if not isinstance(entry, dict):
            problems.append(f"{where}：应为映射（lead、problems）")
            continue
        for key in entry:
            if key not in ("lead", "problems"):
                problems.append(f"{where}.{key}：未知的键")
        themes.append(ThemeContent(
            _text(entry.get("lead"), f"{where}.lead", problems, False),
            _items(entry.get("problems"), f"{where}.problems", problems, profile.counts.problems,
                   True, "问题"),
        ))
    declarations_raw = doc.get("declarations") or []
    declarations: list[str] = []
    if not isinstance(declarations_raw, list):
        problems.append("declarations：应为列表，每项一句")
    else:
        if len(declarations_raw) > len(profile.declarations):
            problems.append(f"declarations：该会议共{len(profile.declarations)}项需要说明的事项，"
                            f"文件中有{len(declarations_raw)}项")
        for index, sentence in enumerate(declarations_raw):
            value = _text(sentence, f"declarations[{index}]", problems, True)
            if value:
                declarations.append(value)
    content = DraftContent(
        profile_id=profile.id,
        author=author,
        title=_text(doc.get("title"), "title", problems, False),
        preamble=_text(doc.get("preamble"), "preamble", problems, False),
        themes=tuple(themes),
        declarations=tuple(declarations),
        causes=_items(doc.get("causes"), "causes", problems, profile.counts.causes, False, "原因"),
        measures=_items(doc.get("measures"), "measures", problems, profile.counts.measures, False, "措施",
                        extra=frozenset({"answers"})),
        closing=_text(doc.get("closing"), "closing", problems, False),
        counts=_counts(doc.get("counts"), profile, problems),
        rectification=_rectification(doc.get("rectification"), profile, problems),
        case=_case(doc.get("case"), profile, problems),
        free=_free(doc.get("free"), profile, problems),
        options=_options(doc.get("options"), profile, problems),
        links=_links(doc.get("measures"), themes, problems),
    )
    problems += bound_problems(profile, content)  # the bounds of chat, for every value read
    if problems:
        raise AnswersFileError(problems)
    return content


__all__ = ["MAX_FILE_BYTES", "AnswersFileError", "dump_answers", "parse_answers"]
