"""Backup and restore in a real browser: download from one account, restore into another."""

from __future__ import annotations

import json
import re
import uuid

import pytest
from helpers import register_in_browser
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PASSWORD = "a long enough passphrase 2026"
TODAY = "2026-03-15"
YEAR = 2026
PHONE_WIDTH = 375
TLDR = "A quiet year that ended with a finished manuscript."
GOAL = "Publish 24 essays"
CLASH = f"Your journal already has {YEAR}."


@pytest.fixture(scope="module")
def march_server(dated_server):
    """The app serving a journal whose "today" is March 15, 2026, so quick logs are allowed."""
    return dated_server(TODAY)




def fits(page: Page, width: int = PHONE_WIDTH) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    inner_width = page.evaluate("window.innerWidth")
    assert inner_width == width
    assert scroll_width <= inner_width, f"{page.url} scrolls sideways: {scroll_width}px wide"


def file_error(page: Page):
    """The error paragraph inside the field that holds the "Backup file" input."""
    return (
        page.locator(".field")
        .filter(has=page.get_by_label("Backup file", exact=True))
        .locator("p.error")
    )


def restore_into_clash(page: Page, base: str, backup) -> None:
    """Restore `backup` into an account that already has its year; expect the refusal."""
    page.goto(f"{base}/import/")
    stop = page.get_by_role("radio", name="Stop, and restore nothing")
    expect(stop).to_be_checked()
    page.get_by_label("Backup file", exact=True).set_input_files(backup)
    page.get_by_role("button", name="Restore").click()
    expect(page.get_by_role("heading", name="Restore a backup", level=1)).to_be_visible()
    error = file_error(page)
    expect(error).to_have_count(1)
    expect(error).to_contain_text(CLASH)
    expect(error).to_contain_text("Nothing was restored.")
    file_input = page.get_by_label("Backup file", exact=True)
    expect(file_input).to_have_attribute("aria-invalid", "true")
    expect(file_input).to_have_attribute("aria-describedby", re.compile(r"\bfile-error\b"))
    # The choice made is kept: still the default, never switched to merging.
    expect(stop).to_be_checked()
    expect(page.get_by_role("radio", name=re.compile(r"^Merge"))).not_to_be_checked()
    expect(page.get_by_role("status")).to_have_count(0)  # no "Restored" flash


