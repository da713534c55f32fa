"""Telegram front end: thin adapters from updates to the service and back."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Update,
    WebAppInfo,
)
from telegram.error import BadRequest
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from bot import texts
from bot.access import AccessPolicy
from bot.config import Config
from bot.heap import release_freed_memory
from bot.parsing import shown_file_name
from bot.telegram.callbacks import CallbackSigner
from bot.telegram.gate import Access, FloodGuard, Gate
from bot.telegram.reminders import schedule_reminders
from bot.usecases import DraftingService, Reply, UpdateRef, actions

log = logging.getLogger(__name__)

MESSAGE_LIMIT = 4096  # Telegram's limit on one text message, in UTF-16 code units
CAPTION_LIMIT = 1024
MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # a material (.docx) or answers file; refuse before downloading more
RATE_LIMIT_RETRIES = 5  # RetryAfter answers waited out per request before giving up
# Commands whose service call takes seconds (/draft: Word, then LibreOffice for the PDF and
# poppler for the page picture) run in a worker thread instead of blocking the event loop;
# the action table says which.
OFF_LOOP_COMMANDS = actions.off_loop()


def split_message(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split at paragraph boundaries so each chunk fits in one Telegram message."""

    def size(s: str) -> int:
        return len(s.encode("utf-16-le")) // 2

    chunks: list[str] = []
    current = ""
    for paragraph in text.rstrip("\n").split("\n"):
        while size(paragraph) > limit:  # one paragraph longer than a message: cut it
            cut = limit
            while size(paragraph[:cut]) > limit:
                cut -= 1
            if current:
                chunks.append(current)
                current = ""
            chunks.append(paragraph[:cut])
            paragraph = paragraph[cut:]
        candidate = f"{current}\n{paragraph}" if current else paragraph
        if size(candidate) > limit:
            chunks.append(current)
            current = paragraph
        else:
            current = candidate
    if current:
        chunks.append(current)
    return chunks or [""]


def _markup(update: Update, reply: Reply) -> InlineKeyboardMarkup | None:
    """Buttons whose data is signed for the chat they are sent to (private: the user)."""
    if not reply.buttons:
        return None
    chat = update.effective_chat
    assert chat is not None
    signer = CallbackSigner.for_token(update.get_bot().token)
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, web_app=WebAppInfo(b.arg)) if b.action == "webapp"  # /web: the Mini App
          else InlineKeyboardButton(b.label, callback_data=signer.sign(chat.id, b.data)) for b in row]
         for row in reply.buttons])


async def send(update: Update, replies: list[Reply]) -> None:
    """Send the service's replies to the chat the update came from.

    Always plain text (no parse_mode): what officials typed is echoed back as typed,
    and characters such as <b>, & or * can never be taken as formatting.
    """
    chat = update.effective_chat
    assert chat is not None
    for reply in replies:
        if reply.replace and await _replace(update, reply):
            continue
        if reply.attachment is not None:
            file = InputFile(reply.attachment.content, filename=reply.attachment.filename)
            caption = reply.text[:CAPTION_LIMIT] or None
            if reply.attachment.as_photo:
                await chat.send_photo(file, caption=caption, reply_markup=_markup(update, reply))
            else:
                await chat.send_document(file, caption=caption, reply_markup=_markup(update, reply))
            continue
        chunks = split_message(reply.text) if reply.long else [reply.text[:MESSAGE_LIMIT]]
        for index, chunk in enumerate(chunks):
            last = index == len(chunks) - 1
            await chat.send_message(chunk, reply_markup=_markup(update, reply) if last else None)
    if any(reply.attachment is not None for reply in replies):
        # The files are sent and dropped: without this the process keeps their pages.
        release_freed_memory()


async def _replace(update: Update, reply: Reply) -> bool:
    """Show a reply in place of the message whose button was pressed; False if that cannot be done."""
    query = update.callback_query
    if query is None or query.message is None or reply.attachment is not None or reply.long:
        return False
    try:
        await query.edit_message_text(reply.text[:MESSAGE_LIMIT], reply_markup=_markup(update, reply))
    except BadRequest as exc:
        # Pressed twice quickly: the message already shows this; anything else is sent anew.
        return "not modified" in str(exc).lower()
    return True


def _service(context: ContextTypes.DEFAULT_TYPE) -> DraftingService:
    service: DraftingService = context.bot_data["service"]
    return service


def _user_id(update: Update) -> int:
    user = update.effective_user
    assert user is not None
    return user.id


def _once(update: Update, context: ContextTypes.DEFAULT_TYPE,
          action: Callable[[DraftingService, int], list[Reply]]) -> list[Reply]:
    """Call the service for this update; a redelivery of it (same bot, same id) stores nothing."""
    service = _service(context)
    ref = UpdateRef(bot_id=context.bot.id, update_id=update.update_id)
    return service.handle(ref, lambda: action(service, _user_id(update)))


async def command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any /command: the service runs it by name (unknown names get a polite reply)."""
    message = update.effective_message
    assert message is not None and message.text is not None
    head, _, args = message.text.partition(" ")
    name = head.lstrip("/").split("@", 1)[0]

    message_id = message.message_id

    def action(service: DraftingService, user: int) -> list[Reply]:
        return service.command(user, name, args, message_id)

    if name in OFF_LOOP_COMMANDS:
        # Updates are still handled one at a time; the loop stays free for the webhook's
        # health checks, the reminder sweep and replies already on their way.
        await send(update, await asyncio.to_thread(_once, update, context, action))
    else:
        await send(update, _once(update, context, action))


async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A text message answers the current question."""
    message = update.effective_message
    assert message is not None and message.text is not None
    text, message_id = message.text, message.message_id
    await send(update, _once(update, context,
                             lambda service, user: service.answer(user, text, message_id=message_id)))


