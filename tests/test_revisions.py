"""Versions still standing after changes and undos."""

from __future__ import annotations

from dataclasses import dataclass

from bot.revisions import source_label, standing


@dataclass
class Rev:
    value: str
    source: str


def values(*revs: Rev) -> list[str]:
    return [r.value for r in standing(list(revs))]


def test_undo_goes_back_one_version_at_a_time() -> None:
    a, b, c = Rev("a", "answer"), Rev("b", "edit"), Rev("c", "edit")
    assert values(a, b, c) == ["a", "b", "c"]
    assert values(a, b, c, Rev("b", "undo")) == ["a", "b"]
    assert values(a, b, c, Rev("b", "undo"), Rev("a", "undo")) == ["a"]
    # a change after an undo stands on what was restored
    assert values(a, b, c, Rev("b", "undo"), Rev("d", "message")) == ["a", "b", "d"]


def test_source_labels() -> None:
    assert source_label("answer") == "回答" and source_label("undo") == "撤销"
    assert source_label("phrase") == "选用常见表述" and source_label("carry") == "沿用上年"
