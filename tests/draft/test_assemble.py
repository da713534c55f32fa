"""Assembly: the document's sections, numbering, connectives, and user text as data."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.draft.answers_file import parse_answers
from bot.draft.assemble import PENDING, RUN_STYLES, Assembler, Run, parse_marked
from bot.draft.content import Author, Case, DraftContent, Item, ThemeContent
from bot.profiles import Profile, ProfileCatalog
from tests.conftest import SAMPLES


@pytest.fixture
def sample(catalog: ProfileCatalog) -> DraftContent:
    return parse_answers((SAMPLES / "answers-2021.yaml").read_bytes(), catalog.find)


def test_sample_renders_every_section_in_order(assembler: Assembler, profile: Profile,
                                               sample: DraftContent) -> None:
    lines = assembler.document(profile, sample).text().splitlines()
    assert lines[0] == "李明同志在2021年度党史学习教育专题民主生活会上的对照检查材料"
    assert lines[1].startswith("按照关于开好2021年党员领导干部党史学习教育专题民主生活会的通知要求")
    # inner quotes inside the quoted aspect list become single quotes
    assert "“带头深刻感悟‘两个确立’的决定性意义、带头牢记" in lines[1]
    assert "等五方面重点" in lines[1]
    assert lines[2] == "一、存在的主要问题"
    assert [line[:3] for line in lines[3:8]] == ["（一）", "（二）", "（三）", "（四）", "（五）"]
    assert lines[8].startswith("需要说明的事项：一是本人配偶")
    assert "六是本人其他个人有关事项" in lines[8]
    assert lines[9] == "二、原因剖析"
    assert lines[14] == "三、整改措施"
    assert lines[-1].startswith("以上是我个人的对照检查")
    assert len(lines) == 1 + 1 + 1 + 5 + 1 + 1 + 4 + 1 + 4 + 1


def test_problem_numbering_and_example_marker(assembler: Assembler, profile: Profile,
                                              sample: DraftContent) -> None:
    text = assembler.document(profile, sample).text()
    fourth = text.splitlines()[6]
    assert fourth.startswith("（四）在带头学习运用党在不同历史时期成功应对风险挑战的丰富经验方面。")
    assert "不足：一是应对风险的预案意识不足。对农产品价格" in fourth
    assert "应对办法。如，今年生猪价格下行时" in fourth
    assert "二是攻坚克难的劲头有所减弱。" in fourth and "三是抓落实的跟踪问效不够。" in fourth
    assert "四是" not in fourth


def test_default_lead_uses_position(assembler: Assembler, profile: Profile, sample: DraftContent) -> None:
    third = assembler.document(profile, sample).text().splitlines()[5]
    assert third.startswith("（三）在带头践行以人民为中心的发展思想方面。作为县农业农村局党组书记、局长，")


def test_headings_are_marked_as_runs(assembler: Assembler, profile: Profile, sample: DraftContent) -> None:
    doc = assembler.document(profile, sample)
    styles = [p.style for p in doc.paragraphs]
    assert styles[0] == "title" and styles[2] == "h1" and styles.count("h1") == 3
    aspect = doc.paragraphs[3]
    assert aspect.runs[0].style == "h2" and aspect.runs[0].text.startswith("（一）在带头深刻感悟")
    cause = doc.paragraphs[10]
    assert cause.runs[0].text == "（一）理论武装有所放松。" and cause.runs[1].style == "plain"


def test_user_text_is_data_not_template(assembler: Assembler, profile: Profile, sample: DraftContent) -> None:
    hostile = "{{ 7*7 }}{% for x in y %}<b>&amp;</b>*_`\ue000\ue002h1\ue003"
    theme = replace(sample.themes[0], problems=(Item("模板语法测试", hostile),))
    content = replace(sample, themes=(theme, *sample.themes[1:]))
    text = assembler.document(profile, content).text()
    assert "{{ 7*7 }}{% for x in y %}<b>&amp;</b>*_`" in text
    assert "49" not in text.splitlines()[3]
    assert "\ue000" not in text and "\ue002" not in text


def test_tidy_is_applied_without_changing_words(assembler: Assembler, profile: Profile) -> None:
    content = DraftContent(
        profile_id=profile.id,
        author=Author(position="县长"),
        themes=(ThemeContent(lead="做了 一些工作,但还有不足:", problems=(
            Item("学习 不够系统", "有时 把学习当成软任务,没有坚持", "如,今年只学了 3.5 小时"),)),),
        causes=(Item("思想松懈", "总觉得自己是老党员了"),),
    )
    line = assembler.document(profile, content).text().splitlines()[3]
    assert "做了一些工作，但还有不足：一是学习不够系统。有时把学习当成软任务，没有坚持。如，今年只学了3.5小时。" in line


def test_markdown_escapes_user_text(assembler: Assembler, profile: Profile, sample: DraftContent) -> None:
    theme = replace(sample.themes[0], problems=(Item("星号*测试", "下划线_和`反引号`"),))
    md = assembler.document(profile, replace(sample, themes=(theme,))).markdown()
    assert md.startswith("# 李明同志")
    assert "## 一、存在的主要问题" in md
    assert "**（一）在带头深刻感悟" in md
    assert r"星号\*测试" in md and r"下划线\_和\`反引号\`" in md


def test_overrides_replace_title_preamble_closing(assembler: Assembler, profile: Profile,
                                                  sample: DraftContent) -> None:
    content = replace(sample, title="自拟标题", preamble="自拟开头段落，说明检视的依据。", closing="自拟结尾。")
    lines = assembler.document(profile, content).text().splitlines()
    assert lines[0] == "自拟标题" and lines[1] == "自拟开头段落，说明检视的依据。" and lines[-1] == "自拟结尾。"


def test_anonymous_title(assembler: Assembler, profile: Profile, sample: DraftContent) -> None:
    content = replace(sample, author=Author(position="县长"))
    assert assembler.document(profile, content).title == "在2021年度党史学习教育专题民主生活会上的个人对照检查材料"


def test_parse_marked_refuses_text_outside_paragraphs() -> None:
    with pytest.raises(ValueError):
        parse_marked("stray\ue002body\ue003x")


# ---- layout is data: the same content set in each numbering style ---------------------

def _with_layout(profile: Profile, **changes: object) -> Profile:
    from bot.profiles.model import Layout

    return replace(profile, layout=replace(Layout(), **changes))


def test_problems_one_paragraph_each(assembler: Assembler, profile: Profile, sample: DraftContent) -> None:
    from bot.profiles.model import ListLayout

    changed = _with_layout(profile, problems=ListLayout("paragraphs", "{cn}是"))
    paragraphs = assembler.document(changed, sample).paragraphs
    assert paragraphs[3].text.endswith("还存在不足：")  # heading and lead stay together
    assert paragraphs[4].text.startswith("一是学习的系统性不强。") and paragraphs[4].runs[0].style == "plain"
    assert paragraphs[5].text.startswith("二是学用结合有欠缺。")
    assert paragraphs[6].runs[0].text.startswith("（二）")


def test_problems_as_numbered_subheadings(assembler: Assembler, profile: Profile, sample: DraftContent) -> None:
    from bot.profiles.model import ListLayout

    changed = _with_layout(profile, problems=ListLayout("headings", "{n}、"), aspects="own_line")
    doc = assembler.document(changed, sample)
    paragraphs = doc.paragraphs
    assert [r.style for r in paragraphs[3].runs] == ["h2"]  # the aspect heading alone on its line
    assert paragraphs[4].text.startswith("全会召开后")  # then the lead
    assert paragraphs[5].runs[0] == Run("1、学习的系统性不强。", "h3")
    assert paragraphs[5].runs[1].text.startswith("习惯于围绕手头工作") and "如，今年6月至9月" in paragraphs[5].text
    assert paragraphs[6].runs[0] == Run("2、学用结合有欠缺。", "h3")
    assert "**1、学习的系统性不强。**" in doc.markdown()


def test_causes_run_on_with_a_lead(assembler: Assembler, profile: Profile, sample: DraftContent) -> None:
    from bot.profiles.model import ListLayout

    changed = replace(_with_layout(profile, causes=ListLayout("run_on", "{cn}是")),
                      wording=replace(profile.wording, causes_lead="深刻反思，问题产生的根源主要有："))
    lines = assembler.document(changed, sample).text().splitlines()
    at = lines.index("二、原因剖析")
    assert lines[at + 1].startswith("深刻反思，问题产生的根源主要有：一是理论武装有所放松。认为自己")
    assert "四是从严治党意识不够牢固。" in lines[at + 1]
    assert lines[at + 2] == "三、整改措施"


def test_parts_follow_the_profile_order(assembler: Assembler, profile: Profile, sample: DraftContent) -> None:
    changed = _with_layout(profile, parts=("problems", "measures", "causes"))
    h1 = [p.text for p in assembler.document(changed, sample).paragraphs if p.style == "h1"]
    assert h1 == ["一、存在的主要问题", "二、整改措施", "三、原因剖析"]


def test_h3_runs_survive_parse_marked() -> None:
    doc = parse_marked("\ue002body\ue003\ue0041、标题。\ue001正文。")
    assert doc.paragraphs[0].runs == (Run("1、标题。", "h3"), Run("正文。"))
    assert RUN_STYLES == ("plain", "h2", "h3")


def test_a_partial_draft_shows_where_its_gaps_are(assembler: Assembler, profile: Profile,
                                                  sample: DraftContent) -> None:
    partial = replace(sample, themes=sample.themes[:1], causes=(), measures=())
    lines = assembler.document(profile, partial).text().splitlines()
    assert PENDING not in lines[3]  # the first aspect is written
    for line in lines[4:8]:  # the other four: their heading and the default lead, then the gap
        assert line.endswith("还存在以下不足：" + PENDING)
    assert lines[lines.index("二、原因剖析") + 1] == PENDING
    assert lines[lines.index("三、整改措施") + 1] == PENDING
    assert PENDING not in assembler.document(profile, sample).text()  # a finished draft never shows it


def test_a_missing_case_and_a_missing_lesson_are_marked(catalog: ProfileCatalog, assembler: Assembler) -> None:
    profile = catalog.get("2025-zuofeng")
    empty = DraftContent(profile_id=profile.id)
    paragraphs = [p.text for p in assembler.document(profile, empty).paragraphs]
    case_at = paragraphs.index(next(t for t in paragraphs if t.endswith("典型案例剖析")))
    assert paragraphs[case_at + 1] == PENDING
    with_case = replace(empty, case=Case("某县原副局长违规收受礼品案"))
    paragraphs = [p.text for p in assembler.document(profile, with_case).paragraphs]
    assert paragraphs[case_at + 1] == "某县原副局长违规收受礼品案。" + PENDING  # the lesson drawn is still to come


def test_an_empty_list_keeps_its_lead_sentence_before_the_gap(assembler: Assembler, profile: Profile,
                                                              sample: DraftContent) -> None:
    from bot.profiles.model import ListLayout

    changed = replace(_with_layout(profile, causes=ListLayout("run_on", "{cn}是")),
                      wording=replace(profile.wording, causes_lead="深刻反思，问题产生的根源主要有："))
    lines = assembler.document(changed, replace(sample, causes=())).text().splitlines()
    at = lines.index("二、原因剖析")
    assert lines[at + 1: at + 3] == ["深刻反思，问题产生的根源主要有：", PENDING]
