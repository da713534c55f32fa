"""The answers file gets the same checks as chat, all errors at once (issue 14, point 7)."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from bot.cli import main
from bot.draft.answers_file import AnswersFileError, parse_answers
from bot.profiles import ProfileCatalog
from bot.usecases import DraftingService
from tests.conftest import ROOT, SAMPLES
from tests.test_cli_profiles import write_config

SAMPLE = (SAMPLES / "answers-2021.yaml").read_text(encoding="utf-8")
FIRST_TITLE = "title: 学习的系统性不强"


def _problems(text: str, catalog: ProfileCatalog) -> list[str]:
    with pytest.raises(AnswersFileError) as caught:
        parse_answers(text.encode("utf-8", "surrogatepass"), catalog.find)
    return caught.value.problems


@pytest.mark.parametrize(("title", "fragment"), [
    ("很" * 100_000, "过长（100000字），这一项最多"),
    ("短", "过短（1字），这一项至少需要"),
    (".nan", "不能是 NaN 或无穷大"),
    ("1.0e+400", "不能是 NaN 或无穷大"),
    ('"本人\\0学习不够"', "控制字符"),
    ('"学习不够\\ud800系统"', "控制字符"),
])
def test_each_bad_title_is_refused_with_its_key_path(catalog: ProfileCatalog, title: str, fragment: str) -> None:
    text = SAMPLE.replace(FIRST_TITLE, f"title: {title}")
    problems = _problems(text, catalog)
    assert any(p.startswith("themes[0].problems[0].title：") and fragment in p for p in problems), problems


def test_all_errors_at_once(catalog: ProfileCatalog) -> None:
    text = (SAMPLE.replace(FIRST_TITLE, "title: 短")
            .replace("title: 学用结合有欠缺", "title: .inf")
            .replace("position: 县农业农村局党组书记、局长", "position: " + "长" * 41))
    problems = _problems(text, catalog)
    assert len(problems) == 3
    assert {p.split("：")[0] for p in problems} == {"themes[0].problems[0].title", "themes[0].problems[1].title",
                                                    "author.position"}


def test_a_title_typed_with_its_number_is_measured_without_it(catalog: ProfileCatalog) -> None:
    content = parse_answers(SAMPLE.replace(FIRST_TITLE, "title: 一是学习的系统性不强").encode(), catalog.find)
    assert content.themes[0].problems[0].title == "一是学习的系统性不强"  # assembly takes the number off


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16", "utf-8-sig"])
def test_the_answers_file_reads_in_every_encoding(catalog: ProfileCatalog, encoding: str) -> None:
    assert parse_answers(SAMPLE.encode(encoding), catalog.find) == parse_answers(SAMPLE.encode(), catalog.find)


def test_cli_import_of_a_gbk_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Notepad on Chinese Windows saves GBK: `selfreview import` ended in a traceback."""
    config = write_config(tmp_path, ROOT / "prompts")
    for n, (encoding, bom) in enumerate((("gbk", b""), ("utf-16-le", codecs.BOM_UTF16_LE))):
        answers = tmp_path / f"答案{n}.yaml"
        answers.write_bytes(bom + SAMPLE.encode(encoding))
        assert main(["--config", str(config), "import", "--user", "77", str(answers)]) == 0
        assert f"已导入为用户 77 的第{n + 1}份材料" in capsys.readouterr().out  # the earlier one stays


def test_a_gbk_answers_file_sent_in_chat_is_offered_for_import(service: DraftingService) -> None:
    replies = service.receive_file(88, "答案.yaml", SAMPLE.encode("gbk"))
    assert "确认导入吗" in replies[0].text


def test_cli_import_of_a_word_material(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`selfreview import` takes last year's Word file as well as an answers file."""
    from bot.draft.answers_file import parse_answers
    from bot.draft.assemble import Assembler
    from bot.export.word import build_docx
    from bot.profiles import ProfileCatalog
    from tests.conftest import SAMPLES

    catalog = ProfileCatalog.from_dir(ROOT / "prompts")
    content = parse_answers((SAMPLES / "answers-2021.yaml").read_bytes(), catalog.find)
    docx = tmp_path / "2021年材料.docx"
    docx.write_bytes(build_docx(Assembler(ROOT / "templates").document(catalog.get("2021-dangshi"), content)))
    config = write_config(tmp_path, ROOT / "prompts")
    assert main(["--config", str(config), "import", "--user", "78", str(docx)]) == 0
    assert "已导入为用户 78 的第1份材料" in capsys.readouterr().out
    assert main(["--config", str(config), "materials", "--user", "78"]) == 0
    assert "1. 2021年度党史学习教育专题民主生活会" in capsys.readouterr().out
    broken = tmp_path / "坏文件.docx"
    broken.write_bytes(b"PK\x03\x04 not really")
    assert main(["--config", str(config), "import", "--user", "78", str(broken)]) == 1
    assert "无法导入，未作任何修改" in capsys.readouterr().err
