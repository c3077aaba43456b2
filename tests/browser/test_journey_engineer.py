"""The engineer with a newsletter, through 2025 and into 2026, in a real browser.

One account on one database, the app restarted on each date of the journey (time moves by
configuration): the new-year reflection and three goals in January, quick logs through the
spring, the mid-year check-in, a revised plan and a dropped goal in July, more logs in the
autumn, the year-end reflection, 2026 started with two goals carried over, then the summary
and the year-in-review post.

Every page visited is checked with axe-core (light and dark themes), some also on a 375 px
phone, and a numbered screenshot of each stage is saved under journey-engineer/. Problems of
accessibility and layout do not stop the journey: they are collected, and the test fails at
the end with every one of them.
"""

from __future__ import annotations

import re
import uuid
from datetime import date
from pathlib import Path

import pytest
from helpers import register_in_browser
from journey import (
    Journey,
    add_goal,
    answer_for_goal,
    charts_shown,
    goal_item,
    log_step,
    start_year,
    start_year_form,
    walk,
)
from playwright.sync_api import Locator, Page, expect

pytestmark = pytest.mark.browser

PASSWORD = "a long enough passphrase 2026"
YEAR, NEXT = 2025, 2026

CAREER = "Lead a project end to end"
NEWSLETTER = "Publish 40 posts I enjoy"
PRODUCT = "Ship one small product"
TOPICS = ["ML system design", "graph neural networks", "LLMs"]

# The new-year reflection of 2025 looks back on 2024.
NEW_YEAR_TLDR = (
    "Kept a weekly newsletter going nine months of twelve, and was promoted on the second attempt."
)
NEW_YEAR = {
    "Last year in one line": NEW_YEAR_TLDR,
    "What happened": "A weekly newsletter from January to September, then a busy autumn.",
    "Successes": "- Promoted one level, on the second attempt\n- 36 newsletter issues",
    "What I learned": "A small post every week keeps readers; long gaps lose them.",
    "A word or theme for the year": "depth",
}
YEAR_END_TLDR = "Fewer posts, all of them ones I enjoyed; a project led but not to the end."
YEAR_END = {
    "This year in one line": YEAR_END_TLDR,
    "What happened": "Wrote about **graph neural networks** and LLMs; the project was cancelled.",
    "Successes": "- 28 posts I am glad I wrote\n- A newsletter reader turned colleague",
    "What did not work": "Three goals for the evenings: the product never had a chance.",
    "What I learned": "Enjoyment is the leading indicator: the posts I dreaded came late.",
    "What I carry into next year": "Two goals, not three.",
    "The word that turned out to fit": "focus",
}
REVISE_REASON = "Only posts I enjoy: fewer, better ones. 30 is honest."
DROP_REASON = "The newsletter and the project take every evening; two things done well."


def goals_under(page: Page, area: str) -> Locator:
    """The goal rows listed after an area's heading on the year page."""
    heading = page.locator("h3.area-heading").filter(has_text=re.compile(rf"^\s*{area}\b"))
    expect(heading).to_have_count(1)
    return heading.locator("xpath=following-sibling::ul[1]").locator("li.goal-item")


def expect_pace(row: Locator, status: str, *numbers: str) -> str:
    """The row's status word and numbers; returns the numbers as shown."""
    expect(row.locator(".pace .status")).to_have_text(status)
    for text in numbers:
        expect(row.locator(".pace-numbers")).to_contain_text(text)
    return row.locator(".pace-numbers").inner_text()


def open_goal(j: Journey, title: str) -> None:
    """The goal's own page, reached from the year page."""
    j.page.goto(j.url(f"/years/{YEAR}"))
    j.page.get_by_role("link", name=title, exact=True).click()
    expect(j.page.get_by_role("heading", name=title, level=1)).to_be_visible()


def log_on_goal_page(j: Journey, step: int, enjoyment: str, title: str) -> None:
    """The goal page's "Log a step today": a few posts at once, with how it felt."""
    open_goal(j, NEWSLETTER)
    log_step(j.page, NEWSLETTER, step, enjoyment, note=title)


def whole_year(page: Page) -> None:
    """The new goal runs from the first of January to the last of December."""
    page.get_by_label("Start date", exact=True).fill(f"{YEAR}-01-01")
    page.get_by_label("End date", exact=True).fill(f"{YEAR}-12-31")


