"""The writer who found their topic, through 2027 and into 2028, in a real browser.

Output and enjoyment side by side: a weekly post written on plan while enjoyment falls (the
app flags it), a mid-year check-in, an autumn where enjoyment rises, the year-end, two goals
carried into 2028, the summary of both years and the year-in-review zip. The app's clock
moves by restarting it on the same database (journey_server); the browser stays logged in.

Accessibility and sideways-scroll problems (and a few checks that need not stop the journey)
are gathered along the way and reported together at the end, so that one run shows every
page that fails, not only the first.
"""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from pathlib import Path

import pytest
from helpers import register_in_browser
from journey import (
    Journey,
    add_goal,
    answer_for_goal,
    chart_shown,
    goal_item,
    log_step,
    start_year,
    start_year_form,
    walk,
)
from playwright.sync_api import Locator, Page, expect

pytestmark = pytest.mark.browser

PASSWORD = "a long enough passphrase 2027"
YEAR, NEXT = 2027, 2028

POSTS = "Publish 48 posts"
HABIT = "A post every week"
INTERVIEWS = "Interview 12 engineers"
TOPICS = "mixed-precision training, multimodal LLMs"
FLAG = "⚑ enjoyment falling"

# Spring: (today, posts added, how the writing felt, interviews added). The running total
# stays just above the straight-line plan to 48 while enjoyment falls one step a month.
SPRING = [
    ("2027-02-06", 5, "4", 0),
    ("2027-03-06", 4, "3", 1),
    ("2027-04-03", 4, "2", 0),
    ("2027-05-01", 3, "1", 2),
]
# Autumn, after the writer spread the writing over the week and started interviewing.
AUTUMN = [
    ("2027-08-07", 5, "3", 1),
    ("2027-09-04", 4, "4", 1),
    ("2027-10-02", 4, "5", 1),
    ("2027-11-06", 5, "5", 1),
]


def add_goal_on_january_3(journey: Journey, title: str, area: str, kind: str, fill,
                          shot: bool = False) -> None:
    """Add a goal to the year; set on January 3, the form's dates already cover it all."""

    def dates_and_shot(page: Page) -> None:
        expect(page.get_by_label("Start date", exact=True)).to_have_value(f"{YEAR}-01-01")
        expect(page.get_by_label("End date", exact=True)).to_have_value(f"{YEAR}-12-31")
        if shot:
            journey.accessible(f"1 new goal form, {title}")
            journey.shot("new-goal-form")

    add_goal(journey.page, YEAR, title, area, kind, fill, dates_and_shot)


def quick_log(page: Page, goal_url: str, title: str, step: int, enjoyment: str,
              note: str = "", topic: str = "") -> None:
    """Log `step` units today on the goal page, with how it felt."""
    page.goto(goal_url)
    log_step(page, title, step, enjoyment, note, topic)


def tick_habit(page: Page, year_url: str) -> None:
    """The one-tap "+1 time" of the habit on the year page, dated today."""
    page.goto(year_url)
    button = goal_item(page, HABIT).get_by_role("button", name=re.compile(r"^(\+1|Log one)"))
    expect(button).to_have_count(1)
    button.click()
    expect(page.get_by_role("status")).to_contain_text("Progress logged.")


def test_the_writer_who_found_their_topic(browser, journey_server, screenshot_dir):
    with walk(browser, screenshot_dir / "journey-writer", phone_suffix="375") as journey:
        walk_through_the_year(journey, journey_server)


