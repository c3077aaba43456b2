"""Check-ins and quick logs: the mid-year form and its result page, refusing bad input
without saving anything, all-or-nothing saves, editing and deleting a check-in, one-step
quick logs, the dashboard's flags and next check-in, and the number of SQL statements of
the pages that show progress."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape
from html.parser import HTMLParser

import pytest
from helpers import PASSWORD, StatementCounter, make_app, second_user, statements_for
from pages import error_beside, errors_beside_fields, flashes, form_errors, page, squash
from sqlalchemy import func, select

import journal.checkins.queries as checkin_queries
from journal.extensions import db
from journal.models import (
    Attempt,
    CheckIn,
    Goal,
    PlanRevision,
    ProgressUpdate,
    User,
    Year,
)

CAREER, WRITING, SIDE_PRODUCTS = 1, 2, 3  # the first user's default areas
TODAY = date(2026, 7, 1)
MID_YEAR_URL = "/years/2026/checkins/new?kind=mid-year"


def dated_app(tmp_path, today: str, **overrides):
    return make_app(tmp_path, JOURNAL_TODAY=today, **overrides)


def dispose(app) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app(tmp_path):
    """The test app with its "today" fixed on 1 July 2026, the mid-year check-in day."""
    app = dated_app(tmp_path, TODAY.isoformat())
    yield app
    dispose(app)


@pytest.fixture
def user(client, auth):
    """A logged-in user with the three default areas and the year 2026 started."""
    assert auth.register().status_code == 302
    assert client.post("/years/new", data={"number": "2026"}).status_code == 302


# --- goals -----------------------------------------------------------------------------------

WHOLE_YEAR = {"start_date": "2026-01-01", "end_date": "2026-12-31"}
POSTS = {"title": "Publish 52 posts", "area_id": str(WRITING), "kind": "count",
         "count_target": "52", "count_unit": "posts"}
PROMOTION = {"title": "Get promoted", "area_id": str(CAREER), "kind": "milestone",
             "due_date": "2026-10-01"}
WEEKLY = {"title": "Ship a weekly update", "area_id": str(SIDE_PRODUCTS), "kind": "habit",
          "habit_times": "1", "cadence": "week", "allowed_skips": "2"}
SLEEP = {"title": "Sleep enough", "area_id": str(CAREER), "kind": "limit",
         "direction": "at_least", "limit_threshold": "4", "limit_unit": "hours"}
BOOKS = {"title": "Read 12 books", "area_id": str(WRITING), "kind": "count",
         "count_target": "12", "count_unit": "books"}


def add_goal(client, fields: dict, year: int = 2026, **changes) -> int:
    """Add a goal through the form; return its id."""
    data = {**WHOLE_YEAR, **fields, **changes}
    response = client.post(f"/years/{year}/goals/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("#goal-", 1)[1])


def set_status(client, goal_id: int, status: str, reason: str = "") -> None:
    response = client.post(f"/goals/{goal_id}/status",
                           data={"status": status, "on": "2026-06-01", "reason": reason})
    assert response.status_code == 302


@pytest.fixture
def goals(client, user) -> dict[str, int]:
    """One active goal of each kind, plus a count goal nobody updates; their ids."""
    return {
        "posts": add_goal(client, POSTS),  # 1, Writing
        "promotion": add_goal(client, PROMOTION),  # 2, Career
        "weekly": add_goal(client, WEEKLY),  # 3, Side products
        "sleep": add_goal(client, SLEEP),  # 4, Career
        "books": add_goal(client, BOOKS),  # 5, Writing
    }




# --- check-ins and quick logs ----------------------------------------------------------------


def post_checkin(client, kind: str = "mid-year", year: int = 2026, **fields):
    """Post a check-in of `kind`; `on` defaults to today. Lists post as repeated fields."""
    data = {"on": TODAY.isoformat(), **fields}
    return client.post(f"/years/{year}/checkins/new?kind={kind}", data=data)


def checkin_id_of(response) -> int:
    assert response.status_code == 302, errors_beside_fields(response.get_data(as_text=True))
    match = re.fullmatch(r"/checkins/(\d+)", response.headers["Location"])
    assert match, response.headers["Location"]
    return int(match.group(1))


def add_checkin(client, kind: str = "mid-year", **fields) -> int:
    return checkin_id_of(post_checkin(client, kind, **fields))


def quick_log(client, goal_id: int, **fields):
    return client.post(f"/goals/{goal_id}/log", data=fields)


MID_YEAR = {
    "mood": "4",
    "went_well": "The interviews.",
    "went_badly": "Side projects.",
    "next_change": "Write in the mornings.",
    "g1_value": "26", "g1_enjoyment": "4", "g1_confidence": "5",
    "g2_done": "no", "g2_attempt": "failed", "g2_enjoyment": "2",
    # weeks 21 to 24 (28 May to 24 June) met, week 20 (21 to 27 May) skipped
    "g3_met": ["21", "22", "23", "24"], "g3_skipped": ["20"], "g3_confidence": "3",
    "g4_value": "3.5", "g4_blocker": "Late calls",
}


# --- reading the database ------------------------------------------------------------------


def count(app, model) -> int:
    with app.app_context():
        return db.session.execute(select(func.count(model.id))).scalar_one()


def saved_rows(app) -> tuple[int, int, int]:
    """How many check-ins, progress updates and attempts are stored."""
    return count(app, CheckIn), count(app, ProgressUpdate), count(app, Attempt)


def updates_of(app, goal_id: int) -> list[tuple]:
    """(date, value, skipped, enjoyment, confidence, check-in id) of a goal's updates."""
    with app.app_context():
        rows = db.session.execute(
            select(ProgressUpdate).filter_by(goal_id=goal_id)
            .order_by(ProgressUpdate.on, ProgressUpdate.id)
        ).scalars()
        return [(r.on, r.value, r.skipped, r.enjoyment, r.confidence, r.checkin_id)
                for r in rows]


def updates_of_checkin(app, checkin_id: int) -> list[tuple]:
    """(goal id, date, value, skipped) of a check-in's updates."""
    with app.app_context():
        rows = db.session.execute(
            select(ProgressUpdate).filter_by(checkin_id=checkin_id)
            .order_by(ProgressUpdate.goal_id, ProgressUpdate.on)
        ).scalars()
        return [(r.goal_id, r.on, r.value, r.skipped) for r in rows]


# --- reading pages ---------------------------------------------------------------------------


def goal_section(html: str, goal_id: int) -> str:
    """The text of one goal's group of fields in the check-in form."""
    match = re.search(
        rf'<section class="card goal-update" aria-labelledby="goal-{goal_id}-heading">(.*?)'
        r"</section>", html, re.S)
    assert match, f"goal {goal_id} is not in the form"
    return squash(match.group(1))


def goal_items(html: str) -> dict[str, str]:
    """{goal title: the text of its list item}, for the pages that list goals."""
    items = re.findall(r'<li class="goal-item[^"]*"[^>]*>(.*?)</li>', html, re.S)
    result = {}
    for item in items:
        title = re.search(r'<a class="goal-title"[^>]*>(.*?)</a>', item, re.S)
        result[unescape(title.group(1))] = squash(item)
    return result


