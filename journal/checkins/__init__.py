"""Check-ins: the mid-year review, monthly and ad-hoc check-ins, and their progress updates."""

from flask import Blueprint

bp = Blueprint("checkins", __name__)

from . import routes  # noqa: E402,F401
