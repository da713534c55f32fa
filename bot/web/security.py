"""The web front end's guards: the signed session cookie, CSRF tokens, rate limits and security headers.

The session lives in one cookie, signed (itsdangerous) with a key kept in the database, HttpOnly
(no script reads it) and SameSite=Strict (no other site's page sends it). It holds the account
id, the account's session epoch (bumped by "sign out everywhere"), the CSRF token every form
must echo, and a one-shot notice for the page after a redirect. Nothing of the material is in it.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.responses import Response

COOKIE = "selfreview_session"
SESSION_DAYS = 7

# No inline script or style anywhere, nothing from another origin, no framing.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}


@dataclass
class Session:
    account: int | None = None
    epoch: int = 0
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    notice: str = ""
    buttons: list[list[str]] = field(default_factory=list)  # [label, action data] under the notice
    telegram: int | None = None  # a Telegram user signed in through the Mini App (bot/web/miniapp.py)

    def dump(self) -> dict[str, Any]:
        return {"a": self.account, "e": self.epoch, "c": self.csrf, "n": self.notice, "b": self.buttons,
                "t": self.telegram}


class SessionCodec:
    def __init__(self, secret: str, secure: bool) -> None:
        self.serializer = URLSafeTimedSerializer(secret, salt="selfreview-web-session")
        self.secure = secure

    def load(self, raw: str | None) -> Session:
        """The session a cookie carries; a fresh anonymous one if it is missing, forged or stale."""
        if not raw:
            return Session()
        try:
            data = self.serializer.loads(raw, max_age=SESSION_DAYS * 86400)
        except BadSignature:
            return Session()
        if not isinstance(data, dict) or not isinstance(data.get("c"), str):
            return Session()
        account, buttons, telegram = data.get("a"), data.get("b"), data.get("t")
        return Session(account if isinstance(account, int) else None, int(data.get("e") or 0), data["c"],
                       str(data.get("n") or ""), buttons if isinstance(buttons, list) else [],
                       telegram if isinstance(telegram, int) else None)

    def store(self, response: Response, session: Session) -> None:
        response.set_cookie(COOKIE, self.serializer.dumps(session.dump()), max_age=SESSION_DAYS * 86400,
                            httponly=True, samesite="strict", secure=self.secure, path="/")


def csrf_ok(session: Session, sent: object) -> bool:
    return isinstance(sent, str) and bool(sent) and hmac.compare_digest(sent, session.csrf)


class RateLimit:
    """At most `limit` attempts per key in `window` seconds (per worker; the per-account lock is in the database)."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self.seen: dict[str, deque[float]] = {}
        self.lock = threading.Lock()

    def allow(self, key: str) -> bool:
        now = self.clock()
        with self.lock:
            if len(self.seen) > 10_000:  # a flood of addresses must not grow memory without end
                self.seen = {k: v for k, v in self.seen.items() if v and v[-1] > now - self.window}
            hits = self.seen.setdefault(key, deque())
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            return True


Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class SecurityHeaders:
    """Adds the headers above to every response; pages (not static files) are never cached."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith("/static/")

        async def with_headers(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.extend((k.encode(), v.encode()) for k, v in HEADERS.items())
                if not static:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)
