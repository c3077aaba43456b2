"""Fixtures of the real-server tests: a fresh database on each backend, and an engine on
it for reading what the server wrote."""

from __future__ import annotations

import pytest
from helpers import throwaway_postgres_database
from sqlalchemy import create_engine


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    """An empty database: SQLite in tmp_path always, PostgreSQL when reachable (skipped
    otherwise, except in CI where it fails)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'journal.sqlite3'}"
        return
    with throwaway_postgres_database() as url:
        yield url


@pytest.fixture
def read_database():
    """A factory: read_database(url) is an engine on that database, disposed at the end
    (so that a throwaway PostgreSQL database can be dropped)."""
    engines = []

    def engine_on(url: str):
        engines.append(create_engine(url))
        return engines[-1]

    yield engine_on
    for engine in engines:
        engine.dispose()
