"""Run the real python-telegram-bot Application against the fake Bot API, from sync tests."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import replace
from types import TracebackType
from typing import Any

from bot.access import Redemption
from bot.app import build_service
from bot.config import Config, TelegramConfig
from bot.service import DraftingService
from bot.telegram.callbacks import CallbackSigner
from bot.telegram.gate import Access, FloodGuard
from bot.telegram.handlers import build_application
from tests.fakebotapi import (
    FakeBotAPI,
    make_command_update,
    make_document_update,
    make_message_update,
)

TOKEN = "123456:TEST-token-for-the-fake-bot-api"


def telegram_config(config: Config, server: FakeBotAPI) -> Config:
    return replace(config, telegram=TelegramConfig(token=TOKEN, api_base_url=server.url))


def signed(user_id: int, data: str) -> str:
    """Callback data as the bot puts it on a button sent to user_id."""
    return CallbackSigner.for_token(TOKEN).sign(user_id, data)


class EveryoneIn:
    """Access test double: lets everyone in, for tests about something else.

    Tests about access pass access=None (the real allowlist + invites policy)."""

    def allows(self, telegram_id: int) -> bool:
        return True

    def redeem(self, telegram_id: int, code: str) -> Redemption:
        return Redemption.ACCEPTED


def no_flood_limit() -> FloodGuard:
    """Scripted chats answer far faster than a person; tests about the flood guard pass flood=None."""
    return FloodGuard(burst=1_000_000, per_second=1_000_000.0)


_TEST_DOUBLE: Any = object()


class RunningBot:
    """The Application polling in a background thread with its own event loop.

    access / flood: None means the production gate (config allowlist + invites, real limits).
    """

    def __init__(self, config: Config, service: DraftingService | None = None, *,
                 access: Access | None = _TEST_DOUBLE, flood: FloodGuard | None = _TEST_DOUBLE) -> None:
        self.config = config
        self.service = service or build_service(config)
        self.access = EveryoneIn() if access is _TEST_DOUBLE else access
        self.flood = no_flood_limit() if flood is _TEST_DOUBLE else flood
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="bot", daemon=True)

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as exc:  # surfaced to the test in __exit__
            self._error = exc
            self._ready.set()

    async def _main(self) -> None:
        app = build_application(self.config, self.service, access=self.access, flood=self.flood)
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        async with app:
            assert app.updater is not None
            if app.post_init is not None:  # what run_polling() does after initialize()
                await app.post_init(app)
            await app.updater.start_polling(poll_interval=0, timeout=1)
            await app.start()
            self._ready.set()
            await self._stop.wait()
            await app.updater.stop()
            await app.stop()

    def __enter__(self) -> RunningBot:
        self._thread.start()
        if not self._ready.wait(20):
            raise TimeoutError("bot did not start")
        if self._error is not None:
            raise self._error
        return self

    def __exit__(self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(20)
        if self._error is not None and e is None:
            raise self._error


class Chat:
    """One private chat: send something, wait for the reply that must come."""

    def __init__(self, server: FakeBotAPI, user_id: int) -> None:
        self.server = server
        self.user_id = user_id

    def _texts(self) -> list[str]:
        return self.server.sent_messages(self.user_id)

    def _send(self, update: dict[str, Any], expect: str | Callable[[list[str]], bool],
              timeout: float = 15) -> list[str]:
        seen = len(self._texts())
        self.server.push(update)

        def arrived(server: FakeBotAPI) -> list[str] | None:
            new = server.sent_messages(self.user_id)[seen:]
            if callable(expect):
                return new if expect(new) else None
            return new if any(expect in text for text in new) else None

        return self.server.wait_for(arrived, timeout)

    def say(self, text: str, expect: str | Callable[[list[str]], bool]) -> list[str]:
        if text.startswith("/"):
            head, _, args = text[1:].partition(" ")
            return self._send(make_command_update(self.user_id, "/" + head, args or None), expect)
        return self._send(make_message_update(self.user_id, text), expect)

    def press(self, data: str, expect: str) -> list[str]:
        """Press the button carrying data (unsigned, as the service wrote it) on the latest message."""
        seen = len(self._texts())
        self.server.click_button(self.user_id, data=signed(self.user_id, data))
        return self.server.wait_for(
            lambda s: (new := s.sent_messages(self.user_id)[seen:]) and any(expect in t for t in new) and new,
            15)

    def send_file(self, content: bytes, filename: str, expect: str) -> list[str]:
        stored = self.server.add_file(content, filename, "application/x-yaml")
        return self._send(make_document_update(self.user_id, stored, filename, "application/x-yaml"), expect)

    def push(self, update: dict[str, Any], expect: str) -> list[str]:
        return self._send(update, expect)
