"""From rows to domain values: the progress of goals as of a date, for pages and charts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Row, Select, or_, select

from .domain import progress as domain
from .domain.plans import HABIT, Checkpoint, Plan, in_force, planned_value
from .extensions import db
from .models import Area, Goal, PlanRevision, ProgressUpdate
from .ownership import owned


@dataclass
class GoalProgress:
    goal: Goal
    plan: Plan  # the plan the pace is measured against
    pace: domain.Pace
    flags: list[str]
    updates: list[ProgressUpdate]
    habit: domain.HabitStats | None = None
    enjoyment: list[tuple[date, int]] = field(default_factory=list)
    confidence: list[tuple[date, int]] = field(default_factory=list)
    status: str = "active"  # the goal's status on the day this progress is of

    @property
    def last_update(self) -> ProgressUpdate | None:
        return self.updates[-1] if self.updates else None

    @property
    def bar(self) -> float:
        """The share of the target reached, capped to 0..1 for a progress bar."""
        return min(max(self.pace.share, 0.0), 1.0)


# What the progress math reads of an update (see to_domain).
MATH_COLUMNS = (ProgressUpdate.goal_id, ProgressUpdate.on, ProgressUpdate.value,
                ProgressUpdate.enjoyment, ProgressUpdate.confidence, ProgressUpdate.skipped,
                ProgressUpdate.id)
# ... and what a check-in form reads besides: which check-in recorded it.
CHECKIN_COLUMNS = (*MATH_COLUMNS, ProgressUpdate.checkin_id)


def plan_of(goal: Goal, revision: PlanRevision | None = None, **changes) -> Plan:
    """Return the domain Plan of `goal` under `revision` (default: the one in force).

    Keyword `changes` override fields, to validate an edit before it is saved.
    """
    revision = revision or goal.plan
    fields = dict(
        kind=goal.kind,
        start=goal.start_date,
        end=goal.end_date,
        target=revision.target,
        baseline=goal.baseline,
        checkpoints=tuple(
            Checkpoint(date.fromisoformat(on), float(value))
            for on, value in (revision.checkpoints or [])
        ),
        cadence=goal.cadence,
        due=revision.due_date,
        direction=goal.direction,
        allowed_skips=goal.allowed_skips,
        targets=_targets_up_to(goal, revision) if goal.kind == HABIT else (),
    )
    fields.update(changes)
    return Plan(**fields)


def _targets_up_to(goal: Goal, revision: PlanRevision) -> tuple[tuple[date, float], ...]:
    """A revised habit's (date, times per period) of each version up to `revision`."""
    versions = goal.plan_revisions
    if len(versions) < 2 or revision not in versions:
        return ()
    return tuple((v.revised_on, v.target) for v in versions[:versions.index(revision) + 1])


def plan_on(goal: Goal, day: date) -> Plan:
    """Return the domain Plan of `goal` in force at the end of `day` (domain.plans.in_force:
    a later revision does not rewrite what was planned before it)."""
    return plan_of(goal, in_force([(r.revised_on, r) for r in goal.plan_revisions], day))


def planned_then(goal: Goal) -> Callable[[date], float]:
    """Return a function giving, for a day, the value `goal`'s plan in force that day
    expected by its end; each version's Plan is built once, for pages of many days."""
    plans = [(revision.revised_on, plan_of(goal, revision)) for revision in goal.plan_revisions]
    return lambda day: planned_value(in_force(plans, day), day)


def status_on(goal: Goal, day: date) -> str:
    """Return the status `goal` had at the end of `day` (see domain.progress.status_then)."""
    return domain.status_then(goal.status, goal.status_changed_on, day, goal.end_date)


def updates_by_goal(goal_ids: list[int], columns: tuple | None = None) -> dict[int, list]:
    """Return {goal id: its updates in date order} for these goals, in one query.

    columns: plain rows of these columns (goal_id among them) instead of ORM objects,
    several times cheaper to load and nothing for a commit to expire, for views that
    read many updates but show no update's text (MATH_COLUMNS, CHECKIN_COLUMNS).
    """
    grouped: dict[int, list] = defaultdict(list)
    if not goal_ids:
        return grouped
    query = select(*columns) if columns else select(ProgressUpdate)
    result = db.session.execute(
        query.where(ProgressUpdate.goal_id.in_(goal_ids))
        .order_by(ProgressUpdate.on, ProgressUpdate.id)
    )
    rows = result.all() if columns else result.scalars()
    for row in rows:
        grouped[row.goal_id].append(row)
    return grouped


