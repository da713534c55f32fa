"""The seed's properties on a sample written for the test, through `selfreview check` as well.

The seed (never committed) calls its author 副县长, 县长 and 县委副书记、县长 in three
leads while its problems carry examples; tests/samples/review-2021.yaml does the same
with a fictional district head. The check must find the position and pass the
concrete problems.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.draft.answers_file import parse_answers
from bot.draft.assemble import Assembler
from bot.profiles import ProfileCatalog
from bot.review import default_rules, review
from tests.conftest import ROOT, SAMPLES

SAMPLE = SAMPLES / "review-2021.yaml"


def test_sample_position_found_and_concrete_problems_pass(catalog: ProfileCatalog, assembler: Assembler) -> None:
    content = parse_answers(SAMPLE.read_bytes(), catalog.find)
    profile = catalog.get(content.profile_id)
    report = review(profile, content, assembler.document(profile, content), default_rules())
    position = [f for f in report.findings if f.check == "position"]
    assert len(position) == 1
    for form in ("〔2.0〕（一）开头段写作“区政府副区长”", "〔5.0〕（四）开头段写作“区长”",
                 "〔5.1〕（四）问题一写作“区长”", "〔6.0〕（五）开头段写作“区委副书记、区长”"):
        assert form in position[0].message
    # Ten problems; only the one written without anything concrete is named.
    assert sum(len(t.problems) for t in content.themes) == 10
    assert [(f.where, f.quote) for f in report.findings if f.check == "not_concrete"] == [("3.2", "政治敏锐性还有差距")]
    for check in ("stock_phrase", "suggestion", "not_own", "cause_repeats", "duplicate", "measure_vague", "balance"):
        assert not [f for f in report.findings if f.check == check], check


def test_selfreview_check_prints_the_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(ROOT / "config.yaml"), "check", str(SAMPLE)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("【审读意见】")
    assert "本人职务前后写法不一致（1处）" in out and "“区政府副区长”" in out
    assert "〔3.2〕（二）问题二：问题“政治敏锐性还有差距”没有事例" in out


def test_selfreview_check_refuses_a_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("profile: 2021-dangshi\nauthor: 5\n", encoding="utf-8")
    assert main(["--config", str(ROOT / "config.yaml"), "check", str(bad)]) == 1
    assert "author" in capsys.readouterr().err


def test_selfreview_check_goes_by_the_files_measure_marks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import yaml

    doc = yaml.safe_load((SAMPLES / "answers-2021.yaml").read_text(encoding="utf-8"))
    for measure, answers in zip(doc["measures"], (["1.1"], ["3.1"], [], ["5.1"]), strict=True):
        if answers:
            measure["answers"] = answers
    marked = tmp_path / "marked.yaml"
    marked.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert main(["--config", str(ROOT / "config.yaml"), "check", str(marked)]) == 0
    out = capsys.readouterr().out
    assert "按用词推断" not in out
    assert "措施“敢于直面难题，抓好工作落实”没有对应前面查摆的任何问题" in out
