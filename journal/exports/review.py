"""The year-in-review post: a first draft in Markdown, alone or zipped with its charts.

Private areas and private goals never reach the post, its table or its charts.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import date

from flask import render_template

from .. import charts
from ..chart_data import board_rows, goal_chart_data
from ..domain.review import anchor, outcome, plain_text, plan_text, revised, verdict
from ..goals.queries import list_goals
from ..models import Area, Goal, Reflection, Year
from ..progress import GoalProgress, by_area, year_progress
from ..years.queries import find_year, reflections_of
from ..years.reflections import NEW_YEAR, YEAR_END


@dataclass
class ReviewGoal:
    progress: GoalProgress
    outcome: str
    verdict: str
    plan: str
    revision: str  # how the plan changed during the year; empty when it did not
    chart: str  # the chart's file name in the zip, e.g. "charts/goal-1-publish-40-posts.svg"

    @property
    def goal(self) -> Goal:
        return self.progress.goal


@dataclass
class Review:
    year: Year
    as_of: date
    year_over: bool
    new_year: Reflection | None
    year_end: Reflection | None
    areas: list[tuple[Area, list[ReviewGoal]]]
    next_number: int
    next_year: Reflection | None  # next year's new-year reflection
    next_goals: list[Goal]  # next year's public goals

    @property
    def board_chart(self) -> str:
        return f"charts/year-{self.year.number}.svg"

    @property
    def filename(self) -> str:
        return f"{self.year.number}-in-review"


def is_public(goal: Goal) -> bool:
    return not goal.private and not goal.area.private


def build_review(year: Year, today: date) -> Review:
    """Gather what the post says about `year`, as of its end (or today, if not over)."""
    year_end = date(year.number, 12, 31)
    as_of = min(today, year_end)
    public = [goal for goal in list_goals(year) if is_public(goal)]
    areas = []
    counter = 0
    for area, items, _rollup in by_area(year_progress(public, as_of)):
        goals = []
        for item in items:
            counter += 1
            goal = item.goal
            goals.append(ReviewGoal(
                progress=item,
                outcome=outcome(goal.kind, item.pace, goal.plan.target, goal.unit, as_of,
                                as_of == year_end, item.habit, goal.cadence,
                                goal.direction),
                verdict=verdict(item.pace.status, goal.status_reason),
                plan=_plan_text(goal, goal.plan),
                revision=_revision_text(goal),
                chart=f"charts/goal-{counter}-{anchor(goal.title)[:40].strip('-')}.svg",
            ))
        areas.append((area, goals))
    reflections = reflections_of(year)
    following = find_year(year.number + 1)
    return Review(
        year=year,
        as_of=as_of,
        year_over=as_of == year_end,
        new_year=reflections[NEW_YEAR],
        year_end=reflections[YEAR_END],
        areas=areas,
        next_number=year.number + 1,
        next_year=reflections_of(following)[NEW_YEAR] if following else None,
        next_goals=[g for g in list_goals(following) if is_public(g)] if following else [],
    )


def _plan_text(goal: Goal, revision) -> str:
    return plan_text(goal.kind, revision.target, goal.unit, revision.due_date or goal.end_date,
                     goal.cadence, goal.direction)


def _revision_text(goal: Goal) -> str:
    """The original plan against the one in force, for a goal whose plan was revised."""
    first, last = goal.plan_revisions[0], goal.plan
    if first is last:
        return ""
    return revised(_plan_text(goal, first), _plan_text(goal, last), last.revised_on, last.reason)


def review_markdown(review: Review) -> str:
    """Return the post as Markdown, charts linked as images beside it (charts/...)."""
    return render_template("exports/review.md", review=review, anchor=anchor,
                           text=plain_text)


def review_zip(review: Review, today: date) -> bytes:
    """Return a zip of the post and, in charts/, the SVG of every chart it links."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        folder = review.filename
        archive.writestr(f"{folder}/{folder}.md", review_markdown(review))
        items = [goal.progress for _area, goals in review.areas for goal in goals]
        board = (str(review.year.number), board_rows(items))
        archive.writestr(f"{folder}/{review.board_chart}",
                         charts.render("board", board, charts.LIGHT))
        for _area, goals in review.areas:
            for item in goals:
                series = goal_chart_data(item.goal, item.progress.updates, item.progress, today)
                archive.writestr(f"{folder}/{item.chart}",
                                 charts.render("goal", series, charts.LIGHT))
    return buffer.getvalue()
