"""The meeting date (/date), the reminder switch (/remind) and the reminder sweep."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot import texts
from bot.dates import local_today, meeting_date_problem
from bot.reminders import OFF_WORDS, ON_WORDS, due_reminders, local_zone, parse_meeting_date
from bot.storage.repository import Repository
from bot.storage.rows import MaterialRow
from bot.texts import meeting as T
from bot.usecases.asking import choose_profile
from bot.usecases.replies import OutgoingReminder, Reply
from bot.usecases.scope import Deps, Scope


def today(deps: Deps) -> date:
    """One local clock for every date an official sees (config: reminders.utc_offset_hours)."""
    return local_today(deps.reminders.utc_offset_hours)


def example_date(deps: Deps) -> str:
    """An example in the full form that is never in the past: the coming 20 December."""
    day = today(deps)
    return f"{day.year if (day.month, day.day) <= (12, 20) else day.year + 1}-12-20"


def date_line(deps: Deps, material: MaterialRow) -> str:
    if material.meeting_date is None:
        return T.DATE_UNSET
    days = (material.meeting_date - today(deps)).days
    when = T.TODAY if days == 0 else (T.DAYS_LEFT.format(days=days) if days > 0 else T.DAYS_PAST.format(days=-days))
    return T.DATE_SET.format(day=material.meeting_date, when=when)


def set_date(scope: Scope, args: str = "") -> list[Reply]:
    """/date 12月20日: the date of the meeting; /date 清除 forgets it."""
    deps, material = scope.deps, scope.material
    if material is None:
        return [choose_profile(deps, texts.NO_DRAFT)]
    text = args.strip()
    if not text:
        return [Reply(date_line(deps, material) + T.DATE_HELP.format(example=example_date(deps)))]
    if text in T.CLEAR_WORDS:
        scope.set_material(meeting_date=None)
        scope.bump()
        return [Reply(T.CLEARED)]
    day = parse_meeting_date(text, today(deps))
    if day is None:
        return [Reply(T.UNREADABLE.format(text=text[:20], example=example_date(deps)))]
    problem = meeting_date_problem(day, today(deps))
    if problem is not None:
        return [Reply(problem)]
    material = scope.set_material(meeting_date=day)
    scope.bump()
    steps = "、".join(str(d) for d in sorted(deps.reminders.before_days, reverse=True) if d > 0)
    note = T.BEFORE.format(steps=steps) if deps.reminders.enabled and scope.user.reminders_enabled and steps else ""
    return [Reply(T.SET.format(line=date_line(deps, material), note=note))]


def remind(scope: Scope, args: str = "") -> list[Reply]:
    """/remind 开启|关闭: whether this official gets reminders."""
    word = args.strip().lower()
    if word in OFF_WORDS:
        scope.set_user(reminders_enabled=False)
    elif word in ON_WORDS:
        scope.set_user(reminders_enabled=True)
    elif word:
        return [Reply(T.REMIND_USAGE)]
    if not scope.deps.reminders.enabled:
        return [Reply(T.REMIND_OFF_HERE)]
    state = T.ON if scope.user.reminders_enabled else T.OFF
    return [Reply(T.REMIND_STATE.format(state=state, days=scope.deps.reminders.idle_days))]


def claim_reminders(deps: Deps, now: datetime) -> list[OutgoingReminder]:
    """Reminders due now, recorded as sent in the same transaction (each goes out once)."""
    settings = deps.reminders
    if not settings.enabled:
        return []
    local_hour = now.astimezone(local_zone(settings)).hour
    if not settings.send_from_hour <= local_hour < settings.send_until_hour:
        return []  # nothing goes out at night; skip reading every material
    idle_after = timedelta(days=settings.idle_days)
    outgoing: list[OutgoingReminder] = []
    with deps.db.transaction() as session:
        repo = Repository(session)
        for user, material in repo.reminder_candidates():
            if material.archived or user.telegram_id < 0:
                continue  # an archived material; or a web-only official (bot/web/accounts.py), who has no chat
            last_activity = repo.last_activity(material)
            if material.meeting_date is None and now - last_activity < idle_after:
                continue  # nothing can be due: spare loading its profile and answers
            scope = Scope(deps, session, user)
            scope.load(material)
            assert scope.interview is not None and scope.profile is not None
            progress = scope.interview.progress(scope.answers)
            due = due_reminders(settings, now, name=material.label or scope.profile.name, percent=progress.percent,
                                done=progress.done, last_activity=last_activity, meeting_date=material.meeting_date)
            claimed = [(claim, item.text) for item in due
                       if (claim := repo.claim_reminder(material, item.kind, item.key)) is not None]
            if claimed:
                text = "\n".join(t for _, t in claimed) + T.REMINDER_FOOT
                outgoing.append(OutgoingReminder(user.telegram_id, text, tuple(c for c, _ in claimed)))
    return outgoing


def release_reminders(deps: Deps, claims: tuple[int, ...]) -> None:
    """A reminder could not be sent: forget its claims so the next sweep sends it."""
    with deps.db.transaction() as session:
        repo = Repository(session)
        for claim in claims:
            repo.release_reminder(claim)
