"""Export views: the backup file and the progress CSV, as attachments."""

from __future__ import annotations

import json

from flask import Response
from flask_login import current_user, login_required

from .. import clock
from . import bp
from .backup import build_backup
from .progress_csv import progress_csv


@bp.before_request
@login_required
def _require_login():
    """Exports belong to a logged-in user."""


def _attachment(body: str, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.route("/backup.json")
def backup():
    now = clock.now()
    document = build_backup(current_user.id, now)
    body = json.dumps(document, ensure_ascii=False, indent=1)
    return _attachment(body, "application/json",
                       f"year-journal-backup-{now:%Y-%m-%d}.json")


@bp.route("/progress.csv")
def progress():
    # A byte-order mark lets spreadsheets read the file as UTF-8.
    return _attachment("\ufeff" + progress_csv(current_user.id), "text/csv",
                       f"year-journal-progress-{clock.today():%Y-%m-%d}.csv")
