"""`extends:` — a profile that changes another one without copying it.

A child profile names its parent by id and writes only what differs. Mappings
(`wording`, `counts`, `layout`, `questions`, …) merge key by key; any other value
replaces the parent's. The lists `aspects`, `declarations` and `preamble_counts`
may instead be edited in place:

    aspects:
      add: [带头……]                   # appended after the parent's
      remove: [带头……]                # by title
      change: {带头……: 带头……（改后）}   # by title: a new title, or {title: …, short: …, lead: false}
    declarations:
      remove: [special_resources]     # by id
      change: {major_matters: {if_no: ……}}
      add: [{id: ……, question: ……, hint: ……, if_no: ……, if_yes: "{detail}"}]

Every merged value keeps the file and line it came from, so a problem found
after merging is still reported where the secretary can fix it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

Path_ = tuple[str | int, ...]
Where = tuple[str, int]  # (file name, 1-based line)


class ProfileError(Exception):
    """A profile that cannot be used; str() names file, line and reason."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Located:
    """Parsed YAML plus the file and line of every key and item."""

    data: Any
    lines: dict[Path_, Where]
    name: str

    def where(self, path: Path_) -> Where:
        """The line of path, or of its nearest ancestor that has one."""
        probe = path
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            probe = probe[:-1]
        return self.lines.get((), (self.name, 1))


def problem(where: Where, path: Path_, reason: str) -> str:
    key = ".".join(str(p) for p in path) or "(top)"
    return f"{where[0]}:{where[1]}: {key}: {reason}"


