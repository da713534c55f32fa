"""Optional profile keys, validated like the rest: `phrases:` and `review:`.

Both are additive: a profile without them loads as before. Kept out of loader.py
so the core schema and these drafting aids can change independently.

    phrases:
      problems:            # by aspect number (1-based): common problem titles
        1: [对决定性意义的理解停留在字面, ……]
      causes: [……]         # common cause headings
      measures: [……]       # common measure headings
    review:
      lengths:             # 字数 ranges /check holds the material to
        total: {min: 4000, max: 8000}
        problems: {min: 2000, max: 5000}   # also causes, measures, aspect (each aspect)
      balance: 0.5         # least share of problems + causes (default: the review rules)
"""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from bot.profiles.checker import Checker
from bot.profiles.model import LengthRange, Phrases, ReviewSettings

if TYPE_CHECKING:
    from bot.profiles.inherit import Path_

LENGTH_KEYS = ("total", "problems", "causes", "measures", "aspect")
MAX_PHRASES = 12  # a longer list of buttons is no help on a phone
MAX_PHRASE_CHARS = 30  # the longest title the interview accepts


def _phrase_list(c: Checker, raw: Any, path: Path_) -> tuple[str, ...]:
    if not isinstance(raw, list):
        c.fail(path, "应为文本列表")
        return ()
    if len(raw) > MAX_PHRASES:
        c.fail(path, f"最多{MAX_PHRASES}条，实际{len(raw)}条")
    found: list[str] = []
    for index, item in enumerate(raw):
        if not isinstance(item, str) or not item.strip():
            c.fail((*path, index), "每条应为非空文本")
        elif len(item.strip()) > MAX_PHRASE_CHARS:
            c.fail((*path, index), f"不超过{MAX_PHRASE_CHARS}字，实际{len(item.strip())}字")
        elif item.strip() in found:
            c.fail((*path, index), f"重复：{item.strip()}")
        else:
            found.append(item.strip())
    return tuple(found[:MAX_PHRASES])


def parse_phrases(c: Checker, data: dict[str, Any], aspect_count: int) -> Phrases:
    raw = data.get("phrases")
    if raw is None:
        return Phrases()
    if not isinstance(raw, dict):
        c.fail(("phrases",), "应为映射（problems、causes、measures）")
        return Phrases()
    for key in raw:
        if key not in ("problems", "causes", "measures"):
            c.fail(("phrases", key), "未知的字段；可用：problems、causes、measures")
    problems: dict[int, tuple[str, ...]] = {}
    by_aspect = raw.get("problems")
    if by_aspect is not None and not isinstance(by_aspect, dict):
        c.fail(("phrases", "problems"), "应为映射：方面序号（1起）: 文本列表")
    elif by_aspect is not None:
        for key, value in by_aspect.items():
            path: Path_ = ("phrases", "problems", str(key))  # lines are keyed by the YAML text
            if isinstance(key, bool) or not isinstance(key, int) or not 1 <= key <= aspect_count:
                c.fail(path, f"方面序号应为 1 至 {aspect_count} 的整数")
                continue
            problems[key] = _phrase_list(c, value, path)
    causes = _phrase_list(c, raw["causes"], ("phrases", "causes")) if raw.get("causes") is not None else ()
    measures = _phrase_list(c, raw["measures"], ("phrases", "measures")) if raw.get("measures") is not None else ()
    return Phrases(MappingProxyType(problems), causes, measures)


def parse_review(c: Checker, data: dict[str, Any]) -> ReviewSettings:
    raw = data.get("review")
    if raw is None:
        return ReviewSettings()
    if not isinstance(raw, dict):
        c.fail(("review",), "应为映射（lengths、balance）")
        return ReviewSettings()
    for key in raw:
        if key not in ("lengths", "balance"):
            c.fail(("review", key), "未知的字段；可用：lengths、balance")
    lengths: dict[str, LengthRange] = {}
    lengths_raw = raw.get("lengths")
    if lengths_raw is not None and not isinstance(lengths_raw, dict):
        c.fail(("review", "lengths"), "应为映射")
    elif lengths_raw is not None:
        for key, value in lengths_raw.items():
            path: Path_ = ("review", "lengths", key)
            if key not in LENGTH_KEYS:
                c.fail(path, f"未知的部分；可用：{'、'.join(LENGTH_KEYS)}")
                continue
            low = c.get(value, path, "min", int) if isinstance(value, dict) else None
            high = c.get(value, path, "max", int) if isinstance(value, dict) else None
            if not isinstance(value, dict):
                c.fail(path, "应为映射 {min: 字数, max: 字数}")
            elif low is not None and high is not None:
                if not 0 <= low <= high <= 100_000:
                    c.fail(path, f"应满足 0 ≤ min ≤ max ≤ 100000，实际 min={low} max={high}")
                else:
                    lengths[key] = LengthRange(low, high)
    balance = raw.get("balance")
    if balance is not None and (isinstance(balance, bool) or not isinstance(balance, (int, float))
                                or not 0 <= balance <= 1):
        c.fail(("review", "balance"), "应为 0 至 1 之间的小数，如 0.5")
        balance = None
    return ReviewSettings(MappingProxyType(lengths), float(balance) if balance is not None else None)
