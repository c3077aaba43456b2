"""Server-side login sessions: what makes logging out and password changes final."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.orm import contains_eager

from ..extensions import db
from ..models import LoginSession, User


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


def load_user(token: str, now: datetime) -> User | None:
    """Return the user of a live login session with `token`, or None."""
    if not token or len(token) > 128:
        return None
    # One query: the user comes with their login session (every request runs this).
    row = db.session.execute(
        select(LoginSession)
        .join(LoginSession.user)
        .options(contains_eager(LoginSession.user))
        .where(LoginSession.token_hash == _token_hash(token), LoginSession.expires_at > now)
    ).scalar_one_or_none()
    if row is None:
        return None
    user = row.user
    user.session_token = token
    return user


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
