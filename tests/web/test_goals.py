"""Goals: creating each kind, refusing bad input, editing, revising the plan, status,
milestone attempts, deleting, and the number of SQL statements of the pages that list goals."""

from __future__ import annotations

import re
import warnings
from datetime import date
from html import unescape
from html.parser import HTMLParser

import pytest
from helpers import app_in, second_user, statements_for
from pages import error_beside, errors_beside_fields, flashes, form_errors, page, squash
from sqlalchemy import func, select

from journal.extensions import db
from journal.goals.forms import KIND_FIELDS
from journal.models import Attempt, Goal, PlanRevision, ProgressUpdate

CAREER, WRITING, SIDE_PRODUCTS = 1, 2, 3  # the first user's default areas
TODAY = date(2026, 1, 5)


@pytest.fixture
def app(tmp_path):
    """The test app with its "today" fixed on 5 January 2026."""
    with app_in(tmp_path, JOURNAL_TODAY=TODAY.isoformat()) as app:
        yield app


@pytest.fixture
def user(client, auth):
    """A logged-in user with the three default areas and the year 2026 started."""
    assert auth.register().status_code == 302
    assert client.post("/years/new", data={"number": "2026"}).status_code == 302


# --- reading pages -------------------------------------------------------------------------


class _FormReader(HTMLParser):
    """Collects what a browser would submit from the form posting to `action`."""

    def __init__(self, action: str):
        super().__init__(convert_charrefs=True)
        self.action = action
        self.inside = False
        self.values: dict[str, str] = {}
        self.textareas: list[str] = []
        self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("action") == self.action
        if not self.inside or not attrs.get("name") and tag != "option":
            return
        if tag == "input" and attrs["name"] != "csrf_token":
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.values[attrs["name"]] = attrs.get("value") or ""
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.textareas.append(self._textarea)
            self.values[self._textarea] = ""
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self.inside and self._textarea:
            self.values[self._textarea] += data


def form_values(html: str, action: str) -> dict[str, str]:
    """The values the form posting to `action` shows (what was typed, or what was saved)."""
    reader = _FormReader(action)
    reader.feed(html)
    values = reader.values
    for name in reader.textareas:  # a browser drops a textarea's first newline
        values[name] = values[name].removeprefix("\r\n").removeprefix("\n")
    assert values, f"no form posting to {action}"
    return values


def year_page_goals(html: str) -> list[tuple[str, list[dict]]]:
    """The goals of a year page, grouped under their area headings, in the order shown."""
    goals_card = html.split('<h2 id="goals-heading">', 1)[1].split("</section>", 1)[0]
    groups = []
    for chunk in goals_card.split('<h3 class="area-heading">')[1:]:
        area = re.search(r"</span>\s*([^<]+?)\s*(?:<span|</h3>)", chunk).group(1)
        goals = [
            {
                "id": int(match["id"]),
                "status": match["status"],
                "title": unescape(match["title"]),
                "plan": squash(match["plan"]),
                "reason": squash(match["reason"] or ""),
            }
            for match in re.finditer(
                r'<li class="goal-item goal-(?P<status>\w+)" id="goal-(?P<id>\d+)">\s*'
                r'<a class="goal-title"[^>]*>(?P<title>.*?)</a>.*?'
                r'<span class="goal-plan">(?P<plan>.*?)</span>\s*'
                r'(?:<span class="goal-reason">(?P<reason>.*?)</span>)?',
                chunk,
                re.S,
            )
        ]
        groups.append((unescape(area), goals))
    return groups


# --- writing -------------------------------------------------------------------------------

COUNT_GOAL = {
    "title": "Publish 40 posts",
    "area_id": str(WRITING),
    "kind": "count",
    "count_target": "40",
    "count_unit": "posts",
    "checkpoints": "2026-03-31: 5\n2026-06-30: 15",
    "start_date": "2026-01-01",
    "end_date": "2026-12-31",
    "why": "Writing is how I **think**.",
}
MILESTONE_GOAL = {
    "title": "Get promoted to staff",
    "area_id": str(CAREER),
    "kind": "milestone",
    "due_date": "2026-09-30",
    "start_date": "2026-01-01",
    "end_date": "2026-12-31",
}
HABIT_GOAL = {
    "title": "Ship a side project update",
    "area_id": str(SIDE_PRODUCTS),
    "kind": "habit",
    "habit_times": "2",
    "cadence": "month",
    "allowed_skips": "1",
    "start_date": "2026-01-01",
    "end_date": "2026-12-31",
}
LIMIT_GOAL = {
    "title": "Keep overtime down",
    "area_id": str(CAREER),
    "kind": "limit",
    "direction": "at_most",
    "limit_threshold": "5",
    "limit_unit": "hours of overtime a week",
    "start_date": "2026-01-01",
    "end_date": "2026-12-31",
}
GOALS = {"count": COUNT_GOAL, "milestone": MILESTONE_GOAL, "habit": HABIT_GOAL, "limit": LIMIT_GOAL}


