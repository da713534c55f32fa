"""Import of an existing material: .txt in any encoding, .docx, into a profile's structure
(issue 14, point 6). The samples are written for the tests in the style of real materials."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bot.draft.answers_file import parse_answers
from bot.draft.assemble import Assembler
from bot.draft.content import Author, DraftContent
from bot.draft.material_file import MaterialFileError, read_material
from bot.draft.material_import import ImportedMaterial, Unplaced, import_material, similarity
from bot.export.word import build_docx
from bot.profiles import ProfileCatalog
from tests.conftest import SAMPLES

MATERIALS = SAMPLES / "materials"
# (file, profile): 一是 and 如， / 1、 and 比如、又如 with a title line / counts and 上年度整改.
CASES = [("2021-run-on.txt", "2021-dangshi"), ("2021-arabic-biru.txt", "2021-dangshi"),
         ("2024-rectification-counts.txt", "2024-dangji")]


def _body(text: str, has_title: bool) -> str:
    """The text without its title line: an imported material without one gets the profile's."""
    return "\n".join(text.splitlines()[1:]) if has_title else text


def _import(data: bytes, filename: str, profile_id: str, catalog: ProfileCatalog) -> ImportedMaterial:
    return import_material(read_material(data, filename), catalog.get(profile_id))


@pytest.mark.parametrize(("name", "profile_id"), CASES)
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_a_text_file_imports_and_renders_back(catalog: ProfileCatalog, assembler: Assembler, name: str,
                                              profile_id: str, encoding: str) -> None:
    original = (MATERIALS / name).read_text(encoding="utf-8")
    imported = _import(original.encode(encoding), name, profile_id, catalog)
    assert imported.unplaced == ()
    rendered = assembler.document(catalog.get(profile_id), imported.content).text()
    has_title = "。" not in original.splitlines()[0]
    assert similarity(_body(original, has_title), _body(rendered, True)) >= 0.99


@pytest.mark.parametrize(("name", "profile_id"), CASES)
def test_the_products_own_docx_imports_to_the_same_content(catalog: ProfileCatalog, assembler: Assembler,
                                                           name: str, profile_id: str) -> None:
    profile = catalog.get(profile_id)
    original = (MATERIALS / name).read_text(encoding="utf-8")
    from_text = _import(original.encode(), name, profile_id, catalog)
    docx = build_docx(assembler.document(profile, from_text.content))
    from_docx = _import(docx, "去年的材料.docx", profile_id, catalog)
    assert from_docx.content == from_text.content
    has_title = "。" not in original.splitlines()[0]
    rendered = assembler.document(profile, from_docx.content).text()
    assert similarity(_body(original, has_title), _body(rendered, True)) >= 0.99


@pytest.mark.parametrize("answers", ["answers-2021.yaml", "answers-2025.yaml"])
def test_a_rendered_answers_file_imports_to_the_same_content(catalog: ProfileCatalog, assembler: Assembler,
                                                             answers: str) -> None:
    content = parse_answers((SAMPLES / answers).read_bytes(), catalog.find)
    profile = catalog.get(content.profile_id)
    document = assembler.document(profile, content)
    # The unit is not printed anywhere in the material, so it cannot come back.
    expected = dataclasses.replace(content, author=Author(content.author.position, content.author.name))
    if profile.layout.rectification.style == "summary":
        # The 2025 practice tells last year's rectification in one sentence of the preamble
        # (names only, issue 15): what was done item by item is not in the material to read back.
        expected = dataclasses.replace(expected, rectification=())
    for data, filename in ((document.text().encode(), "材料.txt"), (build_docx(document), "材料.docx")):
        imported = _import(data, filename, profile.id, catalog)
        assert imported.content == expected
        assert imported.unplaced == () and imported.notes == ()


def test_structure_of_a_sample(catalog: ProfileCatalog) -> None:
    imported = _import((MATERIALS / "2021-arabic-biru.txt").read_bytes(), "a.txt", "2021-dangshi", catalog)
    content = imported.content
    assert content.author == Author("县卫生健康局局长", "赵文")
    assert content.title is None and content.preamble is None  # the profile's own wording
    first = content.themes[0]
    assert first.lead is None  # the profile's default lead, which gave the position
    assert first.problems[0].title == "学习领会停留在面上"
    assert first.problems[0].example is not None and first.problems[0].example.startswith("在研究基层医疗机构")
    third = content.themes[2].problems[0]
    assert third.example is not None and "。又如，对村医待遇偏低" in third.example
    assert [c.title for c in content.causes][:2] == ["理想信念有所松懈", "群众观念有所淡薄"]
    assert len(content.measures) == 4 and len(content.declarations) == 6
    assert content.closing is None


def test_counts_and_last_years_measures(catalog: ProfileCatalog) -> None:
    imported = _import((MATERIALS / "2024-rectification-counts.txt").read_bytes(), "c.txt", "2024-dangji", catalog)
    content = imported.content
    assert content.counts == {"study": 7, "opinions": 19, "talks": 38}
    assert content.preamble is None
    assert [r.remaining is None for r in content.rectification] == [False, True, False]
    assert content.rectification[0].remaining == "学习成果转化为推动交通项目建设的具体举措还不够多"
    assert len(content.themes[3].problems) == 1


