"""Login throttling over a sliding window, stored in the database.

The rule: a login attempt is refused (429) while, within the last LOGIN_WINDOW,
the account typed has LOGIN_MAX_FAILURES_PER_ACCOUNT failures or the client address
has LOGIN_MAX_FAILURES_PER_ADDRESS failures. Failures older than the window no longer
count, so the real user gets in again once the window has passed; a successful login
clears the account's failures. Rows live in the database so every worker process
sees the same counts.

An attempt is counted before its password is checked (reserve_attempt), in the same write
transaction as the check of the counts, so attempts sent at the same moment cannot all
read the same count and get through together; a right password then clears the account.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select, text

from ..extensions import db
from ..models import LoginFailure


def account_key(normalized_email: str) -> str:
    """Return the key failures of this email are counted under (a SHA-256 hex digest)."""
    return hashlib.sha256(normalized_email.encode("utf-8")).hexdigest()


def retry_after(key: str, address: str, now: datetime) -> int | None:
    """Return seconds until an attempt for `key` from `address` is allowed, or None."""
    config = current_app.config
    window: timedelta = config["LOGIN_WINDOW"]
    since = now - window
    limits = (
        (LoginFailure.account_key == key, config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]),
        (LoginFailure.address == address, config["LOGIN_MAX_FAILURES_PER_ADDRESS"]),
    )
    waits = []
    for condition, limit in limits:
        count, oldest_counted = _failures_since(condition, since, limit)
        if count >= limit:
            waits.append(int((oldest_counted + window - now).total_seconds()) + 1)
    return max(waits) if waits else None


def _failures_since(condition, since: datetime, limit: int) -> tuple[int, datetime | None]:
    # The newest `limit` failures decide: the wait ends when the oldest of them ages out.
    newest = (
        select(LoginFailure.failed_at)
        .where(condition, LoginFailure.failed_at > since)
        .order_by(LoginFailure.failed_at.desc())
        .limit(limit)
        .subquery()
    )
    count, oldest = db.session.execute(
        select(func.count(), func.min(newest.c.failed_at))
    ).one()
    if oldest is not None and oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=since.tzinfo)
    return count, oldest


def reserve_attempt(key: str, address: str, now: datetime) -> int | None:
    """Count an attempt for `key` from `address` as failed, unless the limits are reached:
    then return the seconds to wait. The caller commits before checking the password."""
    _take_turns(key, address)
    wait = retry_after(key, address, now)
    if wait is None:
        record_failure(key, address, now)
    return wait


def _take_turns(*keys: str) -> None:
    # SQLite: a login POST's transaction already holds the database's write lock (see
    # database.py), so reading the counts and adding the attempt cannot interleave.
    # PostgreSQL: a lock per account and per address, held until the transaction ends.
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for key in sorted(keys):
        lock_id = int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:15], 16)
        db.session.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": lock_id})


def record_failure(key: str, address: str, now: datetime) -> None:
    """Record one failed attempt and forget failures older than the window."""
    db.session.add(LoginFailure(account_key=key, address=address, failed_at=now))
    cutoff = now - current_app.config["LOGIN_WINDOW"]
    db.session.execute(delete(LoginFailure).where(LoginFailure.failed_at <= cutoff))


def clear_failures(key: str) -> None:
    """Forget the failures of an account after its owner logged in."""
    db.session.execute(delete(LoginFailure).where(LoginFailure.account_key == key))
