"""The mid-year check-in in a real browser: three goals, one form, the result page."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PASSWORD = "a long enough passphrase 2026"
MID_YEAR = "2026-07-01"


@pytest.fixture(scope="module")
def mid_year_server(dated_server):
    """The app serving a journal whose "today" is July 1, 2026."""
    return dated_server(MID_YEAR)


def add_goal(page: Page, base: str, title: str, area: str, kind: str, fill) -> None:
    page.goto(f"{base}/years/2026/goals/new")
    page.get_by_label("Goal", exact=True).fill(title)
    page.get_by_label("Area").select_option(label=area)
    # Choose the kind first: the form then shows only that kind's fields.
    page.get_by_label(kind, exact=False).first.check()
    fill(page)
    # Planned in January: a goal added mid-year would otherwise start today.
    page.get_by_label("Start date", exact=True).fill("2026-01-01")
    page.get_by_role("button", name="Add goal").click()
    expect(page.get_by_role("link", name=title)).to_be_visible()


def test_mid_year_check_in_over_three_goals(browser, mid_year_server, screenshot_dir):
    base = mid_year_server
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{base}/register")
        page.get_by_label("Email").fill(f"mid-{uuid.uuid4().hex[:8]}@example.org")
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_label("Repeat the password").fill(PASSWORD)
        page.get_by_role("button", name="Create account").click()
        page.get_by_role("link", name="Start 2026").click()
        page.get_by_role("button", name="Start the year").click()
        expect(page.get_by_role("heading", name="New-year reflection 2026")).to_be_visible()

        def count_fields(p: Page) -> None:
            p.get_by_label("Target", exact=True).fill("52")
            p.get_by_label("Unit", exact=True).fill("posts")

        def milestone_fields(p: Page) -> None:
            p.get_by_label("Planned date", exact=True).fill("2026-10-01")

        def habit_fields(p: Page) -> None:
            p.get_by_label("Times per period", exact=True).fill("1")

        add_goal(page, base, "Publish 52 posts", "Writing", "Count", count_fields)
        add_goal(page, base, "Get promoted", "Career", "Milestone", milestone_fields)
        add_goal(page, base, "Ship a weekly update", "Side products", "Habit", habit_fields)

        page.get_by_role("link", name="Mid-year check-in").click()
        expect(page.get_by_role("heading", name="Mid-year check-in")).to_be_visible()
        page.get_by_label("Overall mood").select_option("4")

        posts = page.get_by_role("region", name="Publish 52 posts")
        expect(posts).to_contain_text("Plan to date: 25.9 of 52 posts")
        posts.get_by_label("Running total now").fill("20")
        posts.get_by_label("How did working on this feel?").select_option("5")
        posts.get_by_label("Will you make it?").select_option("3")

        promotion = page.get_by_role("region", name="Get promoted")
        promotion.get_by_label("Done?").select_option("no")
        promotion.get_by_label("An attempt since the last check-in").select_option("failed")

        habit = page.get_by_role("region", name="Ship a weekly update")
        met = habit.get_by_role("group", name="Weeks met")
        for box in met.get_by_role("checkbox").all()[:20]:
            box.check()
        page.get_by_label("What went better than planned").fill("The interviews.")
        page.get_by_role("button", name="Save check-in").click()

        expect(page.get_by_role("heading", name="Mid-year check-in, 1 Jul 2026")).to_be_visible()
        standing = page.get_by_role("region", name="The first half against the plan")
        expect(standing).to_contain_text("41 days behind")
        expect(standing).to_contain_text("needs 1.2 a week from here")
        expect(standing.get_by_role("listitem").filter(has_text="Get promoted")).to_contain_text(
            "on track"
        )
        expect(standing).to_contain_text("20 weeks met")
        page.screenshot(path=screenshot_dir / "mid-year-result-desktop.png", full_page=True)

        page.set_viewport_size({"width": 375, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        page.screenshot(path=screenshot_dir / "mid-year-result-375.png", full_page=True)
        page.get_by_role("link", name="Edit").click()
        expect(
            page.get_by_role("heading", name="Edit mid-year check-in of 1 Jul 2026")
        ).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        page.screenshot(path=screenshot_dir / "mid-year-form-375.png", full_page=True)
    finally:
        context.close()
