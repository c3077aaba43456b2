"""Check-in lookups and writes: the check-in, its progress updates, habit periods."""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import contains_eager, selectinload

from ..domain.plans import HABIT, MILESTONE, by_period, habit_periods, period_target
from ..domain.schedule import next_checkin
from ..extensions import db
from ..models import Area, Attempt, CheckIn, Goal, ProgressUpdate, Year
from ..ownership import get_owned_or_404, owned
from ..progress import plan_of
from .forms import GoalFields, parse_scale


def get_checkin_or_404(checkin_id: int) -> CheckIn:
    """Return the current user's check-in; raises NotFound (404) for any other id."""
    return get_owned_or_404(CheckIn, id=checkin_id)


def list_checkins(year: Year) -> list[CheckIn]:
    """Return the year's check-ins, oldest first."""
    return list(
        db.session.execute(
            owned(CheckIn).filter_by(year_id=year.id).order_by(CheckIn.on, CheckIn.id)
        ).scalars()
    )


def active_goals(year: Year) -> list[Goal]:
    """Return the year's active goals, with what pages about them need loaded."""
    return list(
        db.session.execute(
            owned(Goal)
            .filter_by(year_id=year.id, status="active")
            .join(Goal.area)
            .options(contains_eager(Goal.area), selectinload(Goal.plan_revisions))
            .order_by(Area.position, Area.id, Goal.id)
        ).scalars()
    )


def period_label(first: date, last: date, cadence: str) -> str:
    if cadence == "month":
        return f"{first:%B}"
    return f"Week of {first.day} {first:%b}"


def tickable_periods(goal: Goal, rows: list[ProgressUpdate], on: date,
                     checkin: CheckIn | None) -> list[tuple[int, str]]:
    """Return (index, label) of the habit periods that began by `on` and are not already
    met by updates outside this check-in."""
    plan = plan_of(goal)
    others = [r for r in rows if checkin is None or r.checkin_id != checkin.id]
    result = []
    for index, ((first, last), inside) in enumerate(
            zip(habit_periods(plan), by_period(plan, others), strict=True)):
        if first > on:
            break
        occurrences = sum(r.value or 0 for r in inside if not r.skipped)
        if occurrences < period_target(plan, first):
            result.append((index, period_label(first, last, goal.cadence)))
    return result


def ticked_periods(goal: Goal, checkin: CheckIn) -> tuple[list[int], list[int]]:
    """Return the period indexes this check-in marked met and skipped, to refill its form."""
    periods = habit_periods(plan_of(goal))
    met, skipped = [], []
    for row in checkin.updates:
        if row.goal_id != goal.id:
            continue
        for index, (first, last) in enumerate(periods):
            if first <= row.on <= last:
                (skipped if row.skipped else met).append(index)
    return met, skipped


def has_content(form, goals: list[Goal]) -> bool:
    """Return True when the check-in says anything at all: a mood, text, or an update."""
    if form.mood.data or any(
        (getattr(form, name).data or "").strip() for name in ("went_well", "went_badly",
                                                              "next_change")
    ):
        return True
    return any(goal_fields_filled(form, goal) for goal in goals)


def goal_fields_filled(form, goal: Goal) -> bool:
    names = GoalFields(goal.id)
    for part in ("value", "done", "attempt", "met", "skipped", "enjoyment", "confidence",
                 "blocker", "note"):
        field = form._fields.get(names.name(part))
        if field is None:
            continue
        data = field.data
        if data not in (None, "", []) and not (isinstance(data, str) and not data.strip()):
            return True
    return False


def write_updates(
    checkin: CheckIn, form, goals: list[Goal], previous: dict[int, float]
) -> list[str]:
    """Replace the check-in's progress updates with what the form says; return notices
    worth telling the user. `previous` holds each count goal's running total on or before
    the check-in's date, not counting what this check-in recorded (none: no total yet).

    A running total may go down (a post unpublished): it is saved as typed, and noticed.
    A value the form leaves as it was keeps its update, and so its place among the
    updates of its day: re-saving a check-in to change its mood does not put its total
    after a quick log made later that day.
    """
    # Only the goals on the form are rewritten: what this check-in recorded for a goal
    # that has since been achieved or dropped stays as it was.
    kinds = {goal.id: goal.kind for goal in goals}
    earlier: dict[int, ProgressUpdate] = {}  # one update per goal, habits aside
    for row in [r for r in checkin.updates if r.goal_id in kinds]:
        if kinds[row.goal_id] == HABIT or row.goal_id in earlier:
            checkin.updates.remove(row)
        else:
            earlier[row.goal_id] = row
    for attempt in [a for a in checkin.attempts if a.goal_id in kinds]:
        checkin.attempts.remove(attempt)
    notices = []
    for goal in goals:
        if not goal_fields_filled(form, goal):
            continue
        names = GoalFields(goal.id)
        data = {part: getattr(form, names.name(part)).data
                for part in ("enjoyment", "confidence", "blocker", "note")}
        common = dict(
            user_id=goal.user_id, goal=goal,
            enjoyment=parse_scale(data["enjoyment"]), confidence=parse_scale(data["confidence"]),
            blocker=(data["blocker"] or "").strip(), note=(data["note"] or "").strip(),
        )
        if goal.kind == HABIT:
            _habit_updates(checkin, form, goal, common)
            continue
        value = _value_for(goal, form, names, checkin)
        row = earlier.pop(goal.id, None)
        if row is not None and (row.on, row.value) == (checkin.on, value):
            for name in ("enjoyment", "confidence", "blocker", "note"):
                setattr(row, name, common[name])
            continue
        if row is not None:
            checkin.updates.remove(row)
        before = previous.get(goal.id)
        if goal.kind == "count" and value is not None and before is not None and value < before:
            notices.append(
                f"A total went down from {before:g} to {value:g}: saved as you typed it."
            )
        checkin.updates.append(ProgressUpdate(on=checkin.on, value=value, **common))
    for row in earlier.values():  # goals the form now says nothing about
        checkin.updates.remove(row)
    return notices


