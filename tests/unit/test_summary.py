"""The summary's numbers: year summaries, cumulative shares, year-over-year sentences, and
the corners of each kind of plan curve (journal/domain/summary.py).

Day-of-year numbers used below: 2025 has 365 days, 2024 has 366 (29 February is day 60).
Sampling every 7 days from 1 January gives days 1, 8, ..., 358, 365 in 2025 (the last one
is also a sample: 364 = 52 x 7), and days 1, 8, ..., 358, 365 plus 366 in 2024.
"""

from __future__ import annotations

from datetime import date

import pytest

from journal.domain.plans import (
    AT_LEAST,
    COUNT,
    HABIT,
    LIMIT,
    MILESTONE,
    MONTH,
    WEEK,
    Checkpoint,
    Plan,
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
    pace,
)
from journal.domain.summary import (
    YearSummary,
    compare_years,
    cumulative_share,
    goal_series,
    plan_points,
    summarize_year,
)


def a_pace(share: float, status: str = ON_TRACK) -> Pace:
    return Pace(actual=share, planned=0.5, ahead_by=share - 0.5, buffer_days=None,
                rate_needed_per_week=None, projection=None, share=share, planned_share=0.5,
                status=status)


def a_year(year: int, share: float | None, enjoyment: float | None = None) -> YearSummary:
    return YearSummary(year=year, goals_set=3, achieved=1, dropped=0, share_reached=share,
                       checkins=2, mean_enjoyment=enjoyment, longest_streak=0, word="")


# --- summarize_year -------------------------------------------------------------------------------


def test_goals_set_counts_dropped_goals_but_the_share_leaves_them_out():
    paces = [a_pace(1.0, ACHIEVED), a_pace(0.5, BEHIND), a_pace(0.2, DROPPED)]
    summary = summarize_year(2025, paces, [], 4, [], "Focus")
    assert (summary.goals_set, summary.achieved, summary.dropped) == (3, 1, 1)
    assert summary.share_reached == pytest.approx(0.75)  # (1.0 + 0.5) / 2, not / 3
    assert (summary.year, summary.checkins, summary.word) == (2025, 4, "Focus")


def test_each_share_is_capped_at_one_and_at_zero_before_the_mean():
    paces = [a_pace(1.6, ACHIEVED), a_pace(0.4, BEHIND), a_pace(-0.2, AT_RISK)]
    summary = summarize_year(2025, paces, [], 0, [], "")
    assert summary.share_reached == pytest.approx((1.0 + 0.4 + 0.0) / 3)


def test_achieved_counts_only_achieved_goals():
    paces = [a_pace(1.0, ACHIEVED), a_pace(1.0, ACHIEVED), a_pace(0.9, ON_TRACK),
             a_pace(0.0, NOT_STARTED), a_pace(1.0, DROPPED)]
    summary = summarize_year(2026, paces, [], 0, [], "")
    assert (summary.goals_set, summary.achieved, summary.dropped) == (5, 2, 1)


def test_no_goals_or_only_dropped_ones_give_no_share():
    empty = summarize_year(2026, [], [], 0, [], "")
    assert (empty.goals_set, empty.achieved, empty.dropped) == (0, 0, 0)
    assert empty.share_reached is None
    only_dropped = summarize_year(2026, [a_pace(0.5, DROPPED)], [], 0, [], "")
    assert only_dropped.share_reached is None and only_dropped.dropped == 1


def test_mean_enjoyment_is_none_without_ratings():
    assert summarize_year(2026, [a_pace(0.5)], [], 0, [], "").mean_enjoyment is None
    assert summarize_year(2026, [a_pace(0.5)], [3, 4, 5, 4], 0, [], "").mean_enjoyment == 4.0


def test_longest_streak_is_the_longest_of_any_habit():
    assert summarize_year(2026, [], [], 0, [3, 7, 2], "").longest_streak == 7
    assert summarize_year(2026, [], [], 0, [], "").longest_streak == 0


# --- cumulative_share -----------------------------------------------------------------------------


def count_plan(year: int, target: float, baseline: float = 0.0) -> Plan:
    return Plan(COUNT, date(year, 1, 1), date(year, 12, 31), target=target, baseline=baseline)


def test_the_share_weighs_goals_by_their_targets():
    posts = (count_plan(2025, 40), [Update(date(2025, 12, 1), 20, seq=1)])
    talks = (count_plan(2025, 4), [Update(date(2025, 6, 1), 4, seq=2)])
    points = cumulative_share([posts, talks], 2025)
    assert points[-1] == (365, pytest.approx(24 / 44))  # not (0.5 + 1.0) / 2
    # Before December only the talks count: 4 of 44.
    assert dict(points)[330] == pytest.approx(4 / 44)


def test_the_share_counts_from_the_baseline():
    plan = count_plan(2025, 50, baseline=10)
    points = cumulative_share([(plan, [Update(date(2025, 3, 1), 30, seq=1)])], 2025)
    assert points[0] == (1, 0.0)
    assert points[-1] == (365, pytest.approx(0.5))  # (30 - 10) / (50 - 10)


