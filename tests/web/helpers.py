"""A web front end over a fresh database, and a browser-like client that signs in with an invite."""

from __future__ import annotations

import re

from starlette.testclient import TestClient

from bot.access import create_invites
from bot.usecases import DraftingService

PASSWORD = "一二三四五六七八九十abc"
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf(html: str) -> str:
    found = _CSRF.search(html)
    assert found is not None, "every page with a form carries the CSRF token"
    return found.group(1)


class Browser:
    """A TestClient that keeps the page it is on, so each form is sent with that page's token."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.html = ""
        self.token = ""  # the session's CSRF token, from the last page that had a form

    def get(self, path: str, status: int = 200) -> str:
        response = self.client.get(path)
        assert response.status_code == status, (path, response.status_code, response.text[:500])
        self._read(response.text)
        return self.html

    def _read(self, html: str) -> None:
        self.html = html
        if _CSRF.search(html):
            self.token = csrf(html)

    def post(self, path: str, status: int = 200, **data: str) -> str:
        response = self.client.post(path, data={"csrf": self.token, **data})
        assert response.status_code == status, (path, response.status_code, response.text[:800])
        self._read(response.text)
        return self.html


def register(client: TestClient, service: DraftingService, login: str = "liming") -> Browser:
    code = create_invites(service.db)[0]
    browser = Browser(client)
    browser.get("/register")
    page = browser.post("/register", code=code, login=login, password=PASSWORD, password2=PASSWORD)
    assert "我的材料" in page
    return browser
