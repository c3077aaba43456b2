"""Front page and /healthz."""

from __future__ import annotations

from flask import current_app, jsonify, render_template
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from . import bp


@bp.route("/")
def index():
    if not current_user.is_authenticated:
        return render_template("main/welcome.html")
    return render_template("main/dashboard.html")


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
