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
from helpers import AuthActions, make_app
from sqlalchemy import select

from journal.extensions import db
from journal.models import Area, Attempt, CheckIn, Goal, User

# The app passes SelectField/RadioField choices as tuples, which WTForms 3.3 deprecates.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Passing SelectField choices as tuples is deprecated:DeprecationWarning"
)

A_EMAIL = "ada@example.org"
B_EMAIL = "grace@example.org"
YEAR = 2026
B_YEAR = 2025  # B's own year: a different number, so /years/2026/... is never B's
TODAY = "2026-01-05"
MISSING_ID = 999_999
MISSING_KIND = "no-such-kind"
SKIPPED_METHODS = {"HEAD", "OPTIONS"}
MIN_PAIRS = 15

# URL arguments whose values are objects someone owns; they can be swapped for B's or
# for an id that does not exist.
OWNED_ARGUMENTS = ("area_id", "number", "goal_id", "attempt_id", "checkin_id")
# Every URL argument the sweep knows how to fill.
KNOWN_ARGUMENTS = (*OWNED_ARGUMENTS, "kind")
# Routes reached through a secret in the URL instead of a login: whoever holds the address
# may read them, as a calendar app does. Listed here with where they are tested instead.
CAPABILITY_ENDPOINTS = {
    "calendar_feed.feed": "a wrong or revoked token answers 404: tests/web/test_calendar.py",
}
REFLECTION_KINDS = ("new-year", "year-end")
SECTIONS = ("tldr", "what_happened", "successes", "did_not_work", "learned", "changes", "theme")


@pytest.fixture
def app(tmp_path):
    """The test app with its "today" fixed on 5 January 2026."""
    app = make_app(tmp_path, JOURNAL_TODAY=TODAY)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


# --- building the two journals -------------------------------------------------------------


def goal_forms(year: int, area_id: int) -> dict[str, dict]:
    """What the new-goal form posts for one goal of each kind."""
    common = {
        "area_id": str(area_id),
        "start_date": f"{year}-01-01",
        "end_date": f"{year}-12-31",
        "why": "Because it *matters*.",
        "topics": "ML system design, LLMs",
        "cadence": "week",
        "direction": "at_least",
    }
    return {
        "count": {**common, "title": "Publish 40 posts", "kind": "count", "count_target": "40",
                  "count_unit": "posts", "checkpoints": f"{year}-06-30: 20"},
        "milestone": {**common, "title": "Get promoted", "kind": "milestone",
                      "due_date": f"{year}-09-30"},
        "habit": {**common, "title": "Run every week", "kind": "habit", "habit_times": "1",
                  "cadence": "week", "allowed_skips": "4"},
        "limit": {**common, "title": "Little overtime", "kind": "limit",
                  "limit_threshold": "5", "limit_unit": "hours a week", "direction": "at_most"},
    }


def reflection_form(text: str) -> dict[str, str]:
    return {name: f"{text} ({name})" for name in SECTIONS}


def expect_redirect(response, what: str) -> None:
    assert response.status_code == 302, f"{what}: answered {response.status_code}"


def user_id(app, email: str) -> int:
    with app.app_context():
        return db.session.execute(select(User.id).filter_by(email=email)).scalar_one()


def build_journal(app, client, email: str, year: int, *, full: bool) -> dict:
    """Register `email` and fill a journal for `year`; return the ids of what was made."""
    expect_redirect(AuthActions(client).register(email=email), f"registering {email}")
    expect_redirect(client.post("/areas/", data={"name": "Health", "color": "purple"}),
                    "adding an area")
    expect_redirect(client.post("/years/new", data={"number": str(year)}), f"starting {year}")
    uid = user_id(app, email)
    with app.app_context():
        areas = dict(
            db.session.execute(select(Area.name, Area.id).filter_by(user_id=uid)).all()
        )
    forms = goal_forms(year, areas["Writing"])
    kinds = list(forms) if full else ["milestone"]
    for kind in kinds:
        expect_redirect(client.post(f"/years/{year}/goals/new", data=forms[kind]),
                        f"adding a {kind} goal")
    with app.app_context():
        goals = dict(db.session.execute(select(Goal.kind, Goal.id).filter_by(user_id=uid)).all())
    expect_redirect(
        client.post(f"/goals/{goals['milestone']}/attempts",
                    data={"attempted_on": f"{year}-01-05", "outcome": "pending",
                          "note": "First try."}),
        "recording an attempt",
    )
    if full:
        for slug in REFLECTION_KINDS:
            expect_redirect(
                client.post(f"/years/{year}/reflection/{slug}", data=reflection_form(slug)),
                f"writing the {slug} reflection",
            )
        expect_redirect(
            client.post(f"/goals/{goals['count']}/plan",
                        data={"revised_on": TODAY, "reason": "Slow start.", "count_target": "30",
                              "checkpoints": ""}),
            "revising a plan",
        )
        expect_redirect(client.post(f"/goals/{goals['habit']}/log", data={"amount": "1"}),
                        "logging a step")
    expect_redirect(
        client.post(f"/years/{year}/checkins/new?kind=ad-hoc",
                    data={"on": f"{year}-01-05" if year == YEAR else f"{year}-06-30",
                          "mood": "4", "went_well": "Started.",
                          f"g{goals['milestone']}_note": "Waiting to hear."}),
        "saving a check-in",
    )
    client.get("/")  # shows, and so clears, the flashed messages of the redirects above
    with app.app_context():
        attempt = db.session.execute(select(Attempt.id).filter_by(user_id=uid)).scalar_one()
        checkin = db.session.execute(select(CheckIn.id).filter_by(user_id=uid)).scalar_one()
    return {
        "user_id": uid,
        "area_id": [areas["Health"], areas["Writing"]],  # one without goals, one with
        "number": [year],
        "goal_id": list(goals.values()),
        "goal_forms": {goals[kind]: forms[kind] for kind in kinds},
        "attempt_id": [attempt],
        "checkin_id": [checkin],
    }


