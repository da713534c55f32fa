"""Writing the answers file (its format is described in bot/draft/answers_file.py, which reads it)."""

from __future__ import annotations

from typing import Any

import yaml

from bot.draft.content import DraftContent, Item


def _link_numbers(refs: frozenset[str]) -> list[str]:
    """"themes.3.problems.1" -> "3.1", in reading order."""
    pairs = sorted((int(ref.split(".")[1]), int(ref.split(".")[3])) for ref in refs)
    return [f"{aspect}.{number}" for aspect, number in pairs]


def _item_dict(item: Item, example: bool) -> dict[str, str]:
    out = {"title": item.title, "detail": item.detail}
    if example and item.example:
        out["example"] = item.example
    return out


def dump_answers(content: DraftContent) -> str:
    """The answers file for a draft, keys in the schema's order."""
    author = {k: v for k, v in (("position", content.author.position), ("name", content.author.name),
                                ("unit", content.author.unit)) if v}
    doc: dict[str, Any] = {"profile": content.profile_id, "author": author}
    if content.title:
        doc["title"] = content.title
    if content.preamble:
        doc["preamble"] = content.preamble
    if content.counts:
        doc["counts"] = dict(content.counts)
    if content.rectification:
        doc["rectification"] = [
            {"title": r.title, "done": r.done, **({"remaining": r.remaining} if r.remaining else {})}
            for r in content.rectification]
    doc["themes"] = [
        {**({"lead": t.lead} if t.lead else {}), "problems": [_item_dict(p, True) for p in t.problems]}
        for t in content.themes
    ]
    doc["declarations"] = list(content.declarations)
    if content.case is not None:
        doc["case"] = {"title": content.case.title, "detail": content.case.detail}
    doc["causes"] = [_item_dict(c, False) for c in content.causes]
    doc["measures"] = [
        {**_item_dict(m, False), **({"answers": _link_numbers(content.links[k])} if content.links.get(k) else {})}
        for k, m in enumerate(content.measures, start=1)]
    if content.closing:
        doc["closing"] = content.closing
    if content.free:
        doc["free"] = dict(content.free)
    if content.options:
        doc["options"] = dict(content.options)
    header = "# 对照检查材料答案文件（selfreview）。可用文本编辑器修改后发回机器人导入。\n"
    if any(content.links.values()):
        # In chat the problems are numbered by section (/edit 2.1); here by the themes list.
        header += ("# 措施下的 answers 为该条措施回应的问题，写作“方面序号.问题序号”："
                   "\"3.1\" 即 themes 中第3个方面的第1个问题。\n")
    return header + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1000)
