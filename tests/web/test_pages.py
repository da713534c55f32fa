"""Every page of the web front end through Starlette's TestClient, on the same service as the bot."""

from __future__ import annotations

import io
import re

from docx import Document as WordDocument
from starlette.testclient import TestClient

from bot.usecases import DraftingService
from bot.web import accounts
from tests.usecases.helpers import filled, said, text_of
from tests.usecases.scenario import four_problem_sample
from tests.web.helpers import PASSWORD, Browser, register


def _user(service: DraftingService, login: str = "liming") -> int:
    return accounts.sign_in(service.db, login, PASSWORD).telegram_id


def _item_ids(html: str, section: int) -> list[int]:
    part = html.split(f'id="s{section}"', 1)[1].split("</section>", 1)[0]
    return [int(n) for n in re.findall(r'<li class="item" data-item="(\d+)"', part)]


def test_a_new_material_is_answered_one_question_at_a_time(client: TestClient, service: DraftingService) -> None:
    browser = register(client, service)
    assert "您还没有材料" in browser.html
    page = browser.post("/materials/new", profile="2024-dangji")
    assert "已新建" in page and 'value="author.position"' in page and "填写提示" in page
    page = browser.post("/interview/answer", question="author.position", text="县")
    assert 'role="alert"' in page and 'value="author.position"' in page  # too short: the same question again
    page = browser.post("/interview/answer", question="author.position", text="县农业农村局党组书记、局长")
    assert "已保存" in page and 'value="author.name"' in page
    page = browser.post("/interview/back", question="author.name")
    assert 'value="author.position"' in page and "当前内容" in page and "县农业农村局党组书记、局长" in page
    page = browser.post("/interview/keep", question="author.position")
    assert 'value="author.name"' in page
    # The bot sees the same answer: one users row, whichever front end.
    assert service.answers(_user(service))["author.position"] == "县农业农村局党组书记、局长"


def test_a_stale_page_answers_nothing(client: TestClient, service: DraftingService) -> None:
    browser = register(client, service)
    browser.post("/materials/new", profile="2024-dangji")
    page = browser.post("/interview/answer", question="author.name", text="李明")
    assert "此按钮已过期" in page
    assert "author.name" not in service.answers(_user(service))


def test_the_material_page_removes_moves_and_undoes_by_item(client: TestClient, service: DraftingService) -> None:
    browser = register(client, service)
    user = _user(service)
    filled(service, user)
    written = text_of(service, user)
    page = browser.get("/material")
    assert "学用结合有欠缺" in page and 'class="finding"' in page and "下载 Word 文件" in page
    ids = _item_ids(page, 2)
    assert len(ids) == 4
    page = browser.post("/material/item", section="2", item=str(ids[1]), op="remove")
    assert "学用结合有欠缺" not in page.split('id="document"')[1] and _item_ids(page, 2) == [ids[0], *ids[2:]]
    page = browser.post("/material/item", section="2", item=str(ids[3]), op="up")
    assert _item_ids(page, 2) == [ids[0], ids[3], ids[2]]
    page = browser.post("/material/item", section="2", item=str(ids[3]), op="down")
    assert _item_ids(page, 2) == [ids[0], ids[2], ids[3]]
    browser.post("/material/undo")
    page = browser.post("/material/undo")
    assert "已撤销" in page
    page = browser.post("/material/undo")
    assert _item_ids(page, 2) == ids and text_of(service, user) == written
    page = browser.post("/material/redo")
    assert _item_ids(page, 2) == [ids[0], *ids[2:]]
    # A page left open after the item went: acting on it changes nothing.
    page = browser.post("/material/item", section="2", item=str(ids[1]), op="down")
    assert "已不在原处" in page and _item_ids(page, 2) == [ids[0], *ids[2:]]


def test_edit_and_add_go_to_the_interview(client: TestClient, service: DraftingService) -> None:
    browser = register(client, service)
    user = _user(service)
    filled(service, user)
    browser.get("/material")
    page = browser.post("/material/edit", number="2.1")
    assert "修改中" in page and "当前内容" in page and "学习的系统性不强" in page
    page = browser.post("/interview/answer", question="themes.1.problems.1.title", text="学习的系统性还不够强")
    assert "已保存" in page
    page = browser.post("/interview/cancel", question="")
    assert "学习的系统性还不够强" in text_of(service, user)
    browser.get("/material")
    page = browser.post("/material/add", section="4", position="1")
    assert "修改中" in page or "已增加" in page


def test_check_history_and_word(client: TestClient, service: DraftingService) -> None:
    browser = register(client, service)
    user = _user(service)
    filled(service, user)
    assert "审读意见" in browser.get("/check") and "/edit" not in browser.html
    assert "修改记录" in browser.get("/history")
    response = client.get("/material.docx")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response.headers["content-disposition"]
    word = WordDocument(io.BytesIO(response.content))
    text = "".join(p.text for p in word.paragraphs)
    # The Word title breaks its line where the official format wants; the words are the same.
    assert "".join(text.split()) == "".join(text_of(service, user).split())


def test_materials_list_opens_by_number(client: TestClient, service: DraftingService) -> None:
    browser = register(client, service)
    user = _user(service)
    filled(service, user)
    browser.get("/materials")
    page = browser.post("/materials/new", profile="2024-dangji", option="全新")
    assert "已新建" in page
    page = browser.get("/materials")
    assert page.count('action="/materials/open"') == 2 and "当前材料" in page
    page = browser.post("/materials/open", number="1")
    assert "已打开第1份材料" in page


