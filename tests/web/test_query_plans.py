"""The hot paths reach their rows through the index that fits their query.

Nobody runs ANALYZE on a journal's SQLite file, so SQLite plans without statistics: between
an index on the owner and one on the goal or the year it picks by their order in the schema,
and a batch migration recreates a table's indexes in an order that changes from run to run.
Picking the owner's reads every update of every year the user has kept (and sorts them)
although the page shows one goal. That costs nothing in a test journal and grows with every
year in a real one, so the rule is checked on the plans (EXPLAIN QUERY PLAN of each statement
with its parameters): a query that names a goal or a year must not read its table through the
owner's index alone."""

from __future__ import annotations

import re

import pytest
from flask_migrate import upgrade
from helpers import StatementCounter, app_in, clear_worker_caches
from journals import A_EMAIL, TODAY, YEAR, build_journal

from journal.cli import init_migrations
from journal.extensions import db

# A plan line that reads a table through an index on its owner alone.
OWNER_ONLY = re.compile(r"SEARCH (\w+) USING (?:COVERING )?INDEX \w+ \(user_id=\?\)")


def narrower(table: str) -> re.Pattern:
    """A condition on `table` that asks about given goals, years or check-ins."""
    return re.compile(rf"\b{table}\.(goal_id|year_id|checkin_id) (= \?|IN \()")


# Each page, chart and write a user meets daily; "{goal}" is the journal's count goal.
HOT_REQUESTS = {
    "dashboard": ("GET", "/", None),
    "year page": ("GET", f"/years/{YEAR}", None),
    "goal page": ("GET", "/goals/{goal}", None),
    "summary page": ("GET", "/summary/", None),
    "goal chart": ("GET", "/goals/{goal}/chart.svg", None),
    "year board": ("GET", f"/years/{YEAR}/chart.svg", None),
    "summary chart": ("GET", "/summary/chart.svg", None),
    "check-in form": ("GET", f"/years/{YEAR}/checkins/new?kind=monthly", None),
    "quick log": ("POST", "/goals/{goal}/log", {"amount": "1"}),
    "check-in": ("POST", f"/years/{YEAR}/checkins/new?kind=monthly",
                 {"on": TODAY, "mood": "4", "went_well": "Mornings.", "g{goal}_value": "3"}),
}


def send(journal_site, name: str) -> StatementCounter:
    """Make the request `name` of HOT_REQUESTS; return the statements it ran."""
    app, client, goal = journal_site
    method, path, form = HOT_REQUESTS[name]
    form = {key.format(goal=goal): value for key, value in (form or {}).items()}
    with app.app_context():
        engine = db.engine
    with StatementCounter(engine) as counter:
        response = client.open(path.format(goal=goal), method=method, data=form)
    assert response.status_code == (302 if method == "POST" else 200)
    return counter


@pytest.fixture(scope="module")
def journal_site(tmp_path_factory):
    """A full journal (one goal of each kind, updates, a check-in) and its count goal, in a
    database made by the migrations: the planner's choices depend on the schema's order."""
    folder = tmp_path_factory.mktemp("plans")
    with app_in(folder, create_tables=False, JOURNAL_TODAY=TODAY) as app:
        init_migrations(app)
        with app.app_context():
            upgrade()
        client = app.test_client()
        built = build_journal(app, client, A_EMAIL, YEAR, full=True)
        kinds = {form["kind"]: goal_id for goal_id, form in built["goal_forms"].items()}
        yield app, client, kinds["count"]


def plans(app, counter: StatementCounter) -> list[tuple[str, list[str]]]:
    """Each SELECT the counter saw, with the lines of its query plan."""
    found = []
    with app.app_context():
        connection = db.session.connection()
        for statement, parameters in zip(counter.statements, counter.parameters, strict=True):
            if statement.lstrip().startswith("SELECT"):
                rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
                found.append((statement, [row[3] for row in rows]))
        db.session.rollback()
    return found


def owner_only_reads(found: list[tuple[str, list[str]]]) -> list[str]:
    """The plans that read a table through its owner index although the query is narrower."""
    return [
        f"{' '.join(statement.split())[:160]}... -> {line}"
        for statement, lines in found
        for line in lines
        if (owner_read := OWNER_ONLY.search(line))
        and narrower(owner_read.group(1)).search(statement)
    ]


def test_the_rule_sees_a_query_read_through_the_owner_index():
    statement = "SELECT goal.id FROM goal WHERE goal.user_id = ? AND goal.year_id = ?"
    assert owner_only_reads([(statement, ["SEARCH goal USING INDEX ix_goal_user_id (user_id=?)"])])
    assert not owner_only_reads([(statement, ["SEARCH goal USING INDEX ix_x (year_id=?)"])])
    # A join on a year is not a question about one year: the user's years are all wanted.
    years = ("SELECT journal_year.id, (SELECT count(goal.id) FROM goal WHERE goal.year_id = "
             "journal_year.id) FROM journal_year WHERE journal_year.user_id = ?")
    assert not owner_only_reads([(years, ["SEARCH journal_year USING INDEX uq (user_id=?)"])])


@pytest.mark.parametrize("name", HOT_REQUESTS)
def test_hot_queries_do_not_read_every_year_of_the_owner(journal_site, name):
    clear_worker_caches()  # build the page, not a cached copy
    counter = send(journal_site, name)
    found = plans(journal_site[0], counter)
    assert found, f"{name} ran no SELECT"
    assert owner_only_reads(found) == []


def test_the_quick_logs_latest_total_is_one_row_of_one_goals_index(journal_site):
    clear_worker_caches()  # the login is looked up too
    counter = send(journal_site, "quick log")
    # The login, the goal with its year, the latest total, the new row, the data version.
    assert counter.count == 5, counter.statements
    latest = [lines for statement, lines in plans(journal_site[0], counter)
              if "FROM progress_update" in statement and "LIMIT" in statement]
    assert len(latest) == 1
    assert len(latest[0]) == 1, latest  # one search, no sort
    assert "USING INDEX ix_progress_update_goal_id_on (goal_id=? AND" in latest[0][0]


@pytest.mark.parametrize("name", ["check-in form", "check-in"])
def test_a_check_in_reads_one_total_per_goal_from_the_goals_index(journal_site, name):
    # The form shows each goal's last value and a save compares each total with the one
    # before it: one row per goal, however many updates the goal has had this year.
    counter = send(journal_site, name)
    latest = [lines for statement, lines in plans(journal_site[0], counter)
              if "IN (SELECT (SELECT progress_update.id" in statement]
    assert len(latest) == 1, counter.statements
    assert any(line.startswith("SEARCH progress_update USING INDEX "
                               "ix_progress_update_goal_id_on (goal_id=?")
               for line in latest[0]), latest
    assert not any("TEMP B-TREE" in line for line in latest[0]), latest
    # ... and each such update is fetched by its id, not found among all the owner's.
    assert not any(OWNER_ONLY.search(line) for line in latest[0]), latest
