"""Dates: the meeting date as officials type it, and the one local clock every shown date uses (pure).

Officials type dates the way they write them in documents: 2026-12-28, 2026年12月28日,
12月28日, 十二月二十八日, 二〇二六年十二月二十八日, often with a weekday or a time after
them (12月28日（星期一）上午9点). Only the day matters for a meeting date, so whatever
follows the day is read and dropped. A day without a year is the next such day: for
2月29日 that may be up to four years ahead.

The server's clock is usually UTC while the officials live at UTC+8: between midnight and
08:00 Beijing time "today" differs. Every date a user sees (file names, "起草" dates,
countdowns) comes from ``local_today`` / ``local_date`` with the configured offset
(``reminders.utc_offset_hours``), never from ``date.today()``.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone

from bot.parsing import ascii_digits

# How far ahead a meeting date may be: the next 29 February is at most four years away;
# anything later (9999-12-31) is a typing mistake.
MAX_YEARS_AHEAD = 4

_CHINESE_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
                   "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUM = r"[0-9〇零○Ｏ一二两三四五六七八九十廿卅]{1,4}"
_YEAR = r"(?P<year>[0-9]{4}|[〇零○Ｏ一二三四五六七八九]{4})"
_SEP = r"\s*[-/.年]\s*"
_MONTH_SEP = r"\s*[-/.月]\s*"
# What may follow the day: a weekday, a time of day, or both (all ignored).
_WEEKDAY = r"(?:[（(]?\s*(?:星期|周|礼拜)[一二三四五六日天]\s*[)）]?)"
_TIME = (r"(?:(?:上午|下午|中午|晚上|早上|凌晨|傍晚)?\s*(?:[0-9]{1,2}\s*[:：]\s*[0-9]{2}|"
         + _NUM + r"\s*[点时](?:\s*(?:" + _NUM + r"\s*分?|半|整))?))")
_TAIL = rf"(?:\s*{_WEEKDAY})?(?:\s*{_TIME})?\s*[。.]?"
_DAY = r"(?P<day>" + _NUM + r")\s*(?:日|号)?"
_FULL = re.compile(rf"^{_YEAR}{_SEP}(?P<month>{_NUM}){_MONTH_SEP}{_DAY}{_TAIL}$")
_MONTH_DAY = re.compile(rf"^(?P<month>{_NUM}){_MONTH_SEP}{_DAY}{_TAIL}$")
_PUNCTUATION = str.maketrans("－／．：　", "-/.: ")


def chinese_numeral(text: str) -> int | None:
    """1–99 as 5, 12, 十二, 二十八, 廿八, 三十一, or digit by digit (二〇二六); else None."""
    if text.isascii():
        return int(text) if text.isdigit() else None
    tens: int | None = None
    if text[0] in "廿卅":
        tens, ones = (2 if text[0] == "廿" else 3), text[1:]
    elif "十" in text:
        before, _, ones = text.partition("十")
        if before and before not in _CHINESE_DIGITS:
            return None
        tens = _CHINESE_DIGITS[before] if before else 1
    if tens is not None:
        if ones and (len(ones) != 1 or ones not in _CHINESE_DIGITS):
            return None
        return tens * 10 + (_CHINESE_DIGITS[ones] if ones else 0)
    if all(ch in _CHINESE_DIGITS for ch in text):
        return int("".join(str(_CHINESE_DIGITS[ch]) for ch in text))
    return None


def _next_such_day(month: int, day: int, today: date) -> date | None:
    """The first month/day on or after today (2月29日: the next leap year's)."""
    for year in range(today.year, today.year + MAX_YEARS_AHEAD + 1):
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if found >= today:
            return found
    return None


def parse_meeting_date(text: str, today: date) -> date | None:
    """The day in 2026-12-28, 2026年12月28日, 12月28日, 十二月二十八日 …; None if it is not a day.

    A year given explicitly is kept even if that day is past (the caller says so);
    without a year it is the next such day.
    """
    text = ascii_digits(text.strip()).translate(_PUNCTUATION)
    full = _FULL.match(text)
    month_day = None if full else _MONTH_DAY.match(text)
    match = full or month_day
    if match is None:
        return None
    month, day = chinese_numeral(match.group("month")), chinese_numeral(match.group("day"))
    if month is None or day is None:
        return None
    if month_day is not None:
        return _next_such_day(month, day, today)
    year = chinese_numeral(match.group("year"))
    if year is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def latest_meeting_date(today: date) -> date:
    """The last day a meeting date may be set to."""
    try:
        return today.replace(year=today.year + MAX_YEARS_AHEAD)
    except ValueError:  # 29 February
        return date(today.year + MAX_YEARS_AHEAD, 2, 28)


def meeting_date_problem(day: date, today: date) -> str | None:
    """Why `day` cannot be the meeting date (past, or implausibly far ahead); None if it can."""
    if day < today:
        return f"{day.year}年{day.month}月{day.day}日已经过去，请输入会议召开的日期。"
    if day > latest_meeting_date(today):
        return (f"{day.year}年{day.month}月{day.day}日距今超过{MAX_YEARS_AHEAD}年，"
                "请检查年份后重新输入会议召开的日期。")
    return None


# ---- the local clock ------------------------------------------------------------------------


def local_zone(utc_offset_hours: int) -> timezone:
    return timezone(timedelta(hours=utc_offset_hours))


def local_time(moment: datetime, utc_offset_hours: int) -> datetime:
    """A stored moment in the officials' time; a naive one (SQLite returns those) is UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(local_zone(utc_offset_hours))


def local_date(moment: datetime, utc_offset_hours: int) -> date:
    """The officials' calendar day of a stored moment."""
    return local_time(moment, utc_offset_hours).date()


def local_today(utc_offset_hours: int, now: datetime | None = None) -> date:
    """Today where the officials are (now: a UTC moment, for tests; default the current one)."""
    return local_date(now or datetime.now(UTC), utc_offset_hours)
