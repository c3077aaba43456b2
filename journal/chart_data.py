"""From rows to chart data: the domain values each chart is drawn from (and hashed by)."""

from __future__ import annotations

from datetime import date

from .domain.summary import BoardRow, GoalSeries, goal_series
from .models import Goal, ProgressUpdate
from .progress import GoalProgress, plan_of, planned_then, to_domain


def goal_chart_data(goal: Goal, rows: list[ProgressUpdate], progress: GoalProgress,
                    today: date) -> GoalSeries:
    """The goal chart's series: every plan version, the updates, the pace as of today."""
    plans = [
        (f"Plan of {revision.revised_on.day} {revision.revised_on:%b}" if index else
         "Original plan", plan_of(goal, revision))
        for index, revision in enumerate(goal.plan_revisions)
    ]
    return goal_series(
        goal.title,
        goal.unit,
        plans,
        [to_domain(row) for row in rows],
        min(today, goal.year_end),
        progress.pace,
        [(attempt.attempted_on, attempt.outcome) for attempt in goal.attempts],
    )


def board_rows(items: list[GoalProgress]) -> tuple[BoardRow, ...]:
    """The year board's rows, in the order of the year page (by area)."""
    ordered = sorted(items, key=lambda i: (i.goal.area.position, i.goal.area_id, i.goal.id))
    return tuple(
        BoardRow(
            area=item.goal.area.name,
            color=item.goal.area.color,
            title=item.goal.title,
            share=max(item.pace.share, 0.0),
            expected=min(max(item.pace.planned_share, 0.0), 1.0),
            status=item.pace.status,
        )
        for item in ordered
    )


def history_rows(goal: Goal, rows: list[ProgressUpdate]) -> list[tuple[ProgressUpdate, float]]:
    """Each update with the value expected on its date by the plan in force that day (a
    later revision does not rewrite what was expected before it), newest first."""
    planned = planned_then(goal)
    return [(row, planned(row.on)) for row in reversed(rows)]
