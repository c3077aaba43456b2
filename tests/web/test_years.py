"""Years (/years/): the list, starting a year with carried-over goals, reflections, deleting."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest
from helpers import AuthActions, app_in, make_app
from pages import error_beside, flashes, page, squash
from sqlalchemy import func, select

from journal.extensions import db
from journal.models import Attempt, Goal, PlanRevision, Reflection, Year

CAREER, WRITING, SIDE_PRODUCTS = 1, 2, 3  # the first user's default areas
OTHER_PASSWORD = "another long passphrase"


@pytest.fixture
def app(tmp_path):
    """The test app with its "today" fixed on 5 January 2026."""
    with app_in(tmp_path, JOURNAL_TODAY="2026-01-05") as app:
        yield app


@pytest.fixture
def user(auth):
    """A logged-in user with the three default areas."""
    assert auth.register().status_code == 302


# --- reading pages -------------------------------------------------------------------------


def input_value(html: str, field_id: str) -> str | None:
    tag = re.search(rf'<input [^>]*\bid="{re.escape(field_id)}"[^>]*>', html)
    assert tag, f"no input #{field_id}"
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return unescape(value.group(1)) if value else None


def textarea_value(html: str, field_id: str) -> str:
    match = re.search(
        rf'<textarea [^>]*\bid="{re.escape(field_id)}"[^>]*>\r?\n?(.*?)</textarea>', html, re.S
    )
    assert match, f"no textarea #{field_id}"
    return unescape(match.group(1))


def listed_years(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<h2><a href="/years/\d+">(\d+)</a></h2>', html)]


def carry_options(html: str) -> list[tuple[str, str, bool]]:
    """(goal id, title, ticked) of each carry-over checkbox."""
    checkbox = r'<label class="check"><input ([^>]*name="carry"[^>]*)> (.*?)</label>'
    options = re.findall(checkbox, html)
    return [
        (re.search(r'value="(\d+)"', attrs).group(1), unescape(title), "checked" in attrs.split())
        for attrs, title in options
    ]


def aside(html: str) -> str:
    match = re.search(r"<aside [^>]*>(.*?)</aside>", html, re.S)
    return match.group(1) if match else ""


def reflection_section(html: str, kind: str) -> str:
    """The year page's card for the reflection of `kind` ("new_year" or "year_end")."""
    match = re.search(
        rf'<section class="card" aria-labelledby="reflection-{kind}">(.*?)</section>', html, re.S
    )
    assert match, f"no {kind} reflection card"
    return match.group(1)


# --- writing -------------------------------------------------------------------------------


def start_year(client, number, carry=()):
    return client.post(
        "/years/new", data={"number": str(number), "carry": [str(goal_id) for goal_id in carry]}
    )


