"""Fixtures of the web front end: the app over the same service the other tests use."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from bot.usecases import DraftingService
from bot.web.site import create_app


@pytest.fixture
def app(service: DraftingService) -> Starlette:
    return create_app(service)


@pytest.fixture
def client(app: Starlette) -> TestClient:
    return TestClient(app)