def _compose_lines(node: yaml.Node, path: Path_, name: str, lines: dict[Path_, Where]) -> None:
    # A key's own line wins over the line its value starts on.
    lines.setdefault(path, (name, node.start_mark.line + 1))
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            lines[(*path, key)] = (name, key_node.start_mark.line + 1)
            _compose_lines(value_node, (*path, key), name, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _compose_lines(item, (*path, index), name, lines)


def read_located(text: str, name: str) -> Located:
    """Parse one profile file safely, remembering lines; it must be a mapping."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise ProfileError([f"{name}:{line}: YAML 语法错误：{getattr(exc, 'problem', exc)}"]) from exc
    if not isinstance(data, dict):
        raise ProfileError([f"{name}:1: 文件内容应为一个映射（键: 值）"])
    lines: dict[Path_, Where] = {}
    if node is not None:
        _compose_lines(node, (), name, lines)
    return Located(data, lines, name)


# ---- merging -------------------------------------------------------------------------


def _subtree(lines: dict[Path_, Where], prefix: Path_) -> dict[Path_, Where]:
    """The lines under prefix, keyed relative to it (the prefix itself is ())."""
    n = len(prefix)
    return {path[n:]: where for path, where in lines.items() if path[:n] == prefix}


def _drop(lines: dict[Path_, Where], prefix: Path_) -> None:
    n = len(prefix)
    for path in [p for p in lines if p[:n] == prefix]:
        del lines[path]


def _graft(lines: dict[Path_, Where], prefix: Path_, subtree: dict[Path_, Where]) -> None:
    for rel, where in subtree.items():
        lines[(*prefix, *rel)] = where


def _aspect_title(item: Any) -> Any:
    return item.get("title") if isinstance(item, dict) else item


def _item_id(item: Any) -> Any:
    return item.get("id") if isinstance(item, dict) else None


# Lists a child may edit with add/remove/change; an item is named by its id (its title for aspects).
_EDITABLE_LISTS: dict[str, tuple[Callable[[Any], Any], bool]] = {
    "aspects": (_aspect_title, False),
    "declarations": (_item_id, True),
    "preamble_counts": (_item_id, True),
}


class _Merge:
    def __init__(self, parent: Located, child: Located) -> None:
        self.parent = parent
        self.child = child
        self.lines = dict(parent.lines)
        self.problems: list[str] = []

    def fail(self, path: Path_, reason: str) -> None:
        self.problems.append(problem(self.child.where(path), path, reason))

    def value(self, parent: Any, child: Any, path: Path_) -> Any:
        if len(path) == 1 and path[0] in _EDITABLE_LISTS and isinstance(child, dict) \
                and isinstance(parent, list):
            return self.edit_list(parent, child, path)
        if isinstance(parent, dict) and isinstance(child, dict):
            merged = dict(parent)
            for key, value in child.items():
                merged[key] = self.value(parent.get(key), value, (*path, key)) if key in parent \
                    else self.replace(value, (*path, key))
            if path in self.child.lines:
                self.lines[path] = self.child.lines[path]
            return merged
        return self.replace(child, path)

    def replace(self, child: Any, path: Path_) -> Any:
        _drop(self.lines, path)
        _graft(self.lines, path, _subtree(self.child.lines, path))
        return child

    def edit_list(self, parent: list[Any], edits: dict[str, Any], path: Path_) -> list[Any]:
        key_of, _ = _EDITABLE_LISTS[str(path[0])]
        allowed = ("add", "remove", "change")
        items: list[tuple[Any, dict[Path_, Where]]] = [
            (item, _subtree(self.lines, (*path, index))) for index, item in enumerate(parent)]
        for key in edits:
            if key not in allowed:
                self.fail((*path, key), f"未知的修改方式；可用：{'、'.join(allowed)}（或直接给出完整列表）")
        removals = edits.get("remove") or []
        if not isinstance(removals, list):
            self.fail((*path, "remove"), "应为列表")
            removals = []
        for j, target in enumerate(removals):
            found = [i for i, (item, _) in enumerate(items) if key_of(item) == target]
            if not found:
                self.fail((*path, "remove", j), f"上级配置中没有这一项：{target}")
                continue
            del items[found[0]]
        changes = edits.get("change") or {}
        if not isinstance(changes, dict):
            self.fail((*path, "change"), "应为映射（编号: 要修改的字段）")
            changes = {}
        for target, fields in changes.items():
            where = (*path, "change", target)
            found = [i for i, (item, _) in enumerate(items) if key_of(item) == target]
            if not found:
                self.fail(where, f"上级配置中没有这一项：{target}")
                continue
            item, item_lines = items[found[0]]
            if path[0] == "aspects" and isinstance(fields, str):
                fields = {"title": fields}  # an aspect renamed: the new title replaces the old
            if not isinstance(fields, dict) or "id" in fields:
                self.fail(where, "应为映射，写出要修改的字段（不能修改 id）")
                continue
            changed = dict(item) if isinstance(item, dict) else {"title": item}
            for field_name, value in fields.items():
                changed[field_name] = value
                _drop(item_lines, (field_name,))
                _graft(item_lines, (field_name,), _subtree(self.child.lines, (*where, field_name)))
            items[found[0]] = (changed, item_lines)
        additions = edits.get("add") or []
        if not isinstance(additions, list):
            self.fail((*path, "add"), "应为列表")
            additions = []
        for j, item in enumerate(additions):
            items.append((item, _subtree(self.child.lines, (*path, "add", j))))
        _drop(self.lines, path)
        self.lines[path] = self.child.where(path)
        for index, (_, item_lines) in enumerate(items):
            _graft(self.lines, (*path, index), item_lines)
        return [item for item, _ in items]


def merge(parent: Located, child: Located) -> Located:
    """The child's values over the parent's, lines kept per value; raises ProfileError."""
    m = _Merge(parent, child)
    for key in ("id", "name"):
        if key not in child.data:
            m.fail(("extends",), f"继承其他配置时必须写明本配置自己的 {key}")
    data = {k: v for k, v in parent.data.items() if k != "extends"}
    _drop(m.lines, ("extends",))
    for key, value in child.data.items():
        if key == "extends":
            continue
        data[key] = m.value(data[key], value, (key,)) if key in data else m.replace(value, (key,))
    child_phrases = child.data.get("phrases")
    if "aspects" in child.data and isinstance(data.get("phrases"), dict) and not (
            isinstance(child_phrases, dict) and "problems" in child_phrases):
        # Problem phrases are keyed by aspect number: when the child changes the aspects,
        # the parent's no longer belong to them.
        data["phrases"] = {k: v for k, v in data["phrases"].items() if k != "problems"}
        _drop(m.lines, ("phrases", "problems"))
    if m.problems:
        raise ProfileError(m.problems)
    return Located(data, m.lines, child.name)


def resolve(doc: Located, lookup: Callable[[str], Located | None]) -> tuple[Located, tuple[str, ...]]:
    """Follow `extends:` to the root and merge down; returns the result and the parent ids."""
    chain = [doc]
    seen = {doc.data.get("id")}
    current = doc
    while "extends" in current.data:
        parent_id = current.data["extends"]
        where = current.where(("extends",))
        if not isinstance(parent_id, str) or not parent_id.strip():
            raise ProfileError([problem(where, ("extends",), "应为所继承配置的编号（id）")])
        if parent_id == current.data.get("id"):
            raise ProfileError([problem(where, ("extends",), "本配置的 id 不能与所继承的配置相同")])
        if parent_id in seen:
            raise ProfileError([problem(where, ("extends",), f"循环继承：{parent_id}")])
        parent = lookup(parent_id)
        if parent is None:
            raise ProfileError([problem(where, ("extends",), f"没有找到编号为“{parent_id}”的会议配置")])
        seen.add(parent_id)
        chain.append(parent)
        current = parent
    merged = chain[-1]
    for child in reversed(chain[:-1]):
        merged = merge(merged, child)
    return merged, tuple(str(p.data.get("id")) for p in chain[1:])
