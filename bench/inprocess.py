"""A Bot API that lives inside the process: python-telegram-bot's transport without sockets.

`InProcessBotAPI` is a `telegram.request.BaseRequest`: PTB builds every request exactly as
it would for api.telegram.org (parameters, input files, reply markup) and parses the JSON
answer into `Message` objects as usual; only the HTTP round trip is gone. What remains is
the cost of PTB plus the bot, which is what the floor comparison is about.
"""

from __future__ import annotations

import itertools
import json
import time
from collections import Counter
from typing import Any

from telegram.request import BaseRequest, RequestData

from tests.fakebotapi import BOT_USER

WARNING_MARK = "⚠️"


class InProcessBotAPI(BaseRequest):
    """Answers getMe, sendMessage, sendDocument, answerCallbackQuery … from memory.

    Keeps only counters (no per-chat state), so memory measurements see the bot, not the fake.
    """

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.warnings = 0  # replies starting with ⚠️: the bot refused an answer (must stay 0)
        self.document_bytes = 0
        self._message_ids = itertools.count(1)

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        self.calls[name] += 1
        params = request_data.parameters if request_data is not None else {}
        handler = getattr(self, f"_m_{name}", None)
        if handler is None:
            body = {"ok": False, "error_code": 404, "description": f"Not Found: method {name} not found"}
            return 404, json.dumps(body).encode()
        return 200, json.dumps({"ok": True, "result": handler(params, request_data)}).encode()

    # ---- methods ------------------------------------------------------------------------

    def _m_getMe(self, params: dict[str, Any], data: RequestData | None) -> Any:
        return {**BOT_USER, "can_join_groups": True, "can_read_all_group_messages": False,
                "supports_inline_queries": False}

    def _m_true(self, params: dict[str, Any], data: RequestData | None) -> Any:
        return True

    _m_setMyCommands = _m_deleteWebhook = _m_answerCallbackQuery = _m_sendChatAction = _m_true

    def _message(self, params: dict[str, Any], **fields: Any) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
            "from": BOT_USER,
            **fields,
        }
        if "reply_markup" in params:
            message["reply_markup"] = params["reply_markup"]
        return message

    def _m_sendMessage(self, params: dict[str, Any], data: RequestData | None) -> Any:
        text = str(params["text"])
        if text.startswith(WARNING_MARK):
            self.warnings += 1
        return self._message(params, text=text)

    def _m_sendDocument(self, params: dict[str, Any], data: RequestData | None) -> Any:
        size = 0
        filename = "document"
        if data is not None:
            for part in data.multipart_data.values():
                filename = part[0] or filename
                content = part[1]
                size += len(content) if isinstance(content, bytes) else 0
        self.document_bytes += size
        number = next(self._message_ids)
        document = {"file_id": f"doc{number}", "file_unique_id": f"u{number}", "file_name": filename,
                    "mime_type": "text/plain", "file_size": size}
        fields: dict[str, Any] = {"document": document}
        if params.get("caption"):
            fields["caption"] = params["caption"]
        return self._message(params, **fields)

    def _m_getUpdates(self, params: dict[str, Any], data: RequestData | None) -> Any:
        return []  # updates are handed to the Application directly
