"""Progress: actual values, pace, buffer days, projection, status, habit streaks, flags, roll-ups.

Time convention under test: a value "on" a date is the value at the END of that day, so on
July 1 2025 (day 182 of 365) a whole-year plan is 182/365 of the way to its target.

Day-of-year numbers used in the hand calculations (2025, not a leap year):
Jan 31 = 31, Feb 28 = 59, Mar 31 = 90, Apr 30 = 120, May 21 = 141, Jun 30 = 181,
Jul 1 = 182, Jul 2 = 183, Jul 30 = 211, Dec 31 = 365. In 2024 (leap) Jul 1 = 183 of 366.

Weekly habit periods of 2025 are 7-day blocks from Wednesday Jan 1: week k runs from
Jan 1 + 7(k - 1) for seven days (week 6 = Feb 5-11, week 10 = Mar 5-11, week 11 =
Mar 12-18) and week 53 is Dec 31 alone, so a whole-year weekly habit has 53 periods.
"""

from __future__ import annotations

import calendar
import dataclasses
import math
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journal.domain.plans import (
    AT_LEAST,
    AT_MOST,
    COUNT,
    HABIT,
    KINDS,
    LIMIT,
    MILESTONE,
    MONTH,
    WEEK,
    Checkpoint,
    Plan,
    habit_periods,
    planned_value,
    validate_plan,
)
from journal.domain.progress import (
    ACHIEVED,
    AT_RISK,
    BEHIND,
    DROPPED,
    NOT_STARTED,
    ON_TRACK,
    Pace,
    Update,
    actual_value,
    buffer_days,
    decide_status,
    falls_in_a_row,
    flags,
    habit_stats,
    ordered,
    pace,
    project,
    rate_needed_per_week,
    roll_up,
    status_then,
    trend,
)

JAN_1 = date(2025, 1, 1)
DEC_31 = date(2025, 12, 31)
JUN_30 = date(2025, 6, 30)
JUL_1 = date(2025, 7, 1)


def whole_year(kind: str, target: float, **extra) -> Plan:
    plan = Plan(kind=kind, start=JAN_1, end=DEC_31, target=target, **extra)
    assert not validate_plan(plan), validate_plan(plan).by_field
    return plan


def week(k: int) -> date:
    """The first day (a Wednesday) of week k of a 2025 weekly habit."""
    return JAN_1 + timedelta(days=7 * (k - 1))


# --- the 52-post count goal, checked on July 1 ------------------------------------------

POSTS = whole_year(COUNT, 52)


def test_posts_planned_value_on_july_1():
    # 52 * 182 / 365 = 25.928...
    assert planned_value(POSTS, JUL_1) == pytest.approx(52 * 182 / 365)
    assert planned_value(POSTS, JUL_1) == pytest.approx(25.93, abs=0.005)


@pytest.mark.parametrize(
    ("posts", "buffer", "status"),
    [
        # plan > 20 first when 52d/365 > 20, d > 140.4: d = 141 (May 21); 141 - 182 = -41
        (20, -41, BEHIND),
        # plan > 26 first when d > 182.5: d = 183 (Jul 2); 183 - 182 = +1
        (26, 1, ON_TRACK),
        # plan > 30 first when d > 210.6: d = 211 (Jul 30); 211 - 182 = +29
        (30, 29, ON_TRACK),
    ],
)
def test_posts_on_july_1(posts, buffer, status):
    result = pace(POSTS, [Update(JUN_30, posts, seq=1)], JUL_1)
    assert result.actual == posts
    assert result.planned == pytest.approx(52 * 182 / 365)
    assert result.ahead_by == pytest.approx(posts - 52 * 182 / 365)
    assert result.buffer_days == buffer
    # days left: Jul 2 .. Dec 31 = 365 - 182 = 183
    # 20: 32/183*7 = 1.224; 26: 26/183*7 = 0.995; 30: 22/183*7 = 0.842 per week
    assert result.rate_needed_per_week == pytest.approx((52 - posts) / 183 * 7)
    # 182 days elapsed out of 365: 20 -> 40.11, 26 -> 52.14, 30 -> 60.16
    assert result.projection == pytest.approx(0 + posts * 365 / 182)
    assert result.share == pytest.approx(posts / 52)
    assert result.planned_share == pytest.approx(182 / 365)
    # 20: shortfall 0.4986 - 0.3846 = 0.114 <= 0.25, so behind (not at risk)
    assert result.status == status


def test_posts_first_plan_day_over_the_actual_is_the_buffer_day():
    # The buffer of 20 posts points at May 21, where the plan first passes 20.
    assert planned_value(POSTS, date(2025, 5, 20)) <= 20 < planned_value(POSTS, date(2025, 5, 21))
    assert date(2025, 5, 21) - JUL_1 == timedelta(days=-41)


def test_posts_with_a_baseline_project_from_the_baseline():
    # Baseline 10, 30 by Jun 30: 10 + (30 - 10) * 365/182 = 50.11
    plan = whole_year(COUNT, 52, baseline=10)
    assert project(plan, 30, JUL_1) == pytest.approx(10 + 20 * 365 / 182)