def walk_through_the_year(journey: Journey, journey_server) -> None:
    page = journey.page
    # ---- 1. January 3: an account, an area, the year, the reflection, three goals. ----
    base = journey_server("2027-01-03")
    year_url = f"{base}/years/{YEAR}"
    register_in_browser(page, base, f"writer-{uuid.uuid4().hex[:8]}@example.org", PASSWORD)
    journey.accessible("1 dashboard, new account")
    journey.shot("dashboard-empty")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Areas").click()
    page.get_by_label("Name", exact=True).fill("Learning")
    page.get_by_role("button", name="Add area").click()
    expect(page.get_by_role("status")).to_contain_text("Area added.")
    expect(page.locator(".area-name")).to_have_text(
        ["Career", "Writing", "Side products", "Learning"]
    )
    journey.accessible("1 areas")
    journey.shot("areas")

    start_year(journey, YEAR, "1 start a year")
    expect(page).to_have_url(f"{year_url}/reflection/new-year")
    expect(page.get_by_role("heading", name=f"New-year reflection {YEAR}")).to_be_visible()
    page.get_by_label("Last year in one line", exact=True).fill(
        "I wrote a post every week, out of anxiety, late on Sunday nights."
    )
    page.get_by_label("What did not work", exact=True).fill(
        "Writing everything **on Sunday night**: the posts got done, and I dreaded them."
    )
    page.get_by_label("What changes this year", exact=True).fill(
        "- Spread the writing over the week\n- Talk to people who do the work"
    )
    page.get_by_label("A word or theme for the year", exact=True).fill("spread it out")
    journey.accessible("1 new-year reflection")
    journey.shot("new-year-reflection")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(year_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{YEAR} “spread it out”")
    reflection = page.get_by_role("region", name="New-year reflection")
    expect(reflection).to_contain_text("out of anxiety, late on Sunday nights")
    expect(reflection.get_by_role("listitem")).to_have_text(
        ["Spread the writing over the week", "Talk to people who do the work"]
    )
    expect(reflection.locator("strong")).to_have_text("on Sunday night")

    def posts_plan(p: Page) -> None:
        p.get_by_label("Target", exact=True).fill("48")
        p.get_by_label("Unit", exact=True).fill("posts")
        p.get_by_label("Focus topics (optional)", exact=True).fill(TOPICS)

    def habit_plan(p: Page) -> None:
        p.get_by_label("Times per period", exact=True).fill("1")
        p.get_by_label("Per", exact=True).select_option(label="week")
        p.get_by_label("Allowed skips (optional)", exact=True).fill("4")

    def interviews_plan(p: Page) -> None:
        p.get_by_label("Target", exact=True).fill("12")
        p.get_by_label("Unit", exact=True).fill("interviews")
        checkpoints = p.get_by_label("Checkpoints (optional)", exact=True)
        # The hint gives the format, with an example in the goal's own year.
        hint = p.locator(f"#{checkpoints.get_attribute('aria-describedby')}")
        expect(hint).to_contain_text(f"“date: planned total” per line, e.g. {YEAR}-03-31: 5")
        checkpoints.fill(f"{YEAR}-03-31: 1\n{YEAR}-06-30: 5")

    add_goal_on_january_3(journey, POSTS, "Writing", "Count", posts_plan)
    add_goal_on_january_3(journey, HABIT, "Writing", "Habit", habit_plan)
    add_goal_on_january_3(journey, INTERVIEWS, "Learning", "Count", interviews_plan, shot=True)

    page.reload()
    plans = {
        POSTS: f"48 posts by 31 Dec {YEAR}",
        HABIT: "1 time per week, 4 skips allowed",
        INTERVIEWS: f"12 interviews by 31 Dec {YEAR}, through 2 checkpoints",
    }
    for title, plan in plans.items():
        expect(goal_item(page, title).locator(".goal-plan")).to_have_text(plan)
    expect(goal_item(page, POSTS).locator(".pace-numbers")).to_contain_text("0 of 48 posts")
    goal_url = {
        title: base + page.get_by_role("link", name=title, exact=True).get_attribute("href")
        for title in plans
    }
    chart_shown(page.locator("figure.chart img").first)
    journey.accessible("1 year page, three goals")
    journey.shot("year-january")

    page.goto(goal_url[POSTS])
    facts = page.locator("dl.facts")
    expect(facts.locator("ul.topics li")).to_have_text(["mixed-precision training",
                                                          "multimodal LLMs"])
    expect(facts).to_contain_text("Count")
    page.goto(goal_url[INTERVIEWS])
    checkpoints = page.locator("ul.checkpoints li")
    expect(checkpoints).to_have_text([f"{YEAR}-03-31: 1", f"{YEAR}-06-30: 5"])
    journey.accessible("1 goal page, interviews")
    journey.on_phone(
        (year_url, "year-january"),
        (f"{base}/years/{YEAR}/goals/new", "new-goal"),
        (f"{year_url}/reflection/new-year", "new-year-reflection"),
    )

    # ---- 2. Spring: every post on plan, every post a little less fun. ----
    posts_total, interviews_total = 0, 0
    enjoyment: list[str] = []
    for today, step, felt, interviews in SPRING:
        base = journey_server(today)
        stage = f"spring-{today[5:7]}"
        tick_habit(page, year_url)
        if interviews:
            interviews_total += interviews
            quick_log(page, goal_url[INTERVIEWS], INTERVIEWS, interviews, "4",
                      note="A talk with an ML engineer")
        posts_total += step
        enjoyment.append(felt)
        quick_log(page, goal_url[POSTS], POSTS, step, felt, note=f"Sunday post, {today}",
                  topic="mixed-precision training")
        progress = page.get_by_role("region", name="Progress")
        expect(progress.locator(".status")).to_have_text("on track")
        expect(progress.locator(".pace-numbers")).to_contain_text(f"{posts_total} of 48 posts")
        expect(progress.locator(".trend")).to_contain_text(
            "Enjoyment: " + " → ".join(enjoyment)
        )
        # Two falls in a row while on plan: the "writing out of anxiety" flag.
        flag = progress.locator(".flag")
        if len(enjoyment) >= 3:
            expect(flag).to_have_text(FLAG)
        else:
            expect(flag).to_have_count(0)
        if today in (SPRING[0][0], SPRING[-1][0]):  # the same page; first, and flagged
            journey.accessible(f"2 goal page, {today}")
        journey.shot(f"{stage}-posts")

    # May 1: the year page and the dashboard both show the flag beside an on-plan goal.
    page.goto(year_url)
    posts = goal_item(page, POSTS)
    expect(posts.locator(".status")).to_have_text("on track")
    expect(posts.locator(".flag")).to_have_text(FLAG)
    expect(posts.locator(".pace-numbers")).to_contain_text("16 of 48 posts (plan: 15.9)")
    expect(goal_item(page, INTERVIEWS).locator(".pace-numbers")).to_contain_text(
        "3 of 12 interviews"
    )
    expect(goal_item(page, INTERVIEWS).locator(".status")).to_have_text("on track")
    expect(goal_item(page, HABIT).locator(".pace-numbers")).to_contain_text("4 weeks met")
    chart_shown(page.locator("figure.chart img").first)
    journey.accessible("2 year page, May 1")
    journey.shot("year-may-flag")
    page.goto(base)
    first = page.locator("li.goal-item").first
    expect(first.get_by_role("link")).to_have_text(POSTS)  # flagged goals come first
    expect(first.locator(".flag")).to_have_text(FLAG)
    journey.accessible("2 dashboard, May 1")
    journey.shot("dashboard-may-flag")

    # ---- 3. July 1: the mid-year check-in. ----
    base = journey_server("2027-07-01")
    page.goto(base)
    due = page.locator("p.due")
    expect(due).to_contain_text("Next check-in: Mid-year")
    due.get_by_role("link", name="Mid-year").click()
    expect(page).to_have_url(f"{base}/years/{YEAR}/checkins/new?kind=mid-year")
    expect(page.get_by_role("heading", name="Mid-year check-in", level=1)).to_be_visible()
    expect(page.get_by_label("Date of the check-in")).to_have_value("2027-07-01")
    page.get_by_label("Overall mood").select_option("3")

    posts = page.get_by_role("region", name=POSTS)
    expect(posts).to_contain_text("Plan to date: 23.9 of 48 posts.")
    expect(posts).to_contain_text("Last recorded: 16 on 1 May 2027.")
    answer_for_goal(posts, total="24", felt="2", confidence="4",
                    in_the_way="Still writing most of it on Sunday night.")

    habit = page.get_by_role("region", name=HABIT)
    met = habit.get_by_role("group", name="Weeks met").get_by_role("checkbox")
    skipped = habit.get_by_role("group", name="Weeks skipped on purpose").get_by_role("checkbox")
    # 26 weeks began by July 1; the 4 ticked from the year page are already met.
    expect(met).to_have_count(22)
    skipped.nth(0).check()  # the first two weeks of January: a holiday
    skipped.nth(1).check()
    for index in range(2, 22):
        met.nth(index).check()
    answer_for_goal(habit, felt="3", confidence="4")

    interviews = page.get_by_role("region", name=INTERVIEWS)
    expect(interviews).to_contain_text("Plan to date: 5.0 of 12 interviews.")
    answer_for_goal(interviews, total="6", felt="5", confidence="4",
                    note="The best part of the month, every month.")

    page.get_by_label("What went better than planned").fill(
        "I started interviewing people, and found what I care about: ML engineering practice."
    )
    page.get_by_label("What went worse").fill("Spring: every post on time, and every one a chore.")
    page.get_by_label("What changes for the second half").fill(
        "Write a little every day; one interview a month feeds the posts."
    )
    journey.accessible("3 mid-year check-in form")
    journey.shot("mid-year-form")
    page.get_by_role("button", name="Save check-in").click()

    expect(page.get_by_role("heading", name="Mid-year check-in, 1 Jul 2027")).to_be_visible()
    expect(page.get_by_text("Mood: 3 · okay")).to_be_visible()
    standing = page.get_by_role("region", name="The first half against the plan")
    result = {
        POSTS: ("on track", "24 of 48 posts (plan: 23.9)", "Enjoyment: 4 → 3 → 2 → 1 → 2"),
        HABIT: ("on track", "24 weeks met, 0 missed, 2 skipped · streak 24 (longest 24)",
                "Enjoyment: 3 · Confidence: 4"),
        INTERVIEWS: ("on track", "6 of 12 interviews (plan: 5.0)",
                     "Enjoyment: 4 → 4 → 5 · Confidence: 4"),
    }
    for title, (status, numbers, trend) in result.items():
        item = goal_item(standing, title)
        expect(item.get_by_text("updated here")).to_be_visible()
        expect(item.locator(".status")).to_have_text(status)
        expect(item.locator(".pace-numbers")).to_contain_text(numbers)
        expect(item.locator(".trend")).to_contain_text(trend)
    # Enjoyment rose again: the flag is gone.
    expect(goal_item(standing, POSTS).locator(".flag")).to_have_count(0)
    expect(page.get_by_text("I started interviewing people")).to_be_visible()
    checkin_url = page.url
    journey.accessible("3 mid-year check-in result")
    journey.shot("mid-year-result")
    journey.on_phone(
        (checkin_url.removesuffix("/") + "/edit", "mid-year-form"),
        (checkin_url, "mid-year-result"),
    )

    # ---- 4. Autumn: the writing spread over the week, enjoyment rising. ----
    posts_total = 24
    interviews_total = 6
    enjoyment += ["2"]
    for today, step, felt, interviews in AUTUMN:
        base = journey_server(today)
        tick_habit(page, year_url)
        interviews_total += interviews
        quick_log(page, goal_url[INTERVIEWS], INTERVIEWS, interviews, "5",
                  note=f"Interview {interviews_total}")
        posts_total += step
        enjoyment.append(felt)
        quick_log(page, goal_url[POSTS], POSTS, step, felt, note=f"Post of {today}",
                  topic="multimodal LLMs")
        progress = page.get_by_role("region", name="Progress")
        expect(progress.locator(".status")).to_have_text("on track")
        expect(progress.locator(".pace-numbers")).to_contain_text(f"{posts_total} of 48 posts")
        expect(progress.locator(".trend")).to_contain_text("Enjoyment: " + " → ".join(enjoyment))
        expect(progress.locator(".flag")).to_have_count(0)
        journey.shot(f"autumn-{today[5:7]}-posts")

    # November 6: the goal page tells how much and how it felt, row by row and as a trend.
    progress = page.get_by_role("region", name="Progress")
    expect(progress.locator(".trend")).to_have_text(
        "Enjoyment: 4 → 3 → 2 → 1 → 2 → 3 → 4 → 5 → 5 · Confidence: 4"
    )
    rows = progress.locator("table.history tbody tr")
    expect(rows).to_have_count(9)  # four spring logs, the mid-year update, four autumn logs
    expect(progress.locator("table.history thead th")).to_have_text(
        ["Date", "Value", "Plan then", "Enjoyment", "Confidence", "Notes"]
    )
    # Newest first.
    expect(rows.first.locator("td")).to_have_text(
        ["6 Nov 2027", "42", "40.8", "5", "",
         re.compile(r"Post of 2027-11-06\s+\(multimodal LLMs\)")]
    )
    expect(rows.last.locator("td")).to_have_text(
        ["6 Feb 2027", "5", "4.9", "4", "", re.compile(r"Sunday post")]
    )
    mid_year_row = rows.filter(has_text="1 Jul 2027")
    expect(mid_year_row.locator("td").nth(3)).to_have_text("2")
    expect(mid_year_row.locator("td").nth(4)).to_have_text("4")
    chart_shown(progress.locator("figure.chart img"))
    journey.accessible("4 goal page, November")
    page.goto(year_url)
    expect(goal_item(page, INTERVIEWS).locator(".pace-numbers")).to_contain_text(
        "10 of 12 interviews"
    )
    expect(goal_item(page, HABIT).locator(".pace-numbers")).to_contain_text("28 weeks met")
    journey.accessible("4 year page, November")
    journey.on_phone((goal_url[POSTS], "goal-posts-november"), (year_url, "year-november"))

    # ---- 5. December 31: the year-end check-in, the goal achieved, the reflection. ----
    base = journey_server("2027-12-31")
    page.goto(base)
    page.locator("p.due").get_by_role("link", name="Year-end").click()
    expect(page).to_have_url(f"{base}/years/{YEAR}/checkins/new?kind=year-end")
    page.get_by_label("Overall mood").select_option("5")
    posts = page.get_by_role("region", name=POSTS)
    answer_for_goal(posts, total="48", felt="5", confidence="5")
    habit = page.get_by_role("region", name=HABIT)
    met = habit.get_by_role("group", name="Weeks met").get_by_role("checkbox")
    skipped = habit.get_by_role("group", name="Weeks skipped on purpose").get_by_role("checkbox")
    # Open: the two January weeks skipped at mid-year, and the 23 weeks since July 2 not
    # ticked from the year page, the last one being December 31 alone.
    expect(met).to_have_count(25)
    for index in range(2, 21):
        met.nth(index).check()
    skipped.nth(21).check()  # a planned break in December; two weeks after it missed
    answer_for_goal(habit, felt="5")
    interviews = page.get_by_role("region", name=INTERVIEWS)
    answer_for_goal(interviews, total="11", felt="5", confidence="2",
                    in_the_way="December: nobody had time to talk.")
    page.get_by_label("What I am proudest of").fill("Forty-eight posts, and the last twenty "
                                                     "were a pleasure to write.")
    journey.accessible("5 year-end check-in form")
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_role("heading", name="Year-end check-in, 31 Dec 2027")).to_be_visible()
    standing = page.get_by_role("region", name="Where each goal stands")
    expect(goal_item(standing, POSTS).locator(".status")).to_have_text("achieved")
    expect(goal_item(standing, POSTS).locator(".pace-numbers")).to_contain_text("48 of 48 posts")
    expect(goal_item(standing, INTERVIEWS).locator(".status")).to_have_text("behind")
    expect(goal_item(standing, INTERVIEWS).locator(".pace-numbers")).to_contain_text(
        "11 of 12 interviews"
    )
    expect(goal_item(standing, HABIT).locator(".status")).to_have_text("behind")
    expect(goal_item(standing, HABIT).locator(".pace-numbers")).to_contain_text(
        "47 weeks met, 2 missed, 3 skipped"
    )
    journey.accessible("5 year-end check-in result")
    journey.shot("year-end-result")

    # The writer marks the posts goal achieved, so it is not carried into 2028.
    page.goto(goal_url[POSTS])
    status = page.get_by_role("region", name="Status", exact=True)
    status.get_by_role("radio", name="Achieved").check()
    expect(status.get_by_label("Date", exact=True)).to_have_value("2027-12-31")
    status.get_by_role("button", name="Save status").click()
    expect(page.get_by_role("status")).to_contain_text("Marked achieved. Well done.")
    expect(page.locator(".page-head .badge")).to_have_text("Achieved")
    journey.accessible("5 goal page, achieved")

    page.goto(year_url)
    page.get_by_role("region", name="Year-end reflection").get_by_role(
        "link", name="Write it"
    ).click()
    expect(page).to_have_url(f"{year_url}/reflection/year-end")
    page.get_by_label("This year in one line", exact=True).fill(
        "I kept a post every week, and it stopped being anxious once I spread it over the week."
    )
    page.get_by_label("Successes", exact=True).fill(
        "- Published 48 posts\n- Interviewed 11 engineers\n"
        "- Found my topics: mixed-precision training and multimodal LLMs"
    )
    page.get_by_label("What I learned", exact=True).fill(
        "Being on plan said nothing about how it felt. Talking to people made writing fun."
    )
    page.get_by_label("The word that turned out to fit", exact=True).fill("curiosity")
    journey.accessible("5 year-end reflection")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(year_url)
    year_end = page.get_by_role("region", name="Year-end reflection")
    expect(year_end.get_by_role("listitem")).to_have_text([
        "Published 48 posts",
        "Interviewed 11 engineers",
        "Found my topics: mixed-precision training and multimodal LLMs",
    ])
    expect(year_end).to_contain_text("Talking to people made writing fun.")
    expect(page.get_by_role("heading", name="Goals by area")).to_contain_text("as of 31 Dec 2027")
    expect(goal_item(page, POSTS).get_by_text("Achieved", exact=True)).to_be_visible()
    board = page.get_by_role("region", name=re.compile("^Goals by area")).locator(
        "figure.chart img"
    )
    expect(board).to_have_attribute("alt", re.compile(rf"^Each goal of {YEAR}"))
    chart_shown(board)
    timeline = page.get_by_role("region", name="Check-ins").get_by_role("listitem")
    expect(timeline).to_have_count(2)
    journey.accessible("5 year page, December 31")
    journey.shot("year-december")

    # ---- 6. January 2, 2028: the next year, two goals carried over. ----
    base = journey_server("2028-01-02")
    page.goto(base)
    start_year_form(page, NEXT)
    carry = page.get_by_role("group", name=f"Carry over from {YEAR}")
    expect(carry.get_by_role("checkbox")).to_have_count(2)
    expect(carry.get_by_role("checkbox", name=HABIT)).to_be_checked()
    expect(carry.get_by_role("checkbox", name=INTERVIEWS)).to_be_checked()
    expect(carry.get_by_role("checkbox", name=POSTS)).to_have_count(0)  # achieved
    expect(page.get_by_role("complementary", name=f"{YEAR}, as you ended it")).to_contain_text(
        "Published 48 posts"
    )
    journey.accessible("6 start 2028")
    journey.shot("start-2028")
    page.get_by_role("button", name="Start the year").click()
    expect(page.locator(".flashes")).to_contain_text(f"{NEXT} started with 2 goals carried over.")
    expect(page).to_have_url(f"{base}/years/{NEXT}/reflection/new-year")
    page.get_by_label("Last year in one line", exact=True).fill(
        "Forty-eight posts; the good ones came after I started talking to people."
    )
    page.get_by_role("button", name="Save").click()
    next_url = f"{base}/years/{NEXT}"
    expect(page).to_have_url(next_url)
    for title in (HABIT, INTERVIEWS):
        expect(goal_item(page, title)).to_be_visible()
    expect(goal_item(page, HABIT).locator(".goal-plan")).to_have_text(
        "1 time per week, 4 skips allowed"
    )
    expect(goal_item(page, INTERVIEWS).locator(".goal-plan")).to_have_text(
        f"12 interviews by 31 Dec {NEXT}"
    )
    expect(goal_item(page, POSTS)).to_have_count(0)
    journey.accessible("6 year page 2028")
    journey.shot("year-2028")
    goal_item(page, INTERVIEWS).get_by_role("link", name=INTERVIEWS).click()
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("Carried over")
    link = facts.get_by_role("link", name=f"{INTERVIEWS} ({YEAR})")
    expect(link).to_be_visible()
    expect(page.locator("ol.revisions")).to_contain_text(f"Carried over from {YEAR}.")
    carried_url = page.url
    journey.accessible("6 carried goal 2028")
    journey.shot("carried-goal")
    link.click()
    expect(page).to_have_url(goal_url[INTERVIEWS])
    expect(page.locator(".breadcrumb")).to_contain_text(str(YEAR))

    # ---- 7. The summary of both years, and the 2027 post with its charts. ----
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Summary").click()
    expect(page.get_by_role("heading", name="All your years", level=1)).to_be_visible()
    table = page.locator("table.summary-table")
    expect(table.locator("thead th a")).to_have_text([str(YEAR), str(NEXT)])

    def cells(measure: str) -> Locator:
        return table.get_by_role("row", name=re.compile(f"^{measure}")).locator("td")

    expect(cells("Goals set")).to_have_text(["3", "2"])
    expect(cells("Achieved")).to_have_text(["1", "0"])
    expect(cells("Check-ins made")).to_have_text(["2", "0"])
    expect(cells("Share of target reached").first).to_have_text(re.compile(r"^9\d%$"))
    expect(cells("Mean enjoyment")).to_have_text([re.compile(r"^[345]\.\d$"), "—"])
    expect(cells("Word or one line").first).to_have_text("spread it out")
    # 2028 has no theme yet; its new-year "Last year in one line" is about 2027.
    word_2028 = cells("Word or one line").nth(1).inner_text()
    journey.check(
        "Forty-eight posts" not in word_2028,
        f"/summary/, row “Word or one line”, column {NEXT}: shows “{word_2028}”, the "
        f"{NEXT} new-year reflection's “Last year in one line”, which describes {YEAR}",
    )
    yearly = page.get_by_role("region", name="Year over year").locator("figure.chart img")
    chart_shown(yearly)
    writing = page.get_by_role("region", name="Writing, year against year")
    expect(writing.locator("img")).to_have_attribute(
        "alt", "Each year's progress in Writing by day of year, against an even pace."
    )
    chart_shown(writing.locator("img"))
    chart_shown(page.get_by_role("region", name="Learning, year against year").locator("img"))
    journey.accessible("7 summary")
    journey.shot("summary")

    page.goto(year_url)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="With its charts (.zip)").click()
    download = download_info.value
    assert download.failure() is None
    assert download.suggested_filename == f"{YEAR}-in-review.zip"
    with zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes())) as archive:
        names = archive.namelist()
        post = archive.read(f"{YEAR}-in-review/{YEAR}-in-review.md").decode("utf-8")
        svgs = [name for name in names if name.endswith(".svg")]
        assert f"{YEAR}-in-review/charts/year-{YEAR}.svg" in names, names
        assert len(svgs) == 4, names  # the year board and one chart per goal
        for name in svgs:
            assert b"<svg" in archive.read(name)[:2000], name
    for title in (POSTS, HABIT, INTERVIEWS):
        assert title in post
    assert "Published 48 posts" in post
    for name in svgs:
        assert name.removeprefix(f"{YEAR}-in-review/") in post, f"{name} is not linked"
    journey.accessible("7 year page 2027, seen from 2028")
    journey.shot("year-2027-from-2028")
    journey.on_phone(
        (f"{base}/summary/", "summary"),
        (next_url, "year-2028"),
        (carried_url, "carried-goal"),
    )
