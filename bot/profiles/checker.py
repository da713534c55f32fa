"""Collecting every problem of one profile file, with its file and line (used by every profile parser)."""

from __future__ import annotations

import string
from collections.abc import Iterable
from typing import Any

from bot.profiles.inherit import Located, Path_, problem
from bot.profiles.model import Bounds


class Checker:
    """Collects every problem of one profile instead of stopping at the first."""

    def __init__(self, located: Located) -> None:
        self.located = located
        self.problems: list[str] = []

    def fail(self, path: Path_, reason: str) -> None:
        self.problems.append(problem(self.located.where(path), path, reason))

    def get(self, mapping: Any, path: Path_, key: str, kind: type, required: bool = True,
            empty: bool = False) -> Any:
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
        if isinstance(value, str) and not value.strip() and not empty:
            self.fail((*path, key), "不能为空")
            return None
        return value

    def unknown(self, mapping: dict[Any, Any], path: Path_, known: Iterable[str], what: str) -> None:
        names = set(known)
        for key in mapping:
            if key not in names:
                self.fail((*path, key), f"未知的{what}；可用：{'、'.join(sorted(names))}")

    def placeholders(self, path: Path_, text: str, allowed: set[str]) -> set[str]:
        try:
            fields = {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
        except ValueError as exc:
            self.fail(path, f"花括号不配对：{exc}")
            return set()
        for field_name in sorted(fields):
            if field_name not in allowed:
                names = "、".join("{" + a + "}" for a in sorted(allowed)) or "（无）"
                self.fail(path, f"未知占位符 {{{field_name}}}，可用：{names}")
        return fields

    def bounds(self, raw: Any, path: Path_, default: Bounds, low: int, high: int) -> Bounds:
        if raw is None:
            return default
        if not isinstance(raw, dict):
            self.fail(path, "应为映射（min、max）")
            return default
        self.unknown(raw, path, ("min", "max"), "字段")
        lo = self.get(raw, path, "min", int)
        hi = self.get(raw, path, "max", int)
        if lo is None or hi is None:
            return default
        if not low <= lo <= hi <= high:
            self.fail(path, f"应满足 {low} ≤ min ≤ max ≤ {high}，实际 min={lo} max={hi}")
            return default
        return Bounds(lo, hi)