def test_leap_year_plan_has_one_day_more():
    # 2024: Jul 1 is day 183 of 366, so the plan is at 52 * 183/366 = 26 exactly.
    plan = Plan(COUNT, date(2024, 1, 1), date(2024, 12, 31), 52)
    result = pace(plan, [Update(date(2024, 6, 30), 26)], date(2024, 7, 1))
    assert result.planned == pytest.approx(26)
    assert result.buffer_days == 1  # exactly on plan
    assert result.status == ON_TRACK
    # days left: 366 - 183 = 183
    assert result.rate_needed_per_week == pytest.approx(26 / 183 * 7)
    assert result.projection == pytest.approx(52)


def test_count_values_may_go_down():
    # A correction lowers the running total: the latest value wins.
    updates = [Update(date(2025, 6, 1), 30, seq=1), Update(date(2025, 6, 20), 24, seq=2)]
    assert actual_value(POSTS, updates, JUL_1) == 24
    assert actual_value(POSTS, updates, date(2025, 6, 19)) == 30


def test_same_date_updates_follow_the_recording_order():
    # Two updates on Jun 30, listed out of order: the one recorded later (seq 8) applies.
    updates = [Update(JUN_30, 21, seq=8), Update(JUN_30, 29, seq=3)]
    assert actual_value(POSTS, updates, JUL_1) == 21
    assert [u.seq for u in ordered(updates)] == [3, 8]


def test_count_before_any_update_is_the_baseline():
    plan = whole_year(COUNT, 52, baseline=7)
    assert actual_value(plan, [], JUL_1) == 7
    # an update dated after `on` does not count yet
    assert actual_value(plan, [Update(date(2025, 7, 2), 40)], JUL_1) == 7
    # a feelings-only update (value None) does not reset the total
    feelings = [Update(JUN_30, 30, seq=1), Update(JUL_1, None, enjoyment=4, seq=2)]
    assert actual_value(plan, feelings, JUL_1) == 30


def test_count_status_around_the_dates():
    # Before the start: not started; at the target: achieved (even on Dec 31 itself).
    plan = Plan(COUNT, date(2025, 3, 1), DEC_31, 52)
    assert pace(plan, [], date(2025, 2, 28)).status == NOT_STARTED
    assert pace(plan, [Update(DEC_31, 52)], DEC_31).status == ACHIEVED
    # Ended short of the target: at risk; no day is left, so no rate.
    late = pace(plan, [Update(DEC_31, 51)], date(2026, 1, 1))
    assert late.status == AT_RISK
    assert late.rate_needed_per_week is None
    # A count at risk: the plan runs Mar 1 - Dec 31 (365 - 59 = 306 days), so Jul 1 is
    # day 31 + 30 + 31 + 30 + 1 = 123: planned share 123/306 = 0.402; with 5 of 52 done,
    # share 5/52 = 0.096 and the shortfall 0.306 > 0.25.
    risky = pace(plan, [Update(JUN_30, 5)], JUL_1)
    assert risky.planned_share == pytest.approx(123 / 306)
    assert risky.status == AT_RISK


def test_target_reached_means_no_buffer_and_no_rate():
    result = pace(POSTS, [Update(JUN_30, 52)], JUL_1)
    assert result.status == ACHIEVED
    assert result.buffer_days is None
    assert result.rate_needed_per_week == 0.0


def test_rate_needed_before_the_start_spreads_over_the_whole_plan():
    # Plan Mar 1 - Dec 31 (306 days), checked Feb 1: 52 / 306 * 7 per week.
    plan = Plan(COUNT, date(2025, 3, 1), DEC_31, 52)
    assert rate_needed_per_week(plan, 0, date(2025, 2, 1)) == pytest.approx(52 / 306 * 7)
    assert project(plan, 0, date(2025, 2, 1)) is None


# --- the weekly habit with a three-week gap ---------------------------------------------

HABIT_WEEKLY = whole_year(HABIT, 1, cadence=WEEK)
MID_MARCH = date(2025, 3, 15)  # a Saturday inside week 11 (Mar 12-18)
# One occurrence on the Thursday of weeks 1-5 and 9-10; nothing in weeks 6-8.
GAP_UPDATES = [Update(week(k) + timedelta(days=1), 1, seq=k) for k in (1, 2, 3, 4, 5, 9, 10)]


def states(stats) -> list[str]:
    return [p.state for p in stats.periods]


def test_habit_with_a_gap_mid_march():
    stats = habit_stats(HABIT_WEEKLY, GAP_UPDATES, MID_MARCH)
    assert len(stats.periods) == 53
    # weeks 1-5 met, 6-8 missed, 9-10 met, week 11 is running, the rest lie ahead
    assert states(stats)[:11] == ["met"] * 5 + ["missed"] * 3 + ["met"] * 2 + ["not yet"]
    assert set(states(stats)[11:]) == {"not yet"}
    assert (stats.met, stats.missed, stats.skipped) == (7, 3, 0)
    assert stats.current_streak == 2  # weeks 9-10
    assert stats.longest_streak == 5  # weeks 1-5


