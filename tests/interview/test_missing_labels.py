"""/status names what is missing in Chinese for every question kind of every shipped profile."""

from __future__ import annotations

import re

import pytest

from bot.interview.engine import YES, Interview
from bot.interview.missing import label, missing
from bot.profiles import ProfileCatalog
from tests.conftest import ROOT

CATALOG = ProfileCatalog.from_dir(ROOT / "prompts")


@pytest.mark.parametrize("profile_id", [p.id for p in CATALOG.all()])
def test_no_raw_question_ids_in_what_is_missing(profile_id: str) -> None:
    interview = Interview(CATALOG.get(profile_id))
    # "one more" everywhere and "yes" to every declaration, so every kind is in the plan
    answers = {q.id: YES for q in interview.plan({}) if q.is_choice}
    answers.update({q.id: YES for q in interview.plan(answers) if q.is_choice})
    plan = interview.plan(answers)
    texts = [label(interview, q) for q in plan]
    texts += [item for m in missing(interview, {}).values() for item in m.required]
    assert texts and not [t for t in texts if re.search(r"[A-Za-z_.]", t)]
