"""docs/profiles.md, followed step by step: every file it writes, command it runs and output it shows.

The guide marks its steps with HTML comments (invisible when the Markdown is read):
``<!-- doc-test: write PATH -->``, ``run``, ``expect``, ``replace PATH`` (a diff block) and
``chat /command``, each followed by a fenced block. "……" in an expected block stands for any lines.
"""

from __future__ import annotations

import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.app import build_service
from bot.cli import main
from bot.config import load_config
from tests.conftest import ROOT
from tests.service.helpers import scripted_answer
from tests.service.test_service import current

GUIDE = ROOT / "docs" / "profiles.md"
_STEP = re.compile(r"<!-- doc-test: (?P<op>\w+)(?: (?P<arg>[^>]*?))? -->\n```[\w-]*\n(?P<body>.*?)\n```", re.S)


@dataclass(frozen=True)
class Step:
    op: str
    arg: str
    body: str


def steps() -> list[Step]:
    return [Step(m["op"], (m["arg"] or "").strip(), m["body"]) for m in _STEP.finditer(GUIDE.read_text("utf-8"))]


def matches(expected: str, actual: list[str]) -> bool:
    """Expected lines appear in order; "……" stands for any lines; without it, all lines must match."""
    wanted = expected.splitlines()
    if "……" not in wanted:
        return wanted == actual
    position = 0
    for line in wanted:
        if line == "……":
            continue
        try:
            position = actual.index(line, position) + 1
        except ValueError:
            return False
    return True


def test_the_guide_has_every_kind_of_step() -> None:
    ops = [s.op for s in steps()]
    assert ops.count("write") == 1 and ops.count("run") == 6 and ops.count("expect") == 6
    assert ops.count("replace") == 4 and ops.count("chat") == 1
    # every command the guide shows is one the test runs
    shown = re.findall(r"```bash\n(.*?)\n```", GUIDE.read_text("utf-8"), re.S)
    assert sorted(shown) == sorted(s.body for s in steps() if s.op == "run")


def test_follow_the_guide(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                          capsys: pytest.CaptureFixture[str]) -> None:
    # A project folder as a secretary has it: the shipped profiles, a config, the templates.
    shutil.copytree(ROOT / "prompts", tmp_path / "prompts")
    (tmp_path / "config.yaml").write_text(
        f"database:\n  url: sqlite:///data.db\nprofiles:\n  dir: prompts\ntemplates:\n  dir: {ROOT / 'templates'}\n",
        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SELFREVIEW_CONFIG", str(tmp_path / "config.yaml"))
    for name in ("DATABASE_URL", "TELEGRAM_BOT_TOKEN"):
        monkeypatch.delenv(name, raising=False)

    output: list[str] = []
    for step in steps():
        if step.op == "write":
            (tmp_path / step.arg).write_text(step.body + "\n", encoding="utf-8")
        elif step.op == "replace":
            old = "\n".join(line[1:] for line in step.body.splitlines() if line.startswith("-"))
            new = "\n".join(line[1:] for line in step.body.splitlines() if line.startswith("+"))
            path = tmp_path / step.arg
            text = path.read_text(encoding="utf-8")
            assert text.count(old) == 1, (step.arg, old)
            path.write_text(text.replace(old, new), encoding="utf-8")
        elif step.op == "run":
            output = []
            for command in step.body.splitlines():
                argv = shlex.split(command)
                assert argv[0] == "selfreview"
                main(argv[1:])
                output += capsys.readouterr().out.splitlines()
        elif step.op == "expect":
            assert matches(step.body, output), (step.body, output)
        elif step.op == "chat":
            service = build_service(load_config())  # the bot restarted: it reads the profiles again
            output = service.command(7, step.arg.lstrip("/"))[0].text.splitlines()
            assert matches(step.body, output), (step.body, output)  # the block shows the reply
        else:
            raise AssertionError(f"unknown step {step.op}")

    # What the guide built works: a draft on the new profile asks its questions and renders.
    service = build_service(load_config())
    assert service.catalog.all()[0].id == "2026-example"
    replies = service.new(8, "2026-example-xiangzhen")
    assert "共5个方面" in replies[0].text
    draft = next(r.text for r in service.draft(8) if r.long)
    assert "（五）在带头抓好乡村全面振兴方面" in draft
    # new-profile, three fields filled, check passed: a material on it drafts end to end in chat
    replies = service.new(9, "2026-example")
    assert "共4个方面" in replies[0].text
    for _ in range(300):
        q = current(service, 9)
        if q is None:
            break
        typed = q.choices[0].label if q.kind == "option" else scripted_answer(q)
        replies = service.skip(9) if typed == "/skip" else service.answer(9, typed)
        assert not replies[-1].text.startswith("⚠️"), replies[-1].text
    assert current(service, 9) is None
    draft = next(r.text for r in service.draft(9) if r.long)
    assert "尚未填写" not in draft
    assert "示例主题：以学铸魂、以学增智、以学正风、以学促干" in draft and "（四）在带头严守纪律规矩、清正廉洁方面" in draft, draft
