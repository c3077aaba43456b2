"""Everything the summary shows, in a fixed number of queries whatever the years."""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlalchemy.orm import selectinload

from ..caching import remembered
from ..domain.plans import COUNT
from ..domain.progress import DROPPED
from ..domain.summary import YearSummary, cumulative_share, summarize_year
from ..extensions import db
from ..models import Area, CheckIn, Goal, Reflection, Year
from ..ownership import owned
from ..progress import (
    MATH_COLUMNS,
    goal_progress,
    plan_of,
    status_on,
    to_domain,
    updates_by_goal,
)


@dataclass
class Journal:
    """All of a user's years, goals and updates, loaded once."""

    years: list[Year]
    goals_by_year: dict[int, list[Goal]]
    updates: dict[int, list]
    checkins: dict[int, int]
    words: dict[int, str]


def load_journal() -> Journal:
    years = list(db.session.execute(owned(Year).order_by(Year.number)).scalars())
    goals = list(
        db.session.execute(
            owned(Goal).options(selectinload(Goal.area), selectinload(Goal.plan_revisions))
        ).scalars()
    )
    by_year: dict[int, list[Goal]] = defaultdict(list)
    for goal in goals:
        by_year[goal.year_id].append(goal)
    counts = db.session.execute(
        owned(CheckIn).with_only_columns(CheckIn.year_id, func.count()).group_by(CheckIn.year_id)
    ).all()
    # A year's word: the one chosen in January, else the one that fit in December, else
    # the year-end one-liner. (The new-year one-liner is about the year before.)
    choices: dict[int, dict[str, Reflection]] = defaultdict(dict)
    for reflection in db.session.execute(owned(Reflection)).scalars():
        choices[reflection.year_id][reflection.kind] = reflection
    words = {}
    for year_id, kinds in choices.items():
        new_year, year_end = kinds.get("new_year"), kinds.get("year_end")
        words[year_id] = ((new_year.theme if new_year else "")
                          or (year_end.theme if year_end else "")
                          or (year_end.tldr if year_end else ""))
    updates = updates_by_goal([g.id for g in goals], columns=MATH_COLUMNS)
    return Journal(years, by_year, updates, dict(counts), words)


def year_summaries(journal: Journal, today: date) -> tuple[YearSummary, ...]:
    """Return each year's summary, as of its end (or today, for the year under way)."""
    return tuple(summary_as_of(journal, year, min(today, date(year.number, 12, 31)))
                 for year in journal.years)


def current_summaries(today: date, journal: Journal | None = None) -> tuple[YearSummary, ...]:
    """Return the current user's year summaries as of `today`, remembered per worker while
    their journal is unchanged: the summary page and every drawing of its chart need the
    same ones. `journal`, when the caller has loaded it already; else loaded if needed."""
    return remembered(("year summaries", today),
                      lambda: year_summaries(journal or load_journal(), today))


def summary_as_of(journal: Journal, year: Year, as_of: date, *,
                  plan_then: bool = False) -> YearSummary:
    """Return one year's summary as it stood at the end of `as_of` (`plan_then`: see
    progress.goal_progress)."""
    items = [goal_progress(goal, journal.updates.get(goal.id, []), as_of, plan_then=plan_then)
             for goal in journal.goals_by_year.get(year.id, [])]
    return summarize_year(
        year.number,
        [item.pace for item in items],
        [value for item in items for _on, value in item.enjoyment],
        journal.checkins.get(year.id, 0),
        [item.habit.longest_streak for item in items if item.habit],
        journal.words.get(year.id, ""),
    )


def same_day_of(journal: Journal, number: int, today: date) -> YearSummary:
    """Return the user's year `number` (one before today's) as it stood on this day of
    that year, against the plans then in force, so that a year under way is compared with
    the same part of an earlier one."""
    year = next(year for year in journal.years if year.number == number)
    day = min(today.day, calendar.monthrange(number, today.month)[1])  # 29 Feb: the 28th
    return summary_as_of(journal, year, date(number, today.month, day), plan_then=True)


def areas_with_count_goals(journal: Journal) -> list[Area]:
    """Return the areas that had count goals in any year (the ones an overlay can draw),
    in the user's order."""
    areas = {goal.area.id: goal.area for goals in journal.goals_by_year.values()
             for goal in goals if goal.kind == COUNT}
    return sorted(areas.values(), key=lambda area: (area.position, area.id))


def area_overlay(journal: Journal, area: Area, today: date) -> tuple[str, tuple]:
    """Return an area's name and, per year, its cumulative share of target by day of year
    (a year under way up to today; a year not begun has no curve)."""
    curves = []
    for year in journal.years:
        # Dropped goals are left out, as from an area's roll-up: by the curve's last day.
        last = min(today, date(year.number, 12, 31))
        goals = [g for g in journal.goals_by_year.get(year.id, [])
                 if g.area_id == area.id and status_on(g, last) != DROPPED]
        pairs = [(plan_of(goal), [to_domain(row) for row in journal.updates.get(goal.id, [])])
                 for goal in goals]
        curves.append((year.number, cumulative_share(pairs, year.number, until=today)))
    return area.name, tuple(curves)
