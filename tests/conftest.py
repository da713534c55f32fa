"""Shared fixtures: a fresh SQLite database and service per test, built like the real app."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.app import build_service
from bot.config import Config, load_config
from bot.draft.assemble import Assembler
from bot.profiles import Profile, ProfileCatalog
from bot.service import DraftingService

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = Path(__file__).resolve().parent / "samples"


@pytest.fixture
def config(tmp_path: Path) -> Config:
    base = load_config(ROOT / "config.yaml", env={})
    return replace(base, database_url=f"sqlite:///{tmp_path / 'selfreview.db'}")


@pytest.fixture
def service(config: Config) -> DraftingService:
    return build_service(config)


@pytest.fixture(scope="session")
def catalog() -> ProfileCatalog:
    return ProfileCatalog.from_dir(ROOT / "prompts")


@pytest.fixture(scope="session")
def profile(catalog: ProfileCatalog) -> Profile:
    return catalog.get("2021-dangshi")


@pytest.fixture(scope="session")
def assembler() -> Assembler:
    return Assembler(ROOT / "templates")