def test_habit_pace_mid_march():
    result = pace(HABIT_WEEKLY, GAP_UPDATES, MID_MARCH)
    # 7 met periods ended; 10 periods ended by Mar 15 (week 10 ends Mar 11)
    assert result.actual == 7
    assert result.planned == 10
    # 53 periods: share 7/53 = 0.132, planned 10/53 = 0.189; shortfall 0.057 -> behind
    assert result.share == pytest.approx(7 / 53)
    assert result.planned_share == pytest.approx(10 / 53)
    assert result.status == BEHIND
    # plan first expects 8 > 7 at the end of week 8 (Feb 25): Feb 25 - Mar 15 = -18
    assert result.buffer_days == -18
    # 7 met per 10 ended, over 53 periods: 7 * 53 / 10 = 37.1
    assert result.projection == pytest.approx(37.1)
    assert result.rate_needed_per_week is None


def test_habit_allowed_skips_turn_gap_weeks_into_skipped():
    plan = whole_year(HABIT, 1, cadence=WEEK, allowed_skips=2)
    skips = [Update(week(6), skipped=True, seq=20), Update(week(7), skipped=True, seq=21)]
    stats = habit_stats(plan, GAP_UPDATES + skips, MID_MARCH)
    assert states(stats)[5:8] == ["skipped", "skipped", "missed"]
    assert (stats.met, stats.missed, stats.skipped) == (7, 1, 2)
    assert stats.current_streak == 2  # week 8 was missed, not skipped
    assert stats.longest_streak == 5
    # the share is counted over the 53 - 2 = 51 periods that are required
    assert pace(plan, GAP_UPDATES + skips, MID_MARCH).share == pytest.approx(7 / 51)


def test_habit_skipped_weeks_do_not_break_the_streak():
    # Met weeks 1-5, skipped 6-7, met 8-10: one streak of 8 met weeks.
    plan = whole_year(HABIT, 1, cadence=WEEK, allowed_skips=2)
    met = [Update(week(k) + timedelta(days=1), 1, seq=k) for k in (1, 2, 3, 4, 5, 8, 9, 10)]
    skips = [Update(week(6), skipped=True, seq=20), Update(week(7), skipped=True, seq=21)]
    stats = habit_stats(plan, met + skips, MID_MARCH)
    assert (stats.met, stats.missed, stats.skipped) == (8, 0, 2)
    assert stats.current_streak == 8
    assert stats.longest_streak == 8


def test_habit_skip_of_the_running_week_does_not_excuse_a_missed_one():
    # Week 1 met, week 2 missed, week 3 (running on Jan 16) marked skipped: still behind.
    plan = whole_year(HABIT, 1, cadence=WEEK, allowed_skips=2)
    met = [Update(week(1), 1, seq=1)]
    skip = [Update(week(3), skipped=True, seq=2)]
    today = week(3) + timedelta(days=1)
    without, with_skip = pace(plan, met, today), pace(plan, met + skip, today)
    assert with_skip.planned_share == without.planned_share == pytest.approx(2 / 51)
    assert with_skip.status == without.status == BEHIND
    # Once the skipped week has ended it is excused: two periods expected of three ended.
    assert pace(plan, met + skip, week(4)).planned_share == pytest.approx(2 / 51)
    assert pace(plan, met, week(4)).planned_share == pytest.approx(3 / 51)


def test_habit_skips_beyond_the_allowance_are_missed():
    plan = whole_year(HABIT, 1, cadence=WEEK, allowed_skips=2)
    skips = [Update(week(k), skipped=True, seq=20 + k) for k in (6, 7, 8)]
    stats = habit_stats(plan, GAP_UPDATES + skips, MID_MARCH)
    assert states(stats)[5:8] == ["skipped", "skipped", "missed"]
    assert stats.current_streak == 2


def test_habit_skip_mark_on_a_met_week_uses_no_allowance():
    plan = whole_year(HABIT, 1, cadence=WEEK, allowed_skips=1)
    updates = [
        Update(week(1), 1, seq=1),
        Update(week(1), skipped=True, seq=2),  # met anyway: stays "met"
        Update(week(2), skipped=True, seq=3),  # the one allowed skip
    ]
    stats = habit_stats(plan, updates, week(3) + timedelta(days=6))
    assert states(stats)[:3] == ["met", "skipped", "not yet"]


def test_habit_running_period_is_not_yet_and_counts_once_met():
    # Week 11 (Mar 12-18) is running on Mar 15: "not yet", not missed.
    assert habit_stats(HABIT_WEEKLY, GAP_UPDATES, MID_MARCH).periods[10].state == "not yet"
    # Met on Mar 13: the running week adds to the current streak (9, 10, 11 -> 3).
    done = [*GAP_UPDATES, Update(date(2025, 3, 13), 1, seq=11)]
    stats = habit_stats(HABIT_WEEKLY, done, MID_MARCH)
    assert stats.periods[10].state == "met"
    assert stats.current_streak == 3
    # ...but a period is only counted in the actual value once it has ended.
    assert actual_value(HABIT_WEEKLY, done, MID_MARCH) == 7
    assert actual_value(HABIT_WEEKLY, done, date(2025, 3, 18)) == 8


