"""The year-in-review post's words: how each goal turned out, and the post's anchors.

Pure values only; journal/exports/review.py gathers the rows and the template writes
the post.
"""

from __future__ import annotations

import re
from datetime import date

from .plans import AT_MOST, COUNT, HABIT, LIMIT, MILESTONE, format_number
from .progress import ACHIEVED, DROPPED, HabitStats, Pace


def outcome(
    kind: str,
    pace: Pace,
    target: float,
    unit: str,
    as_of: date,
    year_over: bool,
    habit: HabitStats | None = None,
    cadence: str | None = None,
    direction: str | None = None,
) -> str:
    """Say in one line how a goal turned out (or stands, in a year not yet over)."""
    so_far = "" if year_over else " so far"
    if kind == COUNT:
        line = (f"{format_number(pace.actual)} of {format_number(target)} {unit or 'units'}"
                f"{so_far} ({pace.share:.0%})")
        if not year_over:
            line += f"; the plan expected {format_number(round(pace.planned, 1))} by {_day(as_of)}"
        return line
    if kind == MILESTONE:
        return "done" if pace.status == ACHIEVED else f"not done{so_far}"
    if kind == HABIT and habit is not None:
        periods = habit.met + habit.missed
        line = f"met {habit.met} of {periods} {cadence or 'period'}s{so_far}"
        if habit.longest_streak > 1:
            line += f", longest streak {habit.longest_streak}"
        return line
    if kind == LIMIT:
        bound = "at most" if direction == AT_MOST else "at least"
        return (f"{format_number(round(pace.actual, 2))} {unit} against {bound} "
                f"{format_number(target)}{so_far}").replace("  ", " ")
    return pace.status


def verdict(status: str, reason: str = "") -> str:
    """The status as the post says it; a dropped goal gives its reason."""
    reason = " ".join(reason.split()).rstrip(".")
    if status == DROPPED:
        return f"dropped: {reason}" if reason else "dropped"
    return status


def revised(original: str, current: str, on: date, reason: str = "") -> str:
    """Say how a plan changed: "The plan went from 40 posts to 30 posts on 1 Jul: ..."."""
    line = f"The plan went from {original} to {current} on {_day(on)}"
    reason = " ".join(reason.split()).rstrip(".")
    return f"{line}: {reason}." if reason else f"{line}."


def plan_text(
    kind: str,
    target: float,
    unit: str,
    due: date | None = None,
    cadence: str | None = None,
    direction: str | None = None,
) -> str:
    """The plan in force, in a few words: "40 posts", "done by 30 Jun", "2 a week"."""
    if kind == COUNT:
        return f"{format_number(target)} {unit}".strip()
    if kind == MILESTONE:
        return f"done by {_day(due)}" if due else "done"
    if kind == HABIT:
        return f"{format_number(target)} a {cadence or 'period'}"
    bound = "at most" if direction == AT_MOST else "at least"
    return f"{bound} {format_number(target)} {unit}".strip()


def anchor(heading: str) -> str:
    """Return the link target Markdown renderers give a heading ("What I learned" →
    "what-i-learned"): lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


# What Markdown could read as syntax, or a blog's renderer as raw HTML, in a line of plain
# text: emphasis, links and images, code, HTML tags and entities, headings, table pipes.
_MARKDOWN_SIGNS = re.compile(r"([\\`*_\[\]<>&#!|~{}])")


def plain_text(text: str) -> str:
    """Make a line of the user's plain text (a title, an area name, a theme) show as typed in
    Markdown: one line, every character Markdown could read as syntax escaped. A title like
    `<img onerror=...>` or `x](javascript:...)` stays words on any blog that renders the post."""
    return _MARKDOWN_SIGNS.sub(r"\\\1", " ".join(text.split()))


def _day(day: date) -> str:
    return f"{day.day} {day:%b}"
