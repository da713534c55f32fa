"""The fake Bot API server works with the real python-telegram-bot stack over real HTTP."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, RetryAfter
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.fakebotapi import (
    BOT_ID,
    BOT_USERNAME,
    TEST_TOKEN,
    FakeBotAPI,
    make_command_update,
    make_document_update,
    make_message_update,
    spawn_server,
)

AnyApp = Application[Any, Any, Any, Any, Any, Any]


@pytest.fixture
def server() -> Iterator[FakeBotAPI]:
    with FakeBotAPI(max_poll_timeout=1.0) as srv:
        yield srv


def build_app(server: FakeBotAPI) -> AnyApp:
    return (
        ApplicationBuilder()
        .token(TEST_TOKEN)
        .base_url(f"{server.url}/bot")
        .base_file_url(f"{server.url}/file/bot")
        .build()
    )


def build_bot(server: FakeBotAPI) -> Bot:
    return Bot(TEST_TOKEN, base_url=server.base_url, base_file_url=server.base_file_url)


@contextlib.asynccontextmanager
async def running(app: AnyApp) -> AsyncIterator[AnyApp]:
    """Initialize, poll and shut down exactly like a production run would."""
    assert app.updater is not None
    async with app:
        await app.updater.start_polling(poll_interval=0, timeout=1)
        await app.start()
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()


def http_client() -> httpx.Client:
    return httpx.Client(trust_env=False, timeout=10)


# --------------------------------------------------------------- (a) echo round trip


def test_echo_roundtrip_with_real_application(server: FakeBotAPI) -> None:
    replies: list[Message] = []

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None and update.effective_message.text
        assert update.effective_user is not None
        assert update.effective_user.language_code == "zh-hans"
        replies.append(await update.effective_message.reply_text(update.effective_message.text))

    async def scenario() -> None:
        app = build_app(server)
        app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
        async with running(app):
            server.push(make_message_update(111, "你好，世界"))
            await server.wait_for_async(1, chat_id=111)

    asyncio.run(scenario())

    assert server.sent_messages(111) == ["你好，世界"]
    call = server.calls("sendMessage")[0]
    assert call.token == TEST_TOKEN
    assert call.params["chat_id"] == 111
    assert server.calls("getMe") and server.calls("deleteWebhook")
    # PTB parsed the fake's Message: sent by the bot, into the private chat.
    (reply,) = replies
    assert reply.from_user is not None and reply.from_user.username == BOT_USERNAME
    assert reply.from_user.id == BOT_ID and reply.chat.type == "private" and reply.chat.id == 111
    assert reply.message_id > 0
    # PTB's shutdown getUpdates confirmed the update, so it is forgotten server-side.
    assert server.pending_updates() == []


# ------------------------------------------------------------ (b) command entity


def test_command_update_reaches_command_handler(server: FakeBotAPI) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        entity = update.effective_message.entities[0]
        assert (entity.type, entity.offset, entity.length) == ("bot_command", 0, len("/start"))
        await update.effective_message.reply_text("start:" + ",".join(context.args or []))

    async def scenario() -> None:
        app = build_app(server)
        app.add_handler(CommandHandler("start", start))
        async with running(app):
            server.push(make_command_update(222, "/start", ["abc", "定制"]))
            await server.wait_for_async(1, chat_id=222)

    asyncio.run(scenario())
    assert server.sent_messages(222) == ["start:abc,定制"]


def test_inline_button_click_edit_and_answer(server: FakeBotAPI) -> None:
    async def menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("确认", callback_data="ok")]])
        await update.effective_message.reply_text("<b>选择</b>", parse_mode="HTML", reply_markup=keyboard)

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None and query.data == "ok"
        assert isinstance(query.message, Message) and query.message.text == "选择"
        await query.answer()
        await query.edit_message_text("已确认")

    async def scenario() -> None:
        app = build_app(server)
        app.add_handler(CommandHandler("menu", menu))
        app.add_handler(CallbackQueryHandler(pressed))
        async with running(app):
            server.push(make_command_update(666, "/menu"))
            await server.wait_for_async(1, chat_id=666)
            await asyncio.to_thread(server.click_button, 666, data="ok")
            await server.wait_for_async(1, method="editMessageText")

    asyncio.run(scenario())
    assert server.sent_messages(666) == ["<b>选择</b>", "已确认"]
    assert server.sent_messages(666, plain=True) == ["选择", "已确认"]
    assert [c.ok for c in server.calls("answerCallbackQuery")] == [True]
    bot_message = server.chat_history(666)[-1]
    assert bot_message["text"] == "已确认" and "reply_markup" not in bot_message  # keyboard removed
    assert "edit_date" in bot_message


# ---------------------------------------------------------- (c) getUpdates offset


def test_get_updates_offset_limit_and_long_poll(server: FakeBotAPI) -> None:
    base = f"{server.url}/bot{TEST_TOKEN}"
    first = server.push(make_message_update(555, "one"))
    second = server.push(make_message_update(555, "two"))
    assert second["update_id"] == first["update_id"] + 1
    assert second["message"]["message_id"] > first["message"]["message_id"]

    def ids(response: httpx.Response) -> list[int]:
        body = response.json()
        assert response.status_code == 200 and body["ok"] is True
        return [update["update_id"] for update in body["result"]]

    with http_client() as client:
        everything = [first["update_id"], second["update_id"]]
        assert ids(client.post(f"{base}/getUpdates")) == everything
        # Not confirmed yet: delivered again (JSON body this time).
        assert ids(client.post(f"{base}/getUpdates", json={"timeout": 0})) == everything
        assert ids(client.post(f"{base}/getUpdates", json={"limit": 1})) == [first["update_id"]]
        # Confirm the first one (form-encoded, like PTB); it is forgotten for good.
        form = {"offset": str(first["update_id"] + 1)}
        assert ids(client.post(f"{base}/getUpdates", data=form)) == [second["update_id"]]
        assert [u["update_id"] for u in server.pending_updates()] == [second["update_id"]]
        assert ids(client.post(f"{base}/getUpdates")) == [second["update_id"]]
        # Method names are case-insensitive; confirming the last one empties the queue.
        confirm = {"offset": second["update_id"] + 1, "timeout": 0}
        assert ids(client.post(f"{base}/GETUPDATES", json=confirm)) == []
        assert server.pending_updates() == []

        # Long polling: blocks until an update arrives ...
        timer = threading.Timer(0.2, server.push, args=(make_message_update(555, "late"),))
        timer.start()
        started = time.monotonic()
        late = ids(client.post(f"{base}/getUpdates", json={"offset": confirm["offset"], "timeout": 5}))
        assert len(late) == 1 and 0.15 < time.monotonic() - started < 2.5
        timer.join()
        # ... or until the (capped) timeout expires.
        started = time.monotonic()
        assert ids(client.post(f"{base}/getUpdates", json={"offset": late[0] + 1, "timeout": 0.3})) == []
        assert 0.25 < time.monotonic() - started < 2.5

        # Negative offset keeps only the newest -offset updates.
        server.push_many([make_message_update(555, str(n)) for n in range(3)])
        kept = ids(client.post(f"{base}/getUpdates", json={"offset": -1}))
        assert len(kept) == 1 and server.pending_updates()[0]["message"]["text"] == "2"


# ------------------------------------------------- (d) multipart sendDocument, (e) files


def test_send_document_multipart_is_recorded(server: FakeBotAPI) -> None:
    payload = bytes(range(256)) + b"\r\n--not-a-boundary\r\n\r\n\x00end"
    filename = "述职报告 2024.docx"

    async def scenario() -> tuple[Message, bytes]:
        async with build_bot(server) as bot:
            sent = await bot.send_document(444, document=payload, filename=filename, caption="草稿")
            assert sent.document is not None
            tg_file = await bot.get_file(sent.document.file_id)
            return sent, bytes(await tg_file.download_as_bytearray())

    sent, downloaded = asyncio.run(scenario())

    (doc,) = server.sent_documents(444)
    assert doc.filename == filename and doc.content == payload and doc.caption == "草稿"
    call = server.calls("senddocument")[0]
    assert call.files["document"].filename == filename
    assert call.files["document"].content == payload
    assert call.params["chat_id"] == 444
    assert sent.document is not None and sent.document.file_name == filename
    assert sent.document.file_size == len(payload) and sent.caption == "草稿"
    assert downloaded == payload  # the bot can fetch back what it uploaded


def test_user_document_get_file_and_download(server: FakeBotAPI) -> None:
    content = "去年工作总结：完成三个项目。".encode()
    stored = server.add_file(content, "notes.txt", "text/plain")

    async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        assert message is not None and message.document is not None
        data = await (await message.document.get_file()).download_as_bytearray()
        await message.reply_text(f"{message.document.file_name}|{len(data)}|{data.decode()}")

    async def scenario() -> None:
        app = build_app(server)
        app.add_handler(MessageHandler(filters.Document.ALL, on_document))
        async with running(app):
            server.push(make_document_update(333, stored.file_id, "notes.txt", "text/plain"))
            await server.wait_for_async(1, chat_id=333)

    asyncio.run(scenario())
    assert server.sent_messages(333) == [f"notes.txt|{len(content)}|{content.decode()}"]
    assert server.downloads() == [stored.file_path]
    assert server.calls("getFile")[0].params["file_id"] == stored.file_id

    with http_client() as client:
        missing = client.get(f"{server.url}/file/bot{TEST_TOKEN}/documents/nope.txt")
        assert missing.status_code == 404
        bad = client.post(f"{server.url}/bot{TEST_TOKEN}/getFile", json={"file_id": "nope"})
        assert bad.status_code == 400 and bad.json()["description"] == "Bad Request: invalid file_id"


# --------------------------------------------------------- (f) failure injection


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # PTB-internal
def test_flood_control_injection_and_unknown_method(server: FakeBotAPI) -> None:
    base = f"{server.url}/bot{TEST_TOKEN}"
    server.fail_next("sendMessage", error_code=429, retry_after=7)
    with http_client() as client:
        limited = client.post(f"{base}/sendMessage", json={"chat_id": 1, "text": "hi"})
        assert limited.status_code == 429
        assert limited.json() == {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 7",
            "parameters": {"retry_after": 7},
        }
        assert client.post(f"{base}/sendMessage", json={"chat_id": 1, "text": "hi"}).json()["ok"]
        unknown = client.post(f"{base}/noSuchMethod", json={})
        assert unknown.status_code == 404
        assert unknown.json() == {
            "ok": False,
            "error_code": 404,
            "description": "Not Found: method not found",
        }
    assert [c.ok for c in server.calls("sendMessage")] == [False, True]
    assert server.sent_messages(1) == ["hi"]  # the rejected attempt is not "sent"

    # PTB maps the injected answer to RetryAfter.
    server.fail_next("sendmessage", retry_after=3)

    async def scenario() -> None:
        async with build_bot(server) as bot:
            with pytest.raises(RetryAfter):
                await bot.send_message(1, "again")

    asyncio.run(scenario())


def test_telegram_like_validation_errors(server: FakeBotAPI) -> None:
    base = f"{server.url}/bot{TEST_TOKEN}"

    def call(method: str, **params: Any) -> dict[str, Any]:
        with http_client() as client:
            body: dict[str, Any] = client.post(f"{base}/{method}", json=params).json()
            return body

    bad_html = call("sendMessage", chat_id=9, text="line<br>next", parse_mode="HTML")
    assert bad_html["description"].startswith("Bad Request: can't parse entities: Unsupported start tag")
    good_html = call("sendMessage", chat_id=9, text="<b>a</b> &lt; b", parse_mode="HTML")
    assert good_html["result"]["text"] == "a < b"
    bad_md = call("sendMessage", chat_id=9, text="版本 1.0", parse_mode="MarkdownV2")
    assert "Character '.' is reserved" in bad_md["description"]
    good_md = call("sendMessage", chat_id=9, text="*版本* 1\\.0", parse_mode="MarkdownV2")
    assert good_md["result"]["text"] == "版本 1.0"
    assert call("sendMessage", chat_id=9, text="")["description"] == "Bad Request: message text is empty"
    assert call("sendMessage", chat_id=9, text="x" * 4097)["description"] == ("Bad Request: message is too long")
    message_id = good_md["result"]["message_id"]
    same = call("editMessageText", chat_id=9, message_id=message_id, text="*版本* 1\\.0", parse_mode="MarkdownV2")
    assert same["description"].startswith("Bad Request: message is not modified")
    assert call("deleteMessage", chat_id=9, message_id=message_id)["result"] is True
    assert call("deleteMessage", chat_id=9, message_id=message_id)["description"] == (
        "Bad Request: message to delete not found"
    )
    assert call("answerCallbackQuery", callback_query_id="unknown")["error_code"] == 400

    async def scenario() -> None:
        async with build_bot(server) as bot:
            with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
                await bot.send_message(9, "<unknown>", parse_mode="HTML")

    asyncio.run(scenario())


# ------------------------------------------------------ (g) standalone subprocess


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_standalone_subprocess_control_api() -> None:
    port = _free_port()
    with spawn_server(port, max_poll_timeout=1.0) as remote:
        assert remote.url == f"http://127.0.0.1:{port}"
        assert remote.health()
        base = f"{remote.url}/bot{TEST_TOKEN}"
        with http_client() as client:
            me = client.get(f"{base}/getMe").json()["result"]
            assert (me["id"], me["is_bot"], me["username"]) == (BOT_ID, True, BOT_USERNAME)

            pushed = remote.push(make_message_update(777, "ping"))
            updates = client.post(f"{base}/getUpdates", data={"timeout": "1"}).json()["result"]
            assert [u["update_id"] for u in updates] == [pushed["update_id"]]
            assert updates[0]["message"]["text"] == "ping"

            client.post(f"{base}/sendMessage", data={"chat_id": "777", "text": "pong"})
            assert remote.wait_for(1, chat_id=777)[0]["params"] == {"chat_id": 777, "text": "pong"}
            assert remote.sent_messages(777) == ["pong"]

            info = remote.add_file(b"remote bytes", "r.bin")
            got = client.post(f"{base}/getFile", json={"file_id": info["file_id"]}).json()["result"]
            download = client.get(f"{remote.url}/file/bot{TEST_TOKEN}/{got['file_path']}")
            assert download.content == b"remote bytes"

            remote.fail_next("sendMessage", retry_after=2)
            limited = client.post(f"{base}/sendMessage", json={"chat_id": 777, "text": "x"})
            assert limited.status_code == 429 and limited.json()["parameters"] == {"retry_after": 2}

        methods = [c["method"] for c in remote.sent()]
        assert "getUpdates" not in methods
        assert methods[:2] == ["getMe", "sendMessage"] and methods[-1] == "sendMessage"
        assert [u["update_id"] for u in remote.pending_updates()] == [pushed["update_id"]]
        remote.reset()
        assert remote.sent(include_get_updates=True) == [] and remote.pending_updates() == []
        process = remote.process
    assert process is not None and process.poll() is not None
