"""Logins a worker has looked up, kept until anything in the database changes (SQLite).

Every request starts by finding the user of its login session. On SQLite, each thread of a
worker keeps the answers it found, and asks SQLite before each request whether any
connection, in any process, has committed anything since (`PRAGMA data_version`, a few
microseconds, no table read). The first commit anywhere (a logout, a password change, a
write to any journal) forgets them all, so a logout still ends that session everywhere at
once, and a user's data version (what pages and charts are cached under) is never stale.

A kept login also carries its session's expiry, checked on every use. PostgreSQL has no
such cheap question: there, every request looks the login up.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.util import identity_key

from ..database import writes_expected
from ..extensions import db
from ..models import User

MAX_LOGINS = 1024  # per thread; all forgotten at once past it (a refill costs a query each)


@dataclass(frozen=True)
class KnownLogin:
    """A detached copy of a user as the database held them (never added to a session:
    each request gets its own copy of it), and when their login session ends."""

    copy: User
    expires_at: datetime

    @classmethod
    def of(cls, user: User, expires_at: datetime) -> KnownLogin:
        copy = User(**{attr.key: getattr(user, attr.key) for attr in _COLUMNS})
        make_transient_to_detached(copy)
        return cls(copy, expires_at)

    def user(self) -> User:
        """Return the user as an object of this request's session, as if just loaded
        (the session's own object when it holds one already, as a query would)."""
        session = db.session()
        held = session.identity_map.get(identity_key(User, (self.copy.id,)))
        if held is not None:
            return held
        # SQLAlchemy's way to bring a cached object into a session without a query.
        return session.merge(self.copy, load=False)


_COLUMNS = inspect(User).column_attrs


class _ThreadLogins(threading.local):
    """One thread's watcher connection, the data version it last saw, and its logins."""

    pid: int | None = None
    path: str | None = None
    watcher: sqlite3.Connection | None = None
    seen: int | None = None
    logins: dict[str, KnownLogin]

    def __init__(self):
        self.logins = {}


_local = _ThreadLogins()


def current(engine: Engine) -> dict[str, KnownLogin] | None:
    """Return this thread's known logins, by token hash, emptied first if the database
    changed since the last look; None when the database is not an SQLite file, and for a
    request that may write. Its write transaction may wait for the lock, and a logout
    committed meanwhile must stop it, so it looks its login up inside that transaction
    (and keeps none: its own commit would forget them at once)."""
    if writes_expected():
        return None
    path = _sqlite_file(engine)
    if path is None:
        return None
    # A forked worker never shares its parent's connection; another app in the same process
    # (tests) watches its own database.
    if _local.pid != os.getpid() or _local.path != path:
        if _local.watcher is not None and _local.pid == os.getpid():
            _local.watcher.close()
        _local.pid, _local.path, _local.seen, _local.logins = os.getpid(), path, None, {}
        _local.watcher = sqlite3.connect(path, check_same_thread=True)
    version = _local.watcher.execute("PRAGMA data_version").fetchone()[0]
    if version != _local.seen or len(_local.logins) >= MAX_LOGINS:
        _local.seen = version
        _local.logins = {}
    return _local.logins


def forget() -> None:
    """Forget this thread's known logins (the next request looks its login up)."""
    _local.logins = {}


def _sqlite_file(engine: Engine) -> str | None:
    url = engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    if url.database.startswith("file:"):  # URI filenames: leave them to SQLAlchemy
        return None
    return url.database
