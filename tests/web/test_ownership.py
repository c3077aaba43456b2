"""Ownership sweep: every URL that names an object answers 404 to anyone but its owner.

User A fills a journal (an extra area, 2026 with both reflections, one goal of each kind, a
plan revision, a milestone attempt, a check-in and a quick log). The sweep then walks
`app.url_map`: every rule with URL arguments is built with A's objects and requested, with
each of its methods, by user B, by an anonymous visitor, and with ids that do not exist.
A rule whose argument the sweep does not know fails it, so a new route cannot go unchecked.
"""

from __future__ import annotations

import itertools
from urllib.parse import urlsplit

import pytest
from helpers import AuthActions, app_in
from journals import (
    A_EMAIL,
    B_EMAIL,
    B_YEAR,
    OWNED_ARGUMENTS,
    TODAY,
    YEAR,
    a_variants,
    build_journal,
    describe_change,
    expect_redirect,
    fail_on_unknown_arguments,
    form_body,
    goal_forms,
    methods_of,
    snapshot,
    swept_rules,
    url_of,
)

from journal.extensions import db

# The app passes SelectField/RadioField choices as tuples, which WTForms 3.3 deprecates.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Passing SelectField choices as tuples is deprecated:DeprecationWarning"
)

MISSING_ID = 999_999
MISSING_KIND = "no-such-kind"
MIN_PAIRS = 15


@pytest.fixture
def app(tmp_path):
    """The test app with its "today" fixed on 5 January 2026."""
    with app_in(tmp_path, JOURNAL_TODAY=TODAY) as app:
        yield app


@pytest.fixture
def journals(app):
    """(A's journal, B's journal, B's logged-in client)."""
    a_client, b_client = app.test_client(), app.test_client()
    a = build_journal(app, a_client, A_EMAIL, YEAR, full=True)
    b = build_journal(app, b_client, B_EMAIL, B_YEAR, full=False)
    return a, b, b_client


def mixed_variants(rule, a: dict, b: dict) -> list[dict]:
    """For rules naming several owned objects: A's objects mixed with B's own."""
    owned = [name for name in sorted(rule.arguments) if name in OWNED_ARGUMENTS]
    if len(owned) < 2:
        return []
    result = []
    for values in a_variants(rule, a):
        for size in range(1, len(owned)):
            for swapped in itertools.combinations(owned, size):
                result.append({**values, **{name: b[name][0] for name in swapped}})
    return result


def missing_variants(rule, values: dict) -> list[tuple[str, dict]]:
    """`values` with one argument at a time replaced by something that does not exist."""
    return [
        (name, {**values, name: MISSING_KIND if name == "kind" else MISSING_ID})
        for name in sorted(rule.arguments)
    ]


class Crash:
    """Stands in for the answer to a request that raised: the test app propagates errors."""

    headers: dict = {}

    def __init__(self, error: Exception):
        self.error = error
        self.status_code = 500

    def get_data(self) -> bytes:
        return repr(self.error).encode()


def send(client, method: str, url: str, body: dict):
    """Request `url`; an exception raised by the view is returned as a Crash (a 500)."""
    try:
        return client.open(url, method=method, data=body if method != "GET" else None)
    except Exception as error:  # reported with the URL that raised it
        return Crash(error)


def shown(response) -> str:
    """The status, with the exception when the request raised."""
    if isinstance(response, Crash):
        return f"500 (raised {response.error.__class__.__name__}: {response.error})"
    return str(response.status_code)


# --- the sweep -------------------------------------------------------------------------------


def test_every_url_argument_is_known_to_the_sweep(app):
    rules = swept_rules(app)
    assert rules, "no rule with URL arguments: the sweep would check nothing"
    fail_on_unknown_arguments(rules)


def test_another_user_gets_404_everywhere_and_changes_nothing(app, journals):
    a, b, b_client = journals
    rules = swept_rules(app)
    fail_on_unknown_arguments(rules)
    original = before = snapshot(app, a["user_id"])
    assert all(original[name] for name in ("area", "journal_year", "reflection", "goal",
                                           "plan_revision", "attempt", "checkin",
                                           "progress_update")), "A's journal is incomplete"
    problems, pairs, requests = [], set(), 0
    for rule in rules:
        for method in methods_of(rule):
            for values in a_variants(rule, a) + mixed_variants(rule, a, b):
                url = url_of(rule, values)
                response = send(b_client, method, url, form_body(rule.endpoint, method, values, a))
                pairs.add((rule.rule, method))
                requests += 1
                if response.status_code != 404:
                    problems.append(f"{method} {url} ({rule.endpoint}) answered "
                                    f"{shown(response)} to another user, not 404")
                after = snapshot(app, a["user_id"])
                if after != before:
                    problems.append(f"{method} {url} ({rule.endpoint}) by another user changed "
                                    f"A's data: {describe_change(before, after)}")
                    before = after
    assert not problems, "\n".join(problems)
    assert snapshot(app, a["user_id"]) == original
    assert len(pairs) >= MIN_PAIRS, f"only {len(pairs)} (rule, method) pairs were swept"
    assert requests >= len(pairs)


