"""Page render time of the web front end, for a seed-sized material (about 6,000 字) on SQLite.

    .venv/bin/python -m bench.web_pages [--runs 200]

Each page is fetched through the whole ASGI stack (Starlette TestClient: routing, session cookie,
the service's transaction, the use case, Jinja2), signed in as the material's official, after a
few warm-up requests. Prints the median and 95th percentile per page in milliseconds, as JSON.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from starlette.testclient import TestClient

from bench.harness import base_config, percentile
from bench.workload import full_interview
from bot.access import create_invites
from bot.app import build_service
from bot.usecases import DraftingService
from bot.web import accounts
from bot.web.site import create_app

PAGES = ("/material", "/interview", "/materials", "/check")
PASSWORD = "bench-password-0123"


def _written(service: DraftingService, user: int) -> None:
    """The benchmark's imaginary official answers the whole 2021 interview (bench/workload.py)."""
    for step in full_interview(1).steps:
        if step.kind == "command":
            head, _, args = step.value[1:].partition(" ")
            if head != "draft":  # Word is not part of a page
                service.command(user, head, args)
        elif step.kind == "press":
            service.press(user, step.value)
        else:
            service.answer(user, step.value)


def measure(runs: int, directory: Path) -> dict[str, dict[str, float]]:
    service = build_service(base_config(f"sqlite:///{directory / 'web.db'}"))
    code = create_invites(service.db)[0]
    account = accounts.open_account(service.db, code, "bench", PASSWORD, PASSWORD)
    _written(service, account.telegram_id)
    client = TestClient(create_app(service, secret="bench"))
    page = client.get("/login").text
    token = re.search(r'name="csrf" value="([^"]+)"', page)
    assert token is not None
    signed_in = client.post("/login", data={"csrf": token.group(1), "login": "bench", "password": PASSWORD})
    assert "我的材料" in signed_in.text
    results: dict[str, dict[str, float]] = {}
    for path in PAGES:
        for _ in range(5):
            client.get(path)
        times: list[float] = []
        for _ in range(runs):
            start = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, path
        times.sort()
        results[path] = {"median_ms": round(statistics.median(times), 1), "p95_ms": round(percentile(times, 0.95), 1),
                         "bytes": len(response.content)}
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.web_pages")
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as directory:
        print(json.dumps(measure(args.runs, Path(directory)), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
