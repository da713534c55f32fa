"""/check without false alerts, and the cases it used to miss (issue 17)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.draft.answers_file import parse_answers
from bot.draft.assemble import Assembler
from bot.draft.content import Item, ThemeContent
from bot.profiles import Profile, ProfileCatalog
from bot.review import default_rules, earlier_material, format_report, review
from bot.review.similarity import similarity
from tests.conftest import SAMPLES
from tests.review.test_checks import CONCRETE, checks, material, run

RULES = default_rules()


def sample_report(catalog: ProfileCatalog, assembler: Assembler, name: str):  # type: ignore[no-untyped-def]
    content = parse_answers((SAMPLES / name).read_bytes(), catalog.find)
    profile = catalog.get(content.profile_id)
    return content, review(profile, content, assembler.document(profile, content), RULES)


def test_2025_aspect_length_counts_the_lead_and_problems_under_an_own_line_heading(
        catalog: ProfileCatalog, assembler: Assembler) -> None:
    """It reported "（一）方面共21字，少了279字": only the heading line was counted."""
    content, report = sample_report(catalog, assembler, "answers-2025.yaml")
    first = content.themes[0]
    written = sum(len(t) for p in first.problems for t in (p.title, p.detail, p.example or "")) + len(first.lead or "")
    assert report.lengths.aspects[0] > written > 100
    assert all(count > 100 for count in report.lengths.aspects)


@pytest.mark.parametrize(("sample", "expected"), [
    # Both samples are short on purpose (about 2,000 字 against 4,000–8,000): the 字数
    # findings are true. Every other finding is named and justified here.
    ("answers-2021.yaml", {
        # no example, number, place or own act in these four problems
        ("not_concrete", "2.2"), ("not_concrete", "5.2"), ("not_concrete", "5.3"), ("not_concrete", "6.2"),
        # 学习…不强 and 调研…不够深入 are the 老三样 titles
        ("stock_phrase", "2.1"), ("stock_phrase", "4.1"),
        # no measure mentions 学用结合 or 跟踪问效
        ("problem_unanswered", "2.2"), ("problem_unanswered", "5.3")}),
    ("answers-2025.yaml", {
        # part 2 is 材料格式 (the layout options, issue 15): the aspects are parts 3 to 7
        ("not_concrete", "5.2"), ("not_concrete", "7.1"),  # neither an example nor a fact
        ("problem_unanswered", "6.1"), ("problem_unanswered", "7.1")}),  # no measure on 组织生活 or 倾听
])
def test_the_samples_give_no_false_alert(catalog: ProfileCatalog, assembler: Assembler, sample: str,
                                          expected: set[tuple[str, str]]) -> None:
    _, report = sample_report(catalog, assembler, sample)
    assert {(f.check, f.where) for f in report.findings if f.check != "length"} == expected
    lengths = [f.part for f in report.findings if f.check == "length"]
    assert report.lengths.total < 4000 and "全文" in lengths


@pytest.mark.parametrize(("field", "typed", "quote"), [
    ("title", "一是学习不深", "一是学习不深"),
    ("detail", "一是一是下乡少", "一是一是"),
    ("detail", "（一）（一）下乡少", "（一）（一）"),
    ("detail", "（一）1.下乡少", "（一）1."),
    ("example", "如，比如今年我到城关镇调研了2次", "如，比如今年我到城关镇调研了2次"),
    ("detail", "下乡多是看现场听汇报。下乡多是看现场听汇报。", "下乡多是看现场听汇报"),
])
def test_paste_residue_is_found(profile: Profile, assembler: Assembler, field: str, typed: str,
                                quote: str) -> None:
    content = material(ThemeContent(None, (replace(CONCRETE, **{field: typed}),)))
    assert checks(run(profile, assembler, content), "paste_residue") == [("2.1", quote)]
    assert checks(run(profile, assembler, material(ThemeContent(None, (CONCRETE,)))), "paste_residue") == []


def test_a_cause_copying_a_problems_detail_is_found(profile: Profile, assembler: Assembler) -> None:
    problem = Item("下乡调研不深", "下乡调研多是看现场听汇报，很少在村里住下来倾听群众的真实想法",
                   "今年我到城关镇调研了8次")
    copied = Item("宗旨意识有所淡化", "下乡调研多是看现场、听汇报，很少住在村里倾听群众真实想法")
    report = run(profile, assembler, material(ThemeContent(None, (problem,)), causes=(copied,)))
    found = [f for f in report.findings if f.check == "cause_repeats"]
    assert [(f.where, f.quote) for f in found] == [("8.1", "下乡调研多是看现场、听汇报，很少住在村里倾听群众真实想法")]
    assert "〔2.1〕" in found[0].message
    # a cause that goes to a root in its own words passes
    own = Item("宗旨意识有所淡化", "把自己当成管理者而不是服务员，和群众的感情不如从前深")
    assert checks(run(profile, assembler, material(ThemeContent(None, (problem,)), causes=(own,))),
                  "cause_repeats") == []


def test_supervising_subordinates_is_a_self_criticism(profile: Profile, assembler: Assembler) -> None:
    own = replace(CONCRETE, title="对下属的监督提醒不够经常")
    assert checks(run(profile, assembler, material(ThemeContent(None, (own,)))), "not_own") == []
    theirs = replace(CONCRETE, title="下属落实不力")
    assert checks(run(profile, assembler, material(ThemeContent(None, (theirs,)))), "not_own") == [
        ("2.1", "下属落实不力")]


def test_typos_are_quoted_with_the_usual_form_never_rewritten(profile: Profile, assembler: Assembler) -> None:
    typo = replace(CONCRETE, detail="做为班长，对村里的事抓的不紧")
    content = material(ThemeContent(None, (typo,)))
    report = run(profile, assembler, content)
    found = [f for f in report.findings if f.check == "typo"]
    assert [(f.where, f.quote) for f in found] == [("2.1", "做为班长"), ("2.1", "对村里的事抓的不紧")]
    assert "“做为”，规范写法一般为“作为”" in found[0].message
    assert "“抓的不紧”，规范写法一般为“抓得不紧”" in found[1].message
    assert content.themes[0].problems[0].detail == "做为班长，对村里的事抓的不紧"
    assert "可能的错别字（2处）" in format_report(profile, report, RULES)


def test_a_sentence_copied_from_last_years_material_is_quoted_with_it(profile: Profile,
                                                                     assembler: Assembler) -> None:
    last_year = material(ThemeContent(None, (Item("调研不深", "下乡调研多是看现场听汇报，很少在村里住下来"),)),
                         causes=(), measures=())
    this_year = material(ThemeContent(None, (replace(CONCRETE, detail="下乡调研多是看现场、听汇报，很少在村里住下来"),)))
    earlier = [earlier_material(2024, last_year)]
    assert earlier[0].texts == ("调研不深", "下乡调研多是看现场听汇报，很少在村里住下来")
    report = run(profile, assembler, this_year, earlier=earlier)
    found = [f for f in report.findings if f.check == "earlier_similar"]
    assert [(f.where, f.quote) for f in found] == [("2.1", "下乡调研多是看现场、听汇报，很少在村里住下来")]
    assert "本人2024年度材料中的“下乡调研多是看现场听汇报，很少在村里住下来”" in found[0].message
    assert similarity("下乡调研多是看现场听汇报", "今年我到城关镇调研了8次") < RULES.earlier_threshold
    fresh = material(ThemeContent(None, (replace(CONCRETE, detail="今年推动的三个项目里有两个停在审批环节"),)))
    assert checks(run(profile, assembler, fresh, earlier=earlier), "earlier_similar") == []


def test_a_team_material_is_not_told_it_writes_the_teams_problems(catalog: ProfileCatalog, assembler: Assembler) -> None:
    """In a 班子 material "班子", "我们" are the writer: no 写成了他人的问题, no position check."""
    from bot.draft.content import Author, DraftContent, Item, ThemeContent
    from bot.review import default_rules, review

    profile = catalog.get("2025-zuofeng-banzi")
    problem = Item("班子抓作风建设的长效机制不够健全", "我们对基层反映的形式主义问题整治不够彻底，比如今年督查检查仍有12项")
    themes = tuple(ThemeContent(None, (problem,)) for _ in profile.aspects)
    content = DraftContent(profile.id, author=Author(None, None, "中共某县委员会领导班子"), themes=themes)
    report = review(profile, content, assembler.document(profile, content), default_rules())
    assert not [f for f in report.findings if f.check in ("not_own", "position")]
    personal = catalog.get("2025-zuofeng")
    content = DraftContent(personal.id, author=Author("县长", "王测试", None), themes=tuple(
        ThemeContent(None, (problem,)) for _ in personal.aspects))
    report = review(personal, content, assembler.document(personal, content), default_rules())
    assert [f for f in report.findings if f.check == "not_own"]  # a personal one still is
