"""Profile keys that shape the material's form: aspect forms, free parts and options.

Kept out of loader.py (the core schema) so these can grow without it.

    aspects:
      - 带头强化政治忠诚、提高政治能力            # as before
      - {title: 发挥政治引领作用, lead: false}   # no lead sentence asked or printed
      - {title: 联系服务群众, prose: true}       # one passage, no numbered problems
    layout:
      parts:
        - {key: basic, heading: 党支部基本情况, question: ……, hint: ……}   # a free part
        - problems
        - causes
        - measures
    options:                                    # the official picks; the default applies until then
      - id: items
        question: 问题的写法
        hint: ……
        default: run_on
        choices:
          - {id: run_on, label: 一是、二是连写}
          - {id: numbered, label: “1.”小标题, layout: {problems: {style: headings, mark: "{n}."}}}

An option's choice changes only `layout` and `wording`; it cannot add or remove a
section of the interview (the answers stay the same whichever is chosen).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import fields
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from bot.profiles.checker import Checker
from bot.profiles.model import (
    ASPECT_STYLES,
    LIST_STYLES,
    PART_KEYS,
    REQUIRED_PARTS,
    Aspect,
    FreePart,
    Layout,
    ListLayout,
    Option,
    OptionChoice,
)

if TYPE_CHECKING:
    from bot.profiles.inherit import Path_

_PART_ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_"
_LIST_LAYOUTS = ("problems", "causes", "measures", "rectification")


def aspect_form(c: Checker, raw: Any, path: Path_) -> Aspect:
    """The `lead` and `prose` flags of one aspect written as a mapping."""
    if not isinstance(raw, dict):
        return Aspect()
    lead = c.get(raw, path, "lead", bool, required=False)
    prose = c.get(raw, path, "prose", bool, required=False)
    return Aspect(lead=True if lead is None else lead, prose=bool(prose))


def free_part(c: Checker, raw: dict[str, Any], path: Path_, known: tuple[str, ...]) -> FreePart | None:
    c.unknown(raw, path, ("key", "heading", "question", "hint", "required"), "字段")
    key = c.get(raw, path, "key", str)
    heading = c.get(raw, path, "heading", str)
    question = c.get(raw, path, "question", str)
    hint = c.get(raw, path, "hint", str)
    required = c.get(raw, path, "required", bool, required=False)
    if key is not None and (key in known or not key[:1].isalpha()
                            or any(ch not in _PART_ID_CHARS for ch in key)):
        c.fail((*path, "key"), f"应为小写字母开头的编号（如 basic），且不能是 {'、'.join(known)}")
        return None
    if key and heading and question and hint:
        return FreePart(key, heading.strip(), question.strip(), hint.strip(),
                        True if required is None else required)
    return None


def _patch(data: dict[str, Any], choice: dict[str, Any]) -> dict[str, Any]:
    """The profile data with a choice's layout and wording merged in, key by key."""
    merged = dict(data)
    merged.pop("options", None)
    for key in ("layout", "wording"):
        if isinstance(choice.get(key), dict):
            base = dict(merged.get(key) or {})
            for name, value in choice[key].items():
                if isinstance(value, dict) and isinstance(base.get(name), dict):
                    value = {**base[name], **value}
                base[name] = value
            merged[key] = base
    return merged


def _changes(base: Any, other: Any) -> Mapping[str, Any]:
    return MappingProxyType({f.name: getattr(other, f.name) for f in fields(base)
                             if getattr(other, f.name) != getattr(base, f.name)})


