"""Accounts in a real browser: register, log out, log in, and the forms on a phone."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

PASSWORD = "a long enough passphrase 2026"
PHONE_WIDTH = 375


@contextmanager
def open_page(browser: Browser, width: int, height: int) -> Iterator[Page]:
    """Yield a page in a fresh context (no cookies), closing the context afterwards."""
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        yield context.new_page()
    finally:
        context.close()


def expect_dashboard(page: Page, email: str) -> None:
    expect(page.get_by_role("heading", name="Your journal", level=1)).to_be_visible()
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_text(email, exact=True)).to_be_visible()
    expect(nav.get_by_role("button", name="Log out")).to_be_visible()


def test_register_log_out_and_log_back_in(browser, live_server, screenshot_dir):
    # A fresh address per run, so the test never depends on what an earlier one created.
    email = f"browser-{uuid.uuid4().hex[:8]}@example.org"

    with open_page(browser, 1280, 800) as page:
        page.goto(f"{live_server}/register")
        page.get_by_label("Email").fill(email)
        # exact: "Repeat the password" also contains the word "password".
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_label("Repeat the password").fill(PASSWORD)
        page.get_by_role("button", name="Create account").click()
        expect(page).to_have_url(f"{live_server}/")
        expect_dashboard(page, email)

        page.get_by_role("navigation", name="Main").get_by_role("button", name="Log out").click()
        expect(page).to_have_url(f"{live_server}/")
        expect(page.get_by_role("status")).to_contain_text("You are logged out.")
        # The welcome page links to the login form twice (navigation and hero); either will do.
        expect(page.get_by_role("link", name="Log in").first).to_be_visible()
        expect(page.get_by_role("heading", name="Your journal")).to_have_count(0)

        page.goto(f"{live_server}/login")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page).to_have_url(f"{live_server}/")
        expect_dashboard(page, email)
        page.screenshot(path=screenshot_dir / "accounts-dashboard-desktop.png", full_page=True)

    # On a narrow phone the account forms must fit without sideways scrolling.
    with open_page(browser, PHONE_WIDTH, 740) as page:
        page.goto(f"{live_server}/login")
        expect(page.get_by_role("button", name="Log in")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
        page.screenshot(path=screenshot_dir / "accounts-login-375.png", full_page=True)

        page.goto(f"{live_server}/register")
        expect(page.get_by_role("button", name="Create account")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH

        # Logged in, the navigation carries the email too: it must still fit.
        page.goto(f"{live_server}/login")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect_dashboard(page, email)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
        page.screenshot(path=screenshot_dir / "accounts-dashboard-375.png", full_page=True)
        page.goto(f"{live_server}/account")
        expect(page.get_by_role("button", name="Change password")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
        page.screenshot(path=screenshot_dir / "accounts-account-375.png", full_page=True)
