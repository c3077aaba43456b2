"""Exports: the full backup as JSON and progress as CSV."""

from flask import Blueprint

bp = Blueprint("exports", __name__)
restore_bp = Blueprint("restore", __name__)

from . import routes  # noqa: E402,F401
