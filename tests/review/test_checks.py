"""Each check on small materials written for the test, and the report's wording."""

from __future__ import annotations

from dataclasses import replace

from bot.draft.assemble import Assembler
from bot.draft.content import Author, DraftContent, Item, ThemeContent
from bot.profiles import Profile
from bot.profiles.model import LengthRange, ReviewSettings
from bot.review import Report, default_rules, format_report, review, summary_line
from bot.review.checks import inferred_links, pieces

RULES = default_rules()

CONCRETE = Item("调研蹲点不深", "下乡多是看现场听汇报", "今年我到城关镇调研了8次，在村里住下只有1次")
MEASURES = (
    Item("每季度蹲点调研", "每季度在一个村住两天，年底前形成调研报告"),
    Item("建立自学台账", "每周自学半天，每月对账一次"),
    Item("严守廉洁纪律", "每半年开展一次廉政谈话"),
)
CAUSES = (Item("宗旨意识有所淡化", "和群众的感情不如从前深"), Item("党性修养有所放松", "对自己要求有所降低"),
          Item("担当精神有所减退", "遇到难题有畏难情绪"))


def material(*themes: ThemeContent, causes: tuple[Item, ...] = CAUSES, measures: tuple[Item, ...] = MEASURES,
             position: str = "县农业农村局局长") -> DraftContent:
    padded = themes + tuple(ThemeContent() for _ in range(5 - len(themes)))
    return DraftContent("2021-dangshi", Author(position, "赵测试"), themes=padded, causes=causes, measures=measures)


def run(profile: Profile, assembler: Assembler, content: DraftContent, **kwargs: object) -> Report:
    return review(profile, content, assembler.document(profile, content), RULES, **kwargs)  # type: ignore[arg-type]


def checks(report: Report, check: str) -> list[tuple[str, str]]:
    return [(f.where, f.quote) for f in report.findings if f.check == check]


def test_parts_are_numbered_as_edit_numbers_them(profile: Profile) -> None:
    content = material(ThemeContent("我抓了学习。但还有不足：", (CONCRETE,)), ThemeContent(None, (CONCRETE, CONCRETE)))
    found = {p.where: p.label for p in pieces(profile, content)}
    assert found["1"] == "基本信息·职务"
    assert found["2.0"] == "（一）开头段" and found["2.1"] == "（一）问题一"
    assert found["3.2"] == "（二）问题二"
    assert found["8.3"] == "原因三" and found["9.1"] == "措施一"


def test_position_written_three_ways_is_found_and_quoted(profile: Profile, assembler: Assembler) -> None:
    content = material(
        ThemeContent("作为县政府副县长，我带头学习。但还有不足：", (CONCRETE,)),
        ThemeContent("作为一名党员干部，我始终对党忠诚。", (CONCRETE,)),
        ThemeContent("作为县长，我推动了一批项目。", (replace(CONCRETE, detail="担任县长以来，下乡多是看现场"),)),
        ThemeContent("作为县委副书记、县长，我严守纪律。把稳定作为县长的第一责任。", (CONCRETE,)),
        ThemeContent("身为县长我始终把安全放在首位。", (CONCRETE,)),
        position="县委副书记、县长")
    found = [f for f in run(profile, assembler, content).findings if f.check == "position"]
    assert len(found) == 1
    finding = found[0]
    assert finding.where == "2.0"
    assert finding.quote == "县政府副县长、县长、县委副书记、县长"
    for form in ("〔2.0〕（一）开头段写作“县政府副县长”", "〔4.0〕（三）开头段写作“县长”",
                 "〔4.1〕（三）问题一写作“县长”", "〔5.0〕（四）开头段写作“县委副书记、县长”",
                 "〔6.0〕（五）开头段写作“县长”"):
        assert form in finding.message
    assert "党员干部" not in finding.message  # a self-description, not a position
    assert finding.message.count("〔5.0〕") == 1  # "把稳定作为县长的第一责任" names no position of the writer
    assert "基本信息中填写的是“县委副书记、县长”" in finding.message


