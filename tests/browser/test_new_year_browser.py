"""Starting a year in a real browser: the reflection, a goal of each kind, phones, keyboard."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date

import pytest
from helpers import register_in_browser
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

PASSWORD = "a long enough passphrase 2026"
PHONE_WIDTH = 375
MAX_TABS = 60

# The new-year reflection, section label -> Markdown typed into it.
REFLECTION = {
    "Last year in one line": "A slow start, then a year of shipping small things.",
    "What happened": "Moved teams in **March**, then wrote steadily from the summer on.",
    "Successes": "- Shipped the reading-list side project\n- Gave a talk at the local meetup",
    "What did not work": "Planning *everything* in January: by April the plan was fiction.",
    "What I learned": "Short, regular sessions beat long weekends.",
    "What changes this year": "1. Write every Tuesday morning\n2. Say no to a second side project",
    "A word or theme for the year": "finish things",
}


@contextmanager
def open_page(browser: Browser, width: int, height: int) -> Iterator[Page]:
    """Yield a page in a fresh context (no cookies), closing the context afterwards."""
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        yield context.new_page()
    finally:
        context.close()


def log_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Your journal", level=1)).to_be_visible()


def fits(page: Page, width: int = PHONE_WIDTH) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} scrolls sideways: {scroll_width}px wide"


def add_goal(
    page: Page, title: str, area: str, kind: str, fill_plan: Callable[[Page], None]
) -> None:
    """Add a goal from the year page's "Add a goal" button; end back on the year page."""
    page.get_by_role("link", name="Add a goal").click()
    expect(page.get_by_role("heading", name=re.compile(r"^New goal for"))).to_be_visible()
    page.get_by_label("Goal", exact=True).fill(title)
    page.get_by_label("Area", exact=True).select_option(label=area)
    # The kind first: the stylesheet hides every other kind's fields once one is checked.
    page.get_by_role("radio", name=re.compile(rf"^{kind}")).check()
    fill_plan(page)
    # Set in January's reflection: the goals cover the whole year (a goal added later in
    # the year would start on the day it is added).
    year = re.search(r"\d{4}", page.get_by_role("heading", level=1).inner_text()).group()
    page.get_by_label("Start date", exact=True).fill(f"{year}-01-01")
    page.get_by_role("button", name="Add goal").click()
    expect(page.get_by_role("status")).to_contain_text("Goal added")
    expect(page.get_by_role("link", name=title, exact=True)).to_be_visible()


def goals_under(page: Page, area: str):
    """The goal list that follows an area's heading on the year page."""
    heading = page.locator("h3.area-heading").filter(has_text=re.compile(rf"^\s*{area}\b"))
    expect(heading).to_have_count(1)
    return heading.locator("xpath=following-sibling::ul[1]")


