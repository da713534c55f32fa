"""A paste holding several items is split into the part's items (issue 14, point 3)."""

from __future__ import annotations

import pytest

from bot.draft.paste import PasteSplit, ProposedItem, Shape, chinese_value, split_paste


def test_run_on_problems_with_a_lead_and_examples() -> None:
    text = ("作为局长，我对照要求进行了检视，还存在以下不足：一是调研走过场。到基层调研时听汇报多、看现场少。"
            "如，上半年到乡镇调研六次，有四次只在会议室座谈。二是跟踪问效不够。部署工作后很少回头看。"
            "比如防汛检查布置后没有再去核实。三是服务群众不主动。等群众上门的时候多。")
    split = split_paste(text, Shape.PROBLEMS)
    assert split.scheme == "is" and split.several
    assert split.lead == "作为局长，我对照要求进行了检视，还存在以下不足："
    assert split.items == (
        ProposedItem("调研走过场", "到基层调研时听汇报多、看现场少。", "上半年到乡镇调研六次，有四次只在会议室座谈。"),
        ProposedItem("跟踪问效不够", "部署工作后很少回头看。", "防汛检查布置后没有再去核实。"),
        ProposedItem("服务群众不主动", "等群众上门的时候多。", None),
    )


def test_you_ru_is_kept_in_the_example() -> None:
    split = split_paste("一是调研走过场。听汇报多。又如，看现场少。二是跟踪不够。很少回头看。", Shape.PROBLEMS)
    assert split.items[0].example == "又如，看现场少。"


@pytest.mark.parametrize("text", [
    "（一）理想信念有所松懈。总觉得自己是老党员了。\n（二）宗旨意识有所淡化。下基层少了。",
    "1.理想信念有所松懈。总觉得自己是老党员了。\n2.宗旨意识有所淡化。下基层少了。",
    "1、理想信念有所松懈。总觉得自己是老党员了。2、宗旨意识有所淡化。下基层少了。",
    "一、理想信念有所松懈。总觉得自己是老党员了。\n二、宗旨意识有所淡化。下基层少了。",
    "理想信念有所松懈。总觉得自己是老党员了。\n\n宗旨意识有所淡化。下基层少了。",
    "(1)理想信念有所松懈。总觉得自己是老党员了。(2)宗旨意识有所淡化。下基层少了。",
])
def test_numbered_and_paragraph_causes(text: str) -> None:
    split = split_paste(text, Shape.ITEMS)
    assert split.items == (ProposedItem("理想信念有所松懈", "总觉得自己是老党员了。"),
                           ProposedItem("宗旨意识有所淡化", "下基层少了。"))


def test_outermost_numbering_wins_inner_stays_in_the_detail() -> None:
    text = "（一）加强理论学习。1.每周自学半天；2.每月交流一次。\n（二）改进调查研究。每季度蹲点一次。"
    split = split_paste(text, Shape.ITEMS)
    assert split.scheme == "paren"
    assert split.items[0] == ProposedItem("加强理论学习", "1.每周自学半天；2.每月交流一次。")
    assert split.items[1].title == "改进调查研究"


def test_a_title_without_a_short_sentence_is_left_empty() -> None:
    long_first = "在推进重点项目的过程中，我常常把主要精力放在协调资金和土地上，对项目建成后的运营管理考虑得不够周全。"
    split = split_paste(long_first, Shape.ITEMS)
    assert not split.several
    assert split.items == (ProposedItem("", long_first),)


def test_a_single_field_joins_the_lines_of_a_terminal_paste() -> None:
    split = split_paste("作为县委副书记、县长，\n我对照要求进行了认真检视，\r\n还存在以下不足：", Shape.SINGLE)
    assert split.text == "作为县委副书记、县长，我对照要求进行了认真检视，还存在以下不足："
    assert not split.several


def test_words_that_look_like_numbers_do_not_split() -> None:
    split = split_paste("统一思想不够。十九届六中全会精神学习不深，1.5倍的任务量没有完成。", Shape.ITEMS)
    assert split.scheme == "none" and len(split.items) == 1


def test_a_sequence_must_start_at_one_and_count_up() -> None:
    assert split_paste("二是调研不够。三是跟踪不够。", Shape.ITEMS).scheme != "is"
    split = split_paste("一是调研不够。一是跟踪不够。", Shape.ITEMS)
    assert split.scheme != "is"


def test_empty_paste() -> None:
    assert split_paste(" \n ", Shape.PROBLEMS) == PasteSplit("")


@pytest.mark.parametrize(("word", "value"), [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("九十九", 99),
                                             ("零", None), ("十十", None), ("", None), ("二三", None)])
def test_chinese_value(word: str, value: int | None) -> None:
    assert chinese_value(word) == value
