"""Behaviour that must hold on every database: SQLite always, PostgreSQL when reachable."""

from __future__ import annotations

import multiprocessing
import sqlite3

import pytest
from helpers import PASSWORD, AuthActions, make_app
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from journal.extensions import db
from journal.models import LoginSession, User


def test_accounts_work_end_to_end(backend_app):
    client = backend_app.test_client()
    auth = AuthActions(client)
    assert auth.register(email="Ada@Example.org").status_code == 302
    assert auth.logout().status_code == 302
    assert auth.login(email="ada@example.org").status_code == 302
    assert client.get("/healthz").json == {"status": "ok", "database": "ok"}


def test_email_is_unique_in_the_database_itself(backend_app):
    with backend_app.app_context():
        db.session.add(User(email="ada@example.org", password_hash="x"))
        db.session.commit()
        db.session.add(User(email="ada@example.org", password_hash="y"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_deleting_a_user_cascades_in_the_database(backend_app):
    client = backend_app.test_client()
    AuthActions(client).register()
    with backend_app.app_context():
        # A raw DELETE, bypassing the ORM: the foreign key's ON DELETE CASCADE must act.
        db.session.execute(text("DELETE FROM user_account"))
        db.session.commit()
        remaining = db.session.execute(select(func.count()).select_from(LoginSession))
        assert remaining.scalar_one() == 0


def test_sqlite_pragmas_are_set(app):
    with app.app_context():
        connection = db.session.connection()
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_healthz_reports_an_unreachable_database(tmp_path):
    app = make_app(tmp_path, "sqlite:////nonexistent-dir/x.sqlite3", create_tables=False)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "unavailable", "database": "unreachable"}
    assert "nonexistent" not in response.get_data(as_text=True)


def test_ping_answers_without_the_database(tmp_path):
    app = make_app(tmp_path, "sqlite:////nonexistent-dir/x.sqlite3", create_tables=False)
    response = app.test_client().get("/ping")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "pong\n"
    assert response.mimetype == "text/plain"


def _register_many(args):
    database_path, worker, count = args
    from helpers import make_app as build

    app = build(database_path.parent, database_url=f"sqlite:///{database_path}")
    client = app.test_client()
    errors = []
    for n in range(count):
        response = client.post(
            "/register",
            data={"email": f"w{worker}-{n}@example.org", "password": PASSWORD,
                  "confirm": PASSWORD},
        )
        if response.status_code != 302:
            errors.append(response.status_code)
        client.post("/logout")
    return errors


def test_concurrent_sqlite_writers_never_see_database_is_locked(tmp_path):
    # Four processes write at once, as four gunicorn workers would. Each request
    # begins its write transaction immediately and waits for the lock, so none fails.
    database_path = tmp_path / "shared.sqlite3"
    make_app(tmp_path, database_url=f"sqlite:///{database_path}")
    workers, per_worker = 4, 25
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        results = pool.map(
            _register_many, [(database_path, w, per_worker) for w in range(workers)]
        )
    assert results == [[]] * workers
    with sqlite3.connect(database_path) as connection:
        users = connection.execute("SELECT count(*) FROM user_account").fetchone()[0]
    connection.close()
    assert users == workers * per_worker
