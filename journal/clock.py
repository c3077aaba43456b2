"""The app's clock, in one place so tests can move it instead of sleeping."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import current_app


def now() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


def today() -> date:
    """Return the app's notion of today: JOURNAL_TODAY when configured (a demo, a test
    moving through the year), else the server's local date."""
    configured = current_app.config.get("JOURNAL_TODAY")
    if configured:
        return configured if isinstance(configured, date) else date.fromisoformat(configured)
    return date.today()  # noqa: DTZ011 (the server's calendar day is the user's day here)
