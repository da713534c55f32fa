"""The flood guard never drops an allowed official's message (issue 14, point 1).

Through the fake Bot API over HTTP, with the production gate (real limits: burst 10,
then 1 a second): 15 answers pasted at once were 10 stored and 5 dropped before.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from bot import texts
from bot.access import Redemption
from bot.app import build_service
from bot.config import AccessConfig, Config
from bot.profiles import Profile
from tests.fakebotapi import FakeBotAPI, make_command_update, make_message_update
from tests.telegram.harness import RunningBot
from tests.telegram.official import Official, Step
from tests.telegram.stored import answers_of

OFFICIAL = 515151
STRANGER = 525252


@pytest.fixture
def bot(tg_config: Config) -> Iterator[RunningBot]:
    config = replace(tg_config, access=replace(tg_config.access, allowed_users=frozenset({OFFICIAL})))
    assert isinstance(config.access, AccessConfig)
    with RunningBot(config, access=None, flood=None) as running:
        yield running


def _steps(profile: Profile, count: int) -> list[Step]:
    official = Official(profile)
    steps: list[Step] = []
    while len(steps) < count:
        step = official.next()
        steps.append(step)
        official.answered(step)
    return steps


def test_fifteen_answers_pasted_at_once_are_all_stored(server: FakeBotAPI, bot: RunningBot,
                                                       profile: Profile) -> None:
    bot.service.new(OFFICIAL, profile.id)
    steps = _steps(profile, 15)
    for n, step in enumerate(steps):  # back to back, far inside one second
        server.push(step.update(OFFICIAL, 10_000 + n))
    server.push(make_command_update(OFFICIAL, "/help", update_id=10_100))  # handled after all 15
    server.wait_for(lambda s: any("使用说明" in t for t in s.sent_messages(OFFICIAL)), 30)
    replies = server.sent_messages(OFFICIAL)
    assert texts.TOO_FAST not in replies
    stored = answers_of(bot.service, OFFICIAL)
    for step in steps:
        assert stored[step.question.id] == step.value, step.question.id


def test_a_refused_sender_is_still_limited(server: FakeBotAPI, bot: RunningBot) -> None:
    for n in range(30):
        server.push(make_message_update(STRANGER, f"第{n}条消息", update_id=20_000 + n))
    server.push(make_command_update(OFFICIAL, "/help", update_id=20_100))  # handled after all 30
    server.wait_for(lambda s: any("使用说明" in t for t in s.sent_messages(OFFICIAL)), 30)
    replies = server.sent_messages(STRANGER)
    assert replies.count(texts.TOO_FAST) == 1
    assert 10 <= len(replies) - 1 <= 15  # the burst of 10, plus what refilled meanwhile


def test_draft_is_still_limited_for_an_allowed_official(server: FakeBotAPI, bot: RunningBot,
                                                        profile: Profile) -> None:
    bot.service.new(OFFICIAL, profile.id)
    for n in range(5):
        server.push(make_command_update(OFFICIAL, "/draft", update_id=30_000 + n))
    server.push(make_command_update(OFFICIAL, "/help", update_id=30_100))
    server.wait_for(lambda s: any("使用说明" in t for t in s.sent_messages(OFFICIAL)), 60)
    replies = server.sent_messages(OFFICIAL)
    assert replies.count(texts.DRAFT_TOO_FAST) == 1
    assert len([d for d in server.sent_documents(OFFICIAL) if d.filename.endswith(".docx")]) == 3


class CountingAccess:
    """Lets OFFICIAL in and counts the questions asked, as the database would see them."""

    def __init__(self) -> None:
        self.asked = 0

    def allows(self, telegram_id: int) -> bool:
        self.asked += 1
        return telegram_id == OFFICIAL

    def redeem(self, telegram_id: int, code: str) -> Redemption:
        return Redemption.UNKNOWN


def test_a_refused_flood_does_not_query_access_for_every_update(server: FakeBotAPI, tg_config: Config) -> None:
    access = CountingAccess()
    with RunningBot(tg_config, access=access, flood=None):
        for n in range(40):
            server.push(make_message_update(STRANGER, f"第{n}条消息", update_id=40_000 + n))
        server.push(make_command_update(OFFICIAL, "/help", update_id=40_100))
        server.wait_for(lambda s: any("使用说明" in t for t in s.sent_messages(OFFICIAL)), 30)
    assert access.asked <= 20  # the burst and what refilled, not all 40


def test_a_backlog_of_fifteen_after_a_restart_loses_none(server: FakeBotAPI, tg_config: Config,
                                                         profile: Profile) -> None:
    config = replace(tg_config, access=replace(tg_config.access, allowed_users=frozenset({OFFICIAL})))
    service = build_service(config)
    service.new(OFFICIAL, profile.id)
    steps = _steps(profile, 15)
    for n, step in enumerate(steps):  # sent while the bot was down: all waiting at Telegram
        server.push(step.update(OFFICIAL, 50_000 + n))
    server.push(make_command_update(OFFICIAL, "/help", update_id=50_100))
    with RunningBot(config, service, access=None, flood=None):
        server.wait_for(lambda s: any("使用说明" in t for t in s.sent_messages(OFFICIAL)), 30)
    stored = answers_of(service, OFFICIAL)
    assert texts.TOO_FAST not in server.sent_messages(OFFICIAL)
    for step in steps:
        assert stored[step.question.id] == step.value, step.question.id
