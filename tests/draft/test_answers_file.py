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


def test_too_large_and_not_utf8(catalog: ProfileCatalog) -> None:
    with pytest.raises(AnswersFileError, match="过大"):
        parse_answers(b"x" * (600 * 1024), catalog.find)
    with pytest.raises(AnswersFileError, match="UTF-8"):
        parse_answers("profile: 中文".encode("gbk"), catalog.find)
