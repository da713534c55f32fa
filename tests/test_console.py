"""The terminal front end through a real pipe, and a restart in a new process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def run_console(db: Path, lines: list[str], cwd: Path) -> str:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "SELFREVIEW_CONSOLE_USER": "7"}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "console"], input="\n".join(lines) + "\n", text=True,
        capture_output=True, env=env, cwd=cwd, timeout=60, check=True)
    assert done.stderr == ""
    return done.stdout


def test_console_pipe_and_restart(tmp_path: Path) -> None:
    db = tmp_path / "console.db"
    out = run_console(db, ["/new 2021-dangshi", "县人民政府副县长", "/skip", "/skip"], tmp_path)
    assert "请选择要参加的会议" in out
    assert "已新建：2021年度党史学习教育专题民主生活会" in out
    assert "请填写您的职务" in out
    assert "[跳过] 输入 /skip" in out
    assert "【第2/9部分 · 本部分第1/5题" in out

    # A new process on the same database continues at the same question.
    out = run_console(db, [
        "/skip", "学习不够系统", "这是具体表现，有时把学习当成软任务，没有坚持下来。",
        "今年只参加了三次集中学习", "/edit 1", "/keep", "王某", "/cancel", "/draft", "/quit"], tmp_path)
    assert "欢迎回来" in out
    assert "第一个问题：请用一句短话概括问题" in out
    assert "当前内容：县人民政府副县长" in out
    assert "王某同志在2021年度党史学习教育专题民主生活会上的对照检查材料" in out
    assert "一是学习不够系统。这是具体表现" in out
    assert "如，今年只参加了三次集中学习。" in out
    saved = list((tmp_path / "selfreview-files").glob("*.txt"))
    assert saved and "王某同志" in saved[0].read_text(encoding="utf-8")
    # Word, PDF and the page-1 picture are saved beside it (config.yaml: pdf_in_chat)
    made = {path.suffix: path for path in (tmp_path / "selfreview-files").iterdir()}
    assert set(made) == {".txt", ".docx", ".pdf", ".png"}
    assert made[".docx"].read_bytes()[:2] == b"PK" and made[".png"].read_bytes()[:4] == b"\x89PNG"
    assert f"文件已保存：{made['.docx']}" in out


def test_render_command_text_and_markdown(tmp_path: Path) -> None:
    sample = ROOT / "tests" / "samples" / "answers-2021.yaml"
    text = subprocess.run([sys.executable, "-m", "bot", "render", str(sample)], capture_output=True,
                          text=True, check=True, cwd=tmp_path).stdout
    assert text.splitlines()[0] == "李明同志在2021年度党史学习教育专题民主生活会上的对照检查材料"
    target = tmp_path / "out.md"
    subprocess.run([sys.executable, "-m", "bot", "render", str(sample), "--format", "markdown", "-o",
                    str(target)], check=True, cwd=tmp_path)
    assert target.read_text(encoding="utf-8").startswith("# 李明同志")


def test_render_reports_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("profile: 2021-dangshi\nauthor: {name: 张三}\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "bot", "render", str(bad)], capture_output=True, text=True)
    assert done.returncode == 1 and "author.position：缺少内容" in done.stderr


def test_import_export_commands(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"}
    sample = ROOT / "tests" / "samples" / "answers-2021.yaml"
    done = subprocess.run([sys.executable, "-m", "bot", "import", "--user", "55", str(sample)],
                          capture_output=True, text=True, env=env, check=True)
    assert "已导入" in done.stdout
    out = tmp_path / "back.yaml"
    subprocess.run([sys.executable, "-m", "bot", "export", "--user", "55", "-o", str(out)], env=env, check=True)
    rendered = subprocess.run([sys.executable, "-m", "bot", "render", str(out)], capture_output=True,
                              text=True, check=True).stdout
    original = subprocess.run([sys.executable, "-m", "bot", "render", str(sample)], capture_output=True,
                              text=True, check=True).stdout
    assert rendered == original
    missing = subprocess.run([sys.executable, "-m", "bot", "export", "--user", "56"], capture_output=True,
                             text=True, env=env)
    assert missing.returncode == 1


def test_check_profile_reports_file_line_reason(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    text = (ROOT / "prompts" / "2021-dangshi.yaml").read_text(encoding="utf-8")
    bad.write_text(text.replace("min: 3, max: 6}", "min: 7, max: 6}", 1), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "bot", "check-profile", str(bad)], capture_output=True,
                          text=True)
    assert done.returncode == 1
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "causes: {min: 3" in row)
    assert f"{bad}:{line}: counts.causes: 应满足 1 ≤ min ≤ max ≤ 20" in done.stdout
    ok = subprocess.run([sys.executable, "-m", "bot", "check-profile"], capture_output=True, text=True,
                        cwd=ROOT)
    assert ok.returncode == 0 and "通过" in ok.stdout


def test_run_without_token_explains(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    done = subprocess.run([sys.executable, "-m", "bot", "run"], capture_output=True, text=True, env=env)
    assert done.returncode == 2
    assert "@BotFather" in done.stderr and "selfreview console" in done.stderr
