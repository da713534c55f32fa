"""tidy's fast path (text with nothing to clean) must agree with the character-by-character path."""

from __future__ import annotations

import random
import unicodedata

from bot.draft.tidy import _ALWAYS_DROP, _clean_chars, _clean_each

RISKY = ("学习，。“”（）abc019 \t\n\u3000\u00a0\u200d\ufe0f\ufe0e\U0001f600\U0001f44d\U0001f3fb%.,\"'()"
         "\x07\x85\u2028\ue000\U000e0101\U000f0001\u0301" + "".join(_ALWAYS_DROP))


def test_fast_path_agrees_with_the_full_path() -> None:
    rng = random.Random(6)
    for _ in range(5000):
        text = "".join(rng.choice(RISKY) for _ in range(rng.randint(0, 12)))
        assert _clean_chars(text) == _clean_each(text), repr(text)


def test_every_character_the_full_path_changes_leaves_the_fast_path() -> None:
    # Whatever _clean_each drops or rewrites must not be returned untouched by the fast path.
    for cp in [*range(0x0, 0x3000), *range(0xD800, 0xE100), *range(0xF8F0, 0xFF00),
               *range(0xE0000, 0xE0200), 0xF0000, 0x10FFFD]:
        c = chr(cp)
        text = f"学{c}习"
        if _clean_each(text) != unicodedata.normalize("NFC", text):
            assert _clean_chars(text) == _clean_each(text), hex(cp)
