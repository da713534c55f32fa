"""What the simulated officials send: step lists, Telegram update dicts, seeded drafts.

Every user of a workload sends the same steps; the stream interleaves users round-robin
(every user's step i before anyone's step i+1), which is what many officials answering at
once look like to a bot that handles updates one at a time in arrival order.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from bench import sample
from bot.interview.engine import Interview
from bot.profiles import Profile, ProfileCatalog
from bot.telegram.callbacks import CallbackSigner
from tests.fakebotapi import TEST_TOKEN, make_callback_update, make_command_update, make_message_update

ROOT = Path(__file__).resolve().parent.parent
PROFILE_ID = "2021-dangshi"


@cache
def profile() -> Profile:
    return ProfileCatalog.from_dir(ROOT / "prompts").get(PROFILE_ID)


@dataclass(frozen=True)
class Step:
    kind: str  # "command" (text starting with /), "text" (an answer), "press" (an inline button)
    value: str


def is_hot(step: Step) -> bool:
    """The hot path: an answer typed or a button pressed (all but commands and the meeting pick)."""
    return step.kind != "command" and not step.value.startswith("new:")


@dataclass(frozen=True)
class Script:
    steps: tuple[Step, ...]
    answers: dict[str, str | None]  # what the database holds once every step was handled


def _answer_step(q_id: str, is_choice: bool, value: str) -> Step:
    if is_choice:
        return Step("press", f"pick:{q_id}:{value}")
    return Step("text", value)


def interview_answers(size: int, upto: int | None = None,
                      validate: bool = True) -> tuple[list[Step], dict[str, str | None]]:
    """The steps answering the 2021 interview question by question, and the answers they store.

    upto stops after that many answers (a user in the middle of the interview); validate
    checks every text against the profile's bounds, as the bot will (sizes above the bounds,
    used only for seeded drafts, pass validate=False).
    """
    interview = Interview(profile())
    answers: dict[str, str | None] = {}
    steps: list[Step] = []
    for _ in range(1000):  # the 2021 interview asks about a hundred questions; bound the loop
        if upto is not None and len(steps) >= upto:
            break
        q = interview.current(answers)
        if q is None:
            break
        text = sample.answer(q, size)
        if validate:
            verdict = interview.check(q, text)
            if not verdict.ok:
                raise ValueError(f"sample answer to {q.id} rejected: {verdict.error}")
            value = verdict.value
        else:
            value = text
        steps.append(_answer_step(q.id, q.is_choice, text))
        answers[q.id] = value
    else:
        raise RuntimeError("interview did not finish within 1000 answers")
    return steps, answers


@cache
def full_interview(size: int) -> Script:
    """/start, pick the 2021 meeting, answer every question, then /draft."""
    steps, answers = interview_answers(size)
    head = [Step("command", "/start"), Step("press", f"new:{PROFILE_ID}")]
    return Script(tuple(head + steps + [Step("command", "/draft")]), answers)


@cache
def session_on_stored_draft(rounds: int = 1) -> tuple[Step, ...]:
    """A returning official with a finished draft: look, revise one problem's title, look again.

    Repeated rounds alternate the title between the edited and the original wording, so
    every round stores a change.
    """
    first = "themes.1.problems.1"
    original = sample.answer(Interview(profile()).current({}, f"{first}.title") or _missing(), 1)
    steps: list[Step] = []
    for number in range(rounds):
        steps += [
            Step("command", "/start"),
            Step("command", "/status"),
            Step("command", "/edit 2.1"),
            Step("text", sample.EDITED_TITLE if number % 2 == 0 else original),
            Step("press", f"keep:{first}.detail"),
            Step("press", f"keep:{first}.example"),
            Step("command", "/section 2"),
            Step("command", "/draft"),
        ]
    return tuple(steps)


def _missing() -> Any:
    raise LookupError("the 2021 profile has no themes.1.problems.1.title")


_SIGNER = CallbackSigner.for_token(TEST_TOKEN)


def update_dict(user_id: int, step: Step) -> dict[str, Any]:
    """The Telegram update a phone would produce for this step."""
    if step.kind == "command":
        head, _, args = step.value.partition(" ")
        return make_command_update(user_id, head, args or None)
    if step.kind == "press":
        # Buttons carry data signed for their recipient (bot/telegram/callbacks.py).
        return make_callback_update(user_id, _SIGNER.sign(user_id, step.value), message_id=1)
    return make_message_update(user_id, step.value)


def stream(steps: tuple[Step, ...], users: int, first_user: int) -> Iterator[dict[str, Any]]:
    """Every user's steps, interleaved round-robin; update ids are left to the transport."""
    for step in steps:
        for offset in range(users):
            yield update_dict(first_user + offset, step)


@dataclass(frozen=True)
class Workload:
    """Picklable description of a stream, so the HTTP server process can rebuild it."""

    kind: str  # "interview" | "session" | "continue" | "draft"
    users: int
    size: int
    first_user: int
    continue_from: int = 0  # "continue": start at this step of the 1x interview
    continue_steps: int = 0
    rounds: int = 1  # "session": how many times each user goes through it
    limit: int = 0  # if set, only the first `limit` steps

    def steps(self) -> tuple[Step, ...]:
        steps = self._steps()
        return steps[:self.limit] if self.limit else steps

    def _steps(self) -> tuple[Step, ...]:
        if self.kind == "interview":
            return full_interview(self.size).steps
        if self.kind == "session":
            return session_on_stored_draft(self.rounds)
        if self.kind == "draft":
            return (Step("command", "/draft"),)
        if self.kind == "continue":
            answered, _ = interview_answers(self.size)
            return tuple(answered[self.continue_from:self.continue_from + self.continue_steps])
        raise ValueError(self.kind)

    @property
    def total(self) -> int:
        return len(self.steps()) * self.users

    def updates(self) -> Iterator[dict[str, Any]]:
        return stream(self.steps(), self.users, self.first_user)


# One extra official goes through the interview (and /draft) before the clock starts, so
# first-time costs (imports, template and SQL compilation, caches) are not counted.
WARM_UP = Workload("interview", 1, 1, 90_000)
