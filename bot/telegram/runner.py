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

Not every failure counts as handled (bot/telegram/failures.py): an update whose handler
failed on the database is not confirmed, so it comes again; one the library cannot parse
is retried a few times and then confirmed, never stopping the others. Polling therefore
reads getUpdates as raw JSON and parses each update on its own: the library's
get_updates parses the whole batch at once, and one bad update made it raise (ending
the process, on every restart) after logging the whole batch, answers included.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import re
import signal
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeAlias

import tornado.httpserver
import tornado.web
from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import Application
from telegram.warnings import PTBUserWarning

from bot.config import WebhookConfig
from bot.heap import freeze_long_lived
from bot.telegram.failures import Failures

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HEALTH_PATH = "/healthz"
MAX_UPDATE_BYTES = 1024 * 1024  # an update is a few KB; refuse anything absurd (413)
# Bodies up to this size are read (and dropped) so the sender gets its 413; beyond it
# tornado closes the connection.
MAX_DRAINED_BYTES = 64 * 1024 * 1024
PARSE_RETRY_PAUSE = 1.0  # seconds before an unreadable update is fetched again
_RAW_CALL_WARNING = re.escape("Please use 'Bot.getUpdates'")

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


def _backoff(tries: int) -> float:
    return min(30.0, 0.5 * 2.0 ** min(max(tries - 1, 0), 6))


@contextlib.asynccontextmanager
async def _running(app: App) -> AsyncIterator[Failures]:
    """What run_polling()/run_webhook() do around fetching updates: initialize, our post_init
    hook, and start() — which also starts the JobQueue (reminders) — then stop and shut down."""
    failures = Failures()
    failures.install(app)
    async with app:
        if app.post_init is not None:
            await app.post_init(app)
        await app.start()
        freeze_long_lived()  # see bot/heap.py: keeps the collection after each /draft cheap
        try:
            yield failures
        finally:
            if app.running:
                await app.stop()


# ---- polling -----------------------------------------------------------------------------


async def poll(app: App, stop: asyncio.Event, *, timeout: int = 10, interval: float = 0.0) -> None:
    """Long-poll getUpdates until `stop`; an update is confirmed only after it was handled."""
    async with _running(app) as failures:
        # Polling and a webhook exclude each other; keep pending updates either way.
        await app.bot.delete_webhook(drop_pending_updates=False)
        log.info("polling for updates")
        offset = 0  # 0: from the oldest update Telegram still holds for us
        failures_in_a_row = 0
        while not stop.is_set():
            try:
                batch = await _until_stopped(_fetch(app, offset, timeout), stop)
            except InvalidToken:
                raise
            except TimedOut:
                continue
            except (NetworkError, Conflict, RetryAfter) as exc:
                # Conflict: another process polls with this token (only one may).
                failures_in_a_row += 1
                pause = _backoff(failures_in_a_row + 1)
                log.warning("getUpdates failed (%s: %s); retrying in %.1f s", type(exc).__name__, exc, pause)
                await _sleep_or_stop(stop, pause)
                continue
            if batch is None:  # stopped while waiting
                break
            failures_in_a_row = 0
            offset, pause = await _handle_batch(app, failures, batch, offset, stop)
            if pause or interval:
                await _sleep_or_stop(stop, pause or interval)
        if offset:
            # Confirm what was handled, so a clean restart is not handed it again.
            with contextlib.suppress(TelegramError):
                await _fetch(app, offset, 0, limit=1)
        log.info("polling stopped")


async def _fetch(app: App, offset: int, timeout: int, limit: int = 100) -> list[Any]:
    """getUpdates as raw JSON: each update is parsed on its own by _handle_batch."""
    # The library warns that get_updates exists; raw JSON is the point. Set on every call
    # (it is idempotent) because test runners reset the warning filters.
    warnings.filterwarnings("ignore", message=_RAW_CALL_WARNING, category=PTBUserWarning)
    result = await app.bot.do_api_request(
        "getUpdates", api_kwargs={"offset": offset, "timeout": timeout, "limit": limit},
        read_timeout=timeout + 10.0)
    return list(result) if isinstance(result, list) else []


