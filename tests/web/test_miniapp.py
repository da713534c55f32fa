"""The Telegram Mini App: the page accepts a Telegram user only with initData the bot's token signed, and fresh."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from starlette.testclient import TestClient

from bot.access import AccessPolicy, create_invites, revoke_user
from bot.usecases import DraftingService
from bot.web.miniapp import verify
from bot.web.site import create_app
from tests.usecases.helpers import filled
from tests.web.helpers import Browser

TOKEN = "123456:TEST-token-for-the-mini-app"
TELEGRAM_USER = 616161


def init_data(user: int = TELEGRAM_USER, token: str = TOKEN, auth_date: float | None = None) -> str:
    """initData as Telegram signs it (the data-check string of sorted fields, HMAC keyed by the bot token)."""
    fields = {"auth_date": str(int(auth_date if auth_date is not None else time.time())),
              "query_id": "AAHdF6IQAAAAAN0XohDhrOrc",
              "user": json.dumps({"id": user, "first_name": "明", "language_code": "zh-hans"}, ensure_ascii=False)}
    check = "\n".join(f"{k}={fields[k]}" for k in sorted(fields))
    secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    fields["hash"] = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    return urlencode(fields)


def test_verify_accepts_only_the_bot_s_fresh_signature() -> None:
    now = datetime.now(UTC)
    assert verify(init_data(), TOKEN, now) == TELEGRAM_USER
    assert verify(init_data(token="654321:another-bot"), TOKEN, now) is None  # forged: another key
    tampered = init_data().replace(str(TELEGRAM_USER), "717171")
    assert verify(tampered, TOKEN, now) is None
    stale = init_data(auth_date=(now - timedelta(hours=2)).timestamp())
    assert verify(stale, TOKEN, now) is None
    assert verify(init_data(auth_date=(now + timedelta(hours=1)).timestamp()), TOKEN, now) is None
    assert verify("", TOKEN, now) is None and verify("hash=00", TOKEN, now) is None
    assert verify("a=%zz&&", TOKEN, now) is None


def _open(client: TestClient, data: str, status: int) -> Browser:
    browser = Browser(client)
    assert 'id="miniapp-form"' in browser.get("/miniapp") and "/static/miniapp.js" in browser.html
    browser.post("/miniapp/session", status=status, init_data=data)
    return browser


def test_the_mini_app_opens_the_bot_user_s_own_material(service: DraftingService) -> None:
    filled(service, TELEGRAM_USER)
    app = create_app(service, bot_token=TOKEN, allowed_users={TELEGRAM_USER})
    browser = _open(TestClient(app), init_data(), 200)
    assert "学用结合有欠缺" in browser.html and "逐项修改" in browser.html  # the same material as in the chat
    assert "用户编号 616161" in browser.get("/account") and "修改密码" not in browser.html


def test_forged_stale_or_unadmitted_init_data_is_refused(service: DraftingService) -> None:
    app = create_app(service, bot_token=TOKEN, allowed_users={TELEGRAM_USER})
    for data in (init_data(token="654321:another-bot"), init_data(auth_date=time.time() - 7200),
                 init_data(user=717171)):  # 717171: signed and fresh, but the bot does not admit this user
        client = TestClient(app)
        browser = _open(client, data, 403)
        assert "无法核验您的 Telegram 身份" in browser.html
        assert client.get("/material", follow_redirects=False).headers["location"] == "/login"
    without_token = create_app(service, allowed_users={TELEGRAM_USER})
    _open(TestClient(without_token), init_data(), 403)


def test_a_mini_app_session_ends_when_the_bot_stops_admitting_the_user(service: DraftingService) -> None:
    code = create_invites(service.db)[0]
    AccessPolicy(service.db).redeem(717171, code)
    app = create_app(service, bot_token=TOKEN)
    client = TestClient(app)
    _open(client, init_data(user=717171), 200)
    assert client.get("/materials").status_code == 200
    revoke_user(service.db, 717171)
    assert client.get("/materials", follow_redirects=False).headers["location"] == "/login"
