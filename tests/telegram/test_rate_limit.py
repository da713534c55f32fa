"""Outbound limits: a 429 RetryAfter is waited out, and bursts are paced to Telegram's limits."""

from __future__ import annotations

import asyncio

from tests.fakebotapi import FakeBotAPI
from tests.telegram.harness import Chat, RunningBot

USER = 626262


def test_a_retry_after_is_waited_out_and_the_message_still_goes_out(server: FakeBotAPI, bot: RunningBot) -> None:
    server.fail_next("sendMessage", 429, retry_after=1)
    Chat(server, USER).say("/start", "请选择要参加的会议")
    failed, delivered = [c for c in server.calls("sendMessage") if c.params.get("chat_id") == USER][:2]
    assert (failed.ok, failed.error_code) == (False, 429)
    assert delivered.ok and delivered.params["text"] == failed.params["text"]
    assert delivered.time - failed.time >= 1.0  # Telegram's retry_after was respected


def test_many_messages_at_once_stay_within_30_a_second(server: FakeBotAPI, bot: RunningBot) -> None:
    """E.g. drafts going out to many officials at once: sent at Telegram's overall rate, none lost."""
    chats = range(700001, 700061)

    async def burst() -> None:
        await asyncio.gather(*(bot.app.bot.send_message(chat, "草稿已生成。") for chat in chats))

    bot.call(burst())
    sent = [c for c in server.calls("sendMessage") if c.params.get("chat_id") in chats]
    assert len(sent) == 60 and all(c.ok for c in sent)
    times = sorted(c.time for c in sent)
    # 30 may go at once, the other 30 at 30 a second: at least about one second in all,
    # and never more than 60 in any one second (30 burst + 30 refilled).
    assert times[-1] - times[0] >= 0.9
    assert all(sum(1 for t in times if start <= t < start + 1.0) <= 60 for start in times)
