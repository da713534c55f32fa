"""The numbering and lead-ins an official typed are never doubled (issue 14, point 3)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.draft.answers_file import parse_answers
from bot.draft.assemble import Assembler
from bot.draft.content import DraftContent, Item
from bot.draft.lead_ins import strip_example_lead, strip_item_number, strip_lone_number
from bot.profiles import Profile, ProfileCatalog
from tests.conftest import SAMPLES


@pytest.mark.parametrize(("typed", "kept"), [
    ("一是理论学习不够系统", "理论学习不够系统"),
    ("一是一是理论学习不够系统", "理论学习不够系统"),
    ("二是，掌握精髓有不足", "掌握精髓有不足"),
    ("（一）思想武装有所松懈", "思想武装有所松懈"),
    ("(三) 斗志拼劲有所减弱", "斗志拼劲有所减弱"),
    ("1.坚持系统学习", "坚持系统学习"),
    ("1、坚持系统学习", "坚持系统学习"),
    ("12．坚持系统学习", "坚持系统学习"),
    ("（一）1.坚持系统学习", "坚持系统学习"),
    ("一、存在的主要问题", "存在的主要问题"),
    ("第一，加强理论学习", "加强理论学习"),
    ("①加强理论学习", "加强理论学习"),
    ("（2）加强理论学习", "加强理论学习"),
])
def test_item_numbers_typed_are_taken_off(typed: str, kept: str) -> None:
    assert strip_item_number(typed) == kept


@pytest.mark.parametrize("text", [
    "1.5倍于去年的调研次数仍不够",
    "第一时间学习全会精神做得不够",
    "一是否定之否定",
    "统一思想不够",
    "一是",
    "十九届六中全会精神学习不深",
    "2021年学习安排不够系统",
])
def test_words_that_only_look_like_numbers_stay(text: str) -> None:
    assert strip_item_number(text) == text


def test_a_lone_number_in_a_detail_goes_an_enumeration_stays() -> None:
    assert strip_lone_number("一是工作和学习摆布得不够好。") == "工作和学习摆布得不够好。"
    enumeration = "一是学习时间不固定；二是学习内容不系统。"
    assert strip_lone_number(enumeration) == enumeration
    assert strip_lone_number("1.学习时间不固定；2.学习内容不系统。") == "1.学习时间不固定；2.学习内容不系统。"
    assert strip_lone_number("（一）学习时间不固定。") == "学习时间不固定。"


@pytest.mark.parametrize(("typed", "body", "kept"), [
    ("如，今年生猪价格下行时", "今年生猪价格下行时", None),
    ("比如，今年生猪价格下行时", "今年生猪价格下行时", None),
    ("比如今年生猪价格下行时", "今年生猪价格下行时", None),
    ("例如：今年生猪价格下行时", "今年生猪价格下行时", None),
    ("如，比如，今年生猪价格下行时", "今年生猪价格下行时", None),
    ("又如，今年生猪价格下行时", "今年生猪价格下行时", "又如，"),
    ("如期完成的项目不多", "如期完成的项目不多", None),
    ("如何推进没有想清楚", "如何推进没有想清楚", None),
])
def test_example_lead_ins(typed: str, body: str, kept: str | None) -> None:
    assert strip_example_lead(typed) == (body, kept)


@pytest.fixture
def sample(catalog: ProfileCatalog) -> DraftContent:
    return parse_answers((SAMPLES / "answers-2021.yaml").read_bytes(), catalog.find)


def _with(sample: DraftContent, problem: Item | None = None, cause: Item | None = None,
          measure: Item | None = None, declaration: str | None = None) -> DraftContent:
    content = sample
    if problem is not None:
        content = replace(content, themes=(replace(sample.themes[0], problems=(problem,)), *sample.themes[1:]))
    if cause is not None:
        content = replace(content, causes=(cause, *sample.causes[1:]))
    if measure is not None:
        content = replace(content, measures=(measure, *sample.measures[1:]))
    if declaration is not None:
        content = replace(content, declarations=(declaration, *sample.declarations[1:]))
    return content


def test_assembled_text_never_doubles_numbers(assembler: Assembler, profile: Profile,
                                              sample: DraftContent) -> None:
    content = _with(sample,
                    problem=Item("一是理论学习不够系统", "一是工作和学习摆布得不够好。", "比如今年只参加了两次集中学习"),
                    cause=Item("（一）思想武装有所松懈", "总觉得自己是老党员了。"),
                    measure=Item("1.坚持系统学习", "每周安排半天自学。"),
                    declaration="一是本人配偶、子女及其配偶均不存在经商办企业情况。")
    text = assembler.document(profile, content).text()
    assert "一是一是" not in text and "（一）（一）" not in text and "（一）1." not in text
    assert "如，比如" not in text
    assert "一是理论学习不够系统。工作和学习摆布得不够好。如，今年只参加了两次集中学习。" in text
    assert "（一）思想武装有所松懈。总觉得" in text
    assert "（一）坚持系统学习。每周" in text
    assert "需要说明的事项：一是本人配偶" in text


def test_another_example_keeps_its_you(assembler: Assembler, profile: Profile, sample: DraftContent) -> None:
    content = _with(sample, problem=Item("理论学习不够系统", "工作和学习摆布得不够好。", "又如，今年只参加了两次集中学习"))
    text = assembler.document(profile, content).text()
    assert "不够好。又如，今年只参加了两次集中学习。" in text
    assert "如，又如" not in text
