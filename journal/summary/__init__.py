"""The summary: every year side by side, and each area's years overlaid."""

from flask import Blueprint

bp = Blueprint("summary", __name__)

from . import routes  # noqa: E402,F401
