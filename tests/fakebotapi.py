"""A fake Telegram Bot API server for end-to-end tests (standard library only).

The server speaks the real HTTP protocol, so the real python-telegram-bot stack
(``Application`` + ``HTTPXRequest``) can talk to it::

    with FakeBotAPI() as server:
        app = (
            ApplicationBuilder()
            .token(TEST_TOKEN)
            .base_url(f"{server.url}/bot")
            .base_file_url(f"{server.url}/file/bot")
            .build()
        )
        ...
        server.push(make_message_update(111, "hello"))
        server.wait_for(1)                      # one sendMessage arrived
        assert server.sent_messages(111) == ["hello"]

Standalone mode (for subprocess tests)::

    python tests/fakebotapi.py --port 8081

prints ``READY http://127.0.0.1:8081`` on stdout and serves a control API:

==========================  =================================================
``POST /_control/updates``  push one update (JSON object) or a JSON list
``GET  /_control/sent``     recorded calls (``?method=``, ``?exclude=getUpdates``)
``GET  /_control/messages`` texts sent (``?chat_id=``, ``?plain=1``)
``GET  /_control/documents`` documents sent (``?chat_id=``), content base64
``GET  /_control/pending``  updates not yet confirmed by ``getUpdates``
``GET  /_control/wait``     ``?count=N&method=sendMessage&chat_id=&timeout=``
``GET  /_control/health``   liveness
``POST /_control/reset``    forget calls, pending updates, failure rules, blocks
``POST /_control/files``    raw body + ``?filename=&mime_type=`` -> file info
``POST /_control/fail_next`` JSON ``{method, error_code, retry_after, times,
                            description, drop_connection}``
``POST /_control/block``    JSON ``{chat_id, blocked}``
==========================  =================================================

:class:`ControlClient` / :func:`spawn_server` wrap that API for other processes.

Behaviour that mirrors Telegram on purpose (so bugs show up in tests):

* ``getUpdates``: updates with ``update_id < offset`` are forgotten; a negative
  offset keeps only the last ``-offset`` updates; ``timeout`` long-polls (capped
  at ``max_poll_timeout``); ``limit``; a newer ``getUpdates`` terminates a
  waiting one with 409 Conflict; 409 while a webhook is set; by default
  ``chat_member``/``message_reaction``/``message_reaction_count`` are withheld.
* ``parse_mode`` HTML and MarkdownV2 are validated (unsupported tags,
  unbalanced tags, unescaped reserved MarkdownV2 characters ...) and answered
  with ``400 can't parse entities``; the returned Message carries plain text.
* Length limits (4096 text, 1024 caption, 64 bytes callback_data), empty
  texts, "message is not modified", "message to edit/delete not found",
  "message can't be edited" (user messages), unknown callback query ids,
  editMessageText without ``reply_markup`` removes the inline keyboard.
* message_id increases per chat; user messages pushed with an id that is not
  above the chat's last id are renumbered by :meth:`FakeBotAPI.push`.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import copy
import html
import itertools
import json
import mimetypes
import re
import secrets
import select
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, Self, TypeVar, cast, overload

__all__ = [
    "BOT_FIRST_NAME",
    "BOT_ID",
    "BOT_USERNAME",
    "DEFAULT_FIRST_NAME",
    "DEFAULT_LANGUAGE_CODE",
    "TEST_TOKEN",
    "ControlClient",
    "FakeBotAPI",
    "RecordedCall",
    "SentDocument",
    "StoredFile",
    "UploadedFile",
    "make_callback_update",
    "make_chat",
    "make_command_update",
    "make_document_update",
    "make_edited_message_update",
    "make_message_update",
    "make_photo_update",
    "make_sticker_update",
    "make_user",
    "make_voice_update",
    "spawn_server",
]

JSONDict = dict[str, Any]
T = TypeVar("T")

BOT_ID = 4242
BOT_USERNAME = "selfreview_test_bot"
BOT_FIRST_NAME = "SelfReview Test Bot"
DEFAULT_FIRST_NAME = "Tester"
DEFAULT_LANGUAGE_CODE = "zh-hans"
#: Any token is accepted; this one merely looks like a real one.
TEST_TOKEN = f"{BOT_ID}:AAFakeSelfReviewTestToken"

DEFAULT_GROUP_ID = -987654321
DEFAULT_SUPERGROUP_ID = -1001234567890

MAX_MESSAGE_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_DOWNLOAD_SIZE = 20 * 1024 * 1024

BOT_USER: JSONDict = {
    "id": BOT_ID,
    "is_bot": True,
    "first_name": BOT_FIRST_NAME,
    "username": BOT_USERNAME,
}

_GET_ME_EXTRA: JSONDict = {
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
    "can_connect_to_business": False,
    "has_main_web_app": False,
}

_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply "
    "markup are exactly the same as a current content and reply markup of the message"
)
_QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
_CONFLICT_OTHER_POLL = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
)
_CONFLICT_WEBHOOK = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
)

#: Update types Telegram withholds unless explicitly listed in allowed_updates.
_OPT_IN_UPDATE_TYPES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_NEW_MESSAGE_KEYS = ("message", "channel_post", "business_message")
_EDITED_MESSAGE_KEYS = ("edited_message", "edited_channel_post", "edited_business_message")
_FILE_FIELDS = ("document", "voice", "audio", "video", "animation", "video_note", "sticker")

_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)

# Parameter coercion for form-encoded / multipart requests (PTB sends every value
# as a string; nested objects are JSON-encoded strings).
_JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "allowed_updates",
        "commands",
        "scope",
        "link_preview_options",
        "reply_parameters",
        "media",
        "results",
        "permissions",
        "options",
        "explanation_entities",
        "message_ids",
        "reaction",
        "menu_button",
    }
)
_INT_FIELDS = frozenset(
    {
        "chat_id",
        "message_id",
        "offset",
        "limit",
        "timeout",
        "reply_to_message_id",
        "from_chat_id",
        "user_id",
        "message_thread_id",
        "cache_time",
        "duration",
        "width",
        "height",
        "max_connections",
    }
)
_BOOL_FIELDS = frozenset(
    {
        "disable_notification",
        "protect_content",
        "show_alert",
        "drop_pending_updates",
        "disable_web_page_preview",
        "allow_sending_without_reply",
        "disable_content_type_detection",
        "has_spoiler",
        "is_personal",
        "allow_paid_broadcast",
        "show_caption_above_media",
    }
)

_INT_RE = re.compile(r"-?\d+")
_FLOAT_RE = re.compile(r"-?\d+\.\d*")
_METHOD_PATH_RE = re.compile(r"^/bot([^/]+)/([^/]+)/?$")
_FILE_PATH_RE = re.compile(r"^/file/bot([^/]+)/(.+)$")
_HEADER_PARAM_RE = re.compile(r';\s*([^=\s;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)')
_HTML_ENTITY_RE = re.compile(r"&(#\d+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);")
_HTML_TAG_NAME_RE = re.compile(r"[a-zA-Z][a-zA-Z0-9-]*")
_HTML_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "a",
        "tg-emoji",
        "code",
        "pre",
        "blockquote",
    }
)
_MDV2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")
_BOT_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart/form-data request."""

    field_name: str
    filename: str | None
    content: bytes = field(repr=False)
    content_type: str | None = None

    @property
    def size(self) -> int:
        return len(self.content)


@dataclass(frozen=True)
class StoredFile:
    """A file known to the server (registered by a test or uploaded by the bot)."""

    file_id: str
    file_unique_id: str
    file_path: str
    filename: str
    mime_type: str | None
    content: bytes = field(repr=False)

    @property
    def size(self) -> int:
        return len(self.content)

    def as_document(self) -> JSONDict:
        """The Telegram ``Document`` object for this file."""
        doc: JSONDict = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_name": self.filename,
            "file_size": self.size,
        }
        if self.mime_type:
            doc["mime_type"] = self.mime_type
        return doc

    def as_photo_size(self, width: int = 1280, height: int = 720) -> JSONDict:
        """A Telegram ``PhotoSize`` object for this file."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "width": width,
            "height": height,
            "file_size": self.size,
        }

    def as_file(self) -> JSONDict:
        """The Telegram ``File`` object (result of getFile)."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.size,
            "file_path": self.file_path,
        }


@dataclass
class RecordedCall:
    """One Bot API request received by the server."""

    method: str
    params: JSONDict
    files: dict[str, UploadedFile]
    token: str
    time: float
    http_method: str = "POST"
    ok: bool = True
    error_code: int | None = None
    description: str | None = None
    result: Any = None

    def to_json(self) -> JSONDict:
        """JSON-serialisable form (file contents base64-encoded)."""
        return {
            "method": self.method,
            "params": self.params,
            "files": {
                name: {
                    "filename": up.filename,
                    "content_type": up.content_type,
                    "size": up.size,
                    "content_b64": base64.b64encode(up.content).decode("ascii"),
                }
                for name, up in self.files.items()
            },
            "token": self.token,
            "time": self.time,
            "http_method": self.http_method,
            "ok": self.ok,
            "error_code": self.error_code,
            "description": self.description,
            "result": self.result,
        }


