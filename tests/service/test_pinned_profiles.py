"""A draft keeps the profile version it started with, parents it extends included."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from bot.app import build_service
from bot.config import Config
from bot.storage.models import ProfileSnapshot
from bot.usecases import DraftingService
from tests.conftest import ROOT

USER = 5005
PARENT = (ROOT / "prompts" / "2024-dangji.yaml").read_text(encoding="utf-8")
GRANDPARENT = (ROOT / "prompts" / "2021-dangshi.yaml").read_text(encoding="utf-8")
VARIANT = """\
extends: 2024-dangji
id: 2024-dangji-jiguan
name: 2024年度民主生活会（机关部门负责人）
aspects:
  add: [带头改进机关作风、服务基层群众]
"""


def draft_text(service: DraftingService, user: int = USER) -> str:
    return next(r.text for r in service.draft(user) if r.long)


def current_id(service: DraftingService, user: int = USER) -> str | None:
    with service.db.transaction() as session:
        ctx = service.scope(session, user)
        assert ctx.interview is not None and ctx.material is not None
        q = ctx.interview.current(ctx.answers, ctx.focus)
        return q.id if q else None


def test_editing_the_parent_never_changes_a_draft_in_progress(config: Config, tmp_path: Path) -> None:
    prompts = tmp_path / "prompts"
    prompts.mkdir()
    (prompts / "2021-dangshi.yaml").write_text(GRANDPARENT, encoding="utf-8")
    (prompts / "2024-dangji.yaml").write_text(PARENT, encoding="utf-8")
    (prompts / "jiguan.yaml").write_text(VARIANT, encoding="utf-8")
    cfg = replace(config, profiles_dir=prompts)

    service = build_service(cfg)
    replies = service.new(USER, "2024-dangji-jiguan")
    assert "共5个方面" in replies[0].text
    for text in ("市发展改革委主任", "/skip", "/skip", "6", "23"):
        service.skip(USER) if text == "/skip" else service.answer(USER, text)
    assert current_id(service) == "counts.talks"
    before = draft_text(service)
    assert "带头改进机关作风、服务基层群众" in before and "二、存在的主要问题" in before

    # The secretary edits the parent: another heading, one aspect reworded, the talks count dropped;
    # and the 2021 profile the parent extends: another closing.
    edited = (PARENT.replace("  counts_title:", "  problems_heading: 查摆的突出问题\n  counts_title:")
              .replace("  - 带头履行全面从严治党政治责任", "  - 带头履行全面从严治党主体责任")
              .replace("，开展谈心谈话{counts.talks}人次", "")
              .replace("  - id: talks\n    question: 会前您开展谈心谈话共多少人次？（只填数字）\n"
                       "    hint: 包括与班子成员、分管部门负责人和干部群众的谈心谈话，按人次填写。\n", ""))
    assert "{counts.talks}" not in edited and "id: talks\n" not in edited
    (prompts / "2024-dangji.yaml").write_text(edited, encoding="utf-8")
    closing = "  closing: 以上是我个人的对照检查，敬请同志们批评指正，我将虚心接受、认真整改。"
    assert closing in GRANDPARENT
    (prompts / "2021-dangshi.yaml").write_text(
        GRANDPARENT.replace(closing, "  closing: 以上对照检查，请同志们批评帮助。"), encoding="utf-8")

    restarted = build_service(cfg)  # a new process reads the edited files
    assert restarted.catalog.get("2024-dangji-jiguan").wording.problems_heading == "查摆的突出问题"
    # the draft in progress: same question next, same wording, same sections
    assert current_id(restarted) == "counts.talks"
    assert draft_text(restarted) == before
    status = restarted.status(USER)[0].text
    assert "存在的主要问题（四）带头履行全面从严治党政治责任" in status
    restarted.answer(USER, "41")
    assert "开展谈心谈话41人次" in draft_text(restarted)

    # the snapshot holds the whole resolved profile, not the child file
    with restarted.db.transaction() as session:
        ctx = restarted.scope(session, USER)
        assert ctx.material is not None
        snapshot = session.get(ProfileSnapshot, ctx.material.profile_digest)
        assert snapshot is not None
        assert "extends:" not in snapshot.source and "带头履行全面从严治党政治责任" in snapshot.source
        assert "带头改进机关作风、服务基层群众" in snapshot.source

    # a draft started now gets the edited version
    other = USER + 1
    restarted.new(other, "2024-dangji-jiguan")
    restarted.answer(other, "市发展改革委主任")
    fresh = draft_text(restarted, other)
    assert "查摆的突出问题" in fresh and "带头履行全面从严治党主体责任" in fresh and "谈心谈话" not in fresh
    assert fresh.splitlines()[-1] == "以上对照检查，请同志们批评帮助。"
    assert before.splitlines()[-1].startswith("以上是我个人的对照检查")


def test_draft_header_gives_the_usual_length(service: DraftingService) -> None:
    service.new(USER, "2024-zuzhishenghuo")
    header = service.draft(USER)[0].text
    assert header.startswith("【草稿】") and "此类材料一般为2000～3000字" in header
