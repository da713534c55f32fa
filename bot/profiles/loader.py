"""Load and validate meeting profiles from YAML, reporting file, line and reason.

Every problem of a file is collected, not just the first. A profile that
`extends:` another is merged first (bot.profiles.inherit) and then validated as
a whole; each problem still names the file and line the offending value came
from. Its `source` is the resolved profile as one YAML text, which is what a
draft's snapshot keeps.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml

from bot.profiles.checker import Checker
from bot.profiles.extras import parse_phrases, parse_review
from bot.profiles.forms import aspect_form, parse_layout, parse_options
from bot.profiles.inherit import Located, Path_, ProfileError, problem, read_located, resolve
from bot.profiles.matters import declarations_of, preamble_counts_of
from bot.profiles.model import (
    BASE_KINDS,
    CHOICE_KINDS,
    FEATURE_KINDS,
    PARAGRAPH_BREAK,
    QUESTION_KINDS,
    TODO_MARK,
    VOICES,
    Aspect,
    Bounds,
    Counts,
    Option,
    Profile,
    QuestionText,
    Wording,
    freeze_questions,
)

__all__ = ["ProfileError", "duplicate_ids", "load_folder", "load_profile", "parse_profile"]

_BASE_WORDING: dict[str, set[str]] = {
    "title": {"name", "meeting", "year", "position", "unit"},
    "title_anonymous": {"meeting", "year", "position", "unit"},
    # {aspect_count}: 五 (五个方面); {aspect_total}: 5 (5个方面), as most 2025 materials write it;
    # {aspects_quoted}: “带头……”“带头……”, each aspect in quotes (aspects that contain 、 stay apart).
    "preamble": {"notice", "theme", "aspects", "aspects_quoted", "aspect_count", "aspect_total", "meeting",
                 "year", "position", "unit"},
    "problems_heading": set(),
    "aspect_heading": {"aspect", "short"},
    "lead_default": {"aspect", "short", "position", "unit"},
    "example_marker": set(),
    "causes_heading": set(),
    "measures_heading": set(),
    "closing": {"position", "unit"},
}
# Keys that may be empty: an aspect with no lead sentence at all.
_MAY_BE_EMPTY = {"lead_default"}
# Optional keys: which feature makes each one required (None: never required).
_OPTIONAL_WORDING: dict[str, tuple[str | None, set[str]]] = {
    "declarations_heading": ("declarations", set()),
    "causes_lead": (None, {"position", "unit"}),
    "measures_lead": (None, {"position", "unit"}),
    "counts_title": ("counts", set()),
    "rectification_heading": ("rectification", set()),
    # {count}: 四 (四个问题); {count_n}: 4; {titles}: last year's titles joined with 、.
    "rectification_lead": (None, {"count", "count_n", "titles", "position", "unit"}),
    "remaining_marker": ("rectification", set()),
    "case_heading": ("case", set()),
    "problems_lead": (None, {"position", "unit", "aspect_count", "aspect_total"}),
}
_QUESTION_PLACEHOLDERS = {"aspect", "short", "n", "number", "matter", "measure"}
_TOP_KEYS = {"id", "version", "year", "name", "meeting", "notice", "theme", "aspects", "counts",
             "wording", "declarations", "questions", "voice", "layout", "preamble_counts", "length",
             "phrases", "review", "options"}
_LIST_LAYOUTS = ("problems", "causes", "measures", "rectification")


def _aspects(c: Checker, data: dict[str, Any]) -> tuple[list[str], list[str], list[Aspect]]:
    raw = c.get(data, (), "aspects", list)
    titles: list[str] = []
    shorts: list[str] = []
    forms: list[Aspect] = []
    if raw is None:
        return titles, shorts, forms
    if not 1 <= len(raw) <= 12:
        c.fail(("aspects",), f"方面数应为 1 至 12 个，实际 {len(raw)} 个")
    for index, aspect in enumerate(raw):
        path: Path_ = ("aspects", index)
        if isinstance(aspect, dict):
            c.unknown(aspect, path, ("title", "short", "lead", "prose"), "字段")
            title = c.get(aspect, path, "title", str)
            short = c.get(aspect, path, "short", str, required=False)
        elif isinstance(aspect, str) and aspect.strip():
            title, short = aspect, None
        else:
            c.fail(path, "每个方面应为非空文本，或 {title: 全称, short: 简称}")
            continue
        if title is not None:
            titles.append(title.strip())
            shorts.append((short or title).strip())
            forms.append(aspect_form(c, aspect, path))
    if len(set(titles)) != len(titles):
        c.fail(("aspects",), "方面不能重复")
    return titles, shorts, forms


def _questions(c: Checker, data: dict[str, Any], needed: list[str], voice: str) -> dict[str, QuestionText]:
    questions: dict[str, QuestionText] = {}
    raw_all = c.get(data, (), "questions", dict)
    if raw_all is None:
        return questions
    for kind in QUESTION_KINDS:
        raw = raw_all.get(kind)
        path: Path_ = ("questions", kind)
        if raw is None and kind not in needed:
            continue
        if not isinstance(raw, dict):
            c.fail(path if kind in raw_all else ("questions",), f"缺少问题 {kind}")
            continue
        prompt = c.get(raw, path, "prompt", str)
        hint = c.get(raw, path, "hint", str)
        required = c.get(raw, path, "required", bool, required=False)
        low = c.get(raw, path, "min_length", int, required=False)
        high = c.get(raw, path, "max_length", int, required=False)
        low = 1 if low is None else low
        high = 4000 if high is None else high
        if not 1 <= low <= high <= 4000:
            c.fail(path, f"长度限制应满足 1 ≤ min_length ≤ max_length ≤ 4000，实际 {low}、{high}")
        if kind in CHOICE_KINDS and required is False:
            c.fail((*path, "required"), "选择题不能设为可跳过")
        c.unknown(raw, path, ("prompt", "hint", "required", "min_length", "max_length"), "字段")
        if prompt is not None:
            c.placeholders((*path, "prompt"), prompt, _QUESTION_PLACEHOLDERS)
        if prompt is not None and hint is not None:
            questions[kind] = QuestionText(prompt=prompt.strip(), hint=hint.strip(),
                                           required=True if required is None else required,
                                           min_length=low, max_length=high)
    for kind in raw_all:
        if kind not in QUESTION_KINDS:
            c.fail(("questions", kind), f"未知的问题类型；可用：{', '.join(QUESTION_KINDS)}")
    # Who the material belongs to must be known: a person's position, or the team's name.
    who = "author.position" if voice == "personal" else "author.unit"
    if who in questions and not questions[who].required:
        c.fail(("questions", who, "required"),
               "个人材料的职务为必填项" if voice == "personal" else "班子材料的单位（班子名称）为必填项")
    return questions


def _check(located: Located) -> dict[str, Any]:
    """Validate merged profile data; returns the Profile's fields or raises ProfileError."""
    c = Checker(located)
    data = located.data
    profile_id = c.get(data, (), "id", str)
    if profile_id is not None and not all(ch.isalnum() or ch in "-_" for ch in profile_id):
        c.fail(("id",), "只能包含字母、数字、- 和 _")
    version = c.get(data, (), "version", int)
    year = c.get(data, (), "year", int)
    fields = {key: c.get(data, (), key, str) for key in ("name", "meeting", "notice", "theme")}
    voice = c.get(data, (), "voice", str, required=False) or "personal"
    if voice not in VOICES:
        c.fail(("voice",), f"应为 {' / '.join(VOICES)} 之一（个人材料 / 班子材料），实际 {voice}")
        voice = "personal"
    aspects, shorts, forms = _aspects(c, data)

    counts_raw = c.get(data, (), "counts", dict, required=False) or {}
    c.unknown(counts_raw, ("counts",), ("problems", "causes", "measures", "rectification"), "条数项")
    default_counts = Counts(Bounds(1, 4), Bounds(3, 6), Bounds(3, 6))
    counts = Counts(**{key: c.bounds(counts_raw.get(key), ("counts", key), getattr(default_counts, key), 1, 20)
                       for key in ("problems", "causes", "measures", "rectification")})
    length_raw = data.get("length")
    length = c.bounds(length_raw, ("length",), Bounds(1, 1), 100, 50000) if length_raw is not None else None

    declarations = declarations_of(c, data)
    preamble_counts = preamble_counts_of(c, data)
    layout, free_parts = parse_layout(c, data)

    wording_raw = c.get(data, (), "wording", dict)
    in_preamble = isinstance(wording_raw, dict) and "{rectification}" in str(wording_raw.get("preamble", ""))
    features = {name for name, present in (
        ("declarations", bool(declarations)),
        ("counts", bool(preamble_counts)),
        ("rectification", "rectification" in layout.parts or in_preamble),
        ("case", "case" in layout.parts),
        ("prose", any(f.prose for f in forms))) if present}
    wording_values: dict[str, str] = {}
    if wording_raw is not None:
        if "rectification" in layout.parts and in_preamble:
            c.fail(("wording", "preamble"),
                   "上年度整改落实情况已单独成部分（layout.parts），开头段落不能再用 {rectification}")
        wanted = {key: (True, allowed) for key, allowed in _BASE_WORDING.items()}
        wanted |= {key: (feature in features, allowed) for key, (feature, allowed) in _OPTIONAL_WORDING.items()}
        count_fields = {f"counts.{f.id}" for f in preamble_counts}
        wanted["preamble"] = (True, _BASE_WORDING["preamble"] | count_fields | {"rectification"})
        preamble_fields: set[str] = set()
        if isinstance(wording_raw.get("preamble"), list):
            # A preamble of several paragraphs: one list item each (a line break separates them).
            items = wording_raw["preamble"]
            if not items or not all(isinstance(i, str) and i.strip() for i in items):
                c.fail(("wording", "preamble"), "应为文本，或每段一项的非空文本列表")
            wording_raw = {**wording_raw, "preamble": PARAGRAPH_BREAK.join(
                "".join(str(i).split()) for i in items if isinstance(i, str))}
        for key, (required, allowed) in wanted.items():
            value = c.get(wording_raw, ("wording",), key, str, required=required, empty=key in _MAY_BE_EMPTY)
            if value is not None:
                used = c.placeholders(("wording", key), value, allowed)
                if key == "preamble":
                    preamble_fields = used
                wording_values[key] = value
        c.unknown(wording_raw, ("wording",), wanted, "措辞项")
        for index, count in enumerate(preamble_counts):
            if "preamble" in wording_values and f"counts.{count.id}" not in preamble_fields:
                c.fail(("preamble_counts", index, "id"),
                       f"开头段落（wording.preamble）中没有使用 {{counts.{count.id}}}")

    needed = [k for k in BASE_KINDS if "declarations" in features or not k.startswith("declaration.")]
    for feature, kinds in FEATURE_KINDS.items():
        if feature in features:
            needed.extend(kinds)
    questions = _questions(c, data, needed, voice)

    # Optional keys of bot.profiles.extras: drafting phrases and the reviewer's settings.
    phrases = parse_phrases(c, data, len(aspects))
    review = parse_review(c, data)
    _unfilled(c, data, ())
    options: tuple[Option, ...] = ()
    # Wording is Chinese prose folded over several YAML lines: line breaks and
    # indentation are layout, not text (a list preamble's paragraphs are kept apart).
    normalized = {k: PARAGRAPH_BREAK.join("".join(part.split()) for part in v.split(PARAGRAPH_BREAK))
                  for k, v in wording_values.items()}
    wording = Wording(**normalized) if not c.problems else None
    if "options" in data and wording is not None:
        base = {"layout": layout, "wording": wording, "free_parts": tuple(free_parts)}
        options = parse_options(c, data, base, lambda patched: _check_or_problems(located, patched))

    c.unknown(data, (), _TOP_KEYS, "顶层字段")
    if c.problems:
        raise ProfileError(c.problems)
    return dict(
        id=profile_id, version=version, year=year, name=fields["name"], meeting=fields["meeting"],
        notice=fields["notice"], theme=fields["theme"], aspects=tuple(aspects), counts=counts,
        wording=wording,
        declarations=tuple(declarations), questions=freeze_questions(questions),
        aspect_shorts=tuple(shorts), voice=voice, layout=layout, preamble_counts=tuple(preamble_counts),
        length=length, phrases=phrases, review=review, aspect_forms=tuple(forms),
        free_parts=tuple(free_parts), options=options,
    )