def test_habit_period_ending_today_is_not_yet():
    # Week 11 ends Tuesday Mar 18: unmet at the end of that day it is still "not yet";
    # the next day it is missed.
    assert habit_stats(HABIT_WEEKLY, GAP_UPDATES, date(2025, 3, 18)).periods[10].state == "not yet"
    assert habit_stats(HABIT_WEEKLY, GAP_UPDATES, date(2025, 3, 19)).periods[10].state == "missed"


def test_habit_occurrences_add_up_within_a_period():
    # 3 times a month: 1 + 2 in January meets it; February's 2 do not.
    plan = whole_year(HABIT, 3, cadence=MONTH)
    updates = [
        Update(date(2025, 1, 5), 1, seq=1),
        Update(date(2025, 1, 20), 2, seq=2),
        Update(date(2025, 2, 10), 2, seq=3),
        Update(date(2025, 2, 11), 5, skipped=True, seq=4),  # a skip mark is no occurrence
    ]
    stats = habit_stats(plan, updates, date(2025, 3, 5))
    assert [p.occurrences for p in stats.periods[:2]] == [3, 2]
    assert states(stats)[:3] == ["met", "missed", "not yet"]


# --- the milestone due Oct 1, on its second attempt -------------------------------------

MILESTONE_PLAN = whole_year(MILESTONE, 1, due=date(2025, 10, 1))
# The first attempt stalled in March (recorded as not done, value 0).
FIRST_ATTEMPT = [Update(date(2025, 3, 1), 0, seq=1)]


def test_milestone_not_done_before_the_due_date_is_on_track():
    result = pace(MILESTONE_PLAN, FIRST_ATTEMPT, JUL_1)
    # planned 0 before Oct 1, actual 0: share 0 >= planned share 0
    assert (result.actual, result.planned) == (0, 0)
    assert result.status == ON_TRACK
    # the plan first expects 1 on Oct 1: Jul 1 -> Oct 1 = 30 + 31 + 30 + 1 = 92 days
    assert result.buffer_days == 92
    assert result.projection is None
    assert result.rate_needed_per_week is None


def test_milestone_not_done_after_the_due_date_is_at_risk():
    assert pace(MILESTONE_PLAN, FIRST_ATTEMPT, date(2025, 10, 2)).status == AT_RISK
    assert pace(MILESTONE_PLAN, FIRST_ATTEMPT, date(2025, 10, 31)).status == AT_RISK


def test_milestone_done_on_the_second_attempt_is_achieved():
    updates = [*FIRST_ATTEMPT, Update(date(2025, 11, 1), 1, seq=2)]
    assert actual_value(MILESTONE_PLAN, updates, date(2025, 10, 31)) == 0
    result = pace(MILESTONE_PLAN, updates, date(2025, 11, 2))
    assert result.actual == 1
    assert result.share == 1
    assert result.status == ACHIEVED


def test_a_status_set_later_did_not_hold_yet():
    oct_1 = date(2025, 10, 1)
    assert status_then(DROPPED, oct_1, date(2025, 6, 15), DEC_31) == "active"
    assert status_then(DROPPED, oct_1, oct_1, DEC_31) == DROPPED
    assert status_then(ACHIEVED, oct_1, date(2025, 11, 1), DEC_31) == ACHIEVED
    # From the end date on, the final status stands, even one set in the next year.
    assert status_then(DROPPED, date(2026, 1, 10), DEC_31, DEC_31) == DROPPED
    assert status_then("active", None, JUL_1, DEC_31) == "active"
    assert status_then(DROPPED, None, JUL_1, DEC_31) == DROPPED  # no date kept: as recorded


def test_milestone_recorded_achieved_is_done():
    # Achieved by a succeeded attempt or by saying so, with no "done" update: all of it.
    result = pace(MILESTONE_PLAN, FIRST_ATTEMPT, JUL_1, recorded_status="achieved")
    assert (result.actual, result.share, result.status) == (1, 1, ACHIEVED)
    assert roll_up([result], []).progress == 1


def test_milestone_dropped_when_recorded_so():
    result = pace(MILESTONE_PLAN, FIRST_ATTEMPT, JUL_1, recorded_status="dropped")
    assert result.status == DROPPED
    # recorded "achieved" wins too
    assert pace(MILESTONE_PLAN, [], JUL_1, recorded_status="achieved").status == ACHIEVED


# --- limits -----------------------------------------------------------------------------

AT_MOST_5 = whole_year(LIMIT, 5, direction=AT_MOST)
AT_LEAST_4 = whole_year(LIMIT, 4, direction=AT_LEAST)


def test_limit_at_most_broken_by_a_lot_is_at_risk():
    result = pace(AT_MOST_5, [Update(JUN_30, 7)], JUL_1)
    # share 5/7 = 0.714; planned share 1; shortfall 0.286 > 0.25
    assert result.share == pytest.approx(5 / 7)
    assert result.planned_share == 1
    assert result.status == AT_RISK
    assert result.buffer_days is None
    assert result.projection is None
    assert result.rate_needed_per_week is None


