"""Goal plans: what a plan says a goal's value should be on any date, and goal validation.

Time convention, used everywhere in the domain: a value "on" a date is the value at the
end of that day. A plan starts from its baseline at the very beginning of the start date
and reaches its target at the end of the end date, so a whole-year count goal is exactly
on target on December 31 and leap years simply have one day more.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from itertools import pairwise
from typing import TypeVar

COUNT = "count"
MILESTONE = "milestone"
HABIT = "habit"
LIMIT = "limit"
KINDS = (COUNT, MILESTONE, HABIT, LIMIT)

WEEK = "week"
MONTH = "month"
CADENCES = (WEEK, MONTH)

AT_LEAST = "at_least"
AT_MOST = "at_most"
DIRECTIONS = (AT_LEAST, AT_MOST)

MAX_CHECKPOINTS = 60

T = TypeVar("T")


@dataclass(frozen=True)
class Checkpoint:
    """A dated planned value of a count goal: "by the end of `on`, `value` units"."""

    on: date
    value: float


@dataclass(frozen=True)
class Plan:
    """Everything needed to evaluate a goal's plan on a date."""

    kind: str
    start: date
    end: date
    target: float
    baseline: float = 0.0
    checkpoints: tuple[Checkpoint, ...] = ()
    cadence: str | None = None
    due: date | None = None
    direction: str | None = None
    allowed_skips: int = 0
    # A habit's times per period under each version of its plan up to this one:
    # (the day the version was made, its target). Empty: `target` throughout.
    targets: tuple[tuple[date, float], ...] = ()


@dataclass
class GoalProblems:
    """Messages for the fields of a goal definition that are not acceptable."""

    by_field: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.by_field.setdefault(name, message)

    def __bool__(self) -> bool:
        return bool(self.by_field)


def planned_value(plan: Plan, on: date) -> float:
    """Return the value the plan expects at the end of `on`.

    count: the plan curve, linear from the baseline to the target, or piecewise linear
    through the user's checkpoints; the baseline before the start, the target after the end.
    habit: the number of periods completed by `on` (each one is meant to be met).
    milestone: 0 before the planned date, 1 from it on.
    limit: the threshold, on every date.
    """
    if plan.kind == COUNT:
        return _count_plan_value(plan, on)
    if plan.kind == HABIT:
        # Periods are in date order: count the ends at or before `on` by bisection.
        return float(bisect_right(_period_ends(plan), on))
    if plan.kind == MILESTONE:
        return 1.0 if on >= (plan.due or plan.end) else 0.0
    if plan.kind == LIMIT:
        return plan.target
    raise ValueError(f"unknown goal kind {plan.kind!r}")


def _day_mark(plan: Plan, on: date) -> int:
    # Days of the plan elapsed at the end of `on`: 0 at the start, `span` at the end.
    return (on - plan.start).days + 1


def _count_plan_value(plan: Plan, on: date) -> float:
    if on < plan.start:
        return plan.baseline
    if on >= plan.end:
        return plan.target
    points = [(0, plan.baseline)]
    points += [(_day_mark(plan, c.on), c.value) for c in plan.checkpoints]
    points.append((_day_mark(plan, plan.end), plan.target))
    mark = _day_mark(plan, on)
    for (mark0, value0), (mark1, value1) in pairwise(points):
        if mark == mark1:
            return value1  # exact on a checkpoint: interpolation could round past it
        if mark0 <= mark < mark1:
            return value0 + (value1 - value0) * (mark - mark0) / (mark1 - mark0)
    return plan.target  # unreachable for a validated plan


def in_force(versions: Sequence[tuple[date, T]], day: date) -> T:
    """Return the version in force at the end of `day`, of (date made, version) pairs in
    the order they were made: the latest made on or before `day`, and the first before
    any other (in force from the start, whatever day it was written down). A revision
    does not rewrite what was planned before its date."""
    current = versions[0][1]
    for made_on, version in versions[1:]:
        if made_on <= day:
            current = version
    return current


def period_target(plan: Plan, first: date) -> float:
    """Return the times a habit's period beginning on `first` asks for: the target of the
    plan version in force that day."""
    return in_force(plan.targets, first) if plan.targets else plan.target


@lru_cache(maxsize=1024)
def habit_periods(plan: Plan) -> tuple[tuple[date, date], ...]:
    """Return the (first day, last day) of each period of a habit plan.

    Weeks are consecutive 7-day blocks counted from the start date; months are calendar
    months. The first and last period may be partial, cut by the start and end dates.
    Plans are frozen values, so the answer is remembered: pages ask it once per day of
    the year when they look for the day the plan overtakes the actual value.
    """
    periods: list[tuple[date, date]] = []
    day = plan.start
    while day <= plan.end:
        if plan.cadence == WEEK:
            last = day + timedelta(days=6)
        elif plan.cadence == MONTH:
            last = day.replace(day=calendar.monthrange(day.year, day.month)[1])
        else:
            raise ValueError(f"unknown cadence {plan.cadence!r}")
        last = min(last, plan.end)
        periods.append((day, last))
        day = last + timedelta(days=1)
    return tuple(periods)


@lru_cache(maxsize=1024)
def _period_ends(plan: Plan) -> tuple[date, ...]:
    return tuple(last for _first, last in habit_periods(plan))


