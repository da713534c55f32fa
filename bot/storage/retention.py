"""How long handled update ids are kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.storage.db import Database
from bot.storage.repository import Repository

# Telegram keeps an unconfirmed update for at most 24 hours and stops retrying a webhook
# well before that, so an update id older than this can never arrive again.
KEEP_PROCESSED_UPDATES_DAYS = 30


def prune_processed_updates(db: Database, keep_days: int = KEEP_PROCESSED_UPDATES_DAYS) -> int:
    """Delete handled update ids older than keep_days; returns how many were deleted."""
    if keep_days < 1:
        raise ValueError("keep_days must be at least 1: Telegram redelivers for up to a day")
    with db.transaction() as session:
        return Repository(session).prune_processed_updates(datetime.now(UTC) - timedelta(days=keep_days))