def test_no_material_yet(client: TestClient, service: DraftingService) -> None:
    browser = register(client, service)
    assert "您还没有打开的材料" in browser.get("/interview")
    assert "您还没有打开的材料" in browser.get("/material")  # redirected to the list with the notice
    assert client.get("/material.docx").status_code == 404


def test_account_page_and_password_change(client: TestClient, service: DraftingService) -> None:
    browser = register(client, service)
    page = browser.get("/account")
    assert "当前登录：liming" in page
    page = browser.post("/account/password", old="错的密码错的密码错的", password="新密码新密码新密码新", password2="新密码新密码新密码新")
    assert "原密码不正确" in page
    page = browser.post("/account/password", old=PASSWORD, password="新密码新密码新密码新", password2="新密码新密码新密码新")
    assert "密码已修改" in page
    page = browser.post("/logout")
    assert "已退出登录" in page
    browser.post("/login", login="liming", password="新密码新密码新密码新")
    assert "我的材料" in browser.html


def test_unknown_page(client: TestClient) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404 and "页面不存在" in response.text


def test_home_sends_to_sign_in(client: TestClient, service: DraftingService) -> None:
    assert client.get("/").url.path == "/login"
    register(client, service)
    assert Browser(client).get("/").count("新建材料") == 1


def test_after_a_measure_the_page_asks_which_problems_it_answers(client: TestClient, service: DraftingService) -> None:
    browser = register(client, service)
    user = _user(service)
    filled(service, user)
    browser.get("/material")
    browser.post("/material/edit", number="9.1")  # the measures of the 2021 material are section 9
    assert 'value="measures.1.title"' in browser.html
    browser.post("/interview/keep", question="measures.1.title")
    page = browser.post("/interview/answer", question="measures.1.detail",
                        text="制定个人年度学习计划，每周至少安排半天自学，明年3月底前读完辅导读本并讲一次党课。")
    assert 'name="data" value="lk:1:' in page  # one button per problem, pressed through /press
    data = re.search(r'name="data" value="(lk:1:[^"]+)"', page)
    assert data is not None
    before = said(service.link(user))
    browser.post("/press", data=data.group(1), back="interview")
    assert said(service.link(user)) != before


def test_an_answers_file_is_imported_after_confirmation(client: TestClient, service: DraftingService) -> None:
    browser = register(client, service)
    user = _user(service)
    browser.get("/materials")
    response = client.post("/materials/import", data={"csrf": browser.token},
                           files={"file": ("答案.yaml", four_problem_sample(), "application/x-yaml")})
    assert response.status_code == 200 and "确认导入" in response.text and service.materials(user) == []
    data = re.search(r'name="data" value="(imp:yes~[^"]+)"', response.text)
    assert data is not None
    browser.html = response.text
    page = browser.post("/press", data=data.group(1), back="materials")
    assert "导入" in page and len(service.materials(user)) == 1
    refused = client.post("/materials/import", data={"csrf": browser.token},
                          files={"file": ("x.yaml", b"not: [an answers file", "application/x-yaml")})
    assert refused.status_code == 200 and len(service.materials(user)) == 1
    empty = client.post("/materials/import", data={"csrf": browser.token},
                        files={"file": ("x.yaml", b"", "application/x-yaml")})
    assert "请选择要导入的文件" in empty.text
    big = client.post("/materials/import", data={"csrf": browser.token},
                      files={"file": ("x.yaml", b"a" * (5 * 1024 * 1024 + 1), "application/x-yaml")})
    assert "文件过大" in big.text


def test_an_item_dragged_to_another_place(client: TestClient, service: DraftingService) -> None:
    browser = register(client, service)
    filled(service, _user(service))
    ids = _item_ids(browser.get("/material"), 2)
    page = browser.post("/material/item", section="2", item=str(ids[3]), op="move", position="1")
    assert "移到第1个" in page and _item_ids(page, 2) == [ids[3], *ids[:3]]
    browser.post("/material/item", status=404, section="2", item=str(ids[0]), op="move", position="x")


def test_pdf_download(client: TestClient, service: DraftingService) -> None:
    register(client, service)
    filled(service, _user(service))
    response = client.get("/material.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response.headers["content-type"] == "application/pdf"
    assert client.get("/material.exe").status_code == 404


def test_last_years_word_file_is_imported_on_the_web(client: TestClient, service: DraftingService) -> None:
    """The same import as in chat: a .docx read into its meeting's structure, shown, imported after a yes."""
    from bot.draft.answers_file import parse_answers
    from bot.draft.assemble import Assembler
    from bot.export.word import build_docx
    from bot.profiles import ProfileCatalog
    from tests.conftest import ROOT, SAMPLES

    catalog = ProfileCatalog.from_dir(ROOT / "prompts")
    content = parse_answers((SAMPLES / "answers-2021.yaml").read_bytes(), catalog.find)
    docx = build_docx(Assembler(ROOT / "templates").document(catalog.get("2021-dangshi"), content))
    browser = register(client, service)
    user = _user(service)
    browser.get("/materials")
    response = client.post("/materials/import", data={"csrf": browser.token},
                           files={"file": ("2021年材料.docx", docx, "application/octet-stream")})
    assert "已按“2021年度党史学习教育专题民主生活会”的结构读出" in response.text
    data = re.search(r'name="data" value="(imp:yes~[^"]+)"', response.text)
    assert data is not None
    browser.html = response.text
    browser.post("/press", data=data.group(1), back="materials")
    assert [m.meeting for m in service.materials(user)] == ["2021年度党史学习教育专题民主生活会"]
