"""The schema gaps met on real materials, each closed as data (issue 15): one test each.

Each variant below extends a shipped profile with only the key under test, and the
test renders a small material of our own to show the effect in the text.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.draft.answers_file import dump_answers, parse_answers
from bot.draft.assemble import Assembler
from bot.draft.content import Author, DraftContent, Item, Rectification, ThemeContent
from bot.interview.engine import Interview
from bot.profiles import Profile, ProfileCatalog, ProfileError, load_profile
from tests.conftest import ROOT

MEMBER = "extends: 2024-zuzhishenghuo\nid: test-variant\nname: 测试用\n"


def variant(tmp_path: Path, body: str, head: str = MEMBER) -> Profile:
    path = tmp_path / "variant.yaml"
    path.write_text(head + body, encoding="utf-8")
    return load_profile(path, [ROOT / "prompts"])


def sample(profile: Profile, **changes: object) -> DraftContent:
    """One problem per aspect, one cause, one measure: enough to see the form."""
    themes = tuple(ThemeContent(None, (Item("学习的主动性不强", "自学多靠任务推动，主动学习的时间偏少", None),))
                   for _ in profile.aspects)
    content = DraftContent(profile_id=profile.id, author=Author("机关第一党支部党员", "李明", "某局"),
                           themes=themes, causes=(Item("党性锻炼有所放松", "对自己要求不严，放松了党性锻炼"),),
                           measures=(Item("坚持每天学习", "每天自学半小时，每月交流一次体会"),))
    return replace(content, **changes)  # type: ignore[arg-type]


def paragraphs(assembler: Assembler, profile: Profile, content: DraftContent) -> list[str]:
    return assembler.document(profile, content).text().splitlines()


def test_an_aspect_without_a_lead_sentence(tmp_path: Path, assembler: Assembler) -> None:
    profile = variant(tmp_path, "aspects:\n  change:\n    政治信仰: {title: 政治信仰, lead: false}\n"
                                "wording: {lead_default: ''}\n")
    assert next(q.id for q in Interview(profile).plan({}) if q.id.startswith("themes.1.")) == \
        "themes.1.problems.1.title"  # no lead asked
    lines = paragraphs(assembler, profile, sample(profile))
    assert lines[3] == "（一）政治信仰方面。一是学习的主动性不强。自学多靠任务推动，主动学习的时间偏少。"
    # the other aspects are still asked for a lead, and print none by default (lead_default empty)
    assert "themes.2.lead" in {q.id for q in Interview(profile).plan({})}
    assert lines[4] == "（二）党员意识方面。一是学习的主动性不强。自学多靠任务推动，主动学习的时间偏少。"


def test_arabic_counts_and_more_than(tmp_path: Path, assembler: Assembler) -> None:
    profile = variant(tmp_path, """\
preamble_counts:
  - {id: talks, question: 谈心谈话多少人次？, hint: 只填数字}
wording:
  counts_title: 谈心谈话
  preamble: 我围绕{aspects}等{aspect_total}个方面，开展谈心谈话{counts.talks}人次。{rectification}
  rectification_lead: 上年度查摆的{count_n}个问题已整改。
""")
    interview = Interview(profile)
    question = next(q for q in interview.plan({}) if q.id == "counts.talks")
    verdict = interview.check(question, "30余人次")
    assert verdict.ok and verdict.value == "30余"
    content = interview.content({"counts.talks": "30余"})
    assert content.counts == {"talks": "30余"}
    done = sample(profile, counts=content.counts,
                  rectification=(Rectification("学习不系统", "每天学习半小时以上"), Rectification("调研偏少", "每月下基层两次以上")))
    preamble = paragraphs(assembler, profile, done)[1]
    assert preamble.endswith("等6个方面，开展谈心谈话30余人次。上年度查摆的2个问题已整改。一是学习不系统。每天学习半小时以上。二是调研偏少。每月下基层两次以上。")
    assert parse_answers(dump_answers(done), {profile.id: profile}.get) == done


def test_a_problems_lead(tmp_path: Path, assembler: Assembler) -> None:
    profile = variant(tmp_path, "wording:\n  problems_lead: 对照{aspect_total}个方面，我查摆出以下问题：\n")
    lines = paragraphs(assembler, profile, sample(profile))
    assert lines[2:4] == ["一、存在的问题", "对照6个方面，我查摆出以下问题："]
    assert lines[4].startswith("（一）政治信仰方面。")


def test_a_free_part_with_its_own_heading_and_question(tmp_path: Path, assembler: Assembler) -> None:
    profile = variant(tmp_path, """\