def test_only_count_goals_count():
    habit = Plan(HABIT, date(2025, 1, 1), date(2025, 12, 31), target=1, cadence=MONTH)
    milestone = Plan(MILESTONE, date(2025, 1, 1), date(2025, 12, 31), target=1)
    posts = (count_plan(2025, 10), [Update(date(2025, 1, 1), 5, seq=1)])
    updates = [Update(date(2025, 1, 5), 1, seq=2)]
    points = cumulative_share([(habit, updates), (milestone, updates), posts], 2025)
    assert points[-1] == (365, 0.5)
    assert cumulative_share([(habit, updates), (milestone, updates)], 2025) == ()
    assert cumulative_share([], 2025) == ()


def test_samples_every_week_and_ends_on_the_last_day_of_the_year():
    points = cumulative_share([(count_plan(2025, 10), [])], 2025)
    days = [day for day, _share in points]
    assert days[:3] == [1, 8, 15]
    assert days[-1] == 365 and len(days) == 53
    assert all(share == 0.0 for _day, share in points)


def test_a_leap_year_ends_on_day_366_and_counts_29_february():
    updates = [Update(date(2024, 2, 29), 10, seq=1), Update(date(2024, 12, 31), 40, seq=2)]
    points = cumulative_share([(count_plan(2024, 40), updates)], 2024)
    days = [day for day, _share in points]
    assert days[-2:] == [365, 366] and len(days) == 54
    assert points[-1] == (366, 1.0)  # the update of 31 December counts
    assert points[-2] == (365, 0.25)
    # Day 57 (26 February) is before the update, day 64 (4 March) after it.
    assert dict(points)[57] == 0.0 and dict(points)[64] == 0.25


def test_the_share_only_grows_with_a_growing_running_total():
    updates = [Update(date(2025, month, 15), month * 3, seq=month) for month in range(1, 13)]
    shares = [share for _day, share in cumulative_share([(count_plan(2025, 36), updates)], 2025)]
    assert shares == sorted(shares) and shares[-1] == 1.0


def test_other_sampling_steps():
    points = cumulative_share([(count_plan(2025, 10), [])], 2025, step_days=30)
    assert [day for day, _share in points][-2:] == [361, 365]


# --- compare_years --------------------------------------------------------------------------------


def test_more_of_the_targets_than_last_year():
    sentence = compare_years(a_year(2025, 0.5), a_year(2026, 0.7))
    assert sentence == "In 2026 you reached 20% more of your targets than in 2025."


def test_less_of_the_targets_than_last_year():
    sentence = compare_years(a_year(2025, 0.8), a_year(2026, 0.55))
    assert sentence == "In 2026 you reached 25% less of your targets than in 2025."


def test_about_the_same_share_as_last_year():
    sentence = compare_years(a_year(2025, 0.5), a_year(2026, 0.53))
    assert sentence == "In 2026 you reached about as much of your targets as in 2025."


def test_enjoying_it_more_or_less():
    more = compare_years(a_year(2025, 0.5, 3.0), a_year(2026, 0.7, 4.0))
    assert more == ("In 2026 you reached 20% more of your targets than in 2025, "
                    "and you are enjoying it more (3.0 → 4.0).")
    less = compare_years(a_year(2025, 0.5, 4.5), a_year(2026, 0.5, 3.25))
    assert less == ("In 2026 you reached about as much of your targets as in 2025, "
                    "and you are enjoying it less (4.5 → 3.2).")


def test_enjoying_it_about_as_much():
    sentence = compare_years(a_year(2025, 0.2, 3.9), a_year(2026, 0.6, 4.0))
    assert sentence.endswith("and you are enjoying it about as much.")


def test_a_year_under_way_is_compared_with_the_same_time_last_year():
    sentence = compare_years(a_year(2025, 0.2), a_year(2026, 0.5), so_far=True)
    assert sentence == ("So far in 2026 you reached 30% more of your targets than by this "
                        "time in 2025.")
    same = compare_years(a_year(2025, 0.3, 3.0), a_year(2026, 0.3, 4.0), so_far=True)
    assert same == ("So far in 2026 you reached about as much of your targets as by this "
                    "time in 2025, and you are enjoying it more (3.0 → 4.0).")


@pytest.mark.parametrize(
    ("previous", "current"),
    [((None, None), (None, None)), ((0.5, None), (None, 4.0)), ((None, 3.0), (0.4, None))],
)
def test_not_enough_data_to_compare(previous, current):
    sentence = compare_years(a_year(2025, *previous), a_year(2026, *current))
    assert sentence == "Not enough recorded yet to compare 2026 with 2025."


def test_a_year_under_way_is_followed_only_up_to_today():
    updates = [Update(date(2026, 3, 1), 10, seq=1)]
    points = cumulative_share([(count_plan(2026, 40), updates)], 2026, until=date(2026, 7, 1))
    assert points[-1] == (182, 0.25)  # 1 July is day 182
    assert all(day <= 182 for day, _share in points)


def test_a_year_not_begun_has_no_curve():
    assert cumulative_share([(count_plan(2027, 40), [])], 2027, until=date(2026, 7, 1)) == ()


