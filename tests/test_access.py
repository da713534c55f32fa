"""The access policy and its configuration (the Telegram side is in tests/telegram/test_access.py)."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from bot.access import AccessPolicy, Redemption, create_invites, hash_code, list_invites, revoke_user
from bot.config import ConfigError, load_config
from bot.usecases import DraftingService
from tests.conftest import ROOT


def test_closed_by_default(service: DraftingService) -> None:
    assert load_config(ROOT / "config.yaml", env={}).access.allowed_users == frozenset()
    assert not AccessPolicy(service.db).allows(1)


def test_allowlist(service: DraftingService) -> None:
    policy = AccessPolicy(service.db, [5, 6])
    assert policy.allows(5) and policy.allows(6) and not policy.allows(7)


def test_invites_are_one_time_and_stored_as_hashes(service: DraftingService) -> None:
    policy = AccessPolicy(service.db)
    codes = create_invites(service.db, 3)
    assert len(set(codes)) == 3 and all(re.fullmatch(r"[A-Z2-7]{16}", c) for c in codes)
    assert policy.redeem(1, codes[0]) is Redemption.ACCEPTED
    assert policy.allows(1) and not policy.allows(2)
    assert policy.redeem(2, codes[0]) is Redemption.USED
    assert policy.redeem(2, f" {codes[1][:4].lower()}-{codes[1][4:]} ") is Redemption.ACCEPTED  # as typed on a phone
    assert policy.redeem(3, "A" * 16) is Redemption.UNKNOWN
    assert policy.redeem(3, "not a code at all") is Redemption.UNKNOWN
    invites = list_invites(service.db)
    assert [i.redeemed_by for i in invites] == [1, 2, None]
    assert hash_code(codes[0]) == hash_code(codes[0].lower()) and len(hash_code(codes[0])) == 64


def test_invites_expire(service: DraftingService) -> None:
    policy = AccessPolicy(service.db)
    (code,) = create_invites(service.db, 1, valid_for=timedelta(days=1))
    assert policy.redeem(1, code, now=datetime.now(UTC) + timedelta(days=2)) is Redemption.EXPIRED
    assert policy.redeem(1, code) is Redemption.ACCEPTED


def test_revoke_and_delete_forget_the_user(service: DraftingService) -> None:
    policy = AccessPolicy(service.db)
    first, second = create_invites(service.db, 2)
    policy.redeem(1, first)
    assert revoke_user(service.db, 1) == 1 and not policy.allows(1)
    assert policy.redeem(1, first) is Redemption.USED  # a spent code stays spent
    policy.redeem(1, second)
    service.start(1)
    service.confirm_delete(1, True)
    assert not policy.allows(1) and [i.redeemed_by for i in list_invites(service.db)] == [None, None]


def test_environment_allowlist_overrides_and_is_validated() -> None:
    path = ROOT / "config.yaml"
    assert load_config(path, env={"SELFREVIEW_ALLOWED_USERS": "12, 34 ,，56"}).access.allowed_users == {12, 34, 56}
    assert load_config(path, env={"SELFREVIEW_ALLOWED_USERS": ""}).access.allowed_users == frozenset()
    with pytest.raises(ConfigError, match="不是 Telegram 用户编号"):
        load_config(path, env={"SELFREVIEW_ALLOWED_USERS": "12,abc"})


def test_an_invited_officials_check_takes_no_write_lock(service: DraftingService) -> None:
    """The gate asks for every update: it must not queue behind (or hold up) a write in progress."""
    policy = AccessPolicy(service.db)
    (code,) = create_invites(service.db, 1)
    assert policy.redeem(1, code) is Redemption.ACCEPTED
    with service.db.transaction() as session:  # BEGIN IMMEDIATE: holds SQLite's write lock
        session.execute(text("UPDATE invites SET created_at = created_at"))
        started = time.monotonic()
        # A second write-locking transaction would wait here for busy_timeout (30 s), then fail.
        assert policy.allows(1) and not policy.allows(2)
        assert time.monotonic() - started < 5
