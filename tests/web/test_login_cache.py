"""The logins a worker keeps (journal/auth/login_cache.py): looked up once while nothing
in the database changes, forgotten at the first commit of any connection, refused once
their session has expired, and never kept from a snapshot older than the look.

tests/server/test_every_worker_sees_changes.py shows the same across gunicorn workers.
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from helpers import StatementCounter, clear_worker_caches
from sqlalchemy import create_engine, select, update

from journal import clock
from journal.auth import login_cache, sessions
from journal.extensions import db
from journal.models import User

PAGE = "/areas/"  # a page for logged-in users that no page cache keeps


def statements(app, client, url: str = PAGE) -> int:
    with app.app_context():
        engine = db.engine
    with StatementCounter(engine) as counter:
        assert client.get(url).status_code == 200
    return counter.count


def logged_in(app, client, auth):
    assert auth.register().status_code == 302
    clear_worker_caches()
    return statements(app, client)  # fills the cache: what this page costs when it looks


def test_a_login_is_looked_up_once_while_nothing_changes(app, client, auth):
    looked_up = logged_in(app, client, auth)
    assert statements(app, client) == looked_up - 1
    assert statements(app, client) == looked_up - 1


def test_a_commit_of_another_connection_makes_the_next_request_look_again(app, client, auth):
    looked_up = logged_in(app, client, auth)
    with app.app_context():
        path = db.engine.url.database
    other = sqlite3.connect(path)  # not the app's engine: as another worker would
    with other:
        other.execute("UPDATE user_account SET calendar_monthly = 1")
    other.close()
    assert statements(app, client) == looked_up
    assert statements(app, client) == looked_up - 1


def test_a_logout_in_another_session_refuses_its_copies_at_once(app, client, auth):
    logged_in(app, client, auth)
    copy = app.test_client()
    for cookie in ("journal_session", "__Host-journal_session"):
        kept = client.get_cookie(cookie)
        if kept is not None:
            copy.set_cookie(cookie, kept.value, domain=kept.domain)
    assert copy.get(PAGE).status_code == 200  # the login, from the cache
    assert auth.logout().status_code == 302
    assert copy.get(PAGE).headers["Location"].startswith("/login")


def test_a_kept_login_is_refused_once_its_session_expired(app, client, auth, monkeypatch):
    looked_up = logged_in(app, client, auth)
    assert statements(app, client) == looked_up - 1  # kept
    later = clock.now() + app.config["LOGIN_SESSION_LIFETIME"] + timedelta(minutes=1)
    monkeypatch.setattr(clock, "now", lambda: later)
    assert client.get(PAGE).headers["Location"].startswith("/login")


def another_login(app) -> str:
    """Start one more login session of the (only) user; return its token."""
    with app.app_context():
        user = db.session.execute(select(User)).scalar_one()
        token = sessions.start(user, remember=False, now=clock.now())
        db.session.commit()
    return token


def test_a_login_read_in_an_older_snapshot_is_not_kept(app, auth, client):
    logged_in(app, client, auth)
    token = another_login(app)
    with app.test_request_context("/"):
        login_cache.forget()
        db.session.execute(select(User.id)).all()  # the session's snapshot begins here
        assert sessions.load_user(token, clock.now()) is not None
        assert login_cache.current(db.engine) == {}
    with app.test_request_context("/"):
        assert sessions.load_user(token, clock.now()) is not None
        assert len(login_cache.current(db.engine)) == 1


def test_a_kept_login_is_an_object_of_the_request_session(app, client, auth):
    logged_in(app, client, auth)
    token = another_login(app)
    for _ in range(2):  # looked up, then kept
        with app.test_request_context("/"):
            user = sessions.load_user(token, clock.now())
            assert user in db.session
            user.calendar_monthly = True
            db.session.commit()
    with app.app_context():
        assert db.session.execute(select(User.calendar_monthly)).scalar_one() is True
        db.session.execute(update(User).values(calendar_monthly=False))
        db.session.commit()


def test_only_an_sqlite_file_is_watched():
    assert login_cache._sqlite_file(create_engine("sqlite://")) is None
    assert login_cache._sqlite_file(create_engine("sqlite:///:memory:")) is None
    assert login_cache._sqlite_file(
        create_engine("postgresql+psycopg://postgres@127.0.0.1:5432/journal")) is None
    assert login_cache._sqlite_file(create_engine("sqlite:////srv/j.sqlite3")) == "/srv/j.sqlite3"


def test_a_request_that_may_write_looks_its_login_up_in_its_own_transaction(app, client,
                                                                          auth):
    # Its write transaction may wait for the lock; a logout committed during the wait must
    # stop it, so a kept login (checked before the wait) is not enough.
    logged_in(app, client, auth)  # the login is kept now
    with app.app_context():
        engine = db.engine
    with StatementCounter(engine) as counter:
        assert client.post("/areas/", data={"name": "Health", "color": "purple"}).status_code == 302
    assert "login_session" in counter.statements[0]
