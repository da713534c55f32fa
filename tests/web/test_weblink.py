"""/webaccount: the bot's one-time link opens a web account on the official's own users row."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from starlette.testclient import TestClient

from bot.usecases import DraftingService
from bot.web import accounts
from bot.web.accounts import AccountError
from bot.web.site import create_app
from tests.usecases.helpers import filled, said
from tests.web.helpers import PASSWORD, Browser

URL = "https://zcjc.example.gov.cn"
USER = 616161


def _link(service: DraftingService, user: int = USER) -> str:
    found = re.search(r"/register\?link=([\w-]+)", said(service.command(user, "webaccount")))
    assert found is not None
    return found.group(1)


def test_the_bot_s_link_opens_an_account_on_the_same_material(service: DraftingService) -> None:
    service.deps.web_url = URL
    filled(service, USER)
    link = _link(service)
    client = TestClient(create_app(service, allowed_users={USER}))
    browser = Browser(client)
    page = browser.get(f"/register?link={link}")
    assert 'name="link"' in page and 'name="code"' not in page
    browser.post("/register", login="liming", password=PASSWORD, password2=PASSWORD, link=link)
    assert "我的材料" in browser.html and "2021年度党史学习教育专题民主生活会" in browser.html
    assert accounts.sign_in(service.db, "liming", PASSWORD).telegram_id == USER  # the chat's own users row
    page = browser.get("/material")
    assert "学用结合有欠缺" in page  # the material written in chat
    assert "已开通网页版账户（用户名：liming）" in said(service.command(USER, "webaccount"))
    # The link is good once.
    again = Browser(TestClient(create_app(service, allowed_users={USER})))
    again.get(f"/register?link={link}")
    again.post("/register", login="other", password=PASSWORD, password2=PASSWORD, link=link)
    assert "链接无效或已过期" in again.html


def test_an_expired_or_forged_link_opens_nothing(service: DraftingService) -> None:
    service.deps.web_url = URL
    link = _link(service)
    later = datetime.now(UTC) + timedelta(minutes=16)
    with pytest.raises(AccountError, match="链接无效或已过期"):
        accounts.open_linked_account(service.db, link, "liming", PASSWORD, PASSWORD, later)
    with pytest.raises(AccountError, match="链接无效或已过期"):
        accounts.open_linked_account(service.db, "forged-link", "liming", PASSWORD, PASSWORD)


def test_a_link_for_someone_the_bot_does_not_admit_signs_nobody_in(service: DraftingService) -> None:
    service.deps.web_url = URL
    link = _link(service, 717171)
    client = TestClient(create_app(service, allowed_users={USER}))
    browser = Browser(client)
    browser.get(f"/register?link={link}")
    browser.post("/register", login="wangfang", password=PASSWORD, password2=PASSWORD, link=link)
    assert "请先登录" in browser.html
    assert client.get("/materials", follow_redirects=False).headers["location"] == "/login"


def test_webaccount_without_an_address(service: DraftingService) -> None:
    assert "尚未配置网页版地址" in said(service.command(USER, "webaccount"))
