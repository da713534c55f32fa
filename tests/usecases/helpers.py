"""Small helpers for the use-case tests: a filled material, the draft text, the latest button."""

from __future__ import annotations

from bot.usecases import DraftingService, Reply
from tests.conftest import SAMPLES
from tests.usecases.scenario import four_problem_sample

USER = 2002


def filled(service: DraftingService, user: int = USER, four: bool = True) -> None:
    """A complete 2021 material (imported from an answers file written for the tests)."""
    data = four_problem_sample() if four else (SAMPLES / "answers-2021.yaml").read_bytes()
    service.import_answers(user, data)


def text_of(service: DraftingService, user: int = USER) -> str:
    return next(r.text for r in service.draft(user) if r.long)


def button(reply: Reply, action: str) -> str:
    """The data of the reply's first button with this action (stamped confirmations included)."""
    return next(b.data for row in reply.buttons for b in row if b.action == action)


def said(replies: list[Reply]) -> str:
    return "\n".join(r.text for r in replies)
