"""My materials, the interview one question at a time, the material laid out, /check, history, Word.

Every page works on the signed-in official's own users row and open material, exactly as the
bot does: nothing in a URL or form names a material by its database id (a material is opened by
its number in 我的材料, an item by its stable id inside the open material), so no request can
reach another official's material.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.draft.assemble import Document
from bot.export import export_filename
from bot.export.pdf import ConversionError
from bot.texts import web as T
from bot.usecases import history, pages, revising, sharing, viewing
from bot.usecases.materials import listing
from bot.usecases.replies import Reply
from bot.usecases.scope import Scope
from bot.web.app import MAX_UPLOAD, Ctx, Web, begin, not_found

Endpoint = Callable[[Request], Awaitable[Response]]
Handler = Callable[[Ctx], Awaitable[Response]]

# Where a button under a notice may send the official back to (never an address from the request).
_BACK = {"interview": "/interview", "material": "/material", "materials": "/materials"}
_MEDIA = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          "pdf": "application/pdf"}
_ITEM_OPS: dict[str, Callable[[Scope, str], list[Reply]]] = {
    "remove": lambda scope, number: revising.remove(scope, f"{number} 确认"),
    "up": revising.up,
    "down": revising.down,
}


def _page(web: Web, handler: Handler, post: bool = False) -> Endpoint:
    async def endpoint(request: Request) -> Response:
        ctx = await begin(web, request, post=post)
        if not isinstance(ctx, Ctx):
            return ctx
        return await handler(ctx)

    return endpoint


def _int(value: str) -> int | None:
    return int(value) if value.isdigit() and len(value) < 10 else None


def routes(web: Web) -> list[Route]:
    service = web.service

    async def materials(ctx: Ctx) -> Response:
        rows = await ctx.read(listing)
        return ctx.page("materials.html", rows=rows, profiles=service.catalog.all())

    async def new(ctx: Ctx) -> Response:
        profile = ctx.form.get("profile", "")[:100]
        if service.catalog.find(profile) is None:
            return not_found(ctx)
        option = ctx.form.get("option", "")
        args = f"{profile} {option}" if option in ("沿用", "全新") else profile
        replies = await ctx.call(service.new, ctx.user, args)
        if any(b.action in ("cf", "nf") for r in replies for row in r.buttons for b in row):
            return ctx.replied("/materials", replies)  # the carry-over offer: its buttons show on the list
        return ctx.replied("/interview", replies)

    async def open_(ctx: Ctx) -> Response:
        number = _int(ctx.form.get("number", ""))
        if number is None:
            return not_found(ctx)
        return ctx.replied("/interview", await ctx.call(service.command, ctx.user, "open", str(number)))

    async def upload(ctx: Ctx) -> Response:
        """An answers file (as /export writes it) to import as a new material, after confirmation."""
        name, data = ctx.files.get("file", ("", b""))
        if not data:
            return ctx.redirect("/materials", T.IMPORT_EMPTY)
        if len(data) > MAX_UPLOAD:
            return ctx.redirect("/materials", T.IMPORT_TOO_LARGE)
        return ctx.replied("/materials", await ctx.call(service.receive_file, ctx.user, name[:100], data))

    async def press(ctx: Ctx) -> Response:
        """A button the service offered under a notice (the carry-over choice, a confirmation)."""
        data = ctx.form.get("data", "")[:200]
        back = _BACK.get(ctx.form.get("back", ""), "/interview")
        return ctx.replied(back, await ctx.call(service.press, ctx.user, data))

    async def interview(ctx: Ctx) -> Response:
        return await _interview(ctx, "", "")

    async def _interview(ctx: Ctx, error: str, text: str) -> Response:
        def use(scope: Scope) -> tuple[pages.QuestionView | None, bool]:
            return pages.question(scope), scope.material is not None

        q, has_material = await ctx.read(use)
        return ctx.page("interview.html", q=q, has_material=has_material, error=error, text=text)

    async def answer(ctx: Ctx) -> Response:
        qid, text = ctx.form.get("question", "")[:200], ctx.form.get("text", "")[:20000]
        done = await ctx.read(lambda scope: pages.answer(scope, qid, text))
        if not done.ok:
            return await _interview(ctx, done.message, text)
        return ctx.redirect("/interview", done.message, [list(b) for b in done.buttons])

    async def step(ctx: Ctx) -> Response:
        what = ctx.request.path_params["what"]
        qid = ctx.form.get("question", "")[:200] or None
        if what == "pick":
            replies = await ctx.call(service.press, ctx.user, f"pick:{qid}:{ctx.form.get('value', '')[:40]}")
        elif what == "phrase":
            replies = await ctx.call(service.press, ctx.user, f"phr:{qid}:{ctx.form.get('index', '')[:4]}")
        elif what in ("skip", "back", "keep"):
            replies = await ctx.call(getattr(service, what), ctx.user, "", qid)
        elif what == "cancel":
            replies = await ctx.call(service.cancel, ctx.user)
        else:
            return not_found(ctx)
        return ctx.replied("/interview", replies)

    async def material(ctx: Ctx) -> Response:
        def use(scope: Scope) -> tuple[pages.MaterialView | None, dict[str, tuple[sharing.CommentView, ...]]]:
            view = pages.material(scope)
            return view, sharing.comments(scope, view)

        view, comments = await ctx.read(use)
        if view is None:
            return ctx.redirect("/materials", T.NO_MATERIAL)
        return ctx.page("material.html", m=view, comments=comments)

    async def edit(ctx: Ctx) -> Response:
        number = ctx.form.get("number", "")[:12]
        if revising.numbers(number) is None:
            return not_found(ctx)
        return ctx.replied("/interview", await ctx.call(service.edit, ctx.user, number))

    async def item(ctx: Ctx) -> Response:
        section, item_id, op = _int(ctx.form.get("section", "")), _int(ctx.form.get("item", "")), ctx.form.get("op")
        run = _ITEM_OPS.get(op or "")
        position = _int(ctx.form.get("position", ""))
        if op == "move" and position is not None:  # dragged to another place (static/app.js)
            def run(scope: Scope, number: str) -> list[Reply]:
                return revising.move(scope, f"{number} {position}")
        if section is None or item_id is None or run is None:
            return not_found(ctx)

        def use(scope: Scope) -> list[Reply]:
            # The item by its stable id, where it stands now: a page left open while the material
            # changed elsewhere still acts on the item the official pointed at, or on nothing.
            number = pages.item_number(scope, section, item_id)
            return [Reply(T.ITEM_GONE)] if number is None else run(scope, number)

        replies = await ctx.call(service.run, ctx.user, use)
        return ctx.replied(f"/material#s{section}", replies)

    async def add(ctx: Ctx) -> Response:
        section, position = _int(ctx.form.get("section", "")), _int(ctx.form.get("position", ""))
        if section is None or position is None:
            return not_found(ctx)
        replies = await ctx.call(service.command, ctx.user, "add", f"{section} {position}")
        return ctx.replied("/interview", replies)

    async def undo(ctx: Ctx) -> Response:
        return ctx.replied("/material", await ctx.call(service.undo, ctx.user))

    async def redo(ctx: Ctx) -> Response:
        return ctx.replied("/material", await ctx.call(service.redo, ctx.user))

    async def check(ctx: Ctx) -> Response:
        text = await ctx.read(pages.check_text)
        return ctx.redirect("/materials", T.NO_MATERIAL) if text is None else ctx.page(
            "text.html", title=T.CHECK_TITLE, text=text)

    async def changes(ctx: Ctx) -> Response:
        replies = await ctx.read(lambda scope: history.history(scope, "") if scope.material is not None else [])
        if not replies:
            return ctx.redirect("/materials", T.NO_MATERIAL)
        return ctx.page("text.html", title=T.HISTORY_TITLE, text=replies[0].text)

    async def download(ctx: Ctx) -> Response:
        """The Word file (in process, ~0.1 s) or the PDF (LibreOffice, seconds: off the event loop)."""
        suffix = ctx.request.path_params["suffix"]

        def use(scope: Scope) -> tuple[Document, int] | None:
            if scope.material is None or scope.profile is None:
                return None
            return viewing.document(scope), scope.profile.year

        found = await ctx.read(use)  # the row lock is released before Word or LibreOffice runs
        exporter = service.deps.exporter
        if found is None or exporter is None or suffix not in _MEDIA:
            return not_found(ctx)
        doc, year = found
        data = await ctx.call(exporter.docx, doc)
        if suffix == "pdf":
            try:
                data = await ctx.call(exporter.pdf, data)
            except ConversionError as exc:
                return ctx.redirect("/material", str(exc))
        name = export_filename(year, suffix)
        return Response(data, media_type=_MEDIA[suffix],
                        headers={"content-disposition": f"attachment; filename*=UTF-8''{quote(name)}"})

    get = [("/materials", materials), ("/interview", interview), ("/material", material), ("/check", check),
           ("/history", changes), ("/material.{suffix:str}", download)]
    post = [("/materials/new", new), ("/materials/open", open_), ("/materials/import", upload),
            ("/press", press),
            ("/interview/answer", answer), ("/interview/{what:str}", step), ("/material/edit", edit),
            ("/material/item", item), ("/material/add", add), ("/material/undo", undo), ("/material/redo", redo)]
    return ([Route(path, _page(web, handler), methods=["GET"]) for path, handler in get]
            + [Route(path, _page(web, handler, post=True), methods=["POST"]) for path, handler in post])
