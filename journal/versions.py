"""Each user's data version: a token that changes whenever anything in their journal does.

Charts (and pages) derived from a journal are cached per worker under the owner's id and
this token, so a cached copy is never served after a change, in any worker, without
rebuilding the data to find out. The token is random rather than a counter, so a new
account that happens to get a deleted account's id never matches its old cache entries.
"""

from __future__ import annotations

import secrets
from functools import cache

from sqlalchemy import Update, bindparam, event, update
from sqlalchemy.orm import Session

# Rows whose changes do not alter what the journal shows.
_NOT_JOURNAL = frozenset({"login_session", "login_failure"})


def new_version() -> str:
    """Return a fresh data version (also the default of a new account)."""
    return secrets.token_hex(8)


def _owners(objects) -> set[int]:
    owners = set()
    for obj in objects:
        table = getattr(obj, "__tablename__", None)
        if table in _NOT_JOURNAL:
            continue
        owner = obj.id if table == "user_account" else getattr(obj, "user_id", None)
        if owner is not None:
            owners.add(owner)
    return owners


@cache
def _new_versions() -> Update:
    # Every write runs this statement, so it is built once (as the login lookup is):
    # SQLAlchemy then skips rebuilding it and its cache key on each flush.
    from .models import User

    users = User.__table__
    return (update(users).where(users.c.id.in_(bindparam("owners", expanding=True)))
            .values(data_version=bindparam("version")))


def _give_new_versions(connection, owners) -> None:
    connection.execute(_new_versions(), {"owners": sorted(owners), "version": new_version()})


@event.listens_for(Session, "after_flush")
def _journal_changed(session: Session, _context) -> None:
    # In after_flush the session still lists what this flush wrote as new, dirty, deleted.
    owners = _owners([*session.new, *session.dirty, *session.deleted])
    if owners:
        _give_new_versions(session.connection(), owners)


def bump(session: Session, user_id: int) -> None:
    """Mark `user_id`'s journal changed after a bulk statement the ORM does not see."""
    _give_new_versions(session.connection(), [user_id])
