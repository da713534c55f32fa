"""The service layer: use cases over one scope each, and the table of actions that routes to them."""

from bot.usecases.replies import Attachment, Button, OutgoingReminder, Reply, UpdateRef, replace_reply
from bot.usecases.service import DraftingService

__all__ = ["Attachment", "Button", "DraftingService", "OutgoingReminder", "Reply", "UpdateRef", "replace_reply"]
