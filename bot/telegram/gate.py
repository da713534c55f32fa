"""The gate every update passes before any handler: private chats, flood guard, access.

It runs as a TypeHandler in group -1, so it covers every handler, including ones added
later, and the handlers stay thin. An update it refuses is answered here and stopped
with ApplicationHandlerStop; the service (and so the database) never sees it.

Order matters: a group or channel is refused before anything else (nothing stored).
An allowed official's messages are never dropped: officials paste a dozen prepared
answers at once, and a dropped update is confirmed to Telegram and never comes back.
So the flood guard only holds back senders who are not let in (refusals cannot be used
to make the bot flood a chat) and an official's expensive commands (/draft converts
Word and PDF files): over its limit an update is let through only if access allows it,
and then only if it is not such a command.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NoReturn, Protocol

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot import texts
from bot.access import Redemption
from bot.interview.typed_commands import command_name

log = logging.getLogger(__name__)

# Update kinds the bot serves; everything else (chat member changes, polls, inline
# queries, reactions …) is ignored on purpose.
_SERVED = ("message", "edited_message", "callback_query", "channel_post", "edited_channel_post")

# Commands that cost seconds of CPU each (LibreOffice conversions): limited even for an
# allowed official, so a stuck key or a script cannot tie up a worker.
EXPENSIVE = frozenset({"draft"})


class Access(Protocol):
    """What the gate asks (bot.access.AccessPolicy in production)."""

    def allows(self, telegram_id: int) -> bool: ...

    def redeem(self, telegram_id: int, code: str) -> Redemption: ...


@dataclass
class _Bucket:
    tokens: float
    stamp: float
    notified: bool = False
    # What access said about this chat, while the bucket lives (a few seconds): an update
    # over the limit is then let through or dropped without asking the database again.
    allowed: bool | None = None


@dataclass
class FloodGuard:
    """Per-chat token bucket, in memory only (nothing about a sender is written anywhere).

    A person can send `burst` messages at once and one more every 1/per_second seconds.
    The first message over the limit gets one notice; later ones are dropped silently
    until the bucket refills. With several worker processes each keeps its own count.

    A bucket left alone for burst/per_second seconds is full again, the same as no
    bucket, so such buckets are dropped (swept at most once per that interval): the
    guard holds only the chats that wrote in the last few seconds, never one entry per
    official who ever used the bot.
    """

    burst: int = 10
    per_second: float = 1.0
    clock: Callable[[], float] = time.monotonic
    _buckets: dict[int, _Bucket] = field(default_factory=dict)
    _swept: float = field(default=float("-inf"))

    def admit(self, chat_id: int) -> tuple[bool, bool]:
        """(let it through, send the slow-down notice)."""
        now = self.clock()
        if now - self._swept > self.burst / self.per_second or len(self._buckets) > 10_000:
            self._forget_idle(now)
            self._swept = now
        bucket = self._buckets.get(chat_id)
        if bucket is None:
            bucket = self._buckets[chat_id] = _Bucket(float(self.burst), now)
        bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.stamp) * self.per_second)
        bucket.stamp = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            bucket.notified = False
            return True, False
        notify = not bucket.notified
        bucket.notified = True
        return False, notify

    def known(self, chat_id: int) -> bool | None:
        """What access last said about this chat while its bucket lives, or None."""
        bucket = self._buckets.get(chat_id)
        return bucket.allowed if bucket is not None else None

    def remember(self, chat_id: int, allowed: bool) -> None:
        bucket = self._buckets.get(chat_id)
        if bucket is not None:
            bucket.allowed = allowed

    def _forget_idle(self, now: float) -> None:
        full_after = self.burst / self.per_second
        for key in [k for k, b in self._buckets.items() if now - b.stamp >= full_after]:
            del self._buckets[key]

    def tracked(self) -> int:
        """How many chats the guard holds a count for."""
        return len(self._buckets)


def _kind(update: Update) -> str | None:
    for kind in _SERVED:
        if getattr(update, kind) is not None:
            return kind
    return None


def _expensive(update: Update) -> bool:
    """Is this a command the expensive guard limits (typed with any slash, or as a word)?"""
    message = update.message
    if message is None or not message.text:
        return False
    return command_name(message.text) in EXPENSIVE


def _start_code(update: Update) -> str | None:
    """The code in "/start CODE" (how a t.me/<bot>?start=CODE link arrives), if any."""
    message = update.message
    if message is None or not message.text:
        return None
    head, _, args = message.text.strip().partition(" ")
    if head.split("@", 1)[0] != "/start" or not args.strip():
        return None
    return args.strip()


class Gate:
    def __init__(self, access: Access, flood: FloodGuard | None = None,
                 expensive: FloodGuard | None = None) -> None:
        self.access = access
        self.flood = flood or FloodGuard()
        # Three /draft at once, then one a minute: more than anyone reads.
        self.expensive = expensive or FloodGuard(burst=3, per_second=1 / 60)

    async def check(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Let the update through to the handlers, or answer it here and stop it."""
        kind = _kind(update)
        chat = update.effective_chat
        user = update.effective_user
        if kind is None or chat is None:
            raise ApplicationHandlerStop
        if chat.type != ChatType.PRIVATE:
            log.info("refused an update from a %s chat", chat.type)
            # A busy group must not make the bot chatter: the same limit, then silence.
            admitted, _ = self.flood.admit(chat.id)
            await self._refuse(update, texts.PRIVATE_ONLY if admitted else None)
        if user is None or user.id != chat.id:
            # In a private chat the chat is the user; anything else is not a genuine
            # update (e.g. a button "pressed" on a message in someone else's chat).
            await self._refuse(update, None)
        admitted, notify = self.flood.admit(chat.id)
        known = None if admitted else self.flood.known(chat.id)
        allowed = known if known is not None else self.access.allows(user.id)
        self.flood.remember(chat.id, allowed)
        if not admitted and not allowed:
            log.info("flood guard dropped an update")
            await self._refuse(update, texts.TOO_FAST if notify else None)
        if allowed:
            if _expensive(update):
                admitted, notify = self.expensive.admit(chat.id)
                if not admitted:
                    log.info("expensive-command guard held back an update")
                    await self._refuse(update, texts.DRAFT_TOO_FAST if notify else None)
            log.debug("update %s (%s) let through", update.update_id, kind)
            return
        code = _start_code(update)
        if code is not None:
            result = self.access.redeem(user.id, code)
            if result is Redemption.ACCEPTED:
                self.flood.remember(chat.id, True)
                log.info("an invite was redeemed")
                await chat.send_message(texts.INVITE_ACCEPTED)
                return  # on to /start
            log.info("an invite code was refused: %s", result.value)
            await self._refuse(update, texts.INVITE_REFUSED[result.value].format(user_id=user.id))
        # No log line with the id: nothing about a refused person is kept anywhere.
        log.info("refused an update from a user who is not let in")
        await self._refuse(update, texts.ACCESS_REFUSED.format(user_id=user.id))

    @staticmethod
    async def _refuse(update: Update, text: str | None) -> NoReturn:
        if update.callback_query is not None:
            await update.callback_query.answer()
        if text is not None and update.effective_chat is not None:
            await update.effective_chat.send_message(text)
        raise ApplicationHandlerStop