# ---------------------------------------------------------------------------------------
# The stages


def january(j: Journey, email: str) -> str:
    """2025-01-04: register, rename the areas, start 2025, reflect, set three goals."""
    page = j.page
    register_in_browser(page, j.base, email, PASSWORD)
    j.accessible("dashboard, new account")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Areas").click()
    expect(page.get_by_role("heading", name="Your areas", level=1)).to_be_visible()
    for old, new in (("Writing", "Newsletter"), ("Side products", "Software products")):
        page.get_by_role("link", name=f"Edit {old}").click()
        expect(page.get_by_role("heading", name="Edit area")).to_be_visible()
        if old == "Writing":
            j.accessible("edit area")
        page.get_by_label("Name", exact=True).fill(new)
        page.get_by_role("button", name="Save area").click()
        expect(page.get_by_role("status")).to_contain_text("Area saved.")
    expect(page.locator(".area-list .area-name")).to_have_text(
        ["Career", "Newsletter", "Software products"]
    )
    j.accessible("areas")
    j.shot("areas-renamed")

    start_year(j, YEAR, "start a year")
    expect(page).to_have_url(j.url(f"/years/{YEAR}/reflection/new-year"))
    expect(page.get_by_role("heading", name=f"New-year reflection {YEAR}")).to_be_visible()

    for label, text in NEW_YEAR.items():
        page.get_by_label(label, exact=True).fill(text)
    # The reflection saves itself a moment after typing stops.
    expect(page.locator(".autosave-status")).to_contain_text("Saved at", timeout=10_000)
    j.accessible("new-year reflection")
    j.shot("new-year-reflection")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(j.url(f"/years/{YEAR}"))
    expect(page.get_by_role("status")).to_contain_text("New-year reflection saved.")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{YEAR} “depth”")
    reflection = page.get_by_role("region", name="New-year reflection")
    expect(reflection).to_contain_text(NEW_YEAR_TLDR)
    expect(reflection).to_contain_text(NEW_YEAR["What I learned"])

    def career(p: Page) -> None:
        p.get_by_label("Planned date", exact=True).fill(f"{YEAR}-06-30")
        p.get_by_label("Why it matters").fill("More responsibility, the way the next level asks.")

    def newsletter(p: Page) -> None:
        p.get_by_label("Target", exact=True).fill("40")
        p.get_by_label("Unit", exact=True).fill("posts")
        p.get_by_label("Focus topics (optional)").fill(", ".join(TOPICS))
        p.get_by_label("Why it matters").fill("Write only what I enjoy, on three topics.")

    def product(p: Page) -> None:
        p.get_by_label("Planned date", exact=True).fill(f"{YEAR}-10-31")

    page.get_by_role("link", name="Add a goal").click()
    j.accessible("new goal form")
    page.go_back()
    add_goal(page, YEAR, CAREER, "Career", "Milestone", career, whole_year)
    add_goal(page, YEAR, NEWSLETTER, "Newsletter", "Count", newsletter, whole_year)
    add_goal(page, YEAR, PRODUCT, "Software products", "Milestone", product, whole_year)

    page.reload()
    for area, title, plan in (
        ("Career", CAREER, f"done by 30 Jun {YEAR}"),
        ("Newsletter", NEWSLETTER, f"40 posts by 31 Dec {YEAR}"),
        ("Software products", PRODUCT, f"done by 31 Oct {YEAR}"),
    ):
        rows = goals_under(page, area)
        expect(rows).to_have_count(1)
        expect(rows.get_by_role("link", name=title, exact=True)).to_be_visible()
        expect(rows.locator(".goal-plan")).to_have_text(plan)
    # Four days in with nothing written yet: three days behind the straight-line plan.
    line = expect_pace(goal_item(page, NEWSLETTER), "behind", "0 of 40 posts", "3 days behind")
    expect_pace(goal_item(page, CAREER), "on track", "not yet · planned for 30 Jun 2025")
    charts_shown(page, expected=1)
    j.accessible("year 2025, January")
    j.shot("year-2025-january")
    j.on_phone((j.url(f"/years/{YEAR}"), "year-2025-january"), ready=NEWSLETTER, axe=False)

    open_goal(j, NEWSLETTER)
    expect(page.locator("dl.facts")).to_contain_text("40 posts by 31 Dec 2025")
    for topic in TOPICS:
        expect(page.locator("dl.facts .topics")).to_contain_text(topic)
    charts_shown(page, expected=1)
    j.accessible("goal page, newsletter")
    j.shot("goal-newsletter-january")
    return line


