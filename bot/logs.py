"""Logging for the long-running commands: one format, and secrets never written."""

from __future__ import annotations

import logging

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
REDACTED = "[已隐藏]"


class RedactingFormatter(logging.Formatter):
    """Replaces secrets (bot token, webhook secret) in the finished line, tracebacks included."""

    def __init__(self, fmt: str, secrets: list[str]) -> None:
        super().__init__(fmt)
        # Longest first, so the whole token goes before its secret half is looked for.
        self._secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return text


def configure_logging(token: str | None, *secrets: str | None, level: int = logging.INFO) -> None:
    """Log to stderr; never print the bot token or the given secrets."""
    hidden = [s for s in (token, *secrets) if s]
    if token and ":" in token:
        hidden.append(token.split(":", 1)[1])  # the secret half, should it appear alone
    handler = logging.StreamHandler()
    handler.setFormatter(RedactingFormatter(FORMAT, hidden))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx logs every request URL at INFO, and Bot API URLs contain the token: the
    # formatter would hide it, but a line per request is noise anyway.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("tornado.access").setLevel(logging.WARNING)
