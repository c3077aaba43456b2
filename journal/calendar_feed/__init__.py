"""The check-in calendar: a secret, revocable iCalendar feed of when to check in."""

from flask import Blueprint

bp = Blueprint("calendar_feed", __name__)

from . import routes  # noqa: E402,F401
