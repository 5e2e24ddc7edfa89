"""Alembic environment for Inward, configured from code (there is no alembic.ini).

The app runs migrations through ``app.db.schema.upgrade``, which passes an open
connection in ``config.attributes["connection"]`` inside a transaction it owns, so
that a failed migration leaves the file as it was. Run offline (``--sql``) this
script prints the SQL instead.
"""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection

from app.db.models import Base

config = context.config
target_metadata = Base.metadata


def _configure(**kwargs: Any) -> None:
    context.configure(
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode copies the table instead.
        render_as_batch=True,
        # SQLite DDL is transactional; with this, one failed step rolls back them all.
        transactional_ddl=True,
        compare_type=True,
        **kwargs,
    )


def run_online(connection: Connection) -> None:
    _configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    _configure(
        url=config.get_main_option("sqlalchemy.url") or "sqlite://",
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()
elif (conn := config.attributes.get("connection")) is not None:
    run_online(conn)
else:
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError(
            "pass a connection in config.attributes['connection'] or set sqlalchemy.url"
        )
    engine = create_engine(url)
    try:
        with engine.connect() as standalone:
            run_online(standalone)
            standalone.commit()
    finally:
        engine.dispose()
