"""Calendar views: the public feed (by secret token) and its settings on the account page."""

from __future__ import annotations

import hashlib
import secrets

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from .. import clock
from ..auth.forms import EmptyForm
from ..domain.schedule import checkin_calendar
from ..extensions import db
from ..models import User
from . import bp
from .ics import calendar


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@bp.route("/calendar/<token>.ics")
def feed(token: str):
    """The feed itself: anyone with the secret URL may read it, as calendar apps do."""
    if len(token) > 100:
        abort(404)
    user = db.session.execute(
        select(User).where(User.calendar_token_hash == _hash(token))
    ).scalar_one_or_none()
    if user is None:
        abort(404)
    this_year = clock.today().year
    events = checkin_calendar([this_year, this_year + 1], monthly=user.calendar_monthly)
    response = Response(calendar(events, clock.now()), mimetype="text/calendar")
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.route("/account/calendar", methods=["POST"])
@login_required
def enable():
    """Create a new secret feed URL (replacing any earlier one) and show it once."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    token = secrets.token_urlsafe(24)
    user = current_user._get_current_object()
    user.calendar_token_hash = _hash(token)
    user.calendar_monthly = request.form.get("monthly") == "y"
    db.session.commit()
    feed_url = url_for("calendar_feed.feed", token=token, _external=True)
    # Shown this once and never stored: only its hash is kept.
    return render_template("calendar_feed/created.html", feed_url=feed_url,
                           monthly=user.calendar_monthly)


@bp.route("/account/calendar/revoke", methods=["POST"])
@login_required
def revoke():
    if EmptyForm().validate_on_submit():
        current_user.calendar_token_hash = None
        db.session.commit()
        flash("The calendar feed is turned off; its old address no longer works.", "success")
    return redirect(url_for("auth.account"))
