"""The one place the application is wired: config -> database -> profiles -> service -> front end."""

from __future__ import annotations

from bot.config import Config
from bot.draft.assemble import Assembler
from bot.profiles import ProfileCatalog
from bot.service import DraftingService
from bot.storage.db import Database, create_schema, make_engine


def build_service(config: Config) -> DraftingService:
    """Everything below the front ends, built from one Config (tests pass their own)."""
    engine = make_engine(config.database_url)
    create_schema(engine)
    catalog = ProfileCatalog.from_dir(config.profiles_dir)
    return DraftingService(Database(engine), catalog, Assembler(config.templates_dir), config.reminders)
