"""Issue 13's walk through the real PTB Application and the fake Bot API over HTTP."""

from __future__ import annotations

from tests.fakebotapi import FakeBotAPI, SentDocument
from tests.telegram.harness import Chat, RunningBot
from tests.usecases.scenario import four_problem_sample, walk

USER = 616161


class Telegram:
    def __init__(self, server: FakeBotAPI) -> None:
        self.server = server
        self.chat = Chat(server, USER)
        self.drafts = 0

    def write_material(self) -> None:
        self.chat.send_file(four_problem_sample(), "答案.yaml", "确认导入吗")
        self.chat.press("imp:yes", "导入完成")

    def say(self, text: str, expect: str) -> str:
        return "\n".join(self.chat.say(text, expect))

    def confirm_remove(self, number: str) -> str:
        return "\n".join(self.chat.press(f"rm:{number}", "已删除"))

    def draft_text(self) -> str:
        self.drafts += 1
        self.chat.say("/draft", "【草稿】")

        def arrived(s: FakeBotAPI) -> list[SentDocument] | None:
            found = [d for d in s.sent_documents(USER) if d.filename.endswith(".txt")]
            return found if len(found) >= self.drafts else None

        return self.server.wait_for(arrived, 15)[-1].content.decode("utf-8")


def test_the_walk_through_telegram(server: FakeBotAPI, bot: RunningBot) -> None:
    walk(Telegram(server))