def post_goal(client, year=2026, **fields):
    data = dict(COUNT_GOAL)
    data.update(fields)
    return client.post(f"/years/{year}/goals/new", data=data)


def add_goal(client, kind="count", year=2026, **fields) -> int:
    """Add a goal of `kind` (from the examples above, with `fields` changed); return its id."""
    data = dict(GOALS[kind])
    data.update(fields)
    response = client.post(f"/years/{year}/goals/new", data=data)
    assert response.status_code == 302, errors_beside_fields(response.get_data(as_text=True))
    return int(response.headers["Location"].rsplit("#goal-", 1)[1])


def later_in_the_year(app) -> None:
    """Move the app's today to 1 December 2026: a plan is revised on a day that has come."""
    app.config["JOURNAL_TODAY"] = "2026-12-01"


def edit_goal(client, goal_id, **changes):
    """Post the edit form as the browser would: its current values, with `changes`."""
    url = f"/goals/{goal_id}/edit"
    data = form_values(page(client, url), url)
    data.update(changes)
    return client.post(url, data=data)


def revise_plan(client, goal_id, **fields):
    return client.post(f"/goals/{goal_id}/plan", data=fields)


def set_status(client, goal_id, status, on="2026-01-02", reason=""):
    return client.post(
        f"/goals/{goal_id}/status", data={"status": status, "on": on, "reason": reason}
    )


def add_attempt(client, goal_id, on, outcome, note=""):
    return client.post(
        f"/goals/{goal_id}/attempts", data={"attempted_on": on, "outcome": outcome, "note": note}
    )




def goal_row(app, goal_id) -> dict | None:
    """A goal and its plan revisions, as plain values (None when it does not exist)."""
    with app.app_context():
        goal = db.session.get(Goal, goal_id)
        if goal is None:
            return None
        return {
            "title": goal.title,
            "area_id": goal.area_id,
            "kind": goal.kind,
            "unit": goal.unit,
            "why": goal.why,
            "topics": goal.topics,
            "cadence": goal.cadence,
            "allowed_skips": goal.allowed_skips,
            "direction": goal.direction,
            "baseline": goal.baseline,
            "start": goal.start_date,
            "end": goal.end_date,
            "status": goal.status,
            "status_reason": goal.status_reason,
            "status_changed_on": goal.status_changed_on,
            "plans": [
                {
                    "version": r.version,
                    "revised_on": r.revised_on,
                    "reason": r.reason,
                    "target": r.target,
                    "due": r.due_date,
                    "checkpoints": r.checkpoints,
                }
                for r in goal.plan_revisions
            ],
            "attempts": [(a.attempted_on, a.outcome, a.note) for a in goal.attempts],
        }


def count(app, model) -> int:
    with app.app_context():
        return db.session.execute(select(func.count(model.id))).scalar_one()


# --- creating goals ----------------------------------------------------------------------------


def test_new_goal_form_is_prefilled_with_the_whole_year(client, user):
    values = form_values(page(client, "/years/2026/goals/new"), "/years/2026/goals/new")
    assert values["start_date"] == "2026-01-01"
    assert values["end_date"] == "2026-12-31"
    assert values["kind"] == "count"


def test_a_goal_of_each_kind_is_saved_with_version_1_of_its_plan(app, client, user):
    ids = {kind: add_goal(client, kind) for kind in ("count", "milestone", "habit", "limit")}
    first_plan = {"version": 1, "revised_on": TODAY, "reason": ""}

    count_goal = goal_row(app, ids["count"])
    assert (count_goal["kind"], count_goal["unit"], count_goal["area_id"]) == (
        "count",
        "posts",
        WRITING,
    )
    assert count_goal["why"] == "Writing is how I **think**."
    assert (count_goal["start"], count_goal["end"]) == (date(2026, 1, 1), date(2026, 12, 31))
    assert count_goal["status"] == "active"
    assert count_goal["plans"] == [
        {
            **first_plan,
            "target": 40.0,
            "due": None,
            "checkpoints": [["2026-03-31", 5.0], ["2026-06-30", 15.0]],
        }
    ]

    milestone = goal_row(app, ids["milestone"])
    assert milestone["kind"] == "milestone"
    assert milestone["plans"] == [
        {**first_plan, "target": 1.0, "due": date(2026, 9, 30), "checkpoints": []}
    ]

    habit = goal_row(app, ids["habit"])
    assert (habit["kind"], habit["cadence"], habit["allowed_skips"]) == ("habit", "month", 1)
    assert habit["plans"] == [{**first_plan, "target": 2.0, "due": None, "checkpoints": []}]

    limit = goal_row(app, ids["limit"])
    assert (limit["kind"], limit["direction"], limit["unit"]) == (
        "limit",
        "at_most",
        "hours of overtime a week",
    )
    assert limit["plans"] == [{**first_plan, "target": 5.0, "due": None, "checkpoints": []}]
    assert count(app, Goal) == 4 and count(app, PlanRevision) == 4


