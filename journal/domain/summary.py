"""What the charts and the summary show: plan and actual series, year summaries, overlays.

Pure values only; journal/charts.py draws them and the pages print the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from statistics import fmean

from .plans import COUNT, HABIT, MILESTONE, Plan, habit_periods, planned_value
from .progress import ACHIEVED, DROPPED, Pace, Update, actual_value, habit_stats, ordered

Point = tuple[date, float]


@dataclass(frozen=True)
class PlanLine:
    label: str  # "Plan of 3 Jan" ...
    points: tuple[Point, ...]
    original: bool


@dataclass(frozen=True)
class GoalSeries:
    """Everything the goal chart draws, and its text alternative lists."""

    title: str
    kind: str
    unit: str
    start: date
    end: date
    today: date
    target: float
    plans: tuple[PlanLine, ...]
    actual: tuple[Point, ...]  # one point per update, as steps
    projection: tuple[Point, ...]  # from today to the end date; empty when none
    band: tuple[tuple[date, float, float], ...]  # (day, actual, planned): the buffer, as steps
    enjoyment: tuple[tuple[date, int], ...]
    periods: tuple[tuple[date, date, str], ...]  # habits: first, last, state
    due: date | None  # milestones: the planned date
    attempts: tuple[tuple[date, str], ...]  # milestones: date, outcome
    status: str


def plan_points(plan: Plan) -> tuple[Point, ...]:
    """Return the corners of a plan's curve: where it starts, its checkpoints, its end."""
    if plan.kind == COUNT:
        corners = [plan.start - timedelta(days=1), *(c.on for c in plan.checkpoints), plan.end]
        return tuple((day, planned_value(plan, day)) for day in corners)
    if plan.kind == HABIT:
        # Completed periods expected: one step up at the end of every period.
        points: list[Point] = [(plan.start - timedelta(days=1), 0.0)]
        for index, (_first, last) in enumerate(habit_periods(plan), start=1):
            points.append((last, float(index)))
        return tuple(points)
    if plan.kind == MILESTONE:
        due = plan.due or plan.end
        return ((plan.start, 0.0), (due - timedelta(days=1), 0.0), (due, 1.0), (plan.end, 1.0))
    return ((plan.start, plan.target), (plan.end, plan.target))


def goal_series(
    title: str,
    unit: str,
    plans: list[tuple[str, Plan]],
    updates: list[Update],
    today: date,
    pace_now: Pace,
    attempts: list[tuple[date, str]],
) -> GoalSeries:
    """Return the series of one goal's chart: each plan version (the first is the
    original), the actual values at each update, and the projection from today."""
    plan = plans[-1][1]
    as_of = min(today, plan.end)
    dates = sorted({u.on for u in updates if u.on <= as_of and u.value is not None})
    actual = tuple((day, actual_value(plan, updates, day)) for day in dates)
    projection: tuple[Point, ...] = ()
    if pace_now.projection is not None and plan.start <= as_of < plan.end:
        projection = ((as_of, pace_now.actual), (plan.end, pace_now.projection))
    stats = habit_stats(plan, updates, as_of) if plan.kind == HABIT else None
    band: tuple[tuple[date, float, float], ...] = ()
    if actual and plan.kind == COUNT:
        # Between the actual steps and the plan: above the plan is buffer, below is debt.
        days = [plan.start + timedelta(days=n) for n in range((as_of - plan.start).days + 1)]
        band = tuple(
            (day, actual_value(plan, updates, day), planned_value(plan, day)) for day in days
        )
    return GoalSeries(
        title=title,
        kind=plan.kind,
        unit=unit,
        start=plan.start,
        end=plan.end,
        today=today,
        target=plan.target,
        plans=tuple(
            PlanLine(label, plan_points(version), index == 0)
            for index, (label, version) in enumerate(plans)
        ),
        actual=actual,
        projection=projection,
        band=band,
        enjoyment=tuple(
            (u.on, u.enjoyment) for u in ordered(updates) if u.enjoyment is not None
        ),
        periods=tuple((p.first, p.last, p.state) for p in stats.periods) if stats else (),
        due=(plan.due or plan.end) if plan.kind == MILESTONE else None,
        attempts=tuple(attempts),
        status=pace_now.status,
    )


