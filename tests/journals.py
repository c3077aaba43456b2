"""A full journal built through the web forms, and the URL map walked with its ids.

Shared by the sweeps (ownership, CSRF, canary crawl, ...): `build_journal()` fills a journal
for one user the way a person would, `swept_rules()` lists every rule with URL arguments and
`a_variants()` fills them with that user's objects, `form_body()` is what the owner would post
to each route, and `snapshot()` reads every row the user owns, to show that nothing changed.
A rule whose URL argument is unknown here fails the sweep, so a new route cannot go unchecked.
"""

from __future__ import annotations

import itertools

import pytest
from helpers import AuthActions
from sqlalchemy import select

from journal.extensions import db
from journal.models import Area, Attempt, CheckIn, Goal, User

A_EMAIL = "ada@example.org"
B_EMAIL = "grace@example.org"
YEAR = 2026
B_YEAR = 2025  # B's own year: a different number, so /years/2026/... is never B's
TODAY = "2026-01-05"
SKIPPED_METHODS = {"HEAD", "OPTIONS"}

# URL arguments whose values are objects someone owns; they can be swapped for B's or
# for an id that does not exist.
OWNED_ARGUMENTS = ("area_id", "number", "goal_id", "attempt_id", "checkin_id")
# Every URL argument the sweeps know how to fill.
KNOWN_ARGUMENTS = (*OWNED_ARGUMENTS, "kind")
# Routes reached through a secret in the URL instead of a login: whoever holds the address
# may read them, as a calendar app does. Listed here with where they are tested instead.
CAPABILITY_ENDPOINTS = {
    "calendar_feed.feed": "a wrong or revoked token answers 404: tests/web/test_calendar.py",
}
REFLECTION_KINDS = ("new-year", "year-end")
SECTIONS = ("tldr", "what_happened", "successes", "did_not_work", "learned", "changes", "theme")


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
            "The sweeps do not know how to fill these URL arguments, so it cannot "
            "check that the routes refuse other users:\n  " + "\n  ".join(problems)
            + "\nTeach tests/journals.py: create such an object for user A in "
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
            f"The sweeps have no form body for POST {endpoint}: add what its owner "
            "would post to form_body() in tests/journals.py.",
            pytrace=False,
        )
    return bodies[endpoint]()
