"""Telegram Mini App sign-in: the same pages, opened inside Telegram, for a Telegram user the bot admits.

Telegram hands the page `initData`: the user and auth_date, signed with a key derived from the
bot token (HMAC-SHA256 keyed "WebAppData"). The page's own script (static/miniapp.js: no inline
script, nothing loaded from telegram.org) sends it here; the session starts only if the signature
is the bot's, auth_date is fresh, and the bot's access policy admits that Telegram user.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.texts import web as T
from bot.web.app import Ctx, Web, begin
from bot.web.security import Session

FRESH = timedelta(hours=1)


def verify(init_data: str, bot_token: str, now: datetime | None = None, fresh: timedelta = FRESH) -> int | None:
    """The Telegram user id in initData if Telegram signed it for this bot within `fresh`; else None."""
    try:
        fields = dict(parse_qsl(init_data, keep_blank_values=True, strict_parsing=True))
    except ValueError:
        return None
    sent = fields.pop("hash", "")
    check = "\n".join(f"{key}={fields[key]}" for key in sorted(fields))
    secret = hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()
    expected = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    if not sent or not hmac.compare_digest(sent, expected):
        return None
    try:
        signed_at = datetime.fromtimestamp(int(fields["auth_date"]), UTC)
        user = json.loads(fields["user"])
        telegram_id = int(user["id"])
    except (KeyError, ValueError, TypeError):
        return None
    now = now or datetime.now(UTC)
    if not timedelta(seconds=-60) <= now - signed_at <= fresh:
        return None
    return telegram_id if telegram_id > 0 else None


def routes(web: Web, bot_token: str | None) -> list[Route]:
    policy = web.access

    async def page(request: Request) -> Response:
        ctx = await begin(web, request, signed_in=False)
        if not isinstance(ctx, Ctx):
            return ctx
        return ctx.page("miniapp.html", error="")

    async def session(request: Request) -> Response:
        ctx = await begin(web, request, signed_in=False, post=True)
        if not isinstance(ctx, Ctx):
            return ctx
        if not web.logins.allow(ctx.client()):
            return ctx.page("miniapp.html", 429, error=T.TOO_MANY)
        telegram_id = verify(ctx.form.get("init_data", "")[:4096], bot_token) if bot_token else None
        if telegram_id is None or not await ctx.call(policy.allows, telegram_id):
            return ctx.page("miniapp.html", 403, error=T.MINIAPP_REFUSED)
        ctx.session = Session(telegram=telegram_id)
        return ctx.redirect("/material")

    return [Route("/miniapp", page, methods=["GET"]), Route("/miniapp/session", session, methods=["POST"])]