def test_goals_show_on_the_year_page_by_area_with_a_plan_summary(client, user):
    ids = {kind: add_goal(client, kind) for kind in ("count", "milestone", "habit", "limit")}
    assert "Goal added to 2026." in flashes(page(client, "/years/2026"))

    groups = year_page_goals(page(client, "/years/2026"))
    shown = [(area, [(g["id"], g["title"], g["plan"]) for g in goals]) for area, goals in groups]
    assert shown == [
        (
            "Career",
            [
                (ids["milestone"], "Get promoted to staff", "done by 30 Sep 2026"),
                (ids["limit"], "Keep overtime down", "at most 5 hours of overtime a week"),
            ],
        ),
        (
            "Writing",
            [
                (
                    ids["count"],
                    "Publish 40 posts",
                    "40 posts by 31 Dec 2026, through 2 checkpoints",
                ),
            ],
        ),
        (
            "Side products",
            [
                (ids["habit"], "Ship a side project update", "2 times per month, 1 skip allowed"),
            ],
        ),
    ]


def test_the_goal_page_shows_its_plan_and_reason(client, user):
    goal_id = add_goal(client, "count")
    html = page(client, f"/goals/{goal_id}")
    assert '<h1 class="goal-heading goal-active">Publish 40 posts</h1>' in html
    assert "40 posts by 31 Dec 2026, through 2 checkpoints" in squash(html)
    assert "Writing is how I <strong>think</strong>." in html


def test_topics_are_stored_without_repeats(app, client, user):
    goal_id = add_goal(client, "count", topics="LLMs, graph neural networks, llms")
    assert goal_row(app, goal_id)["topics"] == ["LLMs", "graph neural networks"]
    html = page(client, f"/goals/{goal_id}")
    assert "<li>LLMs</li><li>graph neural networks</li>" in html


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        pytest.param(
            {"count_target": "abc"},
            "count_target",
            "Enter a number, like 40.",
            id="target-not-a-number",
        ),
        pytest.param(
            {"count_target": "0"},
            "count_target",
            "The target must be more than zero.",
            id="target-zero",
        ),
        pytest.param(
            {"count_target": "-5"},
            "count_target",
            "The target must be more than zero.",
            id="target-negative",
        ),
        pytest.param(
            {"start_date": "2026-06-01", "end_date": "2026-03-01"},
            "end_date",
            "The end date must not be before the start date.",
            id="end-before-start",
        ),
        pytest.param(
            {"end_date": "2027-01-15"}, "end_date", "Choose a date in 2026.", id="end-outside-year"
        ),
        pytest.param(
            {"start_date": "2025-12-31"},
            "start_date",
            "Choose a date in 2026.",
            id="start-outside-year",
        ),
        pytest.param(
            {"start_date": "2026-02-30"},
            "start_date",
            "Enter a date like 2026-03-31.",
            id="start-not-a-date",
        ),
        pytest.param(
            {"title": "x" * 10_000},
            "title",
            "Keep the title under 200 characters.",
            id="title-10000-chars",
        ),
        pytest.param(
            {"title": "   "},
            "title",
            "Give the goal a title, like “Publish 40 posts”.",
            id="title-blank",
        ),
        pytest.param(
            {"checkpoints": "2026-06-30: 15\n2026-03-31: 5"},
            "checkpoints",
            "Checkpoints must be in date order: 2026-03-31 comes after 2026-06-30.",
            id="checkpoints-out-of-order",
        ),
        pytest.param(
            {"checkpoints": "2026-02-30: 5\n2026-06-30: 15"},
            "checkpoints",
            "Line 1: 2026-02-30 is not a real date.",
            id="checkpoint-bad-date",
        ),
        pytest.param(
            {"checkpoints": "2026-03-31: 5\n2026-06-30 lots"},
            "checkpoints",
            "Line 2: 'lots' is not a number.",
            id="checkpoint-bad-value",
        ),
        pytest.param(
            {"checkpoints": "2026-03-31: 50"},
            "checkpoints",
            "The checkpoint on 2026-03-31 plans 50: a plan only grows, from 0 up to the target 40.",
            id="checkpoint-above-target",
        ),
        pytest.param({"area_id": "99"}, "area_id", "Choose one of your areas.", id="area-unknown"),
        pytest.param(
            {**HABIT_GOAL, "habit_times": "0"},
            "habit_times",
            "Give a whole number of times, at least 1.",
            id="habit-zero-times",
        ),
        pytest.param(
            {**HABIT_GOAL, "allowed_skips": "12"},
            "allowed_skips",
            "Allow fewer skips than there are periods in the goal.",
            id="habit-too-many-skips",
        ),
        pytest.param(
            {**LIMIT_GOAL, "limit_threshold": ""},
            "limit_threshold",
            "Enter the value to keep to.",
            id="limit-missing-threshold",
        ),
        pytest.param(
            {**MILESTONE_GOAL, "end_date": "2026-06-30"},
            "due_date",
            "The planned date must fall between the start and end dates.",
            id="milestone-due-after-end",
        ),
    ],
)
def test_bad_goal_input_is_refused_beside_the_field(app, client, user, fields, field, message):
    response = post_goal(client, **fields)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert error_beside(html, field) == message
    # Everything typed is still in the form, to fix and send again.
    typed = {**COUNT_GOAL, **fields}
    shown = form_values(html, "/years/2026/goals/new")
    for name, value in typed.items():
        if name == "area_id" and value == "99":
            continue  # not an option, so nothing can be shown selected
        assert shown.get(name) == value, name
    assert count(app, Goal) == 0
    assert count(app, PlanRevision) == 0


