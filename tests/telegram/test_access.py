"""Access at the Telegram front end: closed by default, allowlist, invites, private chats only."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from bot import texts
from bot.access import create_invites
from bot.cli import main as cli_main
from bot.config import AccessConfig, Config, load_config
from tests.conftest import ROOT
from tests.fakebotapi import (
    FakeBotAPI,
    make_callback_update,
    make_command_update,
    make_document_update,
    make_edited_message_update,
    make_message_update,
    make_photo_update,
)
from tests.telegram.harness import Chat, RunningBot, signed
from tests.telegram.stored import every_row, invite_holders

STRANGER = 555_001
OFFICIAL = 555_002
OTHER = 555_003


def real_gate(config: Config) -> RunningBot:
    """The production gate: the config's allowlist and the invites table, real flood limits."""
    return RunningBot(config, access=None, flood=None)


def nothing_stored(bot: RunningBot) -> bool:
    return all(not rows for rows in every_row(bot.service.db.engine).values())


@pytest.fixture
def closed_bot(tg_config: Config) -> Iterator[RunningBot]:
    with real_gate(tg_config) as running:
        yield running


def test_closed_by_default_refuses_everyone_and_stores_nothing(server: FakeBotAPI, closed_bot: RunningBot,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="bot")
    chat = Chat(server, STRANGER)
    refusal = f"您的 Telegram 用户编号是：{STRANGER}"
    replies = chat.say("/start", refusal)
    assert "尚未获得使用权限" in replies[0] and "告知管理员" in replies[0] and "/start 邀请码" in replies[0]
    # Everything else a stranger can send gets the same refusal and reaches nothing.
    chat.say("县人民政府副县长", refusal)
    chat.say("/new 2021-dangshi", refusal)
    chat.push(make_photo_update(STRANGER, "photo-1"), refusal)
    stored = server.add_file(b"profile: 2021-dangshi\n", "答案.yaml", "application/x-yaml")
    chat.push(make_document_update(STRANGER, stored, "答案.yaml", "application/x-yaml"), refusal)
    chat.push(make_callback_update(STRANGER, signed(STRANGER, "new:2021-dangshi")), refusal)
    chat.push(make_edited_message_update(STRANGER, 1, "改一下"), refusal)
    assert len(server.sent_messages(STRANGER)) == 7
    assert server.downloads() == []  # the file was never fetched
    assert nothing_stored(closed_bot)  # not even a users row
    ours = [r.getMessage() for r in caplog.records if r.name.startswith("bot")]
    assert ours and not any(str(STRANGER) in line for line in ours)  # nor a log line naming them


def test_allowlist_in_config_lets_those_users_in(server: FakeBotAPI, tg_config: Config) -> None:
    config = replace(tg_config, access=AccessConfig(allowed_users=frozenset({OFFICIAL})))
    with real_gate(config) as bot:
        Chat(server, OFFICIAL).say("/start", "请选择要参加的会议")
        Chat(server, STRANGER).say("/start", f"您的 Telegram 用户编号是：{STRANGER}")
        with bot.service.db.transaction() as session:
            from bot.storage.repository import Repository
            repo = Repository(session)
            assert repo.user(OFFICIAL) is not None and repo.user(STRANGER) is None


def test_environment_allowlist_replaces_the_config_file(server: FakeBotAPI, tmp_path: Path, config: Config) -> None:
    config_file = tmp_path / "config.yaml"
    config_file.write_text((ROOT / "config.yaml").read_text(encoding="utf-8").replace(
        "allowed_users: []", f"allowed_users: [{STRANGER}]").replace(
        "dir: prompts", f"dir: {ROOT / 'prompts'}").replace("dir: templates", f"dir: {ROOT / 'templates'}"),
        encoding="utf-8")
    env = {"SELFREVIEW_ALLOWED_USERS": f"{OFFICIAL}, {OTHER}", "TELEGRAM_BOT_TOKEN": "123456:TEST-token-for-the-fake-bot-api",
           "TELEGRAM_API_BASE_URL": server.url, "DATABASE_URL": config.database_url}
    loaded = load_config(config_file, env=env)
    assert loaded.access.allowed_users == {OFFICIAL, OTHER}
    assert load_config(config_file, env={}).access.allowed_users == {STRANGER}
    with real_gate(loaded):
        Chat(server, OFFICIAL).say("/start", "请选择要参加的会议")
        Chat(server, OTHER).say("/start", "请选择要参加的会议")
        Chat(server, STRANGER).say("/start", "尚未获得使用权限")


