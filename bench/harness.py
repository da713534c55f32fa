"""Run a workload through a real python-telegram-bot Application and measure it.

Two bots share the harness: ours (`bot.telegram.handlers.build_application` over the real
service and database) and the floor, an echo bot with one handler. Two transports:

* in process: `InProcessBotAPI` answers the Bot API calls in memory; updates are put on
  the Application's update queue and its own update fetcher processes them;
* HTTP: the fake Bot API (`tests/fakebotapi.py`) in a separate process on 127.0.0.1, the
  Application polling it with getUpdates and sending over real HTTP (httpx), exactly as
  in production.

The bot is timed by two marker handlers added to both bots alike: one in group -1 (runs
before any other handler) notes when an update enters the Application, one in group 1
(runs after the bot's handler has awaited all its sends) notes when its replies were sent.
Updates are offered as a backlog (at most `window` in flight), so the bot is never idle;
the latency excludes the time an update waits in the queue behind other users' updates.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import math
import multiprocessing
import resource
import tempfile
import time
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler
from telegram.request import BaseRequest

from bench.inprocess import InProcessBotAPI
from bench.storage import BackendCPU
from bench.workload import WARM_UP, Workload, is_hot
from bot.access import Redemption
from bot.app import build_service
from bot.config import Config, TelegramConfig, load_config
from bot.heap import freeze_long_lived
from bot.telegram.gate import FloodGuard
from bot.telegram.handlers import build_application
from bot.telegram.runner import poll
from bot.usecases import DraftingService, UpdateRef
from tests.fakebotapi import TEST_TOKEN

ROOT = Path(__file__).resolve().parent.parent
INPROCESS_URL = "http://bot-api.invalid"
BENCH_BOT_ID = 7_000_001  # the bot id update claims are stored under in the service-only runs


def base_config(database_url: str, api_base_url: str = INPROCESS_URL) -> Config:
    config = load_config(ROOT / "config.yaml", env={})
    # /draft sends text and Word; the optional PDF and page preview (LibreOffice, seconds per
    # draft, config document.pdf_in_chat) are left out: they would measure LibreOffice.
    # Reminders are swept by a timer, not per update: off, so they cannot fire mid-run.
    return replace(config, database_url=database_url,
                   telegram=TelegramConfig(token=TEST_TOKEN, api_base_url=api_base_url),
                   document=replace(config.document, pdf_in_chat=False),
                   reminders=replace(config.reminders, enabled=False))


# ---- results ----------------------------------------------------------------------------


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return math.nan
    index = min(len(sorted_values) - 1, max(0, math.ceil(q * len(sorted_values)) - 1))
    return sorted_values[index]


@dataclass
class RunResult:
    bot: str  # "ours" | "echo"
    transport: str  # "inprocess" | "http"
    storage: str  # "sqlite" | "sqlite-normal" | "postgresql" | "-"
    users: int
    size: int
    updates: int
    wall: float  # seconds from the first update entering to the last reply sent
    cpu: float  # CPU seconds of the bot process over the same span
    db_cpu: float | None  # CPU seconds of PostgreSQL's backend (None on SQLite)
    latencies: list[float] = field(repr=False)  # seconds, sorted
    draft_latencies: list[float] = field(repr=False)
    errors: int = 0  # handler exceptions
    warnings: int = 0  # replies starting with ⚠️ (a refused answer): the script went off track
    calls: dict[str, int] = field(default_factory=dict)

    @property
    def throughput(self) -> float:
        return self.updates / self.wall if self.wall > 0 else math.nan

    @property
    def cpu_per_update(self) -> float:
        return (self.cpu + (self.db_cpu or 0.0)) / self.updates if self.updates else math.nan

    def p(self, q: float, draft: bool = False) -> float:
        return percentile(self.draft_latencies if draft else self.latencies, q)


# ---- the two bots -----------------------------------------------------------------------


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The floor: reply with the text received (a button press: its data)."""
    chat = update.effective_chat
    assert chat is not None
    if update.message is not None:
        text = update.message.text or "…"
    else:
        text = (update.callback_query.data if update.callback_query else None) or "…"
    await chat.send_message(text)


def build_echo(config: Config, request: BaseRequest | None) -> Application:  # type: ignore[type-arg]
    base = config.telegram.api_base_url
    assert config.telegram.token
    builder = ApplicationBuilder().token(config.telegram.token).base_url(f"{base}/bot").base_file_url(
        f"{base}/file/bot")
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    app = builder.build()
    app.add_handler(TypeHandler(Update, _echo))
    return app


