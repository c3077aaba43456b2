"""Front page, /healthz and /ping."""

from __future__ import annotations

from flask import Response, current_app, jsonify, render_template
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .. import clock
from ..caching import cached_page
from ..checkins.prompts import KINDS as CHECKIN_KINDS
from ..checkins.prompts import SLUGS as CHECKIN_SLUGS
from ..checkins.queries import next_checkin_due
from ..extensions import db
from ..goals.queries import list_goals
from ..progress import flagged_first, year_progress
from ..years.queries import list_years
from . import bp


@bp.route("/")
@cached_page
def index():
    if not current_user.is_authenticated:
        return render_template("main/welcome.html")
    this_year = clock.today().year
    years = list_years()
    current_year = next((year for year, _count in years if year.number == this_year), None)
    progress, due = [], None
    if current_year:
        today = clock.today()
        progress = flagged_first(year_progress(list_goals(current_year), today))
        due = next_checkin_due(current_year, today)
    return render_template(
        "main/dashboard.html",
        this_year=this_year,
        next_year=max([this_year, *(year.number for year, _ in years)]) + 1,
        current_year=current_year,
        progress=progress,
        due=due,
        checkin_kinds=CHECKIN_KINDS,
        checkin_slugs=CHECKIN_SLUGS,
        other_years=[(year, count) for year, count in years if year.number != this_year],
    )


@bp.route("/healthz")
def healthz():
    """Answer 200 when the app can reach its database, 503 (without details) when not."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.exception("health check: database unreachable")
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok", database="ok")


@bp.route("/ping")
def ping():
    """Answer a fixed short text without touching the database: a liveness probe for a
    load balancer, and the ceiling route `make bench` compares every page with."""
    return Response("pong\n", mimetype="text/plain")