@dataclass(frozen=True)
class SentDocument:
    """A document the bot sent successfully via sendDocument."""

    chat_id: int
    message_id: int
    file_id: str
    filename: str
    mime_type: str | None
    content: bytes = field(repr=False)
    caption: str | None = None

    def to_json(self) -> JSONDict:
        return {
            "chat_id": self.chat_id,
            "message_id": self.message_id,
            "file_id": self.file_id,
            "filename": self.filename,
            "mime_type": self.mime_type,
            "caption": self.caption,
            "size": len(self.content),
            "content_b64": base64.b64encode(self.content).decode("ascii"),
        }


@dataclass
class _StoredMessage:
    message: JSONDict
    from_bot: bool
    raw: tuple[str | None, str | None] | None = None  # (raw text/caption, parse_mode)


@dataclass
class _FailRule:
    method: str  # lower-case method name or "*"
    error_code: int
    description: str
    retry_after: int | None
    remaining: int
    drop_connection: bool


class _ApiError(Exception):
    def __init__(self, error_code: int, description: str, parameters: JSONDict | None = None) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters = parameters

    def payload(self) -> JSONDict:
        data: JSONDict = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.parameters:
            data["parameters"] = self.parameters
        return data


class _EntityParseError(Exception):
    pass


_Response = tuple[int, bytes, str]
_MethodHandler = Callable[[JSONDict, dict[str, UploadedFile]], Any]


# ------------------------------------------------------------------ small helpers


def _now() -> int:
    return int(time.time())


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _json_response(status: int, data: Any) -> _Response:
    body = json.dumps(data, ensure_ascii=False).encode("utf-8")
    return status, body, "application/json"


def _ok(result: Any) -> _Response:
    return _json_response(200, {"ok": True, "result": result})


def _http_status(error_code: int) -> int:
    return error_code if 400 <= error_code <= 599 else 500


def _default_description(error_code: int, retry_after: int | None) -> str:
    if error_code == 429:
        return f"Too Many Requests: retry after {retry_after or 1}"
    return {
        400: "Bad Request: injected failure",
        401: "Unauthorized",
        403: "Forbidden: bot was blocked by the user",
        404: "Not Found",
        409: _CONFLICT_OTHER_POLL,
        500: "Internal Server Error",
        502: "Bad Gateway",
        503: "Service Unavailable",
    }.get(error_code, f"Error {error_code}")


def _coerce(name: str, value: Any) -> Any:
    """Turn a string parameter into the type Telegram would interpret it as."""
    if not isinstance(value, str):
        return value
    if name in _JSON_FIELDS:
        try:
            return json.loads(value)
        except ValueError:
            return value
    if name in _INT_FIELDS:
        if _INT_RE.fullmatch(value):
            return int(value)
        if _FLOAT_RE.fullmatch(value):
            return float(value)
        return value
    if name in _BOOL_FIELDS:
        lowered = value.lower()
        if lowered in ("true", "1"):
            return True
        if lowered in ("false", "0"):
            return False
    return value


def _header_params(value: str) -> tuple[str, dict[str, str]]:
    """Split ``main; a=1; b="x"`` into ``("main", {"a": "1", "b": "x"})``."""
    main, _, rest = value.partition(";")
    params: dict[str, str] = {}
    for match in _HEADER_PARAM_RE.finditer(";" + rest):
        key, raw = match.group(1).lower(), match.group(2).strip()
        if len(raw) >= 2 and raw[0] == raw[-1] == '"':
            raw = re.sub(r"\\(.)", r"\1", raw[1:-1])
        if key.endswith("*"):  # RFC 2231/5987: charset''percent-encoded
            charset, _, encoded = raw.partition("''")
            raw = urllib.parse.unquote(encoded, encoding=charset or "utf-8")
            key = key[:-1]
        params[key] = raw
    return main.strip().lower(), params


def _parse_multipart(body: bytes, boundary: str) -> tuple[JSONDict, dict[str, UploadedFile]]:
    fields: JSONDict = {}
    files: dict[str, UploadedFile] = {}
    delimiter = b"--" + boundary.encode("latin-1")
    for chunk in body.split(delimiter)[1:]:
        if chunk.startswith(b"--"):
            break
        if chunk.startswith(b"\r\n"):
            chunk = chunk[2:]
        if chunk.endswith(b"\r\n"):
            chunk = chunk[:-2]
        head, sep, content = chunk.partition(b"\r\n\r\n")
        if not sep:
            continue
        headers: dict[str, str] = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            key, colon, val = line.partition(":")
            if colon:
                headers[key.strip().lower()] = val.strip()
        _, disposition = _header_params(headers.get("content-disposition", ""))
        name = disposition.get("name")
        if name is None:
            continue
        if "filename" in disposition:
            filename = disposition["filename"].replace("%22", '"')
            files[name] = UploadedFile(
                field_name=name,
                filename=filename,
                content=content,
                content_type=headers.get("content-type"),
            )
        else:
            fields[name] = content.decode("utf-8", "replace")
    return fields, files


def _parse_params(query: str, content_type: str, body: bytes) -> tuple[JSONDict, dict[str, UploadedFile]]:
    params: JSONDict = dict(urllib.parse.parse_qsl(query, keep_blank_values=True))
    files: dict[str, UploadedFile] = {}
    main, ctype_params = _header_params(content_type or "")
    if body:
        if main == "application/json":
            try:
                data = json.loads(body.decode("utf-8"))
            except ValueError as exc:
                raise _ApiError(400, f"Bad Request: can't parse JSON: {exc}") from exc
            if not isinstance(data, dict):
                raise _ApiError(400, "Bad Request: JSON body must be an object")
            params.update(data)
        elif main == "multipart/form-data":
            boundary = ctype_params.get("boundary")
            if not boundary:
                raise _ApiError(400, "Bad Request: multipart boundary is missing")
            form, files = _parse_multipart(body, boundary)
            params.update(form)
        else:  # application/x-www-form-urlencoded (also the fallback)
            params.update(urllib.parse.parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
    return {key: _coerce(key, value) for key, value in params.items()}, files


def _update_type(update: Mapping[str, Any]) -> str:
    return next((key for key in update if key != "update_id"), "")


# ---------------------------------------------------------- formatting validation


def _render_html(text: str) -> str:
    """Validate Telegram HTML and return the plain text; raise _EntityParseError."""
    out: list[str] = []
    stack: list[str] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "<":
            end = text.find(">", i)
            if end < 0:
                raise _EntityParseError(f"Can't find end of the tag starting at byte offset {_byte_offset(text, i)}")
            inner = text[i + 1 : end].strip()
            if inner.startswith("/"):
                name = inner[1:].strip().lower()
                if not stack:
                    raise _EntityParseError(f"Unexpected end tag at byte offset {_byte_offset(text, i)}")
                if name != stack[-1]:
                    raise _EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1]}"')
                stack.pop()
            else:
                match = _HTML_TAG_NAME_RE.match(inner)
                name = match.group(0).lower() if match else ""
                if name not in _HTML_TAGS:
                    raise _EntityParseError(f'Unsupported start tag "{name}" at byte offset {_byte_offset(text, i)}')
                if name == "span" and "tg-spoiler" not in inner:
                    raise _EntityParseError('Tag "span" must have class "tg-spoiler"')
                stack.append(name)
            i = end + 1
        elif char == "&":
            entity = _HTML_ENTITY_RE.match(text, i)
            if entity:
                out.append(html.unescape(entity.group(0)))
                i = entity.end()
            else:
                out.append("&")
                i += 1
        else:
            out.append(char)
            i += 1
    if stack:
        raise _EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1]}"')
    return "".join(out)


def _find_md_end(text: str, start: int, delimiter: str) -> int:
    j = start
    while j < len(text):
        if text[j] == "\\":
            j += 2
            continue
        if text.startswith(delimiter, j):
            return j
        j += 1
    return -1


def _md_unescape(text: str) -> str:
    return re.sub(r"\\([\x01-\x7e])", r"\1", text)


