"""Every shipped profile: its meeting exactly as the notice words it, and a full sample draft rendered."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.draft.answers_file import dump_answers, parse_answers
from bot.draft.assemble import Assembler
from bot.draft.preview import preview_content
from bot.interview.engine import Interview
from bot.profiles import Profile, ProfileCatalog
from tests.conftest import ROOT
from tests.service.helpers import LAST_YEAR, scripted_answer

SHIPPED = sorted(p.stem for p in (ROOT / "prompts").glob("*.yaml"))

# Themes and aspect titles exactly as the notices word them (see the project's domain notes).
THEME_2024 = ("深入学习贯彻习近平新时代中国特色社会主义思想，巩固深化党纪学习教育成果，综合发挥党的纪律教育约束、"
              "保障激励作用，为进一步全面深化改革、推进中国式现代化提供坚强纪律保证")
EXPECTED = {
    "2021-dangshi": ("弘扬伟大建党精神，坚持党的百年奋斗历史经验，坚定历史自信，不忘初心使命，勇于担当作为，走好新的赶考之路", None),
    "2024-dangji": (THEME_2024, [
        "带头严守政治纪律和政治规矩，维护党的团结统一", "带头增强党性、严守纪律、砥砺作风",
        "带头在遵规守纪、清正廉洁前提下勇于担责、敢于创新", "带头履行全面从严治党政治责任"]),
    "2025-zuofeng": (None, [
        "带头强化政治忠诚、提高政治能力", "带头固本培元、增强党性", "带头敬畏人民、敬畏组织、敬畏法纪",
        "带头干事创业、担当作为", "带头坚决扛起管党治党责任"]),
    "2024-zuzhishenghuo": (None, ["政治信仰", "党员意识", "理论学习", "能力本领", "作用发挥", "纪律作风"]),
}


def test_every_shipped_profile_is_known() -> None:
    assert set(SHIPPED) == set(EXPECTED)


@pytest.mark.parametrize("profile_id", sorted(EXPECTED))
def test_theme_and_aspects_as_the_notice_words_them(catalog: ProfileCatalog, profile_id: str) -> None:
    profile = catalog.get(profile_id)
    theme, aspects = EXPECTED[profile_id]
    if theme is not None:
        assert profile.theme == theme
    if aspects is not None:
        assert list(profile.aspects) == aspects


def walk(profile: Profile) -> dict[str, str | None]:
    """Answer every question as a phone user would, through the engine's own checks."""
    interview = Interview(profile)
    answers: dict[str, str | None] = {}
    while (q := interview.current(answers)) is not None:
        typed = scripted_answer(q)
        if typed == "/skip":
            answers[q.id] = None
            continue
        verdict = interview.check(q, typed)
        assert verdict.ok, (q.id, typed, verdict.error)
        answers[q.id] = verdict.value
    return answers