@pytest.mark.parametrize("kind", ["count", "milestone", "habit", "limit"])
def test_what_other_kinds_hidden_fields_hold_does_not_stop_the_save(app, client, user, kind):
    # Typed under one kind, then another kind chosen: the first kind's fieldset is hidden.
    typed = {"count_target": "forty", "checkpoints": "03-31 five", "baseline": "-1",
             "due_date": "someday", "habit_times": "1.5", "allowed_skips": "x",
             "limit_threshold": "abc", "cadence": "fortnight", "direction": "sideways"}
    hidden = {name: value for name, value in typed.items() if name not in KIND_FIELDS[kind]}
    response = client.post("/years/2026/goals/new", data={**hidden, **GOALS[kind]})
    assert response.status_code == 302
    assert count(app, Goal) == 1


def test_an_area_of_another_user_is_refused(app, client, user):
    other = second_user(app)
    assert "Career" in page(other, "/areas/")  # Bob's own Career is area 4
    response = post_goal(client, area_id="4")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert error_beside(html, "area_id") == "Choose one of your areas."
    assert form_values(html, "/years/2026/goals/new")["title"] == "Publish 40 posts"
    assert count(app, Goal) == 0


def test_an_archived_area_is_refused_for_a_new_goal(app, client, user):
    client.post(f"/areas/{WRITING}/archive")
    response = post_goal(client, area_id=str(WRITING))
    assert response.status_code == 422
    assert error_beside(response.get_data(as_text=True), "area_id") == "Choose one of your areas."
    assert count(app, Goal) == 0


@pytest.mark.parametrize(
    "bad_date", ["2025-07-01", "2026-13-45"], ids=["outside-year", "not-a-date"]
)
def test_every_problem_is_reported_at_once(app, client, user, bad_date):
    response = post_goal(client, count_target="abc", start_date=bad_date, title="")
    assert response.status_code == 422
    errors = errors_beside_fields(response.get_data(as_text=True))
    assert errors["count_target"] == "Enter a number, like 40."
    assert errors["start_date"] in ("Choose a date in 2026.", "Enter a date like 2026-03-31.")
    assert errors["title"] == "Give the goal a title, like “Publish 40 posts”."
    assert count(app, Goal) == 0


def test_a_plan_problem_is_reported_together_with_a_date_problem(app, client, user):
    response = post_goal(client, count_target="0", start_date="2025-07-01")
    assert response.status_code == 422
    errors = errors_beside_fields(response.get_data(as_text=True))
    assert errors.get("start_date") == "Choose a date in 2026."
    assert errors.get("count_target") == "The target must be more than zero."


def test_goals_of_a_year_not_started_are_not_found(client, user):
    assert client.get("/years/2031/goals/new").status_code == 404
    assert post_goal(client, year=2031).status_code == 404


# --- editing -----------------------------------------------------------------------------------


def test_edit_renames_and_moves_to_another_area(app, client, user):
    goal_id = add_goal(client, "count")
    response = edit_goal(client, goal_id, title="Publish 30 posts", area_id=str(SIDE_PRODUCTS))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/goals/{goal_id}"
    assert "Goal saved." in flashes(page(client, f"/goals/{goal_id}"))

    row = goal_row(app, goal_id)
    assert (row["title"], row["area_id"]) == ("Publish 30 posts", SIDE_PRODUCTS)
    assert (row["unit"], row["why"]) == ("posts", "Writing is how I **think**.")  # kept
    assert len(row["plans"]) == 1
    groups = year_page_goals(page(client, "/years/2026"))
    assert [(area, [g["title"] for g in goals]) for area, goals in groups] == [
        ("Side products", ["Publish 30 posts"])
    ]


