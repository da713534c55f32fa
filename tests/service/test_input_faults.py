"""Arguments that used to raise or be misread, and dates shown in the officials' time."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import update

from bot.app import build_service
from bot.config import Config
from bot.storage.models import Material
from bot.usecases import DraftingService
from tests.assist_helpers import two_years
from tests.conftest import SAMPLES

USER = 1001
TODAY = date(2026, 12, 1)  # a Tuesday; 2027 is no leap year


def imported(service: DraftingService) -> None:
    service.receive_file(USER, "answers-2021.yaml", (SAMPLES / "answers-2021.yaml").read_bytes())
    service.confirm_import(USER, True)


@pytest.mark.parametrize("argument", ["²", "①", "٣", "𐩀"])
def test_link_with_a_number_int_cannot_read_gets_a_chinese_reply(service: DraftingService, argument: str) -> None:
    imported(service)
    reply = service.link(USER, argument)[0].text
    assert reply.startswith(f"没有第{argument}条措施。") and "请用数字写序号，如 /link 1" in reply


def test_link_takes_full_width_digits(service: DraftingService) -> None:
    imported(service)
    assert service.link(USER, "１")[0].text.startswith("第1条措施")


def test_new_with_a_digit_int_cannot_read_is_not_a_crash(service: DraftingService) -> None:
    assert service.new(USER, "𐩀")[0].text.startswith("没有找到会议“𐩀”。请从下列会议中选择")


@pytest.fixture
def on_1_december(service: DraftingService, monkeypatch: pytest.MonkeyPatch) -> DraftingService:
    monkeypatch.setattr("bot.usecases.meeting.today", lambda deps: TODAY)
    service.new(USER, "2021-dangshi")
    return service


@pytest.mark.parametrize(("typed", "stored"), [
    ("十二月二十八日", date(2026, 12, 28)),
    ("12月28日上午9点", date(2026, 12, 28)),
    ("2月29日", date(2028, 2, 29)),  # the next 29 February, not "无法识别"
])
def test_dates_in_chinese_forms_are_set(on_1_december: DraftingService, typed: str, stored: date) -> None:
    reply = on_1_december.date(USER, typed)[0].text
    assert reply.startswith(f"已设置：会议日期：{stored.year}年{stored.month}月{stored.day}日"), reply


def test_a_date_thousands_of_years_ahead_is_refused(on_1_december: DraftingService) -> None:
    reply = on_1_december.date(USER, "9999-12-31")[0].text
    assert reply == "9999年12月31日距今超过4年，请检查年份后重新输入会议召开的日期。"
    assert "会议日期：未设置" in on_1_december.date(USER)[0].text


def test_file_names_use_the_officials_day(service: DraftingService, monkeypatch: pytest.MonkeyPatch) -> None:
    """The server's date.today() is UTC (or whatever its zone is); the day shown is the officials'."""
    local_day = date(2027, 1, 2)  # never the machine's own date while this suite runs
    monkeypatch.setattr("bot.usecases.meeting.today", lambda deps: local_day)
    imported(service)
    [exported] = [r.attachment for r in service.export(USER) if r.attachment is not None]
    assert exported.filename == "答案-2021-dangshi-20270102.yaml"
    names = [r.attachment.filename for r in service.draft(USER) if r.attachment is not None]
    assert names == ["对照检查材料-2021年度-20270102.docx", "对照检查材料-2021年度-20270102.txt"]


def test_the_started_date_of_last_years_draft_is_local(config: Config, tmp_path: Path) -> None:
    service = build_service(replace(config, profiles_dir=two_years(tmp_path / "profiles")))
    imported(service)
    with service.db.transaction() as session:  # 01:30 on 1 December in Beijing, still 30 November in UTC
        session.execute(update(Material).values(created_at=datetime(2026, 11, 30, 17, 30, tzinfo=UTC)))
    offer = service.new(USER, "2022-test")[0].text
    assert "2026年12月01日起草" in offer, offer