def _render_markdown_v2(text: str) -> str:
    """Validate Telegram MarkdownV2 (reserved characters, balanced entities)."""
    out: list[str] = []
    stack: list[tuple[str, int]] = []  # (entity name, byte offset)
    i, n = 0, len(text)
    line_start = True

    def toggle(name: str) -> None:
        if stack and stack[-1][0] == name:
            stack.pop()
        else:
            stack.append((name, _byte_offset(text, i)))

    while i < n:
        char = text[i]
        was_line_start, line_start = line_start, False
        if char == "\\" and i + 1 < n and 1 <= ord(text[i + 1]) <= 126:
            out.append(text[i + 1])
            line_start = text[i + 1] == "\n"
            i += 2
            continue
        if char == "`":
            delimiter, kind = ("```", "Pre") if text.startswith("```", i) else ("`", "Code")
            end = _find_md_end(text, i + len(delimiter), delimiter)
            if end < 0:
                raise _EntityParseError(f"Can't find end of {kind} entity at byte offset {_byte_offset(text, i)}")
            content = text[i + len(delimiter) : end]
            if kind == "Pre" and "\n" in content:
                first, rest = content.split("\n", 1)
                if first and not any(c.isspace() for c in first):
                    content = rest
            out.append(_md_unescape(content))
            i = end + len(delimiter)
            continue
        if char == "*":
            if was_line_start and text.startswith("**>", i):
                i += 3
                continue
            toggle("Bold")
            i += 1
            continue
        if char == "_":
            if text.startswith("__", i):
                toggle("Underline")
                i += 2
            else:
                toggle("Italic")
                i += 1
            continue
        if char == "~":
            toggle("Strikethrough")
            i += 1
            continue
        if char == "|" and text.startswith("||", i):
            toggle("Spoiler")
            i += 2
            continue
        if char == "!" and text.startswith("![", i):
            stack.append(("CustomEmoji", _byte_offset(text, i)))
            i += 2
            continue
        if char == "[":
            stack.append(("TextUrl", _byte_offset(text, i)))
            i += 1
            continue
        if char == "]" and any(name in ("TextUrl", "CustomEmoji") for name, _ in stack):
            name, offset = stack[-1]
            if name not in ("TextUrl", "CustomEmoji"):
                raise _EntityParseError(f"Can't find end of {name} entity at byte offset {offset}")
            stack.pop()
            i += 1
            if i < n and text[i] == "(":
                end = _find_md_end(text, i + 1, ")")
                if end < 0:
                    raise _EntityParseError(f"Can't find end of a URL at byte offset {_byte_offset(text, i)}")
                i = end + 1
            continue
        if char == ">" and was_line_start:
            i += 1
            continue
        if char in _MDV2_RESERVED:
            raise _EntityParseError(f"Character '{char}' is reserved and must be escaped with the preceding '\\'")
        out.append(char)
        line_start = char == "\n"
        i += 1
    if stack:
        name, offset = stack[-1]
        raise _EntityParseError(f"Can't find end of {name} entity at byte offset {offset}")
    return "".join(out)


def render_formatted(text: str, parse_mode: str | None) -> str:
    """Plain text Telegram would show for ``text`` sent with ``parse_mode``.

    Raises ``ValueError`` with Telegram's wording if the markup is invalid.
    """
    try:
        return _render(text, parse_mode)
    except _EntityParseError as exc:
        raise ValueError(f"can't parse entities: {exc}") from exc


def _render(text: str, parse_mode: str | None) -> str:
    mode = (parse_mode or "").lower()
    if mode == "html":
        return _render_html(text)
    if mode == "markdownv2":
        return _render_markdown_v2(text)
    return text


# -------------------------------------------------------------- update factories

_factory_message_ids = itertools.count(1)
_factory_callback_ids = itertools.count(1)


def make_user(
    user_id: int,
    first_name: str = DEFAULT_FIRST_NAME,
    *,
    language_code: str | None = DEFAULT_LANGUAGE_CODE,
    username: str | None = None,
) -> JSONDict:
    """A Telegram ``User`` (a human) dict."""
    user: JSONDict = {"id": user_id, "is_bot": False, "first_name": first_name}
    if username:
        user["username"] = username
    if language_code:
        user["language_code"] = language_code
    return user


def make_chat(
    chat_id: int,
    chat_type: str = "private",
    *,
    first_name: str = DEFAULT_FIRST_NAME,
    title: str | None = None,
) -> JSONDict:
    """A Telegram ``Chat`` dict; private chats carry the user's first_name."""
    if chat_type == "private":
        return {"id": chat_id, "type": "private", "first_name": first_name}
    return {"id": chat_id, "type": chat_type, "title": title or f"Test {chat_type}"}


def _default_chat_id(user_id: int, chat_type: str) -> int:
    if chat_type == "private":
        return user_id
    if chat_type == "supergroup" or chat_type == "channel":
        return DEFAULT_SUPERGROUP_ID
    return DEFAULT_GROUP_ID


def _base_message(
    user_id: int,
    *,
    chat_type: str,
    chat_id: int | None,
    message_id: int | None,
    date: int | None,
    from_user: Mapping[str, Any] | None,
) -> JSONDict:
    user = dict(from_user) if from_user is not None else make_user(user_id)
    return {
        "message_id": message_id if message_id is not None else next(_factory_message_ids),
        "date": date if date is not None else _now(),
        "chat": make_chat(
            chat_id if chat_id is not None else _default_chat_id(user_id, chat_type),
            chat_type,
            first_name=str(user.get("first_name", DEFAULT_FIRST_NAME)),
        ),
        "from": user,
    }


def _wrap(key: str, payload: JSONDict, update_id: int | None) -> JSONDict:
    update: JSONDict = {}
    if update_id is not None:
        update["update_id"] = update_id
    update[key] = payload
    return update


def make_message_update(
    user_id: int,
    text: str,
    chat_type: str = "private",
    update_id: int | None = None,
    *,
    chat_id: int | None = None,
    message_id: int | None = None,
    date: int | None = None,
    from_user: Mapping[str, Any] | None = None,
    **extra: Any,
) -> JSONDict:
    """A ``message`` update with ``text``; ``extra`` is merged into the Message."""
    message = _base_message(
        user_id,
        chat_type=chat_type,
        chat_id=chat_id,
        message_id=message_id,
        date=date,
        from_user=from_user,
    )
    message["text"] = text
    message.update(extra)
    return _wrap("message", message, update_id)


def make_command_update(
    user_id: int,
    command: str,
    args: Sequence[str] | str | None = None,
    *,
    chat_type: str = "private",
    update_id: int | None = None,
    bot_username: str | None = None,
    **kwargs: Any,
) -> JSONDict:
    """``/command arg1 arg2`` with a ``bot_command`` entity at offset 0."""
    token = command if command.startswith("/") else f"/{command}"
    if bot_username:
        token = f"{token}@{bot_username}"
    if isinstance(args, str):
        args = [args] if args else []
    text = " ".join([token, *(args or [])])
    entities = [{"type": "bot_command", "offset": 0, "length": _utf16_len(token)}]
    return make_message_update(user_id, text, chat_type, update_id, entities=entities, **kwargs)


def make_callback_update(
    user_id: int,
    data: str,
    message_id: int | None = None,
    *,
    chat_id: int | None = None,
    chat_type: str = "private",
    message_text: str = "Message",
    reply_markup: Mapping[str, Any] | None = None,
    callback_id: str | None = None,
    update_id: int | None = None,
    from_user: Mapping[str, Any] | None = None,
) -> JSONDict:
    """A ``callback_query`` update for a button on a bot message.

    If the server knows ``(chat_id, message_id)``, :meth:`FakeBotAPI.push` replaces the
    embedded message with the stored one (text, keyboard, ...).
    """
    user = dict(from_user) if from_user is not None else make_user(user_id)
    real_chat_id = chat_id if chat_id is not None else _default_chat_id(user_id, chat_type)
    message: JSONDict = {
        "message_id": message_id if message_id is not None else next(_factory_message_ids),
        "date": _now(),
        "chat": make_chat(
            real_chat_id,
            chat_type,
            first_name=str(user.get("first_name", DEFAULT_FIRST_NAME)),
        ),
        "from": dict(BOT_USER),
        "text": message_text,
    }
    if reply_markup is not None:
        message["reply_markup"] = dict(reply_markup)
    query: JSONDict = {
        "id": callback_id or f"cbq{next(_factory_callback_ids)}",
        "from": user,
        "chat_instance": f"ci{real_chat_id}",
        "data": data,
        "message": message,
    }
    return _wrap("callback_query", query, update_id)


def _file_fields(file_id: str | StoredFile, file_unique_id: str | None, file_size: int | None) -> JSONDict:
    if isinstance(file_id, StoredFile):
        return {
            "file_id": file_id.file_id,
            "file_unique_id": file_unique_id or file_id.file_unique_id,
            "file_size": file_size if file_size is not None else file_id.size,
        }
    data: JSONDict = {"file_id": file_id, "file_unique_id": file_unique_id or f"u-{file_id}"}
    if file_size is not None:
        data["file_size"] = file_size
    return data


def make_document_update(
    user_id: int,
    file_id: str | StoredFile,
    filename: str | None = None,
    mime: str | None = None,
    *,
    caption: str | None = None,
    file_unique_id: str | None = None,
    file_size: int | None = None,
    chat_type: str = "private",
    update_id: int | None = None,
    **kwargs: Any,
) -> JSONDict:
    """A message with a ``document``. Pass a :class:`StoredFile` to fill everything."""
    document = _file_fields(file_id, file_unique_id, file_size)
    if isinstance(file_id, StoredFile):
        filename = filename or file_id.filename
        mime = mime or file_id.mime_type
    document["file_name"] = filename or "document.bin"
    document["mime_type"] = mime or mimetypes.guess_type(document["file_name"])[0] or "application/octet-stream"
    update = _media_update(user_id, chat_type, update_id, kwargs)
    update["message"]["document"] = document
    if caption is not None:
        update["message"]["caption"] = caption
    return update


def make_photo_update(
    user_id: int,
    file_id: str | StoredFile,
    *,
    width: int = 1280,
    height: int = 720,
    caption: str | None = None,
    file_unique_id: str | None = None,
    file_size: int | None = None,
    chat_type: str = "private",
    update_id: int | None = None,
    **kwargs: Any,
) -> JSONDict:
    """A message with a ``photo`` (one PhotoSize)."""
    size = _file_fields(file_id, file_unique_id, file_size)
    size.update(width=width, height=height)
    update = _media_update(user_id, chat_type, update_id, kwargs)
    update["message"]["photo"] = [size]
    if caption is not None:
        update["message"]["caption"] = caption
    return update


