"""The application's log handler: our own lines at any level, secrets never, payload loggers muted."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from bot.logs import REDACTED, configure_logging, secrets_of

TOKEN = "987654:AAH-secret-part-of-the-token"
KEY = "x" * 43 + "="
ANSWER = "这是用户写的回答"


@pytest.fixture
def stream() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    levels = {name: logger.level for name, logger in logging.root.manager.loggerDict.items()
              if isinstance(logger, logging.Logger)}
    out = io.StringIO()
    configure_logging("DEBUG", secrets_of(TOKEN, f"{KEY}, old-key-still-secret"), stream=out)
    try:
        yield out
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)
        for name, logger in logging.root.manager.loggerDict.items():
            if isinstance(logger, logging.Logger):
                logger.setLevel(levels.get(name, logging.NOTSET))


def test_secrets_are_redacted_in_messages_and_tracebacks(stream: io.StringIO) -> None:
    log = logging.getLogger("bot.telegram.runner")
    log.warning("HTTP Request: POST https://api.telegram.org/bot%s/getUpdates failed", TOKEN)
    try:  # an OSError: its message is kept, so the secrets in it must be replaced
        raise ConnectionError(f"connect failed for https://api.telegram.org/bot{TOKEN}/sendMessage key={KEY}")
    except ConnectionError:
        logging.getLogger("bot.telegram.handlers").exception("update handling failed")
    logging.getLogger("bot.x").error("only the secret part: %s; an old key: old-key-still-secret",
                                     TOKEN.split(":")[1])
    text = stream.getvalue()
    assert TOKEN not in text and TOKEN.split(":")[1] not in text and KEY not in text
    assert "old-key-still-secret" not in text
    assert text.count(REDACTED) == 5 and "Traceback" in text and "getUpdates failed" in text


def test_payload_loggers_only_from_warning_up_and_ours_at_debug(stream: io.StringIO) -> None:
    for name in ("telegram.ext.Application", "telegram._bot", "httpx", "httpcore.http11", "sqlalchemy.engine.Engine",
                 "some.other.library"):
        logging.getLogger(name).setLevel(logging.DEBUG)  # even if someone turns them up
        logging.getLogger(name).debug("payload from %s: 这是用户写的回答", name)
        logging.getLogger(name).info("payload from %s: 这是用户写的回答", name)
    logging.getLogger("telegram.ext.Updater").error("Exception happened while polling for updates.")
    logging.getLogger("bot.telegram.gate").debug("update 7 (message) let through")
    text = stream.getvalue()
    assert "这是用户写的回答" not in text
    assert "Exception happened while polling" in text and "update 7 (message) let through" in text


def test_configure_logging_replaces_earlier_handlers() -> None:
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        root.addHandler(logging.StreamHandler(io.StringIO()))
        handler = configure_logging("INFO")
        assert root.handlers == [handler] and root.level == logging.INFO
        assert logging.getLogger("httpx").level == logging.WARNING
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)


def test_library_lines_keep_their_wording_and_numbers_but_no_text(stream: io.StringIO) -> None:
    """python-telegram-bot prints the whole batch when one update cannot be parsed."""
    batch = [{"update_id": 41, "message": {"text": "这是用户写的回答"}}]
    logging.getLogger("telegram._bot").critical("Error while parsing updates! Received data was %r", batch)
    logging.getLogger("telegram.ext.Application").error("Update %d caused error %s", 41, ValueError("这是用户写的回答"))
    logging.getLogger("telegram.ext.AIORateLimiter").warning("Rate limit hit. Retrying after %f seconds", 3.5)
    logging.getLogger("telegram.ext.Application").error("No mapping %(x)s", {"x": "这是用户写的回答"})
    text = stream.getvalue()
    assert "这是用户写的回答" not in text
    assert "Error while parsing updates! Received data was [withheld]" in text
    assert "Update 41 caused error [withheld]" in text and "Retrying after 3.500000 seconds" in text


def test_exception_messages_in_tracebacks_are_withheld(stream: io.StringIO) -> None:
    """int("²") and a JSON error put what was typed into their messages; ours log them with exc_info."""
    typed = ANSWER + "²"
    try:
        try:
            int(typed)
        except ValueError as exc:
            raise KeyError(typed) from exc
    except KeyError:
        logging.getLogger("bot.telegram.handlers").exception("update handling failed: %s", "KeyError")
    try:
        raise ConnectionRefusedError(111, "Connection refused")
    except OSError:
        logging.getLogger("telegram.ext.Application").exception("network")
    text = stream.getvalue()
    assert "这是用户写的回答" not in text
    assert "builtins.ValueError: [withheld]" in text and "builtins.KeyError: [withheld]" in text
    assert "direct cause of the following exception" in text and "int(typed)" in text
    assert "[Errno 111] Connection refused" in text  # what the administrator needs stays
