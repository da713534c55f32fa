"""Logging for `selfreview run`: useful to an administrator, and never a copy of a self-review.

Three rules, all enforced on the one handler the application installs, so they hold
whatever level any logger is set to:

* Below WARNING, only our own loggers (``bot.*``) get through. Third-party libraries
  write payloads there: python-telegram-bot at DEBUG logs every update and every message
  it sends, httpx logs request URLs (which contain the bot token), SQLAlchemy logs
  statements and result rows.
* From WARNING up, a third-party line keeps its wording and its numbers, but every other
  argument is withheld: python-telegram-bot logs a whole batch of updates at CRITICAL
  when one of them cannot be parsed ("Received data was %r"), and exceptions as %s.
  Exception messages in tracebacks are withheld too, except for the kinds that describe
  the network, Telegram's answer or the database (OSError, TelegramError, SQLAlchemy's,
  whose parameters are hidden): ``int("²")`` puts the argument in its message, a JSON
  error quotes the document.
* Every formatted line, tracebacks included, has the secrets (token, encryption key)
  replaced by "[REDACTED]".

Our own modules log events and counts, never message text or user ids of refused people;
database errors carry no parameters (``hide_parameters`` in bot/storage/db.py).
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Iterable
from types import TracebackType
from typing import TextIO, TypeAlias

from sqlalchemy.exc import SQLAlchemyError
from telegram.error import TelegramError

# Loggers known to write payloads below WARNING; also quietened at the source.
PAYLOAD_LOGGERS = ("telegram", "httpx", "httpcore", "hpack", "urllib3", "apscheduler", "sqlalchemy")
OWN_LOGGER = "bot"
REDACTED = "[REDACTED]"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
WITHHELD = "[withheld]"
# Third-party loggers whose arguments are safe: tornado's access log is status, method,
# path, client address and time.
SAFE_ARGUMENT_LOGGERS = frozenset({"tornado.access"})
# Exceptions whose messages say what went wrong around the bot, not what a user wrote.
_SAFE_MESSAGES: tuple[type[BaseException], ...] = (OSError, TelegramError, SQLAlchemyError)

ExcInfo: TypeAlias = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]


class _Withheld:
    """Stands in for an argument: the same text under %s and %r."""

    def __repr__(self) -> str:
        return WITHHELD

    __str__ = __repr__


_WITHHELD_ARG = _Withheld()


def _own(name: str) -> bool:
    return name == OWN_LOGGER or name.startswith(OWN_LOGGER + ".")


class _QuietThirdParty(logging.Filter):
    """Debug and info lines only from our own code, which never logs what users typed."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING or _own(record.name)


class RedactingFormatter(logging.Formatter):
    """A formatter that withholds payloads (see the module docstring) and removes secrets."""

    def __init__(self, secrets: Iterable[str], fmt: str = FORMAT) -> None:
        super().__init__(fmt)
        # Longest first, so a token is replaced whole before any part of it.
        self._secrets = sorted({s for s in secrets if s and len(s) >= 8}, key=len, reverse=True)

    def format(self, record: logging.LogRecord) -> str:
        record = _without_payload(record)
        text = super().format(record)
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return text

    def formatException(self, ei: ExcInfo) -> str:
        return withheld_traceback(ei[1]) if ei[1] is not None else super().formatException(ei)


def _without_payload(record: logging.LogRecord) -> logging.LogRecord:
    """A copy of a third-party record with only numbers kept among its arguments."""
    record = logging.makeLogRecord(record.__dict__)
    record.exc_text = None  # formatted again here, messages withheld, whoever formatted it before
    if _own(record.name) or record.name in SAFE_ARGUMENT_LOGGERS or not record.args:
        return record
    args = record.args if isinstance(record.args, tuple) else (record.args,)
    kept = tuple(a if isinstance(a, int | float) else _WITHHELD_ARG for a in args)
    try:
        record.msg = str(record.msg) % kept
    except (TypeError, ValueError, KeyError):  # %d given a withheld string, or a mapping
        record.msg = f"{record.msg} {WITHHELD}"
    record.args = None
    return record


def withheld_traceback(error: BaseException) -> str:
    """The traceback of error and its causes, each exception message withheld unless it is a safe kind."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        name = type(current).__module__ + "." + type(current).__qualname__
        message = str(current) if isinstance(current, _SAFE_MESSAGES) else WITHHELD
        block = "Traceback (most recent call last):\n" + "".join(traceback.format_tb(current.__traceback__))
        parts.append(f"{block}{name}: {message}")
        cause = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
        if cause is not None:
            joint = ("The above exception was the direct cause of the following exception:"
                     if current.__cause__ is not None else
                     "During handling of the above exception, another exception occurred:")
            parts.append(f"\n{joint}\n")
        current = cause
    return "\n".join(reversed(parts))


def secrets_of(token: str | None, encryption_key: str | None, *others: str | None) -> list[str]:
    """The strings that must never appear in a log line (others: e.g. the webhook secret)."""
    found: list[str] = [s for s in others if s]
    if token:
        found.append(token)
        _, _, secret_part = token.partition(":")  # the part after the bot id is the secret
        found.append(secret_part)
    if encryption_key:
        found.extend(part.strip() for part in encryption_key.split(","))
    return found


def configure_logging(level: str = "INFO", secrets: Iterable[str] = (),
                      stream: TextIO | None = None) -> logging.Handler:
    """Install the application's one log handler on the root logger and return it."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(RedactingFormatter(secrets))
    handler.addFilter(_QuietThirdParty())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for name in PAYLOAD_LOGGERS:  # also quiet at the source, so DEBUG costs nothing there
        logging.getLogger(name).setLevel(logging.WARNING)
    return handler
