"""Several web workers on one PostgreSQL database: a session and a material are the same in every worker."""

from __future__ import annotations

from dataclasses import replace

from starlette.testclient import TestClient

from bot.app import build_service
from bot.config import Config
from bot.web import accounts
from bot.web.site import create_app
from tests.usecases.helpers import filled
from tests.web.helpers import PASSWORD, Browser, register


def test_two_workers_share_sessions_and_materials(config: Config, postgres_url: str) -> None:
    pg = replace(config, database_url=postgres_url)
    one, two = build_service(pg), build_service(pg)  # two processes' worth of engines and services
    first, second = TestClient(create_app(one)), TestClient(create_app(two))
    browser = register(first, one)
    user = accounts.sign_in(one.db, "liming", PASSWORD).telegram_id
    filled(one, user)
    # The signing key is in the database: the cookie the first worker set is good in the second.
    second.cookies.update(first.cookies)
    other = Browser(second)
    page = other.get("/material")
    assert "学用结合有欠缺" in page
    ids = page.split('id="s2"', 1)[1].split("</section>", 1)[0].count('class="item"')
    assert ids == 4
    other.post("/material/item", section="2", item="2", op="remove")
    assert "学用结合有欠缺" not in browser.get("/material").split('id="document"')[1]
    # Signing out everywhere in one worker ends the session in the other.
    browser.get("/account")
    browser.post("/logout-all")
    assert second.get("/materials", follow_redirects=False).headers["location"] == "/login"
