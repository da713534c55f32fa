"""Load and validate meeting profiles from YAML, reporting file, line and reason."""

from __future__ import annotations

import hashlib
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.profiles.extras import parse_phrases, parse_review
from bot.profiles.model import (
    CHOICE_KINDS,
    QUESTION_KINDS,
    Bounds,
    Counts,
    Declaration,
    Profile,
    QuestionText,
    Wording,
    freeze_questions,
)

Path_ = tuple[str | int, ...]


class ProfileError(Exception):
    """A profile that cannot be used; str() names file, line and reason."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class _Located:
    data: Any
    lines: dict[Path_, int]


def _compose_lines(node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> None:
    # A key's own line wins over the line its value starts on.
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            lines[(*path, key)] = key_node.start_mark.line + 1
            _compose_lines(value_node, (*path, key), lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _compose_lines(item, (*path, index), lines)


def load_yaml_located(text: str) -> _Located:
    """Parse YAML safely and remember the line of every key and item."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    lines: dict[Path_, int] = {}
    if node is not None:
        _compose_lines(node, (), lines)
    return _Located(yaml.safe_load(text), lines)


_WORDING_PLACEHOLDERS: dict[str, set[str]] = {
    "title": {"name", "meeting", "year", "position", "unit"},
    "title_anonymous": {"meeting", "year", "position", "unit"},
    "preamble": {"notice", "theme", "aspects", "aspect_count", "meeting", "year", "position"},
    "problems_heading": set(),
    "aspect_heading": {"aspect"},
    "lead_default": {"aspect", "position"},
    "example_marker": set(),
    "declarations_heading": set(),
    "causes_heading": set(),
    "measures_heading": set(),
    "closing": {"position"},
}
_QUESTION_PLACEHOLDERS = {"aspect", "n", "number", "matter"}


class _Checker:
    """Collects every problem of one file instead of stopping at the first."""

    def __init__(self, name: str, located: _Located) -> None:
        self.name = name
        self.located = located
        self.problems: list[str] = []

    def fail(self, path: Path_, reason: str) -> None:
        line = None
        probe = path
        while line is None and probe:
            line = self.located.lines.get(probe)
            probe = probe[:-1]
        where = f"{self.name}:{line or 1}"
        key = ".".join(str(p) for p in path) or "(top)"
        self.problems.append(f"{where}: {key}: {reason}")

    def get(self, mapping: Any, path: Path_, key: str, kind: type, required: bool = True) -> Any:
        if not isinstance(mapping, dict):
            return None
        if key not in mapping or mapping[key] is None:
            if required:
                self.fail(path, f"缺少必填项 {key}")
            return None
        value = mapping[key]
        if kind is int and isinstance(value, bool):
            self.fail((*path, key), "应为整数")
            return None
        if kind is str and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, kind):
            expected = {str: "文本", int: "整数", bool: "是/否（true/false）", list: "列表", dict: "映射"}[kind]
            self.fail((*path, key), f"应为{expected}，实际为 {type(value).__name__}")
            return None
        if isinstance(value, str) and not value.strip():
            self.fail((*path, key), "不能为空")
            return None
        return value

    def placeholders(self, path: Path_, text: str, allowed: set[str]) -> None:
        try:
            fields = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
        except ValueError as exc:
            self.fail(path, f"花括号不配对：{exc}")
            return
        for field_name in fields:
            if field_name not in allowed:
                names = "、".join("{" + a + "}" for a in sorted(allowed)) or "（无）"
                self.fail(path, f"未知占位符 {{{field_name}}}，可用：{names}")


def _bounds(c: _Checker, counts: Any, key: str, default: Bounds) -> Bounds:
    path: Path_ = ("counts", key)
    raw = c.get(counts, ("counts",), key, dict, required=False) if isinstance(counts, dict) else None
    if raw is None:
        return default
    low = c.get(raw, path, "min", int)
    high = c.get(raw, path, "max", int)
    if low is None or high is None:
        return default
    if not 1 <= low <= high <= 20:
        c.fail(path, f"应满足 1 ≤ min ≤ max ≤ 20，实际 min={low} max={high}")
        return default
    return Bounds(low, high)


