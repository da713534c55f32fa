"""Profiles: the shipped ones load; malformed ones are refused with line and reason."""

from __future__ import annotations

import pytest

from bot.profiles import Profile, ProfileError, parse_profile
from bot.profiles.inherit import read_located
from tests.conftest import ROOT

SOURCE = (ROOT / "prompts" / "2021-dangshi.yaml").read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    return next(i for i, row in enumerate(text.splitlines(), 1) if needle in row)


def test_shipped_profile_loads() -> None:
    profile = parse_profile(SOURCE, "2021.yaml")
    assert profile.id == "2021-dangshi" and len(profile.aspects) == 5
    assert len(profile.declarations) == 6
    assert profile.questions["author.position"].required
    assert len(profile.digest) == 64


@pytest.mark.parametrize(
    ("old", "new", "needle", "reason"),
    [
        ("version: 1", "version: one", "version: one", "version: 应为整数"),
        ("  problems: {min: 1, max: 4}", "  problems: {min: 0, max: 4}", "problems: {min: 0", "1 ≤ min"),
        ('  aspect_heading: "在{aspect}方面。"', '  aspect_heading: "在{topic}方面。"', "aspect_heading",
         "未知占位符 {topic}"),
        ("    if_no: 不存在需要说明或检讨的重大事项。", "    no: 不存在需要说明或检讨的重大事项。",
         "no: 不存在需要说明或检讨的重大事项", "if_yes/if_no"),
        ("  problem.title:", "  problem.titel:", "problem.titel", "未知的问题类型"),
        ("    min_length: 4\n    max_length: 30\n  problem.detail:",
         "    min_length: 40\n    max_length: 30\n  problem.detail:", "problem.title:", "min_length ≤ max_length"),
    ],
)
def test_malformed_profiles_name_line_and_reason(old: str, new: str, needle: str, reason: str) -> None:
    assert old in SOURCE
    text = SOURCE.replace(old, new, 1)
    with pytest.raises(ProfileError) as caught:
        parse_profile(text, "bad.yaml")
    line = line_of(text, needle)
    assert any(p.startswith(f"bad.yaml:{line}:") and reason in p for p in caught.value.problems), (
        line, caught.value.problems)


def test_yaml_syntax_error_has_line() -> None:
    with pytest.raises(ProfileError, match=r"bad.yaml:3: YAML 语法错误"):
        parse_profile("id: x\nversion: 1\nname: a: b\n", "bad.yaml")


def test_missing_keys_are_all_reported() -> None:
    with pytest.raises(ProfileError) as caught:
        parse_profile("id: x\n", "bad.yaml")
    text = "\n".join(caught.value.problems)
    for key in ("version", "year", "theme", "aspects", "wording", "questions"):
        assert f"缺少必填项 {key}" in text


SOURCE_2024 = (ROOT / "prompts" / "2024-dangji.yaml").read_text(encoding="utf-8")


def parse_2024(text: str, name: str = "bad.yaml") -> Profile:
    """The 2024 profile extends 2021's: parse it with its parent at hand."""
    return parse_profile(text, name, lookup={"2021-dangshi": read_located(SOURCE, "2021.yaml")}.get)


