"""Which reminders are due (pure), and the meeting dates officials type."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.config import ReminderConfig, load_config
from bot.reminders import due_reminders, parse_meeting_date
from tests.conftest import ROOT

SETTINGS = ReminderConfig(idle_days=3, before_days=(1, 3, 7), utc_offset_hours=8, send_from_hour=9,
                          send_until_hour=21)
# 10:00 in Beijing on 2025-12-10
NOW = datetime(2025, 12, 10, 2, 0, tzinfo=UTC)


def due(now: datetime = NOW, *, last: timedelta = timedelta(hours=1), meeting: date | None = None,
        done: bool = False) -> list[tuple[str, str]]:
    return [(d.kind, d.key) for d in due_reminders(SETTINGS, now, name="某会", percent=40, done=done,
                                                   last_activity=now - last, meeting_date=meeting)]


def test_idle_reminder_once_per_idle_stretch() -> None:
    assert due(last=timedelta(days=2, hours=23)) == []
    assert due(last=timedelta(days=3)) == [("idle", "2025-12-07T10:00")]
    # the key is the last activity, so the same stretch gives the same key an hour later
    assert due(NOW + timedelta(hours=1), last=timedelta(days=3, hours=1)) == [("idle", "2025-12-07T10:00")]
    assert due(last=timedelta(days=9), done=True) == []  # a finished draft is not nagged


def test_meeting_countdown_steps() -> None:
    meeting = date(2025, 12, 20)  # 10 days ahead
    assert due(meeting=meeting) == []
    assert due(NOW + timedelta(days=3), meeting=meeting) == [("meeting", "2025-12-20:7")]
    assert due(NOW + timedelta(days=5), meeting=meeting) == [("meeting", "2025-12-20:7")]
    # back from a long stop: only the nearest step, never the ones already passed
    assert due(NOW + timedelta(days=9), meeting=meeting) == [("meeting", "2025-12-20:1")]
    assert due(NOW + timedelta(days=10), meeting=meeting) == [("meeting", "2025-12-20:1")]
    assert due(NOW + timedelta(days=11), meeting=meeting) == []  # the meeting is over


def test_meeting_text_and_night_silence() -> None:
    [item] = due_reminders(SETTINGS, NOW, name="某会", percent=100, done=True, last_activity=NOW,
                           meeting_date=date(2025, 12, 13))
    assert item.text == "⏰ 民主生活会12月13日召开，还有3天。材料已全部填写，可发送 /check 再审读一遍，发送 /draft 取得定稿。"
    [idle] = due_reminders(SETTINGS, NOW, name="某会", percent=40, done=False, last_activity=NOW - timedelta(days=4),
                           meeting_date=None)
    assert "已有4天没有填写了，目前完成40%" in idle.text
    night = datetime(2025, 12, 10, 15, 0, tzinfo=UTC)  # 23:00 in Beijing
    assert due(night, last=timedelta(days=5)) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("2025-12-20", date(2025, 12, 20)),
    ("2025/1/5", date(2025, 1, 5)),
    ("2025年12月20日", date(2025, 12, 20)),
    ("２０２５－１２－２０", date(2025, 12, 20)),
    ("12月20日", date(2025, 12, 20)),
    ("1月8日", date(2026, 1, 8)),  # already past this year: next year's
    ("2025-02-30", None),
    ("下周五", None),
])
def test_meeting_dates(text: str, expected: date | None) -> None:
    assert parse_meeting_date(text, date(2025, 12, 10)) == expected


def test_reminder_config_from_file_and_environment() -> None:
    config = load_config(ROOT / "config.yaml", env={})
    assert config.reminders.enabled and config.reminders.before_days == (1, 3, 7)
    assert not load_config(ROOT / "config.yaml", env={"SELFREVIEW_REMINDERS": "off"}).reminders.enabled