def test_limit_at_most_kept_is_on_track():
    result = pace(AT_MOST_5, [Update(JUN_30, 4)], JUL_1)
    assert result.share == 1
    assert result.status == ON_TRACK  # not achieved: the year is not over


def test_limit_at_least_slightly_short_is_behind():
    result = pace(AT_LEAST_4, [Update(JUN_30, 3.5)], JUL_1)
    # share 3.5/4 = 0.875; shortfall 0.125 <= 0.25
    assert result.share == pytest.approx(0.875)
    assert result.status == BEHIND


def test_limit_before_any_measure_is_not_started():
    # The actual value is the threshold (nothing says it was broken)...
    assert actual_value(AT_MOST_5, [], JUL_1) == 5
    # ...but with nothing measured there is no share and no verdict yet.
    unmeasured = pace(AT_MOST_5, [], JUL_1)
    assert (unmeasured.share, unmeasured.status) == (0.0, NOT_STARTED)
    # a feelings-only update is no measure; one dated after today does not count yet
    later = [Update(JUN_30, None, enjoyment=3, seq=1), Update(date(2025, 7, 2), 4, seq=2)]
    assert pace(AT_MOST_5, later, JUL_1).status == NOT_STARTED
    assert pace(AT_MOST_5, later, date(2025, 7, 2)).status == ON_TRACK
    # a recorded status still wins
    assert pace(AT_MOST_5, [], JUL_1, recorded_status="dropped").status == DROPPED


def test_limit_never_measured_gets_no_verdict_even_after_it_ends():
    # No measure at all: "not started" with no share, also after the end date -- never
    # "achieved" with a share of 0 (roll_up would show an achieved goal 0% done).
    result = pace(AT_MOST_5, [], date(2026, 1, 1))
    assert (result.status, result.share) == (NOT_STARTED, 0.0)
    assert roll_up([result], []).status == NOT_STARTED
    # the user's own word still wins
    assert pace(AT_MOST_5, [], date(2026, 1, 1), recorded_status="achieved").status == ACHIEVED


def test_limit_is_achieved_only_once_it_has_ended_within_the_threshold():
    kept = [Update(JUN_30, 4)]
    assert pace(AT_MOST_5, kept, date(2025, 12, 30)).status == ON_TRACK
    # at the end of Dec 31 (time convention) the goal is over
    assert pace(AT_MOST_5, kept, DEC_31).status == ACHIEVED
    assert pace(AT_MOST_5, kept, date(2026, 1, 1)).status == ACHIEVED
    # ended outside the threshold: at risk
    assert pace(AT_MOST_5, [Update(JUN_30, 5.5)], date(2026, 1, 1)).status == AT_RISK


# --- flags ------------------------------------------------------------------------------


def feelings(attribute: str, values: list[int], posts: int) -> list[Update]:
    """Updates of the 52-post goal in June carrying `attribute`, the last one on Jun 30."""
    days = [JUN_30 - timedelta(days=10 * i) for i in reversed(range(len(values)))]
    return [
        Update(day, posts, seq=i, **{attribute: value})
        for i, (day, value) in enumerate(zip(days, values, strict=True))
    ]


def test_falls_in_a_row_examples():
    assert falls_in_a_row([4, 3, 2]) == 2
    assert falls_in_a_row([4, 4, 3]) == 1
    assert falls_in_a_row([2, 3]) == 0
    assert falls_in_a_row([]) == 0
    assert falls_in_a_row([5]) == 0


def test_enjoyment_falling_while_on_plan_is_flagged():
    updates = feelings("enjoyment", [4, 3, 2], posts=30)
    now = pace(POSTS, updates, JUL_1)
    assert now.status == ON_TRACK
    assert flags(now, updates) == ["enjoyment falling"]


def test_enjoyment_falling_once_is_not_flagged():
    updates = feelings("enjoyment", [4, 4, 3], posts=30)
    assert flags(pace(POSTS, updates, JUL_1), updates) == []


def test_enjoyment_falling_while_behind_is_not_flagged():
    updates = feelings("enjoyment", [4, 3, 2], posts=20)
    now = pace(POSTS, updates, JUL_1)
    assert now.status == BEHIND
    assert flags(now, updates) == []


def test_confidence_falling_is_flagged_whatever_the_pace():
    updates = feelings("confidence", [5, 4, 3], posts=20)
    now = pace(POSTS, updates, JUL_1)
    assert now.status == BEHIND
    assert flags(now, updates) == ["confidence falling"]


def test_flags_read_the_updates_in_date_order():
    # Listed newest first: in date order enjoyment went 4, 3, 2.
    updates = list(reversed(feelings("enjoyment", [4, 3, 2], posts=30)))
    assert flags(pace(POSTS, updates, JUL_1), updates) == ["enjoyment falling"]
    assert [value for _day, value in trend(updates, "enjoyment")] == [4, 3, 2]


