"""Type-ahead over real HTTP: a burst is filed in order while each message fits, then held and shown."""

from __future__ import annotations

from tests.fakebotapi import FakeBotAPI, make_message_update
from tests.telegram.harness import RunningBot

USER = 727272

# What an official prepared and pasted, one message per question, in the interview's order.
PREPARED = [
    "县人民政府副县长", "王测试", "某县人民政府",
    "本人认真学习全会精神，但对照要求还有差距：",
    "学习不够系统", "习惯于碎片化学习，读原著原文少，满足于看摘要、听传达", "今年只读了两本原著",
    "再写",
    "调研不够深入", "下乡多是听汇报、看现场，和群众坐下来深谈的时候少", "全年下乡调研四十余次，在村里过夜只有一次",
    "写完了",
    "本人能够坚持把党的政治建设摆在首位，但通过自我剖析，还存在不足：",
    "联系群众不够经常", "到联系点走访多是事先安排好的，面对面交流不多",
]
MEANT = [
    "author.position", "author.name", "author.unit", "themes.1.lead",
    "themes.1.problems.1.title", "themes.1.problems.1.detail", "themes.1.problems.1.example", "themes.1.problems.1.more",
    "themes.1.problems.2.title", "themes.1.problems.2.detail", "themes.1.problems.2.example", "themes.1.problems.2.more",
    "themes.2.lead", "themes.2.problems.1.title", "themes.2.problems.1.detail",
]


def pasted(server: FakeBotAPI, texts: list[str]) -> None:
    server.push_many([make_message_update(USER, text) for text in texts])


def test_fifteen_answers_pasted_at_once_land_each_under_its_question(server: FakeBotAPI, bot: RunningBot) -> None:
    bot.service.new(USER, "2021-dangshi")
    pasted(server, PREPARED)
    server.wait_for(lambda s: len([t for t in s.sent_messages(USER) if t.startswith(("已保存", "已跳过"))]) >= 15, 30)
    answers = bot.service.answers(USER)
    expected = dict(zip(MEANT, PREPARED, strict=True))
    expected["themes.1.problems.1.more"], expected["themes.1.problems.2.more"] = "yes", "no"
    assert {k: answers[k] for k in MEANT} == expected


def test_a_refused_message_in_a_burst_holds_the_rest_and_says_so(server: FakeBotAPI, bot: RunningBot) -> None:
    """Why: a refused answer shifted every later message of the burst by one question."""
    bot.service.new(USER, "2021-dangshi")
    burst = ["县人民政府副县长", "王测试", "某县人民政府", "好",  # "好" is far too short for the lead
             "学习不够系统", "习惯于碎片化学习，读原著原文少，满足于看摘要、听传达"]
    pasted(server, burst)
    server.wait_for(lambda s: sum("连续发送" in t for t in s.sent_messages(USER)) >= 3, 30)
    answers = bot.service.answers(USER)
    assert answers == {"author.position": burst[0], "author.name": burst[1], "author.unit": burst[2]}
    listing = bot.service.command(USER, "held")[0].text
    assert all(text in listing for text in burst[3:])
    # After reading the reply, the official answers the lead; the held texts wait to be filed on purpose.
    server.push(make_message_update(USER, "本人认真学习全会精神，但对照要求还有差距："))
    server.wait_for(lambda s: "themes.1.lead" in bot.service.answers(USER), 15)
    filled = bot.service.command(USER, "held", "填入")[0].text
    assert "第1条不符合当前问题的要求" in filled  # "好" is no title either: it stays held, nothing shifts
    assert "themes.1.problems.1.title" not in bot.service.answers(USER)


def test_fifteen_then_ten_more_files_nothing_under_a_wrong_question(server: FakeBotAPI, bot: RunningBot) -> None:
    bot.service.new(USER, "2021-dangshi")
    pasted(server, PREPARED)
    server.wait_for(lambda s: len([t for t in s.sent_messages(USER) if t.startswith("已保存")]) >= 15, 30)
    more = ["本人在践行宗旨方面做了一些工作，但仍有差距：", "回应诉求不够及时", "对群众反映的问题批转后跟进不够",
            "城关镇反映的渠道渗漏问题用了五个月", "写完了", "本人坚持学习运用历史经验，但还有不足：",
            "预案意识不足", "对风险研判不够超前", "生猪价格下行时帮扶方案晚出台一个月", "写完了"]
    # the second paste starts while the bot still asks aspect 2's third question (its example)
    pasted(server, more)
    server.wait_for(lambda s: sum(t.startswith(("已保存", "⚠️", "（连续")) for t in s.sent_messages(USER)) >= 25, 30)
    answers = bot.service.answers(USER)
    filed = {k: v for k, v in answers.items() if v in more}
    # whatever was filed sits where the interview stood, in order; nothing was invented
    assert "themes.2.problems.3.title" not in answers
    assert all(k.startswith(("themes.2.", "themes.3.", "themes.4.")) for k in filed), filed
