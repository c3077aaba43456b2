"""The year-in-review post's words: outcomes, plans, anchors and table cells."""

from __future__ import annotations

from datetime import date

from journal.domain.plans import COUNT, HABIT, LIMIT, MILESTONE, WEEK, Plan
from journal.domain.progress import Update, habit_stats, pace
from journal.domain.review import anchor, outcome, plain_text, plan_text, revised, verdict

YEAR_END = date(2025, 12, 31)


def count_pace(actual: float, on: date):
    plan = Plan(COUNT, date(2025, 1, 1), YEAR_END, target=40)
    return pace(plan, [Update(date(2025, 3, 1), actual, seq=1)], on)


def test_a_count_goal_at_the_year_end_says_what_was_reached():
    assert outcome(COUNT, count_pace(31, YEAR_END), 40, "posts", YEAR_END, True) == (
        "31 of 40 posts (78%)")


def test_a_count_goal_in_a_year_under_way_says_so_and_what_the_plan_expected():
    on = date(2025, 7, 1)
    assert outcome(COUNT, count_pace(18, on), 40, "posts", on, False) == (
        "18 of 40 posts so far (45%); the plan expected 19.9 by 1 Jul")


def test_a_count_goal_without_a_unit_counts_units():
    assert outcome(COUNT, count_pace(4, YEAR_END), 40, "", YEAR_END, True).startswith(
        "4 of 40 units")


def test_a_milestone_is_done_or_not():
    plan = Plan(MILESTONE, date(2025, 1, 1), YEAR_END, target=1, due=date(2025, 6, 30))
    done = pace(plan, [Update(date(2025, 5, 2), 1, seq=1)], YEAR_END)
    assert outcome(MILESTONE, done, 1, "", YEAR_END, True) == "done"
    waiting = pace(plan, [], date(2025, 3, 1))
    assert outcome(MILESTONE, waiting, 1, "", date(2025, 3, 1), False) == "not done so far"


def test_a_habit_counts_periods_met_and_its_longest_streak():
    plan = Plan(HABIT, date(2025, 1, 6), date(2025, 2, 2), target=1, cadence=WEEK)
    updates = [Update(date(2025, 1, day), 1, seq=day) for day in (7, 14, 21)]
    after = date(2025, 2, 3)  # the last week is judged once it is over
    stats = habit_stats(plan, updates, after)
    line = outcome(HABIT, pace(plan, updates, after), 1, "", after, True, stats, WEEK)
    assert line == "met 3 of 4 weeks, longest streak 3"


def test_a_limit_compares_the_measure_with_its_bound():
    plan = Plan(LIMIT, date(2025, 1, 1), YEAR_END, target=5, direction="at_most")
    measured = pace(plan, [Update(date(2025, 6, 1), 4.25, seq=1)], YEAR_END)
    assert outcome(LIMIT, measured, 5, "hours", YEAR_END, True, direction="at_most") == (
        "4.25 hours against at most 5")


def test_a_dropped_goal_gives_its_reason_once():
    assert verdict("dropped", "Chose work over it.") == "dropped: Chose work over it"
    assert verdict("dropped") == "dropped"
    assert verdict("on track", "ignored") == "on track"


def test_a_revision_says_from_what_to_what_and_why():
    assert revised("40 posts", "30 posts", date(2025, 7, 1), "Fewer, better.") == (
        "The plan went from 40 posts to 30 posts on 1 Jul: Fewer, better.")
    assert revised("done by 30 Jun", "done by 30 Sep", date(2025, 5, 2)) == (
        "The plan went from done by 30 Jun to done by 30 Sep on 2 May.")


def test_plans_read_in_a_few_words():
    assert plan_text(COUNT, 40, "posts") == "40 posts"
    assert plan_text(MILESTONE, 1, "", due=date(2025, 6, 30)) == "done by 30 Jun"
    assert plan_text(HABIT, 2, "", cadence=WEEK) == "2 a week"
    assert plan_text(LIMIT, 5, "hours", direction="at_most") == "at most 5 hours"
    assert plan_text(LIMIT, 4, "", direction="at_least") == "at least 4"


def test_anchors_are_what_markdown_renderers_make_of_headings():
    assert anchor("What I learned") == "what-i-learned"
    assert anchor("Looking ahead to 2026") == "looking-ahead-to-2026"
    assert anchor("Side products") == "side-products"
    assert anchor("Health & fitness!") == "health--fitness"
    assert anchor("Écrire") == "écrire"


def test_plain_text_stays_on_one_line_and_escapes_markdown():
    assert plain_text("Read | write\nmore") == "Read \\| write more"
    assert plain_text("<img src=x onerror=alert(1)>") == "\\<img src=x onerror=alert(1)\\>"
    assert plain_text("x](javascript:alert(1))") == "x\\](javascript:alert(1))"
    assert plain_text("*a* _b_ `c` # &amp; ~d~ !{e}") == (
        "\\*a\\* \\_b\\_ \\`c\\` \\# \\&amp; \\~d\\~ \\!\\{e\\}")
    assert plain_text("Ship 3 posts (was 5).") == "Ship 3 posts (was 5)."
