"""Callback data bound to the user it was sent to.

Telegram lets a modified client press a button with any data it likes. Every button
the bot sends carries a short HMAC of (recipient, data); a press is acted on only if
the tag matches the person pressing. Forged data, or data copied from someone else's
chat, is refused before the service sees it. (The service also only ever acts on the
presser's own draft; this is the second lock.)

The key is derived from the bot token: every worker process has it, buttons survive
restarts, and a new token simply retires old buttons ("此按钮已过期").
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

CALLBACK_DATA_LIMIT = 64  # bytes, Telegram's limit
_SEPARATOR = "~"
_TAG_BYTES = 6  # 48 bits: a forger gets one guess per button press


class CallbackSigner:
    def __init__(self, key: bytes) -> None:
        self._key = key

    @classmethod
    def for_token(cls, token: str) -> CallbackSigner:
        return _signer_for_token(token)

    def _tag(self, user_id: int, data: str) -> str:
        # hmac.digest: OpenSSL's one-shot HMAC (every question's buttons are signed on every reply).
        digest = hmac.digest(self._key, f"{user_id}\n{data}".encode(), "sha256")
        return base64.urlsafe_b64encode(digest[:_TAG_BYTES]).decode("ascii")

    def sign(self, user_id: int, data: str) -> str:
        """data as put on a button sent to user_id."""
        signed = f"{data}{_SEPARATOR}{self._tag(user_id, data)}"
        if len(signed.encode("utf-8")) > CALLBACK_DATA_LIMIT:
            raise ValueError(f"callback data too long once signed: {data!r}")
        return signed

    def verify(self, user_id: int, signed: str) -> str | None:
        """The data if this user was sent this button, else None."""
        data, separator, tag = signed.rpartition(_SEPARATOR)
        if not separator or not hmac.compare_digest(tag.encode("ascii", "replace"),
                                                    self._tag(user_id, data).encode("ascii")):
            return None
        return data


@lru_cache(maxsize=4)
def _signer_for_token(token: str) -> CallbackSigner:
    return CallbackSigner(hmac.new(token.encode("utf-8"), b"selfreview callback data", hashlib.sha256).digest())