@dataclass(frozen=True)
class BoardRow:
    area: str
    color: str
    title: str
    share: float  # reached, 0..(more than 1)
    expected: float  # the share the plan expects today
    status: str


@dataclass(frozen=True)
class YearSummary:
    """One year, side by side with the others on the summary page."""

    year: int
    goals_set: int
    achieved: int
    dropped: int
    share_reached: float | None  # mean share of target of the goals not dropped, capped at 1
    checkins: int
    mean_enjoyment: float | None
    longest_streak: int
    word: str  # the year's word or theme, else its one-line summary


def summarize_year(
    year: int,
    paces: list[Pace],
    enjoyments: list[int],
    checkins: int,
    longest_streaks: list[int],
    word: str,
) -> YearSummary:
    """Return a year's summary from its goals' paces (as of the year's end or today).

    goals set counts every goal, dropped ones included (they were set); the share of
    target reached is the mean over the goals not dropped, each capped at 100%.
    """
    counted = [p for p in paces if p.status != DROPPED]
    return YearSummary(
        year=year,
        goals_set=len(paces),
        achieved=sum(1 for p in paces if p.status == ACHIEVED),
        dropped=sum(1 for p in paces if p.status == DROPPED),
        share_reached=fmean(min(max(p.share, 0.0), 1.0) for p in counted) if counted else None,
        checkins=checkins,
        mean_enjoyment=fmean(enjoyments) if enjoyments else None,
        longest_streak=max(longest_streaks, default=0),
        word=word,
    )


def cumulative_share(
    plans_and_updates: list[tuple[Plan, list[Update]]],
    year: int,
    step_days: int = 7,
    until: date | None = None,
) -> tuple[tuple[int, float], ...]:
    """Return (day of year, share of target) of an area's count goals through a year.

    The share is the sum of what was reached over the sum of what was to be reached, so
    a 40-post goal weighs more than a 4-talk one. Sampled every `step_days`, and on the
    last day: the year's last, or `until` for a year under way, whose rest is unknown.
    Empty when the area had no count goals that year, or the year has not begun.
    """
    counts = [(plan, ups) for plan, ups in plans_and_updates if plan.kind == COUNT]
    first, last = date(year, 1, 1), date(year, 12, 31)
    if until is not None:
        last = min(last, until)
    if not counts or last < first:
        return ()
    total = sum(plan.target - plan.baseline for plan, _ in counts)
    days = list(range(0, (last - first).days + 1, step_days))
    if days[-1] != (last - first).days:
        days.append((last - first).days)
    points = []
    for offset in days:
        day = first + timedelta(days=offset)
        reached = sum(actual_value(plan, ups, day) - plan.baseline for plan, ups in counts)
        points.append((offset + 1, reached / total))
    return tuple(points)


def compare_years(previous: YearSummary, current: YearSummary, so_far: bool = False) -> str:
    """Answer "am I doing better than last year, and do I enjoy it more?" in one sentence.

    so_far: the current year is under way and `previous` is the year before as it stood
    on the same day, so the sentence says "by this time last year".
    """
    parts = []
    when = f"by this time in {previous.year}" if so_far else f"in {previous.year}"
    if previous.share_reached is not None and current.share_reached is not None:
        change = current.share_reached - previous.share_reached
        if abs(change) < 0.05:
            parts.append(f"you reached about as much of your targets as {when}")
        else:
            more = "more" if change > 0 else "less"
            parts.append(f"you reached {abs(change):.0%} {more} of your targets than {when}")
    if previous.mean_enjoyment is not None and current.mean_enjoyment is not None:
        change = current.mean_enjoyment - previous.mean_enjoyment
        if abs(change) < 0.25:
            parts.append("you are enjoying it about as much")
        else:
            parts.append(f"you are enjoying it {'more' if change > 0 else 'less'} "
                         f"({previous.mean_enjoyment:.1f} → {current.mean_enjoyment:.1f})")
    if not parts:
        return f"Not enough recorded yet to compare {current.year} with {previous.year}."
    opening = f"So far in {current.year}" if so_far else f"In {current.year}"
    return f"{opening} " + ", and ".join(parts) + "."