# (date, posts logged on the goal page, enjoyment, expected status, numbers on the year page)
SPRING = [
    ("2025-02-01", 4, "4", "on track", ("4 of 40 posts", "5 days of buffer")),
    ("2025-03-01", 3, "5", "on track", ("8 of 40 posts", "14 days of buffer")),
    ("2025-04-05", 2, "3", "behind", ("10 of 40 posts", "3 days behind")),
    ("2025-05-03", 3, "2", "behind", ("13 of 40 posts", "4 days behind")),
]


def log_stage(j: Journey, journey_server, day: str, step: int, enjoyment: str,
              status: str, numbers: tuple[str, ...], seen: list[str]) -> None:
    """One date: a few posts logged today, then the year page's line for the newsletter."""
    j.base = journey_server(day)
    page = j.page
    if day == "2025-03-01":
        # The year page's one-click "+1 post", then three more from the goal page.
        page.goto(j.url(f"/years/{YEAR}"))
        plus_one = goal_item(page, NEWSLETTER).get_by_role(
            "button", name=re.compile(r"^\+1 post: ")
        )
        expect(plus_one).to_have_text("+1 post")
        plus_one.click()
        expect(page.get_by_role("status")).to_contain_text("Progress logged.")
        expect_pace(goal_item(page, NEWSLETTER), "behind", "5 of 40 posts")
    log_on_goal_page(j, step, enjoyment, f"Post of {day}")
    on = date.fromisoformat(day)
    logged = j.page.locator("table.history tbody tr").filter(has_text=f"Post of {day}")
    expect(logged).to_have_count(1)
    expect(logged.locator("td").first).to_have_text(f"{on.day} {on:%b %Y}")
    page.goto(j.url(f"/years/{YEAR}"))
    shown = expect_pace(goal_item(page, NEWSLETTER), status, *numbers)
    assert shown != seen[-1], f"{day}: the newsletter line did not change: {shown}"
    seen.append(shown)
    j.accessible(f"year 2025 on {day}")
    j.shot(f"year-page-{day}")