def test_an_id_that_does_not_exist_answers_like_another_users_id(app, journals):
    """Ids reveal nothing: another user's object and no object at all look the same."""
    a, _b, b_client = journals
    rules = swept_rules(app)
    fail_on_unknown_arguments(rules)
    original = snapshot(app, a["user_id"])
    problems, pairs = [], set()
    for rule in rules:
        for method in methods_of(rule):
            values = a_variants(rule, a)[0]
            body = form_body(rule.endpoint, method, values, a)
            theirs = send(b_client, method, url_of(rule, values), body)
            for name, missing in missing_variants(rule, values):
                url = url_of(rule, missing)
                nobody = send(b_client, method, url, body)
                pairs.add((rule.rule, method))
                if nobody.status_code != theirs.status_code:
                    problems.append(
                        f"{method} {url} ({rule.endpoint}, {name} does not exist) answered "
                        f"{shown(nobody)}; with A's {name} it answered {shown(theirs)}"
                    )
                elif nobody.get_data() != theirs.get_data():
                    problems.append(f"{method} {url} ({rule.endpoint}): the page for a missing "
                                    f"{name} differs from the page for A's {name}")
    assert not problems, "\n".join(problems)
    assert snapshot(app, a["user_id"]) == original
    assert len(pairs) >= MIN_PAIRS, f"only {len(pairs)} (rule, method) pairs were swept"


def test_an_anonymous_visitor_is_sent_to_log_in_and_changes_nothing(app, journals):
    a, _b, _b_client = journals
    anonymous = app.test_client()
    rules = swept_rules(app)
    fail_on_unknown_arguments(rules)
    original = snapshot(app, a["user_id"])
    problems, pairs = [], set()
    for rule in rules:
        for method in methods_of(rule):
            for values in a_variants(rule, a):
                url = url_of(rule, values)
                response = send(anonymous, method, url, form_body(rule.endpoint, method, values, a))
                pairs.add((rule.rule, method))
                location = urlsplit(response.headers.get("Location", "")).path
                if response.status_code == 302 and location == "/login":
                    continue
                if response.status_code == 405:
                    continue
                problems.append(f"{method} {url} ({rule.endpoint}) answered an anonymous "
                                f"visitor {shown(response)} {location}".rstrip())
    assert not problems, "\n".join(problems)
    assert snapshot(app, a["user_id"]) == original, describe_change(
        original, snapshot(app, a["user_id"])
    )
    assert len(pairs) >= MIN_PAIRS, f"only {len(pairs)} (rule, method) pairs were swept"


def test_the_owner_can_open_every_swept_page(app, journals):
    """The sweep's URLs are real: for A, each GET answers 200 (so 404 for B means refused)."""
    a, _b, _b_client = journals
    a_client = app.test_client()
    expect_redirect(AuthActions(a_client).login(email=A_EMAIL), "logging A in")
    problems = []
    for rule in swept_rules(app):
        if "GET" not in rule.methods:
            continue
        for values in a_variants(rule, a):
            url = url_of(rule, values)
            status = a_client.get(url).status_code
            # An area with goals cannot be deleted: its delete page sends the owner back.
            expected = 302 if (rule.endpoint == "areas.delete"
                               and values["area_id"] == a["area_id"][1]) else 200
            if status != expected:
                problems.append(f"GET {url} ({rule.endpoint}) answered its owner {status}")
    assert not problems, "\n".join(problems)


def test_another_users_ids_in_a_form_are_not_taken(app, journals):
    """B, on B's own pages, posts A's ids in the form: nothing of A's is used or changed."""
    a, b, b_client = journals
    original = snapshot(app, a["user_id"])
    a_goal, a_milestone = a["goal_id"][0], a["goal_id"][1]
    b_goal, b_checkin = b["goal_id"][0], b["checkin_id"][0]
    forms = goal_forms(B_YEAR, a["area_id"][1])
    b_client.post(f"/years/{B_YEAR}/goals/new", data={**forms["count"], "title": "Mine"})
    b_client.post(f"/goals/{b_goal}/edit", data=forms["milestone"])
    b_client.post(f"/years/{B_YEAR}/checkins/new?kind=ad-hoc",
                  data={"on": f"{B_YEAR}-07-01", "went_well": "x", f"g{a_goal}_value": "7",
                        f"g{a_goal}_note": "Hijacked"})
    b_client.post(f"/checkins/{b_checkin}/edit",
                  data={"on": f"{B_YEAR}-06-30", "went_well": "y", f"g{a_milestone}_done": "yes",
                        f"g{a_milestone}_attempt": "succeeded"})
    b_client.post("/years/new", data={"number": str(B_YEAR + 1),
                                      "carry": [str(goal_id) for goal_id in a["goal_id"]]})
    assert snapshot(app, a["user_id"]) == original
    mine = snapshot(app, b["user_id"])
    b_areas = {row[0] for row in mine["area"]}
    b_goals = {row[0] for row in mine["goal"]}
    goal_columns = db.metadata.tables["goal"].c.keys()
    for row in mine["goal"]:
        goal = dict(zip(goal_columns, row, strict=True))
        assert goal["area_id"] in b_areas, goal
        assert goal["carried_from_id"] in b_goals | {None}, goal
    for table in ("plan_revision", "attempt", "progress_update"):
        columns = db.metadata.tables[table].c.keys()
        for row in mine[table]:
            assert dict(zip(columns, row, strict=True))["goal_id"] in b_goals, (table, row)
