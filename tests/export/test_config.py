"""The document: section of config.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, DocumentConfig, load_config
from tests.conftest import ROOT


def write(tmp_path: Path, document: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(f"document:\n{document}", encoding="utf-8")
    return path


def test_shipped_config_is_the_standard_format() -> None:
    document = load_config(ROOT / "config.yaml", env={}).document
    assert document.fontconfig == ROOT / "fonts" / "fontconfig" / "selfreview-fonts.conf"
    assert document.fontconfig.is_file()
    # everything else equals the built-in GB/T 9704 defaults
    from dataclasses import replace
    assert replace(document, fontconfig=None) == DocumentConfig()


def test_a_unit_may_prescribe_other_fonts(tmp_path: Path) -> None:
    cfg = load_config(write(tmp_path, "  body_font: 仿宋\n  line_spacing_pt: 28\n  pdf_in_chat: false\n"
                                      "  fontconfig: my.conf\n"), env={}).document
    assert cfg.body_font == "仿宋" and cfg.line_spacing_pt == 28.0 and cfg.pdf_in_chat is False
    assert cfg.fontconfig == tmp_path / "my.conf"
    assert cfg.h2_font == "楷体_GB2312"  # unspecified keys keep the defaults


def test_the_export_cache_is_small_by_default_and_0_turns_it_off(tmp_path: Path) -> None:
    assert load_config(ROOT / "config.yaml", env={}).document.export_cache == 32
    assert load_config(write(tmp_path, "  export_cache: 0\n"), env={}).document.export_cache == 0


@pytest.mark.parametrize(("line", "message"), [
    ("  body_fnt: 仿宋\n", "document.body_fnt 不是可用的设置项"),
    ("  pdf_in_chat: yes please\n", "document.pdf_in_chat 应为 true 或 false"),
    ("  lines_per_page: 22.5\n", "document.lines_per_page 应为正整数"),
    ("  body_size_pt: -3\n", "document.body_size_pt 应为正数"),
    ("  title_font: ''\n", "document.title_font 应为非空文字"),
    ("  export_cache: -1\n", "document.export_cache 应为非负整数"),
    ("  export_cache: true\n", "document.export_cache 应为非负整数"),
])
def test_mistakes_are_reported_in_chinese(tmp_path: Path, line: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config(write(tmp_path, line), env={})
