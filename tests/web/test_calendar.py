"""The check-in calendar feed: secret, revocable, dates only."""

from __future__ import annotations

import re
from html import unescape

import pytest
from helpers import app_in, csrf_token_from, make_app

from journal.extensions import db

MARKER = "secret-journal-words"


@pytest.fixture
def app(tmp_path):
    with app_in(tmp_path, JOURNAL_TODAY="2026-03-01") as app:
        yield app


def enable(client, monthly=False) -> str:
    """Turn the feed on; return its path (shown once on the page that answers)."""
    data = {"monthly": "y"} if monthly else {}
    response = client.post("/account/calendar", data=data)
    assert response.status_code == 200
    url = unescape(re.search(r'id="feed-url" type="text" readonly value="([^"]+)"',
                             response.get_data(as_text=True)).group(1))
    return re.sub(r"^https?://[^/]+", "", url)


def events(ics: str) -> list[tuple[str, str]]:
    """(date, summary) of each event in an iCalendar text."""
    blocks = re.findall(r"BEGIN:VEVENT\r\n(.*?)END:VEVENT\r\n", ics, re.S)
    return [(re.search(r"DTSTART;VALUE=DATE:(\d{8})", b).group(1),
             re.search(r"SUMMARY:(.*)\r\n", b).group(1)) for b in blocks]


def test_feed_lists_the_check_in_dates_and_no_journal_text(client, auth):
    auth.register()
    client.post("/years/new", data={"number": "2026"})
    client.post("/years/2026/reflection/new-year", data={"tldr": MARKER})
    path = enable(client)
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    text = response.get_data(as_text=True)
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert all(line.endswith("\r") or not line for line in text.split("\n")[:-1])
    assert events(text) == [
        ("20260701", "Year Journal: mid-year check-in"),
        ("20261231", "Year Journal: year-end check-in"),
        ("20270701", "Year Journal: mid-year check-in"),
        ("20271231", "Year Journal: year-end check-in"),
    ]
    assert MARKER not in text and "example.org" not in text


def test_monthly_check_ins_when_chosen(client, auth):
    auth.register()
    listed = events(client.get(enable(client, monthly=True)).get_data(as_text=True))
    dates = [day for day, _summary in listed]
    assert "20260101" in dates and "20260801" in dates and "20260701" in dates
    assert dates.count("20260701") == 1  # July 1 is the mid-year one, not also a monthly one
    assert len(listed) == 2 * (11 + 2)


def test_revoked_and_replaced_addresses_answer_404(client, auth):
    auth.register()
    first = enable(client)
    second = enable(client)  # a new address replaces the old one
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    assert client.post("/account/calendar/revoke").status_code == 302
    assert client.get(second).status_code == 404


def test_a_made_up_token_answers_404_even_without_login(app, client, auth):
    auth.register()
    enable(client)
    anonymous = app.test_client()
    assert anonymous.get("/calendar/not-a-real-token.ics").status_code == 404
    assert anonymous.get("/calendar/" + "x" * 500 + ".ics").status_code == 404


def test_turning_the_feed_on_needs_login_and_a_csrf_token(tmp_path):
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    assert client.post("/account/calendar").status_code in (302, 400)
    token = csrf_token_from(client.get("/register").get_data(as_text=True))
    client.post("/register", data={"email": "a@example.org", "password": "a long passphrase 1",
                                   "confirm": "a long passphrase 1", "csrf_token": token})
    assert client.post("/account/calendar").status_code == 400
    with app.app_context():
        from sqlalchemy import select

        from journal.models import User

        assert db.session.execute(select(User.calendar_token_hash)).scalar_one() is None