def by_period(plan: Plan, items) -> list[list]:
    """Return one list per habit period of `plan`: the `items` (anything with an `on`
    date) that fall inside it, in their given order. Items outside the plan are left out.

    One pass with a binary search per item, so a page can afford it for years of weekly
    updates (a filter per period would read every item once per period).
    """
    ends = _period_ends(plan)
    groups: list[list] = [[] for _ in ends]
    for item in items:
        index = bisect_left(ends, item.on)
        if plan.start <= item.on and index < len(ends):
            groups[index].append(item)
    return groups


# The date and the value must be separated (":", "=", "," or spaces), so that a typo
# like "2025-03-315" is refused instead of being read as March 31st, value 5.
CHECKPOINT_LINE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})(?:\s*[:=,]\s*|\s+)(\S+)\s*$")


def parse_checkpoints(text: str) -> tuple[list[Checkpoint], list[str]]:
    """Parse one "YYYY-MM-DD: value" per line; return the checkpoints and error messages.

    Blank lines are skipped. Every message names its line, so a typo is easy to find.
    """
    checkpoints: list[Checkpoint] = []
    errors: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = CHECKPOINT_LINE.match(line)
        if not match:
            errors.append(f'Line {number}: write a date and a value, like "2025-03-31: 5".')
            continue
        try:
            on = date.fromisoformat(match.group(1))
        except ValueError:
            errors.append(f"Line {number}: {match.group(1)} is not a real date.")
            continue
        try:
            value = float(match.group(2))
        except ValueError:
            errors.append(f"Line {number}: {match.group(2)!r} is not a number.")
            continue
        if value != value or value in (float("inf"), float("-inf")):
            errors.append(f"Line {number}: {match.group(2)!r} is not a number.")
            continue
        checkpoints.append(Checkpoint(on, value))
    if len(checkpoints) > MAX_CHECKPOINTS:
        errors.append(f"Use at most {MAX_CHECKPOINTS} checkpoints.")
    return checkpoints, errors


def format_checkpoints(checkpoints: tuple[Checkpoint, ...] | list[Checkpoint]) -> str:
    """Return checkpoints in the text form parse_checkpoints() reads."""
    return "\n".join(f"{c.on.isoformat()}: {format_number(c.value)}" for c in checkpoints)


def format_number(value: float) -> str:
    """Return `value` without a trailing ".0" (12.0 -> "12", 2.5 -> "2.5")."""
    return f"{value:.15g}"  # 15 significant digits: every whole number the forms accept


def validate_plan(plan: Plan) -> GoalProblems:
    """Return what is wrong with a goal's plan, by form field; empty when it is valid.

    Fields: start_date, end_date, target, baseline, checkpoints, cadence, allowed_skips,
    due_date, direction.
    """
    problems = GoalProblems()
    if plan.kind not in KINDS:
        problems.add("kind", "Choose what kind of goal this is.")
        return problems
    if plan.end < plan.start:
        problems.add("end_date", "The end date must not be before the start date.")
        return problems
    if plan.kind == COUNT:
        _validate_count(plan, problems)
    elif plan.kind == HABIT:
        _validate_habit(plan, problems)
    elif plan.kind == MILESTONE:
        due = plan.due or plan.end
        if not plan.start <= due <= plan.end:
            problems.add("due_date", "The planned date must fall between the start and end dates.")
    elif plan.kind == LIMIT:
        if plan.direction not in DIRECTIONS:
            problems.add("direction", 'Choose "at least" or "at most".')
        if plan.target < 0:
            problems.add("target", "The limit cannot be negative.")
    return problems


def _validate_count(plan: Plan, problems: GoalProblems) -> None:
    if plan.target <= 0:
        problems.add("target", "The target must be more than zero.")
        return
    if plan.baseline < 0:
        problems.add("baseline", "The starting value cannot be negative.")
    elif plan.baseline >= plan.target:
        problems.add("baseline", "The starting value must be below the target.")
    previous: Checkpoint | None = None
    for checkpoint in plan.checkpoints:
        when = checkpoint.on.isoformat()
        if not plan.start <= checkpoint.on < plan.end:
            problems.add(
                "checkpoints",
                f"The checkpoint on {when} is outside the goal's dates "
                f"(from the start date up to the day before the end date).",
            )
            return
        if previous is not None and checkpoint.on <= previous.on:
            problems.add(
                "checkpoints",
                f"Checkpoints must be in date order: {when} comes after "
                f"{previous.on.isoformat()}.",
            )
            return
        low = previous.value if previous else plan.baseline
        if not low <= checkpoint.value <= plan.target:
            problems.add(
                "checkpoints",
                f"The checkpoint on {when} plans {format_number(checkpoint.value)}: a plan "
                f"only grows, from {format_number(low)} up to the target "
                f"{format_number(plan.target)}.",
            )
            return
        previous = checkpoint


def _validate_habit(plan: Plan, problems: GoalProblems) -> None:
    if plan.cadence not in CADENCES:
        problems.add("cadence", "Choose per week or per month.")
        return
    if plan.target <= 0 or plan.target != int(plan.target):
        problems.add("target", "Give a whole number of times, at least 1.")
    if plan.allowed_skips < 0:
        problems.add("allowed_skips", "Allowed skips cannot be negative.")
    elif plan.allowed_skips >= len(habit_periods(plan)):
        problems.add("allowed_skips", "Allow fewer skips than there are periods in the goal.")
