"""Server-side login sessions: what makes logging out and password changes final."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from flask import current_app
from sqlalchemy import bindparam, delete, select

from ..database import writes_expected
from ..extensions import db
from ..models import LoginSession, User
from . import login_cache


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start(user: User, *, remember: bool, now: datetime) -> str:
    """Create a login session for `user`, attach its token to `user`, and return it."""
    config = current_app.config
    lifetime = config["REMEMBER_COOKIE_DURATION"] if remember else config["LOGIN_SESSION_LIFETIME"]
    token = secrets.token_urlsafe(32)
    db.session.add(
        LoginSession(
            user=user,
            token_hash=_token_hash(token),
            remember=remember,
            created_at=now,
            expires_at=now + lifetime,
        )
    )
    user.session_token = token
    return token


# Every request that does not find its login in login_cache runs this one query, so it is
# built once: SQLAlchemy then skips rebuilding the statement and its cache key each time.
_USER_BY_TOKEN = (
    select(User, LoginSession.expires_at)
    .join(LoginSession, LoginSession.user_id == User.id)
    .where(LoginSession.token_hash == bindparam("token_hash"),
           LoginSession.expires_at > bindparam("now"))
)
# A request that may write also locks its user's row until it ends. SQLite lets one write
# transaction run at a time already (BEGIN IMMEDIATE); on PostgreSQL this makes one
# person's writes take turns the same way, so that two sent at once (a double click, two
# tabs) never both read what only one of them should: the running total a quick log adds
# to, the next version of a plan. Other people's writes do not wait for it.
_USER_BY_TOKEN_FOR_WRITE = _USER_BY_TOKEN.with_for_update(of=User)


def load_user(token: str, now: datetime) -> User | login_cache.ReadOnlyUser | None:
    """Return the user of a live login session with `token`, or None.

    A request that may write gets the row itself, looked up inside its own transaction:
    that transaction may wait for the write lock, and a logout committed meanwhile must
    stop it (a login kept for it would be forgotten at its own commit anyway). A request
    that only reads gets a login_cache.ReadOnlyUser, kept while nothing changes.
    """
    if not token or len(token) > 128:
        return None
    token_hash = _token_hash(token)
    arguments = {"token_hash": token_hash, "now": now}
    if writes_expected():
        row = db.session.execute(_USER_BY_TOKEN_FOR_WRITE, arguments).one_or_none()
        if row is None:
            return None
        row.User.session_token = token
        return row.User
    known_logins = login_cache.current(db.engine)  # None: look the login up
    known = known_logins.get(token_hash) if known_logins is not None else None
    if known is None or known.expires_at <= now:
        # Kept only when this query's snapshot begins after login_cache looked: a snapshot
        # the session opened earlier might predate a logout that the look already saw.
        keep = known_logins is not None and not db.session().in_transaction()
        row = db.session.execute(_USER_BY_TOKEN, arguments).one_or_none()
        if row is None:
            return None
        known = login_cache.KnownLogin(login_cache.ReadOnlyUser.of(row.User, token),
                                       row.expires_at)
        if keep:
            known_logins[token_hash] = known
    return known.user


def is_remembered(token: str) -> bool:
    """Return True when the login session with `token` was started with "remember me"."""
    return bool(
        db.session.execute(
            select(LoginSession.remember).where(LoginSession.token_hash == _token_hash(token))
        ).scalar_one_or_none()
    )


def end(token: str | None) -> None:
    """End the login session with `token` (a no-op for an unknown token)."""
    if token:
        token_hash = _token_hash(token)
        db.session.execute(delete(LoginSession).where(LoginSession.token_hash == token_hash))


def end_all(user: User) -> None:
    """End every login session of `user`, on every device."""
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))


def prune_expired(now: datetime) -> None:
    """Delete expired login sessions (housekeeping; expired ones never authenticate)."""
    db.session.execute(delete(LoginSession).where(LoginSession.expires_at <= now))
