"""Every shipped profile: its meeting exactly as the notice words it, and a full sample draft rendered."""

from __future__ import annotations

from dataclasses import replace
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
# The 2025 theme as published, with "以打攻坚战、持久战的决心和恒心，" (the first shipped 2025 profile lacked it).
THEME_2025 = ("深入学习贯彻习近平新时代中国特色社会主义思想，全面贯彻落实党的二十届四中全会精神，以打攻坚战、持久战的决心和恒心，"
              "锲而不舍落实中央八项规定精神，推进作风建设常态化长效化，以优良作风凝心聚力、真抓实干，奋力开创中国式现代化建设新局面")
THEME_2022 = ("全面贯彻习近平新时代中国特色社会主义思想，深刻领悟“两个确立”的决定性意义，增强“四个意识”、坚定“四个自信”、"
              "做到“两个维护”，团结带领党员干部群众以奋发有为的精神贯彻落实党的二十大作出的重大决策部署")
ASPECTS_2024 = ["带头严守政治纪律和政治规矩，维护党的团结统一", "带头增强党性、严守纪律、砥砺作风",
                "带头在遵规守纪、清正廉洁前提下勇于担责、敢于创新", "带头履行全面从严治党政治责任"]
ASPECTS_2025 = ["带头强化政治忠诚、提高政治能力", "带头固本培元、增强党性", "带头敬畏人民、敬畏组织、敬畏法纪",
                "带头干事创业、担当作为", "带头坚决扛起管党治党责任"]
EXPECTED = {
    "2021-dangshi": ("弘扬伟大建党精神，坚持党的百年奋斗历史经验，坚定历史自信，不忘初心使命，勇于担当作为，走好新的赶考之路", None),
    "2022-niandu": (THEME_2022, None),
    "2023-zhuti": (None, ["理论学习", "政治素质", "能力本领", "担当作为", "工作作风", "廉洁自律"]),
    "2024-dangji": (THEME_2024, ASPECTS_2024),
    "2024-dangji-banzi": (THEME_2024, ASPECTS_2024),
    "2025-zuofeng": (THEME_2025, ASPECTS_2025),
    "2025-zuofeng-banzi": (THEME_2025, ASPECTS_2025),
    "2024-zuzhishenghuo": (None, ["政治信仰", "党员意识", "理论学习", "能力本领", "作用发挥", "纪律作风"]),
    "2025-zhibu-banzi": (THEME_2025, ["发挥政治引领作用", "贯彻落实上级党组织工作部署", "定期开展党的组织生活",
                                      "严格党员日常教育管理监督", "联系服务群众", "改进工作作风"]),
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
        typed = {"option": q.choices[0].label if q.choices else "",
                 "free": "支部现有党员23名，其中预备党员2名，支部委员会由5名委员组成。",
                 "theme.prose": "本人在这方面做了一些工作，但对照要求还有差距，今后加以改进。"}.get(q.kind) \
            or scripted_answer(q)
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

    author = "某县人民政府" if profile.voice == "team" else "王测试同志"
    assert paragraphs[0].style == "title" and paragraphs[0].text.startswith(author)
    assert profile.meeting in paragraphs[0].text
    preamble = paragraphs[1].text
    assert profile.notice in preamble and profile.theme.replace("“", "‘").replace("”", "’") in preamble
    for count in profile.preamble_counts:  # typed as "6", "23次", "４１"
        assert {"study": "6", "opinions": "23", "talks": "41"}[count.id] in preamble
    # the numbered parts, in the profile's order, with its headings
    headings = {"rectification": wording.rectification_heading, "problems": wording.problems_heading,
                "case": wording.case_heading, "causes": wording.causes_heading, "measures": wording.measures_heading}
    headings |= {part.key: part.heading for part in profile.free_parts}
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
    elif profile.rectification_place == "preamble" and layout.rectification.style == "summary":
        assert f"“{LAST_YEAR[0][0]}”“{LAST_YEAR[1][0]}”等2个问题" in preamble
    elif profile.rectification_place == "preamble":
        assert f"{layout.rectification.number(1)}{LAST_YEAR[0][0]}。" in preamble
    if layout.rectification.style == "summary":
        assert LAST_YEAR[0][1] not in text
    elif profile.rectification_place is not None:
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
    """The majority 2025 practice by default; the minority practices through the official's options."""
    content = parse_answers((Path(__file__).parent.parent / "samples" / "answers-2025.yaml").read_bytes(),
                            catalog.find)
    profile = catalog.get(content.profile_id)
    lines = assembler.document(profile, content).text().splitlines()
    assert lines[0] == "周明同志在2025年度民主生活会上的对照检查材料"
    assert "会前参加集中学习研讨8次，广泛征求意见建议17条，开展谈心谈话36人次" in lines[1]
    assert "等5个方面" in lines[1]
    assert "对照上年度民主生活会查摆的“推动理论学习制度化”“解决群众急难愁盼问题”“压紧压实管党治党责任”" \
           "等3个问题，本人均已制定措施并基本整改到位。现作对照检视剖析如下" in lines[1]
    assert lines[2] == "一、存在的主要问题"
    assert lines[3].startswith("（一）在带头强化政治忠诚、提高政治能力方面。我始终把对党忠诚")
    assert "一是贯彻落实的精准度不够。" in lines[3] and "比如，" in lines[3]
    assert "二、典型案例剖析" in lines and "四、整改措施" in lines

    chosen = replace(content, options={"rectification": "part", "items": "dot", "example": "ru"})
    lines = assembler.document(profile, chosen).text().splitlines()
    assert "对照上年度民主生活会查摆的" not in lines[1]
    assert lines[2] == "一、上年度民主生活会整改落实情况"
    assert lines[3].startswith("对照上年度民主生活会确定的3项整改措施")
    assert lines[4].startswith("（一）推动理论学习制度化。")
    assert "对照要求，仍需持续用力的是：" in lines[4] and "对照要求" not in lines[6]
    assert lines[7] == "二、存在的主要问题"
    assert lines[8].startswith("（一）在带头强化政治忠诚、提高政治能力方面。我始终")
    assert lines[9].startswith("1.贯彻落实的精准度不够。") and "如，" in lines[9] and "比如，" not in lines[9]

    chosen = replace(content, options={"rectification": "paragraph"})
    lines = assembler.document(profile, chosen).text().splitlines()
    assert lines[1].endswith("不当之处请同志们批评指正。")
    assert lines[2].startswith("对照上年度民主生活会查摆的3个问题，本人逐项制定措施、推动整改：一是推动理论学习制度化。")
    assert lines[3] == "一、存在的主要问题"
