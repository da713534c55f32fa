from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.config import Config
from tests.fakebotapi import FakeBotAPI
from tests.telegram.harness import RunningBot, telegram_config


@pytest.fixture
def server() -> Iterator[FakeBotAPI]:
    with FakeBotAPI() as fake:
        yield fake


@pytest.fixture
def tg_config(config: Config, server: FakeBotAPI) -> Config:
    return telegram_config(config, server)


@pytest.fixture
def bot(tg_config: Config) -> Iterator[RunningBot]:
    with RunningBot(tg_config) as running:
        yield running