def make_sticker_update(
    user_id: int,
    file_id: str | StoredFile = "sticker-file-id",
    *,
    emoji: str = "👍",
    set_name: str | None = None,
    file_unique_id: str | None = None,
    chat_type: str = "private",
    update_id: int | None = None,
    **kwargs: Any,
) -> JSONDict:
    """A message with a regular (static) ``sticker``."""
    sticker = _file_fields(file_id, file_unique_id, None)
    sticker.update(type="regular", width=512, height=512, is_animated=False, is_video=False, emoji=emoji)
    if set_name:
        sticker["set_name"] = set_name
    update = _media_update(user_id, chat_type, update_id, kwargs)
    update["message"]["sticker"] = sticker
    return update


def make_voice_update(
    user_id: int,
    file_id: str | StoredFile = "voice-file-id",
    *,
    duration: int = 3,
    mime_type: str = "audio/ogg",
    file_unique_id: str | None = None,
    file_size: int | None = None,
    chat_type: str = "private",
    update_id: int | None = None,
    **kwargs: Any,
) -> JSONDict:
    """A message with a ``voice`` note."""
    voice = _file_fields(file_id, file_unique_id, file_size)
    voice.update(duration=duration, mime_type=mime_type)
    update = _media_update(user_id, chat_type, update_id, kwargs)
    update["message"]["voice"] = voice
    return update


def _media_update(user_id: int, chat_type: str, update_id: int | None, kwargs: dict[str, Any]) -> JSONDict:
    message = _base_message(
        user_id,
        chat_type=chat_type,
        chat_id=kwargs.pop("chat_id", None),
        message_id=kwargs.pop("message_id", None),
        date=kwargs.pop("date", None),
        from_user=kwargs.pop("from_user", None),
    )
    message.update(kwargs)
    return _wrap("message", message, update_id)


def make_edited_message_update(
    user_id: int,
    message_id: int,
    text: str,
    *,
    chat_type: str = "private",
    chat_id: int | None = None,
    update_id: int | None = None,
    date: int | None = None,
    edit_date: int | None = None,
    from_user: Mapping[str, Any] | None = None,
    **extra: Any,
) -> JSONDict:
    """An ``edited_message`` update: the user edited their message ``message_id``."""
    message = _base_message(
        user_id,
        chat_type=chat_type,
        chat_id=chat_id,
        message_id=message_id,
        date=date if date is not None else _now() - 1,
        from_user=from_user,
    )
    message["text"] = text
    message["edit_date"] = edit_date if edit_date is not None else _now()
    message.update(extra)
    return _wrap("edited_message", message, update_id)


