"""Every answer lands where the official meant it: bursts, pastes, over-long answers, command words."""

from __future__ import annotations

from bot.usecases import DraftingService
from tests.conftest import SAMPLES
from tests.usecases.helpers import USER, button, said, text_of

PASTE = ("一是学习不够系统。习惯于碎片化学习，读原著原文少。比如今年只读了两本原著。\n"
         "二是调研不够深入。下乡多是听汇报，和群众深谈少。")


def started(service: DraftingService) -> None:
    service.new(USER, "2021-dangshi")
    for text in ("县人民政府副县长", "王测试"):
        service.answer(USER, text)
    service.skip(USER)


def test_a_paste_of_two_problems_is_shown_split_and_filed_after_one_yes(service: DraftingService) -> None:
    started(service)
    service.answer(USER, "本人认真学习全会精神，但对照要求还有差距。")
    offer = service.answer(USER, PASTE)[0]
    assert "这段文字包含2项" in offer.text and "1. 学习不够系统" in offer.text
    assert "themes.1.problems.1.title" not in service.answers(USER)  # nothing filed before the yes
    done = said(service.press(USER, button(offer, "paste")))
    assert "已分开保存2项" in done
    text = text_of(service)
    # the numbering the official typed is never doubled
    assert "一是学习不够系统。习惯于碎片化学习" in text and "二是调研不够深入" in text and "一是一是" not in text
    assert "如，今年只读了两本原著" in text and "比如" not in text
    assert said(service.undo(USER)).startswith("已撤销最近一次修改")  # the whole paste is one change
    assert "学习不够系统" not in text_of(service)


def test_a_paste_can_still_be_kept_as_one_answer(service: DraftingService) -> None:
    started(service)
    service.answer(USER, "本人认真学习全会精神，但对照要求还有差距。")
    offer = service.answer(USER, PASTE)[0]
    # "作为一条回答保存" at a title question: the title bound refuses the whole paste, and it stays held
    reply = said(service.press(USER, button(offer, "asis")))
    assert "原文仍在暂存内容中" in reply
    assert "多项" in said(service.command(USER, "held"))


def test_an_over_long_title_is_kept_and_used_as_the_detail(service: DraftingService) -> None:
    started(service)
    service.answer(USER, "本人认真学习全会精神，但对照要求还有差距。")
    long = "年初制定的自学计划，遇到会议和检查多的时候就往后推，第三季度原定八次自学只完成三次，学习的连续性和系统性都不够"
    reply = service.answer(USER, long)
    assert "回答过长" in reply[0].text and "不必重新输入" in reply[0].text
    used = said(service.press(USER, button(reply[0], "asdetail")))
    assert "已把这段话作为〔2.1〕的具体表现" in used and "第一个问题：请用一句短话概括问题" in used
    service.answer(USER, "自学计划执行不严")
    assert service.answers(USER)["themes.1.problems.1.detail"] == long
    assert service.answers(USER)["themes.1.problems.1.title"] == "自学计划执行不严"


def test_command_words_are_never_saved_as_content(service: DraftingService) -> None:
    """Why: "status", "查看草稿" saved as problem titles; "／draft" saved as the position; "跳过" as an answer."""
    service.new(USER, "2021-dangshi")
    assert "进度" in said(service.answer(USER, "／status"))  # a full-width slash is still a command
    assert "进度" in said(service.answer(USER, "、status"))  # what a Chinese IME gives for "/"
    asked = service.answer(USER, "查看草稿")[0]
    assert "是命令“/draft”" in asked.text
    assert "author.position" not in service.answers(USER)
    assert [b.action for row in asked.buttons for b in row] == ["draft", "asis"]
    service.answer(USER, "县人民政府副县长")
    service.answer(USER, "王测试")
    assert "已跳过" in said(service.answer(USER, "跳过"))  # the optional unit: the button's word does it
    assert "author.unit" in service.answers(USER) and service.answers(USER)["author.unit"] is None
    assert "status" not in service.answers(USER).values()


def test_a_word_material_imports_as_a_new_material_with_nothing_lost(service: DraftingService) -> None:
    """Why: a .docx got "文件不是 UTF-8 编码的文本"; only the YAML answers file could be imported."""
    service.import_answers(USER, (SAMPLES / "answers-2021.yaml").read_bytes())
    written = text_of(service)
    doc = next(r.attachment for r in service.draft(USER) if r.attachment and r.attachment.filename.endswith(".docx"))
    assert doc is not None
    offer = service.receive_file(USER, "去年的材料.docx", doc.content)[0]
    assert "已按“2021年度党史学习教育专题民主生活会”的结构读出：5个方面共11个问题，4条原因，4条措施" in offer.text
    service.press(USER, button(offer, "imp"))
    assert len(service.materials(USER)) == 2 and text_of(service) == written
    # a text the importer cannot place is kept, marked, in /held
    text = written.replace("二、原因剖析", "附：本人近三年分管工作一览表\n二、原因剖析")
    offer = service.receive_file(USER, "材料.txt", text.encode("gbk"))[0]
    assert "1段文字没有找到对应位置" in offer.text
    assert "未归位的文字已暂存" in said(service.press(USER, button(offer, "imp")))
    assert "附：本人近三年分管工作一览表" in said(service.command(USER, "held"))


def test_an_unreadable_file_changes_nothing(service: DraftingService) -> None:
    service.new(USER, "2021-dangshi")
    assert "无法读取" in said(service.receive_file(USER, "旧材料.doc", b"\xd0\xcf\x11\xe0 not a docx"))
    assert len(service.materials(USER)) == 1


def test_last_years_word_file_becomes_last_years_material_and_is_carried_over(service: DraftingService) -> None:
    """The title names 2021: read into the 2021 meeting even while a 2025 material is open; /new offers it."""
    service.import_answers(USER, (SAMPLES / "answers-2021.yaml").read_bytes())
    doc = next(r.attachment for r in service.draft(USER) if r.attachment and r.attachment.filename.endswith(".docx"))
    assert doc is not None
    service.command(USER, "drop", "1 确认")
    service.new(USER, "2025-zuofeng")
    offer = service.receive_file(USER, "2021年材料.docx", doc.content)[0]
    assert "已按“2021年度党史学习教育专题民主生活会”的结构读出" in offer.text
    service.press(USER, button(offer, "imp"))
    carry = service.new(USER, "2025-zuofeng")[0]
    assert "您有一份以前的材料（2021年度党史学习教育专题民主生活会" in carry.text
    assert "已从以前的材料复制" in said(service.press(USER, button(carry, "cf")))
