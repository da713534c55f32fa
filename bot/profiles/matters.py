"""Parsing a profile's matters to declare and its preamble counts (part of bot/profiles/loader.py)."""

from __future__ import annotations

import re
from typing import Any

from bot.profiles.checker import Checker
from bot.profiles.inherit import Path_
from bot.profiles.model import Declaration, PreambleCount

_COUNT_ID = re.compile(r"^[a-z][a-z0-9_]{0,30}$")


def declarations_of(c: Checker, data: dict[str, Any]) -> list[Declaration]:
    declarations: list[Declaration] = []
    seen: set[str] = set()
    for index, raw in enumerate(c.get(data, (), "declarations", list) or []):
        path: Path_ = ("declarations", index)
        if not isinstance(raw, dict):
            c.fail(path, "应为映射（id、question、hint、if_no、if_yes）")
            continue
        for flag in (key for key in raw if isinstance(key, bool)):
            # YAML 1.1 reads a bare `yes:`/`no:` key as a boolean.
            word = next((w for w in ("yes", "no", "on", "off", "true", "false", "y", "n")
                         if (*path, w) in c.located.lines), str(flag).lower())
            c.fail((*path, word), "键 yes/no 会被 YAML 读作布尔值，请写作 if_yes/if_no")
        values = {key: c.get(raw, path, key, str) for key in ("id", "question", "hint", "if_no", "if_yes")}
        if values["id"] in seen:
            c.fail((*path, "id"), f"重复的 id：{values['id']}")
        if values["if_yes"] is not None:
            c.placeholders((*path, "if_yes"), values["if_yes"], {"detail"})
        if None not in values.values():
            seen.add(values["id"] or "")
            declarations.append(Declaration(
                id=values["id"] or "", question=values["question"] or "", hint=values["hint"] or "",
                if_no=values["if_no"] or "", if_yes=values["if_yes"] or ""))
    return declarations


def preamble_counts_of(c: Checker, data: dict[str, Any]) -> list[PreambleCount]:
    raw_list = c.get(data, (), "preamble_counts", list, required=False) or []
    found: list[PreambleCount] = []
    for index, raw in enumerate(raw_list):
        path: Path_ = ("preamble_counts", index)
        if not isinstance(raw, dict):
            c.fail(path, "应为映射（id、question、hint、max）")
            continue
        c.unknown(raw, path, ("id", "question", "hint", "max"), "字段")
        count_id = c.get(raw, path, "id", str)
        question = c.get(raw, path, "question", str)
        hint = c.get(raw, path, "hint", str)
        high = c.get(raw, path, "max", int, required=False)
        if count_id is not None and not _COUNT_ID.match(count_id):
            c.fail((*path, "id"), "应以小写字母开头，只含小写字母、数字和 _（如 study）")
            count_id = None
        if count_id is not None and any(f.id == count_id for f in found):
            c.fail((*path, "id"), f"重复的 id：{count_id}")
            count_id = None
        if high is not None and not 1 <= high <= 999999:
            c.fail((*path, "max"), "应为 1 至 999999")
            high = None
        if count_id and question and hint:
            found.append(PreambleCount(count_id, question.strip(), hint.strip(),
                                       9999 if high is None else high))
    return found
