"""The web front end's guards: CSRF, sessions, sign-in limits, headers, and one official never reaching another's material."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from bot.access import create_invites, revoke_user
from bot.usecases import DraftingService
from bot.web import accounts
from bot.web.accounts import AccountError
from bot.web.security import COOKIE, CSP, RateLimit
from tests.usecases.helpers import filled, text_of
from tests.web.helpers import PASSWORD, Browser, csrf, register

POSTS = ["/materials/new", "/materials/open", "/materials/import", "/press", "/interview/answer", "/interview/skip", "/material/edit",
         "/material/item", "/material/add", "/material/undo", "/material/redo", "/logout-all", "/account/password",
         "/shares/new", "/shares/end", "/comments/answer", "/review/join", "/review/1/comment"]
GETS = ["/materials", "/interview", "/material", "/check", "/history", "/material.docx", "/account", "/shares",
        "/review", "/review/1"]


def _user(service: DraftingService, login: str) -> int:
    return accounts.sign_in(service.db, login, PASSWORD).telegram_id


def test_a_form_without_its_csrf_token_is_refused(client: TestClient, service: DraftingService) -> None:
    register(client, service)
    user = _user(service, "liming")
    filled(service, user)
    before = text_of(service, user)
    for path in POSTS:
        response = client.post(path, data={"section": "2", "item": "1", "op": "remove", "number": "1"})
        assert response.status_code == 403, path
        assert "页面已过期或来源不明" in response.text
        wrong = client.post(path, data={"csrf": "forged", "section": "2", "item": "1", "op": "remove"})
        assert wrong.status_code == 403, path
    assert text_of(service, user) == before


def test_pages_need_a_signed_in_official(client: TestClient) -> None:
    for path in GETS:
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/login", path
    page = client.get("/login").text
    for path in POSTS:
        response = client.post(path, data={"csrf": csrf(page)}, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/login", path


def test_headers_and_cookie(client: TestClient) -> None:
    response = client.get("/login")
    assert response.headers["content-security-policy"] == CSP
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP and "frame-ancestors 'none'" in CSP
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(COOKIE + "=") and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert "<script>" not in response.text and " style=" not in response.text  # nothing inline for the CSP to block
    assert client.get("/static/htmx.min.js").status_code == 200  # htmx is served from the package


def test_a_forged_cookie_signs_nobody_in(client: TestClient, service: DraftingService) -> None:
    register(client, service)
    cookie = client.cookies[COOKIE]
    client.cookies.set(COOKIE, cookie[:-4] + ("AAAA" if not cookie.endswith("AAAA") else "BBBB"))
    assert client.get("/materials", follow_redirects=False).headers["location"] == "/login"


def test_sign_out_everywhere_ends_every_session(app: Starlette, service: DraftingService) -> None:
    desk = TestClient(app)
    register(desk, service)
    phone = TestClient(app)
    phone_browser = Browser(phone)
    phone_browser.get("/login")
    phone_browser.post("/login", login="liming", password=PASSWORD)
    assert "我的材料" in phone_browser.html
    stolen = dict(desk.cookies)
    desk_browser = Browser(desk)
    desk_browser.get("/account")
    assert "已在所有设备上退出登录" in desk_browser.post("/logout-all")
    assert phone.get("/materials", follow_redirects=False).headers["location"] == "/login"
    replay = TestClient(app, cookies=stolen)
    assert replay.get("/materials", follow_redirects=False).headers["location"] == "/login"


def test_a_revoked_official_is_signed_out(client: TestClient, service: DraftingService) -> None:
    register(client, service)
    revoke_user(service.db, _user(service, "liming"))
    assert client.get("/materials", follow_redirects=False).headers["location"] == "/login"


def test_wrong_passwords_lock_the_account_in_the_database(service: DraftingService) -> None:
    code = create_invites(service.db)[0]
    accounts.open_account(service.db, code, "liming", PASSWORD, PASSWORD)
    now = datetime.now(UTC)
    for _ in range(accounts.FREE_FAILURES):
        with pytest.raises(AccountError, match="不正确"):
            accounts.sign_in(service.db, "liming", "错误的密码错误的密码", now)
    with pytest.raises(AccountError, match="分钟后再试"):
        accounts.sign_in(service.db, "liming", PASSWORD, now)  # even the right password waits
    later = now + accounts.FIRST_LOCK + timedelta(seconds=1)
    assert accounts.sign_in(service.db, "liming", PASSWORD, later).login == "liming"
    with pytest.raises(AccountError, match="不正确"):
        accounts.sign_in(service.db, "nobody", PASSWORD, later)


def test_sign_in_attempts_are_rate_limited_per_address(client: TestClient) -> None:
    browser = Browser(client)
    browser.get("/login")
    for _ in range(10):
        browser.post("/login", login="nobody", password="whatever-whatever")
    browser.post("/login", status=429, login="nobody", password="whatever-whatever")
    assert "操作过于频繁" in browser.html
    clock = [0.0]
    limit = RateLimit(2, 60.0, clock=lambda: clock[0])
    assert limit.allow("a") and limit.allow("a") and not limit.allow("a") and limit.allow("b")
    clock[0] = 61.0
    assert limit.allow("a")


def test_an_invite_opens_one_account_only(client: TestClient, service: DraftingService) -> None:
    code = create_invites(service.db)[0]
    accounts.open_account(service.db, code, "liming", PASSWORD, PASSWORD)
    for login, error in (("wangfang", "已被使用"), ("liming", "已被使用")):
        with pytest.raises(AccountError, match=error):
            accounts.open_account(service.db, code, login, PASSWORD, PASSWORD)
    fresh = create_invites(service.db)[0]
    with pytest.raises(AccountError, match="用户名"):
        accounts.open_account(service.db, fresh, "a b", PASSWORD, PASSWORD)
    with pytest.raises(AccountError, match="至少10个字符"):
        accounts.open_account(service.db, fresh, "wangfang", "short", "short")
    with pytest.raises(AccountError, match="不一致"):
        accounts.open_account(service.db, fresh, "wangfang", PASSWORD, PASSWORD + "x")
    with pytest.raises(AccountError, match="邀请码无效"):
        accounts.open_account(service.db, "AAAAAAAAAAAAAAAA", "wangfang", PASSWORD, PASSWORD)
    expired = create_invites(service.db, valid_for=timedelta(seconds=-1))[0]
    with pytest.raises(AccountError, match="已过期"):
        accounts.open_account(service.db, expired, "wangfang", PASSWORD, PASSWORD)
    page = Browser(client)
    page.get("/register")
    page.post("/register", code=code, login="zhaolei", password=PASSWORD, password2=PASSWORD)
    assert "该邀请码已被使用" in page.html


def test_one_official_never_reaches_another_s_material(app: Starlette, service: DraftingService) -> None:
    """Every route tried by a second official with the first one's item ids and material numbers."""
    first = TestClient(app)
    register(first, service, "liming")
    owner = _user(service, "liming")
    filled(service, owner)
    written = text_of(service, owner)
    first_page = Browser(first).get("/material")

    other = TestClient(app)
    intruder = register(other, service, "wangfang")
    assert "学用结合有欠缺" not in intruder.get("/materials")
    for path in GETS:
        response = other.get(path)
        assert "学用结合有欠缺" not in response.text and "李明" not in response.text, path
    intruder.get("/materials")
    for op in ("remove", "up", "down"):
        for item in range(1, 6):
            intruder.post("/material/item", section="2", item=str(item), op=op)
            assert "学用结合有欠缺" not in intruder.html
    for path, data in (("/materials/open", {"number": "1"}), ("/material/edit", {"number": "2.1"}),
                       ("/material/add", {"section": "2", "position": "1"}), ("/material/undo", {}),
                       ("/material/redo", {}), ("/interview/answer", {"question": "author.position", "text": "局长"}),
                       ("/press", {"data": "open:1"})):
        intruder.post(path, **data)
        assert "学用结合有欠缺" not in intruder.html and "李明" not in intruder.html, path
    # The first official's session token is no use in the second one's forms either.
    response = other.post("/material/undo", data={"csrf": csrf(first_page)})
    assert response.status_code == 403
    assert text_of(service, owner) == written
    assert service.materials(_user(service, "wangfang")) == []