# The keyboard under every question of ours (the same shape as bench/primitives.py's): five
# buttons, each with 64 bytes of signed callback data.
_FLOOR_LABELS = ("对决定性意义的理解停留在字面", "学习成果转化为工作思路慢", "自学时间常被事务性工作挤占",
                 "提示", "上一题")


_FLOOR_STORES: list[Any] = []


def build_floor(config: Config, request: BaseRequest | None) -> Application:  # type: ignore[type-arg]
    """The practical floor of a whole bot: echo, the reply carrying our keyboard, one durable commit."""
    from telegram import InlineKeyboardButton, InlineKeyboardMarkup

    from bench.floors import PracticalFloor

    app = build_echo(config, request)
    app.handlers.clear()
    store = PracticalFloor(Path(tempfile.gettempdir()))

    async def reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat = update.effective_chat
        assert chat is not None
        if update.message is not None:
            text = update.message.text or "…"
        else:
            text = (update.callback_query.data if update.callback_query else None) or "…"
            if update.callback_query is not None:
                await update.callback_query.answer()
        store.commit(text)
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=f"{k}:" + "x" * 60)]
                                         for k, label in enumerate(_FLOOR_LABELS)])
        await chat.send_message(text, reply_markup=keyboard)

    app.add_handler(TypeHandler(Update, reply))
    _FLOOR_STORES.append(store)  # closed and removed by run() (post_shutdown is only for run_polling)
    return app


def build_bot(kind: str, config: Config, service: DraftingService | None,
              request: BaseRequest | None) -> Application:  # type: ignore[type-arg]
    if kind == "echo":
        return build_echo(config, request)
    if kind == "floor":
        return build_floor(config, request)
    assert service is not None
    return build_ours(config, service, request)


def build_ours(config: Config, service: DraftingService,
               request: BaseRequest | None) -> Application:  # type: ignore[type-arg]
    """Our bot as every run here builds it: everyone let in, nothing throttled, no rate limiter.

    The gate's allowlist check is an in-memory set lookup, and the flood guards would (rightly)
    stop a scripted official. The expensive-command guard (six /draft, then one per ten seconds)
    held back the growth runs' 25 rounds of /draft per official: a held update never reaches the
    meter, so the run stalled; and a guard's per-chat bucket, kept until it refills, would count
    in the memory run as an object kept per official.
    """
    return build_application(config, service, request, access=OpenAccess(),
                             flood=FloodGuard(burst=10**9, per_second=1e9),
                             expensive=FloodGuard(burst=10**9, per_second=1e9), rate_limited=False)


class OpenAccess:
    """The benchmark's access policy: everyone in (access control is tested, not benchmarked)."""

    def allows(self, telegram_id: int) -> bool:
        return True

    def redeem(self, telegram_id: int, code: str) -> Redemption:
        return Redemption.ACCEPTED


# ---- the meter --------------------------------------------------------------------------


