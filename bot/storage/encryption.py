"""Switch a database to the configured key at start-up, or refuse clearly.

A check value (a known text encrypted with the current key) in the settings table
records that the database is encrypted and with which key:

* no key, no check value: plain text (the default);
* no key, check value: refuse to start — otherwise encrypted values would be shown as garbage;
* key, check value that the first key opens: encrypted, nothing to do;
* key, check value that only a later key opens ("new,old"): re-encrypt everything with the new key;
* key, check value no key opens: refuse to start (wrong key);
* key, no check value: encrypt what is already stored (first start with a key).

Re-encrypting runs in one transaction, so a failure leaves the database as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Text, select, type_coerce, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.schema import Column

from bot.storage.crypto import KEY_ENV, Cipher, EncryptedText, EncryptionKeyError, install_cipher
from bot.storage.models import Base, Setting

CHECK_NAME = "encryption_check"
_CHECK_TEXT = "selfreview encryption key check"



def encrypted_columns() -> list[tuple[Column[Any], Column[Any]]]:
    """(id column, value column) of every EncryptedText column: what an official typed."""
    found = []
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, EncryptedText):
                (key,) = table.primary_key.columns  # re-encryption addresses rows by a single key
                found.append((key, column))
    return found


NEED_KEY = (f"数据库中的内容已加密，但未设置 {KEY_ENV}。请将该环境变量设为加密时使用的密钥后再启动；"
            "密钥丢失时已加密的内容无法恢复。")
WRONG_KEY = (f"{KEY_ENV} 与加密数据库时使用的密钥不一致，无法读取已保存的内容。请检查密钥；"
             "更换密钥时请写成“新密钥,旧密钥”。")


def install_encryption(engine: Engine, key_setting: str | None) -> bool:
    """Check the key against the database, re-encrypt if needed, and install the cipher.

    Returns True if stored values were rewritten (first key, or a rotated key).
    Raises EncryptionKeyError with a message for the administrator.
    """
    cipher = Cipher.from_setting(key_setting) if key_setting and key_setting.strip() else None
    install_cipher(engine, None)  # read raw values below, whatever was installed before
    with Session(engine) as session, session.begin():
        check = session.get(Setting, CHECK_NAME)
        if cipher is None:
            if check is not None:
                raise EncryptionKeyError(NEED_KEY)
            return False
        if check is None:
            _recode(session, _plain, cipher.encrypt)
            session.add(Setting(name=CHECK_NAME, value=cipher.encrypt(_CHECK_TEXT)))
            rewritten = True
        else:
            index = cipher.key_index(check.value)
            if index is None:
                raise EncryptionKeyError(WRONG_KEY)
            rewritten = index != 0
            if rewritten:  # the database is under an older key: move it to the first one
                _recode(session, cipher.decrypt, cipher.encrypt)
                check.value = cipher.encrypt(_CHECK_TEXT)
    install_cipher(engine, cipher)
    if rewritten:
        compact(engine)
    return rewritten


def _plain(value: str) -> str:
    return value


def _recode(session: Session, decode: Callable[[str], str], encode: Callable[[str], str]) -> None:
    """Rewrite every typed value; raw column access, so no cipher is applied on the way."""
    for id_column, value_column in encrypted_columns():
        raw = type_coerce(value_column, Text)
        rows = session.execute(select(id_column, raw).where(value_column.is_not(None))).all()
        for row_id, value in rows:
            session.execute(update(value_column.table).where(id_column == row_id)
                            .values({value_column.name: type_coerce(encode(decode(value)), Text)}))


def compact(engine: Engine) -> None:
    """SQLite: rebuild the file and empty the write-ahead log, so old plaintext pages go."""
    if engine.dialect.name != "sqlite":
        return  # PostgreSQL reuses dead rows after (auto)VACUUM; see docs/security.md
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM")
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
