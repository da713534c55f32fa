"""The gate's parts on their own: signed callback data and the flood guard."""

from __future__ import annotations

from bot.interview.engine import Interview
from bot.profiles import ProfileCatalog
from bot.telegram.callbacks import CALLBACK_DATA_LIMIT, CallbackSigner
from bot.telegram.gate import FloodGuard
from tests.service.helpers import scripted_answer

SIGNER = CallbackSigner.for_token("123:abc")


def test_signed_data_verifies_only_for_its_user() -> None:
    data = "pick:themes.1.problems.1.more:yes"
    signed = SIGNER.sign(42, data)
    assert SIGNER.verify(42, signed) == data
    assert SIGNER.verify(43, signed) is None  # someone else's button
    assert SIGNER.verify(42, data) is None  # unsigned
    assert SIGNER.verify(42, signed[:-1] + ("A" if signed[-1] != "A" else "B")) is None  # altered tag
    assert SIGNER.verify(42, signed.replace("yes", "no")) is None  # altered data
    assert CallbackSigner.for_token("123:other").verify(42, signed) is None  # a new token retires old buttons
    assert SIGNER.verify(42, "") is None and SIGNER.verify(42, "~") is None and SIGNER.verify(42, "x~é") is None


def test_every_button_of_every_profile_fits_once_signed(catalog: ProfileCatalog) -> None:
    """Telegram refuses callback data over 64 bytes; check every question id a profile can produce."""
    longest = 0
    for profile in catalog.all():
        interview = Interview(profile)
        answers: dict[str, str | None] = {}
        while (q := interview.current(answers, None)) is not None:
            for action in ("hint", "skip", "keep", "back"):
                longest = max(longest, len(SIGNER.sign(10**15, f"{action}:{q.id}").encode()))
            for choice in q.choices:
                longest = max(longest, len(SIGNER.sign(10**15, f"pick:{q.id}:{choice.value}").encode()))
            answers[q.id] = ("yes" if scripted_answer(q) == "再写" else "no") if q.is_choice else "某" * q.min_length
        longest = max(longest, len(SIGNER.sign(10**15, f"new:{profile.id}").encode()))
    assert longest <= CALLBACK_DATA_LIMIT


def test_flood_guard_burst_then_one_notice_then_refill() -> None:
    now = [0.0]
    guard = FloodGuard(burst=3, per_second=0.5, clock=lambda: now[0])
    assert [guard.admit(1) for _ in range(3)] == [(True, False)] * 3
    assert guard.admit(1) == (False, True)  # the first one over the limit: notice
    assert guard.admit(1) == (False, False)  # then silence
    assert guard.admit(2) == (True, False)  # other chats are not affected
    now[0] += 2.0  # one token back
    assert guard.admit(1) == (True, False)
    assert guard.admit(1) == (False, True)  # a new episode gets a new notice


def test_flood_guard_forgets_chats_whose_bucket_is_full_again() -> None:
    now = [0.0]
    guard = FloodGuard(burst=3, per_second=0.5, clock=lambda: now[0])  # full again after 6 s
    for chat in range(1, 101):
        guard.admit(chat)
    for _ in range(3):
        guard.admit(7)  # chat 7 is over its limit now
    assert guard.tracked() == 100
    now[0] += 4.0
    guard.admit(1)
    assert guard.tracked() == 100  # 4 s: not full yet, every count still matters
    now[0] += 3.0
    guard.admit(1000)
    assert guard.tracked() == 2  # idle 7 s (full again) are gone; chat 1 wrote 3 s ago
    # Forgetting changes nothing for the sender: a forgotten bucket was full anyway.
    assert [guard.admit(7) for _ in range(3)] == [(True, False)] * 3
    assert guard.admit(7) == (False, True)


def test_flood_guard_remembers_access_while_the_bucket_lives() -> None:
    now = [0.0]
    guard = FloodGuard(burst=2, per_second=0.5, clock=lambda: now[0])
    assert guard.known(7) is None
    guard.admit(7)
    guard.remember(7, False)
    assert guard.known(7) is False
    guard.remember(8, True)  # no bucket: nothing is kept about a chat the guard does not hold
    assert guard.known(8) is None
    now[0] = 100.0
    guard.admit(9)  # sweeps idle buckets
    assert guard.known(7) is None
