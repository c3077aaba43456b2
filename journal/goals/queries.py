"""Goal lookups, and the translation of goal rows into domain plans."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import joinedload, selectinload

from ..domain.plans import Plan
from ..extensions import db
from ..models import Area, Goal, ProgressUpdate, Year
from ..ownership import get_owned_or_404, owned
from ..progress import latest_with_value


def get_goal_or_404(goal_id: int) -> Goal:
    """Return the current user's goal, with its year (every goal view names it); raises
    NotFound (404) for any other id."""
    return get_owned_or_404(Goal, options=(joinedload(Goal.year, innerjoin=True),),
                            id=goal_id)


def list_goals(year: Year) -> list[Goal]:
    """Return the year's goals with their areas and plans, in a fixed number of queries."""
    return list(
        db.session.execute(
            owned(Goal)
            .filter_by(year_id=year.id)
            .options(
                selectinload(Goal.area),
                selectinload(Goal.plan_revisions),
                selectinload(Goal.attempts),
            )
            .order_by(Goal.id)
        ).scalars()
    )


def goals_by_area(goals: list[Goal]) -> list[tuple[Area, list[Goal]]]:
    """Group goals under their areas, in the user's area order."""
    groups: dict[int, tuple[Area, list[Goal]]] = {}
    for goal in goals:
        groups.setdefault(goal.area_id, (goal.area, []))[1].append(goal)
    return sorted(groups.values(), key=lambda group: (group[0].position, group[0].id))


def active_area_choices(keep: Area | None = None) -> list[tuple[int, str]]:
    """Return (id, name) of the user's active areas, plus `keep` when it is archived."""
    areas = list(
        db.session.execute(
            owned(Area).where(Area.archived.is_(False)).order_by(Area.position, Area.id)
        ).scalars()
    )
    if keep is not None and keep not in areas:
        areas.append(keep)
    return [(area.id, area.name) for area in areas]


def checkpoints_for_storage(plan: Plan) -> list[list]:
    """Return a plan's checkpoints as JSON-ready [["YYYY-MM-DD", value], ...]."""
    return [[c.on.isoformat(), c.value] for c in plan.checkpoints]


def next_version(goal: Goal) -> int:
    """Return the version number a new plan revision of `goal` gets."""
    return max((r.version for r in goal.plan_revisions), default=0) + 1


def quick_log_value(goal: Goal, form, today: date) -> float | None:
    """Return the value a quick log records: the running total plus the step (counts),
    one occurrence (habits), done (milestones), or the measured value (limits)."""
    if goal.kind == "count":
        last = db.session.execute(latest_with_value(
            # One number, not a whole row object.
            owned(ProgressUpdate).with_only_columns(ProgressUpdate.value), goal.id, on=today
        )).scalar_one_or_none()
        step = form.amount.data if form.amount.data is not None else 1.0
        return (last if last is not None else goal.baseline) + step
    if goal.kind == "habit":
        return form.amount.data if form.amount.data is not None else 1.0
    if goal.kind == "milestone":
        return 1.0
    return form.value.data
