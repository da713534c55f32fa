"""The one place the application is wired: config -> database -> profiles -> service -> front end."""

from __future__ import annotations

from bot.config import Config
from bot.draft.assemble import Assembler
from bot.export import Exporter
from bot.profiles import ProfileCatalog
from bot.storage import migrate
from bot.storage.db import Database, make_engine
from bot.storage.encryption import install_encryption
from bot.usecases import DraftingService


def build_service(config: Config) -> DraftingService:
    """Everything below the front ends, built from one Config (tests pass their own).

    Brings the database schema up to date first; raises migrate.SchemaVersionError for a
    database a newer selfreview has migrated.
    """
    engine = make_engine(config.database_url)
    migrate.upgrade(engine)
    # After the schema is current and before anything reads a row: a missing or wrong
    # key stops here with a clear message.
    install_encryption(engine, config.encryption_key)
    catalog = ProfileCatalog.from_dir(config.profiles_dir)
    assembler = Assembler(config.templates_dir, config.notice, config.option_defaults)
    service = DraftingService(Database(engine), catalog, assembler,
                              exporter=Exporter(config.document), reminders=config.reminders)
    service.deps.web_url = config.web_url
    return service
