"""Account lookups and writes used by the auth views."""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..models import User


def normalize_email(email: str) -> str:
    """Return the form an email is stored and compared in (emails are case-insensitive)."""
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    """Return the user with this email (any case), or None."""
    return db.session.execute(
        select(User).where(User.email == normalize_email(email))
    ).scalar_one_or_none()


def email_taken(email: str) -> bool:
    """Return True when an account already uses this email, in any case."""
    return find_user_by_email(email) is not None


def delete_user(user: User) -> None:
    """Delete `user` and, through the foreign-key cascades, every row they own."""
    db.session.delete(user)
