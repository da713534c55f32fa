"""Logging for `selfreview run`: useful to an administrator, and never a copy of a self-review.

Two rules, both enforced on the one handler the application installs, so they hold
whatever level any logger is set to:

* Below WARNING, only our own loggers (``bot.*``) get through. Third-party libraries
  write payloads there: python-telegram-bot at DEBUG logs every update and every message
  it sends, httpx logs request URLs (which contain the bot token), SQLAlchemy logs
  statements and result rows.
* Every formatted line, tracebacks included, has the secrets (token, encryption key)
  replaced by "[REDACTED]".

Our own modules log events and counts, never message text or user ids of refused people;
database errors carry no parameters (``hide_parameters`` in bot/storage/db.py).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable
from typing import TextIO

# Loggers known to write payloads below WARNING; also quietened at the source.
PAYLOAD_LOGGERS = ("telegram", "httpx", "httpcore", "hpack", "urllib3", "apscheduler", "sqlalchemy")
OWN_LOGGER = "bot"
REDACTED = "[REDACTED]"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _QuietThirdParty(logging.Filter):
    """Debug and info lines only from our own code, which never logs what users typed."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING or record.name == OWN_LOGGER or record.name.startswith(
            OWN_LOGGER + ".")


class RedactingFormatter(logging.Formatter):
    """A formatter that removes secrets from the whole formatted record."""

    def __init__(self, secrets: Iterable[str], fmt: str = FORMAT) -> None:
        super().__init__(fmt)
        # Longest first, so a token is replaced whole before any part of it.
        self._secrets = sorted({s for s in secrets if s and len(s) >= 8}, key=len, reverse=True)

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return text


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
