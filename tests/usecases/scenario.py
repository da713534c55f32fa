"""The material as a document, walked the same way through every front end (issue 13's "done when").

write a material → /new for another meeting → /materials → open the first again → remove
problem 2.2 → move 2.3 up → edit only the example of 2.1 → add a cause at position 1 → four
/undo restore each step in reverse (the draft text after each equal to what it was before
that step) → /redo.
"""

from __future__ import annotations

from typing import Protocol

import yaml

from tests.conftest import SAMPLES

# Two more problems for the first aspect, written for this test, so that aspect has four.
EXTRA_PROBLEMS = [
    {"title": "调查研究的针对性不强", "detail": "选题多跟着上级部署走，围绕群众急难愁盼开展专题调研较少",
     "example": "今年牵头的4个调研课题中，只有1个来自基层反映的问题"},
    {"title": "抓学习成果转化不够有力", "detail": "学习体会写得多，转化为推动工作的具体举措偏少"},
]
NEW_EXAMPLE = "今年7月至9月，我个人自学记录只有5次"
NEW_CAUSE = "政治理论学习的自觉性有所松懈"


def four_problem_sample() -> bytes:
    """The 2021 sample answers with four problems in the first aspect."""
    data = yaml.safe_load((SAMPLES / "answers-2021.yaml").read_text(encoding="utf-8"))
    data["themes"][0]["problems"].extend(EXTRA_PROBLEMS)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


class FrontEnd(Protocol):
    def write_material(self) -> None: ...
    def say(self, text: str, expect: str) -> str: ...
    def confirm_remove(self, number: str) -> str: ...
    def draft_text(self) -> str: ...


def walk(front: FrontEnd) -> None:
    front.write_material()
    written = front.draft_text()
    assert "二是学用结合有欠缺" in written and "四是抓学习成果转化不够有力" in written

    front.say("/new 2024-dangji 全新", "已新建")
    listing = front.say("/materials", "我的材料（共2份）")
    assert "1. 2021年度党史学习教育专题民主生活会" in listing and "▶ 2. 2024年度民主生活会" in listing
    assert "县农业农村局党组书记、局长李明" in listing and "进度100%" in listing
    front.say("/open 1", "已打开第1份材料")
    assert front.draft_text() == written

    steps: list[str] = [written]
    assert "学用结合有欠缺" in front.say("/remove 2.2", "确定删除吗")
    front.confirm_remove("2.2")
    steps.append(front.draft_text())
    assert "学用结合有欠缺" not in steps[-1] and "二是调查研究的针对性不强" in steps[-1]

    front.say("/up 2.3", "移到第2个")
    steps.append(front.draft_text())
    assert "二是抓学习成果转化不够有力" in steps[-1] and "三是调查研究的针对性不强" in steps[-1]

    front.say("/edit 2.1 例子", "事例")
    front.say(NEW_EXAMPLE, "已保存")
    steps.append(front.draft_text())
    assert NEW_EXAMPLE in steps[-1] and "学习的系统性不强" in steps[-1]

    front.say("/add 8 1", "增加一条原因")
    front.say(NEW_CAUSE, "已保存")
    front.say("这是我对原因的剖析：满足于完成规定动作，没有把学习当作政治责任来抓。", "已保存")
    steps.append(front.draft_text())
    assert f"（一）{NEW_CAUSE}" in steps[-1] or f"一是{NEW_CAUSE}" in steps[-1]

    # The cause took two answers after it was added: those are undone first, then the rest.
    front.say("/undo", "已撤销")
    front.say("/undo", "已撤销")
    front.say("/undo", "已撤销")  # the added (empty) cause goes
    assert front.draft_text() == steps[3]
    front.say("/undo", "已撤销")
    assert front.draft_text() == steps[2]
    front.say("/undo", "已撤销")
    assert front.draft_text() == steps[1]
    front.say("/undo", "已撤销")
    assert front.draft_text() == steps[0] == written
    front.say("/redo", "已恢复")
    assert front.draft_text() == steps[1]