def _unfilled(c: Checker, value: Any, path: Path_) -> None:
    """Values still marked for the secretary to fill (selfreview new-profile) refuse the profile."""
    if isinstance(value, str) and TODO_MARK in value:
        c.fail(path, f"尚未填写：请照抄通知原文，替换“{value}”")
    elif isinstance(value, dict):
        for key, item in value.items():
            _unfilled(c, item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _unfilled(c, item, (*path, index))


def _check_or_problems(located: Located, data: dict[str, Any]) -> dict[str, Any] | list[str]:
    """The fields of a profile built from data (with located's lines), or why it fails."""
    try:
        return _check(Located(data, located.lines, located.name))
    except ProfileError as exc:
        return [p.split(": ", 1)[-1] for p in exc.problems]


def _resolved_text(data: dict[str, Any], lineage: tuple[str, ...]) -> str:
    """The merged profile as one self-contained YAML text (a draft's snapshot)."""
    header = (f"# 会议配置 {data.get('id')} 的完整内容（继承自 {' ← '.join(lineage)}），"
              "由 selfreview 合并生成，供草稿固定所用版本。\n")
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000)


Lookup = Callable[[str], Located | None]


def _build(doc: Located, text: str, lookup: Lookup | None) -> Profile:
    if "extends" in doc.data:
        if lookup is None:
            where = doc.where(("extends",))
            raise ProfileError([problem(where, ("extends",), "无法解析继承：请在会议配置目录中检查此文件")])
        merged, lineage = resolve(doc, lookup)
        fields = _check(merged)
        source = _resolved_text(merged.data, lineage)
    else:
        fields = _check(doc)
        source = text
    return Profile(**fields, digest=hashlib.sha256(source.encode("utf-8")).hexdigest(), source=source)


