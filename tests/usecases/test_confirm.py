"""Confirmation buttons are bound to the state they were shown for: pressed later, they change nothing."""

from __future__ import annotations

import time

import pytest

from bot import texts
from bot.usecases import DraftingService
from tests.conftest import SAMPLES
from tests.usecases.helpers import USER, button, filled, said, text_of


def test_an_old_delete_button_after_a_fresh_start_deletes_nothing(service: DraftingService) -> None:
    """Why: 确认删除 pressed after /delete and a fresh start deleted the new data again, unasked."""
    filled(service)
    offer = service.delete(USER)[0]
    yes = button(offer, "del")
    assert "全部数据已删除" in said(service.press(USER, yes))
    service.new(USER, "2021-dangshi")
    service.answer(USER, "县人民政府副县长")
    assert said(service.press(USER, yes)) == texts.STALE_BUTTON
    assert service.answers(USER) == {"author.position": "县人民政府副县长"}


def test_a_confirmation_expires_once_anything_changed(service: DraftingService) -> None:
    filled(service)
    before = text_of(service)
    remove = button(service.command(USER, "remove", "2.1")[0], "rm")
    service.edit(USER, "1")
    service.answer(USER, "县农业农村局党组书记、局长（主持全面工作）")  # the state moved on
    assert said(service.press(USER, remove)) == texts.STALE_BUTTON
    assert "一是学习的系统性不强" in text_of(service) and text_of(service) != before
    # pressed while nothing has changed, the same kind of button works once
    fresh = button(service.command(USER, "remove", "2.1")[0], "rm")
    assert "已删除〔2.1〕" in said(service.press(USER, fresh))
    assert said(service.press(USER, fresh)) == texts.STALE_BUTTON


def test_an_import_and_a_carry_over_button_are_bound_too(service: DraftingService) -> None:
    service.new(USER, "2021-dangshi")
    offer = service.receive_file(USER, "答案.yaml", (SAMPLES / "answers-2021.yaml").read_bytes())[0]
    old = button(offer, "imp")
    service.cancel(USER)
    again = service.receive_file(USER, "答案.yaml", (SAMPLES / "answers-2021.yaml").read_bytes())[0]
    assert said(service.press(USER, old)) == texts.STALE_BUTTON
    assert len(service.materials(USER)) == 1
    assert "导入完成" in said(service.press(USER, button(again, "imp")))
    assert len(service.materials(USER)) == 2
    carry = service.new(USER, "2024-dangji")[0]
    service.command(USER, "date", "12月28日")
    assert said(service.press(USER, button(carry, "cf"))) == texts.STALE_BUTTON
    assert len(service.materials(USER)) == 2


def test_a_confirmation_expires_after_a_day(service: DraftingService, monkeypatch: pytest.MonkeyPatch) -> None:
    filled(service)
    yes = button(service.delete(USER)[0], "del")
    later = time.time() + 24 * 3600 + 120
    monkeypatch.setattr(time, "time", lambda: later)
    assert said(service.press(USER, yes)) == texts.STALE_BUTTON
    assert len(service.materials(USER)) == 1


def test_a_forged_stamp_is_refused(service: DraftingService) -> None:
    filled(service)
    for forged in ("del:yes", "del:yes~", "del:yes~x.y", "del:yes~99.1", "rm:2.1~abc"):
        assert said(service.press(USER, forged)) == texts.STALE_BUTTON or "确定删除吗" in said(
            service.press(USER, forged))
    assert len(service.materials(USER)) == 1 and "一是学习的系统性不强" in text_of(service)
