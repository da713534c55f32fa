"""Encryption at rest in the storage layer, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import Text, select, type_coerce, update

from bot.app import build_service
from bot.config import Config
from bot.storage.crypto import Cipher, EncryptionKeyError, StoredDataError, generate_key
from bot.storage.encryption import NEED_KEY, WRONG_KEY, encrypted_columns
from bot.storage.models import Answer, ChangeValue, User
from bot.usecases import DraftingService
from tests.conftest import SAMPLES

POSITION = "县人民政府副县长"


def _fill(service: DraftingService, user: int = 1) -> None:
    service.new(user, "2021-dangshi")
    service.answer(user, POSITION)
    service.receive_file(user, "答案.yaml", (SAMPLES / "answers-2021.yaml").read_bytes())  # a pending import


def _raw(service: DraftingService) -> list[str]:
    """Every stored typed value as the database holds it (no decryption)."""
    values: list[str] = []
    with service.db.engine.connect() as conn:
        for _, column in encrypted_columns():
            values += [v for (v,) in conn.execute(select(type_coerce(column, Text)).where(column.is_not(None)))]
    return values


def _position(service: DraftingService, user: int = 1) -> str | None:
    with service.db.transaction() as session:
        ctx = service.scope(session, user)
        return ctx.answers.get("author.position")


def test_the_typed_columns_are_the_encrypted_ones() -> None:
    assert {(c.table.name, c.name) for _, c in encrypted_columns()} == {
        ("answers", "value"), ("change_values", "before"), ("change_values", "after"), ("users", "pending_import"),
        ("drafts", "label"),  # the official's own name for a material
        ("held", "text"),  # a message kept instead of filed
        ("answer_messages", "pending_value"),  # an edited answer awaiting confirmation
        ("comments", "body"), ("comments", "quote"), ("comments", "reply")}  # a reviewer's remark, the answer
    assert {Answer.__table__.name, ChangeValue.__table__.name, User.__table__.name} == {
        "answers", "change_values", "users"}


def test_values_are_encrypted_and_read_back(any_db_config: Config) -> None:
    config = replace(any_db_config, encryption_key=generate_key())
    service = build_service(config)
    _fill(service)
    raw = _raw(service)
    assert len(raw) == 3 and all(v.startswith("gAAAAA") for v in raw)  # Fernet tokens
    assert not any(POSITION in v or "profile:" in v for v in raw)
    assert _position(build_service(config)) == POSITION  # a new process with the key reads it


def test_a_plaintext_database_is_encrypted_when_a_key_is_first_set(any_db_config: Config) -> None:
    plain = build_service(any_db_config)
    _fill(plain)
    assert POSITION in _raw(plain)
    key = generate_key()
    service = build_service(replace(any_db_config, encryption_key=key))
    assert not any(POSITION in v for v in _raw(service))
    assert _position(service) == POSITION
    with pytest.raises(EncryptionKeyError, match="未设置 SELFREVIEW_ENCRYPTION_KEY"):
        build_service(any_db_config)


def test_missing_or_wrong_key_is_refused_with_a_clear_message(any_db_config: Config) -> None:
    _fill(build_service(replace(any_db_config, encryption_key=generate_key())))
    with pytest.raises(EncryptionKeyError) as missing:
        build_service(any_db_config)
    assert str(missing.value) == NEED_KEY
    with pytest.raises(EncryptionKeyError) as wrong:
        build_service(replace(any_db_config, encryption_key=generate_key()))
    assert str(wrong.value) == WRONG_KEY


def test_key_rotation_new_comma_old(any_db_config: Config) -> None:
    old, new = generate_key(), generate_key()
    _fill(build_service(replace(any_db_config, encryption_key=old)))
    rotated = build_service(replace(any_db_config, encryption_key=f"{new},{old}"))
    assert _position(rotated) == POSITION
    assert all(Cipher([new]).key_index(v) == 0 for v in _raw(rotated))  # everything now under the new key
    assert _position(build_service(replace(any_db_config, encryption_key=new))) == POSITION
    with pytest.raises(EncryptionKeyError):
        build_service(replace(any_db_config, encryption_key=old))


@pytest.mark.parametrize("key", ["not-a-key", "x" * 44, generate_key()[:-4], "密钥"])
def test_malformed_keys_are_refused(config: Config, key: str) -> None:
    with pytest.raises(EncryptionKeyError, match="selfreview keygen"):
        build_service(replace(config, encryption_key=key))


def test_an_altered_value_is_an_error_not_garbage(config: Config) -> None:
    service = build_service(replace(config, encryption_key=generate_key()))
    _fill(service)
    with service.db.engine.begin() as conn:
        token = conn.execute(select(type_coerce(Answer.__table__.c.value, Text))).scalar_one()
        tampered = token[:-8] + ("A" if token[-8] != "A" else "B") + token[-7:]
        conn.execute(update(Answer.__table__).values(value=type_coerce(tampered, Text)))
    with pytest.raises(StoredDataError, match="无法解密"):
        _position(service)
