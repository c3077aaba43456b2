"""Restore: a backup brought back through /import/ and `flask import`, all of it or nothing."""

from __future__ import annotations

import io
import json
import warnings
from datetime import date

import pytest
from helpers import PASSWORD, AuthActions, app_in, csrf_token_from, make_app, second_user
from pages import error_beside, flashes, page
from sqlalchemy import func, select

from journal.demo import DEMO_EMAIL, create_demo
from journal.extensions import db
from journal.models import (
    Area,
    Attempt,
    CheckIn,
    Goal,
    PlanRevision,
    ProgressUpdate,
    Reflection,
    User,
    Year,
)

MODELS = (User, Area, Year, Reflection, Goal, PlanRevision, Attempt, CheckIn, ProgressUpdate)
NOTHING = "Nothing was restored."


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path, JOURNAL_TODAY="2026-07-01")
    app.config["PROPAGATE_EXCEPTIONS"] = False  # a crash answers 500, as in production
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def csrf_app(tmp_path):
    """The app with CSRF protection on, as in production."""
    with app_in(tmp_path, WTF_CSRF_ENABLED=True) as app:
        yield app


# --- helpers -------------------------------------------------------------------------------


def small_backup() -> dict:
    """A complete version-1 file with every kind of record, as the export writes it."""
    goal = {"carried_from": None, "why": "", "topics": [], "unit": "", "baseline": 0.0,
            "cadence": None, "allowed_skips": 0, "direction": None, "status": "active",
            "status_reason": "", "status_changed_on": None, "private": False, "attempts": []}
    update = {"checkin": None, "value": None, "skipped": False, "enjoyment": None,
              "confidence": None, "blocker": "", "note": "", "title": "", "link": "",
              "topic": ""}
    sections = dict.fromkeys(("tldr", "what_happened", "successes", "did_not_work", "learned",
                              "changes", "theme"), "")
    return {
        "format": "year-journal-backup", "version": 1, "exported_at": "2026-07-01T09:00:00Z",
        "areas": [
            {"key": "a1", "name": "Career", "color": "green", "position": 0, "archived": False,
             "private": False},
            {"key": "a2", "name": "Health", "color": "sky", "position": 1, "archived": False,
             "private": True},
        ],
        "years": [
            {"year": 2025, "reflections": {},
             "goals": [{**goal, "key": "g1", "area": "a1", "title": "Publish 40 posts",
                        "kind": "count", "unit": "posts", "start_date": "2025-01-01",
                        "end_date": "2025-12-31", "status": "achieved",
                        "status_changed_on": "2025-12-20",
                        "plan_revisions": [{"version": 1, "revised_on": "2025-01-02",
                                            "reason": "", "target": 40.0, "due_date": None,
                                            "checkpoints": []}]}],
             "checkins": [],
             "progress_updates": [{**update, "goal": "g1", "on": "2025-12-20", "value": 40.0}]},
            {"year": 2026,
             "reflections": {"new_year": {**sections, "tldr": "A year of depth",
                                          "successes": "- Promoted", "theme": "depth"},
                             "year_end": {**sections, "learned": "Small beats big."}},
             "goals": [
                 {**goal, "key": "g2", "area": "a2", "title": "Run twice a week",
                  "kind": "habit", "cadence": "week", "allowed_skips": 3, "private": True,
                  "start_date": "2026-01-01", "end_date": "2026-12-31",
                  "plan_revisions": [{"version": 1, "revised_on": "2026-01-02", "reason": "",
                                      "target": 2.0, "due_date": None, "checkpoints": []}]},
                 {**goal, "key": "g3", "area": "a1", "title": "Get promoted",
                  "kind": "milestone", "start_date": "2026-01-01", "end_date": "2026-12-31",
                  "plan_revisions": [{"version": 1, "revised_on": "2026-01-02", "reason": "",
                                      "target": 1.0, "due_date": "2026-10-01",
                                      "checkpoints": []}],
                  "attempts": [{"attempted_on": "2026-05-01", "outcome": "failed",
                                "note": "Not this round.", "checkin": "c1"},
                               {"attempted_on": "2026-06-20", "outcome": "pending",
                                "note": "", "checkin": None}]},
                 {**goal, "key": "g4", "area": "a1", "carried_from": "g1",
                  "title": "Publish 30 posts I enjoy", "why": "Thinking in public.",
                  "topics": ["LLMs", "ML system design"], "kind": "count", "unit": "posts",
                  "start_date": "2026-01-01", "end_date": "2026-12-31",
                  "plan_revisions": [
                      {"version": 1, "revised_on": "2026-01-02", "reason": "", "target": 40.0,
                       "due_date": None, "checkpoints": [["2026-03-31", 6]]},
                      {"version": 2, "revised_on": "2026-06-15", "reason": "A slow spring.",
                       "target": 30.0, "due_date": None, "checkpoints": [["2026-09-30", 20.5]]},
                  ]},
             ],
             "checkins": [
                 {"key": "c1", "on": "2026-05-01", "kind": "monthly", "mood": 2,
                  "went_well": "Interviews.", "went_badly": "Meetings.", "next_change": ""},
                 {"key": "c2", "on": "2026-06-30", "kind": "mid_year", "mood": None,
                  "went_well": "", "went_badly": "", "next_change": "Protect mornings."},
             ],
             "progress_updates": [
                 {**update, "goal": "g4", "checkin": "c1", "on": "2026-05-01", "value": 7.0,
                  "enjoyment": 4, "confidence": 3, "blocker": "Meetings", "note": "Fine."},
                 {**update, "goal": "g2", "on": "2026-05-03", "skipped": True},
                 {**update, "goal": "g4", "on": "2026-06-01", "value": 8.0,
                  "title": "Issue 8", "link": "https://example.org/8", "topic": "LLMs"},
             ]},
        ],
    }


