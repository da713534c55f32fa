"""config.yaml `unit:`: the unit's own notice and usual form, applied to every material."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.config import ConfigError, load_config
from bot.draft.answers_file import parse_answers
from bot.draft.assemble import Assembler
from bot.profiles import ProfileCatalog
from tests.conftest import ROOT

SAMPLE = ROOT / "tests" / "samples" / "rendered" / "2025-zuofeng.yaml"


def unit_config(tmp_path: Path, unit: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(f"profiles:\n  dir: {ROOT / 'prompts'}\ntemplates:\n  dir: {ROOT / 'templates'}\n{unit}",
                    encoding="utf-8")
    return path


def test_the_units_notice_and_usual_form(tmp_path: Path, catalog: ProfileCatalog) -> None:
    config = load_config(unit_config(tmp_path, "unit:\n  notice_issuer: 县委\n  notice_title: 关于开好{meeting}的通知\n"
                                               "  options: {items: dot}\n"), env={})
    assert config.notice == "县委《关于开好{meeting}的通知》"
    assembler = Assembler(config.templates_dir, config.notice, config.option_defaults)
    content = parse_answers(SAMPLE.read_bytes(), catalog.find)
    lines = assembler.document(catalog.get(content.profile_id), content).text().splitlines()
    assert lines[1].startswith("按照县委《关于开好2025年度民主生活会的通知》要求，本人紧扣")
    assert lines[4].startswith("1.政治判断力还需提高。")  # the unit's usual "1." headings
    # the official's own choice wins over the unit's
    own = replace(content, options={"items": "run_on"})
    assert "一是政治判断力还需提高。" in assembler.document(catalog.get(content.profile_id), own).text()
    # a profile without that option is not affected
    member = catalog.get("2024-zuzhishenghuo")
    assert member.variant({"items": "dot"}) is member


def test_without_unit_settings_the_profiles_notice_is_cited(tmp_path: Path) -> None:
    config = load_config(unit_config(tmp_path, ""), env={})
    assert config.notice is None and dict(config.option_defaults) == {}


@pytest.mark.parametrize(("unit", "message"), [
    ("unit:\n  issuer: 县委\n", "unit.issuer 不是可用的设置项"),
    ("unit:\n  notice_issuer: 县委\n", "unit.notice_title 应写明通知标题"),
    ("unit:\n  notice_title: 关于开好{name}的通知\n", "只能使用 {year}、{meeting}"),
    ("unit:\n  options: [dot]\n", "unit.options 应为映射"),
])
def test_unit_settings_are_checked(tmp_path: Path, unit: str, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_config(unit_config(tmp_path, unit), env={})
    assert message in str(raised.value)