def add_goal(client, year=2026, **fields) -> int:
    """Add a goal (by default a count goal in Career) and return its id."""
    data = {
        "title": "Publish 40 posts",
        "area_id": str(CAREER),
        "kind": "count",
        "count_target": "40",
        "count_unit": "posts",
        "start_date": f"{year}-01-01",
        "end_date": f"{year}-12-31",
    }
    data.update(fields)
    response = client.post(f"/years/{year}/goals/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("#goal-", 1)[1])


def set_status(client, goal_id, status, reason=""):
    response = client.post(
        f"/goals/{goal_id}/status", data={"status": status, "on": "2026-01-04", "reason": reason}
    )
    assert response.status_code == 302


def save_reflection(client, number, slug, headers=None, **sections):
    return client.post(f"/years/{number}/reflection/{slug}", data=sections, headers=headers)


def reflection_row(app, number, kind) -> Reflection | None:
    with app.app_context():
        return db.session.execute(
            select(Reflection)
            .join(Reflection.year)
            .where(Year.number == number, Reflection.kind == kind)
        ).scalar_one_or_none()


def year_numbers(app) -> list[int]:
    with app.app_context():
        return list(db.session.execute(select(Year.number).order_by(Year.number)).scalars())


def goals_of_year(app, number) -> list[dict]:
    """The year's goals, each with its plan revisions, as plain values."""
    with app.app_context():
        goals = db.session.execute(
            select(Goal).join(Goal.year).where(Year.number == number).order_by(Goal.id)
        ).scalars()
        return [
            {
                "id": goal.id,
                "title": goal.title,
                "area_id": goal.area_id,
                "kind": goal.kind,
                "unit": goal.unit,
                "topics": goal.topics,
                "carried_from_id": goal.carried_from_id,
                "start": goal.start_date,
                "end": goal.end_date,
                "baseline": goal.baseline,
                "status": goal.status,
                "private": goal.private,
                "plans": [
                    (r.version, r.target, r.due_date, r.checkpoints) for r in goal.plan_revisions
                ],
            }
            for goal in goals
        ]


def row_counts(app) -> dict[str, int]:
    with app.app_context():
        return {
            model.__name__: db.session.execute(select(func.count(model.id))).scalar_one()
            for model in (Year, Goal, PlanRevision, Attempt, Reflection)
        }


# --- the list and starting a year -----------------------------------------------------------


def test_years_need_login(client):
    for url in ("/years/", "/years/new", "/years/2026"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/login")


def test_no_years_yet_shows_an_empty_state(client, user):
    html = page(client, "/years/")
    assert "No years yet" in html
    assert listed_years(html) == []
    assert '<a class="button" href="/years/new?year=2026">Start 2026</a>' in html


def test_years_are_listed_newest_first_with_their_goal_counts(client, user):
    for number in (2024, 2026, 2025):
        assert start_year(client, number).status_code == 302
    add_goal(client, 2025)
    html = page(client, "/years/")
    assert "No years yet" not in html
    assert listed_years(html) == [2026, 2025, 2024]
    counts = re.findall(r'<p class="muted">(\d+ goals?)</p>', html)
    assert counts == ["0 goals", "1 goal", "0 goals"]


def test_new_year_form_suggests_the_current_year(client, user):
    assert input_value(page(client, "/years/new"), "number") == "2026"
    start_year(client, 2026)
    # Once this year exists, the next one is offered.
    assert input_value(page(client, "/years/new"), "number") == "2027"
    assert "Start 2027" in page(client, "/years/")


def test_start_a_year_opens_its_new_year_reflection(app, client, user):
    response = start_year(client, 2026)
    assert response.status_code == 302
    assert response.headers["Location"] == "/years/2026/reflection/new-year"
    html = page(client, "/years/2026/reflection/new-year")
    assert "2026 started." in flashes(html)
    assert "New-year reflection 2026" in html
    assert year_numbers(app) == [2026]


def test_starting_a_year_twice_is_refused(app, client, user):
    start_year(client, 2026)
    response = start_year(client, 2026)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert error_beside(html, "number") == "You already have 2026; open it instead."
    assert input_value(html, "number") == "2026"
    assert year_numbers(app) == [2026]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1800", "Choose a year from 1900 to 2200."),
        ("2201", "Choose a year from 1900 to 2200."),
        ("", "Enter a year, like 2026."),
    ],
)
def test_bad_year_numbers_are_refused_beside_the_field(app, client, user, typed, message):
    response = start_year(client, typed)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert error_beside(html, "number") == message
    assert input_value(html, "number") == typed
    assert year_numbers(app) == []


@pytest.mark.parametrize("typed", ["abc", "2026.5"])
def test_a_year_that_is_not_a_whole_number_says_so(app, client, user, typed):
    response = start_year(client, typed)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert input_value(html, "number") == typed
    assert year_numbers(app) == []
    assert error_beside(html, "number") == "Enter a whole number, like 2026."


def test_a_bad_year_does_not_show_a_negative_previous_year(client, user):
    html = start_year(client, "abc").get_data(as_text=True)
    assert "-1, as you ended it" not in html
    assert "for -1" not in html


# --- carrying goals over ----------------------------------------------------------------------


@pytest.fixture
def year_2026(client, user):
    """2026 with three goals: one still active (a revised count), one achieved, one dropped."""
    start_year(client, 2026)
    active = add_goal(
        client,
        title="Publish 40 posts",
        area_id=str(WRITING),
        baseline="5",
        checkpoints="2026-06-30: 15",
        topics="LLMs, graph neural networks",
        why="Writing makes me think.",
    )
    response = client.post(
        f"/goals/{active}/plan",
        data={
            "count_target": "30",
            "checkpoints": "2026-09-30: 20",
            "reason": "Too ambitious.",
            "revised_on": "2026-01-05",
        },
    )
    assert response.status_code == 302
    achieved = add_goal(client, title="Get promoted", kind="milestone", due_date="2026-09-30")
    dropped = add_goal(client, title="Learn Rust", area_id=str(SIDE_PRODUCTS))
    set_status(client, achieved, "achieved")
    set_status(client, dropped, "dropped", reason="No time for it.")
    return {"active": active, "achieved": achieved, "dropped": dropped}


