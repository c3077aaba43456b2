"""When the next check-in is due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Due:
    kind: str  # "mid_year", "monthly" or "year_end"
    on: date
    overdue: bool


def next_checkin(
    year: int, today: date, mid_year_done: bool, monthly_dates: list[date], year_end_done: bool
) -> Due | None:
    """Return the next check-in due in `year`, as of `today`.

    The rule: the mid-year check-in is due on July 1 until one is made (overdue after);
    a person who checks in monthly is next due on the 1st of the month after their latest
    monthly check-in; the year-end check-in is due on December 31. None once the year-end
    check-in is made, or for a year that is over with nothing left to do.
    """
    mid_year = date(year, 7, 1)
    year_end = date(year, 12, 31)
    if year_end_done:
        return None
    candidates = []
    if not mid_year_done:
        candidates.append(Due("mid_year", mid_year, today > mid_year))
    if monthly_dates:
        latest = max(monthly_dates)
        following = date(latest.year + latest.month // 12, latest.month % 12 + 1, 1)
        if following == mid_year and mid_year_done:
            following = date(year, 8, 1)  # July 1 is the mid-year check-in's, made already
        if following <= year_end:
            candidates.append(Due("monthly", following, today > following))
    candidates.append(Due("year_end", year_end, today > year_end))
    return min(candidates, key=lambda due: due.on)


def checkin_calendar(years: list[int], monthly: bool) -> list[tuple[date, str]]:
    """Return the (date, kind) of every planned check-in of `years`, in date order.

    The mid-year check-in on July 1 and the year-end one on December 31; with `monthly`,
    one on the 1st of every other month too (July 1 stays the mid-year one).
    """
    events = []
    for year in years:
        if monthly:
            events += [(date(year, month, 1), "monthly") for month in range(1, 13) if month != 7]
        events += [(date(year, 7, 1), "mid_year"), (date(year, 12, 31), "year_end")]
    return sorted(events)