def parse_options(c: Checker, data: dict[str, Any], base: dict[str, Any],
                  check: Callable[[dict[str, Any]], dict[str, Any] | list[str]]) -> tuple[Option, ...]:
    """`options:`; check(data) validates a whole profile's data (fields, or its problems)."""
    raw_all = data.get("options")
    if raw_all is None:
        return ()
    if not isinstance(raw_all, list):
        c.fail(("options",), "应为列表，每项是一个可选写法")
        return ()
    found: list[Option] = []
    for index, raw in enumerate(raw_all):
        path: Path_ = ("options", index)
        if not isinstance(raw, dict):
            c.fail(path, "应为映射（id、question、hint、default、choices）")
            continue
        c.unknown(raw, path, ("id", "question", "hint", "default", "choices"), "字段")
        values = {key: c.get(raw, path, key, str) for key in ("id", "question", "hint", "default")}
        choices_raw = c.get(raw, path, "choices", list) or []
        choices: list[OptionChoice] = []
        failed = False
        for j, choice_raw in enumerate(choices_raw):
            where: Path_ = (*path, "choices", j)
            if not isinstance(choice_raw, dict):
                c.fail(where, "应为映射（id、label、layout、wording）")
                continue
            c.unknown(choice_raw, where, ("id", "label", "layout", "wording"), "字段")
            choice_id = c.get(choice_raw, where, "id", str)
            label = c.get(choice_raw, where, "label", str)
            result = check(_patch(data, choice_raw))
            if isinstance(result, list):
                failed = True
                for reason in result:
                    c.fail(where, f"按此写法，配置不成立：{reason}")
                continue
            if [p for p in result["layout"].parts if p != "rectification"] != \
                    [p for p in base["layout"].parts if p != "rectification"] or \
                    result["free_parts"] != base["free_parts"]:
                c.fail((*where, "layout"), "可选写法只能移动上年度整改落实情况，不能增删其他部分")
                failed = True
                continue
            if choice_id and label:
                choices.append(OptionChoice(choice_id, label.strip(),
                                            _changes(base["layout"], result["layout"]),
                                            _changes(base["wording"], result["wording"])))
        ids = [ch.id for ch in choices]
        if len(set(ids)) != len(ids):
            c.fail((*path, "choices"), "选项的 id 不能重复")
        if values["default"] is not None and choices and values["default"] not in ids:
            c.fail((*path, "default"), f"默认值应为 {'、'.join(ids)} 之一")
            continue
        if any(o.id == values["id"] for o in found):
            c.fail((*path, "id"), f"重复的 id：{values['id']}")
            continue
        if None not in values.values() and len(choices) >= 2:
            found.append(Option(values["id"] or "", values["question"] or "", values["hint"] or "",
                                values["default"] or "", tuple(choices)))
        elif None not in values.values() and not failed:
            c.fail((*path, "choices"), "至少应有两种写法")
    return tuple(found)


def _list_layout(c: Checker, raw: Any, path: Path_, default: ListLayout) -> ListLayout:
    if raw is None:
        return default
    if not isinstance(raw, dict):
        c.fail(path, "应为映射（style、mark）")
        return default
    c.unknown(raw, path, ("style", "mark"), "字段")
    style = c.get(raw, path, "style", str, required=False) or default.style
    mark = c.get(raw, path, "mark", str, required=False) or default.mark
    if style not in LIST_STYLES:
        c.fail((*path, "style"), f"应为 {' / '.join(LIST_STYLES)} 之一，实际 {style}")
        style = default.style
    fields = c.placeholders((*path, "mark"), mark, {"cn", "n"})
    if len(fields) != 1:
        c.fail((*path, "mark"), "编号样式应恰好包含 {cn}（一、二、三）或 {n}（1、2、3）之一，如 “{cn}是” “{n}、”")
    return ListLayout(style, mark)


def parse_layout(c: Checker, data: dict[str, Any]) -> tuple[Layout, list[FreePart]]:
    """`layout:`: the parts (with the profile's own), the aspects' and lists' styles."""
    raw = c.get(data, (), "layout", dict, required=False)
    default = Layout()
    free: list[FreePart] = []
    if raw is None:
        return default, free
    path: Path_ = ("layout",)
    c.unknown(raw, path, ("parts", "aspects", "lead_stop", *_LIST_LAYOUTS), "版式项")
    parts = tuple(default.parts)
    parts_raw = c.get(raw, path, "parts", list, required=False)
    if parts_raw is not None:
        parts_raw = list(parts_raw)
        for index, part in enumerate(parts_raw):
            if isinstance(part, dict):
                found = free_part(c, part, (*path, "parts", index), PART_KEYS)
                parts_raw[index] = found.key if found else None
                if found:
                    free.append(found)
        parts_raw = [p for p in parts_raw if p is not None]
        known = (*PART_KEYS, *(f.key for f in free))
        bad = [p for p in parts_raw if p not in known]
        if bad:
            c.fail((*path, "parts"), f"未知的部分 {bad[0]}；可用：{'、'.join(PART_KEYS)}")
        elif len(set(parts_raw)) != len(parts_raw):
            c.fail((*path, "parts"), "部分不能重复")
        elif not set(parts_raw) >= REQUIRED_PARTS:
            c.fail((*path, "parts"), "必须包含 problems、causes、measures")
        else:
            parts = tuple(parts_raw)
    aspects = c.get(raw, path, "aspects", str, required=False) or default.aspects
    if aspects not in ASPECT_STYLES:
        c.fail((*path, "aspects"), f"应为 {' / '.join(ASPECT_STYLES)} 之一，实际 {aspects}")
        aspects = default.aspects
    lists = {key: _list_layout(c, raw.get(key), (*path, key), getattr(default, key)) for key in _LIST_LAYOUTS}
    if "summary" in (lists["problems"].style, lists["causes"].style, lists["measures"].style):
        c.fail(path, "summary（只写一句概述）只适用于上年度整改落实情况（rectification）")
    lead_stop = c.get(raw, path, "lead_stop", bool, required=False)
    return Layout(parts=parts, aspects=aspects, lead_stop=True if lead_stop is None else lead_stop,
                  **lists), free
