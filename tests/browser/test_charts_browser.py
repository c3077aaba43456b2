"""Charts in a real browser: the year page and the summary for two years of data."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PASSWORD = "a long enough passphrase 2026"


def post(page: Page, url: str, form: dict) -> None:
    """Submit a form the way the page would, CSRF token included."""
    token = page.locator('input[name="csrf_token"]').first.get_attribute("value")
    response = page.request.post(url, form={**form, "csrf_token": token}, max_redirects=0)
    assert response.status in (302, 303), (url, response.status, response.text()[:500])


def charts_shown(page: Page) -> list[int]:
    """The natural width of every chart image on the page, once each has loaded."""
    images = page.locator("figure.chart img")
    expect(images.first).to_be_visible()
    # wait_for_function would need eval, which the Content-Security-Policy forbids.
    all_loaded = "[...document.querySelectorAll('figure.chart img')].every(i => i.complete)"
    for _ in range(100):
        if page.evaluate(all_loaded):
            break
        page.wait_for_timeout(100)
    return page.eval_on_selector_all("figure.chart img", "els => els.map(e => e.naturalWidth)")


def test_year_page_and_summary_show_their_charts(browser, dated_server, screenshot_dir):
    base = dated_server("2026-07-01")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{base}/register")
        page.get_by_label("Email").fill(f"charts-{uuid.uuid4().hex[:8]}@example.org")
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_label("Repeat the password").fill(PASSWORD)
        page.get_by_role("button", name="Create account").click()
        for year in (2025, 2026):
            post(page, f"{base}/years/new", {"number": str(year)})
            post(page, f"{base}/years/{year}/goals/new", {
                "title": "Publish posts", "area_id": "2", "kind": "count",
                "count_target": "40", "count_unit": "posts", "start_date": f"{year}-01-01",
                "end_date": f"{year}-12-31", "cadence": "week", "direction": "at_least"})
        page.goto(f"{base}/years/2025/checkins/new?kind=year-end")
        post(page, f"{base}/years/2025/checkins/new?kind=year-end",
             {"on": "2025-12-31", "g1_value": "31", "g1_enjoyment": "3"})
        post(page, f"{base}/years/2026/checkins/new?kind=mid-year",
             {"on": "2026-07-01", "g2_value": "22", "g2_enjoyment": "4"})

        page.goto(f"{base}/years/2026")
        assert all(width > 0 for width in charts_shown(page))
        page.get_by_text("The numbers behind this chart").click()
        expect(page.get_by_role("cell", name="Publish posts")).to_be_visible()
        page.screenshot(path=screenshot_dir / "year-2026-desktop.png", full_page=True)

        page.goto(f"{base}/summary/")
        widths = charts_shown(page)
        assert len(widths) == 2 and all(width > 0 for width in widths)
        expect(page.get_by_role("table")).to_contain_text("2025")
        # Mid-2026 is compared with mid-2025, when nothing had been recorded yet.
        expect(page.locator(".verdict")).to_contain_text("than by this time in 2025")
        page.screenshot(path=screenshot_dir / "summary-desktop.png", full_page=True)

        page.goto(f"{base}/goals/2")
        assert all(width > 0 for width in charts_shown(page))
        page.screenshot(path=screenshot_dir / "goal-desktop.png", full_page=True)

        page.set_viewport_size({"width": 375, "height": 800})
        for url, name in ((f"{base}/years/2026", "year-2026-375.png"),
                          (f"{base}/summary/", "summary-375.png")):
            page.goto(url)
            assert all(width > 0 for width in charts_shown(page))
            assert page.evaluate("document.documentElement.scrollWidth") <= 375
            page.screenshot(path=screenshot_dir / name, full_page=True)
    finally:
        context.close()