def parse_profile(text: str, name: str = "<profile>", lookup: Lookup | None = None) -> Profile:
    """Build a Profile from YAML text or raise ProfileError listing every problem.

    lookup(id) returns the parsed document of another profile, for `extends:`.
    """
    return _build(read_located(text, name), text, lookup)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError([f"{path}:1: 无法读取：{exc}"]) from exc


class _Library:
    """The raw profile documents of some folders, by id, for resolving `extends:`."""

    def __init__(self, folders: Iterable[Path]) -> None:
        self.by_id: dict[str, Located] = {}
        self.paths: dict[str, Path] = {}
        self.problems: list[str] = []
        self.duplicates: list[str] = []
        self.documents: list[tuple[Path, str, Located]] = []
        for folder in folders:
            for path in sorted(folder.glob("*.yaml")):
                self.add(path)

    def add(self, path: Path) -> Located | None:
        try:
            text = _read(path)
            doc = read_located(text, str(path))
        except ProfileError as exc:
            self.problems.extend(exc.problems)
            return None
        self.documents.append((path, text, doc))
        profile_id = doc.data.get("id")
        if isinstance(profile_id, str):
            if profile_id in self.by_id and self.paths[profile_id].resolve() != path.resolve():
                where = doc.where(("id",))
                self.duplicates.append(problem(where, ("id",), f"与 {self.paths[profile_id]} 重复：{profile_id}"))
            else:
                self.by_id.setdefault(profile_id, doc)
                self.paths.setdefault(profile_id, path)
        return doc

    def find(self, profile_id: str) -> Located | None:
        return self.by_id.get(profile_id)


def load_folder(folder: Path) -> list[Profile]:
    """Every profile in folder, parents resolved among them; one bad file refuses all."""
    library = _Library([folder])
    problems = library.problems + library.duplicates
    profiles: list[Profile] = []
    for _, text, doc in library.documents:
        try:
            profiles.append(_build(doc, text, library.find))
        except ProfileError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ProfileError(problems)
    if not profiles:
        raise ProfileError([f"{folder}: 没有找到任何会议配置（*.yaml）"])
    return profiles


def duplicate_ids(folder: Path) -> list[str]:
    """Files in folder that reuse another file's id (each file alone may still be valid)."""
    return _Library([folder]).duplicates


def load_profile(path: Path, search: Iterable[Path] = ()) -> Profile:
    """Read one profile file; parents it extends are looked up in its folder and in search."""
    text = _read(path)
    doc = read_located(text, str(path))
    library = _Library([*search, path.parent]) if "extends" in doc.data else None
    return _build(doc, text, library.find if library else None)
