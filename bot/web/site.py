"""The web application put together: the routes of bot/web/account_pages.py, material_pages.py and
review_pages.py, the static files and the security headers, over one DraftingService."""

from __future__ import annotations

from collections.abc import Iterable

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

from bot.access import AccessPolicy
from bot.usecases import DraftingService
from bot.web import account_pages, accounts, material_pages, miniapp, review_pages
from bot.web.app import HERE, Ctx, Web, begin, not_found, templates
from bot.web.security import SecurityHeaders, SessionCodec


def create_app(service: DraftingService, secure_cookies: bool = False, secret: str | None = None,
               bot_token: str | None = None, allowed_users: Iterable[int] = ()) -> Starlette:
    """The app; with the bot's token, Telegram users the bot admits may also sign in through the Mini App."""
    web = Web(service, SessionCodec(secret or accounts.web_secret(service.db), secure_cookies), templates(),
              access=AccessPolicy(service.db, allowed_users))

    async def missing(request: Request, exc: Exception) -> Response:
        ctx = await begin(web, request, signed_in=False)
        return not_found(ctx) if isinstance(ctx, Ctx) else ctx

    routes: list[BaseRoute] = [*account_pages.routes(web), *material_pages.routes(web), *review_pages.routes(web),
                               *miniapp.routes(web, bot_token),
                               Mount("/static", StaticFiles(directory=HERE / "static"), name="static")]
    app = Starlette(routes=routes, exception_handlers={404: missing, 405: missing})
    app.state.web = web
    app.add_middleware(SecurityHeaders)
    return app
