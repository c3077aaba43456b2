"""Shared fixtures: app, client, runner, an auth helper, and database backends."""

from __future__ import annotations

import pytest
from helpers import AuthActions, make_app, throwaway_postgres_database

from journal.extensions import db


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend_app(request, tmp_path):
    """The app on each supported database: SQLite always, PostgreSQL when reachable."""
    if request.param == "sqlite":
        app = make_app(tmp_path)
        yield app
        with app.app_context():
            db.engine.dispose()
        return
    with throwaway_postgres_database() as url:
        app = make_app(tmp_path, database_url=url)
        yield app
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def auth(client):
    return AuthActions(client)


