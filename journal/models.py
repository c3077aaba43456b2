"""SQLAlchemy models; every row below User belongs to exactly one user."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .database import UTCDateTime, utcnow
from .extensions import db


class User(UserMixin, db.Model):
    """An account. Emails are stored normalized (see auth.normalize_email), so unique."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    login_sessions: Mapped[list[LoginSession]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    # The token of the server-side login this object was loaded through; flask-login
    # keeps it in the session and remember cookies instead of the user's id, so that
    # deleting the LoginSession row ends that login everywhere it was copied to.
    session_token = None  # str once loaded through a login session

    def get_id(self) -> str | None:
        return self.session_token

    def __repr__(self) -> str:
        return f"<User {self.id}>"


class LoginSession(db.Model):
    """One signed-in browser. Logging out or changing the password deletes rows here."""

    __tablename__ = "login_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    # Only a SHA-256 of the token is stored: a leaked database does not log anyone in.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    remember: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)

    user: Mapped[User] = relationship(back_populates="login_sessions")


class LoginFailure(db.Model):
    """A failed login, kept for the throttling window (see auth.throttle)."""

    __tablename__ = "login_failure"

    id: Mapped[int] = mapped_column(primary_key=True)
    # SHA-256 of the normalized email typed, so failures for unknown emails count too
    # and no typed email (or password typed into the email field) is stored.
    account_key: Mapped[str] = mapped_column(String(64), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