async def edited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An earlier message edited: if it answered a question, the service offers to update the answer."""
    message = update.edited_message
    assert message is not None and message.text is not None
    text, message_id = message.text, message.message_id
    await send(update, _once(update, context,
                             lambda service, user: service.edited(user, message_id, text)))


async def press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An inline button: acknowledge it, then let the service act on this user's own draft."""
    query = update.callback_query
    assert query is not None
    try:
        await query.answer()
    except BadRequest as exc:
        # A redelivered press (after a crash): Telegram has forgotten the query, but the
        # press itself must still be handled (or recognised as handled) below.
        log.info("could not acknowledge button press: %s", exc.message)
    # Only data this very user was sent: forged or copied buttons stop here.
    data = CallbackSigner.for_token(context.bot.token).verify(_user_id(update), query.data or "")
    if data is None:
        await send(update, [Reply(texts.STALE_BUTTON)])
        return
    verified = data
    await send(update, _once(update, context, lambda service, user: service.press(user, verified)))


async def document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A file: an answers file to import after confirmation."""
    message = update.effective_message
    assert message is not None and message.document is not None
    doc = message.document
    name = shown_file_name(doc.file_name)  # echoed back: no control or bidirectional characters
    if doc.file_size is not None and doc.file_size > MAX_UPLOAD_BYTES:
        await send(update, [Reply(texts.FILE_TOO_LARGE.format(name=name[:60]))])
        return
    data = bytes(await (await doc.get_file()).download_as_bytearray())
    await send(update, _once(update, context, lambda service, user: service.receive_file(user, name, data)))


async def not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Photos, stickers, voice …: ask for text and repeat the question."""
    await send(update, _once(update, context, lambda service, user: service.not_text(user)))


async def edited_other(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An edited photo, caption …: nothing stored changes; say so."""
    await send(update, [Reply(texts.EDITED_MESSAGE)])


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure (never the user's text) and tell the user nothing was lost."""
    log.error("update handling failed: %s", type(context.error).__name__, exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat is not None:
        await update.effective_chat.send_message("抱歉，处理出错。已保存的内容不受影响，请稍后重试。")


async def _register_commands(app: Application) -> None:  # type: ignore[type-arg]
    await app.bot.set_my_commands([BotCommand(name, text) for name, text in actions.menu()])


def build_application(config: Config, service: DraftingService, request: BaseRequest | None = None, *,
                      access: Access | None = None, flood: FloodGuard | None = None,
                      expensive: FloodGuard | None = None,
                      rate_limited: bool | None = None) -> Application:  # type: ignore[type-arg]
    """The python-telegram-bot Application over the service; tests pass their own config.

    access and flood default to the real policy (config allowlist + invites) and limits.
    `request` replaces PTB's HTTP transport for every Bot API call (the benchmark answers
    them in memory, without sockets); None means the real Bot API over HTTPS.
    rate_limited: None follows config.telegram.rate_limiter (on unless turned off, see
    docs/deploy.md); the benchmark passes False to measure against PTB's own floor.
    """
    if not config.telegram.token:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    base = config.telegram.api_base_url
    builder = (
        ApplicationBuilder()
        .token(config.telegram.token)
        .base_url(f"{base}/bot")
        .base_file_url(f"{base}/file/bot")
        # No PTB Updater: bot.telegram.runner fetches updates itself and confirms each
        # only after it has been handled (PTB's confirms on fetch), see docs/reliability.md.
        .updater(None)
        .post_init(_register_commands)
    )
    if rate_limited is None:
        rate_limited = config.telegram.rate_limiter
    if rate_limited:
        # Stay within Telegram's flood limits (30 messages a second overall, 20 a minute
        # per group) and wait out a 429 RetryAfter instead of dropping the message.
        builder = builder.rate_limiter(AIORateLimiter(max_retries=RATE_LIMIT_RETRIES))  # type: ignore[arg-type]
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    app = builder.build()
    app.bot_data["service"] = service
    # Group -1, before every handler: private chats only, flood guard, who is let in.
    gate = Gate(access or AccessPolicy(service.db, config.access.allowed_users),
                flood or FloodGuard(burst=config.access.flood_burst, per_second=config.access.flood_per_second),
                expensive)
    app.add_handler(TypeHandler(Update, gate.check), group=-1)
    if config.reminders.enabled:
        schedule_reminders(app, config.reminders)
    private = filters.ChatType.PRIVATE
    app.add_handlers([
        CallbackQueryHandler(press),
        # Every /command goes to the service, which knows the names.
        MessageHandler(private & filters.COMMAND & filters.UpdateType.MESSAGE, command),
        MessageHandler(private & filters.TEXT & filters.UpdateType.MESSAGE, answer),
        # An edited answer updates that answer after the official confirms.
        MessageHandler(private & filters.TEXT & filters.UpdateType.EDITED_MESSAGE, edited),
        MessageHandler(private & filters.Document.ALL & filters.UpdateType.MESSAGE, document),
        MessageHandler(private & filters.UpdateType.EDITED_MESSAGE, edited_other),
        # Anything else a user can send (photo, sticker, voice, location …).
        MessageHandler(private & filters.UpdateType.MESSAGE, not_text),
    ])
    app.add_error_handler(on_error)
    return app
