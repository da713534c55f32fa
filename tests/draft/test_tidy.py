"""tidy(): clean what the official typed without changing a single word."""

from __future__ import annotations

import itertools
import random
import re
import unicodedata

import pytest

from bot.draft import chars as chars_module
from bot.draft import punctuation as punctuation_module
from bot.draft.tidy import char_count, strip_end_mark, tidy

FAMILY = "👨\u200d👩\u200d👧"  # a ZWJ emoji sequence
RAINBOW_FLAG = "🏳\ufe0f\u200d🌈"
KEYCAP_ONE = "1\ufe0f\u20e3"
HEART = "❤\ufe0f"

# (typed, tidied) with the default final_stop=True, keep_colon_end=True.
BATTERY: list[tuple[str, str]] = [
    # whitespace between Chinese characters goes; newlines, tabs, U+3000 count as whitespace
    ("我们 要 加强 学习", "我们要加强学习。"),
    ("  \u3000\u3000第一段\n\n第二段\t结束  ", "第一段第二段结束。"),
    ("县长\u00a0李明", "县长李明。"),
    ("第一段。\r\n第二段", "第一段。第二段。"),
    ("问题？ 原因", "问题？原因。"),
    ("中文 \t , 中文", "中文，中文。"),
    # mixed Chinese / English: no space is added, a typed one next to Chinese goes
    ("使用APP办理", "使用APP办理。"),
    ("使用 APP 办理", "使用APP办理。"),
    ("Word 文档", "Word文档。"),
    ("使用 Word 2016 版本", "使用Word 2016版本。"),
    ("我们, he said", "我们，he said。"),
    ("他说I'm fine", "他说I'm fine。"),
    ("他提出了“APP”,APP很好", "他提出了“APP”，APP很好。"),
    # numbers, decimals, times, ratios, versions, abbreviations, URLs stay
    ("增长3.5%", "增长3.5%。"),
    ("达到1.2万元", "达到1.2万元。"),
    ("如,今年只学了 3.5 小时", "如，今年只学了3.5小时。"),
    ("时间:10:30", "时间：10:30。"),
    ("10:30开会", "10:30开会。"),
    ("比分3:1", "比分3:1。"),
    ("A,B两种方案", "A,B两种方案。"),
    ("v1.2版本", "v1.2版本。"),
    ("U.S.政策", "U.S.政策。"),
    ("报告.docx", "报告.docx。"),
    ("完成率100%,下一步", "完成率100%，下一步。"),
    ("见https://www.gov.cn/a?b=1,请查看", "见https://www.gov.cn/a?b=1，请查看。"),
    ("联系a.b@x.com,谢谢", "联系a.b@x.com，谢谢。"),
    # half-width punctuation in Chinese text
    ("做了 一些工作,但还有不足:", "做了一些工作，但还有不足："),
    ("有时 把学习当成软任务,没有坚持", "有时把学习当成软任务，没有坚持。"),
    ("真的吗?", "真的吗？"),
    ("好!!!", "好！！！"),
    ("中文?!", "中文？！"),
    ("一是加强学习;二是改进作风", "一是加强学习；二是改进作风。"),
    ("共3项.下一步", "共3项。下一步。"),
    ("学习 .", "学习。"),
    ("A , B , 中", "A , B，中。"),
    ("(一)加强学习", "（一）加强学习。"),
    ("（一)加强", "（一）加强。"),
    ("如下:(1)加强 (2)改进", "如下：（1）加强（2）改进。"),
    ("(注意)", "（注意）。"),
    ("使用Word(2016)", "使用Word(2016)。"),
    ("一.加强学习 二.改进作风", "一、加强学习二、改进作风。"),
    ("第一.加强", "第一。加强。"),
    # ellipses after Chinese
    ("等等...", "等等……"),
    ("等等…", "等等……"),
    ("中,...", "中，……"),
    ("1...10", "1...10。"),
    # quotes are paired left/right in order
    ('提出"两个确立"', "提出“两个确立”。"),
    ('……"两个确立"', "……“两个确立”。"),
    ('他说:"好."', "他说：“好。”"),
    ("他说'好'", "他说‘好’。"),
    ('"A" "中文" "B"', "“A”“中文”“B”。"),
    ('他说"好', "他说“好。"),
    ('“中文"', "“中文”。"),
    ('做到"两个维护",增强"四个意识"', "做到“两个维护”，增强“四个意识”。"),
    # the final stop: added once, never doubled
    ("加强学习。", "加强学习。"),
    ("加强学习，", "加强学习。"),
    ("加强学习,", "加强学习。"),
    ("加强学习、", "加强学习。"),
    ("加强学习；", "加强学习；"),
    ("好！，", "好！"),
    ("存在问题如下:", "存在问题如下："),
    ("“两个确立”", "“两个确立”。"),
    ("“两个维护” ，", "“两个维护”。"),
    ("他说：“好。”", "他说：“好。”"),
    ("（详见附件）", "（详见附件）。"),
    ("学习《论持久战》", "学习《论持久战》。"),
    ("温度20℃", "温度20℃。"),
    ("共3项", "共3项。"),
    ("Hello world", "Hello world。"),
    ("Hello, world.", "Hello, world."),
    # emoji, traditional characters, placeholders stay exactly
    ("加油💪", "加油💪"),
    ("加油 💪 继续", "加油💪继续。"),
    (f"{FAMILY}家庭", f"{FAMILY}家庭。"),
    (f"{RAINBOW_FLAG}彩虹", f"{RAINBOW_FLAG}彩虹。"),
    (f"{HEART}加油", f"{HEART}加油。"),
    (f"{KEYCAP_ONE}第一", f"{KEYCAP_ONE}第一。"),
    ("堅持學習，從嚴治黨", "堅持學習，從嚴治黨。"),
    ("xx同志在xx方面", "xx同志在xx方面。"),
    ("XX县XX局", "XX县XX局。"),
    # template-looking text is just text
    ("{{ 7*7 }}", "{{ 7*7 }}"),
    ("学习 {{ 7*7 }} 精神", "学习{{ 7*7 }}精神。"),
    ("{{ '中文' }}", "{{ '中文' }}"),
    ("我们要 {% if x %}", "我们要{% if x %}"),
    # invisible garbage goes
    ("学\u200b习\ufeff", "学习。"),
    ("\ufeff学\u200c习\u2060", "学习。"),
    ("学\u200d习", "学习。"),
    ("a\x00b\x07中\x85文", "ab中文。"),
    ("学\ue000习\uf8ff", "学习。"),
    ("学\U000f0001习\U00100000", "学习。"),
    ("\ufe0f开头", "开头。"),
    ("好\ufe0f的", "好的。"),
    ("学\u202e习\u00ad", "学习。"),
    # nothing to tidy
    ("", ""),
    ("   \n\t\u3000", ""),
    ("。", "。"),
    ("，", "，"),
]