class Meter:
    """Marker handlers: when each update entered the Application and when its replies were sent."""

    def __init__(self, total: int, window: int, on_done: Callable[[], None] | None = None) -> None:
        self.total = total
        self.window = window
        self.pushed = 0
        self.done = 0
        self.errors = 0
        self.first: float | None = None
        self.last = 0.0
        self._started: dict[int, tuple[float, bool]] = {}
        self.latencies = array("d")
        self.draft_latencies = array("d")
        self._on_done = on_done
        self.room = asyncio.Event()
        self.finished = asyncio.Event()

    def restart(self, total: int) -> None:
        """After the warm-up: forget it and count the measured updates only."""
        self.total = total
        self.pushed = self.done = self.errors = 0
        self.first = None
        self.last = 0.0
        self.latencies = array("d")
        self.draft_latencies = array("d")
        self.finished.clear()
        self.room.set()

    def install(self, app: Application) -> None:  # type: ignore[type-arg]
        # Group -2: before the access gate (group -1), so an update is timed from its entry.
        app.add_handler(TypeHandler(Update, self._enter), group=-2)
        app.add_handler(TypeHandler(Update, self._sent), group=1)
        app.add_error_handler(self._error)

    async def _enter(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        now = time.perf_counter()
        if self.first is None:
            self.first = now
        message = update.message
        is_draft = message is not None and (message.text or "").startswith("/draft")
        self._started[update.update_id] = (now, is_draft)

    async def _sent(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        now = time.perf_counter()
        started, is_draft = self._started.pop(update.update_id)
        self.latencies.append(now - started)
        if is_draft:
            self.draft_latencies.append(now - started)
        self.last = now
        self.done += 1
        if self._on_done is not None:
            self._on_done()
        if self.pushed - self.done <= self.window // 2:
            self.room.set()
        if self.done >= self.total:
            self.finished.set()

    async def _error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        self.errors += 1


def _cpu_now() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _check_no_rate_limiter(app: Application) -> None:  # type: ignore[type-arg]
    if getattr(app.bot, "rate_limiter", None) is not None:
        raise RuntimeError("the benchmark compares against the PTB floor with the rate limiter off; "
                           "build_application now sets one: give it a way to turn it off for bench/")


# ---- in process -------------------------------------------------------------------------


async def _run_inprocess(kind: str, config: Config, service: DraftingService | None, load: Workload,
                         window: int, backend: BackendCPU | None, timeout: float) -> RunResult:
    transport = InProcessBotAPI()
    app = build_bot(kind, config, service, transport)
    _check_no_rate_limiter(app)
    meter = Meter(WARM_UP.total, window)
    meter.install(app)
    update_ids = iter(range(1, 10**9))

    async def feed(stream: Workload) -> None:
        for data in stream.updates():
            while meter.pushed - meter.done >= window:
                meter.room.clear()
                await asyncio.wait_for(meter.room.wait(), timeout)
            data["update_id"] = next(update_ids)
            meter.pushed += 1
            await app.update_queue.put(Update.de_json(data, app.bot))
        await asyncio.wait_for(meter.finished.wait(), timeout)

    async with app:
        if app.post_init is not None:  # what run_polling() does after initialize()
            await app.post_init(app)
        await app.start()
        freeze_long_lived()  # as bot/telegram/runner.py does once the bot is up
        await feed(WARM_UP)
        warnings, calls = transport.warnings, transport.calls.copy()
        meter.restart(load.total)
        if backend is not None:
            backend.mark()
        cpu0 = _cpu_now()
        await feed(load)
        cpu = _cpu_now() - cpu0
        db_cpu = backend.seconds() if backend is not None else None
        await app.stop()
    assert meter.first is not None
    return RunResult(kind, "inprocess", "", load.users, load.size, meter.done, meter.last - meter.first, cpu,
                     db_cpu, sorted(meter.latencies), sorted(meter.draft_latencies), meter.errors,
                     transport.warnings - warnings, dict(transport.calls - calls))


# ---- over HTTP --------------------------------------------------------------------------


def _serve(load: Workload, window: int, completed: Any, conn: Connection) -> None:
    """The fake Bot API's process: serve HTTP on 127.0.0.1 and feed the workload's updates."""
    from bench.httpserver import serve_and_feed

    serve_and_feed(load, window, completed, conn)


async def _run_http(kind: str, config: Config, service: DraftingService | None, load: Workload,
                    window: int, backend: BackendCPU | None, timeout: float) -> RunResult:
    ctx = multiprocessing.get_context("spawn")
    completed = ctx.RawValue("q", 0)
    parent, child = ctx.Pipe()
    process = ctx.Process(target=_serve, args=(load, window, completed, child), daemon=True)
    process.start()
    try:
        if not parent.poll(60):
            raise TimeoutError("fake Bot API process did not start")
        url = parent.recv()
        http_config = replace(config, telegram=TelegramConfig(token=TEST_TOKEN, api_base_url=url))
        app = build_bot(kind, http_config, service, None)
        _check_no_rate_limiter(app)

        def count() -> None:
            completed.value += 1

        meter = Meter(WARM_UP.total, window, on_done=count)
        meter.install(app)
        stop = asyncio.Event()
        polling: asyncio.Future[None] | None = None
        if app.updater is None:
            # Ours fetches updates with its own loop (bot.telegram.runner.poll: confirms an
            # update only after handling it), exactly as `selfreview run` does.
            polling = asyncio.ensure_future(poll(app, stop, timeout=1))
        async with contextlib.AsyncExitStack() as stack:
            if polling is None:
                await stack.enter_async_context(app)
                if app.post_init is not None:
                    await app.post_init(app)
                assert app.updater is not None
                await app.updater.start_polling(poll_interval=0, timeout=1)
                await app.start()
                freeze_long_lived()  # what our runner does (ours gets it from bot.telegram.runner.poll)
            parent.send("warm")
            await asyncio.wait_for(meter.finished.wait(), timeout)
            meter.restart(load.total)
            if backend is not None:
                backend.mark()
            cpu0 = _cpu_now()
            parent.send("go")
            await _until_finished(meter, timeout)
            cpu = _cpu_now() - cpu0
            db_cpu = backend.seconds() if backend is not None else None
            if polling is None:
                assert app.updater is not None
                await app.updater.stop()
                await app.stop()
        if polling is not None:
            stop.set()
            await polling
        parent.send("stop")
        stats: dict[str, Any] = parent.recv() if parent.poll(30) else {}
    finally:
        process.join(10)
        if process.is_alive():
            process.terminate()
            process.join(5)
    assert meter.first is not None
    return RunResult(kind, "http", "", load.users, load.size, meter.done, meter.last - meter.first, cpu, db_cpu,
                     sorted(meter.latencies), sorted(meter.draft_latencies), meter.errors,
                     int(stats.get("warnings", 0)), dict(stats.get("calls", {})))


# ---- one run ----------------------------------------------------------------------------


def run(kind: str, transport: str, load: Workload, database_url: str | None = None, storage: str = "-",
        window: int | None = None, timeout: float = 600.0,
        service_factory: Callable[[Config], DraftingService] = build_service) -> RunResult:
    """Run one workload on a fresh Application; ours needs a database URL (already seeded if needed)."""
    config = base_config(database_url or f"sqlite:///{tempfile.gettempdir()}/unused.db")
    service = service_factory(config) if kind == "ours" else None
    backend = BackendCPU(service.db.engine) if service is not None else None
    window = window or (100 if transport == "inprocess" else 200)
    runner = _run_inprocess if transport == "inprocess" else _run_http
    try:
        result = asyncio.run(runner(kind, config, service, load, window, backend, timeout))
    finally:
        if service is not None:
            service.db.engine.dispose()
        while _FLOOR_STORES:
            _FLOOR_STORES.pop().close()
    result.storage = storage
    return result


# ---- the service alone ------------------------------------------------------------------


def _drive_service(service: DraftingService, load: Workload, latencies: array[float],
                   cpu: array[float] | None = None, first_update: int = 1,
                   profilers: tuple[Any, Any] | None = None,
                   backend: tuple[Callable[[], float | None], array[float]] | None = None) -> int:
    """Every step of the workload straight into the service, called exactly as the handlers call it.

    As `bot/telegram/handlers.py` does: each step is one Telegram update (`service.handle` with
    its update id, so the update claim is stored), and a typed answer carries its message id
    (so the answer-message upsert is stored too). Returns the number of ⚠️ replies; `cpu`, if
    given, receives each call's CPU seconds (the process is single-threaded here). `profilers`,
    if given, is a pair of cProfile profilers: the first is enabled around the hot-path calls
    (answers and presses, `bench.workload.is_hot`), the second around all other calls. `backend`,
    if given, is (a reader of PostgreSQL's backend CPU seconds, an array): each call's backend CPU
    is appended (read outside the call's own CPU and wall window; /proc counts in clock ticks, so
    one call's figure is coarse but their sum over many calls is not biased).
    """
    warnings = 0
    update_ids = itertools.count(first_update)
    for step in load.steps():
        profiler = None if profilers is None else profilers[0 if is_hot(step) else 1]
        for offset in range(load.users):
            user = load.first_user + offset
            update_id = next(update_ids)
            ref = UpdateRef(bot_id=BENCH_BOT_ID, update_id=update_id)
            if profiler is not None:
                profiler.enable()
            before = backend[0]() if backend is not None else None
            c, t = time.process_time(), time.perf_counter()
            if step.kind == "command":
                head, _, args = step.value.partition(" ")
                replies = service.handle(ref, lambda u=user, h=head, a=args: service.command(u, h.lstrip("/"), a))
            elif step.kind == "press":
                replies = service.handle(ref, lambda u=user, v=step.value: service.press(u, v))
            else:
                # The message id is unique per chat; the update id is as good a source as any.
                replies = service.handle(ref, lambda u=user, v=step.value, m=update_id: service.answer(
                    u, v, message_id=m))
            latencies.append(time.perf_counter() - t)
            if cpu is not None:
                cpu.append(time.process_time() - c)
            if backend is not None:
                backend[1].append((backend[0]() or 0.0) - (before or 0.0))
            if profiler is not None:
                profiler.disable()
            warnings += sum(1 for reply in replies if reply.text.startswith("⚠️"))
    return warnings


async def _until_finished(meter: Meter, stalled_after: float) -> None:
    """Wait for the whole load; fail only if no update was handled for stalled_after seconds.

    A fixed cap on the whole run (as before) cut off the 1,000-official HTTP runs, which take
    10 to 30 minutes on this machine.
    """
    last, since = meter.done, time.monotonic()
    while not meter.finished.is_set():
        try:
            await asyncio.wait_for(meter.finished.wait(), 10)
        except TimeoutError:
            if meter.done != last:
                last, since = meter.done, time.monotonic()
            elif time.monotonic() - since > stalled_after:
                raise TimeoutError(f"no update handled for {stalled_after:.0f} s ({meter.done} done)") from None