def encoded(document) -> bytes:
    return document if isinstance(document, bytes) else json.dumps(document).encode()


def restore(client, document, on_conflict="refuse", **fields):
    """POST a file to /import/; the response comes back read and closed."""
    data = {"file": (io.BytesIO(encoded(document)), "backup.json"), "on_conflict": on_conflict}
    response = client.post("/import/", data={**data, **fields},
                           content_type="multipart/form-data")
    response.get_data()
    response.request.input_stream.close()  # a large body is a temporary file
    return response


def backup_of(client) -> dict:
    """The account's backup, parsed, without the time it was made."""
    response = client.get("/export/backup.json")
    assert response.status_code == 200
    document = json.loads(response.data)
    del document["exported_at"]
    return document


def without_time(document: dict) -> dict:
    return {key: value for key, value in document.items() if key != "exported_at"}


def rows(app) -> dict[tuple[str, int], int]:
    """Rows per table per user (an account counted under its own id)."""
    counts = {}
    with app.app_context():
        for model in MODELS:
            owner = model.id if model is User else model.user_id
            for user_id, n in db.session.execute(select(owner, func.count()).group_by(owner)):
                counts[(model.__name__, user_id)] = n
    return counts


def rows_of(app, user_id: int) -> dict[str, int]:
    return {table: n for (table, owner), n in rows(app).items() if owner == user_id}


def user_id(app, email: str) -> int:
    with app.app_context():
        return db.session.execute(select(User.id).filter_by(email=email)).scalar_one()


def areas_of(app, email: str) -> list[tuple[str, str, int]]:
    with app.app_context():
        query = (select(Area.name, Area.color, Area.position)
                 .join(User, User.id == Area.user_id).where(User.email == email)
                 .order_by(Area.position, Area.id))
        return [tuple(row) for row in db.session.execute(query)]


def differences(first, second, path="$"):
    """Every field where two parsed documents differ, in value or in JSON type."""
    if type(first) is not type(second):
        yield f"{path}: {first!r} is not {second!r}"
    elif isinstance(first, dict):
        for key in sorted(first.keys() | second.keys()):
            if key not in first or key not in second:
                yield f"{path}.{key}: in one document only"
            else:
                yield from differences(first[key], second[key], f"{path}.{key}")
    elif isinstance(first, list):
        if len(first) != len(second):
            yield f"{path}: {len(first)} items, not {len(second)}"
        for index, (one, other) in enumerate(zip(first, second, strict=False)):
            yield from differences(one, other, f"{path}[{index}]")
    elif first != second:
        yield f"{path}: {first!r} is not {second!r}"


def leaves(value) -> int:
    if isinstance(value, dict):
        return sum(leaves(inner) for inner in value.values())
    if isinstance(value, list):
        return sum(leaves(inner) for inner in value)
    return 1


def two_accounts(app):
    """Ada, a new account, and Bob, who already has a journal; return both clients."""
    bob = second_user(app, "bob@example.org")
    assert restore(bob, small_backup()).status_code == 302
    ada = app.test_client()
    assert AuthActions(ada).register().status_code == 302
    return ada, bob


