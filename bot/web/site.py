"""The web application put together: the routes of bot/web/account_pages.py, material_pages.py and
review_pages.py, the static files and the security headers, over one DraftingService."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

from bot.usecases import DraftingService
from bot.web import account_pages, accounts, material_pages, review_pages
from bot.web.app import HERE, Ctx, Web, begin, not_found, templates
from bot.web.security import SecurityHeaders, SessionCodec


def create_app(service: DraftingService, secure_cookies: bool = False, secret: str | None = None) -> Starlette:
    web = Web(service, SessionCodec(secret or accounts.web_secret(service.db), secure_cookies), templates())

    async def missing(request: Request, exc: Exception) -> Response:
        ctx = await begin(web, request, signed_in=False)
        return not_found(ctx) if isinstance(ctx, Ctx) else ctx

    routes: list[BaseRoute] = [*account_pages.routes(web), *material_pages.routes(web), *review_pages.routes(web),
                               Mount("/static", StaticFiles(directory=HERE / "static"), name="static")]
    app = Starlette(routes=routes, exception_handlers={404: missing, 405: missing})
    app.state.web = web
    app.add_middleware(SecurityHeaders)
    return app
