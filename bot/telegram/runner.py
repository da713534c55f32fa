"""Getting updates to the Application: polling (`selfreview run`) and webhook (`selfreview webhook`).

Both confirm an update to Telegram only after it has been handled: polling asks for the
next offset only once the batch is handled, the webhook answers 200 only once the update
is handled. A crash in between means Telegram delivers the update again, and the
service's processed-update record turns that second delivery into a no-op. So an update
is never lost and never applied twice (docs/reliability.md). python-telegram-bot's own
Updater and webhook server confirm on receipt, before handling, which is why they are
not used.

Updates are handled one at a time per process, PTB's default: one official's messages
are then answered in the order they were sent, and several processes (webhook workers)
give the parallelism, serialised per official by the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import re
import signal
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeAlias

import tornado.httpserver
import tornado.web
from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import Application

from bot.config import WebhookConfig
from bot.heap import freeze_long_lived

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HEALTH_PATH = "/healthz"
MAX_UPDATE_BYTES = 1024 * 1024  # an update is a few KB; refuse anything absurd

App: TypeAlias = Application[Any, Any, Any, Any, Any, Any]


def run_until_signalled(main: Callable[[asyncio.Event], Awaitable[None]]) -> None:
    """Run main(stop) in a fresh event loop; SIGTERM or SIGINT sets stop (a clean shutdown)."""

    async def runner() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        await main(stop)

    asyncio.run(runner())


async def _sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


@contextlib.asynccontextmanager
async def _running(app: App) -> AsyncIterator[None]:
    """What run_polling()/run_webhook() do around fetching updates: initialize, our post_init
    hook, and start() — which also starts the JobQueue (reminders) — then stop and shut down."""
    async with app:
        if app.post_init is not None:
            await app.post_init(app)
        await app.start()
        freeze_long_lived()  # see bot/heap.py: keeps the collection after each /draft cheap
        try:
            yield
        finally:
            if app.running:
                await app.stop()


# ---- polling -----------------------------------------------------------------------------


async def poll(app: App, stop: asyncio.Event, *, timeout: int = 10, interval: float = 0.0) -> None:
    """Long-poll getUpdates until `stop`; an update is confirmed only after it was handled."""
    async with _running(app):
        # Polling and a webhook exclude each other; keep pending updates either way.
        await app.bot.delete_webhook(drop_pending_updates=False)
        log.info("polling for updates")
        offset = 0  # 0: from the oldest update Telegram still holds for us
        failures = 0
        while not stop.is_set():
            try:
                updates = await _until_stopped(
                    app.bot.get_updates(offset=offset, timeout=timeout), stop)
            except InvalidToken:
                raise
            except TimedOut:
                continue
            except (NetworkError, Conflict, RetryAfter) as exc:
                # Conflict: another process polls with this token (only one may).
                failures += 1
                pause = min(30.0, 0.5 * 2 ** min(failures, 6))
                log.warning("getUpdates failed (%s: %s); retrying in %.1f s", type(exc).__name__, exc, pause)
                await _sleep_or_stop(stop, pause)
                continue
            if updates is None:  # stopped while waiting
                break
            failures = 0
            for update in updates:
                # Handler errors are logged and answered by the error handler inside
                # process_update; the update counts as handled (retrying would repeat it).
                await app.process_update(update)
                offset = update.update_id + 1
                if stop.is_set():
                    break  # the rest of the batch stays unconfirmed: redelivered next start
            if interval:
                await _sleep_or_stop(stop, interval)
        if offset:
            # Confirm what was handled, so a clean restart is not handed it again.
            with contextlib.suppress(TelegramError):
                await app.bot.get_updates(offset=offset, timeout=0, limit=1)
        log.info("polling stopped")


async def _until_stopped(call: Awaitable[Any], stop: asyncio.Event) -> Any:
    """Await call, or return None as soon as stop is set (cancelling the call)."""
    task = asyncio.ensure_future(call)
    stopper = asyncio.ensure_future(stop.wait())
    try:
        done, _ = await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopper.cancel()
    if task in done:
        return task.result()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError, TelegramError):
        await task
    return None


# ---- webhook -----------------------------------------------------------------------------


class _Worker:
    """One webhook worker: handles posted updates one at a time, then answers 200."""

    def __init__(self, app: App, secret: str) -> None:
        self.app = app
        self.secret = secret.encode("utf-8")
        self.lock = asyncio.Lock()
        self.closing = False

    def authorised(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode("utf-8"), self.secret)


class _UpdateHandler(tornado.web.RequestHandler):
    def initialize(self, worker: _Worker) -> None:
        self.worker = worker

    async def post(self) -> None:
        """One update from Telegram: check the secret, handle it, and only then say 200."""
        if not self.worker.authorised(self.request.headers.get(SECRET_HEADER)):
            log.warning("webhook request without the right secret token from %s", self.request.remote_ip)
            raise tornado.web.HTTPError(403)
        try:
            update = Update.de_json(json.loads(self.request.body), self.worker.app.bot)
        except Exception as exc:  # malformed JSON or not an Update: Telegram never sends these
            raise tornado.web.HTTPError(400) from exc
        async with self.worker.lock:
            if self.worker.closing:  # shutting down: Telegram will retry (another worker)
                raise tornado.web.HTTPError(503)
            await self.worker.app.process_update(update)
        self.set_status(200)
        await self.finish()


class _HealthHandler(tornado.web.RequestHandler):
    def get(self) -> None:
        """For the reverse proxy and the tests: this worker accepts updates."""
        self.write("ok")


async def serve_webhook(app: App, webhook: WebhookConfig, stop: asyncio.Event) -> None:
    """Serve webhook POSTs on webhook.listen:port until `stop`; register the webhook first."""
    if not webhook.secret_token:
        raise ValueError("webhook secret token is not set")
    worker = _Worker(app, webhook.secret_token)
    routes = tornado.web.Application([
        (re.escape(webhook.path), _UpdateHandler, {"worker": worker}),  # tornado routes are regexes
        (HEALTH_PATH, _HealthHandler),
    ])
    async with _running(app):
        if webhook.public_url:
            # Every worker registers the same URL and secret: harmless, and no worker
            # has to be "the first".
            await app.bot.set_webhook(url=webhook.public_url, secret_token=webhook.secret_token)
            log.info("webhook registered with Telegram")
        server = tornado.httpserver.HTTPServer(routes, xheaders=True, max_body_size=MAX_UPDATE_BYTES)
        server.listen(webhook.port, address=webhook.listen)
        log.info("webhook worker listening on %s:%d%s", webhook.listen, webhook.port, webhook.path)
        try:
            await stop.wait()
        finally:
            server.stop()  # no new connections
            async with worker.lock:  # the update in hand is finished; later ones get 503
                worker.closing = True
            await server.close_all_connections()
        log.info("webhook worker stopped")