# --- area roll-up -----------------------------------------------------------------------


def a_pace(share: float, status: str) -> Pace:
    return Pace(
        actual=share,
        planned=0.5,
        ahead_by=share - 0.5,
        buffer_days=None,
        rate_needed_per_week=None,
        projection=None,
        share=share,
        planned_share=0.5,
        status=status,
    )


def test_roll_up_caps_shares_and_takes_the_weakest_status():
    paces = [
        a_pace(1.5, ACHIEVED),  # 150% counts as 100%
        a_pace(0.5, BEHIND),
        a_pace(0.2, AT_RISK),
        a_pace(0.0, DROPPED),  # excluded
    ]
    result = roll_up(paces, [4, 2])
    # (1 + 0.5 + 0.2) / 3 = 0.5667
    assert result.progress == pytest.approx(1.7 / 3)
    assert result.status == AT_RISK
    assert result.mean_enjoyment == 3


def test_roll_up_status_order():
    assert roll_up([a_pace(0.9, ON_TRACK), a_pace(0.3, BEHIND)], []).status == BEHIND
    assert roll_up([a_pace(0.3, BEHIND), a_pace(0.1, AT_RISK)], []).status == AT_RISK
    assert roll_up([a_pace(1.0, ACHIEVED), a_pace(0.6, ON_TRACK)], []).status == ON_TRACK
    assert roll_up([a_pace(0.6, ON_TRACK)], []).mean_enjoyment is None


def test_roll_up_of_only_dropped_goals_is_empty():
    result = roll_up([a_pace(0.7, DROPPED), a_pace(0.1, DROPPED)], [3])
    assert (result.progress, result.status) == (None, None)
    assert roll_up([], []).progress is None


def test_decide_status_dropped_beats_everything():
    assert decide_status(POSTS, 1.0, 0.5, JUL_1, "dropped") == DROPPED


# --- property tests ---------------------------------------------------------------------

YEARS = st.integers(2019, 2030)  # leap years 2020, 2024, 2028 among them


@st.composite
def date_ranges(draw, min_days: int = 1) -> tuple[date, date]:
    """A whole year, or a shorter range inside one, of at least `min_days` days."""
    year = draw(YEARS)
    first = date(year, 1, 1)
    days = 366 if calendar.isleap(year) else 365
    if draw(st.booleans()):
        return first, date(year, 12, 31)
    length = draw(st.integers(min_days, days))
    offset = draw(st.integers(0, days - length))
    start = first + timedelta(days=offset)
    return start, start + timedelta(days=length - 1)


def days_in(start: date, end: date) -> st.SearchStrategy[date]:
    return st.integers(0, (end - start).days).map(lambda n: start + timedelta(days=n))


@st.composite
def count_plans(draw, linear: bool = False, min_days: int = 1) -> Plan:
    """A count plan: linear, or through up to four checkpoints (flat stretches possible)."""
    start, end = draw(date_ranges(min_days=min_days))
    target = draw(st.integers(1, 500))
    # Amounts in hundredths, as a person types them: a baseline a float's last bit below
    # the target would leave the plan no room to grow in floating point.
    cents = draw(
        st.one_of(
            st.integers(0, target - 1).map(lambda n: n * 100), st.integers(0, target * 100 - 1)
        )
    )
    baseline = cents / 100
    checkpoints: tuple[Checkpoint, ...] = ()
    if not linear and (end - start).days >= 1 and draw(st.booleans()):
        # Checkpoints on distinct dates before the end, values growing below the target.
        offsets = draw(st.lists(st.integers(0, (end - start).days - 1), max_size=4, unique=True))
        # Values from a small pool, so equal neighbours (flat stretches) are common.
        pool = draw(st.lists(st.integers(cents, target * 100 - 1), min_size=1, max_size=3))
        values = sorted(
            draw(st.lists(st.sampled_from(pool), min_size=len(offsets), max_size=len(offsets)))
        )
        checkpoints = tuple(
            Checkpoint(start + timedelta(days=o), v / 100)
            for o, v in zip(sorted(offsets), values, strict=True)
        )
    plan = Plan(COUNT, start, end, float(target), float(baseline), checkpoints)
    assert not validate_plan(plan), validate_plan(plan).by_field
    return plan


@st.composite
def habit_plans(draw) -> Plan:
    start, end = draw(date_ranges())
    cadence = draw(st.sampled_from((WEEK, MONTH)))
    probe = Plan(HABIT, start, end, 1, cadence=cadence)
    periods = len(habit_periods(probe))
    target = draw(st.one_of(st.integers(1, 3), st.integers(1, 500)))
    skips = draw(st.integers(0, min(periods - 1, 5)))
    plan = dataclasses.replace(probe, target=float(target), allowed_skips=skips)
    assert not validate_plan(plan), validate_plan(plan).by_field
    return plan