def test_edit_form_shows_the_saved_goal(client, user):
    goal_id = add_goal(client, "count", topics="LLMs, writing")
    values = form_values(page(client, f"/goals/{goal_id}/edit"), f"/goals/{goal_id}/edit")
    assert values["title"] == "Publish 40 posts"
    assert values["area_id"] == str(WRITING)
    assert values["count_unit"] == "posts"
    assert values["topics"] == "LLMs, writing"
    assert (values["start_date"], values["end_date"]) == ("2026-01-01", "2026-12-31")


def test_edit_dates_that_leave_a_checkpoint_outside_ask_to_revise_the_plan(app, client, user):
    goal_id = add_goal(client, "count")  # checkpoints on 2026-03-31 and 2026-06-30
    response = edit_goal(client, goal_id, start_date="2026-04-01")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    message = form_errors(html)
    assert "Revise the plan" in message
    assert "2026-03-31" in message
    assert form_values(html, f"/goals/{goal_id}/edit")["start_date"] == "2026-04-01"
    assert goal_row(app, goal_id)["start"] == date(2026, 1, 1)


def test_edit_bad_input_is_refused_and_nothing_changes(app, client, user):
    goal_id = add_goal(client, "count")
    response = edit_goal(client, goal_id, title="", end_date="2027-03-01")
    assert response.status_code == 422
    errors = errors_beside_fields(response.get_data(as_text=True))
    assert errors["title"] == "Give the goal a title, like “Publish 40 posts”."
    assert errors["end_date"] == "Choose a date in 2026."
    row = goal_row(app, goal_id)
    assert (row["title"], row["end"]) == ("Publish 40 posts", date(2026, 12, 31))


def test_edit_cannot_change_the_kind(app, client, user):
    goal_id = add_goal(client, "count")
    html = page(client, f"/goals/{goal_id}/edit")
    assert 'name="kind"' not in html
    response = edit_goal(client, goal_id, kind="habit", habit_times="3", cadence="week")
    assert response.status_code == 302
    row = goal_row(app, goal_id)
    assert (row["kind"], row["cadence"]) == ("count", None)
    assert [plan["target"] for plan in row["plans"]] == [40.0]


# --- revising the plan -------------------------------------------------------------------------


