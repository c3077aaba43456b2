"""Progress: actual values, pace, projection, status, habit streaks, trends and roll-ups.

Every rule about what the numbers mean is written here, next to the code that applies it.
The time convention is the one of plans.py: a value "on" a date is the value at the end of
that day. Nothing here reads a clock: `today` is always a parameter.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import fmean

from .plans import (
    AT_MOST,
    COUNT,
    HABIT,
    LIMIT,
    MILESTONE,
    Plan,
    by_period,
    habit_periods,
    period_target,
    planned_value,
)

ACHIEVED = "achieved"
ON_TRACK = "on track"
BEHIND = "behind"
AT_RISK = "at risk"
DROPPED = "dropped"
NOT_STARTED = "not started"
# Weakest first: an area's status is the weakest status among its goals.
STATUS_ORDER = (AT_RISK, BEHIND, NOT_STARTED, ON_TRACK, ACHIEVED)

# How far behind (as a share of the target) "behind" turns into "at risk".
AT_RISK_SHORTFALL = 0.25


@dataclass(frozen=True)
class Update:
    """One progress update of one goal.

    value: count: the running total; milestone: 1 done, 0 not yet; habit: occurrences on
    that date; limit: the measured value. None when the update only records feelings.
    seq: the order the updates were recorded in (the row id), which breaks ties between
    updates of the same date, so the result never depends on the order of the input list.
    """

    on: date
    value: float | None = None
    enjoyment: int | None = None
    confidence: int | None = None
    skipped: bool = False
    seq: int = 0


@dataclass(frozen=True)
class Pace:
    """Where a goal stands on a date, against its plan."""

    actual: float
    planned: float
    ahead_by: float  # actual minus planned, in the goal's units
    buffer_days: int | None  # days until the plan overtakes the actual value; <= 0: behind
    rate_needed_per_week: float | None  # from tomorrow to the end date, to reach the target
    projection: float | None  # the value at the end date at the current rate
    share: float  # actual as a share of the target (0..1+; milestones 0 or 1)
    planned_share: float  # the share the plan expects on that date
    status: str


@dataclass(frozen=True)
class HabitPeriod:
    first: date
    last: date
    occurrences: float
    state: str  # "met", "missed", "skipped", "not yet"


@dataclass(frozen=True)
class HabitStats:
    periods: tuple[HabitPeriod, ...]
    met: int
    missed: int
    skipped: int
    current_streak: int
    longest_streak: int

    def ended(self, state: str, on: date) -> int:
        """Return how many periods that ended by `on` are in `state`."""
        return sum(1 for period in self.periods if period.state == state and period.last <= on)


def ordered(updates: list[Update]) -> list[Update]:
    """Return updates in the order they apply: by date, then by recording order."""
    return sorted(updates, key=lambda update: (update.on, update.seq))


def actual_value(plan: Plan, updates: list[Update], on: date) -> float:
    """Return what was actually reached by the end of `on`.

    count: the last running total recorded at or before `on` (the baseline before any);
    milestone: 1 once an update says done (0 otherwise);
    habit: the number of periods met among those that ended by `on`;
    limit: the last measured value at or before `on` (the threshold before any measure,
    since nothing says the limit was broken).
    """
    known = [u for u in ordered(updates) if u.on <= on and u.value is not None]
    if plan.kind == COUNT:
        return known[-1].value if known else plan.baseline
    if plan.kind == MILESTONE:
        return 1.0 if any(u.value and u.value >= 1 for u in known) else 0.0
    if plan.kind == HABIT:
        return float(habit_stats(plan, updates, on).ended("met", on))
    if plan.kind == LIMIT:
        return known[-1].value if known else plan.target
    raise ValueError(f"unknown goal kind {plan.kind!r}")


def habit_stats(plan: Plan, updates: list[Update], today: date) -> HabitStats:
    """Return each period's state and the streaks of a habit, as of the end of `today`.

    A period is met when its occurrences reach the times per period of the plan in force
    when it began (see plans.period_target); skipped when
    the user marked it skipped and it was not met; missed when it ended unmet and unskipped;
    "not yet" while it is still running (or in the future) and not met. Skips beyond the
    goal's allowed skips count as missed. A streak is a run of met periods; a skipped period
    within the allowance neither breaks nor extends it; the current streak counts back from
    the latest period that ended (a running period adds to it once it is met).
    """
    relevant = [u for u in updates if u.on <= today]
    states: list[HabitPeriod] = []
    skips_used = 0
    for (first, last), inside in zip(habit_periods(plan), by_period(plan, relevant),
                                     strict=True):
        occurrences = sum(u.value for u in inside if u.value is not None and not u.skipped)
        if occurrences >= period_target(plan, first):
            state = "met"
        elif any(u.skipped for u in inside) and skips_used < plan.allowed_skips:
            state = "skipped"
            skips_used += 1
        elif last < today:  # the period ending today can still be met today
            state = "missed"
        else:
            state = "not yet"
        states.append(HabitPeriod(first, last, occurrences, state))

    longest = run = 0
    for period in states:
        if period.state == "met":
            run += 1
            longest = max(longest, run)
        elif period.state == "missed":
            run = 0
    current = 0
    for period in reversed(states):
        if period.state == "not yet":
            continue
        if period.state == "missed":
            break
        if period.state == "met":
            current += 1
    return HabitStats(
        periods=tuple(states),
        met=sum(1 for p in states if p.state == "met"),
        missed=sum(1 for p in states if p.state == "missed"),
        skipped=sum(1 for p in states if p.state == "skipped"),
        current_streak=current,
        longest_streak=longest,
    )


def _shares(plan: Plan, actual: float, planned: float, skipped: int = 0) -> tuple[float, float]:
    # The one scale every kind is judged on: how much of the target is done, against how
    # much the plan expects by now.
    if plan.kind == COUNT:
        span = plan.target - plan.baseline
        return (actual - plan.baseline) / span, (planned - plan.baseline) / span
    if plan.kind == MILESTONE:
        return actual, planned
    if plan.kind == HABIT:
        # Periods skipped within the allowance are not expected to be met: taking a
        # planned week off never makes a habit fall behind.
        total = len(habit_periods(plan)) - plan.allowed_skips
        return actual / total, max(planned - skipped, 0) / total
    # limit: fully "done" while the measure keeps to the threshold; otherwise the share
    # is how close it is (at least: value / threshold; at most: threshold / value).
    if plan.direction == AT_MOST:
        share = 1.0 if actual <= plan.target else plan.target / actual
    else:
        share = 1.0 if actual >= plan.target else (actual / plan.target if plan.target else 0.0)
    return max(share, 0.0), 1.0


def status_then(status: str, changed_on: date | None, on: date, end: date) -> str:
    """Return the status the user had recorded by the end of `on`, from the one recorded now
    and the day it was set: a goal dropped or achieved later was still active then. Only
    the latest change is kept, so an earlier one is not known. From the goal's end date on,
    its final status stands, even when it was set after the end."""
    if status == "active" or changed_on is None or changed_on <= on or on >= end:
        return status
    return "active"


def decide_status(
    plan: Plan, share: float, planned_share: float, today: date, recorded_status: str = "active"
) -> str:
    """Return the goal's status. One rule for every kind:

    1. dropped or achieved, when the user says so;
    2. achieved when the share of the target reached is 1 (a count at its target, a
       milestone done, a habit with every required period met), except for limits, which
       are only achieved when the goal has ended within the threshold;
    3. not started, before the start date (and, for a limit, until a first measure);
    4. on track while the share reached is at least the share the plan expects today;
    5. at risk when the end date has passed, when a milestone's planned date has passed, or
       when the shortfall is more than a quarter of the target;
    6. behind otherwise.
    """
    if recorded_status == "dropped":
        return DROPPED
    if recorded_status == "achieved":
        return ACHIEVED
    if share >= 1 and (plan.kind != LIMIT or today >= plan.end):
        return ACHIEVED
    if today < plan.start:
        return NOT_STARTED
    if share >= planned_share:
        return ON_TRACK
    if today > plan.end:
        return AT_RISK
    if plan.kind == MILESTONE:
        return AT_RISK  # not done, and the plan says it should be by now
    if planned_share - share > AT_RISK_SHORTFALL:
        return AT_RISK
    return BEHIND


def buffer_days(plan: Plan, actual: float, today: date) -> int | None:
    """Return the days from `today` until the plan first expects more than `actual`.

    Positive: you could stop for that many days minus one and still be on plan (exactly
    on plan gives 1). Zero or negative: the plan passed your value that many days ago.
    None when the plan never expects more (the target is reached) or for kinds without a
    growing plan (limits).
    """
    if plan.kind == LIMIT:
        return None
    # A valid plan only grows, so the first day it expects more is found by bisection
    # over the days from the eve of the start to the end.
    first = plan.start - timedelta(days=1)
    days = range((plan.end - first).days + 1)
    offset = bisect_right(days, actual,
                          key=lambda day: planned_value(plan, first + timedelta(days=day)))
    if offset == len(days):
        return None
    return (first + timedelta(days=offset) - today).days


def project(plan: Plan, actual: float, today: date) -> float | None:
    """Return the value at the end date if progress continues at its average rate so far.

    count: baseline + (actual - baseline) per elapsed day, over the whole goal; habit:
    periods met per ended period, over all periods. None before the start, and for
    milestones and limits (they have no rate).
    """
    if today < plan.start:
        return None
    if plan.kind == COUNT:
        elapsed = min((today - plan.start).days + 1, (plan.end - plan.start).days + 1)
        total = (plan.end - plan.start).days + 1
        return plan.baseline + (actual - plan.baseline) * total / elapsed
    if plan.kind == HABIT:
        periods = habit_periods(plan)
        ended = sum(1 for _first, last in periods if last <= today)
        return actual * len(periods) / ended if ended else None
    return None


def rate_needed_per_week(plan: Plan, actual: float, today: date) -> float | None:
    """Return the units per week needed from tomorrow to reach the target by the end date.

    Counts only; 0 when the target is reached; None when no day is left.
    """
    if plan.kind != COUNT:
        return None
    remaining = plan.target - actual
    if remaining <= 0:
        return 0.0
    days_left = (plan.end - max(today, plan.start - timedelta(days=1))).days
    if days_left <= 0:
        return None
    return remaining / days_left * 7


def pace(plan: Plan, updates: list[Update], today: date, recorded_status: str = "active") -> Pace:
    """Return where the goal stands at the end of `today`."""
    # A habit's periods, worked out once: what is met, and what is skipped.
    stats = habit_stats(plan, updates, today) if plan.kind == HABIT else None
    actual = float(stats.ended("met", today)) if stats else actual_value(plan, updates, today)
    if plan.kind == MILESTONE and recorded_status == "achieved":
        actual = 1.0  # achieved by an attempt or by saying so: done, as "done" in a check-in
    planned = planned_value(plan, today)
    # Skips of the periods the plan counts by now (those that ended): a skip of the running
    # period must not excuse a period already missed.
    skipped = stats.ended("skipped", today) if stats else 0
    share, planned_share = _shares(plan, actual, planned, skipped)
    status = decide_status(plan, share, planned_share, today, recorded_status)
    if plan.kind == LIMIT and not _measured(updates, today):
        # Nothing measured yet says nothing either way: no share, no verdict.
        share = 0.0
        if recorded_status not in ("dropped", "achieved"):
            status = NOT_STARTED
    return Pace(
        actual=actual,
        planned=planned,
        ahead_by=actual - planned,
        buffer_days=buffer_days(plan, actual, today),
        rate_needed_per_week=rate_needed_per_week(plan, actual, today),
        projection=project(plan, actual, today),
        share=share,
        planned_share=planned_share,
        status=status,
    )


def _measured(updates: list[Update], today: date) -> bool:
    return any(u.value is not None and u.on <= today for u in updates)


def falls_in_a_row(values: list[int]) -> int:
    """Return how many times in a row the last values fell (4, 3, 2 -> 2; 4, 4, 3 -> 1)."""
    count = 0
    for earlier, later in zip(reversed(values[:-1]), reversed(values[1:]), strict=True):
        if later < earlier:
            count += 1
        else:
            break
    return count


def flags(pace_now: Pace, updates: list[Update]) -> list[str]:
    """Return the warnings worth showing for a goal.

    - "enjoyment falling": on plan (or ahead) while enjoyment fell at two updates in a row,
      the pattern of writing out of anxiety;
    - "confidence falling": confidence fell at two updates in a row, whatever the pace.
    """
    ordered_updates = ordered(updates)
    enjoyment = [u.enjoyment for u in ordered_updates if u.enjoyment is not None]
    confidence = [u.confidence for u in ordered_updates if u.confidence is not None]
    result = []
    if pace_now.status in (ON_TRACK, ACHIEVED) and falls_in_a_row(enjoyment) >= 2:
        result.append("enjoyment falling")
    if falls_in_a_row(confidence) >= 2:
        result.append("confidence falling")
    return result


def trend(updates: list[Update], attribute: str) -> list[tuple[date, int]]:
    """Return (date, value) of `attribute` ("enjoyment" or "confidence") over time."""
    return [
        (u.on, getattr(u, attribute))
        for u in ordered(updates)
        if getattr(u, attribute) is not None
    ]


@dataclass(frozen=True)
class AreaRollup:
    progress: float | None  # mean share of target of the area's goals, each capped at 1
    status: str | None  # the weakest status among them
    mean_enjoyment: float | None


def roll_up(paces: list[Pace], enjoyments: list[int]) -> AreaRollup:
    """Return an area's progress and status from its goals' paces (dropped goals excluded)."""
    counted = [p for p in paces if p.status != DROPPED]
    if not counted:
        return AreaRollup(None, None, fmean(enjoyments) if enjoyments else None)
    progress = fmean(min(max(p.share, 0.0), 1.0) for p in counted)
    weakest = min(counted, key=lambda p: STATUS_ORDER.index(p.status)).status
    return AreaRollup(progress, weakest, fmean(enjoyments) if enjoyments else None)
