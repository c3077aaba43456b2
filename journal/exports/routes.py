"""Export views (the backup, the progress CSV) and the restore form."""

from __future__ import annotations

import json

from flask import Response, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from .. import clock
from ..extensions import db
from ..security import accepts_large_body
from ..years.queries import get_year_or_404
from . import bp, restore_bp
from .backup import build_backup
from .forms import MERGE, RestoreForm
from .progress_csv import progress_csv
from .restore import RestoreProblem, restore_file
from .review import build_review, review_markdown, review_zip


@bp.before_request
@restore_bp.before_request
@login_required
def _require_login():
    """Exports and restores belong to a logged-in user."""


@bp.route("/<int:number>.md")
def review(number: int):
    post = build_review(get_year_or_404(number), clock.today())
    return _attachment(review_markdown(post), "text/markdown", f"{post.filename}.md")


@bp.route("/<int:number>.zip")
def review_with_charts(number: int):
    today = clock.today()
    post = build_review(get_year_or_404(number), today)
    return _attachment(review_zip(post, today), "application/zip", f"{post.filename}.zip")


@restore_bp.route("/", methods=["GET", "POST"])
@accepts_large_body("MAX_IMPORT_BYTES")  # a backup of many years is larger than any form
def restore():
    """Restore a backup file. A file at fault answers 400, one that clashes with the
    account 409, a form without a file 422: each with the reason beside the field."""
    form = RestoreForm()
    status = 200
    if form.validate_on_submit():
        try:
            restored = restore_file(form.file.data.read(), current_user.id,
                                    merge=form.on_conflict.data == MERGE)
        except RestoreProblem as problem:
            db.session.rollback()
            form.file.errors.append(f"{problem} Nothing was restored.")
            status = problem.status
        else:
            db.session.commit()
            current_app.logger.info("backup restored user_id=%s: %s", current_user.id, restored)
            flash(f"Restored {restored}.", "success")
            return redirect(url_for("years.index"))
    elif form.errors:
        status = 422
    return render_template("exports/restore.html", form=form), status


def _attachment(body: str | bytes, mimetype: str, filename: str) -> Response:
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
