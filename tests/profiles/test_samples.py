"""Every shipped profile renders a sample material of our own exactly as expected, paragraph by paragraph.

The sample (written for these tests, in the style of each meeting) is an answers file in
tests/samples/rendered/<profile>.yaml; the expected text, one paragraph per line, is
tests/samples/rendered/<profile>.txt. Comparing paragraph by paragraph names the first
paragraph that differs, so a change of wording or layout shows where it lands.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.draft.answers_file import parse_answers
from bot.draft.assemble import Assembler
from bot.profiles import ProfileCatalog
from tests.conftest import ROOT

MATERIALS = Path(__file__).parent.parent / "samples" / "rendered"
SHIPPED = sorted(p.stem for p in (ROOT / "prompts").glob("*.yaml"))


def test_every_shipped_profile_has_a_sample() -> None:
    assert sorted(p.stem for p in MATERIALS.glob("*.yaml")) == SHIPPED
    assert sorted(p.stem for p in MATERIALS.glob("*.txt")) == SHIPPED


@pytest.mark.parametrize("profile_id", SHIPPED)
def test_sample_material_renders_as_expected(catalog: ProfileCatalog, assembler: Assembler, profile_id: str) -> None:
    content = parse_answers((MATERIALS / f"{profile_id}.yaml").read_bytes(), catalog.find)
    assert content.profile_id == profile_id
    actual = assembler.document(catalog.get(profile_id), content).text().splitlines()
    expected = (MATERIALS / f"{profile_id}.txt").read_text(encoding="utf-8").splitlines()
    for number, (want, got) in enumerate(zip(expected, actual, strict=False), start=1):
        assert got == want, f"paragraph {number}"
    assert len(actual) == len(expected)