@pytest.mark.parametrize(("typed", "expected"), BATTERY, ids=[repr(t) for t, _ in BATTERY])
def test_battery(typed: str, expected: str) -> None:
    assert tidy(typed) == expected


VARIANTS = [
    {"final_stop": True, "keep_colon_end": True},
    {"final_stop": False, "keep_colon_end": True},
    {"final_stop": True, "keep_colon_end": False},
    {"final_stop": False, "keep_colon_end": False},
]


@pytest.mark.parametrize("options", VARIANTS, ids=lambda o: "-".join(f"{k}={v}" for k, v in o.items()))
@pytest.mark.parametrize("typed", [t for t, _ in BATTERY], ids=[repr(t) for t, _ in BATTERY])
def test_idempotent(typed: str, options: dict[str, bool]) -> None:
    once = tidy(typed, **options)
    assert tidy(once, **options) == once


@pytest.mark.parametrize("typed", [t for t, _ in BATTERY], ids=[repr(t) for t, _ in BATTERY])
def test_output_is_safe_for_the_renderer(typed: str) -> None:
    out = tidy(typed)
    assert out == out.strip()
    assert "\n" not in out and "  " not in out
    assert not any(unicodedata.category(c) in ("Co", "Cc", "Cs") for c in out)
    assert not any(c in out for c in "\u200b\u200c\u2060\ufeff\u3000")
    assert unicodedata.is_normalized("NFC", out)