def _value_for(goal: Goal, form, names: GoalFields, checkin: CheckIn) -> float | None:
    if goal.kind == "milestone":
        attempt = form._fields[names.name("attempt")].data
        if attempt:
            checkin.attempts.append(Attempt(
                user_id=goal.user_id, goal=goal, attempted_on=checkin.on, outcome=attempt,
                note=_recorded_in(checkin.on)))
        done = form._fields[names.name("done")].data
        if attempt == "succeeded":
            done = "yes"
        if done == "yes" and goal.status == "active":
            goal.status, goal.status_changed_on = "achieved", checkin.on
        return {"yes": 1.0, "no": 0.0}.get(done)
    return form._fields[names.name("value")].data


def _recorded_in(on: date) -> str:
    return f"Recorded in the check-in of {on}."


def achieved_by(checkin: CheckIn) -> list[Goal]:
    """Return the goals this check-in alone marked achieved: a milestone it recorded done
    (or an attempt that succeeded) on the day the goal became achieved, with no such
    record outside it. Two queries, however many goals it speaks of."""
    marked = {row.goal_id for row in checkin.updates if row.value == 1.0}
    marked |= {a.goal_id for a in checkin.attempts if a.outcome == "succeeded"}
    if not marked:
        return []
    elsewhere = (
        select(ProgressUpdate.goal_id)
        .where(ProgressUpdate.goal_id.in_(marked), ProgressUpdate.value >= 1,
               or_(ProgressUpdate.checkin_id.is_(None), ProgressUpdate.checkin_id != checkin.id))
        .union(select(Attempt.goal_id).where(
            Attempt.goal_id.in_(marked), Attempt.outcome == "succeeded",
            or_(Attempt.checkin_id.is_(None), Attempt.checkin_id != checkin.id)))
    )
    return list(db.session.execute(
        owned(Goal).where(Goal.id.in_(marked), Goal.kind == MILESTONE,
                          Goal.status == "achieved", Goal.status_changed_on == checkin.on,
                          Goal.id.not_in(elsewhere))
        .order_by(Goal.id)
    ).scalars())


def move_date(checkin: CheckIn, on: date, goals: list[Goal]) -> None:
    """Date the check-in `on`, with what it recorded for goals no longer on its form
    (achieved or dropped since; the form's goals are written afresh): their values, their
    attempts, and the day a goal it alone marked achieved was achieved. A habit's weeks or
    months keep their dates; only its feelings and note move."""
    if on == checkin.on:
        return
    shown = {goal.id for goal in goals}
    for goal in achieved_by(checkin):
        goal.status_changed_on = on
    closed = {row.goal_id for row in checkin.updates if row.goal_id not in shown}
    habits = set(db.session.execute(
        owned(Goal).with_only_columns(Goal.id).where(Goal.id.in_(closed), Goal.kind == HABIT)
    ).scalars()) if closed else set()
    for row in checkin.updates:
        in_a_period = row.goal_id in habits and (row.value is not None or row.skipped)
        if row.goal_id in closed and not in_a_period and row.on == checkin.on:
            row.on = on
    for attempt in checkin.attempts:
        if attempt.goal_id not in shown and attempt.attempted_on == checkin.on:
            attempt.attempted_on = on
            if attempt.note == _recorded_in(checkin.on):
                attempt.note = _recorded_in(on)
    checkin.on = on


def _habit_updates(checkin: CheckIn, form, goal: Goal, common: dict) -> None:
    plan = plan_of(goal)
    periods = habit_periods(plan)
    met = set(form._fields[GoalFields(goal.id).name("met")].data or [])
    skipped = set(form._fields[GoalFields(goal.id).name("skipped")].data or []) - met
    first_row = True
    for index in sorted(met | skipped):
        first, last = periods[index]
        # Dated inside its period: the period's last day, or the check-in date if sooner.
        on = min(last, checkin.on)
        fields = common if first_row else {**common, "enjoyment": None, "confidence": None,
                                           "blocker": "", "note": ""}
        checkin.updates.append(ProgressUpdate(
            on=on, value=None if index in skipped else period_target(plan, first),
            skipped=index in skipped, **fields))
        first_row = False
    if first_row:  # only feelings or a note this time
        checkin.updates.append(ProgressUpdate(on=checkin.on, value=None, **common))


def next_checkin_due(year: Year, today: date):
    """Return the next check-in due in `year` (see domain.schedule.next_checkin)."""
    checkins = list_checkins(year)
    return next_checkin(
        year.number,
        today,
        mid_year_done=any(c.kind == "mid_year" for c in checkins),
        monthly_dates=[c.on for c in checkins if c.kind == "monthly"],
        year_end_done=any(c.kind == "year_end" for c in checkins),
    )
