"""The material written to disk for a conversion: private, removed, and swept after a kill -9."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import pytest

from bot.config import load_config
from bot.export import Exporter
from bot.export.pdf import LEGACY_MIN_AGE_S, ConversionError, docx_to_pdf, private_root, sweep_leftovers
from tests.conftest import ROOT

CFG = load_config(ROOT / "config.yaml", env={}).document
MATERIAL = "一是理论学习不够深入。".encode()

# Stands in for LibreOffice: says where it runs, then takes its time (the kill comes first).
SLOW_SOFFICE = """#!/bin/sh
echo $$ > "{pid_file}"
pwd > "{cwd_file}"
exec sleep 60
"""

CONVERT = """
import sys
from dataclasses import replace
from pathlib import Path
from bot.config import load_config
from bot.export.pdf import docx_to_pdf
cfg = replace(load_config(Path("config.yaml"), env={}).document, libreoffice=sys.argv[1])
docx_to_pdf(sys.argv[2].encode(), cfg)
"""


@pytest.fixture
def tmpdir_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def wait_for(path: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not (path.exists() and path.read_text().strip()):
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.05)


def test_kill_9_during_a_conversion_leaves_nothing_after_the_next_start(tmpdir_env: Path, tmp_path: Path) -> None:
    fake = tmp_path / "soffice"
    pid_file, cwd_file = tmp_path / "soffice.pid", tmp_path / "soffice.cwd"
    fake.write_text(SLOW_SOFFICE.format(pid_file=pid_file, cwd_file=cwd_file))
    fake.chmod(0o755)
    worker = subprocess.Popen([sys.executable, "-c", CONVERT, str(fake), MATERIAL.decode()], cwd=ROOT,
                              env={**os.environ, "TMPDIR": str(tmpdir_env)})
    try:
        wait_for(pid_file)
        wait_for(cwd_file)
        work = Path(cwd_file.read_text().strip())
        assert (work / "draft0.docx").read_bytes() == MATERIAL
        root = tmpdir_env / f"selfreview-{os.getuid()}"
        assert work.is_relative_to(root)
        for folder in (root, work.parent, work):  # nobody else on the machine can look in
            assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        worker.send_signal(signal.SIGKILL)
        assert worker.wait(10) == -signal.SIGKILL
    finally:
        if pid_file.exists():
            os.kill(int(pid_file.read_text()), signal.SIGKILL)
        worker.kill()
    assert (work / "draft0.docx").exists()  # what kill -9 leaves: the material in plain text
    legacy = tmpdir_env / "selfreview-pdf-k2j4x9"  # and what older versions left in $TMPDIR
    legacy.mkdir()
    (legacy / "draft.pdf").write_bytes(MATERIAL)
    an_hour_ago = time.time() - LEGACY_MIN_AGE_S - 1
    os.utime(legacy, (an_hour_ago, an_hour_ago))
    recent = tmpdir_env / "selfreview-pdf-inflight"  # an older version's conversion right now
    recent.mkdir()

    Exporter(CFG)  # the next process starts

    assert not work.parent.exists() and not legacy.exists() and recent.exists()
    assert list(private_root().iterdir()) == []


def test_a_finished_or_failed_conversion_removes_its_directory(tmpdir_env: Path, tmp_path: Path) -> None:
    failing = tmp_path / "soffice"
    failing.write_text("#!/bin/sh\nexit 3\n")
    failing.chmod(0o755)
    with pytest.raises(ConversionError, match="LibreOffice 转换失败"):
        docx_to_pdf(MATERIAL, replace(CFG, libreoffice=str(failing)))
    own = [entry for entry in private_root().iterdir()]
    assert [entry.name for entry in own] == [f"pid-{os.getpid()}"]
    assert [entry.name for entry in own[0].iterdir() if not entry.name.startswith("libreoffice-")] == []


def test_a_running_workers_directory_is_not_swept(tmpdir_env: Path) -> None:
    alive = private_root() / f"pid-{os.getpid()}" / "pdf-inflight"
    alive.mkdir(parents=True)
    dead = private_root() / "pid-999999999" / "pdf-left"
    dead.mkdir(parents=True)
    assert sweep_leftovers() == 1
    assert alive.exists() and not dead.parent.exists()


def test_the_private_directory_is_made_private_again(tmpdir_env: Path) -> None:
    root = tmpdir_env / f"selfreview-{os.getuid()}"
    root.mkdir(mode=0o755)
    root.chmod(0o755)
    assert private_root() == root and stat.S_IMODE(root.stat().st_mode) == 0o700


def test_a_symlink_in_its_place_is_refused(tmpdir_env: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmpdir_env / f"selfreview-{os.getuid()}").symlink_to(elsewhere)
    with pytest.raises(ConversionError, match="不属于本程序的运行用户"):
        private_root()
