"""An imaginary official answering the interview, knowing (like a real one) which question is next."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.interview.engine import Interview, Question
from bot.profiles import Profile
from tests.fakebotapi import make_command_update, make_message_update
from tests.service.helpers import scripted_answer

# Written for the tests; each fits any free-text question (4-30 and at least 15 characters).
BURST_TEXTS = ("调研时与群众交流偏少，了解情况不够深入", "学习时满足于完成任务，联系实际思考不够")


@dataclass(frozen=True)
class Step:
    question: Question
    text: str
    value: str | None  # what the database must hold for the question afterwards

    def update(self, user_id: int, update_id: int) -> dict[str, Any]:
        if self.text.startswith("/"):
            return make_command_update(user_id, self.text, update_id=update_id)
        return make_message_update(user_id, self.text, update_id=update_id)


class Official:
    def __init__(self, profile: Profile) -> None:
        self.interview = Interview(profile)
        self.answers: dict[str, str | None] = {}
        self.order: list[str] = []  # question ids in the order they were answered

    def next(self) -> Step:
        q = self.interview.current(self.answers, None)
        assert q is not None, "interview already finished"
        text = scripted_answer(q)
        if text == "/skip":
            return Step(q, text, None)
        verdict = self.interview.check(q, text)
        assert verdict.ok, verdict.error
        return Step(q, text, verdict.value)

    def answered(self, step: Step) -> None:
        self.answers[step.question.id] = step.value
        self.order.append(step.question.id)

    def current(self) -> Question | None:
        return self.interview.current(self.answers, None)

    def takes_two(self, text: str) -> bool:
        """Are the next two questions both ones `text` can answer (no yes/no in between)?"""
        first = self.current()
        if first is None or first.is_choice or not self.interview.check(first, text).ok:
            return False
        second = self.interview.current({**self.answers, first.id: text}, None)
        return second is not None and not second.is_choice and self.interview.check(second, text).ok
