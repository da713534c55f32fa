"""Review: the official shares the open material and answers comments; the reviewer reads and comments.

A reviewer reaches a material only through /review/<share>, and the use case checks that the
share names this reviewer and is not ended (bot/usecases/sharing.py); an official's actions on
shares and comments take effect only on their own open material.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.texts import web as T
from bot.usecases import sharing
from bot.usecases.scope import Scope
from bot.web.app import Ctx, Web, begin, not_found

Handler = Callable[[Ctx], Awaitable[Response]]


def _int(value: str) -> int | None:
    return int(value) if value.isdigit() and len(value) < 10 else None


def routes(web: Web) -> list[Route]:
    def page(handler: Handler, post: bool = False) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            ctx = await begin(web, request, post=post)
            return await handler(ctx) if isinstance(ctx, Ctx) else ctx

        return endpoint

    async def _shares(ctx: Ctx, code: str = "") -> Response:
        def use(scope: Scope) -> tuple[bool, list[sharing.ShareView]]:
            return scope.material is not None, sharing.shares(scope)

        has_material, shares = await ctx.read(use)
        if not has_material:
            return ctx.redirect("/materials", T.NO_MATERIAL)
        return ctx.page("shares.html", shares=shares, code=code)

    async def shares(ctx: Ctx) -> Response:
        return await _shares(ctx)

    async def new_share(ctx: Ctx) -> Response:
        code = await ctx.read(sharing.create)
        if code is None:
            return ctx.redirect("/materials", T.NO_MATERIAL)
        # Shown once, in this response only: the code is in no cookie, log or later page.
        return await _shares(ctx, code)

    async def end_share(ctx: Ctx) -> Response:
        share = _int(ctx.form.get("share", ""))
        if share is None or not await ctx.read(lambda scope: sharing.end(scope, share)):
            return not_found(ctx)
        return ctx.redirect("/shares", T.SHARE_ENDED)

    async def answer(ctx: Ctx) -> Response:
        comment = _int(ctx.form.get("comment", ""))
        reply, resolve = ctx.form.get("reply", "")[:sharing.MAX_COMMENT], ctx.form.get("resolve") == "1"
        if comment is None or not await ctx.read(lambda scope: sharing.answer(scope, comment, reply, resolve)):
            return not_found(ctx)
        return ctx.redirect("/material", T.COMMENT_RESOLVED if resolve else T.COMMENT_ANSWERED)

    async def reviews(ctx: Ctx) -> Response:
        return ctx.page("reviews.html", shares=await ctx.read(sharing.reviewing), error="")

    async def join(ctx: Ctx) -> Response:
        if not web.logins.allow(ctx.client()):  # codes are guessed no faster than passwords
            return ctx.page("reviews.html", 429, shares=await ctx.read(sharing.reviewing), error=T.TOO_MANY)
        code = ctx.form.get("code", "")[:40]
        return ctx.redirect("/review", await ctx.read(lambda scope: sharing.join(scope, code)))

    async def review(ctx: Ctx) -> Response:
        share = int(ctx.request.path_params["share"])
        view = await ctx.read(lambda scope: sharing.review(scope, share))
        if view is None:
            return not_found(ctx)
        return ctx.page("review.html", r=view, m=view.material)

    async def comment(ctx: Ctx) -> Response:
        share = int(ctx.request.path_params["share"])
        target, body = ctx.form.get("target", "")[:200], ctx.form.get("body", "")[:sharing.MAX_COMMENT + 1]
        notice = await ctx.read(lambda scope: sharing.comment(scope, share, target, body))
        if not notice:
            return not_found(ctx)
        return ctx.redirect(f"/review/{share}", notice)

    return [
        Route("/shares", page(shares), methods=["GET"]),
        Route("/shares/new", page(new_share, post=True), methods=["POST"]),
        Route("/shares/end", page(end_share, post=True), methods=["POST"]),
        Route("/comments/answer", page(answer, post=True), methods=["POST"]),
        Route("/review", page(reviews), methods=["GET"]),
        Route("/review/join", page(join, post=True), methods=["POST"]),
        Route("/review/{share:int}", page(review), methods=["GET"]),
        Route("/review/{share:int}/comment", page(comment, post=True), methods=["POST"]),
    ]
