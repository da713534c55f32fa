"""Helpers for the drafting-help tests: a second year's profile, and time passing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import update

from bot.storage.models import Change, Material
from bot.usecases import DraftingService
from tests.conftest import ROOT

SOURCE_2021 = (ROOT / "prompts" / "2021-dangshi.yaml").read_text(encoding="utf-8")


def next_year_source() -> str:
    """2022: aspect 2 kept as the first, aspect 5 kept as the third, two new aspects."""
    text = SOURCE_2021.replace("id: 2021-dangshi", "id: 2022-test").replace("year: 2021", "year: 2022")
    for key in ("name", "meeting"):
        text = text.replace(f"{key}: 2021年度党史学习教育专题民主生活会", f"{key}: 2022年度测试专题民主生活会")
    old_aspects = text[text.index("aspects:\n"): text.index("\ncounts:")]
    lines = old_aspects.splitlines()
    new_aspects = "\n".join(["aspects:", lines[2], "  - 带头测试新的第二个方面", lines[5], "  - 带头测试新的第四个方面"])
    text = text.replace(old_aspects, new_aspects)
    # phrases are keyed by aspect number: keep those of the four aspects
    return text.replace("    5:\n      - 履行一岗双责重业务轻党建", "    4:\n      - 履行一岗双责重业务轻党建").replace(
        "    4:\n      - 应对突发风险的预案准备不足", "    3:\n      - 应对突发风险的预案准备不足").replace(
        "    3:\n      - 与群众面对面交流偏少", "    2:\n      - 与群众面对面交流偏少").replace(
        "    2:\n      - 以普通党员身份过组织生活不经常", "    1:\n      - 以普通党员身份过组织生活不经常").replace(
        "    1:\n      - 对决定性意义的理解停留在字面\n      - 学习成果转化为工作思路慢\n      - 自学时间常被事务性工作挤占\n", "")


def two_years(folder: Path) -> Path:
    """A profiles folder holding the 2021 profile and the derived 2022 one."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "2021-dangshi.yaml").write_text(SOURCE_2021, encoding="utf-8")
    (folder / "2022-test.yaml").write_text(next_year_source(), encoding="utf-8")
    return folder


def age(service: DraftingService, user: int, days: int) -> None:
    """Pretend the official's last change was `days` ago."""
    with service.db.transaction() as session:
        draft = service.scope(session, user).material
        assert draft is not None
        past = datetime.now(UTC) - timedelta(days=days)
        session.execute(update(Change).where(Change.draft_id == draft.id).values(created_at=past))
        session.execute(update(Material).where(Material.id == draft.id).values(created_at=past))
