"""Progress as CSV: one row per progress update, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Goal, ProgressUpdate
from ..progress import planned_then

COLUMNS = ("year", "area", "goal", "kind", "date", "value", "planned", "enjoyment",
           "confidence", "note")
# A cell starting with one of these is run as a formula by spreadsheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(text: str) -> str:
    """Return `text` so that no spreadsheet runs it as a formula (a leading apostrophe)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def progress_csv(user_id: int) -> str:
    """Return the user's progress updates as CSV text, oldest first (2 queries)."""
    goals = {
        goal.id: goal
        for goal in db.session.execute(
            select(Goal).where(Goal.user_id == user_id).options(
                selectinload(Goal.area), selectinload(Goal.year),
                selectinload(Goal.plan_revisions))
        ).scalars()
    }
    updates = db.session.execute(
        select(ProgressUpdate).where(ProgressUpdate.user_id == user_id)
        .order_by(ProgressUpdate.on, ProgressUpdate.id)
    ).scalars()
    # As planned on each update's day: a later revision does not rewrite it.
    planned = {goal_id: planned_then(goal) for goal_id, goal in goals.items()}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for update in updates:
        goal = goals[update.goal_id]
        writer.writerow([
            goal.year.number,
            neutralize(goal.area.name),
            neutralize(goal.title),
            goal.kind,
            update.on.isoformat(),
            "" if update.value is None else f"{update.value:g}",
            f"{planned[goal.id](update.on):.2f}",
            update.enjoyment or "",
            update.confidence or "",
            neutralize(update.note),
        ])
    return out.getvalue()
