"""Run the real python-telegram-bot Application against the fake Bot API, from sync tests."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import replace
from types import TracebackType
from typing import Any

from bot.access import Redemption
from bot.app import build_service
from bot.config import Config, TelegramConfig, WebhookConfig
from bot.telegram.callbacks import CallbackSigner
from bot.telegram.gate import Access, FloodGuard
from bot.telegram.handlers import build_application
from bot.telegram.runner import poll, serve_webhook
from bot.usecases import DraftingService
from tests.fakebotapi import (
    FakeBotAPI,
    make_command_update,
    make_document_update,
    make_message_update,
)
from tests.service.helpers import scripted_answer

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
        self.app: Any = None

    def call(self, coroutine: Any, timeout: float = 30) -> Any:
        """Run a coroutine on the bot's event loop (e.g. with self.app.bot) and return its result."""
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as exc:  # surfaced to the test in __exit__
            self._error = exc
            self._ready.set()

    async def _main(self) -> None:
        self.app = build_application(self.config, self.service, access=self.access, flood=self.flood)
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        # The production polling loop (bot.telegram.runner.poll), as `selfreview run` runs it.
        polling = asyncio.ensure_future(poll(self.app, self._stop, timeout=1))
        await self.app.bot.initialize()  # getMe, so that the readiness below means something
        self._ready.set()
        await polling

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
        """Press the button carrying data (unsigned, as the service wrote it) on the latest message.

        A confirmation's data ends in the stamp of the moment it was shown ("del:yes~3.1a2b"):
        `data` without it presses the newest such button.
        """
        seen = len(self._texts())
        wanted = signed(self.user_id, data)
        for sent in self.server.button_data(self.user_id):
            plain = sent.rpartition("~")[0]
            if plain == data or plain.rpartition("~")[0] == data:
                wanted = sent
                break
        self.server.click_button(self.user_id, data=wanted)
        return self.server.wait_for(
            lambda s: (new := s.sent_messages(self.user_id)[seen:]) and any(expect in t for t in new) and new,
            15)

    def send_file(self, content: bytes, filename: str, expect: str) -> list[str]:
        stored = self.server.add_file(content, filename, "application/x-yaml")
        return self._send(make_document_update(self.user_id, stored, filename, "application/x-yaml"), expect)

    def push(self, update: dict[str, Any], expect: str) -> list[str]:
        return self._send(update, expect)


def interview_through_chat(chat: Chat, bot: RunningBot) -> None:
    """Answer every question the way a user on a phone would: typing, or tapping buttons."""
    for _ in range(300):
        with bot.service.db.transaction() as session:
            ctx = bot.service.scope(session, chat.user_id)
            assert ctx.interview is not None and ctx.material is not None
            q = ctx.interview.current(ctx.answers, ctx.focus)
        if q is None:
            return
        text = scripted_answer(q)
        if text == "/skip":
            chat.press(f"skip:{q.id}", "已跳过")
        elif q.is_choice:
            value = "yes" if text in ("再写",) else "no"
            chat.press(f"pick:{q.id}:{value}", "已保存")
        else:
            chat.say(text, "已保存")
    raise AssertionError("interview did not finish")


WEBHOOK_SECRET = "test-webhook-secret_0123456789"
WEBHOOK_PUBLIC_URL = "https://selfreview.example.org/telegram"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def webhook_config(config: Config, port: int | None = None) -> Config:
    return replace(config, webhook=WebhookConfig(
        listen="127.0.0.1", port=port or free_port(), path="/telegram",
        public_url=WEBHOOK_PUBLIC_URL, secret_token=WEBHOOK_SECRET))


def post_update(url: str, update: dict[str, Any], secret: str | None = WEBHOOK_SECRET,
                timeout: float = 30) -> int:
    """POST one update as Telegram does; returns the HTTP status."""
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    request = urllib.request.Request(url, data=json.dumps(update).encode("utf-8"), headers=headers, method="POST")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def wait_healthy(base: str, timeout: float = 30, alive: Callable[[], bool] = lambda: True) -> None:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive():
            raise RuntimeError("webhook worker exited")
        try:
            with opener.open(f"{base}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"webhook worker at {base} did not come up")


class RunningWebhook(RunningBot):
    """One webhook worker (bot.telegram.runner.serve_webhook) in a background thread."""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.config.webhook.port}{self.config.webhook.path}"

    async def _main(self) -> None:
        self.app = build_application(self.config, self.service, access=self.access, flood=self.flood)
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        serving = asyncio.ensure_future(serve_webhook(self.app, self.config.webhook, self._stop))
        await asyncio.to_thread(wait_healthy, f"http://127.0.0.1:{self.config.webhook.port}", 20,
                                lambda: not serving.done())
        self._ready.set()
        await serving

    def post(self, update: dict[str, Any], secret: str | None = WEBHOOK_SECRET) -> int:
        return post_update(self.url, update, secret)