def parse_profile(text: str, name: str = "<profile>") -> Profile:
    """Build a Profile from YAML text or raise ProfileError listing every problem."""
    try:
        located = load_yaml_located(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise ProfileError([f"{name}:{line}: YAML 语法错误：{getattr(exc, 'problem', exc)}"]) from exc
    c = _Checker(name, located)
    data = located.data
    if not isinstance(data, dict):
        raise ProfileError([f"{name}:1: 文件内容应为一个映射（键: 值）"])

    profile_id = c.get(data, (), "id", str)
    if profile_id is not None and not all(ch.isalnum() or ch in "-_" for ch in profile_id):
        c.fail(("id",), "只能包含字母、数字、- 和 _")
    version = c.get(data, (), "version", int)
    year = c.get(data, (), "year", int)
    fields = {key: c.get(data, (), key, str) for key in ("name", "meeting", "notice", "theme")}

    aspects_raw = c.get(data, (), "aspects", list)
    aspects: list[str] = []
    if aspects_raw is not None:
        if not 1 <= len(aspects_raw) <= 12:
            c.fail(("aspects",), f"方面数应为 1 至 12 个，实际 {len(aspects_raw)} 个")
        for index, aspect in enumerate(aspects_raw):
            if not isinstance(aspect, str) or not aspect.strip():
                c.fail(("aspects", index), "每个方面应为非空文本")
            else:
                aspects.append(aspect.strip())

    counts_raw = data.get("counts")
    if counts_raw is not None and not isinstance(counts_raw, dict):
        c.fail(("counts",), "应为映射")
    counts = Counts(
        problems=_bounds(c, counts_raw, "problems", Bounds(1, 4)),
        causes=_bounds(c, counts_raw, "causes", Bounds(3, 6)),
        measures=_bounds(c, counts_raw, "measures", Bounds(3, 6)),
    )

    wording_raw = c.get(data, (), "wording", dict)
    wording_values: dict[str, str] = {}
    if wording_raw is not None:
        for key, allowed in _WORDING_PLACEHOLDERS.items():
            value = c.get(wording_raw, ("wording",), key, str)
            if value is not None:
                c.placeholders(("wording", key), value, allowed)
                wording_values[key] = value
        for key in wording_raw:
            if key not in _WORDING_PLACEHOLDERS:
                c.fail(("wording", key), "未知的措辞项")

    declarations: list[Declaration] = []
    declarations_raw = c.get(data, (), "declarations", list)
    seen_ids: set[str] = set()
    for index, raw in enumerate(declarations_raw or []):
        path: Path_ = ("declarations", index)
        if not isinstance(raw, dict):
            c.fail(path, "应为映射（id、question、hint、if_no、if_yes）")
            continue
        for flag in (key for key in raw if isinstance(key, bool)):
            # YAML 1.1 reads a bare `yes:`/`no:` key as a boolean.
            word = next((w for w in ("yes", "no", "on", "off", "true", "false", "y", "n")
                         if (*path, w) in located.lines), str(flag).lower())
            c.fail((*path, word), "键 yes/no 会被 YAML 读作布尔值，请写作 if_yes/if_no")
        values = {key: c.get(raw, path, key, str)
                  for key in ("id", "question", "hint", "if_no", "if_yes")}
        if values["id"] in seen_ids:
            c.fail((*path, "id"), f"重复的 id：{values['id']}")
        if values["if_yes"] is not None:
            c.placeholders((*path, "if_yes"), values["if_yes"], {"detail"})
        if None not in values.values():
            seen_ids.add(values["id"] or "")
            declarations.append(Declaration(
                id=values["id"] or "", question=values["question"] or "", hint=values["hint"] or "",
                if_no=values["if_no"] or "", if_yes=values["if_yes"] or ""))

    questions: dict[str, QuestionText] = {}
    questions_raw = c.get(data, (), "questions", dict)
    if questions_raw is not None:
        for kind in QUESTION_KINDS:
            raw = questions_raw.get(kind)
            path = ("questions", kind)
            if not isinstance(raw, dict):
                c.fail(path if kind in questions_raw else ("questions",), f"缺少问题 {kind}")
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
            for key in raw:
                if key not in {"prompt", "hint", "required", "min_length", "max_length"}:
                    c.fail((*path, key), "未知的字段")
            if prompt is not None:
                c.placeholders((*path, "prompt"), prompt, _QUESTION_PLACEHOLDERS)
            if prompt is not None and hint is not None:
                questions[kind] = QuestionText(
                    prompt=prompt.strip(),
                    hint=hint.strip(),
                    required=True if required is None else required,
                    min_length=low,
                    max_length=high,
                )
        for kind in questions_raw:
            if kind not in QUESTION_KINDS:
                c.fail(("questions", kind), f"未知的问题类型；可用：{', '.join(QUESTION_KINDS)}")
        position = questions.get("author.position")
        if position is not None and not position.required:
            c.fail(("questions", "author.position", "required"), "职务为必填项")

    # Optional keys of bot.profiles.extras: drafting phrases and the reviewer's settings.
    phrases = parse_phrases(c, data, len(aspects))
    review = parse_review(c, data)

    known = {"id", "version", "year", "name", "meeting", "notice", "theme", "aspects", "counts",
             "wording", "declarations", "questions", "phrases", "review"}
    for key in data:
        if key not in known:
            c.fail((key,), "未知的顶层字段")

    if c.problems:
        raise ProfileError(c.problems)
    return Profile(
        id=profile_id,
        version=version,
        year=year,
        name=fields["name"],
        meeting=fields["meeting"],
        notice=fields["notice"],
        theme=fields["theme"],
        aspects=tuple(aspects),
        counts=counts,
        # Wording is Chinese prose folded over several YAML lines: line breaks
        # and indentation are layout, not text.
        wording=Wording(**{k: "".join(v.split()) for k, v in wording_values.items()}),
        declarations=tuple(declarations),
        questions=freeze_questions(questions),
        digest=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        source=text,
        phrases=phrases,
        review=review,
    )


def load_profile(path: Path) -> Profile:
    """Read one profile file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError([f"{path}:1: 无法读取：{exc}"]) from exc
    return parse_profile(text, str(path))
