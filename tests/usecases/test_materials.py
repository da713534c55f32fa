"""我的材料: nothing is ever orphaned; open, rename, duplicate, archive, restore, drop one."""

from __future__ import annotations

from bot.usecases import DraftingService
from tests.conftest import SAMPLES
from tests.usecases.helpers import USER, button, filled, said, text_of


def test_new_and_import_keep_every_earlier_material_reachable(service: DraftingService) -> None:
    """Why: /new or an import made a new draft, and nothing listed or reopened the earlier ones."""
    filled(service)
    first = text_of(service)
    service.new(USER, "2024-dangji 全新")
    service.answer(USER, "县人民政府副县长")
    service.import_answers(USER, (SAMPLES / "answers-2021.yaml").read_bytes())
    rows = service.materials(USER)
    assert [(r.number, r.meeting, r.is_open) for r in rows] == [
        (1, "2021年度党史学习教育专题民主生活会", False), (2, "2024年度民主生活会（党纪学习教育）", False),
        (3, "2021年度党史学习教育专题民主生活会", True)]
    assert rows[0].percent == 100 and rows[0].chars > 2000 and rows[0].author == "县农业农村局党组书记、局长李明"
    assert rows[1].author == "县人民政府副县长"
    listing = service.command(USER, "materials")[0]
    assert "▶ 3. " in listing.text and "最后修改：" in listing.text
    assert [b.typed for row in listing.buttons for b in row] == ["/open 1", "/open 2"]
    reply = service.press(USER, listing.buttons[0][0].data)
    assert "已打开第1份材料" in said(reply)
    assert text_of(service) == first


def test_an_old_new_button_or_new_again_never_loses_the_material(service: DraftingService) -> None:
    """Why: an old "new:…" button or /new <id> again moved the official to an empty draft with no way back."""
    filled(service)
    written = text_of(service)
    service.press(USER, "new:2021-dangshi")
    assert text_of(service) != written  # a new, empty material is open …
    assert "已打开第1份材料" in said(service.command(USER, "open", "1"))  # … and the first one is one step away
    assert text_of(service) == written


def test_rename_duplicate_archive_restore(service: DraftingService) -> None:
    filled(service)
    assert "已命名为“县长个人材料·初稿”" in said(service.command(USER, "rename", "1 县长个人材料·初稿"))
    assert service.materials(USER)[0].name == "县长个人材料·初稿"
    assert "用法" in said(service.command(USER, "rename", "1 " + "长" * 31))
    copy = said(service.command(USER, "duplicate", "1"))
    assert "副本为第2份，并已打开" in copy
    rows = service.materials(USER)
    assert rows[1].name == "县长个人材料·初稿（副本）" and rows[1].is_open and rows[1].chars == rows[0].chars
    service.command(USER, "remove", "2.1 确认")  # the copy changes, the original does not
    assert service.materials(USER)[0].chars > service.materials(USER)[1].chars
    assert "已归档" in said(service.command(USER, "archive", "1"))
    assert "已归档，请先发送 /restore 1" in said(service.command(USER, "open", "1"))
    assert "（已归档）" in said(service.command(USER, "materials"))
    assert "已恢复" in said(service.command(USER, "restore", "1"))
    assert "已打开第1份材料" in said(service.command(USER, "open", "1"))
    # renaming is a change like any other: /undo takes it back
    assert "材料名称" in said(service.undo(USER))
    assert service.materials(USER)[0].name == "2021年度党史学习教育专题民主生活会"


def test_dropping_one_material_names_it_and_keeps_the_others(service: DraftingService) -> None:
    filled(service)
    service.new(USER, "2024-dangji 全新")
    offer = service.command(USER, "drop", "2")[0]
    assert "将永久删除第2份材料“2024年度民主生活会（党纪学习教育）”" in offer.text
    assert len(service.materials(USER)) == 2  # nothing happens before the confirmation
    replies = service.press(USER, button(offer, "drop"))
    assert "已删除第2份材料" in said(replies) and "当前材料：2021年度党史学习教育专题民主生活会" in said(replies)
    assert [r.number for r in service.materials(USER)] == [1]
    assert "没有第2份材料" in said(service.command(USER, "open", "2"))


def test_materials_of_another_user_are_not_listed(service: DraftingService) -> None:
    filled(service)
    assert service.materials(USER + 1) == []
    assert "没有第1份材料" in said(service.command(USER + 1, "open", "1"))


def test_status_names_each_missing_layout_choice_and_counts_words_only_once_there_are_some(
        service: DraftingService) -> None:
    service.new(USER, "2025-zuofeng-banzi")
    service.answer(USER, "中共某县委员会领导班子")
    status = said(service.status(USER))
    assert "还缺：上年度民主生活会整改落实情况写在哪里、各方面的问题怎样排列" in status
    assert "字数：目前共" not in status  # nothing written yet: the template's own words are no count
    filled(service)
    assert "字数：目前共" in said(service.status(USER))
