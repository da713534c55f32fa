"""Review: share with a reviewer, comments beside the items, /comments in the bot, answers, the end of a share."""

from __future__ import annotations

import re

from starlette.applications import Starlette
from starlette.testclient import TestClient

from bot.usecases import DraftingService
from bot.web import accounts
from tests.usecases.helpers import filled, said, text_of
from tests.web.helpers import PASSWORD, Browser, register

COMMENT = "这一条请补充本人具体做了什么，并写明时间。"


def _user(service: DraftingService, login: str) -> int:
    return accounts.sign_in(service.db, login, PASSWORD).telegram_id


def _share(official: Browser) -> str:
    official.get("/shares")
    page = official.post("/shares/new")
    found = re.search(r'<strong class="code">([A-Z2-7-]+)</strong>', page)
    assert found is not None
    return found.group(1)


def _review_id(page: str) -> int:
    found = re.search(r'href="/review/(\d+)"', page)
    assert found is not None
    return int(found.group(1))


def _key_of(page: str, number: str) -> str:
    found = re.search(r'data-key="([^"]+)">\s*<p class="doc"><span class="num">〔' + re.escape(number) + "〕", page)
    assert found is not None, number
    return found.group(1)


def test_a_reviewer_comments_and_the_official_answers(app: Starlette, service: DraftingService) -> None:
    official = register(TestClient(app), service, "liming")
    owner = _user(service, "liming")
    filled(service, owner)
    written = text_of(service, owner)
    code = _share(official)
    assert "等待审核人输入共享码" in official.html

    reviewer = register(TestClient(app), service, "shuji")
    reviewer.get("/review")
    page = reviewer.post("/review/join", code=code)
    assert "已加入审核" in page
    share = _review_id(page)
    page = reviewer.get(f"/review/{share}")
    assert "学用结合有欠缺" in page and "/material/item" not in page and "/material/edit" not in page
    target = _key_of(page, "2.2")
    page = reviewer.post(f"/review/{share}/comment", target=target, body=COMMENT)
    assert "意见已提交" in page and COMMENT in page
    assert "意见不能为空" in reviewer.post(f"/review/{share}/comment", target=target, body="  ")
    assert "已不存在" in reviewer.post(f"/review/{share}/comment", target="themes.1.problems.99", body=COMMENT)

    # The official sees it beside the item, and in the bot.
    page = official.get("/material")
    item = page.split('data-item="2"', 1)[1].split("</li>", 1)[0]
    assert COMMENT in item
    assert COMMENT in said(service.command(owner, "comments")) and "〔2.2〕" in said(service.command(owner, "comments"))
    # It follows its item when the item moves, and never enters the document.
    official.post("/material/item", section="2", item="2", op="up")
    assert "〔2.1〕" in said(service.command(owner, "comments"))
    assert COMMENT not in text_of(service, owner)
    comment = re.search(r'data-comment="(\d+)"', official.get("/material"))
    assert comment is not None
    official.post("/comments/answer", comment=comment.group(1), reply="已补充事例。", resolve="0")
    page = official.post("/comments/answer", comment=comment.group(1), reply="", resolve="1")
    assert "已标为已处理" in page and "已补充事例。" in page
    assert "（已处理）" in said(service.command(owner, "comments"))

    # What changed since the reviewer last read it, on both sides.
    assert "审核人上次阅读以来的修改" in official.get("/shares") and "移动" in official.html
    page = reviewer.get(f"/review/{share}")
    assert "起草人作了以下修改" in page and "移动" in page and "已补充事例。" in page
    assert "审核人上次阅读以来没有修改" in official.get("/shares")

    # The official ends the share: the reviewer can neither read nor comment.
    share_form = re.search(r'name="share" value="(\d+)"', official.html)
    assert share_form is not None
    assert "已结束共享" in official.post("/shares/end", share=share_form.group(1))
    reviewer.get(f"/review/{share}", status=404)
    reviewer.get("/review")
    reviewer.post(f"/review/{share}/comment", status=404, target=target, body=COMMENT)
    reviewer.get("/review")
    assert "对方已结束共享" in reviewer.post("/review/join", code=code)
    undone = text_of(service, owner)
    service.undo(owner)
    assert text_of(service, owner) == written and undone != written


def test_a_share_code_lets_in_one_reviewer_only(app: Starlette, service: DraftingService) -> None:
    official = register(TestClient(app), service, "liming")
    filled(service, _user(service, "liming"))
    code = _share(official)
    official.get("/review")
    assert "这是您自己的材料" in official.post("/review/join", code=code)
    first = register(TestClient(app), service, "shuji")
    first.get("/review")
    share = _review_id(first.post("/review/join", code=code))
    other = register(TestClient(app), service, "wangfang")
    other.get("/review")
    assert "已被他人使用" in other.post("/review/join", code=code)
    assert "共享码无效" in other.post("/review/join", code="AAAA-BBBB-CCCC-DDDD")
    # Another account trying the share by its number, reading or commenting: nothing.
    other.get(f"/review/{share}", status=404)
    other.get("/review")
    other.post(f"/review/{share}/comment", status=404, target="author", body=COMMENT)
    for number in range(1, 5):
        other.get(f"/review/{number}", status=404)


def test_nobody_acts_on_another_official_s_shares_or_comments(app: Starlette, service: DraftingService) -> None:
    official = register(TestClient(app), service, "liming")
    filled(service, _user(service, "liming"))
    code = _share(official)
    reviewer = register(TestClient(app), service, "shuji")
    reviewer.get("/review")
    share = _review_id(reviewer.post("/review/join", code=code))
    page = reviewer.get(f"/review/{share}")
    reviewer.post(f"/review/{share}/comment", target=_key_of(page, "2.1"), body=COMMENT)

    intruder = register(TestClient(app), service, "wangfang")
    filled(service, _user(service, "wangfang"))
    intruder.get("/shares")
    intruder.post("/shares/end", status=404, share=str(share))
    intruder.get("/material")
    for comment in range(1, 4):
        intruder.post("/comments/answer", status=404, comment=str(comment), reply="改好了", resolve="1")
    assert COMMENT not in intruder.get("/material")
    page = reviewer.get(f"/review/{share}")
    assert COMMENT in page and "已处理" not in page.split(COMMENT, 1)[1].split("</div>", 1)[0]


def test_comments_in_the_bot_without_any(service: DraftingService) -> None:
    filled(service, 4242)
    assert "还没有审核人的意见" in said(service.command(4242, "comments"))
