"""Test helpers shared by every test folder: app factory, auth actions, SQL counting."""

from __future__ import annotations

import contextlib
import os
import re
import uuid
from contextlib import contextmanager
from datetime import date

import pytest
from flask import abort
from sqlalchemy import event, text

from journal import create_app
from journal.config import TestConfig
from journal.extensions import db
from journal.models import Goal, PlanRevision, ProgressUpdate, Year

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
POSTGRES_ADMIN_URL = os.environ.get(
    "JOURNAL_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
PASSWORD = "correct horse battery staple"


def postgres_unavailable_reason() -> str | None:
    """Return why PostgreSQL cannot be used for tests, or None when it can."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed"
    dsn = POSTGRES_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://")
    try:
        with psycopg.connect(dsn, connect_timeout=3):
            return None
    except psycopg.Error as exc:
        return f"PostgreSQL is not reachable ({exc.__class__.__name__})"


@contextmanager
def throwaway_postgres_database():
    """Create an empty PostgreSQL database, yield its SQLAlchemy URL, then drop it."""
    import psycopg

    reason = postgres_unavailable_reason()
    if reason:
        if IN_CI:
            pytest.fail(f"CI must run the PostgreSQL tests: {reason}")
        pytest.skip(reason)
    name = f"journal_test_{uuid.uuid4().hex[:12]}"
    admin_dsn = POSTGRES_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def make_app(tmp_path, database_url: str | None = None, create_tables=True, **overrides):
    """Return a test app on its own database (SQLite in tmp_path unless given a URL)."""
    settings = {
        "SQLALCHEMY_DATABASE_URI": database_url or f"sqlite:///{tmp_path / 'test.sqlite3'}",
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
    }
    settings.update(overrides)
    os.environ["JOURNAL_INSTANCE_PATH"] = str(tmp_path / "instance")
    try:
        app = create_app(settings, config=TestConfig)
    finally:
        del os.environ["JOURNAL_INSTANCE_PATH"]
    if create_tables:
        with app.app_context():
            db.create_all()
    return app


@contextlib.contextmanager
def app_in(tmp_path, database_url: str | None = None, **overrides):
    """make_app(), and its sessions and connections closed when the test is done (so that a
    throwaway PostgreSQL database can be dropped, and no SQLite file stays open)."""
    app = make_app(tmp_path, database_url, **overrides)
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


class AuthActions:
    """Registers, logs in and logs out through the real forms."""

    def __init__(self, client):
        self._client = client

    def register(self, email="ada@example.org", password=PASSWORD, confirm=None):
        return self._client.post(
            "/register",
            data={"email": email, "password": password, "confirm": confirm or password},
        )

    def login(self, email="ada@example.org", password=PASSWORD, remember=False, **kwargs):
        data = {"email": email, "password": password}
        if remember:
            data["remember"] = "y"
        return self._client.post("/login", data=data, **kwargs)

    def logout(self):
        return self._client.post("/logout")


def second_user(app, email="bob@example.org", start_year: int | None = None):
    """Register another account on its own test client, logged in (areas 4, 5, 6 when it
    is the second account), optionally with `start_year` started; return the client."""
    other = app.test_client()
    assert AuthActions(other).register(email).status_code == 302
    if start_year is not None:
        assert other.post("/years/new", data={"number": str(start_year)}).status_code == 302
    return other


CSRF_INPUT = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def csrf_token_from(html: str) -> str:
    """Return the CSRF token of the first form in `html`."""
    match = CSRF_INPUT.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


class StatementCounter:
    """Counts SQL statements sent to the database while active."""

    def __init__(self, engine):
        self.engine = engine
        self.statements: list[str] = []
        self.parameters: list = []  # each statement's, in the same order

    def _record(self, conn, cursor, statement, parameters, *args):
        if not statement.startswith(("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA")):
            self.statements.append(statement)
            self.parameters.append(parameters)

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._record)

    @property
    def count(self) -> int:
        return len(self.statements)

def make_failing_app(tmp_path, **overrides):
    """An app that answers errors as in production (no propagation, a 1 KiB body cap), with
    /test-abort/<code> to raise any HTTP error and /test-crash to fail with SQL."""
    app = make_app(tmp_path, PROPAGATE_EXCEPTIONS=False, MAX_CONTENT_LENGTH=1024, **overrides)

    @app.route("/test-abort/<int:code>")
    def test_abort(code):
        abort(code)

    @app.route("/test-crash")
    def test_crash():
        db.session.execute(text("SELECT * FROM table_that_does_not_exist"))

    return app


def clear_worker_caches() -> None:
    """Forget the pages, charts, derived values and logins this process keeps, so the next
    request does the work."""
    from journal import caching, chart_responses
    from journal.auth import login_cache

    caching.pages.clear()
    caching.derived.clear()
    login_cache.forget()
    chart_responses.drawings.clear()


def statements_for(app, client, url: str) -> int:
    """The SQL statements one GET of `url` runs to build its answer (after a warming GET,
    with the worker's caches emptied so the page or chart is built again)."""
    assert client.get(url).status_code == 200
    clear_worker_caches()
    with app.app_context():
        engine = db.engine
    with StatementCounter(engine) as counter:
        assert client.get(url).status_code == 200
    assert counter.count > 0
    return counter.count


def new_goal(year: Year, area_id: int, title: str, kind: str, target: float, *, user_id=1,
             cadence=None, due=None, status="active", revisions=(), updates=()) -> Goal:
    """A whole-year goal with version 1 of its plan, later `revisions` (revised on, target,
    checkpoints) and `updates` (on, value, enjoyment)."""
    number = year.number
    goal = Goal(
        user_id=user_id, year=year, area_id=area_id, title=title, kind=kind,
        unit="posts" if kind == "count" else "", cadence=cadence, status=status,
        start_date=date(number, 1, 1), end_date=date(number, 12, 31),
    )
    goal.plan_revisions.append(PlanRevision(
        user_id=user_id, version=1, revised_on=date(number, 1, 1), target=target, due_date=due,
        checkpoints=[],
    ))
    for version, (revised_on, new_target, checkpoints) in enumerate(revisions, start=2):
        goal.plan_revisions.append(PlanRevision(
            user_id=user_id, version=version, revised_on=revised_on, reason="Revised.",
            target=new_target, due_date=due, checkpoints=checkpoints,
        ))
    db.session.add(goal)
    for on, value, enjoyment in updates:
        db.session.add(ProgressUpdate(user_id=user_id, goal=goal, on=on, value=value,
                                      enjoyment=enjoyment))
    return goal


def register_in_browser(page, base: str, email: str, password: str) -> None:
    """Create an account through the register page of a live server, and land on the
    dashboard. (The live server checks passwords as in production: PASSWORD is too common.)"""
    from playwright.sync_api import expect

    page.goto(f"{base}/register")
    page.get_by_label("Email").fill(email)
    # exact: "Repeat the password" also contains the word "password".
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Repeat the password").fill(password)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Your journal", level=1)).to_be_visible()
