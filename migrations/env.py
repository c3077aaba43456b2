"""Alembic environment: runs migrations on the app's own engine (Flask-Migrate)."""

import logging

from alembic import context
from flask import current_app
from sqlalchemy.types import TypeDecorator

logger = logging.getLogger("alembic.env")
if not logging.getLogger().handlers and not logging.getLogger("alembic").handlers:
    # Run from the command line: show which migrations ran.
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s [%(name)s] %(message)s"))
    logging.getLogger("alembic").addHandler(handler)
    logging.getLogger("alembic").setLevel(logging.INFO)
migrate_extension = current_app.extensions["migrate"]
target_metadata = migrate_extension.db.metadata


def skip_empty_autogenerate(migration_context, revision, directives):
    # `flask db migrate` without a model change writes no empty revision file.
    autogenerate = getattr(context.config.cmd_opts, "autogenerate", False)
    if autogenerate and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        logger.info("No schema change detected; no migration written.")


def render_item(type_, obj, autogen_context):
    # Migrations describe storage, not app classes: a TypeDecorator such as
    # UTCDateTime is written as the plain type it stores (sa.DateTime()).
    if type_ == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl!r}"
    return False


def run_migrations_offline():
    url = migrate_extension.db.engine.url.render_as_string(hide_password=False)
    context.configure(
        url=url, target_metadata=target_metadata, literal_binds=True, render_as_batch=True
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    options = dict(migrate_extension.configure_args)
    options.setdefault("process_revision_directives", skip_empty_autogenerate)
    options.setdefault("render_item", render_item)
    with migrate_extension.db.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Batch migrations rebuild SQLite tables by copy and rename, which foreign
            # keys would block. The pragma is ignored inside a transaction, so it is
            # set on the raw connection before Alembic begins one.
            connection.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")
        try:
            context.configure(connection=connection, target_metadata=target_metadata, **options)
            with context.begin_transaction():
                context.run_migrations()
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"migration left broken foreign keys: {broken[:5]}")
        finally:
            if sqlite:
                connection.connection.driver_connection.execute("PRAGMA foreign_keys = ON")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
