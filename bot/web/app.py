"""The web front end (Starlette): built over the same DraftingService as the bot and the terminal.

Routes (bot/web/account_pages.py, bot/web/material_pages.py, bot/web/review_pages.py, put
together in bot/web/site.py) only read the request, check the session and CSRF token, call the
service or a use case, and render a template; nothing here knows SQL or the rules of the
material. A web account is a users row like a Telegram user's (bot/web/accounts.py), so one
official may work on one material from all three front ends.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import jinja2
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from bot.access import AccessPolicy
from bot.texts import web as T
from bot.usecases import DraftingService
from bot.usecases.replies import Reply
from bot.usecases.scope import Scope
from bot.web import accounts
from bot.web.accounts import Account
from bot.web.security import COOKIE, RateLimit, Session, SessionCodec, csrf_ok

HERE = Path(__file__).resolve().parent
MAX_UPLOAD = 5 * 1024 * 1024  # a material in Word is tens of kilobytes; the importer refuses over 5 MB
R = TypeVar("R")


@dataclass
class Web:
    service: DraftingService
    codec: SessionCodec
    templates: jinja2.Environment
    # The bot's allowlist and invites: who may use the web front end at all (checked every request).
    access: AccessPolicy
    # Per client address: sign-in and account opening (each worker counts its own; the
    # per-account lock after wrong passwords is in the database and holds across workers).
    logins: RateLimit = field(default_factory=lambda: RateLimit(10, 60.0))


@dataclass
class Ctx:
    """One request as a route sees it."""

    web: Web
    request: Request
    session: Session
    account: Account | None
    form: dict[str, str]
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # field name -> (file name, content)

    @property
    def user(self) -> int:
        """The users row's key, which every service call takes."""
        assert self.account is not None
        return self.account.telegram_id

    async def call(self, fn: Callable[..., R], *args: Any) -> R:
        """A blocking call (database, Word) off the event loop."""
        return await run_in_threadpool(fn, *args)

    async def read(self, use: Callable[[Scope], R]) -> R:
        """A use case run in the official's own scope (their user row, their open material)."""
        found: list[R] = []

        def run(scope: Scope) -> list[Reply]:
            found.append(use(scope))
            return []

        await self.call(self.web.service.run, self.user, run, True)
        return found[0]

    def client(self) -> str:
        return self.request.client.host if self.request.client else "?"

    def page(self, template: str, status: int = 200, **values: Any) -> Response:
        notice, buttons = self.session.notice, self.session.buttons
        self.session.notice, self.session.buttons = "", []
        html = self.web.templates.get_template(template).render(
            T=T, csrf=self.session.csrf, account=self.account, notice=notice, notice_buttons=buttons,
            path=self.request.url.path, **values)
        response = HTMLResponse(html, status_code=status)
        self.web.codec.store(response, self.session)
        return response

    def redirect(self, url: str, notice: str = "", buttons: list[list[str]] | None = None) -> Response:
        self.session.notice = notice[:600]
        self.session.buttons = (buttons or [])[:24]
        response = RedirectResponse(url, status_code=303)
        self.web.codec.store(response, self.session)
        return response

    def replied(self, url: str, replies: list[Reply]) -> Response:
        """After a service call: back to a page, with what the call said (its first lines) as the notice."""
        notice, buttons = notice_of(replies)
        return self.redirect(url, notice, buttons)


def notice_of(replies: list[Reply]) -> tuple[str, list[list[str]]]:
    """The service's replies as a page notice: the first message's lead, without the question it re-asks
    (the page shows the question itself), and any buttons that are not the question's own."""
    if not replies:
        return "", []
    lines = [line for line in replies[0].text.split("\n") if line.strip()]
    lead: list[str] = []
    for line in lines:
        if line.startswith("【"):  # the progress line: what follows is the question, shown by the page
            break
        lead.append(line)
    own = {"hint", "skip", "keep", "back", "pick", "phr"}
    buttons = [[b.label, b.data] for row in replies[0].buttons for b in row if b.action not in own]
    return "\n".join(lead[:6]), buttons


async def begin(web: Web, request: Request, signed_in: bool = True, post: bool = False) -> Ctx | Response:
    """The request's session and account; a refusal when the CSRF token is wrong or nobody is signed in."""
    session = web.codec.load(request.cookies.get(COOKIE))
    form: dict[str, str] = {}
    files: dict[str, tuple[str, bytes]] = {}
    if post:
        data = await request.form(max_files=1, max_fields=50)
        form = {key: value for key, value in data.items() if isinstance(value, str)}
        for key, value in data.items():
            if isinstance(value, UploadFile):
                content = await value.read(MAX_UPLOAD + 1)
                files[key] = (value.filename or "", content)
    account = None
    if session.account is not None:
        account = await run_in_threadpool(accounts.account, web.service.db, session.account, session.epoch)
    elif session.telegram is not None:
        account = Account(0, "", session.telegram, 0)  # a Mini App session (bot/web/miniapp.py)
    # Every request: the bot's allowlist or a redeemed invite must still admit the official
    # (`selfreview revoke` ends their sessions at once); signed out elsewhere or deleted: afresh.
    if account is not None and not await run_in_threadpool(web.access.allows, account.telegram_id):
        account = None
    if account is None and (session.account is not None or session.telegram is not None):
        session = Session()
    ctx = Ctx(web, request, session, account, form, files)
    if post and not csrf_ok(session, form.get("csrf")):
        return ctx.page("message.html", 403, title=T.FORBIDDEN_TITLE, message=T.CSRF_FAILED)
    if signed_in and account is None:
        return ctx.redirect("/login", T.SIGN_IN_FIRST)
    return ctx


def not_found(ctx: Ctx) -> Response:
    return ctx.page("message.html", 404, title=T.NOT_FOUND_TITLE, message=T.NOT_FOUND)


def templates() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