@pytest.mark.parametrize(
    ("old", "new", "needle", "reason"),
    [
        ('  problems: {style: paragraphs, mark: "{cn}是"}', '  problems: {style: bullets, mark: "{cn}是"}',
         "style: bullets", "run_on / paragraphs / headings"),
        ('  problems: {style: paragraphs, mark: "{cn}是"}', '  problems: {style: paragraphs, mark: "第几是"}',
         "mark: \"第几是\"", "恰好包含 {cn}"),
        ("  parts: [rectification, problems, causes, measures]", "  parts: [rectification, problems, causes]",
         "parts: [rectification, problems, causes]", "必须包含 problems、causes、measures"),
        ("  parts: [rectification, problems, causes, measures]", "  parts: [summary, problems, causes, measures]",
         "parts: [summary", "未知的部分 summary"),
        ("  aspects: run_in ", "  aspects: inline ", "aspects: inline", "run_in / own_line"),
        ("广泛征求意见建议{counts.opinions}条", "广泛征求意见建议{counts.opinion}条", "  preamble: >-",
         "未知占位符 {counts.opinion}"),
        ("广泛征求意见建议{counts.opinions}条，", "", "  - id: opinions", "没有使用 {counts.opinions}"),
        ("  - id: study", "  - id: Study", "  - id: Study", "应以小写字母开头"),
        ("  rectification_heading: 上年度民主生活会整改落实情况\n", "", "wording:", "缺少必填项 rectification_heading"),
        ("  rectification.done:", "  rectification.finished:", "rectification.finished", "未知的问题类型"),
        ("  rectification.more:\n    prompt:", "  rectification.mor:\n    prompt:", "rectification.mor:",
         "未知的问题类型"),
        ("明确了下步整改方向和具体措施。", "{rectification}明确了下步整改方向和具体措施。", "  preamble: >-",
         "开头段落不能再用 {rectification}"),
        ("length: {min: 4000, max: 8000}", "length: {min: 8000, max: 4000}", "length:", "min ≤ max"),
        ("year: 2024\n", "year: 2024\nvoice: leaders\n", "voice: leaders", "personal / team"),
        ("  rectification: {min: 1, max: 10}", "  rectifications: {min: 1, max: 10}", "rectifications",
         "未知的条数项"),
    ],
)
def test_new_keys_are_checked_with_line_and_reason(old: str, new: str, needle: str, reason: str) -> None:
    assert old in SOURCE_2024, old
    text = SOURCE_2024.replace(old, new, 1)
    with pytest.raises(ProfileError) as caught:
        parse_2024(text)
    line = line_of(text, needle)
    assert any(p.startswith(f"bad.yaml:{line}:") and reason in p for p in caught.value.problems), (
        line, caught.value.problems)


def test_features_demand_their_wording_and_questions() -> None:
    """A profile that adds 典型案例剖析 must word its heading and its two questions."""
    text = SOURCE_2024.replace("  parts: [rectification, problems, causes, measures]",
                               "  parts: [rectification, problems, case, causes, measures]")
    with pytest.raises(ProfileError) as caught:
        parse_2024(text)
    joined = "\n".join(caught.value.problems)
    assert "缺少必填项 case_heading" in joined
    assert "缺少问题 case.title" in joined and "缺少问题 case.detail" in joined


def test_team_voice_needs_the_team_name() -> None:
    text = SOURCE_2024.replace("year: 2024\n", "year: 2024\nvoice: team\n")
    with pytest.raises(ProfileError) as caught:
        parse_2024(text, "team.yaml")
    # the optional unit question is inherited: the parent's file and line are named
    rows = SOURCE.splitlines()
    start = rows.index("  author.unit:")
    line = next(i for i in range(start, len(rows)) if rows[i] == "    required: false") + 1
    assert f"2021.yaml:{line}: questions.author.unit.required: 班子材料的单位（班子名称）为必填项" in caught.value.problems
    ok = text.replace("questions:\n", "questions:\n  author.unit:\n    required: true\n", 1)
    assert parse_2024(ok, "team.yaml").voice == "team"


def test_aspects_may_carry_short_titles() -> None:
    text = SOURCE_2024.replace("  - 带头增强党性、严守纪律、砥砺作风",
                               "  - {title: 带头增强党性、严守纪律、砥砺作风, short: 党性纪律作风}")
    profile = parse_2024(text, "short.yaml")
    assert profile.aspects[1] == "带头增强党性、严守纪律、砥砺作风"
    assert profile.aspect_short(1) == "党性纪律作风" and profile.aspect_short(0) == profile.aspects[0]


def test_a_profile_without_declarations_needs_no_declaration_wording() -> None:
    members = (ROOT / "prompts" / "2024-zuzhishenghuo.yaml").read_text(encoding="utf-8")
    profile = parse_profile(members, "members.yaml")
    assert profile.declarations == () and "declaration.answer" not in profile.questions
    assert profile.rectification_place == "preamble" and profile.layout.rectification.style == "run_on"