def test_carry_over_offers_only_the_active_goals_ticked(client, year_2026):
    html = page(client, "/years/new?year=2027")
    assert input_value(html, "number") == "2027"
    assert "Carry over from 2026" in html
    assert carry_options(html) == [(str(year_2026["active"]), "Publish 40 posts", True)]


def test_a_goal_at_its_target_is_not_offered_though_never_marked_achieved(client, year_2026):
    books = add_goal(client, title="Read 2 books", area_id=str(WRITING), count_target="2",
                     count_unit="books")
    for _ in range(2):
        assert client.post(f"/goals/{books}/log", data={}).status_code == 302
    assert "2 of 2 books" in page(client, "/years/2026")
    assert carry_options(page(client, "/years/new?year=2027")) == [
        (str(year_2026["active"]), "Publish 40 posts", True)]
    response = start_year(client, 2027, carry=[books])
    assert response.status_code == 422
    assert "What there is to carry over has changed" in response.get_data(as_text=True)


def test_carry_over_without_goals_to_offer_shows_no_checklist(client, year_2026):
    html = page(client, "/years/new?year=2030")
    assert input_value(html, "number") == "2030"
    assert carry_options(html) == []
    assert "Carry over from" not in html


def test_ticked_goal_is_carried_over_planned_over_the_whole_new_year(app, client, year_2026):
    old_id = year_2026["active"]
    response = start_year(client, 2027, carry=[old_id])
    assert response.status_code == 302
    assert response.headers["Location"] == "/years/2027/reflection/new-year"
    assert "2027 started with 1 goal carried over." in flashes(
        page(client, "/years/2027/reflection/new-year")
    )

    [new] = goals_of_year(app, 2027)
    assert new["carried_from_id"] == old_id
    assert new["title"] == "Publish 40 posts"
    assert new["area_id"] == WRITING
    assert new["kind"] == "count"
    assert new["unit"] == "posts"
    assert new["topics"] == ["LLMs", "graph neural networks"]
    assert new["status"] == "active"
    assert (new["start"], new["end"]) == (date(2027, 1, 1), date(2027, 12, 31))
    assert new["baseline"] == 0
    assert new["private"] is False
    # One plan: the target in force (30, from the revision), without its 2026 checkpoints.
    assert new["plans"] == [(1, 30.0, None, [])]

    # The old goal is untouched, and the new one links back to it.
    old = next(goal for goal in goals_of_year(app, 2026) if goal["id"] == old_id)
    assert old["baseline"] == 5
    assert [plan[:2] for plan in old["plans"]] == [(1, 40.0), (2, 30.0)]
    html = page(client, f"/goals/{new['id']}")
    assert f'from <a href="/goals/{old_id}">Publish 40 posts (2026)</a>' in html
    assert "Publish 40 posts" in page(client, "/years/2027")


def test_a_private_goal_carried_over_stays_out_of_both_years_posts(app, client, user):
    start_year(client, 2026)
    secret = add_goal(client, title="Find a new job", private="y")
    start_year(client, 2027, carry=[secret])
    [new] = goals_of_year(app, 2027)
    assert new["private"] is True
    for number in (2026, 2027):
        response = client.get(f"/export/{number}.md")
        assert response.status_code == 200
        assert "Find a new job" not in response.get_data(as_text=True)


CHANGED = ("What there is to carry over has changed since this page was opened: look again, "
           "then start the year.")


def test_goals_ticked_for_another_year_are_not_carried_and_the_page_says_why(
        app, client, year_2026):
    # Opened for 2027 with 2026's goals ticked, then 2028 typed in: 2027 comes before it.
    response = start_year(client, 2028, carry=[year_2026["active"]])
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert CHANGED in squash(html)
    assert input_value(html, "number") == "2028"
    assert year_numbers(app) == [2026]
    assert start_year(client, 2028).status_code == 302  # sent again as the page now is


def test_a_goal_finished_since_the_page_was_opened_is_not_carried(app, client, year_2026):
    goal_id = year_2026["active"]
    set_status(client, goal_id, "achieved")  # in another tab
    response = start_year(client, 2027, carry=[goal_id])
    assert response.status_code == 422
    assert CHANGED in squash(response.get_data(as_text=True))
    assert year_numbers(app) == [2026]


def test_unticked_goal_is_not_carried_over(app, client, year_2026):
    response = start_year(client, 2027, carry=[])
    assert response.status_code == 302
    assert "2027 started." in flashes(page(client, "/years/2027/reflection/new-year"))
    assert year_numbers(app) == [2026, 2027]
    assert goals_of_year(app, 2027) == []


