"""Shared fixtures: app, client, runner, an auth helper, and database backends."""

from __future__ import annotations

import pytest
from helpers import AuthActions, app_in, throwaway_postgres_database


@pytest.fixture
def app(tmp_path):
    with app_in(tmp_path) as app:
        yield app


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend_app(request, tmp_path):
    """The app on each supported database: SQLite always, PostgreSQL when reachable."""
    if request.param == "sqlite":
        with app_in(tmp_path) as app:
            yield app
        return
    with throwaway_postgres_database() as url, app_in(tmp_path, database_url=url) as app:
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def auth(client):
    return AuthActions(client)


