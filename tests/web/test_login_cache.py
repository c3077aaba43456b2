"""The logins a worker keeps (journal/auth/login_cache.py): looked up once while nothing
in the database changes, forgotten at the first commit of any connection, refused once
their session has expired, and never kept from a snapshot older than the look; on SQLite
and on PostgreSQL, whose watcher connection may also be lost and made again.

tests/server/test_every_worker_sees_changes.py shows the same across gunicorn workers.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import timedelta
from pathlib import Path

import pytest
from helpers import StatementCounter, clear_worker_caches
from sqlalchemy import create_engine, select, text, update
from sqlalchemy.pool import NullPool

from journal import clock
from journal.auth import login_cache, sessions
from journal.extensions import db
from journal.models import User

PAGE = "/areas/"  # a page for logged-in users that no page cache keeps


@pytest.fixture
def app(backend_app):
    """Every test here runs on SQLite, and on PostgreSQL when it is reachable."""
    return backend_app


def statements(app, client, url: str = PAGE) -> int:
    with app.app_context():
        engine = db.engine
    with StatementCounter(engine) as counter:
        assert client.get(url).status_code == 200
    return counter.count


def while_unchanged(action, tries: int = 1000):
    """Return action()'s result from a try during which nothing was committed (from the
    look before it to its own last look).

    On PostgreSQL the answer covers the whole server, where the tests of other databases,
    run in parallel, commit at any moment: a try that saw such a commit is made again."""
    for _ in range(tries):
        before = login_cache._local.seen
        result = action()
        if login_cache._local.seen == before:
            return result
    raise AssertionError(f"the database changed during each of {tries} tries")


def kept(app, client) -> int:
    """The statements of one GET of PAGE while nothing changed (see while_unchanged)."""
    return while_unchanged(lambda: statements(app, client))


def logged_in(app, client, auth):
    assert auth.register().status_code == 302
    clear_worker_caches()
    return statements(app, client)  # fills the cache: what this page costs when it looks


def test_a_login_is_looked_up_once_while_nothing_changes(app, client, auth):
    looked_up = logged_in(app, client, auth)
    assert kept(app, client) == looked_up - 1
    assert kept(app, client) == looked_up - 1


def test_a_commit_of_another_connection_makes_the_next_request_look_again(app, client, auth):
    looked_up = logged_in(app, client, auth)
    with app.app_context():
        url = db.engine.url
    other = create_engine(url, poolclass=NullPool)  # not the app's engine: as another worker's
    with other.begin() as connection:
        connection.execute(update(User).values(calendar_monthly=True))
    other.dispose()
    assert statements(app, client) == looked_up
    assert kept(app, client) == looked_up - 1


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
    assert kept(app, client) == looked_up - 1
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

    def kept_logins() -> int:
        with app.test_request_context("/"):
            assert sessions.load_user(token, clock.now()) is not None
            return len(login_cache.current(db.engine))

    assert while_unchanged(kept_logins) == 1


def test_a_read_gets_a_frozen_user_and_a_write_the_row_of_its_session(app, client, auth):
    logged_in(app, client, auth)
    token = another_login(app)
    with app.app_context():
        engine = db.engine

    def read() -> tuple[login_cache.ReadOnlyUser, int]:
        with app.test_request_context("/"), StatementCounter(engine) as counter:
            return sessions.load_user(token, clock.now()), counter.count

    looked_up, statements = read()
    assert statements == 1
    kept, statements = while_unchanged(read)
    assert statements == 0 and kept is looked_up
    for user in (looked_up, kept):
        assert isinstance(user, login_cache.ReadOnlyUser)
        assert (user.get_id(), user.email) == (token, "ada@example.org")
        assert token not in repr(user) and "ada" not in repr(user)
        with pytest.raises(dataclasses.FrozenInstanceError):
            user.calendar_monthly = True
    with app.test_request_context("/", method="POST"):
        user = sessions.load_user(token, clock.now())
        assert user in db.session and user.get_id() == token
        user.calendar_monthly = True
        db.session.commit()
    with app.app_context():
        assert db.session.execute(select(User.calendar_monthly)).scalar_one() is True
    assert read()[0].calendar_monthly is True


def test_every_attribute_templates_read_of_the_user_is_kept():
    # Jinja shows a missing attribute as nothing: a page read with a kept login would
    # quietly leave out what the same page shows after a POST.
    read = set()
    for template in Path(__file__).parents[2].joinpath("templates").rglob("*.html"):
        read |= set(re.findall(r"current_user\.(\w+)", template.read_text()))
    kept = {field.name for field in dataclasses.fields(login_cache.ReadOnlyUser)}
    assert read and read <= kept | {"is_authenticated", "is_active", "is_anonymous"}


def lose_watcher(app) -> None:
    """End the watcher's connection as a restart of the database would."""
    watcher = login_cache._local.watcher
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:  # waits up to 5 s for the end
            assert connection.execute(text("SELECT pg_terminate_backend(:pid, 5000)"),
                                      {"pid": watcher.info.backend_pid}).scalar_one()
    else:
        watcher.close()  # SQLite has no server: the connection itself goes


def test_a_lost_watcher_connection_is_made_again_later(app, client, auth, monkeypatch,
                                                       caplog):
    looked_up = logged_in(app, client, auth)
    assert kept(app, client) == looked_up - 1
    lose_watcher(app)
    assert statements(app, client) == looked_up  # cannot ask: looks the login up
    assert "cannot ask the database whether anything changed" in caplog.text
    assert statements(app, client) == looked_up  # nor asks again at once
    assert login_cache._local.watcher is None
    monkeypatch.setattr(login_cache._local, "retry_at", 0.0)  # as RETRY_SECONDS later
    assert statements(app, client) == looked_up  # asks on a new connection: a first answer
    assert kept(app, client) == looked_up - 1  # kept again


def test_a_forked_worker_leaves_its_parents_watcher_alone(app, client, auth):
    looked_up = logged_in(app, client, auth)
    parents = login_cache._local.watcher
    login_cache._local.pid = -1  # as in a process forked after the parent looked
    assert statements(app, client) == looked_up  # a new process: looks its login up
    assert login_cache._local.watcher is not parents
    cursor = parents.cursor()  # still open, as the parent left it
    cursor.execute("SELECT 1")
    assert cursor.fetchone()[0] == 1
    login_cache._inherited.remove(parents)
    parents.close()


def test_which_databases_are_watched():
    assert login_cache._watchable(create_engine("sqlite://")) is None
    assert login_cache._watchable(create_engine("sqlite:///:memory:")) is None
    assert login_cache._watchable(create_engine("sqlite:////srv/j.sqlite3")) == "/srv/j.sqlite3"
    watched = login_cache._watchable(
        create_engine("postgresql+psycopg://journal:secret@127.0.0.1:5432/journal"))
    assert watched is not None and "journal" in watched and "secret" not in watched


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
