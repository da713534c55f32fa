"""Items with stable ids, seen by the interview as positions (pure)."""

from __future__ import annotations

import json

from bot.material.changes import ABSENT, ChangeSet, decode_links, encode_links
from bot.material.layout import Layout, place
from bot.profiles import Profile

STORED = {
    "author.position": "县长",
    "causes.1.title": "甲", "causes.1.detail": "甲的分析", "causes.1.more": "yes",
    "causes.2.title": "乙", "causes.2.detail": "乙的分析", "causes.2.more": "yes",
    "causes.3.title": "丙", "causes.3.detail": "丙的分析", "causes.3.more": "no",
}


def test_a_material_from_before_item_ids_has_its_positions_as_ids(profile: Profile) -> None:
    layout = Layout(profile, STORED, None)
    assert layout.order["causes"] == [1, 2, 3]
    assert layout.positional() == STORED  # nothing moves for a material never restructured


def test_a_new_order_renumbers_positions_and_keeps_the_last_items_answer_to_one_more(profile: Profile) -> None:
    layout = Layout(profile, STORED, json.dumps({"causes": [3, 1]}))
    answers = layout.positional()
    assert answers["causes.1.title"] == "丙" and answers["causes.2.title"] == "甲"
    assert answers["causes.1.more"] == "yes"  # before the last: implied by the items after it
    assert "causes.3.title" not in answers  # item 2 is removed (kept for undo, not shown)
    assert layout.stored_key("causes.2.detail") == "causes.1.detail"
    assert layout.position_key("causes.3.title") == "causes.1.title" and layout.position_key("causes.2.title") is None
    assert layout.next_id("causes") == 4  # never the id of a removed item


def test_writing_past_the_end_appends_an_item(profile: Profile) -> None:
    layout = Layout(profile, STORED, None)
    assert layout.write_position("causes.4.title", "丁") == {"causes.4.title": "丁"}
    assert layout.order["causes"] == [1, 2, 3, 4]
    assert layout.write_position("causes.1.more", "no") == {}  # implied by the items after it


def test_the_tail_follows_the_last_item_and_a_full_list_stays_complete(profile: Profile) -> None:
    layout = Layout(profile, STORED, None)
    assert layout.tail_fixes("causes", [1, 2, 3], [3, 1, 2]) == {"causes.2.more": "no"}
    assert layout.tail_fixes("causes", [1, 2, 3], [2, 1, 3]) == {}
    full = {f"causes.{k}.title": str(k) for k in range(1, 7)}  # six: the 2021 maximum, never asked
    layout = Layout(profile, full, json.dumps({"causes": [1, 2, 3, 4, 5, 6]}))
    assert layout.tail_fixes("causes", [1, 2, 3, 4, 5, 6], [1, 3, 4, 5, 6]) == {"causes.6.more": "no"}


def test_places_and_change_sets() -> None:
    assert place("themes.2.problems.3.title").list_key == "themes.2.problems"  # type: ignore[union-attr]
    assert place("causes.4") is not None and place("author.position") is None and place("themes.2.lead") is None
    change = ChangeSet("edit")
    change.put("a", ABSENT, "x")
    change.put("a", "x", "y")  # the first before and the last after
    assert change.values == {"a": (ABSENT, "y")}
    change.put("a", "y", ABSENT)  # back where it started: nothing changed
    assert not change
    links = {(1, "themes.1.problems.2"), (3, "themes.2.problems.1")}
    assert decode_links(encode_links(links)) == links
