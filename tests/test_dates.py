"""Meeting dates as officials type them, and the local clock behind every date they see."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.dates import (
    chinese_numeral,
    latest_meeting_date,
    local_date,
    local_today,
    meeting_date_problem,
    parse_meeting_date,
)

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-12-28", date(2026, 12, 28)),
    ("2026年12月28日", date(2026, 12, 28)),
    ("12月28日", date(2026, 12, 28)),
    ("12月28号", date(2026, 12, 28)),
    ("十二月二十八日", date(2026, 12, 28)),
    ("二〇二六年十二月二十八日", date(2026, 12, 28)),
    ("二零二七年一月八日", date(2027, 1, 8)),
    ("12月28日上午9点", date(2026, 12, 28)),
    ("12月28日下午2点半", date(2026, 12, 28)),
    ("十二月二十八日（星期一）上午九点三十分", date(2026, 12, 28)),
    ("2026-12-28 09:30", date(2026, 12, 28)),
    ("１２月２８日", date(2026, 12, 28)),
    ("一月八日", date(2027, 1, 8)),  # past this year: the next one
    ("廿八日", None), ("12月", None), ("十三月一日", None), ("12月32日", None),
    ("2027年2月29日", None), ("下周五", None), ("12月28日开会", None),
])
def test_meeting_dates_in_chinese_forms(text: str, expected: date | None) -> None:
    assert parse_meeting_date(text, TODAY) == expected


@pytest.mark.parametrize(("today", "expected"), [
    (date(2026, 12, 1), date(2028, 2, 29)),  # 2027 is no leap year: the next 29 February
    (date(2028, 2, 29), date(2028, 2, 29)),
    (date(2028, 3, 1), date(2032, 2, 29)),
])
def test_29_february_is_the_next_such_day(today: date, expected: date) -> None:
    assert parse_meeting_date("2月29日", today) == expected
    assert meeting_date_problem(expected, today) is None


@pytest.mark.parametrize(("text", "value"), [
    ("5", 5), ("十", 10), ("十二", 12), ("二十", 20), ("二十八", 28), ("廿八", 28), ("卅一", 31),
    ("三十一", 31), ("二〇二六", 2026), ("十十", None), ("二十十", None), ("一二十", None),
])
def test_chinese_numerals(text: str, value: int | None) -> None:
    assert chinese_numeral(text) == value


def test_a_meeting_date_must_be_ahead_and_within_four_years() -> None:
    assert meeting_date_problem(date(2026, 11, 30), TODAY) == "2026年11月30日已经过去，请输入会议召开的日期。"
    assert "距今超过4年" in (meeting_date_problem(date(9999, 12, 31), TODAY) or "")
    assert meeting_date_problem(latest_meeting_date(TODAY), TODAY) is None
    assert latest_meeting_date(date(2096, 2, 29)) == date(2100, 2, 28)  # 2100 is no leap year


def test_the_local_day_is_the_officials_not_the_servers() -> None:
    evening_utc = datetime(2026, 11, 30, 17, 30, tzinfo=UTC)  # 01:30 on 1 December in Beijing
    assert local_today(8, evening_utc) == date(2026, 12, 1)
    assert local_date(evening_utc, 8) == date(2026, 12, 1)
    assert local_date(evening_utc.replace(tzinfo=None), 8) == date(2026, 12, 1)  # SQLite: naive UTC
    assert local_date(evening_utc, 0) == date(2026, 11, 30)