def test_start_a_year_reflect_and_add_a_goal_of_each_kind(browser, live_server, screenshot_dir):
    base = live_server
    year = date.today().year  # noqa: DTZ011 (the served app runs on this machine's calendar)
    email = f"new-year-{uuid.uuid4().hex[:8]}@example.org"
    year_url = f"{base}/years/{year}"

    with open_page(browser, 1280, 900) as page:
        # 1. A fresh account starts the current year from the dashboard.
        register_in_browser(page, base, email, PASSWORD)
        page.get_by_role("link", name=f"Start {year}").click()
        expect(page.get_by_label("Year")).to_have_value(str(year))
        page.get_by_role("button", name="Start the year").click()
        expect(page).to_have_url(f"{base}/years/{year}/reflection/new-year")
        expect(page.get_by_role("heading", name=f"New-year reflection {year}")).to_be_visible()

        # 2. Every section of the reflection, in Markdown.
        for label, text in REFLECTION.items():
            page.get_by_label(label, exact=True).fill(text)
        page.get_by_role("button", name="Save").click()
        expect(page).to_have_url(year_url)
        expect(page.get_by_role("heading", level=1)).to_have_text(f"{year} “finish things”")
        reflection = page.get_by_role("region", name="New-year reflection")
        expect(reflection.get_by_role("listitem")).to_have_text(
            [
                "Shipped the reading-list side project",
                "Gave a talk at the local meetup",
                "Write every Tuesday morning",
                "Say no to a second side project",
            ]
        )
        expect(reflection.locator("strong")).to_have_text("March")
        expect(reflection.locator("em")).to_have_text("everything")

        # 3. One goal of each kind, over three areas.
        def count_plan(p: Page) -> None:
            p.get_by_label("Target", exact=True).fill("40")
            p.get_by_label("Unit", exact=True).fill("posts")
            p.get_by_label("Checkpoints (optional)", exact=True).fill(f"{year}-03-31: 5")

        def milestone_plan(p: Page) -> None:
            p.get_by_label("Planned date", exact=True).fill(f"{year}-12-01")

        def habit_plan(p: Page) -> None:
            p.get_by_label("Times per period", exact=True).fill("1")
            p.get_by_label("Per", exact=True).select_option(label="week")

        def limit_plan(p: Page) -> None:
            p.get_by_label("Keep it", exact=True).select_option(label="at least")
            p.get_by_label("Value", exact=True).fill("4")
            p.get_by_label("Measure", exact=True).fill("out of 5")

        add_goal(page, "Publish 40 posts", "Writing", "Count", count_plan)
        add_goal(page, "Get promoted", "Career", "Milestone", milestone_plan)
        add_goal(page, "Weekly post", "Side products", "Habit", habit_plan)
        add_goal(page, "Enjoy writing", "Writing", "Average or limit", limit_plan)

        # 4. After a reload, each goal sits under its area with its plan in one line.
        page.reload()
        expected = {
            "Writing": {
                "Publish 40 posts": f"40 posts by 31 Dec {year}, through 1 checkpoint",
                "Enjoy writing": "at least 4 out of 5",
            },
            "Career": {"Get promoted": f"done by 1 Dec {year}"},
            "Side products": {"Weekly post": "1 time per week"},
        }
        for area, goals in expected.items():
            listing = goals_under(page, area)
            expect(listing.locator("li.goal-item")).to_have_count(len(goals))
            for title, summary in goals.items():
                row = listing.locator("li.goal-item").filter(
                    has=page.get_by_role("link", name=title, exact=True)
                )
                expect(row).to_be_visible()
                expect(row.locator(".goal-plan")).to_have_text(summary)
        expect(reflection).to_contain_text(REFLECTION["Last year in one line"])
        expect(reflection.get_by_role("listitem").first).to_have_text(
            "Shipped the reading-list side project"
        )
        page.screenshot(path=screenshot_dir / "new-year-desktop.png", full_page=True)

        # 6. The goal form works from the keyboard alone: Tab from the title to the button.
        page.get_by_role("link", name="Add a goal").click()
        page.get_by_label("Goal", exact=True).focus()
        reached = False
        for _ in range(MAX_TABS):
            page.keyboard.press("Tab")
            if page.evaluate("(document.activeElement.textContent || '').trim()") == "Add goal":
                reached = True
                break
        assert reached, f"Tab did not reach the Add goal button in {MAX_TABS} presses"

    # 5. On a narrow phone nothing scrolls sideways.
    with open_page(browser, PHONE_WIDTH, 800) as page:
        log_in(page, base, email)
        page.goto(year_url)
        expect(page.get_by_role("link", name="Publish 40 posts", exact=True)).to_be_visible()
        fits(page)
        page.screenshot(path=screenshot_dir / "new-year-375.png", full_page=True)

        page.get_by_role("link", name="Add a goal").click()
        expect(page.get_by_role("button", name="Add goal")).to_be_visible()
        fits(page)
        page.screenshot(path=screenshot_dir / "new-goal-375.png", full_page=True)

        page.goto(f"{year_url}/reflection/new-year")
        expect(page.get_by_label("Successes", exact=True)).to_have_value(REFLECTION["Successes"])
        fits(page)

        page.goto(f"{base}/areas/")
        expect(page.get_by_role("heading", name="Your areas")).to_be_visible()
        fits(page)
