"""`selfreview web --workers 2` on PostgreSQL, as docs/deploy.md sets it up: a real uvicorn, real processes, HTTP."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import httpx

from bot.access import create_invites
from bot.app import build_service
from bot.config import Config
from tests.conftest import ROOT
from tests.telegram.harness import free_port
from tests.web.helpers import PASSWORD

_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def _wait_up(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text(errors="replace")
        try:
            if httpx.get(base + "/login", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError("selfreview web did not come up: " + log.read_text(errors="replace"))


def test_two_worker_processes_serve_one_official(config: Config, postgres_url: str, tmp_path: Path) -> None:
    service = build_service(replace(config, database_url=postgres_url))
    code = create_invites(service.db)[0]
    port = free_port()
    env = {**os.environ, "DATABASE_URL": postgres_url, "SELFREVIEW_CONFIG": str(ROOT / "config.yaml"),
           "PYTHONPATH": str(ROOT)}
    log = tmp_path / "web.log"
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "bot", "web", "--port", str(port), "--workers", "2"],
                                   cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_up(base, process, log)
        with httpx.Client(base_url=base, follow_redirects=True, timeout=10) as client:
            page = client.get("/register").text
            token = _CSRF.search(page)
            assert token is not None
            page = client.post("/register", data={"csrf": token.group(1), "code": code, "login": "liming",
                                                  "password": PASSWORD, "password2": PASSWORD}).text
            assert "新建材料" in page
            cookie = client.cookies.get("selfreview_session")
            assert cookie and "content-security-policy" in client.get("/materials").headers
            token = _CSRF.search(page)
            assert token is not None
            page = client.post("/materials/new", data={"csrf": token.group(1), "profile": "2024-dangji"}).text
            assert "请填写您的职务" in page
            # Many requests, spread over both workers by the kernel: every one sees the same session.
            for _ in range(20):
                assert "请填写您的职务" in client.get("/interview").text
        assert log.read_text(errors="replace").count("Started server process") == 2, log.read_text(errors="replace")
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
