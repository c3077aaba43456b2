"""Printing the year page and the summary: no navigation or buttons, charts kept."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PASSWORD = "a long enough passphrase 2026"


def test_print_view_keeps_the_journal_and_drops_the_controls(browser, dated_server):
    base = dated_server("2026-03-01")
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{base}/register")
        page.get_by_label("Email").fill(f"print-{uuid.uuid4().hex[:8]}@example.org")
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_label("Repeat the password").fill(PASSWORD)
        page.get_by_role("button", name="Create account").click()
        page.get_by_role("link", name="Start 2026").click()
        page.get_by_role("button", name="Start the year").click()
        page.get_by_label("What I learned").fill("Small and finished beats big and ongoing.")
        page.get_by_role("button", name="Save").click()

        for url in (f"{base}/years/2026", f"{base}/summary/"):
            page.goto(url)
            page.emulate_media(media="print")
            expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
            for button in page.get_by_role("button").all():
                expect(button).to_be_hidden()
            page.emulate_media(media="screen")
            expect(page.get_by_role("navigation", name="Main")).to_be_visible()
        page.goto(f"{base}/years/2026")
        page.emulate_media(media="print")
        expect(page.get_by_text("Small and finished beats big and ongoing.")).to_be_visible()
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF")
    finally:
        context.close()
