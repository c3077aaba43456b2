"""`flask backup` (and `make backup`): a consistent copy of the SQLite database."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from helpers import AuthActions, make_app, throwaway_postgres_database

from journal.extensions import db


def test_backup_copies_every_row_and_checks_the_copy(app, client, tmp_path):
    AuthActions(client).register()
    client.post("/years/new", data={"number": "2026"})
    out = tmp_path / "backups" / "journal.sqlite3"
    result = app.test_cli_runner().invoke(args=["backup", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "integrity check: ok" in result.output
    copy = sqlite3.connect(out)
    try:
        assert copy.execute("SELECT email FROM user_account").fetchall() == [("ada@example.org",)]
        assert copy.execute("SELECT number FROM journal_year").fetchall() == [(2026,)]
    finally:
        copy.close()


def test_backup_is_consistent_while_the_app_writes(app, client, tmp_path):
    AuthActions(client).register()
    client.post("/years/new", data={"number": "2026"})
    stop = threading.Event()

    def write():
        writer = app.test_client()
        AuthActions(writer).login()
        count = 0
        while not stop.is_set():
            count += 1
            writer.post("/areas/", data={"name": f"Area {count}", "color": "blue"})

    thread = threading.Thread(target=write)
    thread.start()
    try:
        for index in range(5):
            out = tmp_path / f"copy-{index}.sqlite3"
            result = app.test_cli_runner().invoke(args=["backup", "--out", str(out)])
            assert result.exit_code == 0, result.output
    finally:
        stop.set()
        thread.join()


def test_backup_refuses_to_overwrite_a_file(app, client, tmp_path):
    AuthActions(client).register()
    out = tmp_path / "exists.sqlite3"
    out.write_bytes(b"keep me")
    result = app.test_cli_runner().invoke(args=["backup", "--out", str(out)])
    assert result.exit_code != 0
    assert "exists already" in result.output
    assert out.read_bytes() == b"keep me"


@pytest.mark.postgres
def test_backup_points_postgresql_to_pg_dump(tmp_path):
    with throwaway_postgres_database() as url:
        app = make_app(tmp_path, database_url=url)
        out = tmp_path / "nope.sqlite3"
        result = app.test_cli_runner().invoke(args=["backup", "--out", str(out)])
        with app.app_context():
            db.engine.dispose()
    assert result.exit_code != 0
    assert "pg_dump" in result.output
    assert not out.exists()