def words(text: str) -> str:
    return "".join(c for c in text if unicodedata.category(c)[0] in "LNS")


@pytest.mark.parametrize("typed", [t for t, _ in BATTERY], ids=[repr(t) for t, _ in BATTERY])
def test_words_are_never_changed(typed: str) -> None:
    """Letters, digits, Han characters and emoji come out in the same order."""
    assert words(tidy(typed)) == words(unicodedata.normalize("NFC", typed))


def test_nfc() -> None:
    assert tidy("Cafe\u0301 咖啡") == "Café咖啡。"


def test_renderer_markers_never_survive() -> None:
    markers = "\ue000\ue001\ue002\ue003"
    out = tidy(f"{markers}h1{markers}正文{markers}")
    assert out == "h1正文。"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("加强理论学习", "加强理论学习"),
        ("加强理论学习，", "加强理论学习"),
        ("加强理论学习 、", "加强理论学习"),
        ("加强理论学习。", "加强理论学习。"),
        ("存在问题：", "存在问题："),
        ("县长 ", "县长"),
        ("“两个确立”", "“两个确立”"),
        ("学习 , 理论", "学习，理论"),
    ],
)
def test_without_final_stop(typed: str, expected: str) -> None:
    assert tidy(typed, final_stop=False) == expected


@pytest.mark.parametrize(
    ("typed", "final_stop", "expected"),
    [
        ("存在问题：", True, "存在问题。"),
        ("存在问题:", True, "存在问题。"),
        ("存在问题：", False, "存在问题"),
        ("存在问题", True, "存在问题。"),
        ("时间:10:30", True, "时间：10:30。"),
    ],
)
def test_colon_end_not_kept(typed: str, final_stop: bool, expected: str) -> None:
    assert tidy(typed, final_stop=final_stop, keep_colon_end=False) == expected


def test_colon_end_kept_by_default() -> None:
    lead = "近年来做了一些工作，但对照要求，还存在以下问题:"
    assert tidy(lead) == "近年来做了一些工作，但对照要求，还存在以下问题："


def test_long_and_hostile_input_is_fast_and_stable() -> None:
    hostile = ["A" + "," * 2000 + "中", "A" + "(" * 1000 + ")" * 1000 + "中", '"A"' * 800 + "中", "{{" * 2000]
    for text in hostile:
        out = tidy(text)
        assert tidy(out) == out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("加强学习。", "加强学习"),
        ("一是加强学习；", "一是加强学习"),
        ("一是加强学习，", "一是加强学习"),
        ("one,", "one"),
        ("加强学习", "加强学习"),
        ("加强学习！", "加强学习！"),
        ("加强学习。。", "加强学习。"),
        ("加强学习。 ", "加强学习"),
        ("他说：“好。”", "他说：“好。”"),
        ("", ""),
    ],
)
def test_strip_end_mark(text: str, expected: str) -> None:
    assert strip_end_mark(text) == expected


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("", 0),
        ("加强学习。", 5),
        ("我们 use APP，好！", 11),
        ("3.5小时", 5),
        ("Word 文档", 6),
        ("  \n\u3000", 0),
        ("e\u0301", 1),
        (FAMILY, 3),
        (HEART, 1),
    ],
)
def test_char_count(text: str, count: int) -> None:
    assert char_count(text) == count


# --------------------------------------------------------------------------------------
# The fast paths: a step skips itself when the text holds nothing it could change.
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "今年以来，我坚持学习《习近平谈治国理政》，但还有不足",
        "学习“两个确立”……联系实际不够",
        "全年下乡调研42次，在村里过夜的只有1次",
        "坚持（一）和（二）；落实3.5%",
    ],
)
def test_ime_typed_text_is_unchanged_apart_from_the_final_stop(typed: str) -> None:
    assert tidy(typed) == typed + "。"
    assert tidy(typed, final_stop=False) == typed