def test_the_same_position_with_its_unit_is_consistent(profile: Profile, assembler: Assembler) -> None:
    content = material(ThemeContent("作为县人民政府副县长，我带头学习。", (CONCRETE,)),
                       ThemeContent("作为副县长，我抓了落实。", (CONCRETE,)), position="副县长")
    assert not checks(run(profile, assembler, content), "position")


def test_concrete_problems_pass_and_vague_ones_are_named(profile: Profile, assembler: Assembler) -> None:
    concrete = [
        Item("预判风险慢半拍", "对风险研判不够", "今年汛期城南片区积水，我事前没有检查泵站"),  # example
        Item("听取意见不耐心", "我曾在党组会上打断了分管同志的发言"),  # own act, occasion
        Item("下乡蹲点偏少", "全年下乡四十多次，在村里过夜的只有一次"),  # numbers
        Item("调度会开得多", "7月以来开了十几次调度会，落实情况问得少"),  # date
        Item("跟踪问效不够", "东湖街道的改造项目，批转后过问很少"),  # place
        Item("政策把握有偏差", "对“两个确立”“四个意识”等要求理解不透，一些时候想得简单"),  # formulas are not numbers
    ]
    content = material(ThemeContent(None, tuple(concrete)))
    assert checks(run(profile, assembler, content), "not_concrete") == [("2.6", "政策把握有偏差")]


def test_stock_phrases_suggestions_and_others_problems(profile: Profile, assembler: Assembler) -> None:
    content = material(ThemeContent(None, (
        Item("理论学习不够深入", "今年我只读了两本原著"),
        Item("进一步加强调查研究", "今年我下乡8次"),
        Item("落实责任还要加强", "我有2次没有过问"),
        Item("班子成员学习不够", "今年班子集中学习只有3次"),
        Item("跟踪问效不够", "有的同志部署后不检查，个别干部满足于开会，今年有3项工作拖延"),
        Item("组织生活参加少", "参加领导班子的组织生活多，到支部过组织生活少，今年只去了两次"),
        Item("应对风险预案不足", "今年7月内涝前没有预案"),
        Item("听取意见不全面", "建议上级多给基层留出调研时间，今年我只开了1次座谈会"),
    )))
    report = run(profile, assembler, content)
    assert checks(report, "stock_phrase") == [("2.1", "理论学习不够深入"), ("2.4", "班子成员学习不够")]
    assert checks(report, "suggestion") == [("2.2", "进一步加强调查研究"), ("2.3", "落实责任还要加强"),
                                           ("2.8", "建议上级多给基层留出调研时间")]
    # the team or others as the subject; "参加领导班子的组织生活" is the official's own act
    assert checks(report, "not_own") == [("2.4", "班子成员学习不够"), ("2.5", "有的同志部署后不检查")]


def test_a_cause_that_repeats_a_problem(profile: Profile, assembler: Assembler) -> None:
    content = material(ThemeContent(None, (Item("创新意识有所弱化", "今年我只提出了1条新举措"),
                                          Item("宗旨意识不够牢固", "今年我只接访了2次"))),
                       causes=(Item("创新意识不强", "习惯于老办法"), Item("宗旨意识有所淡化", "和群众感情淡了"),
                               Item("党性修养有所放松", "要求降低")))
    found = [f for f in run(profile, assembler, content).findings if f.check == "cause_repeats"]
    assert [(f.where, f.quote) for f in found] == [("8.1", "创新意识不强"), ("8.2", "宗旨意识有所淡化")]
    assert "〔2.1〕问题“创新意识有所弱化”" in found[0].message and "没有挖到" in found[0].message
    assert "由表及里" in found[1].message  # names a root, but in the problem's own words