def test_invite_lets_exactly_one_person_in(server: FakeBotAPI, closed_bot: RunningBot) -> None:
    db = closed_bot.service.db
    (code,) = create_invites(db, 1)
    assert not any(code in str(row) for rows in every_row(db.engine).values() for row in rows)  # only a hash

    official = Chat(server, OFFICIAL)
    replies = official.say(f"/start {code.lower()[:8]} {code.lower()[8:]}", "请选择要参加的会议")
    assert replies[0] == texts.INVITE_ACCEPTED
    official.say("/new 2021-dangshi", "请填写您的职务")  # let in for good, not just for /start
    official.say("县人民政府副县长", texts.SAVED)

    other = Chat(server, OTHER)
    other.say(f"/start {code}", "该邀请码已被使用")
    other.say("/start", "尚未获得使用权限")
    other.say("/start AAAAAAAAAAAAAAAA", "邀请码无效")
    other.say("/start 这不是邀请码", "邀请码无效")
    (expired,) = create_invites(db, 1, valid_for=timedelta(seconds=-1))
    other.say(f"/start {expired}", "该邀请码已过期")
    with db.transaction() as session:
        from bot.storage.repository import Repository
        assert Repository(session).user(OTHER) is None


def test_delete_also_withdraws_the_invite(server: FakeBotAPI, closed_bot: RunningBot) -> None:
    (code,) = create_invites(closed_bot.service.db, 1)
    official = Chat(server, OFFICIAL)
    official.say(f"/start {code}", "请选择要参加的会议")
    official.say("/delete", "确定删除吗")
    official.press("del:yes", "全部数据已删除")
    assert invite_holders(closed_bot.service.db.engine) == [None]
    official.say("/start", "尚未获得使用权限")
    official.say(f"/start {code}", "该邀请码已被使用")  # the code stays spent


def test_admin_commands_invite_list_and_revoke(server: FakeBotAPI, tg_config: Config,
                                               monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DATABASE_URL", tg_config.database_url)
    for name in ("SELFREVIEW_CONFIG", "SELFREVIEW_ENCRYPTION_KEY", "SELFREVIEW_ALLOWED_USERS"):
        monkeypatch.delenv(name, raising=False)
    assert cli_main(["invite", "--count", "2", "--days", "7"]) == 0
    out, err = capsys.readouterr()
    codes = out.split()
    assert len(codes) == 2 and all(len(c) == 16 for c in codes) and "邀请码" in err
    with real_gate(tg_config):
        Chat(server, OFFICIAL).say(f"/start {codes[0]}", "请选择要参加的会议")
        assert cli_main(["invites"]) == 0
        listed = capsys.readouterr().out
        assert f"用户 {OFFICIAL}" in listed and "未使用" in listed and codes[0] not in listed
        assert cli_main(["revoke", "--user", str(OFFICIAL)]) == 0
        Chat(server, OFFICIAL).say("/status", "尚未获得使用权限")


@pytest.mark.parametrize("chat_type", ["group", "supergroup"])
def test_groups_are_refused_and_nothing_is_stored(server: FakeBotAPI, tg_config: Config, chat_type: str) -> None:
    config = replace(tg_config, access=AccessConfig(allowed_users=frozenset({OFFICIAL})))
    with real_gate(config) as bot:
        server.push(make_message_update(OFFICIAL, "县人民政府副县长", chat_type=chat_type))
        server.push(make_command_update(OFFICIAL, "/start", chat_type=chat_type))
        server.push(make_command_update(OFFICIAL, "/new", "2021-dangshi", chat_type=chat_type))
        server.push(make_callback_update(OFFICIAL, signed(OFFICIAL, "new:2021-dangshi"), chat_type=chat_type))
        group_messages = server.wait_for(
            lambda s: (found := [t for t in s.sent_messages() if "只在私聊中使用" in t]) and len(found) == 4 and found,
            15)
        assert all(t == texts.PRIVATE_ONLY for t in group_messages)
        Chat(server, OFFICIAL).say("/help", "使用说明")  # later than the group updates: they are all done
        assert server.sent_messages(OFFICIAL) == [texts.HELP]
        assert nothing_stored(bot)


def test_channels_are_refused_and_nothing_is_stored(server: FakeBotAPI, tg_config: Config) -> None:
    channel = {"id": -1001234567890, "type": "channel", "title": "某频道"}
    with real_gate(tg_config) as bot:
        server.push({"channel_post": {"message_id": 1, "date": 0, "chat": channel, "sender_chat": channel,
                                      "text": "/start"}})
        server.wait_for(lambda s: s.sent_messages(channel["id"]) == [texts.PRIVATE_ONLY], 15)
        assert nothing_stored(bot)


def test_a_button_pressed_outside_the_users_own_chat_is_ignored(server: FakeBotAPI, tg_config: Config) -> None:
    """In a private chat the chat is the user; a press claiming another chat is not genuine."""
    config = replace(tg_config, access=AccessConfig(allowed_users=frozenset({OFFICIAL, OTHER})))
    with real_gate(config) as bot:
        server.push(make_callback_update(OTHER, signed(OTHER, "new:2021-dangshi"), chat_id=OFFICIAL))
        Chat(server, OTHER).say("/help", "使用说明")
        assert server.sent_messages(OFFICIAL) == [] and server.sent_messages(OTHER) == [texts.HELP]
        assert nothing_stored(bot)
