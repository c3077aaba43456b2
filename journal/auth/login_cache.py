"""Logins a worker has looked up, kept until anything in the database changes.

Every request starts by finding the user of its login session. Each thread of a worker
keeps the answers it found, and asks the database before each request whether any
connection, in any process, has committed anything since:

- SQLite: `PRAGMA data_version` (a few microseconds, no table read);
- PostgreSQL 13 or later: `pg_current_snapshot()` on a connection of the thread's own (one
  short round trip, no table read). Each transaction that took a transaction id (every
  write, and every row lock such as a POST's `FOR UPDATE`), when it commits or rolls back,
  either raises the snapshot's xmax or leaves its list of running transactions, so the
  snapshot's text changes; transactions that only read change nothing. The answer covers
  every database of the server, so other databases' commits make workers look again.

The first commit anywhere (a logout, a password change, a write to any journal) forgets
them all, so a logout still ends that session everywhere at once, and a user's data
version (what pages and charts are cached under) is never stale.

Only requests that only read use what is kept, as a frozen ReadOnlyUser; a request that may
write looks its login up in its own transaction (sessions.load_user).

A kept login also carries its session's expiry, checked on every use. Where the question
cannot be asked (an in-memory database, a watcher whose connection failed), every request
looks the login up; a failed watcher tries again RETRY_SECONDS later.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from flask import current_app
from flask_login import UserMixin
from sqlalchemy.engine import Engine

from ..models import User

MAX_LOGINS = 1024  # per thread; all forgotten at once past it (a refill costs a query each)
RETRY_SECONDS = 30.0  # after the watcher failed, logins are looked up this long before it retries


@dataclass(frozen=True, eq=False)
class ReadOnlyUser(UserMixin):
    """A logged-in user as a request that only reads sees them: the columns its pages and
    charts use, as the database held them, frozen. A request that may write never gets
    one: it looks its user up as a row of its own transaction (sessions.load_user).

    No ORM object: nothing to copy into each request's session, and nothing a request
    could change for the next one (assigning to a field raises).
    """

    id: int
    email: str
    data_version: str
    calendar_token_hash: str | None
    calendar_monthly: bool
    session_token: str

    @classmethod
    def of(cls, user: User, session_token: str) -> ReadOnlyUser:
        """The fields of `user`'s row, logged in with `session_token`."""
        values = {field.name: getattr(user, field.name) for field in fields(cls)
                  if field.name != "session_token"}
        return cls(**values, session_token=session_token)

    def get_id(self) -> str:
        return self.session_token

    def __repr__(self) -> str:  # never the login token or the email, as User's
        return f"<ReadOnlyUser {self.id}>"


@dataclass(frozen=True)
class KnownLogin:
    """A user as a request that only reads sees them, and when their login session ends."""

    user: ReadOnlyUser
    expires_at: datetime


class _ThreadLogins(threading.local):
    """One thread's watcher connection, the database it watches, the answer it last gave,
    and the logins kept since."""

    pid: int | None = None
    target: str | None = None
    watcher: Any = None  # a DB-API connection of the thread's own
    retry_at: float = 0.0  # time.monotonic() before which a failed watcher is not retried
    seen: object = None
    logins: dict[str, KnownLogin]

    def __init__(self):
        self.logins = {}


_local = _ThreadLogins()
_inherited: list = []  # watcher connections of a parent process, never used or closed

# What each database answers "has anything been committed since?" with, on a connection
# that never writes: the answer changes with every commit of any other connection.
_LOOKS = {
    "sqlite": "PRAGMA data_version",
    "postgresql": "SELECT pg_current_snapshot()::text",
}


def current(engine: Engine) -> dict[str, KnownLogin] | None:
    """Return this thread's known logins, by token hash, emptied first if the database
    changed since the last look; None when the database cannot be watched."""
    target = _watchable(engine)
    if target is None:
        return None
    # A forked worker never shares its parent's connection; another app in the same process
    # (tests) watches its own database.
    if _local.pid != os.getpid() or _local.target != target:
        _close_watcher(inherited=_local.pid != os.getpid())
        _local.pid, _local.target, _local.retry_at = os.getpid(), target, 0.0
    if _local.watcher is None and time.monotonic() < _local.retry_at:
        return None
    try:
        version = _look(engine, target)
    except engine.dialect.loaded_dbapi.Error as error:
        # The database restarted or went away, or cannot answer (PostgreSQL before 13):
        # look the logins up (a request's own query reports a lasting failure), and
        # connect afresh once RETRY_SECONDS have passed, not on every request.
        _close_watcher()
        _local.retry_at = time.monotonic() + RETRY_SECONDS
        current_app.logger.warning("login cache: cannot ask the database whether anything "
                                   "changed (%s); looking logins up", type(error).__name__)
        return None
    if version != _local.seen or len(_local.logins) >= MAX_LOGINS:
        _local.seen = version
        _local.logins = {}
    return _local.logins


def forget() -> None:
    """Forget this thread's known logins (the next request looks its login up)."""
    _local.logins = {}


def _watchable(engine: Engine) -> str | None:
    """Name the database `engine` connects to, when it can be watched; else None."""
    url = engine.url
    backend = url.get_backend_name()
    if backend == "postgresql":
        return url.render_as_string(hide_password=True)
    if backend != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    if url.database.startswith("file:"):  # URI filenames: leave them to SQLAlchemy
        return None
    return url.database


def _look(engine: Engine, target: str) -> object:
    """Ask the thread's watcher, connected first if need be, for the database's answer."""
    if _local.watcher is None:
        _local.watcher = _connect(engine, target)
        # Answers of different connections are not comparable (SQLite numbers its own per
        # connection): the first answer of a new one forgets every kept login.
        _local.seen = None
    cursor = _local.watcher.cursor()
    try:
        cursor.execute(_LOOKS[engine.dialect.name])
        return cursor.fetchone()[0]
    finally:
        cursor.close()


def _connect(engine: Engine, target: str):
    """A connection of the watcher's own, outside the engine's pool; it only reads,
    outside any transaction. It is made from the database URL, the app's only connection
    setting (no connect_args: see config.py)."""
    if engine.dialect.name == "sqlite":
        return sqlite3.connect(target, check_same_thread=True)
    args, kwargs = engine.dialect.create_connect_args(engine.url)  # the engine's settings
    connection = engine.dialect.loaded_dbapi.connect(*args, **kwargs)
    connection.autocommit = True
    return connection


def _close_watcher(inherited: bool = False) -> None:
    watcher, _local.watcher = _local.watcher, None
    if watcher is None:
        return
    if inherited:
        # The parent process's: closing it here, or letting it be collected, would end it
        # for the parent too (a PostgreSQL session, SQLite's file locks).
        _inherited.append(watcher)
        return
    with contextlib.suppress(Exception):  # closing a broken connection may fail too
        watcher.close()
