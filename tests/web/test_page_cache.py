"""Whole pages kept per worker: served while the journal is unchanged, never after.

The dashboard, year, goal and summary pages are cached under the user, their data version and
today (journal/caching.py). These tests show a cache hit costs no query beyond the login's
(none while the login is kept, journal/auth/login_cache.py), and that nothing a user could
notice is ever stale: a write, another day, a flashed message, another session's CSRF
token, another user.
"""

from __future__ import annotations

import re

import pytest
from helpers import AuthActions, StatementCounter, csrf_token_from, make_app, second_user
from journals import A_EMAIL, TODAY, YEAR, build_journal

from journal.auth import login_cache
from journal.extensions import db

pytestmark = pytest.mark.filterwarnings(
    "ignore:Passing SelectField choices as tuples is deprecated:DeprecationWarning"
)

CACHED_PAGES = ("/", f"/years/{YEAR}", "/summary/")


@pytest.fixture
def app(tmp_path):
    return make_app(tmp_path, JOURNAL_TODAY=TODAY, WTF_CSRF_ENABLED=True)


@pytest.fixture
def journal(app):
    """A's logged-in client, CSRF on, and the ids of A's journal."""
    client = app.test_client()
    app.config["WTF_CSRF_ENABLED"] = False  # building through the forms, like the sweeps
    ids = build_journal(app, client, A_EMAIL, YEAR, full=True)
    app.config["WTF_CSRF_ENABLED"] = True
    return client, ids


def pages_of(ids) -> list[str]:
    return [*CACHED_PAGES, *(f"/goals/{goal}" for goal in ids["goal_id"])]


def without_tokens(html: str) -> str:
    return re.sub(r'value="[^"]*\.[^"]*"', 'value="token"', html)


def test_a_second_view_costs_no_query_while_nothing_changes(app, journal):
    # The page is kept, and so is the login (journal/auth/login_cache.py, on SQLite).
    client, ids = journal
    with app.app_context():
        engine = db.engine
    for url in pages_of(ids):
        first = client.get(url)
        with StatementCounter(engine) as counter:
            second = client.get(url)
        assert second.status_code == first.status_code == 200
        assert without_tokens(second.get_data(as_text=True)) == without_tokens(
            first.get_data(as_text=True))
        assert counter.count == 0, f"{url}: {counter.statements}"


def test_a_cached_page_costs_only_the_login_query_once_it_is_looked_up(app, journal):
    client, ids = journal
    with app.app_context():
        engine = db.engine
    for url in pages_of(ids):
        client.get(url)
        login_cache.forget()
        with StatementCounter(engine) as counter:
            assert client.get(url).status_code == 200
        assert counter.count == 1, f"{url}: {counter.statements}"


def test_a_cached_chart_or_304_costs_no_query_while_nothing_changes(app, journal):
    client, ids = journal
    with app.app_context():
        engine = db.engine
    charts = [f"/goals/{goal}/chart.svg" for goal in ids["goal_id"]]
    charts += [f"/years/{YEAR}/chart.svg", "/summary/chart.svg",
               f"/summary/areas/{ids['area_id'][1]}/chart.svg"]
    for url in charts:
        etag = client.get(url).headers["ETag"]
        with StatementCounter(engine) as counter:
            hit = client.get(url)
            unchanged = client.get(url, headers={"If-None-Match": etag})
        assert (hit.status_code, unchanged.status_code) == (200, 304), url
        assert counter.count == 0, f"{url}: {counter.statements}"


def test_a_write_shows_at_once_on_every_page(journal):
    client, ids = journal
    goal = ids["goal_id"][0]
    for url in pages_of(ids):
        client.get(url)
    form = client.get(f"/goals/{goal}/edit").get_data(as_text=True)
    body = {**ids["goal_forms"][goal], "title": "Renamed after caching",
            "csrf_token": csrf_token_from(form)}
    assert client.post(f"/goals/{goal}/edit", data=body).status_code == 302
    client.get("/")  # the flashed message
    for url in (f"/years/{YEAR}", f"/goals/{goal}", "/"):
        assert "Renamed after caching" in client.get(url).get_data(as_text=True), url


def test_a_flashed_message_is_shown_on_a_cached_page(journal):
    client, ids = journal
    goal = ids["goal_id"][0]
    page = client.get(f"/goals/{goal}").get_data(as_text=True)
    client.get(f"/goals/{goal}")
    token = csrf_token_from(page)
    assert client.post(f"/goals/{goal}/log",
                       data={"amount": "1", "csrf_token": token}).status_code == 302
    shown = client.get(f"/goals/{goal}").get_data(as_text=True)
    assert 'class="flash flash-success">Progress logged.' in shown
    assert "flash-success" not in client.get(f"/goals/{goal}").get_data(as_text=True)


def test_each_session_gets_its_own_working_token_from_a_cached_page(app, journal):
    client, ids = journal
    other = app.test_client()
    app.config["WTF_CSRF_ENABLED"] = False
    assert AuthActions(other).login(email=A_EMAIL).status_code == 302
    app.config["WTF_CSRF_ENABLED"] = True
    goal = ids["goal_id"][0]
    url = f"/goals/{goal}"
    mine = csrf_token_from(client.get(url).get_data(as_text=True))
    theirs = csrf_token_from(other.get(url).get_data(as_text=True))  # a cache hit
    assert mine != theirs
    assert other.post(f"/goals/{goal}/log",
                      data={"amount": "1", "csrf_token": theirs}).status_code == 302
    assert client.post(f"/goals/{goal}/log",
                       data={"amount": "1", "csrf_token": theirs}).status_code == 400


def test_another_day_is_another_page(app, journal):
    client, _ids = journal
    before = client.get(f"/years/{YEAR}").get_data(as_text=True)
    app.config["JOURNAL_TODAY"] = "2026-03-05"
    after = client.get(f"/years/{YEAR}").get_data(as_text=True)
    assert without_tokens(before) != without_tokens(after)


def test_another_user_never_gets_a_cached_page(app, journal):
    client, ids = journal
    for url in pages_of(ids):
        client.get(url)
    app.config["WTF_CSRF_ENABLED"] = False
    bob = second_user(app)
    for goal in ids["goal_id"]:
        assert bob.get(f"/goals/{goal}").status_code == 404
    for url in CACHED_PAGES:
        html = bob.get(url).get_data(as_text=True)
        assert "Publish 40 posts" not in html and "Health" not in html, url


def test_the_summary_chart_reuses_the_summaries_of_its_page_until_a_write(app, journal):
    client, ids = journal
    with app.app_context():
        engine = db.engine
    page = client.get("/summary/").get_data(as_text=True)
    with StatementCounter(engine) as counter:
        drawn = client.get("/summary/chart.svg?theme=dark")  # never drawn: a new drawing
    assert drawn.status_code == 200
    assert counter.count == 0, counter.statements  # the summaries are the page's
    goal = ids["goal_id"][0]
    assert client.post(f"/goals/{goal}/log", data={
        "amount": "5", "csrf_token": csrf_token_from(page)}).status_code == 302
    with StatementCounter(engine) as counter:
        redrawn = client.get("/summary/chart.svg?theme=dark")
    assert counter.count > 1  # built again from the rows
    assert redrawn.get_data() != drawn.get_data()
