"""The HTTP transport's other side: the fake Bot API in its own process, fed with the workload.

Runs in a child process so the bot's process (whose CPU time is measured) does none of the
server's work, as with the real Telegram. The feeder keeps at most `window` updates in
flight, counting completions through a shared counter the bot's meter increments.
"""

from __future__ import annotations

import time
from collections import Counter
from multiprocessing.connection import Connection
from typing import Any

from bench.inprocess import WARNING_MARK
from bench.workload import WARM_UP, Workload
from tests.fakebotapi import FakeBotAPI, UploadedFile


class BenchBotAPI(FakeBotAPI):
    """The test suite's fake Bot API, forgetting what it recorded so a long run stays small."""

    def __init__(self) -> None:
        super().__init__(max_poll_timeout=1.0)
        self.method_counts: Counter[str] = Counter()
        self.warnings = 0

    def _handle_method(self, verb: str, token: str, method_name: str, query: str, content_type: str,
                       body: bytes) -> Any:
        response = super()._handle_method(verb, token, method_name, query, content_type, body)
        with self._lock:
            self.method_counts[method_name] += 1
            # The base class keeps every call, message and file for the tests' assertions.
            if len(self._calls) > 1000:
                del self._calls[:-100]
            if len(self._messages) > 5000:
                self._messages.clear()
            if len(self._files) > 500:
                self._files.clear()
                self._files_by_path.clear()
        return response

    def _m_send_message(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        if str(params.get("text", "")).startswith(WARNING_MARK):
            self.warnings += 1
        return super()._m_send_message(params, files)


def serve_and_feed(load: Workload, window: int, completed: Any, conn: Connection) -> None:
    server = BenchBotAPI()
    with server:
        conn.send(server.url)
        pushed = 0

        def feed(stream: Workload) -> None:
            nonlocal pushed
            for update in stream.updates():
                deadline = time.monotonic() + 600
                while pushed - completed.value >= window:
                    if time.monotonic() > deadline:
                        raise TimeoutError("the bot stopped handling updates")
                    time.sleep(0.0002)
                server.push(update)
                pushed += 1

        if conn.recv() != "warm":
            return
        feed(WARM_UP)
        if conn.recv() != "go":
            return
        with server._lock:
            warnings, calls = server.warnings, server.method_counts.copy()
        feed(load)
        conn.recv()  # "stop"
        conn.send({"warnings": server.warnings - warnings, "calls": dict(server.method_counts - calls)})
