"""The whole review: every check over one material, in the report's order."""

from __future__ import annotations

from collections.abc import Sequence

from bot.draft.assemble import Document
from bot.draft.content import DraftContent
from bot.profiles.model import Profile
from bot.review.checks import (
    Links,
    Report,
    _Out,
    check_causes,
    check_duplicates,
    check_lengths,
    check_links,
    check_measures,
    check_problems,
    lengths,
    pieces,
)
from bot.review.position import check_position
from bot.review.residue import check_residue, check_typos
from bot.review.rules import CHECK_IDS, Rules
from bot.review.similarity import Earlier, check_cause_details, check_earlier


def review(profile: Profile, content: DraftContent, document: Document, rules: Rules,
           links: Links | None = None, complete: bool = True, earlier: Sequence[Earlier] = ()) -> Report:
    """Everything a reviewer would send back, part by part; never changes the material.

    links: the official's own marks of which problems each measure answers; without
    them shared wording stands in. complete: whether the interview is finished (a
    draft in progress is not held to the 字数 ranges). earlier: the same official's
    materials of earlier years, for 与上年度材料雷同.
    """
    found = pieces(profile, content)
    out = _Out(rules)
    team = profile.voice == "team"
    if not team:  # a team material is signed by the 班子, not by one official with a position
        check_position(found, content, out)
    check_problems(found, out, team=team)
    check_cause_details(found, out, check_causes(found, out))
    marked = check_links(found, links, out)
    check_measures(found, out)
    check_duplicates(found, out)
    check_residue(found, out)
    check_typos(found, out)
    check_earlier(found, earlier, out)
    measured = lengths(profile, document)
    check_lengths(profile, measured, found, complete, out)
    order = {check: index for index, check in enumerate(CHECK_IDS)}
    findings = sorted(out.found, key=lambda f: order[f.check])  # stable: document order within a check
    ranges = {key: (r.min, r.max) for key, r in profile.review.lengths.items()}
    return Report(tuple(findings), measured, ranges, marked)
