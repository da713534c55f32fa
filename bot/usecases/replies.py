"""What a use case hands back to a front end: replies, buttons, files (plain data)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Button:
    """A button names an action of the action table and its argument, not any front end's encoding.

    typed: what to type for the same effect where there are no buttons (the terminal).
    """

    label: str
    action: str
    arg: str = ""
    typed: str = ""

    @property
    def data(self) -> str:
        """The action and argument as one string (Telegram's callback data, before signing)."""
        return f"{self.action}:{self.arg}" if self.arg else self.action


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    as_photo: bool = False  # a picture to show in the chat (page preview), not a file to open


@dataclass(frozen=True)
class Reply:
    text: str  # with an attachment: its caption
    buttons: tuple[tuple[Button, ...], ...] = ()
    attachment: Attachment | None = None
    long: bool = False  # may exceed one chat message; front ends split at paragraph breaks
    replace: bool = False  # answering a button: replace the message the button was on, where possible


@dataclass(frozen=True)
class OutgoingReminder:
    """A reminder claimed in the database, to be sent to one official."""

    telegram_id: int
    text: str
    claims: tuple[int, ...]  # sent_reminders rows; released if sending fails


@dataclass(frozen=True)
class UpdateRef:
    """One Telegram update: the bot that received it and its update_id (unique per bot)."""

    bot_id: int
    update_id: int


def replace_reply(reply: Reply) -> Reply:
    """The same reply, shown in place of the message whose button was pressed."""
    return Reply(reply.text, reply.buttons, reply.attachment, reply.long, replace=True)