def area_headings(html: str) -> list[str]:
    return [squash(h) for h in re.findall(r'<h3 class="area-heading">(.*?)</h3>', html, re.S)]


class _FormReader(HTMLParser):
    """Collects what a browser would submit from the page's forms: {name: [values]}."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.values: dict[str, list[str]] = {}
        self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name:
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.values.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "textarea":
            self._textarea = name
            self.values[name] = [""]
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.values.setdefault(self._select, []).append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea][0] += data


def shown_values(html: str) -> dict[str, list[str]]:
    """The values the page's form fields show (what was typed, or what was saved)."""
    reader = _FormReader()
    reader.feed(html)
    return {name: [v.removeprefix("\r\n").removeprefix("\n") for v in values]
            for name, values in reader.values.items()}


# --- the check-in form -----------------------------------------------------------------------


def test_mid_year_form_lists_active_goals_with_plan_to_date_and_last_value(app, client, goals):
    achieved = add_goal(client, POSTS, title="Finish the course")
    dropped = add_goal(client, WEEKLY, title="Run every week")
    set_status(client, achieved, "achieved")
    set_status(client, dropped, "dropped", reason="Knee injury.")
    add_checkin(client, "ad-hoc", on="2026-03-15", g1_value="10", g4_value="4.5")

    html = page(client, MID_YEAR_URL)
    assert "<h1>Mid-year check-in</h1>" in html
    for goal_id in goals.values():
        assert f'id="goal-{goal_id}-heading"' in html
    assert f'id="goal-{achieved}-heading"' not in html
    assert f'id="goal-{dropped}-heading"' not in html
    form = html.split('<form method="post"', 1)[1].split("</form>", 1)[0]
    assert "Finish the course" not in form and "Run every week" not in form

    assert goal_section(html, goals["posts"]).startswith(
        "Publish 52 posts Plan to date: 25.9 of 52 posts. Last recorded: 10 on 15 Mar 2026. "
        "Running total now"
    )
    assert "Planned for 1 Oct 2026. Nothing recorded yet." in goal_section(html, goals["promotion"])
    assert "Plan: 1 per week; 26 weeks done by now. Nothing recorded yet." in goal_section(
        html, goals["weekly"])
    assert "Keep it at least 4 hours. Last recorded: 4.5 on 15 Mar 2026." in goal_section(
        html, goals["sleep"])
    # Every week begun by today can be ticked, and none after it.
    weeks = re.findall(r'name="g3_met" type="checkbox" value="(\d+)"', html)
    assert weeks == [str(n) for n in range(26)]

    for prompt in ("What went better than planned", "What went worse",
                   "What changes for the second half"):
        assert f">{prompt}</label>" in html
    assert shown_values(html)["on"] == ["2026-07-01"]


def test_the_form_shows_a_goals_latest_value_not_a_later_note(app, client, goals):
    add_checkin(client, "ad-hoc", on="2026-04-01", g1_value="11")
    add_checkin(client, "ad-hoc", on="2026-04-01", g1_value="12")  # the same day, later
    add_checkin(client, "ad-hoc", on="2026-05-01", g1_note="Drafts only, nothing out.")
    assert "Last recorded: 12 on 1 Apr 2026." in goal_section(page(client, MID_YEAR_URL),
                                                               goals["posts"])


@pytest.mark.parametrize(
    ("kind", "heading", "prompt"),
    [("monthly", "Monthly", "What went well this month"),
     ("quarterly", "Quarterly", "Focus for the next quarter"),
     ("year-end", "Year-end", "What I am proudest of"),
     ("ad-hoc", "Ad hoc", "What to change")],
)
def test_each_kind_of_check_in_asks_its_own_questions(client, goals, kind, heading, prompt):
    html = page(client, f"/years/2026/checkins/new?kind={kind}")
    assert f"<h1>{heading} check-in</h1>" in html
    assert f">{prompt}</label>" in html


@pytest.mark.parametrize("kind", ["weekly", "mid_year", "MID-YEAR", ""])
def test_an_unknown_kind_of_check_in_is_not_found(app, client, goals, kind):
    assert client.get(f"/years/2026/checkins/new?kind={kind}").status_code == 404
    assert post_checkin(client, kind, g1_value="26").status_code == 404
    assert saved_rows(app) == (0, 0, 0)


def test_a_check_in_of_a_year_not_started_is_not_found(app, client, goals):
    assert client.get("/years/2027/checkins/new?kind=mid-year").status_code == 404
    assert post_checkin(client, year=2027, g1_value="26").status_code == 404
    assert saved_rows(app) == (0, 0, 0)


# --- the mid-year check-in and its result page -----------------------------------------------


def test_mid_year_check_in_saves_one_check_in_with_its_updates(app, client, goals):
    earlier = add_checkin(client, "ad-hoc", on="2026-03-15", g1_value="10", g1_enjoyment="3")
    assert saved_rows(app) == (1, 1, 0)

    response = post_checkin(client, **MID_YEAR)
    checkin_id = checkin_id_of(response)
    assert saved_rows(app) == (2, 1 + 8, 1)

    with app.app_context():
        checkin = db.session.get(CheckIn, checkin_id)
        assert (checkin.kind, checkin.on, checkin.mood) == ("mid_year", TODAY, 4)
        assert (checkin.went_well, checkin.went_badly, checkin.next_change) == (
            "The interviews.", "Side projects.", "Write in the mornings.")
        attempt = db.session.execute(select(Attempt)).scalar_one()
        assert (attempt.goal_id, attempt.attempted_on, attempt.outcome) == (
            goals["promotion"], TODAY, "failed")

    assert updates_of(app, goals["posts"]) == [
        (date(2026, 3, 15), 10.0, False, 3, None, earlier),
        (TODAY, 26.0, False, 4, 5, checkin_id),
    ]
    assert updates_of(app, goals["promotion"]) == [(TODAY, 0.0, False, 2, None, checkin_id)]
    # One row per ticked week, dated on the week's last day; the feelings on the first.
    assert updates_of(app, goals["weekly"]) == [
        (date(2026, 5, 27), None, True, None, 3, checkin_id),
        (date(2026, 6, 3), 1.0, False, None, None, checkin_id),
        (date(2026, 6, 10), 1.0, False, None, None, checkin_id),
        (date(2026, 6, 17), 1.0, False, None, None, checkin_id),
        (date(2026, 6, 24), 1.0, False, None, None, checkin_id),
    ]
    assert updates_of(app, goals["sleep"]) == [(TODAY, 3.5, False, None, None, checkin_id)]
    assert updates_of(app, goals["books"]) == []  # left untouched: no update row

    html = page(client, response.headers["Location"])
    assert "Mid-year check-in saved." in flashes(html)
    assert "<h1>Mid-year check-in, 1 Jul 2026</h1>" in html
    assert "Mood: 4 · good" in html
    assert "The first half against the plan" in html
    items = goal_items(html)
    assert items["Publish 52 posts"] == (
        "Publish 52 posts updated here on track 26 of 52 posts (plan: 25.9) · 1 day of buffer"
        " · needs 1.0 a week from here · on course for 52 Enjoyment: 3 → 4 · Confidence: 5"
    )
    assert items["Get promoted"] == (
        "Get promoted updated here on track not yet · planned for 1 Oct 2026"
        " Enjoyment: 2 · Confidence: no ratings yet"
    )
    assert items["Ship a weekly update"] == (
        "Ship a weekly update updated here at risk 4 weeks met, 20 missed, 1 skipped"
        " · streak 4 (longest 4) · on course for 8 of 53"
        " Enjoyment: no ratings yet · Confidence: 3"
    )
    assert items["Sleep enough"] == (
        "Sleep enough updated here behind last measured 3.5 hours · at least 4"
        " Enjoyment: no ratings yet · Confidence: no ratings yet"
    )
    assert items["Read 12 books"] == (
        "Read 12 books at risk 0 of 12 books (plan: 6.0) · 181 days behind"
        " · needs 0.5 a week from here · on course for 0"
        " Enjoyment: no ratings yet · Confidence: no ratings yet"
    )
    # Career: (0 + 3.5/4) / 2; Writing: (26/52 + 0) / 2; Side products: 4 of 51 weeks.
    assert area_headings(html) == [
        "Career 44% · behind", "Writing 25% · at risk", "Side products 8% · at risk",
    ]
    for heading in ("What went better than planned", "What went worse",
                    "What changes for the second half"):
        assert f"<h2>{heading}</h2>" in html
    assert "<p>The interviews.</p>" in html

    # The year page lists the check-in in its timeline.
    year_html = page(client, "/years/2026")
    assert f'<a href="/checkins/{checkin_id}">Mid-year, 1 Jul 2026</a>' in year_html


