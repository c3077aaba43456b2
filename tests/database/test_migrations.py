"""Migrations: an empty database upgrades to head and then matches the models exactly."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from helpers import make_app, throwaway_postgres_database
from sqlalchemy import inspect

from journal.cli import init_migrations
from journal.extensions import db


def migrated_app(tmp_path, database_url=None):
    app = make_app(tmp_path, database_url=database_url)
    init_migrations(app)
    with app.app_context():
        db.drop_all()  # make_app creates tables; these tests start from nothing
        db.session.commit()
    return app


def assert_models_match_migrations(app):
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
        assert differences == []
        tables = set(inspect(db.engine).get_table_names())
        assert {"user_account", "login_session", "login_failure"} <= tables


def assert_downgrade_then_upgrade_works(app):
    with app.app_context():
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert "user_account" in inspect(db.engine).get_table_names()


def test_sqlite_upgrade_matches_models(tmp_path):
    app = migrated_app(tmp_path)
    assert_models_match_migrations(app)
    assert_downgrade_then_upgrade_works(app)
    with app.app_context():
        db.engine.dispose()


@pytest.mark.postgres
def test_postgres_upgrade_matches_models(tmp_path):
    with throwaway_postgres_database() as url:
        app = migrated_app(tmp_path, database_url=url)
        assert_models_match_migrations(app)
        assert_downgrade_then_upgrade_works(app)
        with app.app_context():
            db.engine.dispose()


def test_every_constraint_is_named():
    # Unnamed constraints cannot be altered by later migrations on SQLite.
    for table in db.metadata.tables.values():
        for constraint in table.constraints:
            assert constraint.name, f"unnamed constraint on {table.name}"
