"""Exports: the versioned JSON backup, the progress CSV, and the export command."""

from __future__ import annotations

import csv
import io
import json

import pytest
from helpers import AuthActions, StatementCounter, app_in

from journal.extensions import db

MARKER = "canary-of-the-other-user"


@pytest.fixture
def app(tmp_path):
    with app_in(tmp_path, JOURNAL_TODAY="2026-07-01") as app:
        yield app


def journal_with_data(client, note="went fine", title="Publish 52 posts"):
    """A 2026 with a count goal, a habit, a revised plan, a check-in and a quick log."""
    client.post("/years/new", data={"number": "2026"})
    client.post("/years/2026/reflection/new-year", data={"tldr": "A quiet year", "theme": "depth"})
    base = {"start_date": "2026-01-01", "end_date": "2026-12-31", "cadence": "week",
            "direction": "at_least"}
    client.post("/years/2026/goals/new", data={**base, "title": title, "area_id": "2",
                                               "kind": "count", "count_target": "52",
                                               "count_unit": "posts"})
    goal_id = 1 if title == "Publish 52 posts" else None
    client.post("/years/2026/checkins/new?kind=mid-year",
                data={"on": "2026-06-30", "mood": "4", "went_well": "Interviews",
                      "g1_value": "20", "g1_enjoyment": "4", "g1_note": note})
    return goal_id


def other_user(app):
    """A second account whose every text carries MARKER."""
    client = app.test_client()
    AuthActions(client).register(email="other@example.org")
    client.post("/areas/", data={"name": MARKER, "color": "sky"})
    client.post("/years/new", data={"number": "2026"})
    client.post("/years/2026/goals/new", data={
        "title": MARKER, "area_id": "4", "kind": "count", "count_target": "3",
        "start_date": "2026-01-01", "end_date": "2026-12-31", "cadence": "week",
        "direction": "at_least", "why": MARKER})
    return client


def test_backup_is_a_versioned_attachment_with_every_row(app, client, auth):
    auth.register()
    journal_with_data(client)
    other_user(app)
    response = client.get("/export/backup.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="year-journal-backup-')
    text = response.get_data(as_text=True)
    assert MARKER not in text
    document = json.loads(text)
    assert (document["format"], document["version"]) == ("year-journal-backup", 1)
    assert [a["name"] for a in document["areas"]] == ["Career", "Writing", "Side products"]
    (year,) = document["years"]
    assert year["reflections"]["new_year"]["tldr"] == "A quiet year"
    (goal,) = year["goals"]
    assert goal["key"] == "g1" and goal["area"] == "a2"
    assert goal["plan_revisions"][0]["target"] == 52
    (checkin,) = year["checkins"]
    assert checkin["mood"] == 4 and checkin["went_well"] == "Interviews"
    (update,) = year["progress_updates"]
    assert update == {**update, "goal": "g1", "checkin": checkin["key"], "value": 20,
                      "enjoyment": 4, "note": "went fine"}


def test_backup_carries_no_database_ids(app, client, auth):
    other_user(app)  # so that this user's database ids are not simply 1, 2, 3
    auth.register()
    journal_with_data(client)

    def keys(value):
        if isinstance(value, dict):
            for key, inner in value.items():
                yield key
                yield from keys(inner)
        elif isinstance(value, list):
            for inner in value:
                yield from keys(inner)

    document = json.loads(client.get("/export/backup.json").data)
    names = set(keys(document))
    assert not {"id", "user_id", "goal_id", "year_id", "area_id", "checkin_id"} & names


def test_backup_runs_a_fixed_number_of_queries(app, client, auth):
    auth.register()
    journal_with_data(client)
    with app.app_context():
        engine = db.engine
    with StatementCounter(engine) as small:
        client.get("/export/backup.json")
    for n in range(8):
        client.post("/years/2026/goals/new", data={
            "title": f"Goal {n}", "area_id": "1", "kind": "count", "count_target": "5",
            "start_date": "2026-01-01", "end_date": "2026-12-31", "cadence": "week",
            "direction": "at_least"})
        client.post(f"/goals/{n + 2}/log", data={"amount": "1"})
    with StatementCounter(engine) as large:
        client.get("/export/backup.json")
    assert small.count == large.count


@pytest.mark.parametrize("note", ["=HYPERLINK(\"https://evil.example\")", "+1+1", "-2+3",
                                  "@SUM(A1:A2)", "\t=1+1"])
def test_csv_neutralizes_formulas(client, auth, note):
    auth.register()
    journal_with_data(client, note=note)
    response = client.get("/export/progress.csv")
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    (row,) = rows
    assert row["note"] == "'" + note.strip()  # notes are stored trimmed
    assert row["value"] == "20"  # numbers stay numbers
    assert row["planned"] == "25.79"  # 52 * 181 / 365 at the end of June 30
    assert (row["year"], row["area"], row["goal"], row["kind"], row["date"]) == (
        "2026", "Writing", "Publish 52 posts", "count", "2026-06-30")


def test_csv_plans_each_update_as_planned_on_its_day(client, auth):
    auth.register()
    journal_with_data(client)
    assert client.post("/goals/1/plan", data={"revised_on": "2026-07-01", "reason": "Less.",
                                              "count_target": "20"}).status_code == 302
    assert client.post("/goals/1/log", data={"amount": "1"}).status_code == 302  # 1 July
    text = client.get("/export/progress.csv").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(row["date"], row["planned"]) for row in rows] == [
        ("2026-06-30", "25.79"),  # under the plan of 52, as the goal page's history says
        ("2026-07-01", "9.97"),  # 20 * 182 / 365
    ]


def test_csv_of_one_user_has_nothing_of_another(app, client, auth):
    auth.register()
    journal_with_data(client)
    other = other_user(app)
    other.post("/goals/2/log", data={"amount": "1"})
    text = client.get("/export/progress.csv").get_data(as_text=True)
    assert MARKER not in text
    assert len(text.strip().splitlines()) == 2  # header and this user's one update


def test_exports_need_login(client):
    for url in ("/export/backup.json", "/export/progress.csv"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login")


def test_export_command_writes_the_same_backup(app, client, auth, tmp_path):
    auth.register()
    journal_with_data(client)
    out = tmp_path / "backup.json"
    result = app.test_cli_runner().invoke(
        args=["export", "--email", "ADA@example.org", "--out", str(out)])
    assert result.exit_code == 0, result.output
    from_command = json.loads(out.read_text())
    from_web = json.loads(client.get("/export/backup.json").data)
    from_command.pop("exported_at")
    from_web.pop("exported_at")
    assert from_command == from_web


def test_export_command_refuses_an_unknown_email(app, tmp_path):
    result = app.test_cli_runner().invoke(
        args=["export", "--email", "nobody@example.org", "--out", str(tmp_path / "x.json")])
    assert result.exit_code != 0
    assert "No account with the email nobody@example.org." in result.output
    assert not (tmp_path / "x.json").exists()