def test_step_one_shortcut_sees_every_character_it_must_change() -> None:
    """_clean_chars returns printable text without variation selectors as it is: check that
    every character step 1 removes or replaces is indeed non-printable or a selector."""
    for cp in range(0x110000):
        c = chr(cp)
        if c.isprintable() and not chars_module._is_vs(c):
            assert not (c.isspace() and c != " "), hex(cp)
            assert c not in chars_module._ALWAYS_DROP and c != chars_module._ZWJ, hex(cp)
            assert unicodedata.category(c) not in ("Cc", "Co", "Cs"), hex(cp)


def test_step_one_shortcuts_agree_with_the_character_by_character_rules() -> None:
    rng = random.Random(20240501)
    alphabet = [*"中文学习 ,.A1", "\t", "\n", "\u3000", "\u00a0", "\u200b", "\u200d", "\ufeff", "\x07", "\ue000",
                "\U000f0001", "\ufe0f", "\ufe0e", "\U000e0100", "e\u0301", "\u0301", "💪", "👩", "❤", "#", "\ud800"]
    for _ in range(3000):
        text = unicodedata.normalize("NFC", "".join(rng.choices(alphabet, k=rng.randint(0, 12))))
        assert chars_module._clean_chars(text) == chars_module._clean_chars_one_by_one(text), repr(text)


def test_han_class_matches_the_ranges() -> None:
    for lo, hi in chars_module._HAN_RANGES:
        for cp, expected in ((lo - 1, False), (lo, True), ((lo + hi) // 2, True), (hi, True), (hi + 1, False)):
            if expected is False and any(a <= cp <= b for a, b in chars_module._HAN_RANGES):
                expected = True
            c = chr(cp)
            assert chars_module._is_han(c) is expected, hex(cp)
            assert (chars_module._HAN.fullmatch(c) is not None) is expected, hex(cp)


def test_ellipsis_pattern_is_the_documented_one() -> None:
    """_ELLIPSIS is spelled so every branch opens with a literal; it finds the same runs."""
    plain = re.compile(r"(?:\.{3,}|[…⋯])[.…⋯]*|。{3,}")
    for length in range(7):
        for chars in itertools.product(".…⋯。a", repeat=length):
            text = "".join(chars)
            spans = [m.span() for m in plain.finditer(text)]
            assert [m.span() for m in chars_module._ELLIPSIS.finditer(text)] == spans, text
            assert punctuation_module._has_ellipsis(text) is bool(spans), text


def test_random_text_is_stable() -> None:
    """tidy is idempotent and keeps every word, whatever mix of scripts and punctuation comes in."""
    rng = random.Random(7)
    alphabet = [*"我们要加强学习一二十堅持 ,.;:!?()\"'…。，、：；“”‘’《》—-AbZ09%℃\t\n\u3000",
                "...", "http://a.cn/x?y=1", "{{ x }}", "\u200b", "\u200d", "\ufe0f", "\u0301", "💪", FAMILY, "v1.2"]
    for _ in range(400):
        typed = "".join(rng.choices(alphabet, k=rng.randint(0, 40)))
        for options in VARIANTS:
            once = tidy(typed, **options)
            assert tidy(once, **options) == once, (typed, options)
        assert words(tidy(typed)) == words(unicodedata.normalize("NFC", typed)), typed


def test_char_count_matches_a_count_per_character_on_random_text() -> None:
    """The learnt character classes give the same count as classifying every character, cold and warm."""
    import random
    import unicodedata

    def reference(text: str) -> int:
        return sum(1 for c in text if not c.isspace() and unicodedata.category(c) not in ("Mn", "Me", "Cf"))

    rng = random.Random(19)
    alphabet = ("我们在学习贯彻中存在差距，。；：“”（）a1 \t\n\u3000\u00a0e\u0301\u200d\ufe0f👍🏻\U000e0067"
                + "".join(chr(rng.randrange(0x20, 0x3000)) for _ in range(200)))
    for size in (0, 1, 5, 40, 300, 3000):
        for _ in range(20):
            text = "".join(rng.choice(alphabet) for _ in range(size))
            assert char_count(text) == reference(text)
            assert char_count(text) == reference(text)  # the classes learnt by the first call
