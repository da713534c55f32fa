"""Encryption at rest of what officials type: a Fernet cipher and the column type that uses it.

Fernet (from ``cryptography``) is authenticated encryption: AES-128-CBC with an
HMAC-SHA256 over the whole token, so a wrong key or an altered value is detected
and reported, never decrypted into garbage.

The key is per database engine, not global: ``EncryptedText`` finds the cipher on
the engine's dialect (``install_cipher``), so the service and the engine only ever
see plaintext, and two engines in one process (tests, the command line) can use
different keys. Without a cipher the column is plain text (the default).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import Text
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.types import TypeDecorator

from bot.config import ConfigError

KEY_ENV = "SELFREVIEW_ENCRYPTION_KEY"
_DIALECT_ATTR = "selfreview_cipher"


class EncryptionKeyError(ConfigError):
    """The key is missing, malformed or not the one the database was encrypted with."""


class StoredDataError(RuntimeError):
    """A stored value that cannot be decrypted with the configured key (altered or foreign)."""


def generate_key() -> str:
    """A new random key, as SELFREVIEW_ENCRYPTION_KEY expects it."""
    return Fernet.generate_key().decode("ascii")


class Cipher:
    """Encrypt with the first key; decrypt with any, so keys can be rotated ("new,old")."""

    def __init__(self, keys: Sequence[str]) -> None:
        if not keys:
            raise EncryptionKeyError(f"{KEY_ENV} 为空。")
        self._fernets: list[Fernet] = []
        for number, key in enumerate(keys, start=1):
            try:
                raw = base64.urlsafe_b64decode(key.encode("ascii"))
                if len(raw) != 32:
                    raise ValueError("not 32 bytes")
                self._fernets.append(Fernet(key.encode("ascii")))
            except (ValueError, binascii.Error, UnicodeEncodeError) as exc:
                where = f"第{number}个密钥" if len(keys) > 1 else "密钥"
                raise EncryptionKeyError(
                    f"{KEY_ENV} 中的{where}格式不正确（应为 44 个字符的 URL 安全 Base64 文本）。"
                    "请用 selfreview keygen 生成密钥。") from exc

    @classmethod
    def from_setting(cls, value: str) -> Cipher:
        """Parse SELFREVIEW_ENCRYPTION_KEY: one key, or "new,old,..." while rotating."""
        return cls([part.strip() for part in value.split(",") if part.strip()])

    def encrypt(self, text: str) -> str:
        return self._fernets[0].encrypt(text.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        found = self._decrypt(token)
        if found is None:
            raise StoredDataError("已保存的内容无法解密：密钥不正确，或数据库中的内容被改动过。")
        return found[1].decode("utf-8")

    def key_index(self, token: str) -> int | None:
        """Which of the keys decrypts token (0 = the current key), or None."""
        found = self._decrypt(token)
        return None if found is None else found[0]

    def _decrypt(self, token: str) -> tuple[int, bytes] | None:
        """The index of the key that opens token and what it holds; each key is tried once."""
        try:
            data = token.encode("ascii")
        except UnicodeEncodeError:
            return None
        for index, fernet in enumerate(self._fernets):
            try:
                return index, fernet.decrypt(data)
            except InvalidToken:
                continue
        return None


def install_cipher(engine: Engine, cipher: Cipher | None) -> None:
    """Make every EncryptedText column of this engine use cipher (None: plain text)."""
    setattr(engine.dialect, _DIALECT_ATTR, cipher)


def engine_cipher(engine: Engine) -> Cipher | None:
    cipher: Cipher | None = getattr(engine.dialect, _DIALECT_ATTR, None)
    return cipher


class EncryptedText(TypeDecorator[str]):
    """Text the official typed; encrypted when the engine has a cipher installed."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        cipher: Cipher | None = getattr(dialect, _DIALECT_ATTR, None)
        if value is None or cipher is None:
            return value
        return cipher.encrypt(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        cipher: Cipher | None = getattr(dialect, _DIALECT_ATTR, None)
        if value is None or cipher is None:
            return value if value is None else str(value)
        return cipher.decrypt(str(value))
