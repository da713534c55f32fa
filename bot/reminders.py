"""Reminders: which are due for a draft (pure); the meeting date is read by bot/dates.py.

Nothing is scheduled in memory. A periodic sweep (bot/telegram/reminders.py) asks the
database which drafts are idle or near their meeting, so a restart loses nothing;
each reminder has a key recorded when it is sent, so none goes out twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from bot import dates
from bot.config import ReminderConfig
from bot.dates import parse_meeting_date

OFF_WORDS = ("关闭", "关", "停止", "不要", "off", "no", "0")
ON_WORDS = ("开启", "打开", "开", "恢复", "on", "yes", "1")


@dataclass(frozen=True)
class Due:
    kind: str  # "meeting" or "idle"
    key: str  # distinct per reminder: which countdown step, or idle since when
    text: str


def local_zone(settings: ReminderConfig) -> timezone:
    return dates.local_zone(settings.utc_offset_hours)


def _md(day: date) -> str:
    return f"{day.month}月{day.day}日"


def due_reminders(settings: ReminderConfig, now: datetime, *, name: str, percent: int, done: bool,
                  last_activity: datetime, meeting_date: date | None) -> list[Due]:
    """The reminders one draft should get now; the caller skips those already sent."""
    local = now.astimezone(local_zone(settings))
    if not settings.send_from_hour <= local.hour < settings.send_until_hour:
        return []  # nobody wants a reminder at night; the next sweep in the day sends it
    found: list[Due] = []
    if meeting_date is not None:
        days_left = (meeting_date - local.date()).days
        steps = [d for d in settings.before_days if days_left <= d]
        if days_left >= 0 and steps:
            # One reminder per countdown step: after a long downtime only the nearest goes out.
            step = min(steps)
            when = f"今天（{_md(meeting_date)}）召开" if days_left == 0 else \
                f"{_md(meeting_date)}召开，还有{days_left}天"
            todo = ("材料已全部填写，可发送 /check 再审读一遍，发送 /draft 取得定稿。" if done
                    else f"您的材料已完成{percent}%，发送 /start 继续填写。")
            found.append(Due("meeting", f"{meeting_date.isoformat()}:{step}", f"⏰ 民主生活会{when}。{todo}"))
    idle = now - last_activity
    if not done and idle >= timedelta(days=settings.idle_days):
        found.append(Due("idle", last_activity.astimezone(local_zone(settings)).strftime("%Y-%m-%dT%H:%M"),
                         f"⏰ 您的《{name}》对照检查材料已有{idle.days}天没有填写了，目前完成{percent}%。"
                         "发送 /start 从上次停下的地方继续。"))
    return found


__all__ = ["Due", "due_reminders", "local_zone", "parse_meeting_date"]