def register_with_token(app):
    """A client of `app` logged in to a new account registered with its CSRF token."""
    client = app.test_client()
    token = csrf_token_from(client.get("/register").get_data(as_text=True))
    response = client.post("/register", data={"email": "ada@example.org", "password": PASSWORD,
                                              "confirm": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    return client


def refused(response, message: str, status: int = 400) -> str:
    """The message beside the file field of a refused restore: 400 for a file at fault,
    409 for a sound file that clashes with the account."""
    assert response.status_code == status
    shown = error_beside(response.get_data(as_text=True), "file")
    assert shown is not None, "no message beside the file field"
    assert message in shown
    assert shown.endswith(NOTHING)
    return shown


# --- round trips ---------------------------------------------------------------------------


def test_demo_journal_round_trips_exactly_and_leaves_the_demo_alone(backend_app):
    """Demo → backup → restore into a new account → backup: the same document."""
    backend_app.config["PROPAGATE_EXCEPTIONS"] = False
    with backend_app.app_context():
        password = create_demo(date(2026, 11, 22))
    demo = backend_app.test_client()
    assert AuthActions(demo).login(DEMO_EMAIL, password).status_code == 302
    exported = demo.get("/export/backup.json")
    original = json.loads(exported.data)
    assert len(original["years"]) == 2

    demo_id = user_id(backend_app, DEMO_EMAIL)
    demo_rows = rows_of(backend_app, demo_id)
    fresh = second_user(backend_app, "fresh@example.org")
    response = restore(fresh, exported.data)
    assert response.status_code == 302
    assert response.headers["Location"] == "/years/"
    goals = sum(len(year["goals"]) for year in original["years"])
    assert flashes(page(fresh, "/years/"))[-1].startswith(f"Restored 2 years, {goals} goals, ")

    again = json.loads(fresh.get("/export/backup.json").data)
    assert without_time(again) == without_time(original)
    assert list(differences(without_time(original), without_time(again))) == []
    assert leaves(original) > 1000
    assert rows_of(backend_app, demo_id) == demo_rows
    fresh_rows = rows_of(backend_app, user_id(backend_app, "fresh@example.org"))
    assert {table: n for table, n in fresh_rows.items() if table != "User"} == {
        table: n for table, n in demo_rows.items() if table != "User"}


def test_a_complete_small_file_restores_as_it_was_written(app, client, auth):
    auth.register()
    response = restore(client, small_backup())
    assert response.status_code == 302
    assert flashes(page(client, "/years/"))[-1] == (
        "Restored 2 years, 4 goals, 2 check-ins, 4 updates.")
    assert list(differences(without_time(small_backup()), backup_of(client))) == []


def test_a_year_with_a_carried_over_goal_round_trips_in_order(app, client, auth):
    auth.register()
    client.post("/years/new", data={"number": "2025"})
    client.post("/years/2025/goals/new", data={
        "title": "Publish 40 posts", "area_id": "2", "kind": "count", "count_target": "40",
        "start_date": "2025-01-01", "end_date": "2025-12-31"})
    client.post("/years/new", data={"number": "2026", "carry": "1"})
    client.post("/years/2026/goals/new", data={
        "title": "Run twice a week", "area_id": "1", "kind": "habit", "habit_times": "2",
        "cadence": "week", "start_date": "2026-01-01", "end_date": "2026-12-31"})
    original = backup_of(client)
    goals = original["years"][1]["goals"]
    assert [(goal["title"], goal["carried_from"]) for goal in goals] == [
        ("Publish 40 posts", "g1"), ("Run twice a week", None)]

    other = second_user(app, "bob@example.org")
    assert restore(other, original).status_code == 302
    assert list(differences(original, backup_of(other))) == []


def test_an_earlier_plan_that_no_longer_fits_the_edited_goal_round_trips(app, client, auth):
    # Editing a goal checks the plan in force against its new dates and starting value,
    # not the plans before it: the restore reads them the same way.
    auth.register()
    client.post("/years/new", data={"number": "2026"})
    assert client.post("/years/2026/goals/new", data={
        "title": "Publish posts", "area_id": "2", "kind": "count", "count_target": "20",
        "checkpoints": "2026-03-31: 5", "start_date": "2026-01-01",
        "end_date": "2026-12-31"}).status_code == 302
    assert client.post("/goals/1/plan", data={
        "revised_on": "2026-05-01", "reason": "More time.", "count_target": "30",
        "checkpoints": ""}).status_code == 302
    assert client.post("/goals/1/edit", data={
        "title": "Publish posts", "area_id": "2", "baseline": "25", "start_date": "2026-04-01",
        "end_date": "2026-12-31"}).status_code == 302
    original = backup_of(client)
    assert [plan["target"] for plan in original["years"][0]["goals"][0]["plan_revisions"]] == [
        20, 30]

    other = second_user(app, "bob@example.org")
    assert restore(other, original).status_code == 302
    assert list(differences(original, backup_of(other))) == []


def test_private_flags_survive_the_round_trip(app, client, auth):
    auth.register()
    client.post("/years/new", data={"number": "2026"})
    goal = {"title": "Publish 52 posts", "area_id": "2", "count_unit": "posts",
            "start_date": "2026-01-01", "end_date": "2026-12-31", "cadence": "week",
            "direction": "at_least"}
    created = client.post("/years/2026/goals/new",
                          data={**goal, "kind": "count", "count_target": "52"})
    assert created.status_code == 302
    assert client.post("/areas/2/edit", data={"name": "Writing", "color": "orange",
                                              "private": "y"}).status_code == 302
    assert client.post("/goals/1/edit", data={**goal, "private": "y"}).status_code == 302
    original = backup_of(client)
    assert [area["private"] for area in original["areas"]] == [False, True, False]
    assert original["years"][0]["goals"][0]["private"] is True

    other = second_user(app, "bob@example.org")
    assert restore(other, original).status_code == 302
    assert backup_of(other) == original
    with app.app_context():
        bob = user_id(app, "bob@example.org")
        private_areas = db.session.execute(
            select(Area.name).filter_by(user_id=bob, private=True)).scalars().all()
        private_goals = db.session.execute(
            select(Goal.title).filter_by(user_id=bob, private=True)).scalars().all()
    assert (private_areas, private_goals) == (["Writing"], ["Publish 52 posts"])


# --- hostile and broken files --------------------------------------------------------------


def broken(*changes):
    """A file made from the small backup with each change applied to the parsed document."""

    def make() -> bytes:
        document = small_backup()
        for change in changes:
            change(document)
        return json.dumps(document).encode()

    return make


def put(path: str, value):
    """Set the field at a dotted path ("years.1.goals.0.title") to `value`."""

    def change(document):
        *parents, last = [int(part) if part.isdigit() else part for part in path.split(".")]
        for part in parents:
            document = document[part]
        document[last] = value

    return change


def drop(path: str):
    def change(document):
        *parents, last = [int(part) if part.isdigit() else part for part in path.split(".")]
        for part in parents:
            document = document[part]
        del document[last]

    return change


def edited(old: str, new: str):
    """A file made from the small backup's text, with its first `old` replaced by `new`."""

    def make() -> bytes:
        text = json.dumps(small_backup())
        assert old in text
        return text.replace(old, new, 1).encode()

    return make


def reverse(path: str):
    return lambda document: document[path].reverse()


def raw(data: bytes):
    return lambda: data


def nested(levels: int):
    value: list = []
    for _ in range(levels - 1):
        value = [value]
    return value


def cut_in_half() -> bytes:
    data = json.dumps(small_backup()).encode()
    return data[: len(data) // 2]


GOAL_2026 = "years.1.goals.2"
LAST_UPDATE = "years.1.progress_updates.2"
WHERE_GOAL = "Year 2026 › goal 3 (“Publish 30 posts I enjoy”)"

HOSTILE = [
    pytest.param(raw(b""), "The file is empty.", id="empty"),
    pytest.param(raw(b"  \r\n\t "), "The file is empty.", id="only-whitespace"),
    pytest.param(raw(b"\xff\xfe{\x00}\x00"), "not UTF-8 text", id="not-utf8"),
    pytest.param(raw(b"year,goal\n2026,posts\n"), "The file is not valid JSON (line 1",
                 id="not-json"),
    pytest.param(cut_in_half, "Was it cut short while downloading?", id="truncated"),
    pytest.param(raw(b'[{"format": "year-journal-backup"}]'), "it should hold one object",
                 id="list-not-object"),
    pytest.param(raw(b'"year-journal-backup"'), "it should hold one object", id="bare-string"),
    pytest.param(broken(put("format", "year-journal")), "not a Year Journal backup",
                 id="wrong-format"),
    pytest.param(broken(put("version", 2)), "This backup is of version 2; this Year Journal "
                 "reads version 1", id="version-2"),
    pytest.param(broken(put("version", "1")), 'This backup is of version "1"',
                 id="version-string"),
    pytest.param(broken(put("version", True)), "This backup is of version true",
                 id="version-true"),
    pytest.param(broken(drop("years")), "The file: the field “years” is missing.",
                 id="missing-years"),
    pytest.param(broken(put("years", {"2026": {}})), "The file: years should be a list.",
                 id="years-not-a-list"),
    pytest.param(broken(put(f"{LAST_UPDATE}.note", nested(50))),
                 "The file nests deeper than a backup does (12 levels).", id="deep-note"),
    pytest.param(raw(b"[" * 100_000), "The file nests deeper than a backup does",
                 id="100000-brackets"),
    pytest.param(edited('"version": 1', '"version": 1, "x": ' + "{\"a\": " * 5000 + "1"
                        + "}" * 5000), "The file nests deeper than a backup does",
                 id="5000-objects"),
    pytest.param(edited('"position": 0', '"position": ' + "9" * 400),
                 "The number 999999999999… is longer than 24 characters.", id="400-digits"),
    pytest.param(edited('"position": 0', '"position": 1e400'), "The number 1e400 is too large.",
                 id="1e400"),
    pytest.param(broken(put(f"{LAST_UPDATE}.value", float("nan"))),
                 "NaN is not a number a backup holds.", id="nan"),
    pytest.param(broken(put(f"{LAST_UPDATE}.value", float("-inf"))),
                 "-Infinity is not a number a backup holds.", id="minus-infinity"),
    pytest.param(edited('"version": 1,', '"version": 1, "version": 1,'),
                 "The key “version” appears twice in one record.", id="duplicate-key"),
    pytest.param(broken(put(f"{GOAL_2026}.id", 5)),
                 "Year 2026 › goal 3: “id” is not a field of a backup.", id="goal-id"),
    pytest.param(broken(put("user_id", 1)), "The file: “user_id” is not a field of a backup.",
                 id="user-id"),
    pytest.param(broken(put("email", "bob@example.org")),
                 "The file: “email” is not a field of a backup.", id="email"),
    pytest.param(broken(put(f"{GOAL_2026}.area", 1)),
                 WHERE_GOAL + ": area 1 is not the key of an area in this file.", id="area-id"),
    pytest.param(broken(put(f"{GOAL_2026}.area", "a99")),
                 WHERE_GOAL + ': area "a99" is not the key of an area in this file.',
                 id="unknown-area"),
    pytest.param(broken(put(f"{LAST_UPDATE}.goal", "g1")),
                 'Year 2026 › update 3: goal "g1" is not the key of a goal of this year in this '
                 "file.",
                 id="update-of-another-years-goal"),
    pytest.param(broken(put(f"{GOAL_2026}.carried_from", "g9")),
                 'carried_from "g9" is not the key of a goal of an earlier year',
                 id="unknown-carried-from"),
    pytest.param(broken(put("years.1.progress_updates.0.checkin", "c9")),
                 'Year 2026 › update 1: checkin "c9" is not the key of a check-in of this year '
                 "in this file.",
                 id="unknown-checkin"),
    pytest.param(broken(put(f"{GOAL_2026}.title", "x" * 201)),
                 "title is longer than 200 characters.", id="title-201"),
    pytest.param(broken(put(f"{LAST_UPDATE}.note", "x" * 20_001)),
                 "Year 2026 › update 3: note is longer than 20,000 characters.", id="note-20001"),
    pytest.param(broken(put("years.1.reflections.new_year.tldr", "x" * 281)),
                 "Year 2026 › reflection “new_year”: tldr is longer than 280 characters.",
                 id="tldr-281"),
    pytest.param(broken(put("areas.0.name", "x" * 61)),
                 "Area 1: name is longer than 60 characters.", id="area-name-61"),
    pytest.param(broken(put("areas.1.name", " CAREER ")),
                 "Area 2: name “CAREER” is the name of two areas.", id="area-name-twice"),
    pytest.param(broken(put(f"{GOAL_2026}.start_date", "2025-12-31")),
                 WHERE_GOAL + ": start_date (2025-12-31) is not in 2026.", id="date-outside-year"),
    pytest.param(broken(put("years.1.checkins.0.on", "2026-02-30")),
                 "Year 2026 › check-in 1: on is not a real date (2026-02-30).",
                 id="impossible-date"),
    pytest.param(broken(put("years.1.checkins.0.on", "1 May 2026")),
                 "on should be a date written YYYY-MM-DD.", id="date-in-words"),
    pytest.param(broken(put("years.1.checkins.0.mood", 7)),
                 "Year 2026 › check-in 1: mood should be from 1 to 5, not 7.", id="mood-7"),
    pytest.param(broken(put("areas.0.archived", 1)),
                 "Area 1: archived should be true or false.", id="archived-1"),
    pytest.param(broken(put("areas.0.color", "red")),
                 "Area 1: color should be one of blue, orange", id="unknown-color"),
    pytest.param(broken(put(f"{GOAL_2026}.plan_revisions", [])),
                 WHERE_GOAL + ": plan_revisions is empty; every goal has a plan.",
                 id="no-plan"),
    pytest.param(broken(put(f"{GOAL_2026}.plan_revisions.1.version", 3)),
                 WHERE_GOAL + " › plan 2: version should be 2: plans are numbered in order.",
                 id="versions-not-in-order"),
    pytest.param(broken(put(f"{GOAL_2026}.plan_revisions.0.target", 0)),
                 "› plan 1: target: The target must be more than zero.", id="count-target-0"),
    pytest.param(broken(put(f"{GOAL_2026}.plan_revisions.1.checkpoints", [["2026-10-31", 99]])),
                 "› plan 2: checkpoints: The checkpoint on 2026-10-31 plans 99",
                 id="checkpoint-above-target"),
    pytest.param(broken(put("years.1.year", 2025)), "Year 2025: appears twice in the file.",
                 id="duplicate-year"),
    pytest.param(broken(put(f"{GOAL_2026}.carried_from", None), reverse("years")),
                 "Year 2025: comes after a later year; years are listed oldest first.",
                 id="years-out-of-order"),
    pytest.param(broken(put("years.1.reflections.mid_year", {})),
                 "is not a kind of reflection (new_year or year_end)", id="unknown-reflection"),
    pytest.param(broken(put(f"{LAST_UPDATE}.link", "javascript:alert(1)")),
                 "Year 2026 › update 3: link should start with https:// or http://.",
                 id="javascript-link"),
    pytest.param(broken(put(f"{GOAL_2026}.title", "Publish\x00 posts")),
                 "title holds a control character.", id="nul-in-title"),
    pytest.param(broken(put("years.1.goals.1.key", "c1")), "the key “c1” is used twice.",
                 id="key-used-twice"),
    pytest.param(broken(drop(f"{GOAL_2026}.kind")),
                 "Year 2026 › goal 3: the field “kind” is missing.",
                 id="missing-kind"),
    pytest.param(broken(put(f"{LAST_UPDATE}.value", "eight")),
                 "Year 2026 › update 3: value should be a number.", id="bad-last-record"),
    pytest.param(broken(put("areas.0.color", [])), "Area 1: color should be one of",
                 id="color-is-a-list"),
    pytest.param(broken(put("years.1.checkins.0.kind", {"monthly": 1})),
                 "kind should be one of", id="checkin-kind-is-an-object"),
    pytest.param(broken(put(f"{GOAL_2026}.topics", ["LLMs\x00"])), "topics",
                 id="nul-in-a-topic"),
    pytest.param(broken(put("years.1.goals.1.carried_from", "g2")),
                 "a goal of an earlier year", id="carried-from-the-same-year"),
]


def test_the_unbroken_small_file_is_accepted(app):
    """The file every hostile case starts from restores, so each refusal is its breakage."""
    ada, _bob = two_accounts(app)
    assert restore(ada, small_backup()).status_code == 302


@pytest.mark.parametrize(("make_file", "message"), HOSTILE)
def test_a_hostile_or_broken_file_is_refused_and_writes_nothing(app, make_file, message):
    ada, _bob = two_accounts(app)
    before = rows(app)
    refused(restore(ada, make_file()), message)
    assert rows(app) == before


def test_a_file_is_required(app, client, auth):
    auth.register()
    before = rows(app)
    response = client.post("/import/", data={"on_conflict": "refuse"},
                           content_type="multipart/form-data")
    assert response.status_code == 422
    assert error_beside(response.get_data(as_text=True), "file") == (
        "Choose the backup file (.json) to restore.")
    assert rows(app) == before


# --- size ----------------------------------------------------------------------------------


def large_backup(updates: int, note_length: int = 19_000) -> bytes:
    document = small_backup()
    document["years"][1]["progress_updates"] += [
        {"goal": "g2", "on": "2026-06-02", "value": 1.0, "note": f"{n} " + "x" * note_length}
        for n in range(updates)
    ]
    return json.dumps(document).encode()


def test_a_file_over_the_import_cap_answers_413_and_writes_nothing(app, client, auth):
    app.config["MAX_IMPORT_BYTES"] = 10_000
    auth.register()
    before = rows(app)
    response = restore(client, large_backup(1, note_length=12_000))
    assert response.status_code == 413
    assert "larger than this journal accepts. Nothing was saved." in response.get_data(
        as_text=True)
    assert rows(app) == before


def test_a_file_larger_than_any_form_but_under_the_import_cap_is_restored(app, client, auth):
    auth.register()
    data = large_backup(150)
    assert app.config["MAX_CONTENT_LENGTH"] < len(data) < app.config["MAX_IMPORT_BYTES"]
    assert restore(client, data).status_code == 302
    assert rows_of(app, user_id(app, "ada@example.org"))["ProgressUpdate"] == 4 + 150


def test_a_large_file_is_restored_with_csrf_protection_on(csrf_app):
    """As in production: the CSRF check must not apply the ordinary 2 MiB cap."""
    client = register_with_token(csrf_app)
    token = csrf_token_from(page(client, "/import/"))
    assert restore(client, large_backup(150), csrf_token=token).status_code == 302


# --- conflicts with what the account has ---------------------------------------------------


def test_a_year_the_account_has_is_refused_by_default(app, client, auth):
    auth.register()
    client.post("/years/new", data={"number": "2026"})
    before = rows(app)
    refused(restore(client, small_backup()),
            "Your journal already has 2026. Choose “merge” to add the file's goals and "
            "check-ins to that year.", status=409)
    assert rows(app) == before


def test_merging_adds_goals_and_checkins_and_fills_only_empty_sections(app, client, auth):
    auth.register()
    client.post("/years/new", data={"number": "2026"})
    client.post("/years/2026/reflection/new-year",
                data={"tldr": "My own summary", "learned": "My own lesson"})
    client.post("/years/2026/goals/new", data={
        "title": "Read 12 books", "area_id": "1", "kind": "count", "count_target": "12",
        "start_date": "2026-01-01", "end_date": "2026-12-31"})
    client.post("/years/2026/checkins/new?kind=monthly", data={"on": "2026-01-31", "mood": "3"})
    mine = backup_of(client)["years"][0]

    response = restore(client, small_backup(), on_conflict="merge")
    assert response.status_code == 302
    merged = backup_of(client)
    assert [year["year"] for year in merged["years"]] == [2025, 2026]
    year = merged["years"][1]
    assert [goal["title"] for goal in year["goals"]] == [
        "Read 12 books", "Run twice a week", "Get promoted", "Publish 30 posts I enjoy"]
    assert [checkin["on"] for checkin in year["checkins"]] == [
        "2026-01-31", "2026-05-01", "2026-06-30"]
    assert len(year["progress_updates"]) == 3
    new_year = year["reflections"]["new_year"]
    assert (new_year["tldr"], new_year["learned"]) == ("My own summary", "My own lesson")
    assert (new_year["successes"], new_year["theme"]) == ("- Promoted", "depth")
    assert mine["reflections"]["new_year"]["theme"] == ""
    assert year["reflections"]["year_end"]["learned"] == "Small beats big."


def test_merging_raises_no_sqlalchemy_warning(app, client, auth):
    auth.register()
    client.post("/years/new", data={"number": "2026"})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        response = restore(client, small_backup(), on_conflict="merge")
    assert response.status_code == 302
    assert [str(warning.message) for warning in caught] == []


def test_merging_the_same_file_twice_is_refused_and_writes_nothing(app, client, auth):
    auth.register()
    assert restore(client, small_backup()).status_code == 302
    before = rows(app)
    refused(restore(client, small_backup(), on_conflict="merge"),
            "2025 already has a goal called “Publish 40 posts”: was this file restored before?",
            status=409)
    assert rows(app) == before


def test_merging_a_year_of_check_ins_only_twice_is_refused_and_writes_nothing(app, client,
                                                                             auth):
    auth.register()
    client.post("/years/new", data={"number": "2026"})
    document = small_backup()
    year = document["years"][1]
    year["goals"], year["progress_updates"] = [], []
    document["years"] = [year]
    assert restore(client, document, on_conflict="merge").status_code == 302
    before = rows(app)
    refused(restore(client, document, on_conflict="merge"),
            "2026 already has this check-in of 1 May: was this file restored before?",
            status=409)
    assert rows(app) == before
    # A check-in alike in date and kind but not in what it says is not a repeat.
    year["checkins"] = [{**year["checkins"][0], "mood": 3}]
    assert restore(client, document, on_conflict="merge").status_code == 302
    assert len(backup_of(client)["years"][0]["checkins"]) == 3


def test_an_account_without_years_takes_the_files_areas_exactly(app, client, auth):
    auth.register()
    client.post("/areas/", data={"name": "Reading", "color": "purple"})
    assert [name for name, _c, _p in areas_of(app, "ada@example.org")] == [
        "Career", "Writing", "Side products", "Reading"]
    assert restore(client, small_backup()).status_code == 302
    assert areas_of(app, "ada@example.org") == [("Career", "green", 0), ("Health", "sky", 1)]


def test_an_account_with_years_keeps_its_areas_and_matches_them_by_name(app, client, auth):
    auth.register()
    client.post("/years/new", data={"number": "2024"})
    assert restore(client, small_backup()).status_code == 302
    assert areas_of(app, "ada@example.org") == [
        ("Career", "blue", 0), ("Writing", "orange", 1), ("Side products", "green", 2),
        ("Health", "sky", 3)]
    document = backup_of(client)
    area_names = {area["key"]: area["name"] for area in document["areas"]}
    goal_areas = {goal["title"]: area_names[goal["area"]]
                  for year in document["years"] for goal in year["goals"]}
    assert goal_areas == {"Publish 40 posts": "Career", "Publish 30 posts I enjoy": "Career",
                          "Run twice a week": "Health", "Get promoted": "Career"}


def test_areas_are_matched_by_name_in_any_case_and_spacing(app, client, auth):
    # As the areas page tells names apart: a file's "  CAREER" is the account's Career.
    auth.register()
    client.post("/years/new", data={"number": "2024"})
    document = small_backup()
    document["areas"][0]["name"] = "  CAREER"
    assert restore(client, document).status_code == 302
    assert [name for name, _c, _p in areas_of(app, "ada@example.org")] == [
        "Career", "Writing", "Side products", "Health"]


# --- the import command --------------------------------------------------------------------


def test_import_command_restores_into_an_account(app, client, auth, runner, tmp_path):
    auth.register()
    path = tmp_path / "backup.json"
    path.write_bytes(encoded(small_backup()))
    result = runner.invoke(args=["import", "--email", "ADA@example.org", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (
        "Restored into ada@example.org: 2 years, 4 goals, 2 check-ins, 4 updates.")
    assert backup_of(client) == without_time(small_backup())


def test_import_command_merges_only_when_asked(app, client, auth, runner, tmp_path):
    auth.register()
    client.post("/years/new", data={"number": "2026"})
    path = tmp_path / "backup.json"
    path.write_bytes(encoded(small_backup()))
    before = rows(app)
    refused_run = runner.invoke(args=["import", "--email", "ada@example.org", str(path)])
    assert refused_run.exit_code != 0
    assert "Your journal already has 2026." in refused_run.output
    assert rows(app) == before
    merged = runner.invoke(args=["import", "--email", "ada@example.org", "--merge", str(path)])
    assert merged.exit_code == 0, merged.output
    assert len(backup_of(client)["years"][1]["goals"]) == 3


def test_import_command_refuses_a_bad_file_and_writes_nothing(app, auth, runner, tmp_path):
    auth.register()
    path = tmp_path / "backup.json"
    path.write_bytes(broken(put(f"{LAST_UPDATE}.value", "eight"))())
    before = rows(app)
    result = runner.invoke(args=["import", "--email", "ada@example.org", str(path)])
    assert result.exit_code != 0
    assert "Year 2026 › update 3: value should be a number. Nothing was restored." in (
        result.output)
    assert rows(app) == before


def test_import_command_refuses_an_unknown_email(app, runner, tmp_path):
    path = tmp_path / "backup.json"
    path.write_bytes(encoded(small_backup()))
    before = rows(app)
    result = runner.invoke(args=["import", "--email", "nobody@example.org", str(path)])
    assert result.exit_code != 0
    assert "No account with the email nobody@example.org." in result.output
    assert rows(app) == before


# --- who may restore -----------------------------------------------------------------------


def test_restoring_needs_login(app, client):
    second_user(app)
    before = rows(app)
    shown = client.get("/import/")
    assert shown.status_code == 302
    assert shown.headers["Location"].startswith("/login")
    response = restore(client, small_backup())
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    assert rows(app) == before


def test_the_restore_form_shows_its_fields(client, auth):
    auth.register()
    html = page(client, "/import/")
    assert 'enctype="multipart/form-data"' in html
    assert "Backup file" in html
    assert "If your journal already has a year that is in the file" in html
    assert "Stop, and restore nothing" in html


def test_restoring_without_a_csrf_token_is_refused(csrf_app):
    client = register_with_token(csrf_app)
    assert client.get("/import/").status_code == 200
    before = rows(csrf_app)
    response = restore(client, small_backup())
    assert response.status_code == 400
    assert "did not come from this site" in response.get_data(as_text=True)
    assert rows(csrf_app) == before