def test_enjoyment_alone_makes_a_sentence():
    sentence = compare_years(a_year(2025, None, 3.0), a_year(2026, 0.6, 4.0))
    assert "enjoying it more (3.0 → 4.0)" in sentence
    assert "reached enjoying" not in sentence


# --- plan_points ----------------------------------------------------------------------------------


def test_a_linear_count_plan_runs_from_the_day_before_the_start_to_the_end():
    assert plan_points(count_plan(2026, 40)) == (
        (date(2025, 12, 31), 0.0), (date(2026, 12, 31), 40.0),
    )


def test_a_count_plan_bends_at_each_checkpoint_from_its_baseline():
    plan = Plan(COUNT, date(2026, 1, 1), date(2026, 12, 31), target=40, baseline=5,
                checkpoints=(Checkpoint(date(2026, 3, 31), 8), Checkpoint(date(2026, 6, 30), 20)))
    assert plan_points(plan) == (
        (date(2025, 12, 31), 5.0), (date(2026, 3, 31), 8.0), (date(2026, 6, 30), 20.0),
        (date(2026, 12, 31), 40.0),
    )


def test_a_monthly_habit_steps_up_at_the_end_of_every_month():
    plan = Plan(HABIT, date(2026, 1, 1), date(2026, 12, 31), target=2, cadence=MONTH)
    points = plan_points(plan)
    assert points[0] == (date(2025, 12, 31), 0.0)
    assert points[1:3] == ((date(2026, 1, 31), 1.0), (date(2026, 2, 28), 2.0))
    assert points[-1] == (date(2026, 12, 31), 12.0) and len(points) == 13


def test_a_weekly_habit_counts_a_partial_last_week():
    plan = Plan(HABIT, date(2026, 1, 1), date(2026, 1, 20), target=1, cadence=WEEK)
    assert plan_points(plan) == (
        (date(2025, 12, 31), 0.0), (date(2026, 1, 7), 1.0), (date(2026, 1, 14), 2.0),
        (date(2026, 1, 20), 3.0),
    )


def test_a_leap_year_monthly_habit_ends_february_on_the_29th():
    plan = Plan(HABIT, date(2024, 1, 1), date(2024, 12, 31), target=1, cadence=MONTH)
    assert plan_points(plan)[2] == (date(2024, 2, 29), 2.0)


def test_a_milestone_jumps_on_its_planned_date():
    plan = Plan(MILESTONE, date(2026, 1, 1), date(2026, 12, 31), target=1,
                due=date(2026, 6, 30))
    assert plan_points(plan) == (
        (date(2026, 1, 1), 0.0), (date(2026, 6, 29), 0.0), (date(2026, 6, 30), 1.0),
        (date(2026, 12, 31), 1.0),
    )


def test_a_milestone_without_a_planned_date_is_due_at_the_end():
    plan = Plan(MILESTONE, date(2026, 1, 1), date(2026, 12, 31), target=1)
    assert plan_points(plan)[1:3] == ((date(2026, 12, 30), 0.0), (date(2026, 12, 31), 1.0))


def test_a_limit_is_flat_at_its_threshold():
    plan = Plan(LIMIT, date(2026, 2, 1), date(2026, 11, 30), target=7, direction=AT_LEAST)
    assert plan_points(plan) == ((date(2026, 2, 1), 7.0), (date(2026, 11, 30), 7.0))


# --- goal_series ----------------------------------------------------------------------------------


def test_goal_series_keeps_every_plan_version_and_only_values_up_to_today():
    original = count_plan(2026, 40)
    revised = count_plan(2026, 30)
    updates = [
        Update(date(2026, 3, 1), 5, enjoyment=4, seq=1),
        Update(date(2026, 4, 1), None, enjoyment=2, seq=2),  # feelings only
        Update(date(2026, 6, 1), 11, seq=3),
        Update(date(2026, 8, 1), 20, seq=4),  # after today
    ]
    today = date(2026, 7, 1)
    plans = [("Original plan", original), ("Plan of 1 May", revised)]
    series = goal_series("Posts", "posts", plans, updates, today, pace(revised, updates, today),
                         [])
    assert [(line.label, line.original) for line in series.plans] == [
        ("Original plan", True), ("Plan of 1 May", False)]
    assert series.plans[1].points[-1] == (date(2026, 12, 31), 30.0)
    assert series.actual == ((date(2026, 3, 1), 5.0), (date(2026, 6, 1), 11.0))
    assert series.projection[0] == (today, 11.0)
    assert series.projection[1][0] == date(2026, 12, 31)
    assert series.band[0][0] == date(2026, 1, 1) and series.band[-1][0] == today
    assert series.target == 30 and series.status == pace(revised, updates, today).status


def test_goal_series_of_an_ended_goal_has_no_projection():
    plan = Plan(COUNT, date(2026, 1, 1), date(2026, 3, 31), target=10)
    updates = [Update(date(2026, 3, 1), 6, seq=1)]
    today = date(2026, 7, 1)
    series = goal_series("Short", "", [("Original plan", plan)], updates, today,
                         pace(plan, updates, today), [])
    assert series.projection == ()
    assert series.band[-1][0] == date(2026, 3, 31)