@st.composite
def any_plans(draw) -> Plan:
    kind = draw(st.sampled_from(KINDS))
    if kind == COUNT:
        return draw(count_plans())
    if kind == HABIT:
        return draw(habit_plans())
    start, end = draw(date_ranges())
    if kind == MILESTONE:
        plan = Plan(MILESTONE, start, end, 1, due=draw(days_in(start, end)))
    else:
        direction = draw(st.sampled_from((AT_LEAST, AT_MOST)))
        plan = Plan(LIMIT, start, end, float(draw(st.integers(0, 500))), direction=direction)
    assert not validate_plan(plan), validate_plan(plan).by_field
    return plan


@st.composite
def update_lists(draw, plan: Plan) -> list[Update]:
    """Updates on a few dates around the plan (so many share a date), with distinct seqs."""
    around = days_in(plan.start - timedelta(days=5), plan.end + timedelta(days=5))
    dates = draw(st.lists(around, min_size=1, max_size=4))
    if plan.kind == MILESTONE:
        values = st.sampled_from([None, 0.0, 1.0])
    elif plan.kind == HABIT:
        values = st.one_of(st.none(), st.integers(0, 4).map(float))
    else:
        values = st.one_of(st.none(), st.integers(0, 600).map(float))
    feeling = st.one_of(st.none(), st.integers(1, 5))
    drafts = draw(
        st.lists(
            st.tuples(st.sampled_from(dates), values, feeling, feeling, st.booleans()),
            max_size=12,
        )
    )
    seqs = draw(st.permutations(range(1, len(drafts) + 1)))
    return [
        Update(on, value, enjoyment, confidence, skipped=skipped and plan.kind == HABIT, seq=seq)
        for (on, value, enjoyment, confidence, skipped), seq in zip(drafts, seqs, strict=True)
    ]


@st.composite
def plans_with_updates(draw):
    plan = draw(any_plans())
    updates = draw(update_lists(plan))
    shuffled = draw(st.permutations(updates))
    today = draw(days_in(plan.start - timedelta(days=10), plan.end + timedelta(days=10)))
    return plan, updates, list(shuffled), today


@settings(max_examples=400, deadline=None)
@given(plans_with_updates())
def test_property_update_order_within_a_date_does_not_matter(case):
    plan, updates, shuffled, today = case
    assert actual_value(plan, shuffled, today) == actual_value(plan, updates, today)
    before, after = pace(plan, updates, today), pace(plan, shuffled, today)
    assert after == before
    assert flags(after, shuffled) == flags(before, updates)
    if plan.kind == HABIT:
        assert habit_stats(plan, shuffled, today) == habit_stats(plan, updates, today)


@st.composite
def count_plans_and_inside_days(draw, linear: bool):
    plan = draw(count_plans(linear=linear, min_days=2))
    # a day inside the range, before the end (on the end day the plan is at the target);
    # often a few days after a checkpoint, where rounding at its date would show
    last = plan.end - timedelta(days=1)
    today = draw(days_in(plan.start, last))
    if plan.checkpoints and draw(st.booleans()):
        near = draw(st.sampled_from(plan.checkpoints)).on + timedelta(days=draw(st.integers(1, 5)))
        today = min(near, last)
    return plan, today


@settings(max_examples=400, deadline=None)
@given(count_plans_and_inside_days(linear=True))
def test_property_count_exactly_on_a_linear_plan_is_on_track_with_a_buffer(case):
    plan, today = case
    on_plan = planned_value(plan, today)
    result = pace(plan, [Update(today, on_plan)], today)
    assert result.status == ON_TRACK
    assert result.buffer_days is not None
    assert result.buffer_days >= 1
    assert result.buffer_days == 1  # a linear plan grows every day


@settings(max_examples=2000, deadline=None)  # flat stretches with rounding are rare
@given(count_plans_and_inside_days(linear=False))
def test_property_count_exactly_on_a_checkpoint_plan_is_on_track_with_a_buffer(case):
    plan, today = case
    on_plan = planned_value(plan, today)
    result = pace(plan, [Update(today, on_plan)], today)
    assert result.status == ON_TRACK
    assert result.buffer_days is not None
    assert result.buffer_days >= 1


def test_exactly_on_a_flat_checkpoint_stretch_has_a_positive_buffer():
    # Target 10, checkpoints Feb 21 (day 52): 2.6 and Mar 31: 2.6 -- a pause in March.
    plan = Plan(
        COUNT,
        JAN_1,
        DEC_31,
        10.0,
        checkpoints=(Checkpoint(date(2025, 2, 21), 2.6), Checkpoint(date(2025, 3, 31), 2.6)),
    )
    assert not validate_plan(plan)
    today = date(2025, 3, 10)
    result = pace(plan, [Update(today, 2.6)], today)
    assert result.planned == 2.6
    assert result.status == ON_TRACK
    # The plan first expects more than 2.6 on Apr 1: Mar 10 -> Apr 1 = 21 + 1 = 22 days.
    # Interpolating up to Feb 21 in floats gives 0 + 2.6 * 52 / 52 = 2.6000000000000005,
    # which would make Feb 21 the first day over 2.6 (buffer Feb 21 - Mar 10 = -17): the
    # plan must give the checkpoint's own value on its date.
    assert planned_value(plan, date(2025, 2, 21)) == 2.6
    assert result.buffer_days == 22


