"""Alembic environment: runs the migrations in versions/ against one connection.

The application calls Alembic programmatically (bot.storage.migrate) and hands over its
own connection in ``config.attributes["connection"]``, already inside a transaction and,
on PostgreSQL, holding the migration lock. The ``alembic`` command line (developers,
``alembic.ini`` at the project root) gets an engine built from config.yaml/DATABASE_URL.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from bot.storage.models import Base

config = context.config
target_metadata = Base.metadata


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )


def run_offline() -> None:
    """`alembic upgrade head --sql`: print the SQL for a DBA instead of running it."""
    from bot.config import load_config

    url = config.get_main_option("sqlalchemy.url") or load_config().database_url
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    from bot.config import load_config
    from bot.storage.db import make_engine

    engine = make_engine(config.get_main_option("sqlalchemy.url") or load_config().database_url)
    try:
        with engine.begin() as conn:
            _configure(conn)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
