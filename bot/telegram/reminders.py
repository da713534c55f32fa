"""The reminder sweep, run by python-telegram-bot's JobQueue every few minutes.

The JobQueue only says "look now": which reminders are due is read from the
database each time (DraftingService.claim_reminders), so a restart loses none and
several workers never send one twice (each reminder is claimed by a unique row).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from telegram.error import Forbidden, TelegramError
from telegram.ext import Application, ContextTypes

from bot.config import ReminderConfig
from bot.usecases import DraftingService

log = logging.getLogger(__name__)

FIRST_SWEEP_SECONDS = 10.0  # soon after start: catch up on what fell due while stopped


async def send_due_reminders(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Claim the reminders due now and send them; a failed send is released for the next sweep."""
    service: DraftingService = context.bot_data["service"]
    for outgoing in service.claim_reminders(datetime.now(UTC)):
        try:
            await context.bot.send_message(chat_id=outgoing.telegram_id, text=outgoing.text)
        except Forbidden:
            log.info("reminder not delivered: the user blocked the bot")  # keep the claim: never retry
        except TelegramError as exc:
            log.warning("reminder not delivered (%s); will retry", type(exc).__name__)
            service.release_reminders(outgoing.claims)


def schedule_reminders(app: Application, settings: ReminderConfig) -> None:  # type: ignore[type-arg]
    """Sweep the database for due reminders every settings.check_seconds while the bot runs."""
    if app.job_queue is None:
        raise RuntimeError("reminders need python-telegram-bot[job-queue] (see pyproject.toml)")
    app.job_queue.run_repeating(send_due_reminders, interval=settings.check_seconds,
                                first=min(FIRST_SWEEP_SECONDS, settings.check_seconds), name="reminders")