layout:
  parts:
    - {key: basic, heading: 基本情况, question: 请简要写出基本情况。, hint: 一段即可。}
    - problems
    - causes
    - measures
""")
    interview = Interview(profile)
    question = next(q for q in interview.plan({}) if q.kind == "free")
    assert (question.id, question.prompt, question.required) == ("free.basic", "请简要写出基本情况。", True)
    assert {s.key: s.title for s in interview.sections}["free.basic"] == "基本情况"
    content = interview.content({"free.basic": "本人2019年入党，现任办公室科员，负责文稿起草"})
    assert content.free == {"basic": "本人2019年入党，现任办公室科员，负责文稿起草"}
    lines = paragraphs(assembler, profile, sample(profile, free=content.free))
    assert lines[2:5] == ["一、基本情况", "本人2019年入党，现任办公室科员，负责文稿起草。", "二、存在的问题"]
    written = sample(profile, free=content.free)
    assert parse_answers(dump_answers(written), {profile.id: profile}.get) == written


def test_a_preamble_of_two_paragraphs(tmp_path: Path, assembler: Assembler) -> None:
    profile = variant(tmp_path, """\
wording:
  preamble:
    - 按照{notice}要求，我认真参加支部集中学习，
      从{aspects}{aspect_count}个方面进行了自我检视。
    - 现将个人检视剖析情况报告如下，请同志们批评帮助。
""")
    lines = paragraphs(assembler, profile, sample(profile))
    assert lines[1].startswith("按照党支部关于召开2024年度组织生活会") and lines[1].endswith("六个方面进行了自我检视。")
    assert lines[2] == "现将个人检视剖析情况报告如下，请同志们批评帮助。"
    assert lines[3] == "一、存在的问题"


def test_item_titles_on_their_own_line(tmp_path: Path, assembler: Assembler) -> None:
    profile = variant(tmp_path, "layout:\n  problems: {style: titled, mark: \"{n}.\"}\n")
    document = assembler.document(profile, sample(profile))
    lines = document.text().splitlines()
    assert lines[3:6] == ["（一）政治信仰方面。对照合格党员标准，我在政治信仰方面还存在以下不足：",
                          "1.学习的主动性不强。", "自学多靠任务推动，主动学习的时间偏少。"]
    title = document.paragraphs[4]
    assert [(r.text, r.style) for r in title.runs] == [("1.学习的主动性不强。", "h3")]


def test_an_aspect_written_as_prose(tmp_path: Path, assembler: Assembler) -> None:
    profile = variant(tmp_path, "aspects:\n  change:\n    纪律作风: {title: 纪律作风, prose: true}\n"
                                "questions:\n  theme.prose:\n    prompt: 【{aspect}方面】请写出这方面的情况。\n"
                                "    hint: 一段即可。\n")
    interview = Interview(profile)
    asked = [q for q in interview.plan({}) if q.id.startswith("themes.6.")]
    assert [(q.id, q.kind, q.required) for q in asked] == [("themes.6.lead", "theme.prose", True)]
    themes = (*sample(profile).themes[:5], ThemeContent("我能遵守纪律，但有时上班踩点到岗"))
    lines = paragraphs(assembler, profile, sample(profile, themes=themes))
    assert lines[8] == "（六）纪律作风方面。我能遵守纪律，但有时上班踩点到岗。"
    assert "尚未填写" not in "".join(lines)
    # not written yet: the gap shows, as for any other part
    unwritten = paragraphs(assembler, profile, sample(profile, themes=themes[:5]))
    assert unwritten[8] == "（六）纪律作风方面。（尚未填写）"


def test_change_edits_the_aspect_list(tmp_path: Path) -> None:
    profile = variant(tmp_path, "aspects:\n  change:\n    能力本领: 能力本领和担当作为\n"
                                "    作用发挥: {title: 作用发挥, short: 作用}\n")
    assert profile.aspects[3] == "能力本领和担当作为" and profile.aspect_short(4) == "作用"
    with pytest.raises(ProfileError) as raised:
        variant(tmp_path, "aspects:\n  change:\n    不存在的方面: 新标题\n")
    assert "aspects.change.不存在的方面: 上级配置中没有这一项：不存在的方面" in str(raised.value)


def test_no_stop_forced_after_a_lead(tmp_path: Path, assembler: Assembler) -> None:
    content = sample(ProfileCatalog.from_dir(ROOT / "prompts").get("2024-zuzhishenghuo"))
    themes = (replace(content.themes[0], lead="我能坚定理想信念，但存在的不足主要表现在"), *content.themes[1:])
    stop = variant(tmp_path, "")
    assert paragraphs(assembler, stop, replace(content, profile_id=stop.id, themes=themes))[3] == \
        "（一）政治信仰方面。我能坚定理想信念，但存在的不足主要表现在。一是学习的主动性不强。自学多靠任务推动，主动学习的时间偏少。"
    run_on = variant(tmp_path, "layout: {lead_stop: false}\n")
    assert paragraphs(assembler, run_on, replace(content, profile_id=run_on.id, themes=themes))[3] == \
        "（一）政治信仰方面。我能坚定理想信念，但存在的不足主要表现在一是学习的主动性不强。自学多靠任务推动，主动学习的时间偏少。"


def test_last_years_rectification_as_a_sentence_or_a_paragraph(tmp_path: Path, assembler: Assembler) -> None:
    done = (Rectification("学习不系统", "每天学习半小时"), Rectification("调研少", "每月下基层两次"))
    sentence = variant(tmp_path, """\
