"""Shared fixtures: a fresh SQLite database and service per test, built like the real app."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.app import build_service
from bot.config import Config, load_config
from bot.draft.assemble import Assembler
from bot.profiles import Profile, ProfileCatalog
from bot.usecases import DraftingService

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = Path(__file__).resolve().parent / "samples"


@pytest.fixture
def config(tmp_path: Path) -> Config:
    base = load_config(ROOT / "config.yaml", env={})
    # LibreOffice costs seconds per /draft: only the tests about PDF and preview turn it on.
    return replace(base, database_url=f"sqlite:///{tmp_path / 'selfreview.db'}",
                   document=replace(base.document, pdf_in_chat=False))


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db_config(request: pytest.FixtureRequest, config: Config) -> Config:
    """The same test on a SQLite file and on PostgreSQL."""
    if request.param == "sqlite":
        return config
    return replace(config, database_url=request.getfixturevalue("postgres_url"))


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


POSTGRES_ADMIN_URL = os.environ.get(
    "SELFREVIEW_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test (PostgreSQL runs on every machine and in CI)."""
    name = f"selfreview_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(autouse=True)
def _positions_kept_exactly(monkeypatch: pytest.MonkeyPatch) -> None:
    """Scope.settle updates the positional view in place of laying it out anew after a plain
    answer (bot/usecases/scope.py): in every test, the view it keeps must be the one laid out anew."""
    from bot.usecases.scope import Scope

    settle = Scope.settle

    def checked(self: Scope, changed: bool = True) -> None:
        settle(self, changed)
        assert self.layout is not None
        assert self.answers == self.layout.positional(), "the positional view drifted from the stored answers"

    monkeypatch.setattr(Scope, "settle", checked)