# ------------------------------------------------------------------- HTTP plumbing


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], api: FakeBotAPI) -> None:
        self.api = api
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, _RequestHandler)

    def track(self, conn: socket.socket, active: bool) -> None:
        with self._connections_lock:
            if active:
                self._connections.add(conn)
            else:
                self._connections.discard(conn)

    def close_connections(self) -> None:
        with self._connections_lock:
            conns = list(self._connections)
            self._connections.clear()
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], OSError):  # client went away (e.g. kill -9)
            return
        super().handle_error(request, client_address)


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeBotAPI/1.0"
    # Headers and body go out in two writes; with Nagle's algorithm the body then waits for
    # the client's delayed ACK (40 ms on Linux) on every keep-alive response.
    disable_nagle_algorithm = True

    @property
    def _srv(self) -> _Server:
        return cast(_Server, self.server)

    def setup(self) -> None:
        super().setup()
        self._srv.track(self.connection, True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self._srv.track(self.connection, False)

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks: list[bytes] = []
            while True:
                size_line = self.rfile.readline(65537)
                size = int(size_line.split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline(65537)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _handle(self, verb: str) -> None:
        try:
            body = self._read_body()
        except (ValueError, OSError):
            self.close_connection = True
            return
        try:
            response = self._srv.api._handle_http(verb, self.path, self.headers.get("Content-Type", ""), body)
        except Exception as exc:  # never kill the handler thread silently
            response = _json_response(500, {"ok": False, "error_code": 500, "description": f"Internal error: {exc!r}"})
        if response is None:  # injected connection drop
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        status, payload, content_type = response
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            self.wfile.flush()
        except OSError:
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        if self._srv.api.verbose:
            super().log_message(format, *args)


# ----------------------------------------------------------------------- the server


class FakeBotAPI:
    """In-process fake Telegram Bot API server (see module docstring)."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        max_poll_timeout: float = 2.0,
        validate_formatting: bool = True,
        verbose: bool = False,
    ) -> None:
        self.host = host
        self.max_poll_timeout = max_poll_timeout
        self.validate_formatting = validate_formatting
        self.verbose = verbose
        self.bot_user: JSONDict = dict(BOT_USER)
        self._requested_port = port
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.RLock()
        self._cond = threading.Condition(self._lock)
        self._closing = False

        self._calls: list[RecordedCall] = []
        self._pending: list[JSONDict] = []
        self._next_update_id = 1
        self._poll_generation = 0
        self._allowed_updates: list[str] | None = None
        self._webhook: JSONDict | None = None
        self._fail_rules: list[_FailRule] = []
        self._blocked: set[int] = set()
        self._chats: dict[int, JSONDict] = {}
        self._last_message_id: dict[int, int] = {}
        self._messages: dict[tuple[int, int], _StoredMessage] = {}
        self._open_callbacks: set[str] = set()
        self._files: dict[str, StoredFile] = {}
        self._files_by_path: dict[str, StoredFile] = {}
        self._file_counter = itertools.count(1)
        self._downloads: list[str] = []
        self._commands: dict[tuple[str, str], list[JSONDict]] = {}

        self._methods: dict[str, tuple[str, _MethodHandler]] = {}
        for name, handler in {
            "getMe": self._m_get_me,
            "logOut": self._m_true,
            "close": self._m_true,
            "deleteWebhook": self._m_delete_webhook,
            "setWebhook": self._m_set_webhook,
            "getWebhookInfo": self._m_get_webhook_info,
            "setMyCommands": self._m_set_my_commands,
            "getMyCommands": self._m_get_my_commands,
            "deleteMyCommands": self._m_delete_my_commands,
            "setMyDescription": self._m_true,
            "setMyShortDescription": self._m_true,
            "setMyName": self._m_true,
            "setChatMenuButton": self._m_true,
            "getUpdates": self._m_get_updates,
            "sendMessage": self._m_send_message,
            "editMessageText": self._m_edit_message_text,
            "editMessageCaption": self._m_edit_message_caption,
            "editMessageReplyMarkup": self._m_edit_message_reply_markup,
            "deleteMessage": self._m_delete_message,
            "answerCallbackQuery": self._m_answer_callback_query,
            "sendDocument": self._m_send_document,
            "sendPhoto": self._m_send_photo,
            "sendChatAction": self._m_send_chat_action,
            "getFile": self._m_get_file,
        }.items():
            self._methods[name.lower()] = (name, handler)

    # -- lifecycle ---------------------------------------------------------------

    def start(self) -> Self:
        """Bind (port 0 = ephemeral) and serve in a daemon thread."""
        if self._httpd is not None:
            return self
        self._closing = False
        self._httpd = _Server((self.host, self._requested_port), self)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"FakeBotAPI:{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, wake long-polls and close client connections."""
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        with self._lock:
            self._closing = True
            self._cond.notify_all()
        httpd.shutdown()
        httpd.close_connections()
        httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("FakeBotAPI is not running")
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT`` (no trailing slash)."""
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """Value for ``ApplicationBuilder().base_url(...)``."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        """Value for ``ApplicationBuilder().base_file_url(...)``."""
        return f"{self.url}/file/bot"

    # -- driving the bot ------------------------------------------------------------

    def push(self, update: Mapping[str, Any]) -> JSONDict:
        """Queue an update for getUpdates; returns the stored copy.

        Assigns ``update_id`` if missing, registers chats/messages/callback ids, renumbers
        new user messages so message_id keeps increasing per chat, fills file metadata
        of known file ids and replaces callback messages with the stored bot message.
        """
        stored = copy.deepcopy(dict(update))
        with self._lock:
            if stored.get("update_id") is None:
                stored["update_id"] = self._next_update_id
            stored["update_id"] = int(stored["update_id"])
            self._next_update_id = max(self._next_update_id, stored["update_id"] + 1)
            self._ingest(stored)
            self._pending.append(stored)
            self._pending.sort(key=lambda u: int(u["update_id"]))
            self._cond.notify_all()
            return copy.deepcopy(stored)

    def push_many(self, updates: Sequence[Mapping[str, Any]]) -> list[JSONDict]:
        return [self.push(update) for update in updates]

    def click_button(
        self,
        chat_id: int,
        *,
        data: str | None = None,
        text: str | None = None,
        message_id: int | None = None,
        user_id: int | None = None,
    ) -> JSONDict:
        """Press an inline button (by callback_data or label) on a bot message.

        Uses the latest bot message in the chat carrying such a button unless
        ``message_id`` is given; raises ``AssertionError`` if there is no such button.
        """
        with self._lock:
            candidates = sorted(
                (
                    entry
                    for (cid, mid), entry in self._messages.items()
                    if cid == chat_id and entry.from_bot and (message_id in (None, mid))
                ),
                key=lambda entry: int(entry.message["message_id"]),
                reverse=True,
            )
            for entry in candidates:
                keyboard = entry.message.get("reply_markup", {}).get("inline_keyboard", [])
                for row in keyboard:
                    for button in row:
                        if "callback_data" not in button:
                            continue
                        if (data is None or button["callback_data"] == data) and (
                            text is None or button.get("text") == text
                        ):
                            uid = user_id if user_id is not None else chat_id
                            chat = entry.message["chat"]
                            update = make_callback_update(
                                uid,
                                button["callback_data"],
                                int(entry.message["message_id"]),
                                chat_id=chat_id,
                                chat_type=str(chat.get("type", "private")),
                            )
                            return self.push(update)
            raise AssertionError(
                f"no inline button data={data!r} text={text!r} in chat {chat_id} (message_id={message_id})"
            )

    def button_data(self, chat_id: int) -> list[str]:
        """The callback data of every inline button the bot sent in the chat, newest message first."""
        with self._lock:
            entries = sorted((entry for (cid, _), entry in self._messages.items() if cid == chat_id and entry.from_bot),
                             key=lambda entry: int(entry.message["message_id"]), reverse=True)
            return [button["callback_data"] for entry in entries
                    for row in entry.message.get("reply_markup", {}).get("inline_keyboard", [])
                    for button in row if "callback_data" in button]

    def add_file(self, content: bytes, filename: str, mime_type: str | None = None) -> StoredFile:
        """Register a file a user "sent"; use its ``file_id`` in an update."""
        with self._lock:
            return self._store_file(content, filename, mime_type, "documents")

    def file_content(self, file_id: str) -> bytes:
        with self._lock:
            return self._files[file_id].content

    def fail_next(
        self,
        method: str,
        error_code: int = 429,
        retry_after: int | None = 1,
        *,
        times: int = 1,
        description: str | None = None,
        drop_connection: bool = False,
    ) -> None:
        """Make the next ``times`` calls of ``method`` fail like Telegram would.

        ``method`` is case-insensitive; ``"*"`` matches every method except getUpdates.
        429 answers carry ``parameters.retry_after``. ``drop_connection=True`` closes the
        socket without answering (a network error for the client).
        """
        if error_code == 429 and retry_after is None:
            retry_after = 1
        with self._lock:
            self._fail_rules.append(
                _FailRule(
                    method=method.lower(),
                    error_code=error_code,
                    description=description or _default_description(error_code, retry_after),
                    retry_after=retry_after if error_code == 429 else None,
                    remaining=times,
                    drop_connection=drop_connection,
                )
            )

    def block_chat(self, chat_id: int, blocked: bool = True) -> None:
        """Sending to a blocked chat answers 403 "bot was blocked by the user"."""
        with self._lock:
            if blocked:
                self._blocked.add(chat_id)
            else:
                self._blocked.discard(chat_id)

    def reset(self) -> None:
        """Forget recorded calls, pending updates, failure rules and blocks.

        update_id / message_id counters, stored files and message history are kept so a
        running bot is not confused.
        """
        with self._lock:
            self._calls.clear()
            self._pending.clear()
            self._fail_rules.clear()
            self._blocked.clear()
            self._downloads.clear()
            self._cond.notify_all()

    # -- inspection ---------------------------------------------------------------

    def calls(self, method: str | None = None) -> list[RecordedCall]:
        """Recorded calls (all, or of one case-insensitive method), oldest first."""
        with self._lock:
            if method is None:
                return list(self._calls)
            wanted = method.lower()
            return [call for call in self._calls if call.method.lower() == wanted]

    def sent_messages(self, chat_id: int | None = None, *, plain: bool = False) -> list[str]:
        """Texts of successful sendMessage/editMessageText calls, in order.

        Raw ``text`` parameters by default; ``plain=True`` gives the text with HTML /
        MarkdownV2 markup removed (what the user sees).
        """
        texts: list[str] = []
        for call in self.calls():
            if call.method not in ("sendMessage", "editMessageText") or not call.ok:
                continue
            if chat_id is not None and call.params.get("chat_id") != chat_id:
                continue
            if plain and isinstance(call.result, dict):
                texts.append(str(call.result.get("text", "")))
            else:
                texts.append(str(call.params.get("text", "")))
        return texts

    def sent_documents(self, chat_id: int | None = None) -> list[SentDocument]:
        """Documents sent successfully via sendDocument, in order."""
        docs: list[SentDocument] = []
        with self._lock:
            for call in self._calls:
                if call.method != "sendDocument" or not call.ok:
                    continue
                if chat_id is not None and call.params.get("chat_id") != chat_id:
                    continue
                result = cast(JSONDict, call.result)
                doc = result["document"]
                stored = self._files.get(doc["file_id"])
                docs.append(
                    SentDocument(
                        chat_id=int(result["chat"]["id"]),
                        message_id=int(result["message_id"]),
                        file_id=doc["file_id"],
                        filename=doc.get("file_name", ""),
                        mime_type=doc.get("mime_type"),
                        content=stored.content if stored else b"",
                        caption=call.params.get("caption"),
                    )
                )
        return docs

    def chat_history(self, chat_id: int) -> list[JSONDict]:
        """Current state of all known messages in a chat (user and bot), by message_id."""
        with self._lock:
            entries = [entry.message for (cid, _), entry in self._messages.items() if cid == chat_id]
            return copy.deepcopy(sorted(entries, key=lambda m: int(m["message_id"])))

    def pending_updates(self) -> list[JSONDict]:
        """Updates not yet confirmed through getUpdates' offset."""
        with self._lock:
            return copy.deepcopy(self._pending)

    def downloads(self) -> list[str]:
        """file_paths downloaded through /file/bot<token>/..., in order."""
        with self._lock:
            return list(self._downloads)

    def my_commands(self, language_code: str = "", scope: Mapping[str, Any] | None = None) -> list[JSONDict]:
        with self._lock:
            return copy.deepcopy(self._commands.get(self._commands_key(scope, language_code), []))

    @overload
    def wait_for(
        self,
        condition: int,
        timeout: float = 10.0,
        *,
        method: str | None = "sendMessage",
        chat_id: int | None = None,
    ) -> list[RecordedCall]: ...

    @overload
    def wait_for(
        self,
        condition: Callable[[FakeBotAPI], T],
        timeout: float = 10.0,
        *,
        method: str | None = "sendMessage",
        chat_id: int | None = None,
    ) -> T: ...

    def wait_for(
        self,
        condition: int | Callable[[FakeBotAPI], Any],
        timeout: float = 10.0,
        *,
        method: str | None = "sendMessage",
        chat_id: int | None = None,
    ) -> Any:
        """Block until a condition holds; raise ``TimeoutError`` otherwise.

        ``condition`` is either a count - at least N successful calls of ``method``
        (default sendMessage; ``None`` = any method but getUpdates), optionally to
        ``chat_id``; returns those calls - or a predicate ``f(server)`` whose first truthy
        result is returned. Do not call from the event loop running the bot: use
        :meth:`wait_for_async` there.
        """
        if isinstance(condition, int):
            count = condition

            def check(_: FakeBotAPI) -> list[RecordedCall] | None:
                matching = self._matching_calls(method, chat_id)
                return matching if len(matching) >= count else None

            predicate: Callable[[FakeBotAPI], Any] = check
        else:
            predicate = condition
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                value = predicate(self)
                if value:
                    return value
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"condition not met within {timeout}s; recent calls: {self._summary()}")
                self._cond.wait(remaining)

    async def wait_for_async(
        self,
        condition: int | Callable[[FakeBotAPI], Any],
        timeout: float = 10.0,
        *,
        method: str | None = "sendMessage",
        chat_id: int | None = None,
    ) -> Any:
        """:meth:`wait_for` in a worker thread, for use inside asyncio tests."""
        return await asyncio.to_thread(self.wait_for, condition, timeout, method=method, chat_id=chat_id)

    def _matching_calls(self, method: str | None, chat_id: int | None) -> list[RecordedCall]:
        wanted = method.lower() if method else None
        return [
            call
            for call in self._calls
            if call.ok
            and (call.method.lower() == wanted if wanted else call.method != "getUpdates")
            and (chat_id is None or call.params.get("chat_id") == chat_id)
        ]

    def _summary(self, limit: int = 10) -> str:
        interesting = [c for c in self._calls if c.method != "getUpdates"][-limit:]
        parts = [
            f"{c.method}({', '.join(f'{k}={v!r}' for k, v in c.params.items())})"
            + ("" if c.ok else f" -> {c.error_code}")
            for c in interesting
        ]
        return "; ".join(parts) or "(none)"

    # -- internal state helpers (lock held) -------------------------------------------

    def _store_file(self, content: bytes, filename: str, mime_type: str | None, kind: str) -> StoredFile:
        number = next(self._file_counter)
        suffix = Path(filename).suffix
        stored = StoredFile(
            file_id=f"FAKE{number:06d}{secrets.token_hex(8)}",
            file_unique_id=f"U{number:06d}",
            file_path=f"{kind}/file_{number}{suffix}",
            filename=filename,
            mime_type=mime_type or mimetypes.guess_type(filename)[0],
            content=bytes(content),
        )
        self._files[stored.file_id] = stored
        self._files_by_path[stored.file_path] = stored
        return stored

    def _chat_obj(self, chat_id: int) -> JSONDict:
        known = self._chats.get(chat_id)
        if known is not None:
            return dict(known)
        if chat_id > 0:
            return make_chat(chat_id)
        return make_chat(chat_id, "supergroup" if str(chat_id).startswith("-100") else "group")

    def _next_message_id(self, chat_id: int) -> int:
        message_id = self._last_message_id.get(chat_id, 0) + 1
        self._last_message_id[chat_id] = message_id
        return message_id

    def _enrich_file(self, obj: Any) -> None:
        if not isinstance(obj, dict) or "file_id" not in obj:
            return
        stored = self._files.get(str(obj["file_id"]))
        if stored is not None:
            obj["file_unique_id"] = stored.file_unique_id
            obj.setdefault("file_size", stored.size)

    def _ingest(self, update: JSONDict) -> None:
        for key in _NEW_MESSAGE_KEYS + _EDITED_MESSAGE_KEYS:
            message = update.get(key)
            if not isinstance(message, dict) or "chat" not in message:
                continue
            chat_id = int(message["chat"]["id"])
            self._chats[chat_id] = dict(message["chat"])
            for name in _FILE_FIELDS:
                self._enrich_file(message.get(name))
            for size in message.get("photo") or []:
                self._enrich_file(size)
            if key in _NEW_MESSAGE_KEYS:
                last = self._last_message_id.get(chat_id, 0)
                if int(message.get("message_id") or 0) <= last:
                    message["message_id"] = last + 1
                self._last_message_id[chat_id] = int(message["message_id"])
                self._messages[(chat_id, int(message["message_id"]))] = _StoredMessage(
                    copy.deepcopy(message), from_bot=False
                )
            else:
                existing = self._messages.get((chat_id, int(message["message_id"])))
                if existing is not None and not existing.from_bot:
                    existing.message = copy.deepcopy(message)
        query = update.get("callback_query")
        if isinstance(query, dict):
            self._open_callbacks.add(str(query.get("id")))
            message = query.get("message")
            if isinstance(message, dict) and "chat" in message:
                key2 = (int(message["chat"]["id"]), int(message["message_id"]))
                if key2 in self._messages:
                    query["message"] = copy.deepcopy(self._messages[key2].message)

    def _take_failure(self, method: str) -> _FailRule | None:
        lowered = method.lower()
        for rule in self._fail_rules:
            if rule.method == lowered or (rule.method == "*" and lowered != "getupdates"):
                rule.remaining -= 1
                if rule.remaining <= 0:
                    self._fail_rules.remove(rule)
                return rule
        return None

    # -- HTTP entry point ------------------------------------------------------------

    def _handle_http(self, verb: str, raw_path: str, content_type: str, body: bytes) -> _Response | None:
        parts = urllib.parse.urlsplit(raw_path)
        path = urllib.parse.unquote(parts.path)
        if path.startswith("/_control/"):
            return self._handle_control(verb, path[len("/_control/") :], parts.query, body)
        match = _FILE_PATH_RE.match(path)
        if match:
            return self._serve_file(match.group(2))
        match = _METHOD_PATH_RE.match(path)
        if match:
            return self._handle_method(verb, match.group(1), match.group(2), parts.query, content_type, body)
        return _json_response(404, {"ok": False, "error_code": 404, "description": "Not Found"})

    def _serve_file(self, file_path: str) -> _Response:
        with self._lock:
            stored = self._files_by_path.get(file_path)
            if stored is None:
                return _json_response(404, {"ok": False, "error_code": 404, "description": "Not Found"})
            self._downloads.append(file_path)
            self._cond.notify_all()
            return 200, stored.content, stored.mime_type or "application/octet-stream"

    def _handle_method(
        self,
        verb: str,
        token: str,
        method_name: str,
        query: str,
        content_type: str,
        body: bytes,
    ) -> _Response | None:
        started = time.time()
        entry = self._methods.get(method_name.lower())
        canonical = entry[0] if entry else method_name
        parse_error: _ApiError | None = None
        params: JSONDict = {}
        files: dict[str, UploadedFile] = {}
        try:
            params, files = _parse_params(query, content_type, body)
        except _ApiError as exc:
            parse_error = exc
        call = RecordedCall(
            method=canonical,
            params=params,
            files=files,
            token=token,
            time=started,
            http_method=verb,
        )
        with self._lock:
            response: _Response | None
            try:
                if parse_error is not None:
                    raise parse_error
                rule = self._take_failure(canonical)
                if rule is not None and rule.drop_connection:
                    call.ok, call.error_code, call.description = False, 0, "connection dropped"
                    response = None
                elif rule is not None:
                    params_out = {"retry_after": rule.retry_after} if rule.retry_after is not None else None
                    raise _ApiError(rule.error_code, rule.description, params_out)
                elif entry is None:
                    raise _ApiError(404, "Not Found: method not found")
                else:
                    result = entry[1](params, files)
                    call.result = copy.deepcopy(result)
                    response = _ok(result)
            except _ApiError as exc:
                call.ok, call.error_code, call.description = False, exc.error_code, exc.description
                response = _json_response(_http_status(exc.error_code), exc.payload())
            self._calls.append(call)
            self._cond.notify_all()
            return response

    # -- control API -----------------------------------------------------------------

    def _handle_control(self, verb: str, action: str, query: str, body: bytes) -> _Response:
        args = dict(urllib.parse.parse_qsl(query, keep_blank_values=True))
        chat_id = int(args["chat_id"]) if args.get("chat_id") else None
        try:
            if action == "health":
                return _ok(True)
            if action == "updates" and verb == "POST":
                data = json.loads(body or b"{}")
                if isinstance(data, list):
                    return _ok(self.push_many(data))
                return _ok(self.push(data))
            if action == "sent":
                method = args.get("method") or None
                exclude = {m.lower() for m in args.get("exclude", "").split(",") if m}
                return _ok([call.to_json() for call in self.calls(method) if call.method.lower() not in exclude])
            if action == "messages":
                plain = args.get("plain", "") in ("1", "true")
                return _ok(self.sent_messages(chat_id, plain=plain))
            if action == "documents":
                return _ok([doc.to_json() for doc in self.sent_documents(chat_id)])
            if action == "pending":
                return _ok(self.pending_updates())
            if action == "wait":
                timeout = min(float(args.get("timeout") or 10), 60.0)
                method_arg = args.get("method", "sendMessage") or None
                try:
                    calls = self.wait_for(int(args.get("count") or 1), timeout, method=method_arg, chat_id=chat_id)
                except TimeoutError as exc:
                    return _json_response(408, {"ok": False, "error_code": 408, "description": str(exc)})
                return _ok([call.to_json() for call in calls])
            if action == "reset" and verb == "POST":
                self.reset()
                return _ok(True)
            if action == "files" and verb == "POST":
                stored = self.add_file(body, args.get("filename") or "file.bin", args.get("mime_type") or None)
                return _ok({**stored.as_document(), "file_path": stored.file_path})
            if action == "fail_next" and verb == "POST":
                spec = json.loads(body or b"{}")
                self.fail_next(
                    str(spec["method"]),
                    int(spec.get("error_code", 429)),
                    spec.get("retry_after", 1),
                    times=int(spec.get("times", 1)),
                    description=spec.get("description"),
                    drop_connection=bool(spec.get("drop_connection", False)),
                )
                return _ok(True)
            if action == "block" and verb == "POST":
                spec = json.loads(body or b"{}")
                self.block_chat(int(spec["chat_id"]), bool(spec.get("blocked", True)))
                return _ok(True)
        except (ValueError, KeyError, TypeError) as exc:
            return _json_response(400, {"ok": False, "error_code": 400, "description": f"Bad Request: {exc!r}"})
        return _json_response(404, {"ok": False, "error_code": 404, "description": "Not Found: unknown control action"})

    # -- parameter helpers ----------------------------------------------------------

    def _chat_id(self, params: JSONDict, *, sending: bool = True) -> int:
        value = params.get("chat_id")
        if value is None or value == "":
            raise _ApiError(400, "Bad Request: chat_id is empty")
        if not isinstance(value, int) or isinstance(value, bool):
            raise _ApiError(400, "Bad Request: chat not found")
        if sending and value in self._blocked:
            raise _ApiError(403, "Forbidden: bot was blocked by the user")
        return value

    @staticmethod
    def _message_id(params: JSONDict) -> int:
        value = params.get("message_id")
        if not isinstance(value, int) or isinstance(value, bool):
            raise _ApiError(400, "Bad Request: message identifier is not specified")
        return value

    def _rendered(self, text: str, parse_mode: Any) -> str:
        if not self.validate_formatting:
            return text
        try:
            return _render(text, str(parse_mode) if parse_mode else None)
        except _EntityParseError as exc:
            raise _ApiError(400, f"Bad Request: can't parse entities: {exc}") from exc

    @staticmethod
    def _inline_markup(params: JSONDict) -> JSONDict | None:
        markup = params.get("reply_markup")
        if isinstance(markup, str):
            raise _ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
        if not isinstance(markup, dict) or "inline_keyboard" not in markup:
            return None  # reply keyboards / remove / force_reply are not echoed
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise _ApiError(400, 'Bad Request: field "inline_keyboard" must be an Array')
        for row in rows:
            for button in row:
                if not isinstance(button, dict) or not button.get("text"):
                    raise _ApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard")
                data = button.get("callback_data")
                if data is not None and not (1 <= len(str(data).encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES):
                    raise _ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
        return copy.deepcopy(markup)

    def _reply_to(self, chat_id: int, params: JSONDict) -> JSONDict | None:
        reply_parameters = params.get("reply_parameters")
        allow = bool(params.get("allow_sending_without_reply"))
        message_id: Any = params.get("reply_to_message_id")
        if isinstance(reply_parameters, dict):
            message_id = reply_parameters.get("message_id")
            allow = allow or bool(reply_parameters.get("allow_sending_without_reply"))
        if message_id is None:
            return None
        entry = self._messages.get((chat_id, int(message_id)))
        if entry is None:
            if allow:
                return None
            raise _ApiError(400, "Bad Request: message to be replied not found")
        replied = copy.deepcopy(entry.message)
        replied.pop("reply_to_message", None)
        return replied

    def _new_bot_message(
        self,
        chat_id: int,
        params: JSONDict,
        fields: JSONDict,
        raw: tuple[str | None, str | None] | None,
    ) -> JSONDict:
        markup = self._inline_markup(params)
        reply = self._reply_to(chat_id, params)
        message: JSONDict = {
            "message_id": self._next_message_id(chat_id),
            "from": dict(self.bot_user),
            "chat": self._chat_obj(chat_id),
            "date": _now(),
            **fields,
        }
        if reply is not None:
            message["reply_to_message"] = reply
        if markup is not None:
            message["reply_markup"] = markup
        self._messages[(chat_id, int(message["message_id"]))] = _StoredMessage(
            copy.deepcopy(message), from_bot=True, raw=raw
        )
        return message

    def _caption_fields(self, params: JSONDict) -> tuple[JSONDict, tuple[str | None, str | None]]:
        caption = params.get("caption")
        parse_mode = params.get("parse_mode")
        fields: JSONDict = {}
        if caption:
            plain = self._rendered(str(caption), parse_mode)
            if len(plain) > MAX_CAPTION_LENGTH:
                raise _ApiError(400, "Bad Request: message caption is too long")
            fields["caption"] = plain
            if params.get("caption_entities"):
                fields["caption_entities"] = params["caption_entities"]
        return fields, (str(caption) if caption else None, parse_mode)

    def _resolve_input_file(self, params: JSONDict, files: dict[str, UploadedFile], name: str, kind: str) -> StoredFile:
        value = params.get(name)
        upload = files.get(name)
        if isinstance(value, str) and value.startswith("attach://"):
            upload = files.get(value[len("attach://") :])
        if upload is not None:
            if not upload.content:
                raise _ApiError(400, "Bad Request: file must be non-empty")
            return self._store_file(upload.content, upload.filename or name, upload.content_type, kind)
        if isinstance(value, str) and value:
            known = self._files.get(value)
            if known is not None:
                return known
            if value.startswith(("http://", "https://")):
                filename = Path(urllib.parse.urlsplit(value).path).name or name
                return self._store_file(b"", filename, None, kind)
            raise _ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        raise _ApiError(400, f"Bad Request: there is no {name} in the request")

    # -- Bot API methods (lock held) ------------------------------------------------

    def _m_true(self, params: JSONDict, files: dict[str, UploadedFile]) -> bool:
        return True

    def _m_get_me(self, params: JSONDict, files: dict[str, UploadedFile]) -> JSONDict:
        return {**self.bot_user, **_GET_ME_EXTRA}

    def _m_delete_webhook(self, params: JSONDict, files: dict[str, UploadedFile]) -> bool:
        self._webhook = None
        if params.get("drop_pending_updates"):
            self._pending.clear()
        return True

    def _m_set_webhook(self, params: JSONDict, files: dict[str, UploadedFile]) -> bool:
        url = str(params.get("url") or "")
        if params.get("drop_pending_updates"):
            self._pending.clear()
        if not url:
            self._webhook = None
            return True
        if not url.startswith("https://"):
            raise _ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        self._webhook = {"url": url, "max_connections": params.get("max_connections", 40)}
        if params.get("allowed_updates") is not None:
            self._webhook["allowed_updates"] = params["allowed_updates"]
        self._cond.notify_all()
        return True

    def _m_get_webhook_info(self, params: JSONDict, files: dict[str, UploadedFile]) -> JSONDict:
        info: JSONDict = {
            "url": "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }
        if self._webhook:
            info.update(self._webhook)
        return info

    @staticmethod
    def _commands_key(scope: Any, language_code: Any) -> tuple[str, str]:
        scope_dict = scope if isinstance(scope, dict) else {"type": "default"}
        return json.dumps(scope_dict, sort_keys=True), str(language_code or "")

    def _m_set_my_commands(self, params: JSONDict, files: dict[str, UploadedFile]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise _ApiError(400, "Bad Request: can't parse commands JSON object")
        for command in commands:
            if not isinstance(command, dict) or not _BOT_COMMAND_RE.fullmatch(str(command.get("command", ""))):
                raise _ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise _ApiError(400, "Bad Request: command description must be non-empty")
        key = self._commands_key(params.get("scope"), params.get("language_code"))
        self._commands[key] = copy.deepcopy(commands)
        return True

    def _m_get_my_commands(self, params: JSONDict, files: dict[str, UploadedFile]) -> list[JSONDict]:
        key = self._commands_key(params.get("scope"), params.get("language_code"))
        return copy.deepcopy(self._commands.get(key, []))

    def _m_delete_my_commands(self, params: JSONDict, files: dict[str, UploadedFile]) -> bool:
        key = self._commands_key(params.get("scope"), params.get("language_code"))
        self._commands.pop(key, None)
        return True

    def _deliverable(self, limit: int) -> list[JSONDict]:
        allowed = set(self._allowed_updates or [])
        batch = [
            update
            for update in self._pending
            if (_update_type(update) in allowed if allowed else _update_type(update) not in _OPT_IN_UPDATE_TYPES)
        ]
        return copy.deepcopy(batch[:limit])

    def _m_get_updates(self, params: JSONDict, files: dict[str, UploadedFile]) -> list[JSONDict]:
        if self._webhook:
            raise _ApiError(409, _CONFLICT_WEBHOOK)
        offset = params.get("offset")
        if isinstance(offset, int) and offset > 0:
            self._pending = [u for u in self._pending if int(u["update_id"]) >= offset]
        elif isinstance(offset, int) and offset < 0:
            self._pending = self._pending[offset:]
        limit_value = params.get("limit")
        limit = max(1, min(100, limit_value)) if isinstance(limit_value, int) else 100
        timeout_value = params.get("timeout")
        timeout = (
            max(0.0, min(float(timeout_value), self.max_poll_timeout))
            if isinstance(timeout_value, (int, float)) and not isinstance(timeout_value, bool)
            else 0.0
        )
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = [str(kind) for kind in allowed]
        self._poll_generation += 1
        generation = self._poll_generation
        self._cond.notify_all()  # a waiting older getUpdates gets terminated (409)
        deadline = time.monotonic() + timeout
        while True:
            if self._poll_generation != generation:
                raise _ApiError(409, _CONFLICT_OTHER_POLL)
            if self._webhook:
                raise _ApiError(409, _CONFLICT_WEBHOOK)
            batch = self._deliverable(limit)
            if batch:
                return batch
            remaining = deadline - time.monotonic()
            if self._closing or remaining <= 0:
                return []
            self._cond.wait(remaining)

    def _m_send_message(self, params: JSONDict, files: dict[str, UploadedFile]) -> JSONDict:
        chat_id = self._chat_id(params)
        text = params.get("text")
        if text is None or str(text) == "":
            raise _ApiError(400, "Bad Request: message text is empty")
        parse_mode = params.get("parse_mode")
        plain = self._rendered(str(text), parse_mode)
        if not plain.strip():
            raise _ApiError(400, "Bad Request: message text is empty")
        if len(plain) > MAX_MESSAGE_LENGTH:
            raise _ApiError(400, "Bad Request: message is too long")
        fields: JSONDict = {"text": plain}
        if params.get("entities"):
            fields["entities"] = params["entities"]
        return self._new_bot_message(chat_id, params, fields, (str(text), parse_mode))

    def _editable(self, params: JSONDict) -> tuple[int, _StoredMessage]:
        chat_id = self._chat_id(params)
        message_id = self._message_id(params)
        entry = self._messages.get((chat_id, message_id))
        if entry is None:
            raise _ApiError(400, "Bad Request: message to edit not found")
        if not entry.from_bot:
            raise _ApiError(400, "Bad Request: message can't be edited")
        return chat_id, entry

    def _finish_edit(
        self,
        entry: _StoredMessage,
        markup: JSONDict | None,
        new_raw: tuple[str | None, str | None] | None,
        fields: JSONDict,
        drop: Sequence[str],
    ) -> JSONDict:
        if new_raw == entry.raw and markup == entry.message.get("reply_markup"):
            raise _ApiError(400, _NOT_MODIFIED)
        message = entry.message
        for name in drop:
            message.pop(name, None)
        message.update(fields)
        if markup is None:
            message.pop("reply_markup", None)
        else:
            message["reply_markup"] = markup
        message["edit_date"] = _now()
        entry.raw = new_raw
        return copy.deepcopy(message)

    def _m_edit_message_text(self, params: JSONDict, files: dict[str, UploadedFile]) -> Any:
        if params.get("inline_message_id"):
            return True
        _, entry = self._editable(params)
        if "text" not in entry.message:
            raise _ApiError(400, "Bad Request: there is no text in the message to edit")
        text = params.get("text")
        if text is None or str(text) == "":
            raise _ApiError(400, "Bad Request: message text is empty")
        parse_mode = params.get("parse_mode")
        plain = self._rendered(str(text), parse_mode)
        if not plain.strip():
            raise _ApiError(400, "Bad Request: message text is empty")
        if len(plain) > MAX_MESSAGE_LENGTH:
            raise _ApiError(400, "Bad Request: message is too long")
        fields: JSONDict = {"text": plain}
        if params.get("entities"):
            fields["entities"] = params["entities"]
        return self._finish_edit(entry, self._inline_markup(params), (str(text), parse_mode), fields, ["entities"])

    def _m_edit_message_caption(self, params: JSONDict, files: dict[str, UploadedFile]) -> Any:
        if params.get("inline_message_id"):
            return True
        _, entry = self._editable(params)
        if "text" in entry.message:
            raise _ApiError(400, "Bad Request: there is no caption in the message to edit")
        fields, raw = self._caption_fields(params)
        return self._finish_edit(entry, self._inline_markup(params), raw, fields, ["caption", "caption_entities"])

    def _m_edit_message_reply_markup(self, params: JSONDict, files: dict[str, UploadedFile]) -> Any:
        if params.get("inline_message_id"):
            return True
        _, entry = self._editable(params)
        return self._finish_edit(entry, self._inline_markup(params), entry.raw, {}, [])

    def _m_delete_message(self, params: JSONDict, files: dict[str, UploadedFile]) -> bool:
        chat_id = self._chat_id(params, sending=False)
        message_id = self._message_id(params)
        if self._messages.pop((chat_id, message_id), None) is None:
            raise _ApiError(400, "Bad Request: message to delete not found")
        return True

    def _m_answer_callback_query(self, params: JSONDict, files: dict[str, UploadedFile]) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        if query_id not in self._open_callbacks:
            raise _ApiError(400, _QUERY_TOO_OLD)
        self._open_callbacks.discard(query_id)
        return True

    def _m_send_document(self, params: JSONDict, files: dict[str, UploadedFile]) -> JSONDict:
        chat_id = self._chat_id(params)
        stored = self._resolve_input_file(params, files, "document", "documents")
        fields, raw = self._caption_fields(params)
        fields["document"] = stored.as_document()
        return self._new_bot_message(chat_id, params, fields, raw)

    def _m_send_photo(self, params: JSONDict, files: dict[str, UploadedFile]) -> JSONDict:
        chat_id = self._chat_id(params)
        stored = self._resolve_input_file(params, files, "photo", "photos")
        fields, raw = self._caption_fields(params)
        fields["photo"] = [stored.as_photo_size()]
        return self._new_bot_message(chat_id, params, fields, raw)

    def _m_send_chat_action(self, params: JSONDict, files: dict[str, UploadedFile]) -> bool:
        self._chat_id(params)
        if params.get("action") not in _CHAT_ACTIONS:
            raise _ApiError(400, "Bad Request: wrong parameter action in request")
        return True

    def _m_get_file(self, params: JSONDict, files: dict[str, UploadedFile]) -> JSONDict:
        stored = self._files.get(str(params.get("file_id") or ""))
        if stored is None:
            raise _ApiError(400, "Bad Request: invalid file_id")
        if stored.size > MAX_DOWNLOAD_SIZE:
            raise _ApiError(400, "Bad Request: file is too big")
        return stored.as_file()


# ------------------------------------------------------- out-of-process control


class ControlClient:
    """Talks to a (possibly out-of-process) FakeBotAPI through ``/_control``."""

    def __init__(self, url: str, process: subprocess.Popen[str] | None = None) -> None:
        self.url = url.rstrip("/")
        self.process = process
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    @property
    def base_url(self) -> str:
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.url}/file/bot"

    def _request(
        self,
        action: str,
        *,
        query: Mapping[str, Any] | None = None,
        data: bytes | None = None,
        json_body: Any = None,
        timeout: float = 30.0,
    ) -> Any:
        url = f"{self.url}/_control/{action}"
        clean = {k: v for k, v in (query or {}).items() if v is not None}
        if clean:
            url += "?" + urllib.parse.urlencode(clean)
        headers: dict[str, str] = {}
        if json_body is not None:
            data = json.dumps(json_body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=data, headers=headers, method="POST" if data is not None else "GET")
        try:
            with self._opener.open(request, timeout=timeout) as response:
                payload = json.loads(response.read())
        except urllib.error.HTTPError as exc:
            payload = json.loads(exc.read() or b"{}")
            if exc.code == 408:
                raise TimeoutError(payload.get("description", "timeout")) from exc
            raise RuntimeError(f"control {action} failed: {payload}") from exc
        return payload["result"]

    def health(self) -> bool:
        try:
            return bool(self._request("health", timeout=2))
        except (OSError, RuntimeError):
            return False

    def push(self, update: Mapping[str, Any]) -> JSONDict:
        return cast(JSONDict, self._request("updates", json_body=dict(update)))

    def sent(self, method: str | None = None, *, include_get_updates: bool = False) -> list[JSONDict]:
        query = {"method": method, "exclude": None if include_get_updates else "getUpdates"}
        return cast(list[JSONDict], self._request("sent", query=query))

    def sent_messages(self, chat_id: int | None = None, *, plain: bool = False) -> list[str]:
        query = {"chat_id": chat_id, "plain": "1" if plain else None}
        return cast(list[str], self._request("messages", query=query))

    def sent_documents(self, chat_id: int | None = None) -> list[JSONDict]:
        return cast(list[JSONDict], self._request("documents", query={"chat_id": chat_id}))

    def pending_updates(self) -> list[JSONDict]:
        return cast(list[JSONDict], self._request("pending"))

    def wait_for(
        self,
        count: int,
        timeout: float = 10.0,
        *,
        method: str | None = "sendMessage",
        chat_id: int | None = None,
    ) -> list[JSONDict]:
        query = {"count": count, "timeout": timeout, "method": method or "", "chat_id": chat_id}
        return cast(list[JSONDict], self._request("wait", query=query, timeout=timeout + 5))

    def reset(self) -> None:
        self._request("reset", data=b"")

    def add_file(self, content: bytes, filename: str, mime_type: str | None = None) -> JSONDict:
        query = {"filename": filename, "mime_type": mime_type}
        return cast(JSONDict, self._request("files", query=query, data=content))

    def fail_next(
        self,
        method: str,
        error_code: int = 429,
        retry_after: int | None = 1,
        *,
        times: int = 1,
        description: str | None = None,
        drop_connection: bool = False,
    ) -> None:
        self._request(
            "fail_next",
            json_body={
                "method": method,
                "error_code": error_code,
                "retry_after": retry_after,
                "times": times,
                "description": description,
                "drop_connection": drop_connection,
            },
        )

    def block_chat(self, chat_id: int, blocked: bool = True) -> None:
        self._request("block", json_body={"chat_id": chat_id, "blocked": blocked})


@contextlib.contextmanager
def spawn_server(
    port: int = 0,
    *,
    max_poll_timeout: float = 2.0,
    python: str = sys.executable,
    startup_timeout: float = 15.0,
) -> Iterator[ControlClient]:
    """Run ``python tests/fakebotapi.py`` in a subprocess; yield a :class:`ControlClient`.

    The client's ``process`` attribute is the ``Popen``; it is terminated on exit.
    """
    command = [
        python,
        str(Path(__file__).resolve()),
        "--port",
        str(port),
        "--max-poll-timeout",
        str(max_poll_timeout),
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        deadline = time.monotonic() + startup_timeout
        line = ""
        while not line.startswith("READY "):
            remaining = deadline - time.monotonic()
            ready, _, _ = select.select([process.stdout], [], [], max(remaining, 0))
            if not ready:
                raise TimeoutError("fake Bot API subprocess did not start in time")
            line = process.stdout.readline()
            if not line:
                raise RuntimeError(f"fake Bot API subprocess exited ({process.wait()})")
        yield ControlClient(line.split(None, 1)[1].strip(), process)
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process.stdout is not None:
            process.stdout.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fake Telegram Bot API server for tests")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 = pick a free port")
    parser.add_argument("--max-poll-timeout", type=float, default=2.0)
    parser.add_argument("--no-validate-formatting", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="log requests to stderr")
    args = parser.parse_args(argv)

    stop_event = threading.Event()

    def _on_signal(signum: int, frame: Any) -> None:
        stop_event.set()

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    server = FakeBotAPI(
        args.host,
        args.port,
        max_poll_timeout=args.max_poll_timeout,
        validate_formatting=not args.no_validate_formatting,
        verbose=args.verbose,
    )
    with server:
        print(f"READY {server.url}", flush=True)
        while not stop_event.wait(0.5):
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