def latest_with_value(query: Select, goal_id, *, on: date | None = None,
                      besides_checkin: int | None = None) -> Select:
    """Narrow `query` (a SELECT from progress_update) to the latest update of goal
    `goal_id` (an id, or a column to correlate with) that has a value: the running total
    a count has reached, read through the goal's index.

    on: only updates dated on or before it. besides_checkin: leaving out the updates that
    check-in recorded.
    """
    query = query.where(ProgressUpdate.goal_id == goal_id, ProgressUpdate.value.is_not(None))
    if on is not None:
        query = query.where(ProgressUpdate.on <= on)
    if besides_checkin is not None:
        query = query.where(or_(ProgressUpdate.checkin_id.is_(None),
                                ProgressUpdate.checkin_id != besides_checkin))
    return query.order_by(ProgressUpdate.on.desc(), ProgressUpdate.id.desc()).limit(1)


def latest_values(goal_ids: list[int], *, on: date | None = None,
                  besides_checkin: int | None = None) -> dict[int, Row]:
    """Return {goal id: (goal_id, on, value) of its latest update that has a value} for
    these goals (see latest_with_value), in one query that reads one update per goal, so
    it costs as much in December as in January.
    """
    if not goal_ids:
        return {}
    latest = latest_with_value(select(ProgressUpdate.id), Goal.id, on=on,
                               besides_checkin=besides_checkin)
    rows = db.session.execute(
        owned(ProgressUpdate)
        .with_only_columns(ProgressUpdate.goal_id, ProgressUpdate.on, ProgressUpdate.value)
        .where(ProgressUpdate.id.in_(
            select(latest.correlate(Goal).scalar_subquery()).where(Goal.id.in_(goal_ids))
        ))
    )
    return {row.goal_id: row for row in rows}


def to_domain(row: ProgressUpdate) -> domain.Update:
    return domain.Update(
        on=row.on, value=row.value, enjoyment=row.enjoyment, confidence=row.confidence,
        skipped=row.skipped, seq=row.id or 0,
    )


def goal_progress(goal: Goal, rows: list[ProgressUpdate], on: date, *,
                  plan_then: bool = False) -> GoalProgress:
    """Return the progress of `goal` at the end of `on`, from its update rows, against
    the plan in force now, or with `plan_then` the one in force on `on` (for a view of a
    day gone by: a check-in's page, the same day last year)."""
    plan = plan_on(goal, on) if plan_then else plan_of(goal)
    updates = [to_domain(row) for row in rows if row.on <= on]
    status = status_on(goal, on)
    pace = domain.pace(plan, updates, on, status)
    return GoalProgress(
        goal=goal,
        plan=plan,
        pace=pace,
        flags=domain.flags(pace, updates) if status == "active" else [],
        updates=[row for row in rows if row.on <= on],
        habit=domain.habit_stats(plan, updates, on) if goal.kind == HABIT else None,
        enjoyment=domain.trend(updates, "enjoyment"),
        confidence=domain.trend(updates, "confidence"),
        status=status,
    )


def year_progress(goals: list[Goal], on: date, *, plan_then: bool = False
                  ) -> list[GoalProgress]:
    """Return the progress of every goal, as of `on`, with one query for all updates
    (`plan_then`: see goal_progress)."""
    grouped = updates_by_goal([goal.id for goal in goals])
    return [goal_progress(goal, grouped.get(goal.id, []), on, plan_then=plan_then)
            for goal in goals]


def by_area(items: list[GoalProgress]) -> list[tuple[Area, list[GoalProgress], domain.AreaRollup]]:
    """Group progress under areas (in the user's order), each with its roll-up."""
    groups: dict[int, tuple[Area, list[GoalProgress]]] = {}
    for item in items:
        groups.setdefault(item.goal.area_id, (item.goal.area, []))[1].append(item)
    result = []
    for area, members in sorted(groups.values(), key=lambda g: (g[0].position, g[0].id)):
        enjoyments = [value for item in members for _on, value in item.enjoyment]
        result.append((area, members, domain.roll_up([m.pace for m in members], enjoyments)))
    return result


def flagged_first(items: list[GoalProgress]) -> list[GoalProgress]:
    """Order goals with warnings first, then the weakest status first."""
    order = {status: index for index, status in enumerate(domain.STATUS_ORDER)}
    return sorted(
        items,
        key=lambda item: (not item.flags, order.get(item.pace.status, len(order)), item.goal.id),
    )
