"""One change log: /undo reverts exactly the newest change, /undo N.M that item's, /redo, /history."""

from __future__ import annotations

from bot.usecases import DraftingService
from tests.service.test_service import complete_interview
from tests.usecases.helpers import USER, filled, said, text_of


def test_undo_reverts_the_latest_edit_not_an_older_answer(service: DraftingService) -> None:
    """Why: after /edit 5.3 and /edit 5.1, /undo restored an answer that was no longer current."""
    filled(service)
    service.edit(USER, "5.3 标题")
    service.answer(USER, "抓落实的跟踪问效不够有力")
    service.edit(USER, "5.1 标题")
    service.answer(USER, "应对风险的预案意识不强")
    reply = said(service.undo(USER))
    assert "〔5.1〕问题一的标题恢复为：应对风险的预案意识不足" in reply
    assert "（撤销前：应对风险的预案意识不强）" in reply
    text = text_of(service)
    assert "一是应对风险的预案意识不足" in text and "三是抓落实的跟踪问效不够有力" in text
    assert "〔5.3〕问题三的标题恢复为：抓落实的跟踪问效不够" in said(service.undo(USER))
    assert "抓落实的跟踪问效不够。" in text_of(service)


def test_one_undo_after_two_new_problems_reverts_only_the_last_answer(service: DraftingService) -> None:
    """Why: one /undo reverted 〔3.2〕是否再写一个问题 and both problems added after it vanished."""
    complete_interview(service, USER)
    service.edit(USER, "3.3")  # add a third problem to aspect 2, then a fourth through the interview
    service.answer(USER, "联系服务群众不够经常")
    service.answer(USER, "到联系点走访多是事先安排好的，和群众面对面交流不多")
    service.skip(USER)
    service.answer(USER, "再写")
    service.answer(USER, "为基层减负落实不到位")
    service.answer(USER, "有的报表和检查仍然层层加码，基层干部反映较多")
    service.skip(USER)
    before = text_of(service)
    assert "三是联系服务群众不够经常" in before and "四是为基层减负落实不到位" in before
    reply = said(service.undo(USER))
    assert "〔3.4〕问题四的事例" in reply
    after = text_of(service)
    assert "三是联系服务群众不够经常" in after and "四是为基层减负落实不到位" in after
    said(service.undo(USER))  # the fourth problem's detail
    assert "有的报表和检查仍然层层加码" not in text_of(service)
    assert "四是为基层减负落实不到位" in text_of(service)


def test_history_offers_an_undo_that_works(service: DraftingService) -> None:
    """Why: /history 5.1 offered "/undo 5.1" that then had nothing to undo."""
    filled(service)
    service.edit(USER, "5.1 事例")
    service.answer(USER, "今年生猪价格下行时，帮扶方案晚出台了一个多月")
    history = said(service.history(USER, "5.1"))
    assert history.splitlines()[1].endswith("〔5.1〕问题一的事例：今年生猪价格下行时，帮扶方案晚出台了一个多月（修改）")
    assert "/undo 5.1" in history
    assert "恢复为：今年生猪价格下行时，我局对规模养殖场的帮扶方案晚出台了一个月" in said(service.undo(USER, "5.1"))
    # before that the item's text came from the import, which /undo 5.1 does not take apart
    assert "这一项没有可以撤销的修改（此前的内容来自导入" in said(service.undo(USER, "5.1"))


def test_undo_of_a_removal_puts_the_item_back_where_it_was_and_redo_removes_it_again(
        service: DraftingService) -> None:
    filled(service)
    before = text_of(service)
    service.command(USER, "remove", "2.2 确认")
    assert "二是调查研究的针对性不强" in text_of(service)
    assert "已撤销最近一次修改：恢复被删除的〔2.2〕“学用结合有欠缺”" in said(service.undo(USER))
    assert text_of(service) == before
    assert "已恢复：删除〔2.2〕“学用结合有欠缺”" in said(service.redo(USER))
    assert "二是调查研究的针对性不强" in text_of(service)
    assert "没有可以恢复的撤销" in said(service.redo(USER))


def test_a_new_change_ends_what_can_be_redone(service: DraftingService) -> None:
    filled(service)
    service.command(USER, "up", "2.2")
    service.undo(USER)
    service.edit(USER, "1")
    service.answer(USER, "县农业农村局党组书记、局长（主持全面工作）")
    assert "没有可以恢复的撤销" in said(service.redo(USER))


def test_history_lists_changes_newest_first_in_local_time(service: DraftingService) -> None:
    filled(service)
    service.command(USER, "move", "2.4 1")
    listing = said(service.history(USER)).splitlines()
    assert listing[0] == "最近的修改（由近到远）："
    assert "移动“抓学习成果转化不够有力”到〔2.1〕（移动）" in listing[1]
    assert "（导入）" in listing[2]
    # the item's own history follows it to its new number
    assert "移动“抓学习成果转化不够有力”到〔2.1〕" in said(service.history(USER, "2.1"))