def test_measures_and_problems_matched_by_marks_or_by_wording(profile: Profile, assembler: Assembler) -> None:
    problems = (Item("调研蹲点不深", "今年下乡8次，在村里住下只有1次"),
                Item("群众诉求办理慢", "今年有3件诉求超过半年才办结"))
    content = material(ThemeContent(None, problems))
    inferred = run(profile, assembler, content)
    assert inferred_links(pieces(profile, content), RULES)[1] == frozenset({"themes.1.problems.1"})
    assert checks(inferred, "problem_unanswered") == [("2.2", "群众诉求办理慢")]
    assert checks(inferred, "measure_unanswered") == [("9.2", "建立自学台账"), ("9.3", "严守廉洁纪律")]
    assert "按用词推断" in inferred.findings[-1].message or any("按用词推断" in f.message for f in inferred.findings)
    # The official's marks replace the guess entirely.
    marked = run(profile, assembler, content, links={1: frozenset({"themes.1.problems.1", "themes.1.problems.2"}),
                                                     3: frozenset({"themes.1.problems.2"})})
    assert marked.linked
    assert checks(marked, "problem_unanswered") == []
    assert checks(marked, "measure_unanswered") == [("9.2", "建立自学台账")]
    assert all("按用词推断" not in f.message for f in marked.findings)


def test_vague_measures_and_duplicate_sentences(profile: Profile, assembler: Assembler) -> None:
    pasted = "对标对表上级要求还存在明显差距"
    content = material(
        ThemeContent(f"我抓了学习。{pasted}：", (Item("学用结合有欠缺", f"今年我有3次照搬文件。{pasted}"),)),
        measures=(Item("加强理论学习，坚定理想信念", "不断提高政治站位，做到学思践悟"), *MEASURES[1:]))
    report = run(profile, assembler, content)
    assert checks(report, "measure_vague") == [("9.1", "加强理论学习，坚定理想信念")]
    duplicate = [f for f in report.findings if f.check == "duplicate"]
    assert len(duplicate) == 1 and duplicate[0].where == "2.0" and duplicate[0].quote == pasted
    assert "〔2.1〕（一）问题一" in duplicate[0].message


def test_balance_and_lengths_against_the_profile(profile: Profile, assembler: Assembler) -> None:
    long_measures = tuple(Item(f"第{k}条措施", "每月落实一次，" * 60) for k in range(1, 4))
    content = material(ThemeContent(None, (CONCRETE,)), measures=long_measures)
    report = run(profile, assembler, content)
    assert report.lengths.share < 0.5
    assert checks(report, "balance") == [("", f"{report.lengths.share:.0%}")]
    lengths = {f.quote: f.message for f in report.findings if f.check == "length"}
    assert f"“全文”共{report.lengths.total}字，少了{4000 - report.lengths.total}字（要求4000～8000字）" in lengths["全文"]
    assert "整改措施" not in lengths  # within its range
    # a draft in progress is not held to the ranges; a profile without ranges holds nothing
    assert not checks(run(profile, assembler, content, complete=False), "length")
    bare = replace(profile, review=ReviewSettings())
    assert not checks(run(bare, assembler, content), "length")
    stricter = replace(profile, review=ReviewSettings({"total": LengthRange(100, 200)}, balance=0.1))
    report = run(stricter, assembler, content)
    assert not checks(report, "balance") and [f.quote for f in report.findings if f.check == "length"] == ["全文"]


def test_report_and_summary_wording(profile: Profile, assembler: Assembler) -> None:
    content = material(ThemeContent("作为副局长，我做了一些工作。", (Item("理论学习不够深入", "对理论学习重视不够"),)))
    report = run(profile, assembler, content)
    text = format_report(profile, report, RULES)
    assert text.startswith("【审读意见】")
    assert "一、本人职务前后写法不一致（1处）\n1. 〔2.0〕（一）开头段：" in text
    assert "二、问题不具体，见事不见人（1处）" in text and "/edit 编号" in text
    assert "/edit" not in format_report(profile, report, RULES, in_chat=False)
    line = summary_line(report, RULES)
    assert line.startswith(f"审读：发现{len(report.findings)}处需要注意（职务写法1处、问题不具体1处、套话1处")
    assert line.endswith("发送 /check 查看。")
    clean = Report((), report.lengths)
    assert summary_line(clean, RULES) == "审读：未发现常见问题。"
    assert "未发现常见问题" in format_report(profile, clean, RULES)
