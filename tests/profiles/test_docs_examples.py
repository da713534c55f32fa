"""Every example of docs/profiles.md marked ``<!-- profile-example: NAME -->`` loads and renders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.draft.assemble import Assembler
from bot.draft.preview import preview_content
from bot.interview.engine import Interview
from bot.profiles import load_profile
from tests.conftest import ROOT

_EXAMPLE = re.compile(r"<!-- profile-example: (?P<name>[\w-]+) -->\n```yaml\n(?P<body>.*?)\n```", re.S)
EXAMPLES = {m["name"]: m["body"] for m in _EXAMPLE.finditer((ROOT / "docs" / "profiles.md").read_text("utf-8"))}
# One example per schema gap of issue 15, and the options.
GAPS = {"no-lead", "arabic", "problems-lead", "free-part", "two-paragraphs", "titled", "prose", "change-aspects",
        "lead-stop", "rectification-sentence", "rectification-paragraph", "options"}


def test_the_guide_shows_every_gap() -> None:
    assert set(EXAMPLES) == GAPS


@pytest.mark.parametrize("name", sorted(GAPS))
def test_example_loads_and_previews(tmp_path: Path, assembler: Assembler, name: str) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_text(EXAMPLES[name] + "\n", encoding="utf-8")
    profile = load_profile(path, [ROOT / "prompts"])
    text = assembler.document(profile, preview_content(Interview(profile))).text()
    assert "〔问题一〕" in text and "{" not in text
    seen = {
        "no-lead": "（一）政治信仰方面。一是〔问题一〕",
        "arabic": "等4个方面",
        "problems-lead": "一、存在的问题\n对照6个方面，我查摆出以下问题：\n",
        "free-part": "一、党支部基本情况\n〔内容〕。\n二、存在的问题",
        "two-paragraphs": "六个方面进行了自我检视。\n现将个人检视剖析情况报告如下，请同志们批评帮助。\n一、",
        "titled": "\n1.〔问题一〕。\n〔问题一的具体表现〕。",
        "prose": "（六）纪律作风方面。〔该方面的文字〕。\n",
        "change-aspects": "（二）在带头固本培元、增强党性方面。",
        "lead-stop": "（一）政治信仰方面。对照合格党员标准",
        "rectification-sentence": "对照上年度查摆的“〔上年度措施一〕”“〔上年度措施二〕”等2个问题，我均已整改到位。",
        "rectification-paragraph": "情况报告如下。\n上年度组织生活会后，我对查摆的两个问题逐项进行了整改：一是〔上年度措施一〕。",
        "options": "比如，〔事例〕",
    }[name]
    assert seen in text, text
