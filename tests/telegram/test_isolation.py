"""No command, button or file lets one official read or change another's draft."""

from __future__ import annotations

from dataclasses import replace

from bot import texts
from bot.config import AccessConfig, Config
from tests.conftest import SAMPLES
from tests.fakebotapi import FakeBotAPI, make_callback_update, make_command_update
from tests.telegram.harness import Chat, RunningBot, signed
from tests.telegram.stored import user_state

ALICE = 610_001
BOB = 610_002
# Sentences only Alice's draft holds (from the sample answers file she imports).
ALICE_SENTENCES = ["县农业农村局党组书记", "学习的系统性不强", "今年6月至9月，我个人自学记录只有11次"]


def _callback_data(server: FakeBotAPI, chat_id: int) -> list[str]:
    """Every callback_data the bot ever put on a button in this chat."""
    found = []
    for call in server.calls("sendMessage") + server.calls("sendDocument"):
        if call.params.get("chat_id") != chat_id:
            continue
        markup = call.params.get("reply_markup") or {}
        for row in markup.get("inline_keyboard", []) if isinstance(markup, dict) else []:
            found.extend(button["callback_data"] for button in row if "callback_data" in button)
    return found


def test_one_user_cannot_reach_another_users_draft(server: FakeBotAPI, tg_config: Config) -> None:
    config = replace(tg_config, access=AccessConfig(allowed_users=frozenset({ALICE, BOB})))
    with RunningBot(config, access=None) as bot:
        alice, bob = Chat(server, ALICE), Chat(server, BOB)
        alice.send_file((SAMPLES / "answers-2021.yaml").read_bytes(), "答案.yaml", "确认导入吗")
        alice.press("imp:yes", "导入完成")
        alice.say("/edit 2.1", "当前内容：学习的系统性不强")  # Alice is mid-revision, with buttons showing
        bob.say("/new 2021-dangshi", "请填写您的职务")
        bob.say("县人民政府副县长", texts.SAVED)

        alice_before = user_state(bot.service, ALICE)
        (alice_draft_id, *_), = alice_before["drafts"]
        alice_messages = len(server.sent_messages(ALICE))

        # Commands naming Alice's draft id, her parts, her pending actions.
        for command, args in [("/section", "2"), ("/section", str(alice_draft_id)), ("/edit", str(alice_draft_id)),
                              ("/edit", "2.1"), ("/new", str(alice_draft_id)), ("/import", "确认"),
                              ("/keep", None), ("/draft", None), ("/export", None), ("/status", None),
                              ("/cancel", None), ("/back", None)]:
            server.push(make_command_update(BOB, command, args))
        # Alice's real buttons, replayed by Bob: signed for Alice, so refused.
        alice_buttons = _callback_data(server, ALICE)
        assert any(data.startswith("keep:themes.1.problems.1") for data in alice_buttons)
        for data in alice_buttons:
            server.push(make_callback_update(BOB, data))
        # Data made up with Alice's ids (as a modified client could), unsigned and signed for Bob:
        # the signature refuses the first, and the service only ever acts on Bob's own draft.
        forged = ["keep:themes.1.problems.1.title", f"edit:{alice_draft_id}", "imp:yes", "del:yes",
                  "pick:themes.1.problems.1.more:yes", f"new:{alice_draft_id}", "hint:themes.1.problems.1.title"]
        for data in forged:
            server.push(make_callback_update(BOB, data))
        for data in forged[:-2]:  # everything but del:yes (Bob's own data would go) and new
            if data != "del:yes":
                server.push(make_callback_update(BOB, signed(BOB, data)))
        # Alice's exported answers file, if she gave Bob a copy, becomes Bob's own new draft.
        bob.send_file((SAMPLES / "answers-2021.yaml").read_bytes(), "别人的答案.yaml", "确认导入吗")
        bob.press("imp:yes", "导入完成")
        bob.say("/help", "使用说明")  # everything Bob sent before has been handled

        # Alice: nothing changed, nothing sent to her chat.
        assert user_state(bot.service, ALICE) == alice_before
        assert len(server.sent_messages(ALICE)) == alice_messages
        # Bob: never shown a word of Alice's draft before he imported his own copy.
        bob_texts = server.sent_messages(BOB)
        before_import = bob_texts[:next(i for i, t in enumerate(bob_texts) if "收到答案文件" in t)]
        assert not any(sentence in t for t in before_import for sentence in ALICE_SENTENCES)
        assert bob_texts.count(texts.STALE_BUTTON) >= len(alice_buttons) + len(forged)
        # Bob's /new and his import made drafts of his own; none of them is Alice's. ("/new 1"
        # names the newest profile, a later year than Bob's draft, so it only offered to
        # carry his own draft over, and created nothing.)
        bob_state = user_state(bot.service, BOB)
        assert len(bob_state["drafts"]) == 2
        assert alice_draft_id not in {draft[0] for draft in bob_state["drafts"]}

        # And Alice carries on exactly where she was.
        alice.press("keep:themes.1.problems.1.title", "当前内容：习惯于围绕手头工作")