def test_a_check_in_may_say_nothing_about_any_goal(app, client, goals):
    checkin_id = add_checkin(client, mood="3")
    assert saved_rows(app) == (1, 0, 0)
    html = page(client, f"/checkins/{checkin_id}")
    assert "updated here" not in html


def test_a_running_total_that_goes_down_is_saved_and_noticed(app, client, goals):
    add_checkin(client, "ad-hoc", on="2026-03-15", g1_value="10")
    response = post_checkin(client, g1_value="8")
    checkin_id = checkin_id_of(response)
    assert updates_of_checkin(app, checkin_id) == [(goals["posts"], TODAY, 8.0, False)]
    html = page(client, response.headers["Location"])
    assert "A total went down from 10 to 8: saved as you typed it." in flashes(html)
    assert "8 of 52 posts" in goal_items(html)["Publish 52 posts"]


def test_a_new_check_in_below_a_quick_logged_total_is_noticed(app, client, goals):
    assert quick_log(client, goals["posts"], amount="10").status_code == 302
    html = page(client, post_checkin(client, g1_value="8").headers["Location"])
    assert "A total went down from 10 to 8: saved as you typed it." in flashes(html)


def test_an_edited_total_is_compared_with_the_one_before_it_not_with_its_own(
        app, client, goals):
    add_checkin(client, "ad-hoc", on="2026-03-15", g1_value="4")
    assert quick_log(client, goals["posts"], amount="6").status_code == 302  # 10, today
    checkin_id = add_checkin(client, g1_value="12")
    url = f"/checkins/{checkin_id}/edit"
    # Its own 12 is not what came before; the quick log's 10 (no check-in) is.
    html = page(client, client.post(url, data={"on": TODAY.isoformat(), "g1_value": "11"})
                .headers["Location"])
    assert not any("went down" in flash for flash in flashes(html))
    html = page(client, client.post(url, data={"on": TODAY.isoformat(), "g1_value": "8"})
                .headers["Location"])
    assert "A total went down from 10 to 8: saved as you typed it." in flashes(html)
    # Moved before the quick log, it follows March's 4 alone.
    html = page(client, client.post(url, data={"on": "2026-06-30", "g1_value": "3"})
                .headers["Location"])
    assert "A total went down from 4 to 3: saved as you typed it." in flashes(html)


def test_saving_a_check_in_reads_nothing_once_it_is_committed(app, client, goals):
    # A read after the commit of a POST starts another write transaction (BEGIN IMMEDIATE
    # on SQLite) that holds the write lock until the request ends, only for the redirect.
    with app.app_context():
        engine = db.engine
    with StatementCounter(engine) as counter:
        checkin_id_of(post_checkin(client, g1_value="3", mood="4"))
    assert counter.statements[-1].startswith("UPDATE user_account SET data_version")


def test_a_negative_running_total_is_refused(app, client, goals):
    response = post_checkin(client, g1_value="-5")
    assert response.status_code == 422
    assert error_beside(response.get_data(as_text=True), "g1_value")
    assert saved_rows(app) == (0, 0, 0)


def test_check_in_text_is_shown_as_markdown_without_script(app, client, goals):
    checkin_id = add_checkin(client, went_well="<script>alert(1)</script> **Bold** "
                             "[link](javascript:alert(2))", g1_note="ok")
    html = page(client, f"/checkins/{checkin_id}")
    assert "<script>alert(1)" not in html
    assert 'href="javascript:' not in html
    assert "<strong>Bold</strong>" in html


def test_a_running_total_that_goes_up_is_not_noticed(app, client, goals):
    add_checkin(client, "ad-hoc", on="2026-03-15", g1_value="10")
    html = page(client, post_checkin(client, g1_value="12").headers["Location"])
    assert not [text for text in flashes(html) if "went down" in text]


# --- bad input: refused beside the field, what was typed kept, nothing saved -------------------

VALID = {"went_well": "The interviews.", "g1_value": "26", "g4_value": "3.5"}
NOTE_TOO_LONG = "x" * 25_000


