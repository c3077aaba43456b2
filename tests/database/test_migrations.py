"""Migrations: an empty database upgrades to head and then matches the models exactly."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from helpers import AuthActions, make_app, throwaway_postgres_database
from sqlalchemy import inspect, select, update

from journal.cli import init_migrations
from journal.extensions import db
from journal.models import Goal, User


def migrated_app(tmp_path, database_url=None, **overrides):
    app = make_app(tmp_path, database_url=database_url, **overrides)
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


BEFORE_CARRIED_PRIVACY = "1f8d27e75e17"  # the revision before b64e0c2f9a71


def assert_carried_copies_of_private_goals_become_private(app):
    """A journal whose carried copies lost their private flag (as carrying over did before
    it kept the flag): upgrading makes the copies of private goals private again, down the
    chain of years, and gives the owner a new data version."""
    with app.app_context():
        upgrade()
    client = app.test_client()
    AuthActions(client).register()
    client.post("/years/new", data={"number": "2025"})
    for title, private in (("Find a new job", "y"), ("Publish 40 posts", "")):
        assert client.post("/years/2025/goals/new", data={
            "title": title, "area_id": "1", "kind": "count", "count_target": "40",
            "start_date": "2025-01-01", "end_date": "2025-12-31", "private": private,
        }).status_code == 302
    for number, carry in ((2026, ["1", "2"]), (2027, ["3", "4"])):
        assert client.post("/years/new", data={"number": str(number), "carry": carry}
                           ).status_code == 302
    with app.app_context():
        downgrade(revision=BEFORE_CARRIED_PRIVACY)
        version = db.session.execute(select(User.data_version)).scalar_one()
        db.session.execute(update(Goal).where(Goal.carried_from_id.is_not(None))
                           .values(private=False))
        db.session.commit()  # the upgrade takes the write lock on a connection of its own
        upgrade()
        flags = dict(db.session.execute(select(Goal.id, Goal.private)).all())
        assert flags == {1: True, 2: False, 3: True, 4: False, 5: True, 6: False}
        assert db.session.execute(select(User.data_version)).scalar_one() != version
        db.session.remove()
        db.engine.dispose()


def test_sqlite_carried_copies_of_private_goals_become_private(tmp_path):
    app = migrated_app(tmp_path, JOURNAL_TODAY="2027-01-05")
    assert_carried_copies_of_private_goals_become_private(app)


@pytest.mark.postgres
def test_postgres_carried_copies_of_private_goals_become_private(tmp_path):
    with throwaway_postgres_database() as url:
        app = migrated_app(tmp_path, database_url=url, JOURNAL_TODAY="2027-01-05")
        assert_carried_copies_of_private_goals_become_private(app)


def test_every_constraint_is_named():
    # Unnamed constraints cannot be altered by later migrations on SQLite.
    for table in db.metadata.tables.values():
        for constraint in table.constraints:
            assert constraint.name, f"unnamed constraint on {table.name}"
