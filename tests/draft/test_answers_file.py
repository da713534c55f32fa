"""The answers file: round trip, and errors with key paths, nothing half-read."""

from __future__ import annotations

import pytest

from bot.draft.answers_file import AnswersFileError, dump_answers, parse_answers
from bot.profiles import ProfileCatalog
from tests.conftest import SAMPLES


def test_round_trip(catalog: ProfileCatalog) -> None:
    content = parse_answers((SAMPLES / "answers-2021.yaml").read_bytes(), catalog.find)
    assert parse_answers(dump_answers(content), catalog.find) == content


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("profile: nosuch\nauthor: {position: 县长}\n", "没有编号为“nosuch”"),
        ("author: {position: 县长}\n", "profile：缺少内容"),
        ("profile: 2021-dangshi\n", "author：应为映射"),
        ("profile: 2021-dangshi\nauthor: {position: 县长}\nthemes: 5\n", "themes：应为列表"),
        ("profile: 2021-dangshi\nauthor: {position: 县长}\nthemes:\n  - problems:\n      - {title: 只有标题}\n",
         "themes[0].problems[0].detail：缺少内容"),
        ("profile: 2021-dangshi\nauthor: {position: 县长}\ncauses: [{title: [1, 2], detail: x}]\n",
         "causes[0].title：应为文本"),
        ("profile: 2021-dangshi\nauthor: {position: 县长}\nfoo: 1\n", "foo：未知的键"),
        ("profile: 2021-dangshi\nauthor: {position: 县长}\nthemes: [{}, {}, {}, {}, {}, {}]\n", "共5个方面"),
        ("- a\n- b\n", "应为一个映射"),
        ("profile: [unclosed\n", "YAML 格式错误"),
        ("a: &x [1]\nb: *x\n", "别名"),
    ],
)
def test_errors_name_the_key_path(catalog: ProfileCatalog, text: str, fragment: str) -> None:
    with pytest.raises(AnswersFileError) as caught:
        parse_answers(text, catalog.find)
    assert any(fragment in problem for problem in caught.value.problems), caught.value.problems


def test_too_large_and_not_text(catalog: ProfileCatalog) -> None:
    with pytest.raises(AnswersFileError, match="过大"):
        parse_answers(b"x" * (600 * 1024), catalog.find)
    with pytest.raises(AnswersFileError, match="编码无法识别"):
        parse_answers(b"profile: \xff\xfe\xfd\x81\x30", catalog.find)


def test_round_trip_with_counts_rectification_and_case(catalog: ProfileCatalog) -> None:
    content = parse_answers((SAMPLES / "answers-2025.yaml").read_bytes(), catalog.find)
    assert content.counts == {"study": 8, "opinions": 17, "talks": 36}
    assert len(content.rectification) == 3 and content.rectification[2].remaining is None
    assert content.case is not None and content.case.title.startswith("邻县某镇")
    dumped = dump_answers(content)
    assert "counts:" in dumped and "rectification:" in dumped and "case:" in dumped
    assert parse_answers(dumped, catalog.find) == content


def test_older_files_have_no_new_keys(catalog: ProfileCatalog) -> None:
    """A 2021 export is unchanged: no empty counts, rectification or case keys appear."""
    content = parse_answers((SAMPLES / "answers-2021.yaml").read_bytes(), catalog.find)
    dumped = dump_answers(content)
    assert "counts" not in dumped and "rectification" not in dumped and "case" not in dumped


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("profile: 2021-dangshi\nauthor: {position: 县长}\ncounts: {study: 3}\n", "counts：该会议的开头段落不填写数字"),
        ("profile: 2024-dangji\nauthor: {position: 县长}\ncounts: {studies: 3}\n", "counts.studies：未知的键"),
        ("profile: 2024-dangji\nauthor: {position: 县长}\ncounts: {study: -1}\n", "counts.study：应为 0 至 9999 的整数"),
        ("profile: 2024-dangji\nauthor: {position: 县长}\ncounts: {study: 三}\n", "counts.study：应为 0 至 9999 的整数"),
        ("profile: 2021-dangshi\nauthor: {position: 县长}\nrectification: [{title: a, done: b}]\n",
         "rectification：该会议没有上年度整改落实情况"),
        ("profile: 2024-dangji\nauthor: {position: 县长}\nrectification: [{title: 某措施}]\n",
         "rectification[0].done：缺少内容"),
        ("profile: 2024-dangji\nauthor: {position: 县长}\nrectification: [{title: a, done: b, left: c}]\n",
         "rectification[0].left：未知的键"),
        ("profile: 2024-dangji\nauthor: {position: 县长}\ncase: {title: 某案, detail: 剖析}\n", "case：该会议没有典型案例剖析"),
        ("profile: 2025-zuofeng\nauthor: {position: 县长}\ncase: {title: 某案}\n", "case.detail：缺少内容"),
    ],
)
def test_new_sections_are_checked(catalog: ProfileCatalog, text: str, fragment: str) -> None:
    with pytest.raises(AnswersFileError) as caught:
        parse_answers(text, catalog.find)
    assert any(fragment in problem for problem in caught.value.problems), caught.value.problems


LINKED = """profile: 2021-dangshi
author: {position: 县长}
themes:
  - problems:
      - {title: 学习不够系统, detail: 年初订的自学计划只执行了一半左右}
      - {title: 调研不够深入, detail: 全年下村只有五次，每次都不超过半天}
  - problems:
      - {title: 听取意见不够, detail: 班子会讨论时习惯先表态，再听大家意见}
measures:
  - {title: 订好自学计划, detail: 每周固定安排半天时间用于个人自学, answers: ["1.1"]}
  - {title: 多下村蹲点, detail: 每季度到联系村蹲点三天，住在村里, answers: ["1.2", "2.1"]}
  - {title: 先听后说, detail: 党组会上听完大家发言之后最后表态}
"""


def test_measure_marks_are_read_written_and_read_back(catalog: ProfileCatalog) -> None:
    content = parse_answers(LINKED, catalog.find)
    assert content.links == {1: frozenset({"themes.1.problems.1"}),
                             2: frozenset({"themes.1.problems.2", "themes.2.problems.1"})}
    dumped = dump_answers(content)
    assert "answers:\n  - '1.2'\n  - '2.1'\n" in dumped  # quoted: YAML would read 1.2 as a number
    assert parse_answers(dumped, catalog.find) == content
    assert "answers" not in dump_answers(parse_answers((SAMPLES / "answers-2021.yaml").read_bytes(), catalog.find))


@pytest.mark.parametrize(
    ("answers", "fragment"),
    [
        ('"1.1"', "measures[0].answers：应为列表"),
        ("[1.2]", "“1.2”应写作带引号的“方面序号.问题序号”"),
        ('["第一个"]', "应写作带引号"),
        ('["3.1"]', "没有第3个方面的第1个问题"),
        ('["2.2"]', "没有第2个方面的第2个问题"),
    ],
)
def test_bad_measure_marks_name_the_measure(catalog: ProfileCatalog, answers: str, fragment: str) -> None:
    text = LINKED.replace('answers: ["1.1"]', f"answers: {answers}")
    with pytest.raises(AnswersFileError) as caught:
        parse_answers(text, catalog.find)
    assert any(fragment in problem for problem in caught.value.problems), caught.value.problems
