"""SQLAlchemy models; every row below User belongs to exactly one user."""

from __future__ import annotations

from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.expression import false

from .database import UTCDateTime, utcnow
from .extensions import db
from .versions import new_version


class User(UserMixin, db.Model):
    """An account. Emails are stored normalized (see auth.normalize_email), so unique."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # SHA-256 of the calendar feed's secret token; None when no feed is enabled.
    calendar_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    calendar_monthly: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Changes with every write to the user's journal (see versions.py): caches key on it.
    data_version: Mapped[str] = mapped_column(String(16), default=new_version,
                                              server_default="0")

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


def _owner_column(*, index: bool = True) -> Mapped[int]:
    return mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=index)


def _owner_and_year_index(table: str) -> Index:
    """The index for "this user's rows of this year", in place of one on the owner alone.

    SQLite plans without statistics here (nothing runs ANALYZE), and between two one-column
    indexes, on the owner and on the year, it picks by their order in the schema, which a
    batch migration may shuffle. Picking the owner's reads every year the user has kept."""
    return Index(f"ix_{table}_user_id_year_id", "user_id", "year_id")


class Area(db.Model):
    """A life area (career, writing, ...), kept across years so years compare by area."""

    __tablename__ = "area"
    __table_args__ = (UniqueConstraint("user_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _owner_column()
    name: Mapped[str] = mapped_column(String(60))
    color: Mapped[str] = mapped_column(String(16))  # a key of areas.PALETTE
    position: Mapped[int] = mapped_column(Integer, default=0)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    # Private areas, and all their goals, are left out of the year-in-review post.
    private: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Year(db.Model):
    """One user's year: its reflections and its goals."""

    __tablename__ = "journal_year"
    __table_args__ = (UniqueConstraint("user_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _owner_column()
    number: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    reflections: Mapped[list[Reflection]] = relationship(
        back_populates="year", cascade="all, delete-orphan", passive_deletes=True
    )
    goals: Mapped[list[Goal]] = relationship(
        back_populates="year", cascade="all, delete-orphan", passive_deletes=True
    )


class Reflection(db.Model):
    """A year's new-year or year-end reflection, written as guided sections (Markdown)."""

    __tablename__ = "reflection"
    __table_args__ = (UniqueConstraint("year_id", "kind"), _owner_and_year_index("reflection"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _owner_column(index=False)
    year_id: Mapped[int] = mapped_column(
        ForeignKey("journal_year.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))  # "new_year" or "year_end"
    tldr: Mapped[str] = mapped_column(String(280), default="")
    what_happened: Mapped[str] = mapped_column(Text, default="")
    successes: Mapped[str] = mapped_column(Text, default="")
    did_not_work: Mapped[str] = mapped_column(Text, default="")
    learned: Mapped[str] = mapped_column(Text, default="")
    changes: Mapped[str] = mapped_column(Text, default="")
    theme: Mapped[str] = mapped_column(String(80), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    year: Mapped[Year] = relationship(back_populates="reflections")


class Goal(db.Model):
    """A measurable goal of one year in one area. Its plan lives in PlanRevision rows."""

    __tablename__ = "goal"
    __table_args__ = (_owner_and_year_index("goal"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _owner_column(index=False)
    year_id: Mapped[int] = mapped_column(
        ForeignKey("journal_year.id", ondelete="CASCADE"), index=True
    )
    # NO ACTION (the default): an area with goals cannot be deleted, only archived.
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"), index=True)
    carried_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("goal.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    why: Mapped[str] = mapped_column(Text, default="")
    topics: Mapped[list] = mapped_column(JSON, default=list)
    kind: Mapped[str] = mapped_column(String(16))  # count, milestone, habit, limit
    unit: Mapped[str] = mapped_column(String(40), default="")
    baseline: Mapped[float] = mapped_column(Float, default=0.0)
    cadence: Mapped[str | None] = mapped_column(String(8))  # habits: "week" or "month"
    allowed_skips: Mapped[int] = mapped_column(Integer, default=0)
    direction: Mapped[str | None] = mapped_column(String(8))  # limits: "at_least" or "at_most"
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="active")
    status_reason: Mapped[str] = mapped_column(Text, default="")
    status_changed_on: Mapped[date | None] = mapped_column(Date)
    # A private goal is left out of the year-in-review post.
    private: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    year: Mapped[Year] = relationship(back_populates="goals")
    area: Mapped[Area] = relationship()
    carried_from: Mapped[Goal | None] = relationship(remote_side=[id])
    plan_revisions: Mapped[list[PlanRevision]] = relationship(
        back_populates="goal",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="PlanRevision.version",
    )
    attempts: Mapped[list[Attempt]] = relationship(
        back_populates="goal",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Attempt.attempted_on",
    )

    @property
    def plan(self) -> PlanRevision:
        """The plan in force: the latest revision."""
        return self.plan_revisions[-1]

    @property
    def year_start(self) -> date:
        return date(self.start_date.year, 1, 1)

    @property
    def year_end(self) -> date:
        return date(self.start_date.year, 12, 31)


class PlanRevision(db.Model):
    """One version of a goal's plan. Version 1 is what was planned at the start; a
    revision adds a version and never edits an earlier one."""

    __tablename__ = "plan_revision"
    __table_args__ = (UniqueConstraint("goal_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _owner_column()
    goal_id: Mapped[int] = mapped_column(ForeignKey("goal.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    revised_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    # count: units to reach; habit: times per period; limit: the threshold; milestone: 1.
    target: Mapped[float] = mapped_column(Float)
    # Milestones: the planned date.
    due_date: Mapped[date | None] = mapped_column(Date)
    # Count goals: the user's own [["YYYY-MM-DD", value], ...]; empty means linear.
    checkpoints: Mapped[list] = mapped_column(JSON, default=list)

    goal: Mapped[Goal] = relationship(back_populates="plan_revisions")


class Attempt(db.Model):
    """An attempt at a milestone (a promotion that came through on the second try)."""

    __tablename__ = "attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _owner_column()
    goal_id: Mapped[int] = mapped_column(ForeignKey("goal.id", ondelete="CASCADE"), index=True)
    # Set when a check-in recorded the attempt: it is edited and deleted with it.
    checkin_id: Mapped[int | None] = mapped_column(
        ForeignKey("checkin.id", ondelete="CASCADE"), index=True
    )
    attempted_on: Mapped[date] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(String(16))  # succeeded, failed, pending
    note: Mapped[str] = mapped_column(Text, default="")

    goal: Mapped[Goal] = relationship(back_populates="attempts")


class CheckIn(db.Model):
    """A dated review of the year: an overall mood, a reflection, and progress updates."""

    __tablename__ = "checkin"
    __table_args__ = (_owner_and_year_index("checkin"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _owner_column(index=False)
    year_id: Mapped[int] = mapped_column(
        ForeignKey("journal_year.id", ondelete="CASCADE"), index=True
    )
    on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))  # monthly, quarterly, mid_year, year_end, ad_hoc
    mood: Mapped[int | None] = mapped_column(Integer)
    # Three prompts whose wording depends on the kind (see checkins.prompts).
    went_well: Mapped[str] = mapped_column(Text, default="")
    went_badly: Mapped[str] = mapped_column(Text, default="")
    next_change: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    year: Mapped[Year] = relationship()
    updates: Mapped[list[ProgressUpdate]] = relationship(
        back_populates="checkin", cascade="all, delete-orphan", passive_deletes=True
    )
    attempts: Mapped[list[Attempt]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


class ProgressUpdate(db.Model):
    """Where one goal stood on one date, and how working on it felt."""

    __tablename__ = "progress_update"
    # A goal's updates in date order: the quick log's latest total reads one row of it, and
    # every page reads a goal's updates through it. Without statistics SQLite would
    # otherwise pick the owner's index and sort all of a user's updates (every year's).
    __table_args__ = (Index("ix_progress_update_goal_id_on", "goal_id", "on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _owner_column()
    goal_id: Mapped[int] = mapped_column(ForeignKey("goal.id", ondelete="CASCADE"))
    checkin_id: Mapped[int | None] = mapped_column(
        ForeignKey("checkin.id", ondelete="CASCADE"), index=True
    )
    on: Mapped[date] = mapped_column(Date, index=True)
    # count: running total; milestone: 1 done / 0 not yet; habit: occurrences; limit: measure.
    value: Mapped[float | None] = mapped_column(Float)
    skipped: Mapped[bool] = mapped_column(Boolean, default=False)
    enjoyment: Mapped[int | None] = mapped_column(Integer)
    confidence: Mapped[int | None] = mapped_column(Integer)
    blocker: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    # Quick logs: what the step was ("+1 post": its title, link and topic).
    title: Mapped[str] = mapped_column(String(200), default="")
    link: Mapped[str] = mapped_column(String(500), default="")
    topic: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    goal: Mapped[Goal] = relationship()
    checkin: Mapped[CheckIn | None] = relationship(back_populates="updates")
