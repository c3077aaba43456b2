"""Goal plans: planned values of every kind on real dates, validation, checkpoint text.

Time convention under test: a value "on" a date is the value at the END of that day. A plan
starts from its baseline at the very beginning of its start date and reaches its target at
the end of its end date, so day N of a plan (Jan 1 is day 1) has N/span of the way done.

Day-of-year numbers used in the hand calculations (2025, not a leap year):
Jan 31 = 31, Feb 28 = 59, Mar 31 = 90, Apr 30 = 120, May 31 = 151, Jun 30 = 181,
Jul 1 = 182, Sep 30 = 273, Dec 31 = 365. In 2024 (leap) every day from Feb 29 on is one more:
Feb 29 = 60, Jul 1 = 183, Dec 31 = 366.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import journal.domain
from journal.domain.plans import (
    AT_LEAST,
    AT_MOST,
    COUNT,
    HABIT,
    LIMIT,
    MAX_CHECKPOINTS,
    MILESTONE,
    MONTH,
    WEEK,
    Checkpoint,
    Plan,
    by_period,
    format_checkpoints,
    format_number,
    habit_periods,
    in_force,
    parse_checkpoints,
    period_target,
    planned_value,
    validate_plan,
)


def d(text: str) -> date:
    return date.fromisoformat(text)


def count_plan(target=52.0, start="2025-01-01", end="2025-12-31", **kwargs) -> Plan:
    return Plan(kind=COUNT, start=d(start), end=d(end), target=target, **kwargs)


def habit_plan(cadence=WEEK, start="2025-01-01", end="2025-12-31", target=1.0, **kwargs) -> Plan:
    return Plan(kind=HABIT, start=d(start), end=d(end), target=target, cadence=cadence, **kwargs)


def every_day(start: date, end: date):
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


# A "slow first quarter" plan: 5 posts by the end of March, 20 by the end of June, 52 by the
# end of the year.
SLOW_START = count_plan(
    checkpoints=(Checkpoint(d("2025-03-31"), 5.0), Checkpoint(d("2025-06-30"), 20.0)),
)


# --- count, linear ---------------------------------------------------------------------------


class TestLinearCount:
    def test_a_52_post_year_after_the_first_day_expects_one_365th_of_the_posts(self):
        # Jan 1 is day 1 of 365.
        assert planned_value(count_plan(), d("2025-01-01")) == pytest.approx(52 / 365)

    def test_on_july_1_it_expects_182_days_worth(self):
        # Jul 1 is day 182: 52 * 182 / 365 = 25.93 posts, a little over half.
        value = planned_value(count_plan(), d("2025-07-01"))
        assert value == pytest.approx(52 * 182 / 365)
        assert value == pytest.approx(25.9287, abs=1e-4)

    def test_on_december_31_it_is_exactly_on_target(self):
        assert planned_value(count_plan(), d("2025-12-31")) == 52

    def test_the_day_before_the_end_is_one_day_short(self):
        # Dec 30 is day 364: 52 * 364 / 365.
        assert planned_value(count_plan(), d("2025-12-30")) == pytest.approx(52 * 364 / 365)

    def test_before_the_start_the_plan_is_at_the_baseline(self):
        assert planned_value(count_plan(), d("2024-12-31")) == 0
        assert planned_value(count_plan(), d("2020-06-15")) == 0

    def test_after_the_end_the_plan_stays_at_the_target(self):
        assert planned_value(count_plan(), d("2026-01-01")) == 52
        assert planned_value(count_plan(), d("2030-06-15")) == 52

    def test_a_baseline_of_10_grows_to_40(self):
        plan = count_plan(target=40.0, baseline=10.0)
        # 30 units to add over 365 days.
        assert planned_value(plan, d("2024-12-31")) == 10
        assert planned_value(plan, d("2025-01-01")) == pytest.approx(10 + 30 / 365)
        # Jul 1, day 182: 10 + 30 * 182 / 365 = 24.96.
        assert planned_value(plan, d("2025-07-01")) == pytest.approx(10 + 30 * 182 / 365)
        assert planned_value(plan, d("2025-12-31")) == 40
        assert planned_value(plan, d("2026-01-01")) == 40

    def test_a_spring_goal_grows_half_a_unit_a_day(self):
        # March 1 to May 31 is 31 + 30 + 31 = 92 days; 46 units over 92 days is 0.5 a day.
        plan = count_plan(target=46.0, start="2025-03-01", end="2025-05-31")
        assert planned_value(plan, d("2025-02-28")) == 0
        assert planned_value(plan, d("2025-03-01")) == pytest.approx(0.5)
        assert planned_value(plan, d("2025-03-31")) == pytest.approx(15.5)  # day 31
        assert planned_value(plan, d("2025-04-30")) == pytest.approx(30.5)  # day 61
        assert planned_value(plan, d("2025-05-30")) == pytest.approx(45.5)  # day 91
        assert planned_value(plan, d("2025-05-31")) == 46
        assert planned_value(plan, d("2025-06-01")) == 46

    def test_a_one_day_goal_is_due_at_the_end_of_that_day(self):
        plan = count_plan(target=3.0, start="2025-05-05", end="2025-05-05")
        assert planned_value(plan, d("2025-05-04")) == 0
        assert planned_value(plan, d("2025-05-05")) == 3


class TestLeapYear:
    PLAN = count_plan(start="2024-01-01", end="2024-12-31")

    def test_february_29_is_day_60_of_366(self):
        assert planned_value(self.PLAN, d("2024-02-29")) == pytest.approx(52 * 60 / 366)

    def test_the_day_after_february_28_is_february_29_not_march_1(self):
        feb_28 = planned_value(self.PLAN, d("2024-02-28"))
        feb_29 = planned_value(self.PLAN, d("2024-02-29"))
        mar_1 = planned_value(self.PLAN, d("2024-03-01"))
        assert feb_29 - feb_28 == pytest.approx(52 / 366)
        assert mar_1 - feb_29 == pytest.approx(52 / 366)

    def test_december_31_is_on_target_and_december_30_is_not(self):
        assert planned_value(self.PLAN, d("2024-12-31")) == 52
        assert planned_value(self.PLAN, d("2024-12-30")) == pytest.approx(52 * 365 / 366)

    def test_july_1_is_exactly_half_way_in_a_leap_year(self):
        # 2024: Jul 1 is day 183 of 366, exactly half: 26 posts.
        # 2025: Jul 1 is day 182 of 365: 25.93 posts.
        leap = planned_value(self.PLAN, d("2024-07-01"))
        common = planned_value(count_plan(), d("2025-07-01"))
        assert leap == pytest.approx(26)
        assert common == pytest.approx(52 * 182 / 365)
        assert leap - common == pytest.approx(26 - 52 * 182 / 365)
        assert leap != pytest.approx(common)


# --- count, checkpoints ----------------------------------------------------------------------


class TestCheckpoints:
    def test_checkpoint_dates_get_exactly_the_planned_values(self):
        assert planned_value(SLOW_START, d("2025-03-31")) == pytest.approx(5)
        assert planned_value(SLOW_START, d("2025-06-30")) == pytest.approx(20)
        assert planned_value(SLOW_START, d("2025-12-31")) == 52

    def test_the_first_stretch_runs_from_the_baseline_to_the_first_checkpoint(self):
        # 5 posts over 90 days: Jan 18 (day 18) expects 5 * 18 / 90 = 1 post.
        assert planned_value(SLOW_START, d("2025-01-18")) == pytest.approx(1)
        # The straight-line plan would expect 52 * 18 / 365 = 2.56 by then.
        assert planned_value(count_plan(), d("2025-01-18")) == pytest.approx(2.5644, abs=1e-4)

    def test_between_checkpoints_the_plan_is_a_straight_line(self):
        # Mar 31 (day 90) -> Jun 30 (day 181): 15 posts over 91 days.
        # May 15 is day 135: 5 + 15 * (135 - 90) / 91 = 5 + 675 / 91 = 12.42.
        assert planned_value(SLOW_START, d("2025-05-15")) == pytest.approx(5 + 15 * 45 / 91)

    def test_the_last_stretch_runs_from_the_last_checkpoint_to_the_target(self):
        # Jun 30 (day 181) -> Dec 31 (day 365): 32 posts over 184 days.
        # Sep 30 is day 273, half way: 20 + 32 * 92 / 184 = 36.
        assert planned_value(SLOW_START, d("2025-09-30")) == pytest.approx(36)

    def test_the_plan_never_goes_down_over_the_whole_year(self):
        days = list(every_day(d("2024-12-31"), d("2026-01-01")))
        values = [planned_value(SLOW_START, day) for day in days]
        assert values[0] == 0
        assert values[-1] == 52
        assert all(a <= b for a, b in zip(values, values[1:], strict=False))

    def test_a_flat_stretch_is_allowed_and_flat(self):
        # No progress planned in August: 20 by Jul 31, still 20 by Aug 31.
        plan = count_plan(
            checkpoints=(Checkpoint(d("2025-07-31"), 20.0), Checkpoint(d("2025-08-31"), 20.0))
        )
        assert not validate_plan(plan)
        assert planned_value(plan, d("2025-08-15")) == pytest.approx(20)


@st.composite
def valid_count_plans(draw):
    start = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)))
    span = draw(st.integers(min_value=1, max_value=800))
    end = start + timedelta(days=span - 1)
    baseline = draw(st.integers(min_value=0, max_value=1000))
    target = baseline + draw(st.integers(min_value=1, max_value=1000))
    # Checkpoints fall from the start date up to the day before the end date.
    offsets = sorted(
        draw(st.sets(st.integers(min_value=0, max_value=span - 2), max_size=6)) if span > 1 else ()
    )
    values = sorted(
        draw(
            st.lists(
                st.integers(min_value=baseline, max_value=target),
                min_size=len(offsets),
                max_size=len(offsets),
            )
        )
    )
    checkpoints = tuple(
        Checkpoint(start + timedelta(days=offset), float(value))
        for offset, value in zip(offsets, values, strict=True)
    )
    return Plan(
        kind=COUNT,
        start=start,
        end=end,
        target=float(target),
        baseline=float(baseline),
        checkpoints=checkpoints,
    )


@given(valid_count_plans())
def test_any_valid_count_plan_grows_from_baseline_to_target_through_its_checkpoints(plan):
    assert not validate_plan(plan)
    before = planned_value(plan, plan.start - timedelta(days=1))
    assert before == plan.baseline
    previous = before
    for day in every_day(plan.start, plan.end + timedelta(days=1)):
        value = planned_value(plan, day)
        assert plan.baseline <= value <= plan.target
        assert value >= previous
        previous = value
    assert planned_value(plan, plan.end) == plan.target
    for checkpoint in plan.checkpoints:
        assert planned_value(plan, checkpoint.on) == pytest.approx(checkpoint.value)


# --- plans revised mid-year ------------------------------------------------------------------


class TestRevisedPlan:
    ORIGINAL = count_plan()
    # By the end of June only 18 posts are written; the revised plan keeps that as a
    # checkpoint and lowers the target to 40.
    REVISED = dataclasses.replace(
        ORIGINAL, target=40.0, checkpoints=(Checkpoint(d("2025-06-30"), 18.0),)
    )

    def test_the_revision_is_a_valid_plan(self):
        assert not validate_plan(self.REVISED)

    def test_the_revised_plan_goes_through_the_value_reached_to_the_lower_target(self):
        assert planned_value(self.REVISED, d("2025-06-30")) == pytest.approx(18)
        # Jun 30 (day 181) -> Dec 31 (day 365): 22 posts over 184 days.
        # Sep 30, day 273: 18 + 22 * 92 / 184 = 29.
        assert planned_value(self.REVISED, d("2025-09-30")) == pytest.approx(29)
        assert planned_value(self.REVISED, d("2025-12-31")) == 40
        # Before the checkpoint: 18 posts over 181 days; Mar 31 is day 90.
        assert planned_value(self.REVISED, d("2025-03-31")) == pytest.approx(18 * 90 / 181)

    def test_the_original_plan_is_unchanged(self):
        assert self.ORIGINAL.target == 52
        assert self.ORIGINAL.checkpoints == ()
        # Jun 30 is day 181: 52 * 181 / 365 = 25.79, not the revised 18.
        assert planned_value(self.ORIGINAL, d("2025-06-30")) == pytest.approx(52 * 181 / 365)
        assert planned_value(self.ORIGINAL, d("2025-09-30")) == pytest.approx(52 * 273 / 365)
        assert planned_value(self.ORIGINAL, d("2025-12-31")) == 52

    def test_a_plan_cannot_be_changed_in_place(self):
        with pytest.raises(dataclasses.FrozenInstanceError):
            self.ORIGINAL.target = 40.0  # type: ignore[misc]
        with pytest.raises(dataclasses.FrozenInstanceError):
            self.REVISED.checkpoints[0].value = 1.0  # type: ignore[misc]
        assert self.ORIGINAL.target == 52


# --- habit -----------------------------------------------------------------------------------


class TestHabit:
    def test_weekly_over_2025_gives_53_periods_the_last_being_december_31_alone(self):
        # 365 days = 52 weeks of 7 + 1 day.
        periods = habit_periods(habit_plan())
        assert len(periods) == 53
        assert periods[0] == (d("2025-01-01"), d("2025-01-07"))
        assert periods[51] == (d("2025-12-24"), d("2025-12-30"))
        assert periods[-1] == (d("2025-12-31"), d("2025-12-31"))

    def test_weeks_are_counted_from_the_start_date_not_from_mondays(self):
        # 2025-01-01 is a Wednesday; the first week ends on Tuesday Jan 7.
        assert d("2025-01-01").weekday() == 2
        assert habit_periods(habit_plan())[1] == (d("2025-01-08"), d("2025-01-14"))

    def test_planned_value_counts_the_weeks_completed(self):
        plan = habit_plan(target=3.0)
        assert planned_value(plan, d("2024-12-31")) == 0
        assert planned_value(plan, d("2025-01-06")) == 0  # day 6: the first week is not over
        assert planned_value(plan, d("2025-01-07")) == 1  # day 7
        assert planned_value(plan, d("2025-01-21")) == 3  # three full weeks: days 1-21
        assert planned_value(plan, d("2025-12-30")) == 52
        assert planned_value(plan, d("2025-12-31")) == 53
        assert planned_value(plan, d("2026-02-01")) == 53

    def test_monthly_over_2024_gives_12_calendar_months_with_a_29_day_february(self):
        plan = habit_plan(cadence=MONTH, start="2024-01-01", end="2024-12-31")
        periods = habit_periods(plan)
        assert len(periods) == 12
        assert periods[1] == (d("2024-02-01"), d("2024-02-29"))
        assert periods[-1] == (d("2024-12-01"), d("2024-12-31"))
        assert planned_value(plan, d("2024-02-28")) == 1
        assert planned_value(plan, d("2024-02-29")) == 2
        assert planned_value(plan, d("2024-12-31")) == 12

    def test_a_habit_starting_mid_month_has_a_short_first_month(self):
        plan = habit_plan(cadence=MONTH, start="2025-01-15", end="2025-03-31")
        assert list(habit_periods(plan)) == [
            (d("2025-01-15"), d("2025-01-31")),
            (d("2025-02-01"), d("2025-02-28")),
            (d("2025-03-01"), d("2025-03-31")),
        ]
        assert planned_value(plan, d("2025-01-30")) == 0
        assert planned_value(plan, d("2025-01-31")) == 1
        assert planned_value(plan, d("2025-02-28")) == 2
        assert planned_value(plan, d("2025-03-31")) == 3

    def test_a_habit_ending_mid_month_has_a_short_last_month(self):
        plan = habit_plan(cadence=MONTH, start="2025-01-01", end="2025-02-10")
        assert habit_periods(plan)[-1] == (d("2025-02-01"), d("2025-02-10"))

    def test_an_unknown_cadence_is_an_error_not_a_silent_guess(self):
        with pytest.raises(ValueError, match="cadence"):
            habit_periods(habit_plan(cadence="fortnight"))


@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
    length=st.integers(min_value=0, max_value=800),
    cadence=st.sampled_from([WEEK, MONTH]),
)
def test_habit_periods_cover_every_day_once_in_order(start, length, cadence):
    plan = habit_plan(cadence=cadence, start=start.isoformat(),
                      end=(start + timedelta(days=length)).isoformat())
    periods = habit_periods(plan)
    assert periods[0][0] == plan.start
    assert periods[-1][1] == plan.end
    for (_, last), (first, _) in zip(periods, periods[1:], strict=False):
        assert first == last + timedelta(days=1)
    for first, last in periods:
        assert first <= last
        if cadence == WEEK:
            # Every week is 7 days long except perhaps the last.
            assert (last - first).days == 6 or last == plan.end
        else:
            assert (first.year, first.month) == (last.year, last.month)
            assert first.day == 1 or first == plan.start
            assert (last + timedelta(days=1)).day == 1 or last == plan.end
    assert planned_value(plan, plan.end) == len(periods)


@given(
    start=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    length=st.integers(min_value=0, max_value=400),
    cadence=st.sampled_from([WEEK, MONTH]),
    offsets=st.lists(st.integers(min_value=-40, max_value=440), max_size=60),
)
def test_by_period_groups_like_a_filter_per_period(start, length, cadence, offsets):
    plan = habit_plan(cadence=cadence, start=start.isoformat(),
                      end=(start + timedelta(days=length)).isoformat())
    dated = dataclasses.make_dataclass("Dated", ["on", "n"])
    items = [dated(start + timedelta(days=offset), n) for n, offset in enumerate(offsets)]
    expected = [[item for item in items if first <= item.on <= last]
                for first, last in habit_periods(plan)]
    assert by_period(plan, items) == expected


# --- milestone and limit ---------------------------------------------------------------------


class TestMilestone:
    PLAN = Plan(kind=MILESTONE, start=d("2025-01-01"), end=d("2025-12-31"), target=1.0,
                due=d("2025-06-15"))

    def test_it_is_not_planned_before_the_due_date_and_planned_from_it_on(self):
        assert planned_value(self.PLAN, d("2025-01-01")) == 0
        assert planned_value(self.PLAN, d("2025-06-14")) == 0
        assert planned_value(self.PLAN, d("2025-06-15")) == 1
        assert planned_value(self.PLAN, d("2025-12-31")) == 1
        assert planned_value(self.PLAN, d("2026-03-01")) == 1

    def test_without_a_due_date_it_is_due_on_the_end_date(self):
        plan = dataclasses.replace(self.PLAN, due=None)
        assert planned_value(plan, d("2025-06-15")) == 0
        assert planned_value(plan, d("2025-12-30")) == 0
        assert planned_value(plan, d("2025-12-31")) == 1


class TestLimit:
    @pytest.mark.parametrize("direction", [AT_LEAST, AT_MOST])
    @pytest.mark.parametrize("on", ["2024-06-01", "2025-01-01", "2025-07-01", "2025-12-31",
                                    "2027-01-01"])
    def test_the_threshold_is_the_plan_on_every_date(self, direction, on):
        plan = Plan(kind=LIMIT, start=d("2025-01-01"), end=d("2025-12-31"), target=7.5,
                    direction=direction)
        assert planned_value(plan, d(on)) == 7.5


def test_a_habit_period_asks_for_the_target_in_force_when_it_began():
    revised = habit_plan(target=3.0, targets=((d("2025-01-01"), 1.0), (d("2025-04-01"), 2.0),
                                              (d("2025-09-10"), 3.0)))
    assert [period_target(revised, d(day)) for day in (
        "2025-01-01", "2025-03-31", "2025-04-01", "2025-09-09", "2025-09-10", "2025-12-31")
    ] == [1.0, 1.0, 2.0, 2.0, 3.0, 3.0]
    assert period_target(habit_plan(target=2.0), d("2025-01-01")) == 2.0  # never revised
    # Version 1 is in force from the start, even when written down after version 2's date.
    assert [in_force(((d("2025-07-01"), "v1"), (d("2025-04-01"), "v2")), d(day))
            for day in ("2025-03-31", "2025-04-01", "2025-07-02")] == ["v1", "v2", "v2"]


def test_an_unknown_kind_is_an_error():
    with pytest.raises(ValueError, match="unknown goal kind"):
        planned_value(Plan(kind="streak", start=d("2025-01-01"), end=d("2025-12-31"),
                           target=1.0), d("2025-06-01"))


# --- validation ------------------------------------------------------------------------------


VALID_PLANS = {
    "count": count_plan(),
    "count with baseline": count_plan(target=40.0, baseline=10.0),
    "count with checkpoints": SLOW_START,
    "count on one day": count_plan(start="2025-05-05", end="2025-05-05"),
    "weekly habit": habit_plan(target=3.0, allowed_skips=4),
    "monthly habit": habit_plan(cadence=MONTH, target=2.0, allowed_skips=11),
    "milestone": Plan(kind=MILESTONE, start=d("2025-01-01"), end=d("2025-12-31"), target=1.0,
                      due=d("2025-06-15")),
    "milestone due on the start date": Plan(kind=MILESTONE, start=d("2025-01-01"),
                                            end=d("2025-12-31"), target=1.0,
                                            due=d("2025-01-01")),
    "milestone without due date": Plan(kind=MILESTONE, start=d("2025-01-01"),
                                       end=d("2025-12-31"), target=1.0),
    "limit at most": Plan(kind=LIMIT, start=d("2025-01-01"), end=d("2025-12-31"), target=5.0,
                          direction=AT_MOST),
    "limit at least zero": Plan(kind=LIMIT, start=d("2025-01-01"), end=d("2025-12-31"),
                                target=0.0, direction=AT_LEAST),
}


@pytest.mark.parametrize("plan", VALID_PLANS.values(), ids=VALID_PLANS.keys())
def test_valid_plans_of_every_kind_have_no_problems(plan):
    problems = validate_plan(plan)
    assert not problems
    assert problems.by_field == {}


def problems_of(plan: Plan) -> dict[str, str]:
    problems = validate_plan(plan)
    assert problems  # a GoalProblems with messages is truthy
    return problems.by_field


class TestValidation:
    @pytest.mark.parametrize("plan", VALID_PLANS.values(), ids=VALID_PLANS.keys())
    def test_an_end_before_the_start_is_rejected_for_every_kind(self, plan):
        backwards = dataclasses.replace(plan, start=d("2026-01-01"), end=d("2025-12-31"))
        assert set(problems_of(backwards)) == {"end_date"}
        assert "before the start date" in problems_of(backwards)["end_date"]

    def test_an_unknown_kind_is_rejected(self):
        assert set(problems_of(dataclasses.replace(count_plan(), kind="streak"))) == {"kind"}

    @pytest.mark.parametrize("target", [0.0, -1.0, -52.0])
    def test_count_targets_must_be_positive(self, target):
        assert "more than zero" in problems_of(count_plan(target=target))["target"]

    @pytest.mark.parametrize("target", [0.0, -1.0])
    def test_habit_targets_must_be_positive(self, target):
        assert "at least 1" in problems_of(habit_plan(target=target))["target"]

    @pytest.mark.parametrize("baseline", [52.0, 60.0])
    def test_a_baseline_at_or_above_the_target_is_rejected(self, baseline):
        message = problems_of(count_plan(baseline=baseline))["baseline"]
        assert "below the target" in message

    def test_a_negative_baseline_is_rejected(self):
        assert "negative" in problems_of(count_plan(baseline=-1.0))["baseline"]

    def test_checkpoints_out_of_order_name_both_dates(self):
        plan = count_plan(
            checkpoints=(Checkpoint(d("2025-06-30"), 20.0), Checkpoint(d("2025-03-31"), 5.0))
        )
        message = problems_of(plan)["checkpoints"]
        assert "date order" in message
        assert "2025-03-31" in message
        assert "2025-06-30" in message

    def test_two_checkpoints_on_the_same_date_are_rejected(self):
        plan = count_plan(
            checkpoints=(Checkpoint(d("2025-03-31"), 5.0), Checkpoint(d("2025-03-31"), 6.0))
        )
        assert "date order" in problems_of(plan)["checkpoints"]

    @pytest.mark.parametrize("on", ["2024-12-31", "2025-12-31", "2026-03-31"])
    def test_a_checkpoint_outside_the_goal_dates_is_rejected(self, on):
        # The end date itself is excluded: the target is the plan on that day.
        plan = count_plan(checkpoints=(Checkpoint(d(on), 5.0),))
        message = problems_of(plan)["checkpoints"]
        assert on in message
        assert "outside" in message

    def test_a_checkpoint_on_the_start_date_is_accepted(self):
        assert not validate_plan(count_plan(checkpoints=(Checkpoint(d("2025-01-01"), 1.0),)))

    def test_a_decreasing_checkpoint_value_is_rejected(self):
        plan = count_plan(
            checkpoints=(Checkpoint(d("2025-03-31"), 20.0), Checkpoint(d("2025-06-30"), 5.0))
        )
        message = problems_of(plan)["checkpoints"]
        assert "2025-06-30" in message
        assert "only grows" in message

    def test_a_checkpoint_above_the_target_is_rejected(self):
        plan = count_plan(checkpoints=(Checkpoint(d("2025-06-30"), 60.0),))
        assert "target 52" in problems_of(plan)["checkpoints"]

    def test_a_checkpoint_below_the_baseline_is_rejected(self):
        plan = count_plan(baseline=10.0, checkpoints=(Checkpoint(d("2025-06-30"), 5.0),))
        assert "from 10" in problems_of(plan)["checkpoints"]

    @pytest.mark.parametrize("target", [2.5, 0.5])
    def test_a_habit_needs_a_whole_number_of_times(self, target):
        assert "whole number" in problems_of(habit_plan(target=target))["target"]

    @pytest.mark.parametrize("cadence", [None, "fortnight"])
    def test_a_habit_needs_a_cadence(self, cadence):
        assert set(problems_of(habit_plan(cadence=cadence))) == {"cadence"}

    def test_a_habit_must_allow_fewer_skips_than_periods(self):
        # January 1-14 is two weeks: one skip is fine, two would mean nothing to do.
        two_weeks = habit_plan(end="2025-01-14")
        assert len(habit_periods(two_weeks)) == 2
        assert not validate_plan(dataclasses.replace(two_weeks, allowed_skips=1))
        for skips in (2, 3):
            plan = dataclasses.replace(two_weeks, allowed_skips=skips)
            assert "fewer skips" in problems_of(plan)["allowed_skips"]
        # 2025 has 12 months: 12 skips are too many.
        monthly = habit_plan(cadence=MONTH, allowed_skips=12)
        assert set(problems_of(monthly)) == {"allowed_skips"}

    def test_negative_skips_are_rejected(self):
        assert "negative" in problems_of(habit_plan(allowed_skips=-1))["allowed_skips"]

    @pytest.mark.parametrize("due", ["2024-12-31", "2026-01-01"])
    def test_a_milestone_due_outside_the_goal_dates_is_rejected(self, due):
        plan = dataclasses.replace(VALID_PLANS["milestone"], due=d(due))
        assert set(problems_of(plan)) == {"due_date"}

    def test_a_negative_limit_is_rejected(self):
        plan = dataclasses.replace(VALID_PLANS["limit at most"], target=-1.0)
        assert "negative" in problems_of(plan)["target"]

    @pytest.mark.parametrize("direction", [None, "about"])
    def test_a_limit_needs_a_direction(self, direction):
        plan = dataclasses.replace(VALID_PLANS["limit at most"], direction=direction)
        assert set(problems_of(plan)) == {"direction"}

    def test_several_problems_are_reported_together(self):
        plan = Plan(kind=LIMIT, start=d("2025-01-01"), end=d("2025-12-31"), target=-3.0)
        assert set(problems_of(plan)) == {"direction", "target"}


# --- checkpoint text -------------------------------------------------------------------------


class TestParseCheckpoints:
    def test_good_lines_in_every_accepted_form(self):
        text = "2025-03-31: 5\n\n2025-06-30 = 20\n   \n2025-09-30, 36.5\n2025-10-31 40\n"
        checkpoints, errors = parse_checkpoints(text)
        assert errors == []
        assert checkpoints == [
            Checkpoint(d("2025-03-31"), 5.0),
            Checkpoint(d("2025-06-30"), 20.0),
            Checkpoint(d("2025-09-30"), 36.5),
            Checkpoint(d("2025-10-31"), 40.0),
        ]

    def test_empty_text_means_no_checkpoints(self):
        assert parse_checkpoints("") == ([], [])
        assert parse_checkpoints("\n  \n") == ([], [])

    def test_an_impossible_date_is_named_with_its_line(self):
        checkpoints, errors = parse_checkpoints("2025-02-30: 3")
        assert checkpoints == []
        assert len(errors) == 1
        assert "Line 1" in errors[0]
        assert "2025-02-30" in errors[0]
        assert "not a real date" in errors[0]

    def test_february_29_is_real_only_in_leap_years(self):
        assert parse_checkpoints("2024-02-29: 3") == ([Checkpoint(d("2024-02-29"), 3.0)], [])
        assert "not a real date" in parse_checkpoints("2025-02-29: 3")[1][0]

    def test_line_numbers_count_blank_lines(self):
        _, errors = parse_checkpoints("2025-03-31: 5\n\n2025-06-31: 20")
        assert errors == ["Line 3: 2025-06-31 is not a real date."]

    def test_a_value_that_is_not_a_number_is_rejected(self):
        checkpoints, errors = parse_checkpoints("2025-03-31: five")
        assert checkpoints == []
        assert "Line 1" in errors[0]
        assert "'five' is not a number" in errors[0]

    @pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "Infinity"])
    def test_nan_and_infinity_are_not_numbers(self, value):
        checkpoints, errors = parse_checkpoints(f"2025-03-31: {value}")
        assert checkpoints == []
        assert "is not a number" in errors[0]

    @pytest.mark.parametrize("line", ["5", "March 31: 5", "2025-3-31: 5", "2025-03-31",
                                      "2025-03-31: 5 posts"])
    def test_a_line_without_a_date_and_a_value_shows_the_expected_form(self, line):
        checkpoints, errors = parse_checkpoints(line)
        assert checkpoints == []
        assert errors == ['Line 1: write a date and a value, like "2025-03-31: 5".']

    def test_a_date_with_a_separator_but_no_value_is_rejected(self):
        # The separator is optional, so the ":" itself is read as the value (not a number).
        checkpoints, errors = parse_checkpoints("2025-03-31:")
        assert checkpoints == []
        assert len(errors) == 1
        assert errors[0].startswith("Line 1:")

    def test_every_bad_line_is_reported_and_good_ones_kept(self):
        checkpoints, errors = parse_checkpoints("2025-03-31: 5\noops\n2025-02-30: 3\n2025-06-30: x")
        assert checkpoints == [Checkpoint(d("2025-03-31"), 5.0)]
        assert [e.split(":")[0] for e in errors] == ["Line 2", "Line 3", "Line 4"]

    def test_at_most_max_checkpoints(self):
        start = d("2025-01-01")
        lines = [f"{(start + timedelta(days=i)).isoformat()}: {i}" for i in range(MAX_CHECKPOINTS)]
        checkpoints, errors = parse_checkpoints("\n".join(lines))
        assert len(checkpoints) == MAX_CHECKPOINTS
        assert errors == []
        lines.append(f"{(start + timedelta(days=MAX_CHECKPOINTS)).isoformat()}: 99")
        _, errors = parse_checkpoints("\n".join(lines))
        assert errors == [f"Use at most {MAX_CHECKPOINTS} checkpoints."]

    def test_the_slow_start_plan_round_trips_as_text(self):
        text = format_checkpoints(SLOW_START.checkpoints)
        assert text == "2025-03-31: 5\n2025-06-30: 20"
        assert parse_checkpoints(text) == (list(SLOW_START.checkpoints), [])

    def test_no_checkpoints_format_as_empty_text(self):
        assert format_checkpoints(()) == ""


@given(
    st.lists(
        st.builds(
            Checkpoint,
            on=st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)),
            # Values people type: whole numbers and numbers with up to two decimals.
            value=st.integers(min_value=-(10**9), max_value=10**9).map(lambda n: n / 100)
            | st.integers(min_value=0, max_value=10**9).map(float),
        ),
        max_size=MAX_CHECKPOINTS,
    )
)
def test_format_checkpoints_round_trips_through_parse_checkpoints(checkpoints):
    assert parse_checkpoints(format_checkpoints(checkpoints)) == (checkpoints, [])


@pytest.mark.parametrize(
    ("value", "text"), [(12.0, "12"), (2.5, "2.5"), (0.0, "0"), (40.25, "40.25"), (1e6, "1000000")]
)
def test_format_number_drops_a_trailing_point_zero(value, text):
    assert format_number(value) == text


def test_format_number_keeps_every_digit_of_large_whole_numbers():
    assert format_number(12345678901.0) == "12345678901"
    checkpoints = [Checkpoint(d("2025-06-30"), 12345678901.0)]
    assert parse_checkpoints(format_checkpoints(checkpoints)) == (checkpoints, [])


# --- purity ----------------------------------------------------------------------------------

DOMAIN_FILES = sorted(Path(journal.domain.__file__).parent.glob("*.py"))


def test_the_domain_package_has_the_plans_module():
    assert "plans.py" in {path.name for path in DOMAIN_FILES}


@pytest.mark.parametrize("path", DOMAIN_FILES, ids=lambda path: path.name)
@pytest.mark.parametrize(
    "forbidden",
    ["import flask", "from flask", "sqlalchemy", "matplotlib", "date.today(", "datetime.now(",
     "datetime.utcnow("],
)
def test_the_domain_uses_no_framework_database_charting_or_clock(path, forbidden):
    assert forbidden not in path.read_text(encoding="utf-8").lower()


@pytest.mark.parametrize("line", ["2025-03-315", "2025-03-31:", "2025-03-31"])
def test_a_checkpoint_needs_a_separator_and_a_value(line):
    checkpoints, errors = parse_checkpoints(line)
    assert checkpoints == []
    assert errors == ['Line 1: write a date and a value, like "2025-03-31: 5".']


def test_a_space_is_enough_between_date_and_value():
    assert parse_checkpoints("2025-03-31 5") == ([Checkpoint(d("2025-03-31"), 5.0)], [])
