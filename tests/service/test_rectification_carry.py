"""Last year's measures become this year's 上年度整改落实情况 items (issue 7 part 5 with issue 8)."""

from __future__ import annotations

from bot.usecases import DraftingService
from tests.conftest import SAMPLES

USER = 6161


def answers(service: DraftingService) -> dict[str, str | None]:
    with service.db.transaction() as session:
        ctx = service.scope(session, USER)
        return dict(ctx.answers)


def test_new_draft_lists_last_years_measures_as_rectification_items(service: DraftingService) -> None:
    service.receive_file(USER, "2021.yaml", (SAMPLES / "answers-2021.yaml").read_bytes())
    service.confirm_import(USER, True)
    offer = service.new(USER, "2024-dangji")[0]
    # An earlier-year draft exists: carry it over or start afresh.
    assert "您有一份以前的材料（2021年度党史学习教育专题民主生活会，" in offer.text
    assert [b.label for row in offer.buttons for b in row] == ["以上年材料为基础", "全新开始"]

    replies = service.new(USER, "2024-dangji 全新")
    assert "已列出您上一份材料的4条整改措施" in replies[0].text
    stored = answers(service)
    assert [stored.get(f"rectification.{k}.title") for k in range(1, 5)] == [
        "系统学习理论，筑牢思想根基", "走进群众中间，解决急难愁盼",
        "敢于直面难题，抓好工作落实", "压实管党责任，严格监督执纪"]
    assert "author.position" not in stored  # afresh: nothing else carried

    # The interview reaches those items and asks only what was done and what remains.
    with service.db.transaction() as session:
        ctx = service.scope(session, USER)
        assert ctx.interview is not None
        asked = [q.id for q in ctx.interview.plan(ctx.answers) if q.id.startswith("rectification.1.")]
    assert "rectification.1.done" in asked and "rectification.1.title" in asked
    assert stored["rectification.1.title"] is not None


def test_no_earlier_draft_no_items(service: DraftingService) -> None:
    replies = service.new(USER, "2024-dangji")
    assert "整改措施" not in replies[0].text.split("\n")[0]
    assert not any(qid.startswith("rectification.") for qid in answers(service))
