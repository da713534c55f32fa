"""The bot's side of the web front end, through the real PTB stack: /web (a Mini App button) and /comments."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from bot.config import Config, ConfigError, load_config
from bot.texts import sharing as T
from bot.usecases import DraftingService, sharing
from tests.conftest import ROOT
from tests.fakebotapi import FakeBotAPI
from tests.telegram.harness import Chat, RunningBot
from tests.usecases.helpers import filled

USER = 616161
URL = "https://zcjc.example.gov.cn"


def test_web_sends_a_mini_app_button(tg_config: Config, server: FakeBotAPI) -> None:
    with RunningBot(replace(tg_config, web_url=URL)):
        Chat(server, USER).say("/web", "打开网页版")
    sent = [c for c in server.calls("sendMessage") if "网页版" in str(c.params.get("text"))][-1]
    markup = sent.params["reply_markup"]
    keyboard = (json.loads(markup) if isinstance(markup, str) else markup)["inline_keyboard"]
    assert keyboard == [[{"text": "打开网页版", "web_app": {"url": URL + "/miniapp"}}]]


def test_web_without_an_address_says_so(service: DraftingService) -> None:
    assert "尚未配置网页版地址" in service.command(USER, "web")[0].text


def test_the_address_must_be_https() -> None:
    assert load_config(ROOT / "config.yaml", env={"SELFREVIEW_WEB_URL": URL + "/"}).web_url == URL
    with pytest.raises(ConfigError, match="https"):
        load_config(ROOT / "config.yaml", env={"SELFREVIEW_WEB_URL": "http://10.0.0.5"})


def test_comments_of_a_reviewer_reach_the_bot(tg_config: Config, server: FakeBotAPI) -> None:
    """A reviewer's comment made in the web front end, read with /comments through the real PTB stack."""
    with RunningBot(tg_config) as running:
        service = running.service
        filled(service, USER)
        codes: list[str | None] = []
        service.run(USER, lambda scope: codes.append(sharing.create(scope)) or [])
        reviewer = 717171
        notes: list[str] = []
        service.run(reviewer, lambda scope: notes.append(sharing.join(scope, codes[0] or "")) or [])
        shares: list[list[tuple[int, str]]] = []
        service.run(reviewer, lambda scope: shares.append(sharing.reviewing(scope)) or [])
        share = shares[0][0][0]
        service.run(reviewer, lambda scope: notes.append(
            sharing.comment(scope, share, "themes.1.problems.2", "请补充一件具体事例。")) or [])
        assert notes == [T.JOINED, T.COMMENTED]
        replies = Chat(server, USER).say("/comments", "请补充一件具体事例。")
        assert any("〔2.2〕" in text and "未处理1条" in text for text in replies)