def test_revision_adds_version_2_and_keeps_version_1(app, client, user):
    goal_id = add_goal(client, "count")
    values = form_values(page(client, f"/goals/{goal_id}/plan"), f"/goals/{goal_id}/plan")
    assert values["count_target"] == "40"
    assert values["checkpoints"] == "2026-03-31: 5\n2026-06-30: 15"
    assert values["revised_on"] == "2026-01-05"

    later_in_the_year(app)
    response = revise_plan(
        client,
        goal_id,
        count_target="30",
        checkpoints="2026-09-30: 20",
        reason="Slow *first half*.",
        revised_on="2026-07-01",
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/goals/{goal_id}"

    plans = goal_row(app, goal_id)["plans"]
    assert plans == [
        {
            "version": 1,
            "revised_on": TODAY,
            "reason": "",
            "target": 40.0,
            "due": None,
            "checkpoints": [["2026-03-31", 5.0], ["2026-06-30", 15.0]],
        },
        {
            "version": 2,
            "revised_on": date(2026, 7, 1),
            "reason": "Slow *first half*.",
            "target": 30.0,
            "due": None,
            "checkpoints": [["2026-09-30", 20.0]],
        },
    ]

    html = page(client, f"/goals/{goal_id}")
    assert "Plan revised (version 2). The earlier plan is kept." in flashes(html)
    history = squash(html.split('id="plans-heading"', 1)[1].split("</section>", 1)[0])
    assert "Version 2 , 1 Jul 2026 (in force): 30 posts 2026-09-30: 20 Slow first half ." in history
    assert "Version 1 , 5 Jan 2026: 40 posts 2026-03-31: 5 2026-06-30: 15" in history
    assert "<em>first half</em>" in html
    assert "30 posts by 31 Dec 2026, through 1 checkpoint" in squash(page(client, "/years/2026"))


def test_history_shows_what_the_plan_in_force_then_expected(app, client, user):
    goal_id = add_goal(client, "count")  # 40 posts, through 5 by 31 Mar and 15 by 30 Jun
    with app.app_context():
        for on, value in ((date(2026, 3, 31), 5.0), (date(2026, 9, 30), 18.0)):
            db.session.add(ProgressUpdate(user_id=1, goal_id=goal_id, on=on, value=value))
        db.session.commit()
    later_in_the_year(app)
    assert revise_plan(client, goal_id, count_target="30", checkpoints="2026-09-30: 20",
                       reason="Slower.", revised_on="2026-07-01").status_code == 302
    table = page(client, f"/goals/{goal_id}").split('<table class="history">', 1)[1]
    rows = [squash(row) for row in re.findall(r"<tr><td>(.*?)</tr>", table, re.S)]
    # Newest first: 30 Sep under the revised plan (20), 31 Mar under the original (5).
    assert rows[0].startswith("30 Sep 2026 18 20.0")
    assert rows[1].startswith("31 Mar 2026 5 5.0")


def test_revision_of_a_milestone_moves_its_planned_date(app, client, user):
    goal_id = add_goal(client, "milestone")
    later_in_the_year(app)
    response = revise_plan(
        client, goal_id, due_date="2026-11-30", reason="Cycle moved.", revised_on="2026-05-01"
    )
    assert response.status_code == 302
    plans = goal_row(app, goal_id)["plans"]
    assert [(p["version"], p["due"]) for p in plans] == [
        (1, date(2026, 9, 30)),
        (2, date(2026, 11, 30)),
    ]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        pytest.param(
            {"reason": ""},
            "reason",
            "Say why: the year-end story will want to know.",
            id="no-reason",
        ),
        pytest.param(
            {"count_target": "abc"},
            "count_target",
            "Enter a number, like 40.",
            id="target-not-a-number",
        ),
        pytest.param(
            {"checkpoints": "2026-09-30: 20\n2026-03-31: 5"},
            "checkpoints",
            "Checkpoints must be in date order: 2026-03-31 comes after 2026-09-30.",
            id="checkpoints-out-of-order",
        ),
        pytest.param({"revised_on": "2031-01-01"}, "revised_on", "Choose a date in 2026.",
                     id="date-after-the-year"),
        pytest.param({"revised_on": "1990-01-01"}, "revised_on", "Choose a date in 2026.",
                     id="date-before-the-year"),
        pytest.param({"revised_on": "2026-12-02"}, "revised_on", "That date has not come yet.",
                     id="date-after-today"),
    ],
)
def test_bad_revision_is_refused_and_adds_no_version(app, client, user, fields, field, message):
    goal_id = add_goal(client, "count")
    later_in_the_year(app)
    data = {
        "count_target": "30",
        "checkpoints": "2026-09-30: 20",
        "reason": "Slower.",
        "revised_on": "2026-07-01",
        **fields,
    }
    response = revise_plan(client, goal_id, **data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert error_beside(html, field) == message
    shown = form_values(html, f"/goals/{goal_id}/plan")
    assert {name: shown[name] for name in data} == data
    assert [plan["version"] for plan in goal_row(app, goal_id)["plans"]] == [1]


def test_a_revision_is_dated_no_earlier_than_the_one_in_force(app, client, user):
    # Version 1 gives way to any date of the year; a later one never would be in force.
    goal_id = add_goal(client, "count")
    later_in_the_year(app)
    assert revise_plan(client, goal_id, count_target="30", checkpoints="", reason="Slower.",
                       revised_on="2026-07-01").status_code == 302
    response = revise_plan(client, goal_id, count_target="25", checkpoints="",
                           reason="Slower still.", revised_on="2026-06-30")
    assert response.status_code == 422
    assert error_beside(response.get_data(as_text=True), "revised_on") == (
        "Choose 1 July or later: the plan in force dates from then.")
    assert revise_plan(client, goal_id, count_target="25", checkpoints="",
                       reason="Slower still.", revised_on="2026-07-01").status_code == 302
    assert [plan["version"] for plan in goal_row(app, goal_id)["plans"]] == [1, 2, 3]


def test_a_plan_is_offered_for_revision_on_a_day_of_its_year(app, client, user):
    goal_id = add_goal(client, "count", year=2026)
    assert form_values(page(client, f"/goals/{goal_id}/plan"), f"/goals/{goal_id}/plan")[
        "revised_on"] == TODAY.isoformat()
    client.post("/years/new", data={"number": "2027"})
    later = add_goal(client, "count", year=2027, start_date="2027-01-01", end_date="2027-12-31",
                     checkpoints="")
    assert form_values(page(client, f"/goals/{later}/plan"), f"/goals/{later}/plan")[
        "revised_on"] == "2027-01-01"


# --- status --------------------------------------------------------------------------------------


def test_achieve_a_goal(app, client, user):
    goal_id = add_goal(client, "count")
    response = set_status(client, goal_id, "achieved", on="2026-01-04", reason="Done early!")
    assert response.status_code == 302
    assert "Marked achieved. Well done." in flashes(page(client, f"/goals/{goal_id}"))
    row = goal_row(app, goal_id)
    assert (row["status"], row["status_changed_on"]) == ("achieved", date(2026, 1, 4))
    [(_area, [shown])] = year_page_goals(page(client, "/years/2026"))
    assert shown["status"] == "achieved"


def test_drop_without_a_reason_is_refused(app, client, user):
    goal_id = add_goal(client, "count")
    response = set_status(client, goal_id, "dropped", reason="   ")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert error_beside(html, "reason") == "Say why you drop it; it stays in your summaries."
    assert form_values(html, f"/goals/{goal_id}/status")["status"] == "dropped"
    assert goal_row(app, goal_id)["status"] == "active"


@pytest.mark.parametrize("status", ["achieved", "dropped"])
def test_a_status_dated_after_today_is_refused(app, client, user, status):
    goal_id = add_goal(client, "count")
    response = set_status(client, goal_id, status, on="2026-10-01", reason="Done early!")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert error_beside(html, "on") == "That date has not come yet."
    assert form_values(html, f"/goals/{goal_id}/status")["on"] == "2026-10-01"
    assert goal_row(app, goal_id)["status"] == "active"
    # Reactivating keeps no date, so none is checked.
    assert set_status(client, goal_id, "active", on="2031-01-01").status_code == 302


def test_an_attempt_dated_after_today_is_refused(app, client, user):
    goal_id = add_goal(client, "milestone")
    response = add_attempt(client, goal_id, "2026-09-01", "succeeded")
    assert response.status_code == 422
    assert error_beside(response.get_data(as_text=True), "attempted_on") == (
        "That date has not come yet.")
    assert count(app, Attempt) == 0
    assert goal_row(app, goal_id)["status"] == "active"


def test_a_dropped_goal_stays_on_the_year_page_struck_through_with_its_reason(app, client, user):
    goal_id = add_goal(client, "count")
    response = set_status(client, goal_id, "dropped", on="2026-01-03", reason="Chose the book.")
    assert response.status_code == 302
    row = goal_row(app, goal_id)
    assert (row["status"], row["status_reason"]) == ("dropped", "Chose the book.")
    assert row["status_changed_on"] == date(2026, 1, 3)

    [(_area, [shown])] = year_page_goals(page(client, "/years/2026"))
    assert shown["status"] == "dropped"  # the class goal-dropped strikes the title through
    assert shown["reason"] == "Dropped: Chose the book."
    html = page(client, f"/goals/{goal_id}")
    assert '<h1 class="goal-heading goal-dropped">' in html
    assert "3 Jan 2026: Chose the book." in html


def test_reactivate_a_dropped_goal(app, client, user):
    goal_id = add_goal(client, "count")
    set_status(client, goal_id, "dropped", reason="Chose the book.")
    response = set_status(client, goal_id, "active")
    assert response.status_code == 302
    assert "Goal is active again." in flashes(page(client, f"/goals/{goal_id}"))
    row = goal_row(app, goal_id)
    assert (row["status"], row["status_reason"], row["status_changed_on"]) == ("active", "", None)
    [(_area, [shown])] = year_page_goals(page(client, "/years/2026"))
    assert (shown["status"], shown["reason"]) == ("active", "")


def test_unknown_status_is_refused(app, client, user):
    goal_id = add_goal(client, "count")
    assert set_status(client, goal_id, "paused").status_code == 422
    assert goal_row(app, goal_id)["status"] == "active"


# --- milestone attempts ------------------------------------------------------------------------


def test_failed_then_succeeded_attempt_achieves_the_milestone(app, client, user):
    goal_id = add_goal(client, "milestone")
    response = add_attempt(client, goal_id, "2026-01-02", "failed", note="Next *cycle*.")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/goals/{goal_id}#attempts"
    assert goal_row(app, goal_id)["status"] == "active"

    assert add_attempt(client, goal_id, "2026-01-04", "succeeded").status_code == 302
    html = page(client, f"/goals/{goal_id}")
    assert "Attempt recorded, and the goal is marked achieved." in flashes(html)
    attempts = squash(html.split('<ol class="attempts">', 1)[1].split("</ol>", 1)[0])
    assert re.search(
        r"2 Jan 2026 : did not work out Next cycle \. .*4 Jan 2026 : succeeded", attempts
    )
    row = goal_row(app, goal_id)
    assert row["attempts"] == [
        (date(2026, 1, 2), "failed", "Next *cycle*."),
        (date(2026, 1, 4), "succeeded", ""),
    ]
    assert (row["status"], row["status_changed_on"]) == ("achieved", date(2026, 1, 4))


def test_attempts_on_a_count_goal_are_not_found(app, client, user):
    goal_id = add_goal(client, "count")
    assert add_attempt(client, goal_id, "2026-01-02", "failed").status_code == 404
    assert count(app, Attempt) == 0
    assert 'id="attempts"' not in page(client, f"/goals/{goal_id}")


def test_a_bad_attempt_date_is_refused(app, client, user):
    goal_id = add_goal(client, "milestone")
    response = add_attempt(client, goal_id, "someday", "failed")
    assert response.status_code == 422
    assert error_beside(response.get_data(as_text=True), "attempted_on") == (
        "Enter a date like 2026-03-31."
    )
    assert count(app, Attempt) == 0


def test_delete_an_attempt(app, client, user):
    goal_id = add_goal(client, "milestone")
    add_attempt(client, goal_id, "2026-01-02", "failed")
    add_attempt(client, goal_id, "2026-01-03", "pending")
    with app.app_context():
        first, second = db.session.execute(select(Attempt.id).order_by(Attempt.id)).scalars()
    other_goal = add_goal(client, "milestone", title="Launch")
    # The attempt is only found under its own goal.
    assert client.post(f"/goals/{other_goal}/attempts/{first}/delete").status_code == 404

    response = client.post(f"/goals/{goal_id}/attempts/{first}/delete")
    assert response.status_code == 302
    assert "Attempt deleted." in flashes(page(client, f"/goals/{goal_id}"))
    assert goal_row(app, goal_id)["attempts"] == [(date(2026, 1, 3), "pending", "")]
    with app.app_context():
        assert db.session.execute(select(Attempt.id)).scalars().all() == [second]


# --- deleting a goal -----------------------------------------------------------------------------


def test_delete_goal_asks_first_then_deletes_it_with_its_plans_and_attempts(app, client, user):
    kept = add_goal(client, "count")
    goal_id = add_goal(client, "milestone")
    revise_plan(client, goal_id, due_date="2026-10-31", reason="Later.", revised_on="2026-01-05")
    add_attempt(client, goal_id, "2026-01-02", "failed")

    for _ in range(2):  # asking, even twice, deletes nothing
        response = client.get(f"/goals/{goal_id}/delete")
        assert response.status_code == 200
        assert "Delete “Get promoted to staff”?" in response.get_data(as_text=True)
    assert (count(app, Goal), count(app, PlanRevision), count(app, Attempt)) == (2, 3, 1)

    response = client.post(f"/goals/{goal_id}/delete")
    assert response.status_code == 302
    assert response.headers["Location"] == "/years/2026"
    html = page(client, "/years/2026")
    assert "Goal deleted." in flashes(html)
    assert [g["id"] for _area, goals in year_page_goals(html) for g in goals] == [kept]
    assert goal_row(app, goal_id) is None
    assert (count(app, Goal), count(app, PlanRevision), count(app, Attempt)) == (1, 1, 0)
    assert client.get(f"/goals/{goal_id}").status_code == 404


def test_another_users_goal_is_not_found(app, client, user):
    goal_id = add_goal(client, "milestone")
    other = second_user(app)
    for url in (
        f"/goals/{goal_id}",
        f"/goals/{goal_id}/edit",
        f"/goals/{goal_id}/plan",
        f"/goals/{goal_id}/delete",
    ):
        assert other.get(url).status_code == 404, url
    assert other.post(f"/goals/{goal_id}/delete").status_code == 404
    assert set_status(other, goal_id, "achieved").status_code == 404
    assert add_attempt(other, goal_id, "2026-01-02", "succeeded").status_code == 404
    row = goal_row(app, goal_id)
    assert (row["status"], row["attempts"]) == ("active", [])


# --- SQL statements per page ---------------------------------------------------------------------



def add_eleven_more_goals(client) -> None:
    """Bring the year to 12 goals: every kind in every area, some revised, attempted,
    achieved or dropped."""
    for area in (CAREER, WRITING, SIDE_PRODUCTS):
        for kind in ("count", "milestone", "habit", "limit"):
            if (area, kind) == (WRITING, "count"):
                continue  # the first goal
            goal_id = add_goal(client, kind, area_id=str(area), title=f"{kind} in {area}")
            if kind == "milestone":
                add_attempt(client, goal_id, "2026-01-02", "failed")
            if kind == "limit":
                revise_plan(
                    client, goal_id, limit_threshold="4", reason="Tighter.", revised_on="2026-01-05"
                )
            if (area, kind) == (CAREER, "habit"):
                set_status(client, goal_id, "dropped", reason="Too much.")
            if (area, kind) == (SIDE_PRODUCTS, "count"):
                set_status(client, goal_id, "achieved")


@pytest.mark.parametrize("url", ["/years/2026", "/"], ids=["year-page", "dashboard"])
def test_statement_count_does_not_grow_with_the_number_of_goals(app, client, user, url):
    add_goal(client, "count")
    with_one_goal = statements_for(app, client, url)
    add_eleven_more_goals(client)
    html = page(client, url)
    assert html.count('class="goal-title"') == 12
    assert statements_for(app, client, url) == with_one_goal


# --- how the forms are rendered -------------------------------------------------------------------


def test_goal_form_renders_without_deprecated_wtforms_choices(client, user):
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        response = client.get("/years/2026/goals/new")
    assert response.status_code == 200


def test_only_the_title_of_the_goal_form_has_autofocus(client, user):
    html = page(client, "/years/2026/goals/new")
    assert '="None"' not in html
    assert re.findall(r'<input [^>]*\bautofocus\b[^>]*\bid="([^"]+)"', html) == ["title"]
