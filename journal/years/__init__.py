"""Years: the new-year reflection, the year-end reflection, and the year page."""

from flask import Blueprint

bp = Blueprint("years", __name__)

from . import routes  # noqa: E402,F401