def test_counts_in_a_preamble_worded_otherwise(catalog: ProfileCatalog) -> None:
    text = (MATERIALS / "2024-rectification-counts.txt").read_text(encoding="utf-8")
    text = text.replace("认真查摆存在问题，深刻剖析问题根源", "逐条梳理了问题")
    content = _import(text.encode(), "c.txt", "2024-dangji", catalog).content
    assert content.counts == {"study": 7, "opinions": 19, "talks": 38}
    assert content.preamble is not None and "逐条梳理了问题" in content.preamble


def _all_text(imported: ImportedMaterial, assembler: Assembler, catalog: ProfileCatalog) -> str:
    rendered = assembler.document(catalog.get(imported.content.profile_id), imported.content).text()
    return rendered + "".join(u.text for u in imported.unplaced)


def test_what_fits_nowhere_is_kept_and_listed(catalog: ProfileCatalog, assembler: Assembler) -> None:
    text = (MATERIALS / "2021-run-on.txt").read_text(encoding="utf-8")
    extra_part = "四、其他需要说明的情况\n本人今年因病休假两周，部分调研安排顺延。"
    causes_lead = "结合查摆出的问题，我从思想上、工作上进行了深刻反思。"
    text = (text.replace("二、原因剖析\n", "二、原因剖析\n" + causes_lead + "\n")
            .replace("六是本人其他个人有关事项与上年度相比没有变化。",
                     "六是本人其他个人有关事项与上年度相比没有变化。七是本人没有违规兼职取酬情况。")
            .replace("以上是我个人的对照检查", extra_part + "\n以上是我个人的对照检查"))
    imported = _import(text.encode(), "m.txt", "2021-dangshi", catalog)
    assert Unplaced("原因剖析", causes_lead) in imported.unplaced
    assert Unplaced("需要说明的事项：", "本人没有违规兼职取酬情况。") in imported.unplaced
    assert Unplaced("四、其他需要说明的情况", extra_part) in imported.unplaced
    # Nothing lost: the rendered material plus what is kept aside holds every character.
    kept = _all_text(imported, assembler, catalog)
    assert all(fragment in "".join(kept.split()) for fragment in
               ("".join(causes_lead.split()), "本人今年因病休假两周", "本人没有违规兼职取酬情况"))


def test_missing_parts_are_noted(catalog: ProfileCatalog) -> None:
    text = (MATERIALS / "2021-run-on.txt").read_text(encoding="utf-8")
    head = text.split("二、原因剖析")[0]
    imported = _import(head.encode(), "m.txt", "2021-dangshi", catalog)
    assert "未找到“原因剖析”部分" in imported.notes and "未找到“整改措施”部分" in imported.notes
    assert "未能从材料中识别职务，请导入后填写" in imported.notes
    assert isinstance(imported.content, DraftContent) and len(imported.content.themes) == 5


def test_files_that_are_no_material(tmp_path: Path) -> None:
    with pytest.raises(MaterialFileError, match="旧版 Word"):
        read_material(b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "去年的材料.doc")
    with pytest.raises(MaterialFileError, match="无法打开"):
        read_material(b"PK\x03\x04 not really a zip", "x.docx")
    with pytest.raises(MaterialFileError, match="过大"):
        read_material(b"x" * (6 * 1024 * 1024), "x.txt")
    with pytest.raises(MaterialFileError, match="编码"):
        read_material(b"\x81\x30\xff\xfe\xff", "x.txt")


def test_last_years_word_file_carries_over_like_a_stored_draft(catalog: ProfileCatalog,
                                                                assembler: Assembler) -> None:
    from bot.carryover import carried_answers, measures_of
    from bot.interview.engine import Interview

    old, new = catalog.get("2024-dangji"), catalog.get("2025-zuofeng")
    text = (MATERIALS / "2024-rectification-counts.txt").read_text(encoding="utf-8")
    docx = build_docx(assembler.document(old, _import(text.encode(), "c.txt", old.id, catalog).content))
    old_answers = Interview(old).answers_from_content(_import(docx, "去年.docx", old.id, catalog).content)
    carried = carried_answers(old, old_answers, new)
    assert carried["author.position"] == "县交通运输局局长"
    assert [m.title for m in measures_of(old, old_answers)] == [
        "坚持学纪明纪，严守纪律规矩", "坚持问题导向，改进调查研究", "坚持担当作为，推动项目落地"]


def test_a_title_on_two_lines_and_an_aspect_the_meeting_lacks(catalog: ProfileCatalog) -> None:
    text = (MATERIALS / "2021-arabic-biru.txt").read_text(encoding="utf-8")
    text = text.replace("党史学习教育专题民主生活会上的对照检查材料\n", "党史学习教育专题\n民主生活会上的对照检查材料\n", 1)
    stray = "（六）在带头转变工作作风方面。作为局长，我还存在以下不足：一是会议偏多。"
    text = text.replace("需要说明的事项：", stray + "\n需要说明的事项：", 1)
    imported = _import(text.encode(), "a.txt", "2021-dangshi", catalog)
    assert imported.content.author.name == "赵文" and imported.content.preamble is None
    assert Unplaced("存在的主要问题", stray) in imported.unplaced
    assert all("转变工作作风" not in (p.detail + (p.example or "")) for p in imported.content.themes[4].problems)