def test_a_carried_milestone_is_due_at_the_end_of_the_new_year(app, client, user):
    start_year(client, 2026)
    old_id = add_goal(client, title="Launch the app", kind="milestone", due_date="2026-06-30")
    start_year(client, 2027, carry=[old_id])
    [new] = goals_of_year(app, 2027)
    assert new["kind"] == "milestone"
    assert new["plans"] == [(1, 1.0, date(2027, 12, 31), [])]


def test_last_years_year_end_reflection_is_shown_beside_the_new_year_one(client, user):
    start_year(client, 2026)
    response = save_reflection(
        client, 2026, "year-end", tldr="A slow year.", learned="Ship **small** things."
    )
    assert response.status_code == 302
    start_year(client, 2027)

    beside = aside(page(client, "/years/2027/reflection/new-year"))
    assert "2026, as you ended it" in beside
    assert "A slow year." in beside
    assert "<strong>small</strong>" in beside
    assert "What I learned" in beside
    # It is also shown while starting the year, and not beside the year-end reflection.
    assert "<strong>small</strong>" in aside(page(client, "/years/new?year=2027"))
    assert aside(page(client, "/years/2027/reflection/year-end")) == ""


# --- reflections ------------------------------------------------------------------------------


def test_saved_reflection_sections_show_on_the_year_page_as_markdown(app, client, user):
    start_year(client, 2026)
    response = save_reflection(
        client,
        2026,
        "new-year",
        tldr="Busy but good.",
        successes="- a talk\n- **a promotion**",
        learned="Rest is *work*.\n\n<script>alert(1)</script>",
        theme="depth",
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/years/2026"

    html = page(client, "/years/2026")
    assert "New-year reflection saved." in flashes(html)
    card = reflection_section(html, "new_year")
    assert "<p>Busy but good.</p>" in card
    assert "<li><strong>a promotion</strong></li>" in card
    assert "<em>work</em>" in card
    assert "<script>" not in card
    assert "Last year in one line" in card and "Successes" in card
    assert "“depth”" in html  # the theme beside the year's title
    assert "At the end of the year" in reflection_section(html, "year_end")  # still empty

    row = reflection_row(app, 2026, "new_year")
    assert (row.tldr, row.theme) == ("Busy but good.", "depth")
    assert row.successes == "- a talk\n- **a promotion**"


def test_reflection_form_shows_what_was_saved(client, user):
    start_year(client, 2026)
    save_reflection(client, 2026, "year-end", tldr="Good.", changes="Fewer meetings.")
    html = page(client, "/years/2026/reflection/year-end")
    assert input_value(html, "tldr") == "Good."
    assert textarea_value(html, "changes") == "Fewer meetings."
    assert "This year in one line" in html


def test_an_over_long_tldr_is_refused_but_the_valid_sections_are_saved(app, client, user):
    start_year(client, 2026)
    save_reflection(client, 2026, "new-year", tldr="Short and sweet.")
    too_long = "x" * 281

    response = save_reflection(client, 2026, "new-year", tldr=too_long, learned="Sleep *matters*.")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert error_beside(html, "tldr") == "Keep this under 280 characters."
    assert error_beside(html, "learned") is None
    assert input_value(html, "tldr") == too_long  # what was typed is kept to fix
    assert textarea_value(html, "learned") == "Sleep *matters*."
    assert "Saved, except the sections marked below: fix them and save again." in flashes(html)

    row = reflection_row(app, 2026, "new_year")
    assert row.learned == "Sleep *matters*."
    assert row.tldr == "Short and sweet."
    assert "<em>matters</em>" in reflection_section(page(client, "/years/2026"), "new_year")


def test_a_tldr_of_exactly_280_characters_is_saved(app, client, user):
    start_year(client, 2026)
    assert save_reflection(client, 2026, "new-year", tldr="y" * 280).status_code == 302
    assert reflection_row(app, 2026, "new_year").tldr == "y" * 280


def test_autosave_as_json_reports_saved_and_errors(app, client, user):
    start_year(client, 2026)
    as_json = {"Accept": "application/json"}

    response = save_reflection(client, 2026, "year-end", headers=as_json, learned="Patience.")
    assert response.status_code == 200
    assert response.get_json() == {"saved": True, "errors": {}}

    response = save_reflection(
        client, 2026, "year-end", headers=as_json, tldr="z" * 281, theme="calm"
    )
    assert response.status_code == 422
    assert response.get_json() == {
        "saved": True,
        "errors": {"tldr": ["Keep this under 280 characters."]},
    }
    row = reflection_row(app, 2026, "year_end")
    # The valid section is saved; the sections not posted are left as they were.
    assert (row.tldr, row.theme, row.learned) == ("", "calm", "Patience.")


@pytest.mark.parametrize(
    "url",
    [
        "/years/2026/reflection/mid-year",
        "/years/2026/reflection/new_year",
        "/years/2031/reflection/new-year",
    ],
)
def test_unknown_reflection_kind_or_year_is_not_found(app, client, user, url):
    start_year(client, 2026)
    assert client.get(url).status_code == 404
    assert client.post(url, data={"tldr": "Hello."}).status_code == 404
    with app.app_context():
        assert db.session.execute(select(func.count(Reflection.id))).scalar_one() == 0


def test_another_users_year_is_not_found(app, client, user):
    start_year(client, 2026)
    other = app.test_client()
    other.post(
        "/register",
        data={"email": "bob@example.org", "password": OTHER_PASSWORD, "confirm": OTHER_PASSWORD},
    )
    assert other.get("/years/2026").status_code == 404
    assert other.post("/years/2026/reflection/new-year", data={"tldr": "x"}).status_code == 404
    assert other.post("/years/2026/delete").status_code == 404
    assert listed_years(page(other, "/years/")) == []
    assert year_numbers(app) == [2026]


# --- deleting a year --------------------------------------------------------------------------


def test_delete_year_asks_first_then_removes_everything_in_it(app, client, user):
    start_year(client, 2025)
    add_goal(client, 2025, title="Kept in 2025")
    save_reflection(client, 2025, "year-end", tldr="Kept.")

    start_year(client, 2026)
    count_goal = add_goal(client, title="Publish 40 posts", checkpoints="2026-06-30: 10")
    client.post(
        f"/goals/{count_goal}/plan",
        data={"count_target": "20", "reason": "Halved.", "revised_on": "2026-01-05"},
    )
    milestone = add_goal(client, title="Get promoted", kind="milestone")
    for outcome, on in (("failed", "2026-01-02"), ("succeeded", "2026-01-04")):
        client.post(f"/goals/{milestone}/attempts", data={"attempted_on": on, "outcome": outcome})
    save_reflection(client, 2026, "new-year", tldr="Go.")
    save_reflection(client, 2026, "year-end", tldr="Went.")
    before = {"Year": 2, "Goal": 3, "PlanRevision": 4, "Attempt": 2, "Reflection": 3}
    assert row_counts(app) == before

    response = client.get("/years/2026/delete")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Delete 2026?" in html
    assert "its 2 goals" in html
    assert row_counts(app) == before  # asking deletes nothing

    response = client.post("/years/2026/delete")
    assert response.status_code == 302
    assert response.headers["Location"] == "/years/"
    html = page(client, "/years/")
    assert "2026 and everything in it were deleted." in flashes(html)
    assert listed_years(html) == [2025]
    assert row_counts(app) == {
        "Year": 1,
        "Goal": 1,
        "PlanRevision": 1,
        "Attempt": 0,
        "Reflection": 1,
    }
    assert client.get("/years/2026").status_code == 404
    assert reflection_row(app, 2025, "year_end").tldr == "Kept."


def test_deleting_a_year_keeps_the_goals_carried_out_of_it(app, client, user):
    start_year(client, 2026)
    old_id = add_goal(client)
    start_year(client, 2027, carry=[old_id])
    assert client.post("/years/2026/delete").status_code == 302
    [carried] = goals_of_year(app, 2027)
    assert carried["carried_from_id"] is None
    assert "Publish 40 posts" in page(client, f"/goals/{carried['id']}")


@pytest.mark.parametrize(("today", "primary"), [("2026-01-05", "Mid-year check-in"),
                                                ("2026-12-02", "Year-end")])
def test_the_check_in_due_is_the_first_button(tmp_path, today, primary):
    app = make_app(tmp_path, JOURNAL_TODAY=today)
    client = app.test_client()
    AuthActions(client).register()
    client.post("/years/new", data={"number": "2026"})
    html = page(client, "/years/2026")
    buttons = dict((text, classes) for classes, text in re.findall(
        r'<a class="(button button-small[^"]*)" href="/years/2026/checkins/new[^"]*">([^<]+)</a>',
        html))
    assert set(buttons) == {"Mid-year check-in", "Year-end", "Monthly", "Ad hoc"}
    assert [text for text, classes in buttons.items() if "secondary" not in classes] == [primary]
    with app.app_context():
        db.engine.dispose()