@st.composite
def linear_plans_and_days(draw):
    plan = draw(count_plans(linear=True))
    today = draw(days_in(plan.start, plan.end + timedelta(days=30)))
    return plan, today


@settings(max_examples=400, deadline=None)
@given(linear_plans_and_days())
def test_property_projection_at_the_planned_rate_is_the_target(case):
    plan, today = case
    on_plan = planned_value(plan, today)
    projection = project(plan, on_plan, today)
    assert projection is not None
    assert math.isclose(projection, plan.target, rel_tol=1e-9)
    assert math.isclose(
        pace(plan, [Update(today, on_plan)], today).projection, plan.target, rel_tol=1e-9
    )


@st.composite
def habits_with_occurrences(draw):
    plan = draw(habit_plans())
    updates = draw(update_lists(plan))
    today = draw(days_in(plan.start - timedelta(days=40), plan.end + timedelta(days=40)))
    return plan, updates, today


@settings(max_examples=400, deadline=None)
@given(habits_with_occurrences())
def test_property_streaks_never_exceed_the_periods_elapsed(case):
    plan, updates, today = case
    stats = habit_stats(plan, updates, today)
    periods = habit_periods(plan)
    begun = sum(1 for first, _last in periods if first <= today)
    assert 0 <= stats.current_streak <= stats.longest_streak <= begun
    assert stats.met + stats.missed + stats.skipped <= len(periods)
    assert stats.skipped <= plan.allowed_skips
    # a period that has not begun is never met, missed or skipped
    assert all(p.state == "not yet" for p in stats.periods if p.first > today)
    # a period that ended before today is never "not yet"
    assert all(p.state != "not yet" for p in stats.periods if p.last < today)


def never(value: int | None) -> float:
    # None means the plan never passes the value: more buffer than any number of days.
    return math.inf if value is None else value


@st.composite
def plans_days_and_two_actuals(draw):
    kind = draw(st.sampled_from((COUNT, HABIT, MILESTONE)))
    if kind == COUNT:
        plan = draw(count_plans())
        high = plan.target + 10
    elif kind == HABIT:
        plan = draw(habit_plans())
        high = len(habit_periods(plan)) + 2
    else:
        start, end = draw(date_ranges())
        plan = Plan(MILESTONE, start, end, 1, due=draw(days_in(start, end)))
        high = 1.5
    today = draw(days_in(plan.start - timedelta(days=20), plan.end + timedelta(days=20)))
    low, more = sorted(draw(st.lists(st.floats(0, high), min_size=2, max_size=2)))
    return plan, today, low, more


@settings(max_examples=400, deadline=None)
@given(plans_days_and_two_actuals())
def test_property_buffer_days_never_shrink_when_more_is_done(case):
    plan, today, low, more = case
    assert never(buffer_days(plan, low, today)) <= never(buffer_days(plan, more, today))


def test_weeks_skipped_within_the_allowance_do_not_make_a_habit_fall_behind():
    # Weekly from Jan 1 2025, 2 skips allowed: weeks 1-5 met, 6-7 skipped, 8-10 met.
    plan = Plan(HABIT, date(2025, 1, 1), date(2025, 12, 31), 1, cadence=WEEK, allowed_skips=2)
    met = [Update(date(2025, 1, 1) + timedelta(weeks=w), 1, seq=w) for w in (0, 1, 2, 3, 4)]
    met += [Update(date(2025, 1, 1) + timedelta(weeks=w), 1, seq=w) for w in (7, 8, 9)]
    skips = [Update(date(2025, 1, 1) + timedelta(weeks=w), skipped=True, seq=20 + w)
             for w in (5, 6)]
    # Mar 15: 10 weeks ended; 8 met + 2 skipped is exactly the plan.
    assert pace(plan, met + skips, date(2025, 3, 15)).status == ON_TRACK
    # Without the skips marked, the same weeks are simply missed: behind.
    assert pace(plan, met, date(2025, 3, 15)).status == BEHIND


@settings(max_examples=200, deadline=None)
@given(
    target=st.integers(min_value=1, max_value=400),
    actual=st.floats(min_value=0, max_value=450, allow_nan=False),
    today=st.dates(min_value=date(2025, 1, 1), max_value=date(2025, 12, 31)),
    kind=st.sampled_from([COUNT, HABIT]),
)
def test_property_buffer_days_is_the_first_day_the_plan_expects_more(target, actual, today,
                                                                     kind):
    """The bisection finds what a walk through every day of the plan finds."""
    plan = (Plan(COUNT, date(2025, 1, 1), date(2025, 12, 31), target=target) if kind == COUNT
            else Plan(HABIT, date(2025, 1, 1), date(2025, 12, 31), target=1, cadence=WEEK))
    walked = None
    day = plan.start - timedelta(days=1)
    while day <= plan.end:
        if planned_value(plan, day) > actual:
            walked = (day - today).days
            break
        day += timedelta(days=1)
    assert buffer_days(plan, actual, today) == walked