layout: {rectification: {style: summary, mark: "{cn}是"}}
wording:
  rectification_lead: 对照上年度查摆的{titles}等{count_n}个问题，我均已整改到位。
""")
    assert [q.kind for q in Interview(sentence).plan({}) if q.section == 2][:2] == [
        "rectification.title", "rectification.more"]  # a sentence names the problems only
    lines = paragraphs(assembler, sentence, sample(sentence, rectification=done))
    assert "对照上年度查摆的“学习不系统”“调研少”等2个问题，我均已整改到位。现将个人检视剖析" in lines[1]
    own = variant(tmp_path, """\
wording:
  preamble:
    - 按照{notice}要求，我从{aspects}{aspect_count}个方面进行了自我检视。
    - "{rectification}"
""")
    lines = paragraphs(assembler, own, sample(own, rectification=done))
    assert lines[2] == "上年度组织生活会后，我对查摆的两个问题逐项进行了整改：一是学习不系统。每天学习半小时。" \
                       "二是调研少。每月下基层两次。"
    assert lines[3] == "一、存在的问题"
    # nothing to tell yet: the paragraph is left out rather than printed empty
    assert paragraphs(assembler, own, sample(own))[2] == "一、存在的问题"


def test_options_change_the_form_not_the_questions(catalog: ProfileCatalog, assembler: Assembler) -> None:
    profile = catalog.get("2025-zuofeng")
    interview = Interview(profile)
    asked = [q for q in interview.plan({}) if q.kind == "option"]
    assert [q.id for q in asked] == ["options.rectification", "options.items", "options.example"]
    assert [c.label for c in asked[1].choices] == ["一是、二是连写", "“1.”小标题", "“1、”小标题"]
    assert interview.check(asked[1], "“1.”小标题").value == "dot"
    plain = interview.plan({})
    chosen = interview.plan({"options.items": "dot"})
    assert [q.id for q in plain] == [q.id for q in chosen]
    assert profile.variant({"items": "comma"}).layout.problems.mark == "{n}、"
    assert profile.variant({}).layout == profile.layout


def test_an_option_may_not_add_a_part(tmp_path: Path) -> None:
    with pytest.raises(ProfileError) as raised:
        variant(tmp_path, """\
options:
  - id: case
    question: 是否写典型案例剖析？
    hint: 一般不写
    default: no_case
    choices:
      - {id: no_case, label: 不写}
      - id: case
        label: 写
        layout:
          parts: [{key: basic, heading: 基本情况, question: 请写出基本情况。, hint: 一段即可。}, problems, causes,
                  measures]
""")
    assert "可选写法只能移动上年度整改落实情况，不能增删其他部分" in str(raised.value)