@pytest.mark.parametrize("profile_id", SHIPPED)
def test_full_sample_draft(catalog: ProfileCatalog, assembler: Assembler, profile_id: str) -> None:
    profile = catalog.get(profile_id)
    interview = Interview(profile)
    content = interview.content(walk(profile))
    document = assembler.document(profile, content)
    text = document.text()
    paragraphs = document.paragraphs
    wording, layout = profile.wording, profile.layout

    assert paragraphs[0].style == "title" and paragraphs[0].text.startswith("王测试同志")
    assert profile.meeting in paragraphs[0].text
    preamble = paragraphs[1].text
    assert profile.notice in preamble and profile.theme.replace("“", "‘").replace("”", "’") in preamble
    for count in profile.preamble_counts:  # typed as "6", "23次", "４１"
        assert {"study": "6", "opinions": "23", "talks": "41"}[count.id] in preamble
    # the numbered parts, in the profile's order, with its headings
    headings = {"rectification": wording.rectification_heading, "problems": wording.problems_heading,
                "case": wording.case_heading, "causes": wording.causes_heading, "measures": wording.measures_heading}
    marks = "一二三四五六"
    assert [p.text for p in paragraphs if p.style == "h1"] == [
        f"{marks[i]}、{headings[key]}" for i, key in enumerate(layout.parts)]
    # one heading per aspect, in order
    aspect_runs = [p.runs[0].text for p in paragraphs if p.runs[0].style == "h2" and p.runs[0].text.startswith("（")
                   and any(a in p.runs[0].text for a in profile.aspects)]
    assert len(aspect_runs) == len(profile.aspects)
    # problems numbered in the profile's style
    first, second = layout.problems.number(1), layout.problems.number(2)
    assert f"{first}理论学习计划执行不严。" in text and f"{second}调查研究走马观花。" in text
    if layout.problems.style == "headings":
        assert any(r.style == "h3" and r.text == f"{first}理论学习计划执行不严。" for p in paragraphs for r in p.runs)
    assert f"{wording.example_marker}第三季度原定的八次自学只完成了三次。" in text
    # last year's measures: in their own part, or told in the preamble
    if profile.rectification_place == "part":
        assert not any(LAST_YEAR[0][0] in p.text for p in paragraphs[:2])
        assert f"{layout.rectification.number(1)}{LAST_YEAR[0][0]}。{LAST_YEAR[0][1]}。" in text
    elif profile.rectification_place == "preamble":
        assert f"{layout.rectification.number(1)}{LAST_YEAR[0][0]}。" in preamble
    if profile.rectification_place is not None:
        assert f"{wording.remaining_marker}{LAST_YEAR[0][2]}。" in text
    else:
        assert LAST_YEAR[0][0] not in text
    assert ("某县原副县长违规收受礼品案。" in text) == profile.has_case
    assert ("需要说明的事项" in text) == bool(profile.declarations)
    assert paragraphs[-1].text == wording.closing
    # nothing left unfilled, no markers leaked
    assert "〇〇" not in text and "{" not in text and not any("\ue000" <= ch <= "\ue0ff" for ch in text)
    # the answers file carries every section and renders the same draft
    again = parse_answers(dump_answers(content), catalog.find)
    assert again == content and assembler.document(profile, again).text() == text


@pytest.mark.parametrize("profile_id", SHIPPED)
def test_preview_shows_the_skeleton(catalog: ProfileCatalog, assembler: Assembler, profile_id: str) -> None:
    profile = catalog.get(profile_id)
    text = assembler.document(profile, preview_content(Interview(profile))).text()
    assert "〔问题一〕" in text and "〔原因二〕" in text
    assert ("〇〇" in text) == bool(profile.preamble_counts)  # where the numbers go


def test_shipped_snapshots_stand_alone(catalog: ProfileCatalog) -> None:
    """What a draft pins parses back to the same profile with no other file at hand."""
    from bot.profiles import parse_profile

    for profile in catalog.all():
        assert parse_profile(profile.source, "snapshot") == profile


def test_sample_answers_file_2025(catalog: ProfileCatalog, assembler: Assembler) -> None:
    content = parse_answers((Path(__file__).parent.parent / "samples" / "answers-2025.yaml").read_bytes(),
                            catalog.find)
    profile = catalog.get(content.profile_id)
    lines = assembler.document(profile, content).text().splitlines()
    assert lines[0] == "周明同志在2025年度民主生活会上的对照检查材料"
    assert "会前参加集中学习研讨8次，广泛征求意见建议17条，开展谈心谈话36人次" in lines[1]
    assert lines[2] == "一、上年度民主生活会整改落实情况"
    assert lines[3].startswith("对照上年度民主生活会确定的三项整改措施")
    assert lines[4].startswith("（一）推动理论学习制度化。")
    assert "对照要求，仍需持续用力的是：" in lines[4] and "对照要求" not in lines[6]
    assert lines[7] == "二、存在的突出问题"
    assert lines[8] == "（一）在带头强化政治忠诚、提高政治能力方面"
    assert lines[10].startswith("1.")
    assert "三、典型案例剖析" in lines and "五、整改措施" in lines
