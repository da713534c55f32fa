"""Telegram front end: thin adapters from updates to the service and back."""

from __future__ import annotations

import logging

from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Update,
)
from telegram.constants import ChatType
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bot import texts
from bot.config import Config
from bot.service import DraftingService, Reply

log = logging.getLogger(__name__)

MESSAGE_LIMIT = 4096  # Telegram's limit on one text message, in UTF-16 code units
CAPTION_LIMIT = 1024
MAX_UPLOAD_BYTES = 1024 * 1024  # answers files are small; refuse before downloading more


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


def _markup(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=b.data) for b in row] for row in reply.buttons])


async def send(update: Update, replies: list[Reply]) -> None:
    """Send the service's replies to the chat the update came from."""
    chat = update.effective_chat
    assert chat is not None
    for reply in replies:
        if reply.attachment is not None:
            await chat.send_document(
                InputFile(reply.attachment.content, filename=reply.attachment.filename),
                caption=reply.text[:CAPTION_LIMIT] or None, reply_markup=_markup(reply))
            continue
        chunks = split_message(reply.text) if reply.long else [reply.text[:MESSAGE_LIMIT]]
        for index, chunk in enumerate(chunks):
            last = index == len(chunks) - 1
            await chat.send_message(chunk, reply_markup=_markup(reply) if last else None)


def _service(context: ContextTypes.DEFAULT_TYPE) -> DraftingService:
    service: DraftingService = context.bot_data["service"]
    return service


def _user_id(update: Update) -> int:
    user = update.effective_user
    assert user is not None
    return user.id


async def command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any /command: the service runs it by name (unknown names get a polite reply)."""
    message = update.effective_message
    assert message is not None and message.text is not None
    head, _, args = message.text.partition(" ")
    name = head.lstrip("/").split("@", 1)[0]
    await send(update, _service(context).command(_user_id(update), name, args))


async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A text message answers the current question."""
    message = update.effective_message
    assert message is not None and message.text is not None
    await send(update, _service(context).answer(_user_id(update), message.text))


async def press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An inline button: acknowledge it, then let the service act on this user's own draft."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    await send(update, _service(context).press(_user_id(update), query.data or ""))


async def document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A file: an answers file to import after confirmation."""
    message = update.effective_message
    assert message is not None and message.document is not None
    doc = message.document
    name = doc.file_name or "文件"
    if doc.file_size is not None and doc.file_size > MAX_UPLOAD_BYTES:
        await send(update, [Reply(f"⚠️ 文件“{name[:60]}”过大，答案文件一般不超过几十KB。未作任何修改。")])
        return
    data = bytes(await (await doc.get_file()).download_as_bytearray())
    await send(update, _service(context).receive_file(_user_id(update), name, data))


async def not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Photos, stickers, voice …: ask for text and repeat the question."""
    await send(update, _service(context).not_text(_user_id(update)))


async def not_private(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Groups and channels: say so and store nothing; the material is personal."""
    if update.effective_chat is not None and update.effective_chat.type != ChatType.CHANNEL:
        await update.effective_chat.send_message("本机器人只在私聊中使用，请直接与我私聊。")


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure (never the user's text) and tell the user nothing was lost."""
    log.error("update handling failed: %s", type(context.error).__name__, exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat is not None:
        await update.effective_chat.send_message("抱歉，处理出错。已保存的内容不受影响，请稍后重试。")


async def _register_commands(app: Application) -> None:  # type: ignore[type-arg]
    await app.bot.set_my_commands([BotCommand(name, text) for name, text in texts.COMMANDS])


def build_application(config: Config, service: DraftingService,
                      request: BaseRequest | None = None) -> Application:  # type: ignore[type-arg]
    """The python-telegram-bot Application over the service; tests pass their own config.

    `request` replaces PTB's HTTP transport for every Bot API call (the benchmark answers
    them in memory, without sockets); None means the real Bot API over HTTPS.
    """
    if not config.telegram.token:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    base = config.telegram.api_base_url
    builder = (
        ApplicationBuilder()
        .token(config.telegram.token)
        .base_url(f"{base}/bot")
        .base_file_url(f"{base}/file/bot")
        .post_init(_register_commands)
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    app = builder.build()
    app.bot_data["service"] = service
    private = filters.ChatType.PRIVATE
    app.add_handlers([
        # Groups, supergroups and channels: refuse before anything is stored.
        MessageHandler(~private & filters.UpdateType.MESSAGES, not_private),
        CallbackQueryHandler(press),
        # Every /command goes to the service, which knows the names.
        MessageHandler(private & filters.COMMAND & filters.UpdateType.MESSAGE, command),
        MessageHandler(private & filters.TEXT & filters.UpdateType.MESSAGE, answer),
        MessageHandler(private & filters.Document.ALL & filters.UpdateType.MESSAGE, document),
        # Anything else a user can send (photo, sticker, voice, location …).
        MessageHandler(private & filters.UpdateType.MESSAGE, not_text),
    ])
    app.add_error_handler(on_error)
    return app
