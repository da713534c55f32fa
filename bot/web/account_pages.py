"""Signing in: open an account with an invite code, sign in, change the password, sign out (everywhere)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.texts import web as T
from bot.web import accounts
from bot.web.accounts import Account, AccountError
from bot.web.app import Ctx, Web, begin
from bot.web.security import Session

Endpoint = Callable[[Request], Awaitable[Response]]


def _signed_in(ctx: Ctx, account: Account) -> Response:
    # A new session (and CSRF token) at sign-in: nothing from before it carries over.
    ctx.session = Session(account.id, account.epoch)
    ctx.account = account
    return ctx.redirect("/materials")


def routes(web: Web) -> list[Route]:
    async def home(request: Request) -> Response:
        ctx = await begin(web, request, signed_in=False)
        if not isinstance(ctx, Ctx):
            return ctx
        return ctx.redirect("/materials" if ctx.account is not None else "/login")

    async def login_form(request: Request) -> Response:
        ctx = await begin(web, request, signed_in=False)
        if not isinstance(ctx, Ctx):
            return ctx
        if ctx.account is not None:
            return ctx.redirect("/materials")
        return ctx.page("login.html", error="", login="")

    async def login(request: Request) -> Response:
        ctx = await begin(web, request, signed_in=False, post=True)
        if not isinstance(ctx, Ctx):
            return ctx
        name, password = ctx.form.get("login", "")[:64], ctx.form.get("password", "")[:accounts.MAX_PASSWORD]
        if not web.logins.allow(ctx.client()):
            return ctx.page("login.html", 429, error=T.TOO_MANY, login=name)
        try:
            account = await ctx.call(accounts.sign_in, web.service.db, name, password)
        except AccountError as exc:
            return ctx.page("login.html", error=str(exc), login=name)
        return _signed_in(ctx, account)

    async def register_form(request: Request) -> Response:
        ctx = await begin(web, request, signed_in=False)
        if not isinstance(ctx, Ctx):
            return ctx
        link = request.query_params.get("link", "")[:64]
        return ctx.page("register.html", error="", login="", code="", link=link)

    async def register(request: Request) -> Response:
        ctx = await begin(web, request, signed_in=False, post=True)
        if not isinstance(ctx, Ctx):
            return ctx
        form = ctx.form
        code, name, link = form.get("code", "")[:64], form.get("login", "")[:64], form.get("link", "")[:64]
        if not web.logins.allow(ctx.client()):
            return ctx.page("register.html", 429, error=T.TOO_MANY, login=name, code=code, link=link)
        # The bot's one-time link (an admitted Telegram user's own users row), or an invite code.
        opening = accounts.open_linked_account if link else accounts.open_account
        try:
            account = await ctx.call(opening, web.service.db, link or code, name,
                                     form.get("password", "")[:300], form.get("password2", "")[:300])
        except AccountError as exc:
            return ctx.page("register.html", error=str(exc), login=name, code=code, link=link)
        return _signed_in(ctx, account)

    async def account_page(request: Request) -> Response:
        ctx = await begin(web, request)
        if not isinstance(ctx, Ctx):
            return ctx
        return ctx.page("account.html", error="")

    async def password(request: Request) -> Response:
        ctx = await begin(web, request, post=True)
        if not isinstance(ctx, Ctx):
            return ctx
        assert ctx.account is not None
        try:
            account = await ctx.call(accounts.change_password, web.service.db, ctx.account.id,
                                     ctx.form.get("old", "")[:300], ctx.form.get("password", "")[:300],
                                     ctx.form.get("password2", "")[:300])
        except AccountError as exc:
            return ctx.page("account.html", error=str(exc))
        ctx.session = Session(account.id, account.epoch)
        return ctx.redirect("/account", T.PASSWORD_CHANGED)

    async def logout(request: Request) -> Response:
        ctx = await begin(web, request, signed_in=False, post=True)
        if not isinstance(ctx, Ctx):
            return ctx
        ctx.session = Session()
        ctx.account = None
        return ctx.redirect("/login", T.LOGGED_OUT)

    async def logout_all(request: Request) -> Response:
        ctx = await begin(web, request, post=True)
        if not isinstance(ctx, Ctx):
            return ctx
        assert ctx.account is not None
        await ctx.call(accounts.sign_out_everywhere, web.service.db, ctx.account.id)
        ctx.session = Session()
        ctx.account = None
        return ctx.redirect("/login", T.LOGGED_OUT_ALL)

    return [
        Route("/", home),
        Route("/login", login_form, methods=["GET"]),
        Route("/login", login, methods=["POST"]),
        Route("/register", register_form, methods=["GET"]),
        Route("/register", register, methods=["POST"]),
        Route("/account", account_page, methods=["GET"]),
        Route("/account/password", password, methods=["POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/logout-all", logout_all, methods=["POST"]),
    ]