@pytest.mark.parametrize(
    ("fields", "field_id", "message"),
    [
        ({"g1_value": "abc"}, "g1_value", "Enter a number, like 12."),
        ({"g4_value": "1e999"}, "g4_value", "Enter a number, like 12."),
        ({"g1_enjoyment": "0"}, "g1_enjoyment", "Choose from 1 to 5."),
        ({"g1_enjoyment": "6"}, "g1_enjoyment", "Choose from 1 to 5."),
        ({"g2_confidence": "6"}, "g2_confidence", "Choose from 1 to 5."),
        ({"mood": "9"}, "mood", "Choose from 1 to 5."),
        ({"g2_done": "maybe"}, "g2_done", "Choose one of the options."),
        ({"on": "2025-12-31"}, "on", "Choose a date in 2026."),
        ({"on": "2027-01-01"}, "on", "Choose a date in 2026."),
        ({"on": "2026-07-02"}, "on", "That date has not come yet; check in on it when it does."),
        ({"on": "2026-02-30"}, "on", "Enter a date like 2026-03-31."),
        ({"on": ""}, "on", "Enter a date."),
        ({"g1_note": NOTE_TOO_LONG}, "g1_note", "Keep this under 20,000 characters."),
        ({"went_badly": NOTE_TOO_LONG}, "went_badly", "Keep this under 20,000 characters."),
        ({"g4_blocker": "y" * 501}, "g4_blocker", "Keep this under 500 characters."),
    ],
    ids=["value-abc", "value-infinite", "enjoyment-0", "enjoyment-6", "confidence-6", "mood-9",
         "done-unknown", "date-2025", "date-2027", "date-future", "date-unreal", "date-empty",
         "goal-note-too-long", "text-too-long", "blocker-too-long"],
)
def test_bad_check_in_input_is_refused_beside_the_field_and_nothing_is_saved(
    app, client, goals, fields, field_id, message
):
    before = saved_rows(app)
    data = {**VALID, **fields}
    response = post_checkin(client, **data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert errors_beside_fields(html) == {field_id: message}
    assert saved_rows(app) == before == (0, 0, 0)
    shown = shown_values(html)
    for name, value in data.items():
        if name in ("on", "went_well", "g1_value", "g4_value", "g1_note", "went_badly",
                    "g4_blocker"):
            assert shown[name] == [value], name  # typed input is kept, even when refused


@pytest.mark.parametrize(
    "fields",
    [{"g3_met": ["26"]}, {"g3_met": ["21", "99"]}, {"g3_skipped": ["-1"]}],
    ids=["week-not-begun", "week-out-of-the-year", "negative-week"],
)
def test_a_period_not_offered_is_refused_and_nothing_is_saved(app, client, goals, fields):
    response = post_checkin(client, **VALID, **fields)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert errors_beside_fields(html) == {"": "Tick only the periods listed."}
    assert saved_rows(app) == (0, 0, 0)
    assert shown_values(html)["g1_value"] == ["26"]


def test_a_week_already_met_in_another_check_in_is_not_offered_again(app, client, goals):
    add_checkin(client, "ad-hoc", on="2026-03-15", g3_met=["0", "1"])
    html = page(client, MID_YEAR_URL)
    weeks = re.findall(r'name="g3_met" type="checkbox" value="(\d+)"', html)
    assert weeks == [str(n) for n in range(2, 26)]
    response = post_checkin(client, g3_met=["1", "2"])
    assert response.status_code == 422
    assert "Tick only the periods listed." in response.get_data(as_text=True)
    assert saved_rows(app) == (1, 2, 0)


def test_a_checkbox_value_that_is_not_a_number_is_refused(app, client, goals):
    response = post_checkin(client, **VALID, g3_met=["first"])
    assert response.status_code == 422
    assert saved_rows(app) == (0, 0, 0)


@pytest.mark.parametrize(
    "fields",
    [{}, {"mood": "", "went_well": "   ", "g1_value": "", "g1_blocker": "  ", "g2_done": "",
          "g3_met": [], "g4_note": "\n \n"}],
    ids=["nothing", "only-blanks"],
)
def test_an_empty_check_in_is_refused(app, client, goals, fields):
    response = post_checkin(client, **fields)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert form_errors(html) == (
        "This check-in is empty: rate your mood, write a line, or update a goal."
    )
    assert saved_rows(app) == (0, 0, 0)
    assert shown_values(html)["on"] == ["2026-07-01"]


def test_several_problems_are_reported_at_once(app, client, goals):
    response = post_checkin(client, on="2025-06-01", g1_value="abc", g2_enjoyment="7",
                            went_well="Kept.")
    assert response.status_code == 422
    assert errors_beside_fields(response.get_data(as_text=True)) == {
        "on": "Choose a date in 2026.",
        "g1_value": "Enter a number, like 12.",
        "g2_enjoyment": "Choose from 1 to 5.",
    }
    assert saved_rows(app) == (0, 0, 0)


def test_a_field_for_another_users_goal_is_ignored(app, client, goals):
    other = second_user(app, start_year=2026)
    their_goal = add_goal(other, POSTS, area_id="5")
    assert their_goal == 6
    response = post_checkin(client, g1_value="26", **{f"g{their_goal}_value": "99",
                                                       f"g{their_goal}_note": "Mine now."})
    checkin_id_of(response)
    assert updates_of(app, their_goal) == []
    assert [row[1] for row in updates_of(app, goals["posts"])] == [26.0]
    # Only the other user's goal: the check-in says nothing, so it is refused.
    response = post_checkin(client, **{f"g{their_goal}_value": "99"})
    assert response.status_code == 422
    assert updates_of(app, their_goal) == []
    assert saved_rows(app) == (1, 1, 0)


def test_another_users_year_and_check_ins_are_not_found(app, client, goals):
    other = second_user(app, start_year=2026)
    assert other.post("/years/new", data={"number": "2027"}).status_code == 302
    their_goal = add_goal(other, POSTS, area_id="5")
    their_checkin = add_checkin(other, **{f"g{their_goal}_value": "30"})
    before = saved_rows(app)

    assert client.get("/years/2027/checkins/new?kind=mid-year").status_code == 404
    assert post_checkin(client, year=2027, on="2027-01-01", mood="3").status_code == 404
    for url in (f"/checkins/{their_checkin}", f"/checkins/{their_checkin}/edit",
                f"/checkins/{their_checkin}/delete"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/checkins/{their_checkin}/edit",
                       data={"on": "2026-07-01", "mood": "1"}).status_code == 404
    assert client.post(f"/checkins/{their_checkin}/delete").status_code == 404
    assert saved_rows(app) == before
    assert [row[1] for row in updates_of(app, their_goal)] == [30.0]


# --- all or nothing ----------------------------------------------------------------------------


def test_a_failure_while_saving_leaves_nothing_saved(app, client, goals, monkeypatch):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    real_write_updates = checkin_queries.write_updates

    def write_then_fail(*args, **kwargs):
        real_write_updates(*args, **kwargs)
        db.session.flush()  # the check-in, its updates and the attempt reach the database
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(checkin_queries, "write_updates", write_then_fail)
    response = post_checkin(client, **MID_YEAR)
    assert response.status_code == 500
    assert "Nothing of it was saved" in response.get_data(as_text=True)
    assert saved_rows(app) == (0, 0, 0)

    monkeypatch.setattr(checkin_queries, "write_updates", real_write_updates)
    checkin_id_of(post_checkin(client, **MID_YEAR))
    assert saved_rows(app) == (1, 8, 1)


def test_a_failure_while_editing_keeps_the_saved_check_in(app, client, goals, monkeypatch):
    checkin_id = add_checkin(client, g1_value="20", g3_met=["0", "1"])
    before = updates_of_checkin(app, checkin_id)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    real_write_updates = checkin_queries.write_updates

    def write_then_fail(*args, **kwargs):
        real_write_updates(*args, **kwargs)
        db.session.flush()
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(checkin_queries, "write_updates", write_then_fail)
    response = client.post(f"/checkins/{checkin_id}/edit",
                           data={"on": "2026-07-01", "g1_value": "30"})
    assert response.status_code == 500
    assert updates_of_checkin(app, checkin_id) == before
    assert saved_rows(app) == (1, 3, 0)


# --- editing and deleting -------------------------------------------------------------------


def test_edit_shows_the_saved_check_in(app, client, goals):
    checkin_id = add_checkin(client, **MID_YEAR)
    url = f"/checkins/{checkin_id}/edit"
    shown = shown_values(page(client, url))
    assert shown["on"] == ["2026-07-01"]
    assert shown["mood"] == ["4"]
    assert shown["went_well"] == ["The interviews."]
    assert [float(v) for v in shown["g1_value"]] == [26.0]
    assert shown["g1_enjoyment"] == ["4"] and shown["g1_confidence"] == ["5"]
    assert shown["g2_done"] == ["no"]
    assert shown["g3_met"] == ["21", "22", "23", "24"] and shown["g3_skipped"] == ["20"]
    assert shown["g3_confidence"] == ["3"]
    assert [float(v) for v in shown["g4_value"]] == [3.5] and shown["g4_blocker"] == ["Late calls"]
    assert shown["g5_value"] == [""]


def test_edit_replaces_the_updates_of_the_check_in(app, client, goals):
    other = add_checkin(client, "ad-hoc", on="2026-03-15", g1_value="10", g3_met=["0"])
    checkin_id = add_checkin(client, mood="3", g1_value="20", g3_met=["5", "6"], g4_value="3")
    assert saved_rows(app) == (2, 2 + 4, 0)

    response = client.post(f"/checkins/{checkin_id}/edit", data={
        "on": "2026-06-30", "mood": "4", "g1_value": "24", "g3_met": ["5", "6", "7"],
    })
    assert response.status_code == 302
    assert response.headers["Location"] == f"/checkins/{checkin_id}"
    assert saved_rows(app) == (2, 2 + 4, 0)  # 24 posts and three weeks; sleep no longer
    assert updates_of_checkin(app, checkin_id) == [
        (goals["posts"], date(2026, 6, 30), 24.0, False),
        (goals["weekly"], date(2026, 2, 11), 1.0, False),
        (goals["weekly"], date(2026, 2, 18), 1.0, False),
        (goals["weekly"], date(2026, 2, 25), 1.0, False),
    ]
    assert updates_of(app, goals["sleep"]) == []
    assert updates_of_checkin(app, other) == [
        (goals["posts"], date(2026, 3, 15), 10.0, False),
        (goals["weekly"], date(2026, 1, 7), 1.0, False),
    ]
    with app.app_context():
        checkin = db.session.get(CheckIn, checkin_id)
        assert (checkin.on, checkin.mood, checkin.kind) == (date(2026, 6, 30), 4, "mid_year")
    html = page(client, f"/checkins/{checkin_id}")
    assert "Mid-year check-in saved." in flashes(html)
    assert "24 of 52 posts" in goal_items(html)["Publish 52 posts"]


def test_editing_with_the_same_values_does_not_duplicate_anything(app, client, goals):
    checkin_id = add_checkin(client, **MID_YEAR)
    before = saved_rows(app)
    rows = updates_of_checkin(app, checkin_id)
    url = f"/checkins/{checkin_id}/edit"
    shown = shown_values(page(client, url))
    assert client.post(url, data=shown).status_code == 302
    assert saved_rows(app) == before == (1, 8, 1)
    assert updates_of_checkin(app, checkin_id) == rows


def test_bad_edit_is_refused_and_changes_nothing(app, client, goals):
    checkin_id = add_checkin(client, g1_value="20")
    rows = updates_of_checkin(app, checkin_id)
    response = client.post(f"/checkins/{checkin_id}/edit",
                           data={"on": "2026-07-01", "g1_value": "abc"})
    assert response.status_code == 422
    assert error_beside(response.get_data(as_text=True), "g1_value") == "Enter a number, like 12."
    assert updates_of_checkin(app, checkin_id) == rows


@pytest.mark.parametrize("status", ["dropped", "achieved"])
def test_editing_a_check_in_keeps_the_updates_of_goals_no_longer_active(
    app, client, goals, status
):
    checkin_id = add_checkin(client, mood="3", g1_value="26", g4_value="3.5")
    set_status(client, goals["sleep"], status, reason="No longer.")
    response = client.post(f"/checkins/{checkin_id}/edit",
                           data={"on": "2026-07-01", "mood": "4", "g1_value": "26"})
    assert response.status_code == 302
    assert updates_of(app, goals["sleep"]) == [(TODAY, 3.5, False, None, None, checkin_id)]
    assert saved_rows(app) == (1, 2, 0)


def test_resaving_a_check_in_keeps_a_quick_log_made_after_it_that_day(app, client, goals):
    checkin_id = add_checkin(client, "ad-hoc", mood="3", g1_value="26", g4_value="3.5")
    assert quick_log(client, goals["posts"]).status_code == 302  # 27, later the same day
    url = f"/checkins/{checkin_id}/edit"
    shown = shown_values(page(client, url))
    response = client.post(url, data={**shown, "mood": "4", "g1_enjoyment": "5"},
                           follow_redirects=True)
    html = response.get_data(as_text=True)
    assert not [line for line in flashes(html) if "went down" in line]
    assert "27 of 52 posts" in goal_items(page(client, "/years/2026"))["Publish 52 posts"]
    assert [row[1:5] for row in updates_of(app, goals["posts"])] == [
        (26.0, False, 5, None), (27.0, False, None, None)]
    # A total changed in the check-in is recorded anew: after the quick log, and noticed.
    response = client.post(url, data={**shown, "g1_value": "25"}, follow_redirects=True)
    assert "A total went down from 27 to 25: saved as you typed it." in flashes(
        response.get_data(as_text=True))
    assert "25 of 52 posts" in goal_items(page(client, "/years/2026"))["Publish 52 posts"]


def test_an_earlier_check_in_shows_the_values_and_statuses_of_its_own_day(app, client, goals):
    january = add_checkin(client, "monthly", on="2026-01-31", mood="3")
    add_checkin(client, "ad-hoc", on="2026-03-31", g1_value="10")
    add_checkin(client, "ad-hoc", on="2026-06-30", g1_value="30")
    html = page(client, f"/checkins/{january}/edit")
    assert "Nothing recorded yet." in goal_section(html, goals["posts"])
    html = page(client, f"/checkins/{january + 1}/edit")
    assert "Last recorded: 10 on 31 Mar 2026." in goal_section(html, goals["posts"])
    set_status(client, goals["books"], "dropped", reason="No time.")  # on 1 June
    items = re.findall(r'<li class="(goal-item[^"]*)"[^>]*>\s*<a class="goal-title"[^>]*>'
                       r"([^<]*)</a>", page(client, f"/checkins/{january}"))
    assert ("goal-item goal-active", "Read 12 books") in items
    assert ("goal-item goal-dropped", "Read 12 books") in re.findall(
        r'<li class="(goal-item[^"]*)"[^>]*>\s*<a class="goal-title"[^>]*>([^<]*)</a>',
        page(client, f"/checkins/{january + 2}"))


def test_a_check_in_page_keeps_the_plan_it_was_made_against(app, client, goals):
    checkin_id = add_checkin(client, on="2026-06-30", g1_value="26")
    before = goal_items(page(client, f"/checkins/{checkin_id}"))["Publish 52 posts"]
    assert "26 of 52 posts (plan: 25.8)" in before
    assert client.post(f"/goals/{goals['posts']}/plan", data={
        "revised_on": "2026-07-01", "reason": "Cut back.", "count_target": "30",
        "checkpoints": ""}).status_code == 302
    assert goal_items(page(client, f"/checkins/{checkin_id}"))["Publish 52 posts"] == before
    html = page(client, f"/checkins/{checkin_id}/edit")
    assert "Plan to date: 25.8 of 52 posts." in goal_section(html, goals["posts"])
    assert "26 of 30 posts" in goal_items(page(client, "/years/2026"))["Publish 52 posts"]


def test_weeks_met_before_a_habit_was_revised_stay_met(app, client, goals):
    march = add_checkin(client, "monthly", on="2026-03-01",
                        g3_met=[str(week) for week in range(8)])
    assert "8 weeks met" in goal_items(page(client, "/years/2026"))["Ship a weekly update"]
    assert client.post(f"/goals/{goals['weekly']}/plan", data={
        "revised_on": "2026-04-01", "reason": "Twice from April.",
        "habit_times": "2"}).status_code == 302
    assert "8 weeks met" in goal_items(page(client, "/years/2026"))["Ship a weekly update"]
    # A new check-in does not offer them again, though each had once.
    offered = re.findall(r'name="g3_met" type="checkbox" value="(\d+)"',
                         page(client, "/years/2026/checkins/new?kind=ad-hoc"))
    assert offered[0] == "8"
    # Re-saving the March check-in as it is changes nothing.
    url = f"/checkins/{march}/edit"
    assert client.post(url, data=shown_values(page(client, url))).status_code == 302
    assert "8 weeks met" in goal_items(page(client, "/years/2026"))["Ship a weekly update"]
    # A week begun since the revision asks for twice: ticking it met records 2 times.
    add_checkin(client, "ad-hoc", g3_met=["20"])
    assert [value for _on, value, *_rest in updates_of(app, goals["weekly"])] == [1.0] * 8 + [2.0]
    assert "9 weeks met" in goal_items(page(client, "/years/2026"))["Ship a weekly update"]


def test_the_form_lists_goals_in_the_users_order_of_areas(app, client, goals):
    for _ in range(2):  # Side products first
        assert client.post(f"/areas/{SIDE_PRODUCTS}/move",
                           data={"direction": "up"}).status_code == 302
    html = page(client, MID_YEAR_URL)
    headings = re.findall(r'id="goal-(\d+)-heading"', html)
    year = page(client, "/years/2026")
    listed = re.findall(r'<li class="goal-item[^"]*" id="goal-(\d+)"', year)
    assert headings == listed
    assert headings[0] == str(goals["weekly"])


def test_a_new_date_moves_what_the_check_in_recorded_for_a_goal_it_achieved(app, client,
                                                                           goals):
    checkin_id = add_checkin(client, "ad-hoc", on="2026-06-30", g1_value="20", g2_done="yes",
                             g2_attempt="succeeded")
    with app.app_context():
        goal = db.session.get(Goal, goals["promotion"])
        assert (goal.status, goal.status_changed_on) == ("achieved", date(2026, 6, 30))
    # The date was a typo: it was the 3rd. The milestone is no longer on the form.
    assert client.post(f"/checkins/{checkin_id}/edit",
                       data={"on": "2026-06-03", "g1_value": "20"}).status_code == 302
    with app.app_context():
        goal = db.session.get(Goal, goals["promotion"])
        assert (goal.status, goal.status_changed_on) == ("achieved", date(2026, 6, 3))
        (attempt,) = goal.attempts
        assert (attempt.attempted_on, attempt.note) == (
            date(2026, 6, 3), "Recorded in the check-in of 2026-06-03.")
    assert updates_of_checkin(app, checkin_id) == [
        (goals["posts"], date(2026, 6, 3), 20.0, False),
        (goals["promotion"], date(2026, 6, 3), 1.0, False),
    ]


def test_deleting_the_check_in_that_alone_achieved_a_milestone_reopens_it(app, client, goals):
    first = add_checkin(client, "ad-hoc", on="2026-06-30", g2_done="yes")
    response = client.post(f"/checkins/{first}/delete", follow_redirects=True)
    assert ("A milestone this check-in alone marked achieved is active again."
            in flashes(response.get_data(as_text=True)))
    with app.app_context():
        goal = db.session.get(Goal, goals["promotion"])
        assert (goal.status, goal.status_changed_on) == ("active", None)
    # Achieved by a quick log as well: deleting the check-in leaves it achieved.
    second = add_checkin(client, "ad-hoc", on="2026-07-01", g2_done="yes")
    with app.app_context():
        db.session.get(Goal, goals["promotion"]).status = "active"
        db.session.commit()
    assert quick_log(client, goals["promotion"]).status_code == 302
    response = client.post(f"/checkins/{second}/delete", follow_redirects=True)
    assert not [m for m in flashes(response.get_data(as_text=True)) if "active again" in m]
    with app.app_context():
        goal = db.session.get(Goal, goals["promotion"])
        assert (goal.status, goal.status_changed_on) == ("achieved", date(2026, 7, 1))


def test_a_new_date_and_a_deletion_cost_as_many_statements_for_many_goals(app, client,
                                                                         goals):
    with app.app_context():
        engine = db.engine

    def statements(goal_count: int) -> tuple[int, int]:
        ids = [add_goal(client, BOOKS, title=f"Read {n}") for n in range(goal_count)]
        checkin_id = add_checkin(client, "ad-hoc", on="2026-05-01",
                                 **{f"g{goal_id}_value": "1" for goal_id in ids})
        for goal_id in ids:
            set_status(client, goal_id, "dropped", reason="No.")
        with StatementCounter(engine) as moved:
            assert client.post(f"/checkins/{checkin_id}/edit",
                               data={"on": "2026-05-02", "mood": "3"}).status_code == 302
        with StatementCounter(engine) as deleted:
            assert client.post(f"/checkins/{checkin_id}/delete").status_code == 302
        return moved.count, deleted.count

    assert statements(1) == statements(6)


def test_delete_asks_first_then_removes_the_check_in_and_its_updates(app, client, goals):
    kept = add_checkin(client, "ad-hoc", on="2026-03-15", g1_value="10")
    checkin_id = add_checkin(client, g1_value="26", g3_met=["0", "1"], g4_value="4")
    assert quick_log(client, goals["posts"]).status_code == 302
    assert saved_rows(app) == (2, 1 + 4 + 1, 0)

    html = page(client, f"/checkins/{checkin_id}/delete")
    assert "Delete the mid-year check-in of 1 Jul 2026?" in html
    assert "the 4 progress updates it recorded" in html
    assert saved_rows(app) == (2, 6, 0)

    response = client.post(f"/checkins/{checkin_id}/delete")
    assert response.status_code == 302
    assert response.headers["Location"] == "/years/2026"
    year_html = page(client, "/years/2026")
    assert "Check-in deleted, with the progress it recorded." in flashes(year_html)
    assert saved_rows(app) == (1, 2, 0)
    assert updates_of_checkin(app, checkin_id) == []
    assert [row[5] for row in updates_of(app, goals["posts"])] == [kept, None]
    assert client.get(f"/checkins/{checkin_id}").status_code == 404


# --- quick logs -------------------------------------------------------------------------------


def test_plus_one_twice_on_a_count_goal_keeps_a_running_total(app, client, goals):
    posts = goals["posts"]
    response = quick_log(client, posts, title="On habits", link="https://example.org/habits",
                         topic="habits", enjoyment="5")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/goals/{posts}"
    assert "Progress logged." in flashes(page(client, f"/goals/{posts}"))
    response = quick_log(client, posts, back="year")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/years/2026#goal-{posts}"

    assert updates_of(app, posts) == [(TODAY, 1.0, False, 5, None, None),
                                      (TODAY, 2.0, False, None, None, None)]
    with app.app_context():
        first = db.session.execute(select(ProgressUpdate).order_by(ProgressUpdate.id)).scalar()
        assert (first.title, first.link, first.topic) == (
            "On habits", "https://example.org/habits", "habits")
    html = page(client, f"/goals/{posts}")
    assert "2 of 52 posts" in html
    assert '<a href="https://example.org/habits" rel="noopener noreferrer nofollow">On habits</a>' \
        in html


def test_a_quick_log_adds_to_the_latest_check_in_total(app, client, goals):
    add_checkin(client, g1_value="26")
    assert quick_log(client, goals["posts"], amount="2").status_code == 302
    assert [row[1] for row in updates_of(app, goals["posts"])] == [26.0, 28.0]


def test_a_habit_quick_log_adds_one_occurrence(app, client, goals):
    assert quick_log(client, goals["weekly"]).status_code == 302
    assert updates_of(app, goals["weekly"]) == [(TODAY, 1.0, False, None, None, None)]
    # The week of 25 June to 1 July is met now.
    assert "1 weeks met" in goal_items(page(client, "/years/2026"))["Ship a weekly update"]


def test_a_limit_quick_log_records_the_measured_value(app, client, goals):
    assert quick_log(client, goals["sleep"], value="4.5").status_code == 302
    assert updates_of(app, goals["sleep"]) == [(TODAY, 4.5, False, None, None, None)]


def test_a_limit_quick_log_without_a_value_is_refused(app, client, goals):
    response = quick_log(client, goals["sleep"], enjoyment="3")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert error_beside(html, "value") == "Enter the value you measured."
    assert shown_values(html)["enjoyment"] == ["3"]
    assert saved_rows(app) == (0, 0, 0)


@pytest.mark.parametrize(
    ("fields", "field_id", "message"),
    [
        ({"link": "javascript:alert(1)"}, "link", "A link starts with https:// or http://."),
        ({"link": " JavaScript:alert(1)"}, "link", "A link starts with https:// or http://."),
        ({"link": "data:text/html,hi"}, "link", "A link starts with https:// or http://."),
        ({"amount": "lots"}, "amount", "Enter a number, like 1."),
        ({"enjoyment": "6"}, "enjoyment", "Choose from 1 to 5."),
        ({"title": "t" * 201}, "title", "Keep the title under 200 characters."),
        ({"topic": "t" * 41}, "topic", "Keep the topic under 40 characters."),
    ],
    ids=["javascript-link", "javascript-link-spaced", "data-link", "amount-abc", "enjoyment-6",
         "title-too-long", "topic-too-long"],
)
def test_a_bad_quick_log_is_refused_and_nothing_is_saved(app, client, goals, fields, field_id,
                                                         message):
    data = {"title": "On habits", **fields}
    response = quick_log(client, goals["posts"], **data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert error_beside(html, field_id) == message
    shown = shown_values(html)
    if field_id != "enjoyment":  # a select cannot show an option it does not have
        assert shown[field_id] == [data[field_id]]
    assert shown["title"] == [data["title"]]
    assert saved_rows(app) == (0, 0, 0)


@pytest.mark.parametrize(
    ("goal", "amount", "message"),
    [
        ("posts", "-5", "Enter a step above zero; to lower the total, record it in a check-in."),
        ("posts", "0", "Enter a step above zero; to lower the total, record it in a check-in."),
        ("weekly", "1.5", "Enter a whole number of times, at least 1."),
        ("weekly", "0", "Enter a whole number of times, at least 1."),
        ("weekly", "-1", "Enter a whole number of times, at least 1."),
    ],
    ids=["count-negative", "count-zero", "habit-fraction", "habit-zero", "habit-negative"],
)
def test_a_step_that_cannot_be_taken_is_refused_beside_it(app, client, goals, goal, amount,
                                                         message):
    response = quick_log(client, goals[goal], amount=amount, title="Oops")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert error_beside(html, "amount") == message
    assert shown_values(html)["amount"] == [amount]
    assert shown_values(html)["title"] == ["Oops"]
    assert saved_rows(app) == (0, 0, 0)


def test_marking_a_milestone_done_today_achieves_it_once(app, client, goals):
    response = quick_log(client, goals["promotion"])
    assert response.status_code == 302
    assert "Marked achieved. Well done." in flashes(page(client, response.headers["Location"]))
    with app.app_context():
        goal = db.session.get(Goal, goals["promotion"])
        assert (goal.status, goal.status_changed_on) == ("achieved", TODAY)
    assert quick_log(client, goals["promotion"]).status_code == 302  # refused: not active
    assert updates_of(app, goals["promotion"]) == [(TODAY, 1.0, False, None, None, None)]


def test_the_step_hint_fits_the_goals_kind(client, goals):
    assert "How many to add to the running total" in page(client, f"/goals/{goals['posts']}")
    habit = page(client, f"/goals/{goals['weekly']}")
    assert "How many times you did it (default 1)." in habit
    assert "running total" not in habit


def test_a_habit_quick_log_may_add_several_times(app, client, goals):
    assert quick_log(client, goals["weekly"], amount="2").status_code == 302
    assert [row[1] for row in updates_of(app, goals["weekly"])] == [2.0]


def test_a_quick_log_on_a_dropped_goal_is_refused(app, client, goals):
    set_status(client, goals["posts"], "dropped", reason="Too much.")
    response = quick_log(client, goals["posts"], title="One more")
    assert response.status_code == 302
    html = page(client, response.headers["Location"])
    assert "This goal is not active; reactivate it to log progress." in flashes(html)
    assert "Log a step today" not in html
    assert saved_rows(app) == (0, 0, 0)


def test_a_quick_log_on_another_users_goal_is_not_found(app, client, goals):
    other = second_user(app, start_year=2026)
    their_goal = add_goal(other, POSTS, area_id="5")
    assert quick_log(client, their_goal).status_code == 404
    assert quick_log(other, goals["posts"]).status_code == 404
    assert saved_rows(app) == (0, 0, 0)


def test_a_quick_log_outside_the_goals_year_is_refused(app, client, goals):
    assert client.post("/years/new", data={"number": "2025"}).status_code == 302
    old = add_goal(client, POSTS, year=2025, start_date="2025-01-01", end_date="2025-12-31")
    response = quick_log(client, old)
    assert response.status_code == 302
    assert ("Quick logs are dated today, which is not in 2025. Use a check-in to record a past "
            "date.") in flashes(page(client, response.headers["Location"]))
    assert saved_rows(app) == (0, 0, 0)


# --- the dashboard ----------------------------------------------------------------------------


def test_dashboard_lists_goals_with_bars_and_flagged_goals_first(app, client, goals):
    # Sleep kept at 5 hours (on plan) while enjoyment fell: 4, then 3, then 2.
    for on, enjoyment in (("2026-02-01", "4"), ("2026-04-01", "3"), ("2026-06-01", "2")):
        add_checkin(client, "ad-hoc", on=on, g4_value="5", g4_enjoyment=enjoyment)
    add_checkin(client, "ad-hoc", on="2026-06-01", g1_value="26")

    html = page(client, "/")
    items = goal_items(html)
    assert list(items) == ["Sleep enough", "Ship a weekly update", "Read 12 books",
                           "Publish 52 posts", "Get promoted"]
    assert html.count("<progress ") == 5
    assert items["Sleep enough"].endswith("on track last measured 5 hours · at least 4 "
                                          "⚑ enjoyment falling")
    assert "at risk" in items["Read 12 books"] and "⚑" not in items["Read 12 books"]
    assert "on track 26 of 52 posts" in items["Publish 52 posts"]
    assert re.search(r'<progress class="bar bar-on-track" max="1" value="0.500"\s+'
                     r'aria-label="Publish 52 posts: 50% of the target">', html)


def test_falling_enjoyment_while_behind_is_not_flagged(app, client, goals):
    for on, enjoyment in (("2026-02-01", "4"), ("2026-04-01", "3"), ("2026-06-01", "2")):
        add_checkin(client, "ad-hoc", on=on, g4_value="3", g4_enjoyment=enjoyment)
    assert "⚑" not in goal_items(page(client, "/"))["Sleep enough"]


def test_falling_confidence_is_flagged_whatever_the_pace(app, client, goals):
    for on, confidence in (("2026-02-01", "5"), ("2026-04-01", "4"), ("2026-06-01", "2")):
        add_checkin(client, "ad-hoc", on=on, g1_value="1", g1_confidence=confidence)
    items = goal_items(page(client, "/"))
    assert list(items)[0] == "Publish 52 posts"
    assert items["Publish 52 posts"].endswith("⚑ confidence falling")


def next_checkin_line(html: str) -> str:
    match = re.search(r'<p class="due[^"]*">(.*?)</p>', html, re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", "", match.group(1))).split()) if match else ""


@pytest.mark.parametrize(
    ("today", "line", "overdue"),
    [
        ("2026-06-15", "Next check-in: Mid-year, due 1 Jul 2026.", False),
        ("2026-07-01", "Next check-in: Mid-year, due 1 Jul 2026.", False),
        ("2026-07-02", "Next check-in: Mid-year, overdue since 1 Jul 2026.", True),
        ("2026-11-20", "Next check-in: Mid-year, overdue since 1 Jul 2026.", True),
    ],
)
def test_dashboard_says_when_the_mid_year_check_in_is_due(tmp_path, today, line, overdue):
    app = dated_app(tmp_path, today)
    try:
        client = app.test_client()
        client.post("/register", data={"email": "ada@example.org", "password": PASSWORD,
                                       "confirm": PASSWORD})
        assert client.post("/years/new", data={"number": "2026"}).status_code == 302
        html = page(client, "/")
        assert next_checkin_line(html) == line
        assert ('<p class="due due-overdue">' in html) is overdue
        assert '<a href="/years/2026/checkins/new?kind=mid-year">Mid-year</a>' in html
    finally:
        dispose(app)


def test_after_the_mid_year_check_in_the_next_one_is_monthly_or_year_end(app, client, goals):
    add_checkin(client, mood="3")
    assert next_checkin_line(page(client, "/")) == "Next check-in: Year-end, due 31 Dec 2026."
    add_checkin(client, "monthly", mood="3")
    assert next_checkin_line(page(client, "/")) == "Next check-in: Monthly, due 1 Aug 2026."


# --- SQL statements per page --------------------------------------------------------------------



KINDS = ("count", "milestone", "habit", "limit")


def build_big_year(app) -> int:
    """Bring 2026 to 15 goals (every kind, three areas, some revised, attempted, achieved
    or dropped) and 52 check-ins, each with an update for every goal; return the last
    check-in's id."""
    with app.app_context():
        owner = db.session.execute(select(User)).scalars().first()
        year = db.session.execute(select(Year).filter_by(number=2026)).scalar_one()
        goals = list(db.session.execute(select(Goal).order_by(Goal.id)).scalars())
        for n in range(14):
            kind = KINDS[n % 4]
            goal = Goal(
                user_id=owner.id, year=year, area_id=(CAREER, WRITING, SIDE_PRODUCTS)[n % 3],
                title=f"{kind} goal {n}", kind=kind, unit="units",
                start_date=date(2026, 1, 1), end_date=date(2026, 12, 31),
                cadence="week" if kind == "habit" else None,
                allowed_skips=2 if kind == "habit" else 0,
                direction="at_most" if kind == "limit" else None,
                status={5: "dropped", 9: "achieved"}.get(n, "active"),
            )
            target = {"count": 100.0, "milestone": 1.0, "habit": 1.0, "limit": 5.0}[kind]
            for version in (1, 2):
                goal.plan_revisions.append(PlanRevision(
                    user_id=owner.id, version=version, revised_on=date(2026, version, 1),
                    target=target + version - 1,
                    due_date=date(2026, 9, 30) if kind == "milestone" else None,
                    checkpoints=[["2026-06-30", 40.0]] if kind == "count" else []))
            if kind == "milestone":
                goal.attempts.append(Attempt(user_id=owner.id, attempted_on=date(2026, 3, 1),
                                             outcome="failed"))
            db.session.add(goal)
            goals.append(goal)
        first = goals[0]
        first.plan_revisions.append(PlanRevision(
            user_id=owner.id, version=2, revised_on=date(2026, 3, 1), target=60.0,
            checkpoints=[]))
        last = None
        for n in range(51):
            on = date(2026, 1, 2) + timedelta(days=3 * n)
            last = CheckIn(user_id=owner.id, year=year, on=on, kind="ad_hoc", mood=n % 5 + 1,
                           went_well=f"Week {n}")
            for goal in goals:
                value = {"count": float(n + 1), "milestone": 0.0, "habit": 1.0,
                         "limit": float(n % 7)}[goal.kind]
                last.updates.append(ProgressUpdate(
                    user_id=owner.id, goal=goal, on=on, value=value, enjoyment=n % 5 + 1,
                    confidence=(n + 2) % 5 + 1, note="A note."))
            db.session.add(last)
        db.session.commit()
        assert db.session.execute(select(func.count(CheckIn.id))).scalar_one() == 52
        assert db.session.execute(select(func.count(ProgressUpdate.id))).scalar_one() == (
            1 + 51 * 15)
        return last.id


def test_statement_counts_do_not_grow_with_goals_and_check_ins(app, client, user):
    """Each page runs as many statements for 1 goal and 1 check-in as for 15 goals and 52
    check-ins with an update for every goal."""
    posts = add_goal(client, POSTS)
    first = add_checkin(client, "ad-hoc", on="2026-01-01", g1_value="1", g1_enjoyment="3")

    def measure(checkin_id):
        return {
            "year page": statements_for(app, client, "/years/2026"),
            "dashboard": statements_for(app, client, "/"),
            "check-in": statements_for(app, client, f"/checkins/{checkin_id}"),
            "goal page": statements_for(app, client, f"/goals/{posts}"),
        }

    small = measure(first)
    last = build_big_year(app)
    big = measure(last)
    assert len(goal_items(page(client, "/years/2026"))) == 15
    assert len(goal_items(page(client, f"/checkins/{last}"))) == 15
    assert len(goal_items(page(client, "/"))) == 15
    assert page(client, "/years/2026").count("<li><a href=\"/checkins/") == 52
    assert page(client, f"/goals/{posts}").count("<tr><td>") == 52
    assert big == small