def mid_year(j: Journey) -> None:
    """2025-07-01: the mid-year check-in over the three goals, on a desktop and a phone."""
    page = j.page
    page.goto(j.url(f"/years/{YEAR}"))
    page.get_by_role("link", name="Mid-year check-in").click()
    expect(page).to_have_url(j.url(f"/years/{YEAR}/checkins/new?kind=mid-year"))
    expect(page.get_by_role("heading", name="Mid-year check-in", level=1)).to_be_visible()
    expect(page.get_by_label("Date of the check-in")).to_have_value("2025-07-01")
    with j.phone() as phone:
        phone.goto(page.url)
        expect(phone.get_by_role("button", name="Save check-in")).to_be_visible()
        j.fits("mid-year check-in form", phone)
        j.shot("mid-year-form-phone", phone)

    page.get_by_label("Overall mood").select_option("3")
    posts = page.get_by_role("region", name=NEWSLETTER)
    expect(posts).to_contain_text("Plan to date: 19.9 of 40 posts.")
    expect(posts).to_contain_text("Last recorded: 13 on 3 May 2025.")
    answer_for_goal(posts, total="18", felt="4", confidence="3",
                    note="The GNN series is the most fun I had writing.")

    career = page.get_by_role("region", name=CAREER)
    expect(career).to_contain_text("Planned for 30 Jun 2025.")
    answer_for_goal(career, done="no", attempt="failed", felt="3", confidence="2",
                    in_the_way="The project was cancelled in May.")

    product = page.get_by_role("region", name=PRODUCT)
    answer_for_goal(product, done="no", felt="2", confidence="1",
                    in_the_way="No evenings left after the newsletter.")

    page.get_by_label("What went better than planned").fill("Writing only what I enjoy.")
    page.get_by_label("What went worse").fill("The project I was to lead was cancelled.")
    page.get_by_label("What changes for the second half").fill("Fewer goals; a smaller target.")
    j.accessible("mid-year check-in form")
    j.shot("mid-year-form")
    page.get_by_role("button", name="Save check-in").click()

    expect(page.get_by_role("heading", name="Mid-year check-in, 1 Jul 2025")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Mid-year check-in saved.")
    expect(page.get_by_text("Mood: 3 · okay")).to_be_visible()
    standing = page.get_by_role("region", name="The first half against the plan")
    posts_row = goal_item(page, NEWSLETTER)
    expect_pace(posts_row, "behind", "18 of 40 posts", "(plan: 19.9)", "17 days behind")
    expect(posts_row.locator(".trend")).to_contain_text("Enjoyment: 4 → 5 → 3 → 2 → 4")
    expect(posts_row.locator(".trend")).to_contain_text("Confidence: 3")
    expect_pace(goal_item(page, CAREER), "at risk", "not yet · planned for 30 Jun 2025")
    expect(goal_item(page, CAREER).locator(".trend")).to_contain_text("Confidence: 2")
    expect_pace(goal_item(page, PRODUCT), "on track", "not yet · planned for 31 Oct 2025")
    expect(standing.locator(".badge", has_text="updated here")).to_have_count(3)
    for text in ("Writing only what I enjoy.", "The project I was to lead was cancelled.",
                 "Fewer goals; a smaller target."):
        expect(page.get_by_text(text)).to_be_visible()
    j.accessible("mid-year check-in result")
    j.shot("mid-year-result")
    j.on_phone((page.url, "mid-year-result"), ready="Mid-year check-in, 1 Jul 2025", axe=False)

    open_goal(j, CAREER)
    attempts = page.get_by_role("region", name="Attempts")
    expect(attempts.locator("ol.attempts > li")).to_have_count(1)
    expect(attempts).to_contain_text("1 Jul 2025: did not work out")


def revise_and_drop(j: Journey) -> None:
    """2025-07-01: the newsletter's target comes down to 30; the product goal is dropped."""
    page = j.page
    open_goal(j, NEWSLETTER)
    page.get_by_role("link", name="Revise the plan").click()
    expect(page.get_by_role("heading", name="Revise the plan", level=1)).to_be_visible()
    expect(page.get_by_label("Target", exact=True)).to_have_value("40")
    page.get_by_label("Target", exact=True).fill("30")
    page.get_by_label("Why the plan changes").fill(REVISE_REASON)
    j.accessible("revise the plan")
    j.shot("revise-plan-form")
    page.get_by_role("button", name="Save the new plan").click()
    expect(page.get_by_role("status")).to_contain_text("Plan revised (version 2).")
    expect(page.locator("dl.facts")).to_contain_text("30 posts by 31 Dec 2025")
    versions = page.get_by_role("region", name="Plan history").locator("ol.revisions > li")
    expect(versions).to_have_count(2)
    expect(versions.nth(0)).to_contain_text("Version 2, 1 Jul 2025 (in force): 30 posts")
    expect(versions.nth(0)).to_contain_text(REVISE_REASON)
    expect(versions.nth(1)).to_contain_text("Version 1, 4 Jan 2025: 40 posts")
    # 18 against a plan of 30: on track again, with weeks of buffer.
    progress = page.get_by_role("region", name="Progress")
    expect(progress.locator(".status").first).to_have_text("on track")
    expect(progress.locator(".pace-numbers").first).to_contain_text("18 of 30 posts")
    charts_shown(page, expected=1)
    j.accessible("goal page after the revision")
    j.shot("goal-newsletter-revised")

    open_goal(j, PRODUCT)
    status = page.get_by_role("region", name="Status")
    status.get_by_role("radio", name="Dropped").check()
    status.get_by_label("Reason or note").fill(DROP_REASON)
    status.get_by_role("button", name="Save status").click()
    expect(page.get_by_role("status")).to_contain_text("Goal dropped.")
    expect(page.locator("dl.facts")).to_contain_text(f"1 Jul 2025: {DROP_REASON}")

    page.goto(j.url(f"/years/{YEAR}"))
    dropped = goal_item(page, PRODUCT)
    expect(dropped.locator(".badge")).to_have_text("Dropped")
    expect(dropped.locator(".goal-reason")).to_have_text(f"Dropped: {DROP_REASON}")
    expect(dropped.locator(".pace .status")).to_have_text("dropped")
    expect(dropped.get_by_role("button")).to_have_count(0)  # no quick log on a dropped goal
    expect_pace(goal_item(page, NEWSLETTER), "on track", "18 of 30 posts", "38 days of buffer")
    charts_shown(page, expected=1)
    j.accessible("year 2025 after the drop")
    j.shot("year-2025-july")


AUTUMN = [
    ("2025-09-06", 4, "4", ("22 of 30 posts", "19 days of buffer")),
    ("2025-11-01", 4, "5", ("26 of 30 posts", "12 days of buffer")),
]


def year_end(j: Journey) -> None:
    """2025-12-31: the last posts, the year-end reflection, the year page and goal pages."""
    page = j.page
    log_on_goal_page(j, 2, "4", "The last post of 2025")
    page.goto(j.url(f"/years/{YEAR}"))
    reflection = page.get_by_role("region", name="Year-end reflection")
    reflection.get_by_role("link", name="Write it").click()
    expect(page.get_by_role("heading", name=f"Year-end reflection {YEAR}")).to_be_visible()
    for label, text in YEAR_END.items():
        page.get_by_label(label, exact=True).fill(text)
    j.accessible("year-end reflection")
    j.shot("year-end-reflection")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Year-end reflection saved.")

    expect(reflection).to_contain_text(YEAR_END_TLDR)
    expect(reflection.locator("strong")).to_have_text("graph neural networks")
    expect(goal_item(page, NEWSLETTER).locator(".pace .status")).to_have_text("behind")
    expect(goal_item(page, NEWSLETTER).locator(".pace-numbers")).to_contain_text("28 of 30 posts")
    expect(goal_item(page, CAREER).locator(".pace .status")).to_have_text("at risk")
    expect(goal_item(page, PRODUCT).locator(".pace .status")).to_have_text("dropped")
    board = page.get_by_role("region", name="Goals by area").locator("figure.chart img")
    expect(board).to_have_attribute("alt", re.compile(r"^Each goal of 2025 .*31 Dec 2025\.$"))
    charts_shown(page, expected=1)
    j.accessible("year 2025, 31 December")
    j.shot("year-2025-december")
    j.on_phone((j.url(f"/years/{YEAR}"), "year-2025-december"), ready=NEWSLETTER, axe=False)

    for title in (NEWSLETTER, CAREER, PRODUCT):
        open_goal(j, title)
        charts_shown(page, expected=1)
        j.accessible(f"goal page {title!r}, 31 December")
    open_goal(j, NEWSLETTER)
    history = page.locator("table.history tbody tr")
    expect(history).to_have_count(9)  # eight quick logs and the mid-year check-in
    j.shot("goal-newsletter-december")


def new_year_2026(j: Journey) -> None:
    """2026-01-03: start 2026, carrying over the two goals still open."""
    page = j.page
    page.goto(j.url("/"))
    expect(page.get_by_role("heading", name="Your journal", level=1)).to_be_visible()
    j.accessible("dashboard, January 2026")
    start_year_form(page, NEXT)
    carry = page.get_by_role("group", name=f"Carry over from {YEAR}")
    boxes = carry.get_by_role("checkbox")
    expect(boxes).to_have_count(2)
    expect(carry.get_by_role("checkbox", name=NEWSLETTER)).to_be_checked()
    expect(carry.get_by_role("checkbox", name=CAREER)).to_be_checked()
    expect(carry).not_to_contain_text(PRODUCT)  # dropped: not offered
    aside = page.get_by_role("complementary", name=f"{YEAR}, as you ended it")
    expect(aside).to_contain_text(YEAR_END_TLDR)
    j.accessible("start 2026 with carry-over")
    j.shot("start-2026")
    page.get_by_role("button", name="Start the year").click()
    expect(page.locator(".flashes")).to_contain_text(f"{NEXT} started with 2 goals carried over.")
    expect(page.get_by_role("heading", name=f"New-year reflection {NEXT}")).to_be_visible()
    beside = page.get_by_role("complementary", name=f"{YEAR}, as you ended it")
    expect(beside).to_contain_text(YEAR_END_TLDR)
    expect(beside).to_contain_text(YEAR_END["What I carry into next year"])
    page.get_by_label("Last year in one line", exact=True).fill(YEAR_END_TLDR)
    page.get_by_label("A word or theme for the year", exact=True).fill("two things")
    j.accessible("new-year reflection 2026, beside 2025's end")
    j.shot("new-year-reflection-2026")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(j.url(f"/years/{NEXT}"))
    for area, title in (("Newsletter", NEWSLETTER), ("Career", CAREER)):
        rows = goals_under(page, area)
        expect(rows).to_have_count(1)
        expect(rows.get_by_role("link", name=title, exact=True)).to_be_visible()
    expect(page.locator("li.goal-item")).to_have_count(2)
    expect(goal_item(page, NEWSLETTER).locator(".goal-plan")).to_have_text(
        "30 posts by 31 Dec 2026"
    )
    expect(goal_item(page, CAREER).locator(".goal-plan")).to_have_text("done by 31 Dec 2026")
    charts_shown(page, expected=1)
    j.accessible("year 2026")
    j.shot("year-2026")
    page.get_by_role("link", name=NEWSLETTER, exact=True).click()
    expect(page.locator("dl.facts")).to_contain_text(f"from {NEWSLETTER} ({YEAR})")


def summary_and_post(j: Journey, tmp_path: Path) -> None:
    """2026-01-03: both years side by side, then the 2025 post downloaded."""
    page = j.page
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Summary").click()
    expect(page.get_by_role("heading", name="All your years", level=1)).to_be_visible()
    table = page.locator("table.summary-table")
    expect(table.locator("thead th")).to_have_text(["Measure", str(YEAR), str(NEXT)])
    for measure, cells in (("Goals set", ["3", "2"]), ("Dropped", ["1", "0"]),
                           ("Check-ins made", ["1", "0"])):
        row = table.locator("tbody tr").filter(has=page.get_by_role("rowheader", name=measure))
        expect(row.locator("td")).to_have_text(cells)
    verdict = page.locator(".verdict")
    expect(verdict).to_be_visible()
    expect(verdict).to_contain_text(str(YEAR))
    expect(verdict).to_contain_text(str(NEXT))
    # The years compared, and the newsletter's two years overlaid by day of year.
    for name in ("Year over year", "Newsletter, year against year"):
        expect(page.get_by_role("region", name=name).locator("figure.chart img")).to_have_count(1)
    charts_shown(page)
    j.accessible("summary")
    j.shot("summary")
    j.on_phone((j.url("/summary/"), "summary"), ready="All your years", axe=False)

    page.goto(j.url(f"/years/{YEAR}"))
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the post (Markdown)").click()
    download = info.value
    assert download.failure() is None
    assert download.suggested_filename == f"{YEAR}-in-review.md"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    post = saved.read_text(encoding="utf-8")
    (j.folder / download.suggested_filename).write_text(post, encoding="utf-8")
    assert post.startswith(f"# My {YEAR} in review"), post[:200]
    assert f"**TL;DR:** {YEAR_END_TLDR}" in post
    assert f"My word for {YEAR} was *depth*." in post
    for title in (CAREER, NEWSLETTER, PRODUCT):
        assert f"**{title}**" in post, f"{title!r} is missing from the post"
    # A dropped goal keeps its reason in the post (its final full stop is left out).
    assert f"dropped: {DROP_REASON.rstrip('.')}" in post
    ahead = post[post.index(f"## Looking ahead to {NEXT}"):]
    assert f"- {NEWSLETTER}" in ahead and f"- {CAREER}" in ahead, ahead
    assert f"- {PRODUCT}" not in ahead


def test_the_engineer_with_a_newsletter_through_2025(
    browser, journey_server, screenshot_dir, tmp_path
):
    with walk(browser, screenshot_dir / "journey-engineer", phone_suffix="phone") as j:
        # 1. January: the plan.
        j.base = journey_server("2025-01-04")
        january_line = january(j, f"engineer-{uuid.uuid4().hex[:8]}@example.org")

        # 2. Spring: a few posts at a time, logged on the day.
        seen = [january_line]
        for day, step, enjoyment, status, numbers in SPRING:
            log_stage(j, journey_server, day, step, enjoyment, status, numbers, seen)

        # 3-5. July: the mid-year check-in, a revised plan, a dropped goal.
        j.base = journey_server("2025-07-01")
        mid_year(j)
        revise_and_drop(j)

        # 6. Autumn: more posts.
        for day, step, enjoyment, numbers in AUTUMN:
            log_stage(j, journey_server, day, step, enjoyment, "on track", numbers, seen)

        # 7. The last day of the year.
        j.base = journey_server("2025-12-31")
        year_end(j)

        # 8-9. A new year, then the years side by side and the post.
        j.base = journey_server("2026-01-03")
        new_year_2026(j)
        summary_and_post(j, tmp_path)
