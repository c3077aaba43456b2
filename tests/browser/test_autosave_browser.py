"""The reflection saves itself a moment after typing stops: closing the tab loses nothing."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PASSWORD = "a long enough passphrase 2026"


def test_reflection_is_saved_without_pressing_save(browser, dated_server):
    base = dated_server("2026-01-04")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{base}/register")
        page.get_by_label("Email").fill(f"autosave-{uuid.uuid4().hex[:8]}@example.org")
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_label("Repeat the password").fill(PASSWORD)
        page.get_by_role("button", name="Create account").click()
        page.get_by_role("link", name="Start 2026").click()
        page.get_by_role("button", name="Start the year").click()
        # Typing before the page's deferred script has run would go unheard; a person
        # cannot type that fast, a test on a busy machine can.
        page.wait_for_load_state()

        page.get_by_label("What I learned").fill("Short, regular sessions beat long weekends.")
        saving = page.locator(".autosave-status")
        expect(saving).to_contain_text("Saved at", timeout=10_000)

        # Leave without pressing Save: the text is on the year page all the same.
        page.goto(f"{base}/years/2026")
        expect(page.get_by_text("Short, regular sessions beat long weekends.")).to_be_visible()

        # The browser itself stops a one-line summary at its limit (the server checks too).
        page.goto(f"{base}/years/2026/reflection/new-year")
        summary = page.get_by_label("Last year in one line")
        summary.fill("x" * 300)
        assert len(summary.input_value()) == 280
        expect(page.locator(".autosave-status")).to_contain_text("Saved at", timeout=10_000)
    finally:
        context.close()