async def _handle_batch(app: App, failures: Failures, batch: list[Any], offset: int,
                        stop: asyncio.Event) -> tuple[int, float]:
    """Handle the updates in order; (the next offset, pause before fetching again).

    The offset stops before an update that must come again: the next getUpdates
    delivers it, and everything after it, once more.
    """
    for raw in batch:
        update_id = raw.get("update_id") if isinstance(raw, dict) else None
        if not isinstance(update_id, int):
            log.warning("an update without an id was ignored")
            continue
        if update_id < offset:
            continue
        try:
            update = Update.de_json(raw, app.bot)
        except Exception as exc:  # any parse failure: logged by id and type only
            if failures.unparsable(update_id, exc):
                return offset, PARSE_RETRY_PAUSE
            offset = update_id + 1
            continue
        # Handler errors are logged and answered by the error handlers inside
        # process_update; only a database failure (see failures.py) is tried again.
        await app.process_update(update)
        if failures.must_redeliver(update_id):
            return offset, _backoff(failures.tries(update_id))
        offset = update_id + 1
        if stop.is_set():
            break  # the rest of the batch stays unconfirmed: redelivered next start
    return offset, 0.0


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

    def __init__(self, app: App, secret: str, failures: Failures) -> None:
        self.app = app
        self.secret = secret.encode("utf-8")
        self.failures = failures
        self.lock = asyncio.Lock()
        self.closing = False

    def authorised(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode("utf-8"), self.secret)


@tornado.web.stream_request_body
class _UpdateHandler(tornado.web.RequestHandler):
    """The body is streamed so that an oversized one is read to its end and answered 413
    (a server limit alone closes the connection, which the sender sees as a reset)."""

    def initialize(self, worker: _Worker) -> None:
        self.worker = worker
        self.chunks: list[bytes] = []
        self.size = 0

    def prepare(self) -> None:
        length = self.request.headers.get("Content-Length", "")
        self.too_large = length.isascii() and length.isdigit() and int(length) > MAX_UPDATE_BYTES

    def data_received(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.too_large or self.size > MAX_UPDATE_BYTES:
            self.too_large = True
            self.chunks.clear()
        else:
            self.chunks.append(chunk)

    async def post(self) -> None:
        """One update from Telegram: check the secret, handle it, and only then say 200."""
        if not self.worker.authorised(self.request.headers.get(SECRET_HEADER)):
            log.warning("webhook request without the right secret token from %s", self.request.remote_ip)
            raise tornado.web.HTTPError(403)
        if self.too_large:
            log.warning("webhook request over %d bytes refused", MAX_UPDATE_BYTES)
            raise tornado.web.HTTPError(413)
        try:
            data = json.loads(b"".join(self.chunks))
        except ValueError as exc:  # malformed JSON: Telegram never sends it
            raise tornado.web.HTTPError(400) from exc
        update_id = data.get("update_id") if isinstance(data, dict) else None
        if not isinstance(update_id, int):
            raise tornado.web.HTTPError(400)
        try:
            update = Update.de_json(data, self.worker.app.bot)
        except Exception as exc:  # a real update the library cannot read
            if self.worker.failures.unparsable(update_id, exc):
                raise tornado.web.HTTPError(500) from None  # Telegram sends it again
            await self.finish()  # tried often enough: confirmed, so the updates behind it flow
            return
        async with self.worker.lock:
            if self.worker.closing:  # shutting down: Telegram will retry (another worker)
                raise tornado.web.HTTPError(503)
            await self.worker.app.process_update(update)
        if self.worker.failures.must_redeliver(update_id):
            raise tornado.web.HTTPError(503)  # the database failed: not handled, Telegram retries
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
    async with _running(app) as failures:
        worker = _Worker(app, webhook.secret_token, failures)
        routes = tornado.web.Application([
            (re.escape(webhook.path), _UpdateHandler, {"worker": worker}),  # tornado routes are regexes
            (HEALTH_PATH, _HealthHandler),
        ])
        if webhook.public_url:
            # Every worker registers the same URL and secret: harmless, and no worker
            # has to be "the first".
            await app.bot.set_webhook(url=webhook.public_url, secret_token=webhook.secret_token)
            log.info("webhook registered with Telegram")
        server = tornado.httpserver.HTTPServer(routes, xheaders=True, max_body_size=MAX_DRAINED_BYTES)
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
