"""Issue 13's walk through the terminal front end (the Telegram one is in tests/telegram/test_materials_e2e.py)."""

from __future__ import annotations

from pathlib import Path

from bot.console import handle_line
from bot.usecases import DraftingService, Reply
from tests.usecases.scenario import four_problem_sample, walk

USER = 7


class Console:
    """Lines typed into `selfreview console`, through the console's own line handler."""

    def __init__(self, service: DraftingService, tmp_path: Path) -> None:
        self.service = service
        self.sample = tmp_path / "答案.yaml"
        self.sample.write_bytes(four_problem_sample())

    def _type(self, line: str) -> list[Reply]:
        return handle_line(self.service, USER, line)

    def write_material(self) -> None:
        assert "确认导入吗" in self._type(f"/import {self.sample}")[0].text
        assert "导入完成" in self._type("/import 确认")[0].text

    def say(self, text: str, expect: str) -> str:
        shown = "\n".join(r.text for r in self._type(text))
        assert expect in shown, shown
        return shown

    def confirm_remove(self, number: str) -> str:
        # The terminal shows the button as what to type: "[确认删除这一项] 输入 /remove 2.2 确认".
        return self.say(f"/remove {number} 确认", "已删除")

    def draft_text(self) -> str:
        return next(r.text for r in self._type("/draft") if r.long)


def test_the_walk_through_the_terminal(service: DraftingService, tmp_path: Path) -> None:
    walk(Console(service, tmp_path))
