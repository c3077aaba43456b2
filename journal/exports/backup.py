"""The backup: every row of one user as a documented, versioned JSON document.

Format "year-journal-backup", version 1. Rows refer to each other by keys local to the
file ("a1", "g3", "c2"), never by database ids, so nothing internal leaks and a restore
can link rows afresh. Dates are "YYYY-MM-DD"; times are UTC ISO 8601. "private" was added
within version 1: a file without it reads as not private. Years are listed oldest first,
and a goal's "carried_from" names a goal of an earlier year.

    {"format": "year-journal-backup", "version": 1, "exported_at": "...",
     "areas": [{"key", "name", "color", "position", "archived", "private"}],
     "years": [{"year", "reflections": {"new_year": {...}, "year_end": {...}},
                "goals": [{"key", "area", "carried_from", "title", "why", "topics", "kind",
                           "unit", "baseline", "cadence", "allowed_skips", "direction",
                           "start_date", "end_date", "status", "status_reason",
                           "status_changed_on", "private",
                           "plan_revisions": [{"version", "revised_on", "reason", "target",
                                               "due_date", "checkpoints"}],
                           "attempts": [{"attempted_on", "outcome", "note", "checkin"}]}],
                "checkins": [{"key", "on", "kind", "mood", "went_well", "went_badly",
                              "next_change"}],
                "progress_updates": [{"goal", "checkin", "on", "value", "skipped",
                                      "enjoyment", "confidence", "blocker", "note", "title",
                                      "link", "topic"}]}]}
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from ..extensions import db
from ..models import Area, Attempt, CheckIn, Goal, PlanRevision, ProgressUpdate, Reflection, Year
from ..years.reflections import SECTION_NAMES

FORMAT = "year-journal-backup"
VERSION = 1


def _day(value) -> str | None:
    return value.isoformat() if value else None


def _rows(model, user_id: int, *order):
    return list(db.session.execute(
        select(model).where(model.user_id == user_id).order_by(*order)
    ).scalars())


def build_backup(user_id: int, exported_at: datetime) -> dict:
    """Return every row of the user as the version-1 backup document (8 queries)."""
    areas = _rows(Area, user_id, Area.position, Area.id)
    years = _rows(Year, user_id, Year.number)
    number = {year.id: year.number for year in years}
    # Keys follow the order rows appear in the file, so a restored journal exports alike.
    goals = sorted(_rows(Goal, user_id, Goal.id), key=lambda goal: number[goal.year_id])
    checkins = _rows(CheckIn, user_id, CheckIn.on, CheckIn.id)
    area_key = {area.id: f"a{n}" for n, area in enumerate(areas, start=1)}
    goal_key = {goal.id: f"g{n}" for n, goal in enumerate(goals, start=1)}
    checkin_key = {checkin.id: f"c{n}" for n, checkin in enumerate(checkins, start=1)}
    revisions = _group(_rows(PlanRevision, user_id, PlanRevision.version), "goal_id")
    attempts = _group(_rows(Attempt, user_id, Attempt.attempted_on, Attempt.id), "goal_id")
    updates = _rows(ProgressUpdate, user_id, ProgressUpdate.on, ProgressUpdate.id)
    reflections = _group(_rows(Reflection, user_id, Reflection.id), "year_id")
    goal_year = {goal.id: goal.year_id for goal in goals}

    def goal_document(goal: Goal) -> dict:
        return {
            "key": goal_key[goal.id], "area": area_key[goal.area_id],
            "carried_from": goal_key.get(goal.carried_from_id),
            "title": goal.title, "why": goal.why, "topics": list(goal.topics or []),
            "kind": goal.kind, "unit": goal.unit, "baseline": goal.baseline,
            "cadence": goal.cadence, "allowed_skips": goal.allowed_skips,
            "direction": goal.direction, "start_date": _day(goal.start_date),
            "end_date": _day(goal.end_date), "status": goal.status,
            "status_reason": goal.status_reason,
            "status_changed_on": _day(goal.status_changed_on), "private": goal.private,
            "plan_revisions": [
                {"version": r.version, "revised_on": _day(r.revised_on), "reason": r.reason,
                 "target": r.target, "due_date": _day(r.due_date),
                 "checkpoints": [list(point) for point in (r.checkpoints or [])]}
                for r in revisions.get(goal.id, [])
            ],
            "attempts": [
                {"attempted_on": _day(a.attempted_on), "outcome": a.outcome, "note": a.note,
                 "checkin": checkin_key.get(a.checkin_id)}
                for a in attempts.get(goal.id, [])
            ],
        }

    def year_document(year: Year) -> dict:
        return {
            "year": year.number,
            "reflections": {
                r.kind: {name: getattr(r, name) for name in SECTION_NAMES}
                for r in reflections.get(year.id, [])
            },
            "goals": [goal_document(g) for g in goals if g.year_id == year.id],
            "checkins": [
                {"key": checkin_key[c.id], "on": _day(c.on), "kind": c.kind, "mood": c.mood,
                 "went_well": c.went_well, "went_badly": c.went_badly,
                 "next_change": c.next_change}
                for c in checkins if c.year_id == year.id
            ],
            "progress_updates": [
                {"goal": goal_key[u.goal_id], "checkin": checkin_key.get(u.checkin_id),
                 "on": _day(u.on), "value": u.value, "skipped": u.skipped,
                 "enjoyment": u.enjoyment, "confidence": u.confidence, "blocker": u.blocker,
                 "note": u.note, "title": u.title, "link": u.link, "topic": u.topic}
                for u in updates if goal_year[u.goal_id] == year.id
            ],
        }

    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": exported_at.isoformat().replace("+00:00", "Z"),
        "areas": [
            {"key": area_key[a.id], "name": a.name, "color": a.color, "position": a.position,
             "archived": a.archived, "private": a.private}
            for a in areas
        ],
        "years": [year_document(year) for year in years],
    }


def _group(rows, attribute: str) -> dict:
    grouped: dict = {}
    for row in rows:
        grouped.setdefault(getattr(row, attribute), []).append(row)
    return grouped