def test_back_up_one_account_and_restore_it_into_another(
    browser, march_server, screenshot_dir, tmp_path
):
    base = march_server
    year_url = f"{base}/years/{YEAR}"
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    try:
        page = context.new_page()

        # 1. Account A starts the year, reflects, sets a count goal and logs one step.
        register_in_browser(page, base, f"backup-a-{uuid.uuid4().hex[:8]}@example.org", PASSWORD)
        page.get_by_role("link", name=f"Start {YEAR}").click()
        page.get_by_role("button", name="Start the year").click()
        expect(page).to_have_url(f"{year_url}/reflection/new-year")
        page.get_by_label("Last year in one line", exact=True).fill(TLDR)
        page.get_by_role("button", name="Save").click()
        expect(page).to_have_url(year_url)

        page.get_by_role("link", name="Add a goal").click()
        page.get_by_label("Goal", exact=True).fill(GOAL)
        page.get_by_label("Area", exact=True).select_option(label="Writing")
        page.get_by_role("radio", name=re.compile(r"^Count")).check()
        page.get_by_label("Target", exact=True).fill("24")
        page.get_by_label("Unit", exact=True).fill("essays")
        page.get_by_label("Start date", exact=True).fill(f"{YEAR}-01-01")
        page.get_by_role("button", name="Add goal").click()
        expect(page.get_by_role("status")).to_contain_text("Goal added")

        page.get_by_role("button", name=f"+1 essay: {GOAL}").click()
        expect(page.get_by_role("status")).to_contain_text("Progress logged.")

        # 2. The backup, downloaded from the account page.
        page.goto(f"{base}/account")
        data = page.get_by_role("region", name="Your data")
        expect(data).to_be_visible()
        with page.expect_download() as download_info:
            data.get_by_role("link", name="Download a backup").click()
        download = download_info.value
        assert download.failure() is None
        assert re.fullmatch(
            r"year-journal-backup-\d{4}-\d{2}-\d{2}\.json", download.suggested_filename
        ), download.suggested_filename
        backup = tmp_path / download.suggested_filename
        download.save_as(backup)
        document = json.loads(backup.read_text(encoding="utf-8"))
        assert document["format"] == "year-journal-backup"
        assert document["version"] == 1
        [year] = document["years"]
        assert year["year"] == YEAR
        assert year["reflections"]["new_year"]["tldr"] == TLDR
        assert [goal["title"] for goal in year["goals"]] == [GOAL]
        assert [update["value"] for update in year["progress_updates"]] == [1]
        page.screenshot(path=screenshot_dir / "backup-account-desktop.png", full_page=True)

        # 3. Account B restores it, keeping the default "stop on a clash".
        page.get_by_role("navigation", name="Main").get_by_role("button", name="Log out").click()
        expect(page.get_by_role("status")).to_contain_text("You are logged out.")
        register_in_browser(page, base, f"backup-b-{uuid.uuid4().hex[:8]}@example.org", PASSWORD)
        page.goto(f"{base}/account")
        page.get_by_role("region", name="Your data").get_by_role(
            "link", name="Restore a backup"
        ).click()
        expect(page).to_have_url(f"{base}/import/")
        expect(page.get_by_role("heading", name="Restore a backup", level=1)).to_be_visible()
        expect(page.get_by_role("radio", name="Stop, and restore nothing")).to_be_checked()
        page.get_by_label("Backup file", exact=True).set_input_files(backup)
        page.get_by_role("button", name="Restore").click()

        expect(page).to_have_url(f"{base}/years/")
        # One year, its goal, no check-in and the one quick log (singular or plural).
        expect(page.get_by_role("status")).to_have_text(
            re.compile(r"^\s*Restored 1 year, 1 goal, 0 check-ins, 1 update\.\s*$")
        )
        card = page.locator("li.year-card")
        expect(card).to_have_count(1)
        expect(card).to_contain_text("1 goal")
        card.get_by_role("link", name=str(YEAR), exact=True).click()
        expect(page).to_have_url(year_url)
        expect(page.get_by_role("link", name=GOAL, exact=True)).to_be_visible()
        reflection = page.get_by_role("region", name="New-year reflection")
        expect(reflection).to_contain_text(TLDR)

        # 4. The same file again: refused whole, beside the file field, the choice kept.
        restore_into_clash(page, base, backup)
        page.screenshot(path=screenshot_dir / "backup-import-error-desktop.png", full_page=True)
        page.goto(f"{base}/years/")
        expect(page.locator("li.year-card")).to_have_count(1)
        expect(page.locator("li.year-card")).to_contain_text("1 goal")
        expect(page.locator("li.year-card")).not_to_contain_text("2 goals")

        # 5. On a narrow phone neither page scrolls sideways.
        page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
        page.goto(f"{base}/account")
        expect(page.get_by_role("link", name="Download a backup")).to_be_visible()
        fits(page)
        page.screenshot(path=screenshot_dir / "backup-account-375.png", full_page=True)

        restore_into_clash(page, base, backup)
        fits(page)
        page.screenshot(path=screenshot_dir / "backup-import-error-375.png", full_page=True)
    finally:
        context.close()


def test_restore_choices_draw_radios_of_one_size(browser, march_server):
    base = march_server
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        register_in_browser(page, base, f"backup-c-{uuid.uuid4().hex[:8]}@example.org", PASSWORD)
        sizes = {}
        for width in (1280, PHONE_WIDTH):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{base}/import/")
            radios = page.get_by_role("group", name=re.compile(r"^If your journal already"))
            sizes[width] = [
                (box["width"], box["height"])
                for box in (radio.bounding_box() for radio in radios.get_by_role("radio").all())
            ]
        for width, boxes in sizes.items():
            assert len(boxes) == 2
            assert boxes[0] == boxes[1], f"at {width}px the two radios differ: {boxes}"
    finally:
        context.close()
