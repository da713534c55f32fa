"""Which failed updates Telegram must deliver again, and when to stop trying.

An update is confirmed to Telegram once handled (bot/telegram/runner.py). "Handled"
used to include "the handler raised": the official got an apology and the update was
gone. That is right for a bug in our code, which a second try repeats, and wrong when
the database refused: the answer was never stored, yet Telegram forgot it. So:

* a database failure (refused connection, timeout, lock, a clash between workers) is not
  confirmed: the webhook answers 503, polling asks for the same update again after a
  pause. The official is told once that it will be handled and not to send it again
  (an apology saying "try again" made them type it a second time). A connection failure
  is retried for as long as the outage lasts; any other database error MAX_TRIES times,
  then confirmed with the apology, so one update cannot hold up everyone behind it;
* an update the library cannot parse (e.g. a field an older Bot API server omits) is
  logged by id and error type only, retried MAX_PARSE_TRIES times, then confirmed and
  skipped; the updates after it are handled as usual.

Counts are per process and forgotten once an update is through.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.exc import DBAPIError, DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationHandlerStop, ContextTypes

log = logging.getLogger(__name__)

MAX_TRIES = 5
MAX_PARSE_TRIES = 3
# Shown once per update while the database is away; the update is handled when it is back.
WILL_RETRY = "系统暂时无法保存，这条消息已记下，恢复后会自动处理，请勿重复发送。"

_OUTAGE = (OperationalError, InterfaceError, DisconnectionError, PoolTimeout)
_DATABASE = (DBAPIError, *_OUTAGE)


def database_error(error: BaseException | None) -> BaseException | None:
    """The database error behind error (itself or a cause), if any."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, _DATABASE):
            return error
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return None


def is_outage(error: BaseException) -> bool:
    """The database could not be reached or did not answer: retrying later is the cure."""
    return isinstance(error, _OUTAGE)


class Failures:
    """One process's record of updates whose handling must be repeated."""

    def __init__(self) -> None:
        self._tries: dict[int, int] = {}
        self._redeliver: set[int] = set()
        self._told: set[int] = set()
        self._parse_tries: dict[int, int] = {}

    def install(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Put on_error before the application's own error handlers (which apologise)."""
        others = dict(app.error_handlers)
        app.error_handlers.clear()
        app.add_error_handler(self.on_error)
        app.error_handlers.update(others)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A handler raised: a database failure within its tries is redelivered, not apologised for."""
        error = database_error(context.error)
        if error is None or not isinstance(update, Update):
            return  # a bug or a Telegram error: the next handler logs it and apologises
        tries = self._tries.get(update.update_id, 0) + 1
        self._tries[update.update_id] = tries
        if not is_outage(error) and tries >= MAX_TRIES:
            log.error("update %d failed on the database %d times (%s); confirmed without handling",
                      update.update_id, tries, type(error).__name__)
            self.forget(update.update_id)
            return
        log.warning("update %d failed on the database (%s, try %d); it will be delivered again",
                    update.update_id, type(error).__name__, tries)
        self._redeliver.add(update.update_id)
        if update.update_id not in self._told and update.effective_chat is not None:
            self._told.add(update.update_id)
            try:
                await update.effective_chat.send_message(WILL_RETRY)
            except TelegramError as exc:
                log.warning("could not send the retry notice: %s", type(exc).__name__)
        raise ApplicationHandlerStop  # no apology: the update is not lost

    def must_redeliver(self, update_id: int) -> bool:
        """After process_update: True if the update must not be confirmed (it comes again)."""
        if update_id in self._redeliver:
            self._redeliver.discard(update_id)
            return True
        self.forget(update_id)
        return False

    def tries(self, update_id: int) -> int:
        return self._tries.get(update_id, 0)

    def unparsable(self, update_id: int, error: BaseException) -> bool:
        """An update the library cannot read; True while it should be tried again."""
        tries = self._parse_tries.get(update_id, 0) + 1
        self._parse_tries[update_id] = tries
        if tries < MAX_PARSE_TRIES:
            log.warning("update %d could not be read (%s, try %d)", update_id, type(error).__name__, tries)
            return True
        log.error("update %d could not be read (%s) %d times; confirmed without handling",
                  update_id, type(error).__name__, tries)
        del self._parse_tries[update_id]
        return False

    def forget(self, update_id: int) -> None:
        self._tries.pop(update_id, None)
        self._redeliver.discard(update_id)
        self._told.discard(update_id)