@pytest.fixture
def journals(app):
    """(A's journal, B's journal, B's logged-in client)."""
    a_client, b_client = app.test_client(), app.test_client()
    a = build_journal(app, a_client, A_EMAIL, YEAR, full=True)
    b = build_journal(app, b_client, B_EMAIL, B_YEAR, full=False)
    return a, b, b_client


# --- A's data, row by row ------------------------------------------------------------------


def snapshot(app, uid: int) -> dict[str, list[tuple]]:
    """Every row of user `uid`: the account and each table with a user_id, as tuples."""
    with app.app_context():
        tables = {"user_account": db.metadata.tables["user_account"]}
        tables.update({t.name: t for t in db.metadata.sorted_tables if "user_id" in t.c})
        result = {}
        for name, table in tables.items():
            owner = table.c.id if name == "user_account" else table.c.user_id
            rows = db.session.execute(
                select(table).where(owner == uid).order_by(*table.primary_key.columns)
            ).all()
            result[name] = [tuple(row) for row in rows]
        return result


def describe_change(before: dict, after: dict) -> str:
    """The rows that went away and the rows that appeared, table by table."""
    parts = []
    for name in before:
        gone = [row for row in before[name] if row not in after.get(name, [])]
        new = [row for row in after.get(name, []) if row not in before[name]]
        if gone or new:
            parts.append(f"{name}: {gone} -> {new}")
    return "; ".join(parts)


# --- the URLs --------------------------------------------------------------------------------


def swept_rules(app) -> list:
    """Every rule with URL arguments, except static files; deleting ones last, so a
    delete that wrongly succeeds does not hide what the other routes do."""
    return sorted(
        (rule for rule in app.url_map.iter_rules()
         if rule.arguments and rule.endpoint != "static"
         and rule.endpoint not in CAPABILITY_ENDPOINTS),
        key=lambda rule: ("delete" in rule.endpoint, rule.rule),
    )


def methods_of(rule) -> list[str]:
    return sorted(set(rule.methods) - SKIPPED_METHODS)


def unknown_arguments(rule) -> set[str]:
    return set(rule.arguments) - set(KNOWN_ARGUMENTS)


def fail_on_unknown_arguments(rules) -> None:
    problems = [
        f"{rule.endpoint} ({rule.rule}) has URL argument(s) {sorted(unknown_arguments(rule))}"
        for rule in rules if unknown_arguments(rule)
    ]
    if problems:
        pytest.fail(
            "The ownership sweep does not know how to fill these URL arguments, so it cannot "
            "check that the routes refuse other users:\n  " + "\n  ".join(problems)
            + "\nTeach tests/web/test_ownership.py: create such an object for user A in "
            "build_journal() and add the argument name to OWNED_ARGUMENTS or KNOWN_ARGUMENTS.",
            pytrace=False,
        )


def candidates(name: str, journal: dict) -> list:
    if name == "kind":
        return list(REFLECTION_KINDS)
    return list(journal[name])


def a_variants(rule, a: dict) -> list[dict]:
    """Every combination of A's values for the rule's arguments."""
    names = sorted(rule.arguments)
    return [dict(zip(names, combo, strict=True))
            for combo in itertools.product(*(candidates(name, a) for name in names))]


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


def url_of(rule, values: dict) -> str:
    return rule.build(values)[1]


# --- what is posted --------------------------------------------------------------------------

EMPTY_FORM_ENDPOINTS = {
    "areas.archive", "areas.restore", "areas.delete", "years.delete", "goals.delete",
    "goals.delete_attempt", "checkins.delete",
}


def form_body(endpoint: str, method: str, values: dict, a: dict) -> dict[str, str]:
    """What A would post to `endpoint`: valid data, so a missing check changes A's rows."""
    if method == "GET":
        return {}
    count_form = goal_forms(YEAR, a["area_id"][1])["count"]
    goal_form = a["goal_forms"].get(values.get("goal_id"), count_form)
    bodies = {
        "areas.edit": lambda: {"name": "Hijacked", "color": "vermilion"},
        "areas.move": lambda: {"direction": "up"},
        "years.reflection": lambda: reflection_form("Hijacked"),
        "goals.new": lambda: {**goal_form, "title": "Hijacked"},
        "goals.edit": lambda: {**goal_form, "title": "Hijacked", "why": "Hijacked"},
        "goals.revise": lambda: {"revised_on": TODAY, "reason": "Hijacked", "count_target": "99",
                                 "habit_times": "5", "limit_threshold": "9",
                                 "due_date": f"{YEAR}-03-01", "checkpoints": ""},
        "goals.set_status": lambda: {"status": "dropped", "on": TODAY, "reason": "Hijacked"},
        "goals.add_attempt": lambda: {"attempted_on": TODAY, "outcome": "succeeded",
                                      "note": "Hijacked"},
        "goals.quick_log": lambda: {"amount": "5", "value": "3", "title": "Hijacked"},
        "checkins.new": lambda: {"on": TODAY, "mood": "1", "went_well": "Hijacked"},
        "checkins.edit": lambda: {"on": TODAY, "mood": "1", "went_well": "Hijacked"},
    }
    if endpoint in EMPTY_FORM_ENDPOINTS:
        return {}
    if endpoint not in bodies:
        pytest.fail(
            f"The ownership sweep has no form body for POST {endpoint}: add what its owner "
            "would post to form_body() in tests/web/test_ownership.py.",
            pytrace=False,
        )
    return bodies[endpoint]()


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
