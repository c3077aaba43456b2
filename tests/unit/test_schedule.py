"""When the next check-in is due: mid-year on July 1, monthly on the 1st after the latest
monthly check-in, year-end on December 31, nothing once the year-end check-in is made.

A check-in is overdue only after its date: on the due date itself it is still on time.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from journal.domain.schedule import Due, next_checkin

YEAR = 2025
JUL_1 = date(YEAR, 7, 1)
DEC_31 = date(YEAR, 12, 31)


def test_before_july_the_mid_year_check_in_is_next():
    due = next_checkin(YEAR, date(YEAR, 6, 15), False, [], False)
    assert due == Due("mid_year", JUL_1, overdue=False)


def test_mid_year_on_july_1_itself_is_not_overdue():
    assert next_checkin(YEAR, JUL_1, False, [], False) == Due("mid_year", JUL_1, False)


def test_mid_year_missing_on_july_5_is_overdue():
    assert next_checkin(YEAR, date(YEAR, 7, 5), False, [], False) == Due("mid_year", JUL_1, True)


def test_monthly_check_in_makes_the_next_one_due_on_the_first_of_next_month():
    # Latest monthly on Mar 10 -> due Apr 1, before the mid-year on Jul 1.
    due = next_checkin(YEAR, date(YEAR, 3, 15), False, [date(YEAR, 3, 10)], False)
    assert due == Due("monthly", date(YEAR, 4, 1), overdue=False)
    # Checked on Apr 3 without a newer one: overdue.
    late = next_checkin(YEAR, date(YEAR, 4, 3), False, [date(YEAR, 3, 10)], False)
    assert late == Due("monthly", date(YEAR, 4, 1), overdue=True)


def test_only_the_latest_monthly_check_in_counts():
    # Jan 5, Mar 10, Feb 2 (any order): the latest is Mar 10 -> Apr 1.
    monthly = [date(YEAR, 1, 5), date(YEAR, 3, 10), date(YEAR, 2, 2)]
    due = next_checkin(YEAR, date(YEAR, 3, 20), False, monthly, False)
    assert due == Due("monthly", date(YEAR, 4, 1), False)


def test_mid_year_comes_first_when_it_is_earlier_than_the_monthly_one():
    # Monthly on Jul 10 -> Aug 1; the mid-year (Jul 1) is still missing and earlier.
    due = next_checkin(YEAR, date(YEAR, 7, 12), False, [date(YEAR, 7, 10)], False)
    assert due == Due("mid_year", JUL_1, True)
    # Once the mid-year is done, the monthly one is next.
    assert next_checkin(YEAR, date(YEAR, 7, 12), True, [date(YEAR, 7, 10)], False) == Due(
        "monthly", date(YEAR, 8, 1), False
    )


def test_the_mid_year_check_in_stands_for_julys_monthly_one():
    # Monthly through June, then the mid-year: the next monthly one is due on August 1.
    monthly = [date(YEAR, month, 1) for month in range(1, 7)]
    due = next_checkin(YEAR, date(YEAR, 7, 15), True, monthly, False)
    assert due == Due("monthly", date(YEAR, 8, 1), overdue=False)
    # Without it, July 1 is the mid-year check-in's date.
    assert next_checkin(YEAR, date(YEAR, 7, 15), False, monthly, False) == Due(
        "mid_year", JUL_1, True)


def test_after_the_mid_year_without_monthly_the_year_end_is_next():
    due = next_checkin(YEAR, date(YEAR, 7, 20), True, [], False)
    assert due == Due("year_end", DEC_31, overdue=False)
    # On Dec 31 itself it is not overdue yet; in the next January it is.
    assert next_checkin(YEAR, DEC_31, True, [], False) == Due("year_end", DEC_31, False)
    assert next_checkin(YEAR, date(YEAR + 1, 1, 10), True, [], False) == Due(
        "year_end", DEC_31, True
    )


def test_nothing_is_due_after_the_year_end_check_in():
    assert next_checkin(YEAR, DEC_31, True, [date(YEAR, 12, 1)], True) is None
    # even when the mid-year one was never made
    assert next_checkin(YEAR, date(YEAR + 1, 2, 1), False, [], True) is None


def test_a_monthly_check_in_in_december_leaves_the_year_end():
    # Dec 5 -> the 1st of the next month is Jan 1 2026, outside the year: year-end Dec 31.
    due = next_checkin(YEAR, date(YEAR, 12, 6), True, [date(YEAR, 12, 5)], False)
    assert due == Due("year_end", DEC_31, overdue=False)


def test_a_monthly_check_in_in_november_is_due_on_december_1():
    # Nov 20 -> Dec 1 (still inside the year, before Dec 31).
    due = next_checkin(YEAR, date(YEAR, 11, 21), True, [date(YEAR, 11, 20)], False)
    assert due == Due("monthly", date(YEAR, 12, 1), overdue=False)


def test_leap_year_end_is_still_december_31():
    assert next_checkin(2024, date(2024, 12, 30), True, [], False) == Due(
        "year_end", date(2024, 12, 31), False
    )


# --- property ---------------------------------------------------------------------------


@st.composite
def situations(draw):
    year = draw(st.integers(2019, 2030))
    first = date(year, 1, 1)
    today = first + timedelta(days=draw(st.integers(-30, 400)))
    monthly = draw(
        st.lists(st.integers(0, 364).map(lambda n: first + timedelta(days=n)), max_size=5)
    )
    return year, today, draw(st.booleans()), monthly, draw(st.booleans())


@settings(max_examples=300, deadline=None)
@given(situations())
def test_property_the_next_check_in_follows_the_rule(case):
    year, today, mid_year_done, monthly, year_end_done = case
    due = next_checkin(year, today, mid_year_done, monthly, year_end_done)
    if year_end_done:
        assert due is None
        return
    assert due is not None
    # always a date inside the year, overdue exactly when it is past
    assert date(year, 1, 1) <= due.on <= date(year, 12, 31)
    assert due.overdue == (today > due.on)
    if due.kind == "mid_year":
        assert not mid_year_done
        assert due.on == date(year, 7, 1)
    elif due.kind == "monthly":
        latest = max(monthly)
        assert due.on.day == 1
        assert due.on > latest
        # The 1st of the month after the latest, or August 1 when that is July 1 and the
        # mid-year check-in stood for July's.
        assert due.on - latest <= timedelta(days=31) or (
            mid_year_done and latest.month == 6 and due.on == date(year, 8, 1))
        assert due.on != date(year, 7, 1) or not mid_year_done
        assert mid_year_done or due.on <= date(year, 7, 1)
    else:
        assert due.kind == "year_end"
        assert due.on == date(year, 12, 31)
    # the earliest candidate wins: nothing due earlier is left out
    if not mid_year_done:
        assert due.on <= date(year, 7, 1)
