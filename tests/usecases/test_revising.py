"""Structural edits in chat: add at a position, remove, move, edit one field; bounds; marks follow items."""

from __future__ import annotations

from bot.usecases import DraftingService
from tests.usecases.helpers import USER, button, filled, said, text_of


def test_editing_only_the_example(service: DraftingService) -> None:
    """Why: editing only the example meant walking title → detail → example again."""
    filled(service)
    reply = said(service.edit(USER, "2.1 例子"))
    assert "修改〔2.1〕" in reply and "的事例" in reply and "当前内容：今年6月至9月" in reply
    done = said(service.answer(USER, "今年6月至9月，我个人自学记录只有11次"))
    assert "修改已完成" in done
    assert "学习的系统性不强" in text_of(service)
    assert "没有“落款”这一项" in said(service.edit(USER, "2.1 落款"))


def test_remove_asks_with_the_text_and_keeps_the_bounds(service: DraftingService) -> None:
    filled(service, four=False)
    offer = service.command(USER, "remove", "3.1")[0]
    assert "以普通党员身份参加支部生活不够经常" in offer.text and "确定删除吗" in offer.text
    service.press(USER, button(offer, "rm"))
    assert "一是听取不同意见耐心不够" in text_of(service)
    # a problem less than the profile's minimum of 1 is refused with the reason
    assert "本方面至少要写1个问题，不能再删除" in said(service.command(USER, "remove", "3.1"))
    assert "已删除〔8.1〕" in said(service.command(USER, "remove", "8.1 确认"))  # four causes: one may go
    assert "原因剖析至少要写3条原因" in said(service.command(USER, "remove", "8.1 确认"))


def test_add_keeps_the_maximum(service: DraftingService) -> None:
    filled(service)  # aspect 1 has four problems, the most the 2021 profile allows
    assert "本方面最多写4个问题，已经写满" in said(service.command(USER, "add", "2"))
    assert "第2部分没有第9个问题" in said(service.command(USER, "up", "2.9"))
    assert "不是可增删的列表" in said(service.command(USER, "add", "1"))


def test_numbering_follows_a_move(service: DraftingService) -> None:
    filled(service)
    service.command(USER, "move", "2.4 1")
    text = text_of(service)
    assert "一是抓学习成果转化不够有力" in text and "二是学习的系统性不强" in text
    assert "移到第3个" in said(service.command(USER, "down", "2.2"))
    assert "一是抓学习成果转化不够有力" in text_of(service) and "三是学习的系统性不强" in text_of(service)
    assert "已经在第1个，无需移动" in said(service.command(USER, "up", "2.1"))


def test_link_marks_follow_the_item_when_it_moves(service: DraftingService) -> None:
    filled(service)
    service.link(USER, "1 2.2")  # measure 1 answers problem 2.2 (学用结合有欠缺)
    assert "2.2 学用结合有欠缺" in said(service.link(USER))
    service.command(USER, "up", "2.2")
    assert "第1条措施回应：2.1 学用结合有欠缺" in said(service.link(USER))
    service.command(USER, "remove", "2.1 确认")
    assert "第1条措施尚未标注回应的问题" in said(service.link(USER))
    service.undo(USER)  # the removed problem comes back, and so does its mark
    assert "第1条措施回应：2.1 学用结合有欠缺" in said(service.link(USER))


def test_the_part_view_has_buttons_for_each_item(service: DraftingService) -> None:
    filled(service)
    replies = service.section(USER, "2")
    view = replies[0]
    assert "〔2.1〕学习的系统性不强。" in view.text
    rows = [[b.data for b in row] for row in view.buttons]
    assert rows[0] == ["edit:2.1", "add:2 2", "remove:2.1", "down:2.1"]
    assert rows[1] == ["edit:2.2", "add:2 3", "remove:2.2", "up:2.2", "down:2.2"]
    assert rows[-1] == ["add:2"]
