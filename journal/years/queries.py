"""Year lookups and writes: years, reflections, carried-over goals."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..domain.progress import ACHIEVED
from ..extensions import db
from ..models import Goal, PlanRevision, Reflection, Year
from ..ownership import get_owned_or_404, owned
from ..progress import year_progress
from .reflections import NEW_YEAR, YEAR_END


def get_year_or_404(number: int) -> Year:
    """Return the current user's year `number`; raises NotFound (404) when there is none."""
    return get_owned_or_404(Year, number=number)


def find_year(number: int) -> Year | None:
    """Return the current user's year `number`, or None."""
    return db.session.execute(owned(Year).filter_by(number=number)).scalar_one_or_none()


def list_years() -> list[tuple[Year, int]]:
    """Return the current user's years, newest first, each with its number of goals."""
    goal_count = (
        select(func.count(Goal.id)).where(Goal.year_id == Year.id).scalar_subquery()
    )
    rows = db.session.execute(
        owned(Year).add_columns(goal_count).order_by(Year.number.desc())
    ).all()
    return [(year, count) for year, count in rows]


def reflections_of(year: Year) -> dict[str, Reflection | None]:
    """Return {kind: reflection or None} for the year's two reflections."""
    rows = db.session.execute(owned(Reflection).filter_by(year_id=year.id)).scalars()
    found = {row.kind: row for row in rows}
    return {NEW_YEAR: found.get(NEW_YEAR), YEAR_END: found.get(YEAR_END)}


def get_or_create_reflection(year: Year, kind: str) -> Reflection:
    """Return the year's reflection of `kind`, adding an empty one when it has none yet."""
    reflection = reflections_of(year)[kind]
    if reflection is None:
        reflection = Reflection(user_id=year.user_id, year=year, kind=kind)
        db.session.add(reflection)
    return reflection


def unfinished_goals(number: int, today: date) -> list[Goal]:
    """Return the goals of the current user's year `number` still to finish as of `today`
    (or that year's last day): active, and not at their target (a count that reached it is
    achieved without being marked so). None if there is no such year."""
    goals = list(
        db.session.execute(
            owned(Goal)
            .join(Goal.year)
            .where(Year.number == number, Goal.status == "active")
            .options(selectinload(Goal.plan_revisions), selectinload(Goal.area))
            .order_by(Goal.id)
        ).scalars()
    )
    if not goals:  # also a year that cannot be, which the form refuses (-1 gives -2)
        return []
    on = min(today, date(number, 12, 31))
    return [item.goal for item in year_progress(goals, on) if item.pace.status != ACHIEVED]


def carry_over(goal: Goal, into: Year, today: date) -> Goal:
    """Add a copy of `goal` to the year `into`, planned over that whole year.

    The copy keeps the title, area, reasons, topics, kind, units, privacy and the target in
    force; it starts from zero, drops checkpoints (they were dates of the old year), and
    links back to the goal it came from.
    """
    start, end = date(into.number, 1, 1), date(into.number, 12, 31)
    copy = Goal(
        user_id=goal.user_id,
        year=into,
        area_id=goal.area_id,
        carried_from_id=goal.id,
        title=goal.title,
        why=goal.why,
        topics=list(goal.topics or []),
        kind=goal.kind,
        unit=goal.unit,
        baseline=0.0,
        cadence=goal.cadence,
        allowed_skips=goal.allowed_skips,
        direction=goal.direction,
        private=goal.private,
        start_date=start,
        end_date=end,
    )
    copy.plan_revisions.append(
        PlanRevision(
            user_id=goal.user_id,
            version=1,
            revised_on=today,
            reason=f"Carried over from {goal.year.number}.",
            target=goal.plan.target,
            due_date=end if goal.kind == "milestone" else None,
            checkpoints=[],
        )
    )
    db.session.add(copy)
    return copy
