"""/web in the bot: a button that opens the web front end inside Telegram (a Mini App), through the real PTB stack."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from bot.config import Config, ConfigError, load_config
from bot.usecases import DraftingService
from tests.conftest import ROOT
from tests.fakebotapi import FakeBotAPI
from tests.telegram.harness import Chat, RunningBot

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
