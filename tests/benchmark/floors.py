"""The least a write can cost in this stack, loaded and timed beside the real writes.

Two POST routes that only the benchmark's app has, in-process and under gunicorn. Each
takes what every write of the journal takes (the CSRF check, the login looked up inside
a write transaction, the session cookie), and the second adds one row through the ORM
and commits it (the user's data version bumped on flush, as for every journal write).
No write of the journal can cost less, so their share of /ping's req/s under wrk is the
most any write could reach here.

gunicorn serves `floors:create_app()`: the app as the README runs it in production, plus
these two routes, which no other request reaches.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Flask, Response, request
from flask_login import current_user, login_required

import journal
from journal.extensions import db
from journal.models import ProgressUpdate

floors = Blueprint("bench_floors", __name__, url_prefix="/_bench")


@floors.route("/nothing", methods=["POST"])
@login_required
def write_nothing():
    return Response(status=204)


@floors.route("/one-row", methods=["POST"])
@login_required
def write_one_row():
    db.session.add(ProgressUpdate(user_id=current_user.id, goal_id=int(request.form["goal"]),
                                  on=date.fromisoformat(request.form["on"]), value=1.0))
    db.session.commit()
    return Response(status=204)


def create_app() -> Flask:
    """journal.create_app() with the floor routes."""
    app = journal.create_app()
    app.register_blueprint(floors)
    return app
