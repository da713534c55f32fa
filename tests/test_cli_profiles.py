"""`selfreview check-profile` and `render` over profiles: line-numbered errors, parents, preview."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import ROOT, SAMPLES


def write_config(tmp_path: Path, prompts: Path) -> Path:
    config = tmp_path / "config.yaml"
    config.write_text(f"database:\n  url: sqlite:///{tmp_path / 'db.sqlite'}\nprofiles:\n  dir: {prompts}\n"
                      f"templates:\n  dir: {ROOT / 'templates'}\n", encoding="utf-8")
    return config


def test_every_shipped_profile_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(write_config(tmp_path, ROOT / "prompts")), "check-profile"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == len(list((ROOT / "prompts").glob("*.yaml")))
    assert all("通过（" in line for line in out)
    assert any("2025-zuofeng，2025年，5个方面；另有：会前学习研讨、征求意见和谈心谈话、上年度民主生活会整改落实情况、"
               "需要说明的事项、典型案例剖析" in line for line in out)


def test_a_variant_elsewhere_finds_its_parent_in_the_profiles_folder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    variant = tmp_path / "drafts" / "variant.yaml"
    variant.parent.mkdir()
    variant.write_text("extends: 2025-zuofeng\nid: 2025-zuofeng-test\nname: 测试用\n"
                       "aspects:\n  add: [带头抓好安全生产]\n", encoding="utf-8")
    config = str(write_config(tmp_path, ROOT / "prompts"))
    assert main(["--config", config, "check-profile", "--preview", str(variant)]) == 0
    out = capsys.readouterr().out
    assert "通过（2025-zuofeng-test，2025年，6个方面" in out
    assert "（六）在带头抓好安全生产方面。" in out and "一是〔问题一〕。〔问题一的具体表现〕。比如，〔事例〕。" in out
    assert "会前参加集中学习研讨〇〇次" in out


def test_errors_name_file_and_line_and_fail(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    text = (ROOT / "prompts" / "2024-dangji.yaml").read_text(encoding="utf-8")
    text = text.replace('  problems: {style: paragraphs, mark: "{cn}是"}', '  problems: {style: bullet, mark: "{cn}是"}')
    bad.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "style: bullet" in row)
    assert main(["--config", str(write_config(tmp_path, ROOT / "prompts")), "check-profile", str(bad)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{bad}:{line}: layout.problems.style: 应为 run_on / paragraphs / headings / titled / summary 之一")


def test_render_an_answers_file_of_a_later_year(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = str(write_config(tmp_path, ROOT / "prompts"))
    assert main(["--config", config, "render", str(SAMPLES / "answers-2025.yaml"), "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# 周明同志在2025年度民主生活会上的对照检查材料")
    assert "## 二、典型案例剖析" in out and "一是贯彻落实的精准度不够。" in out


def test_two_files_with_one_id_fail_the_folder_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    prompts = tmp_path / "prompts"
    prompts.mkdir()
    for name in ("a.yaml", "b.yaml"):
        (prompts / name).write_text((ROOT / "prompts" / "2021-dangshi.yaml").read_text(encoding="utf-8"),
                                    encoding="utf-8")
    assert main(["--config", str(write_config(tmp_path, prompts)), "check-profile"]) == 1
    out = capsys.readouterr().out
    assert f"{prompts / 'b.yaml'}:4: id: 与 {prompts / 'a.yaml'} 重复：2021-dangshi" in out
