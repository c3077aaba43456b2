"""The demo journal: created by a command, and every page and chart works on it."""

from __future__ import annotations

import re

import pytest
from helpers import app_in
from sqlalchemy import func, select

from journal.extensions import db
from journal.models import CheckIn, Goal, PlanRevision, ProgressUpdate, User, Year


@pytest.fixture
def app(tmp_path):
    with app_in(tmp_path, JOURNAL_TODAY="2026-11-22") as app:
        yield app


def run_demo(app) -> str:
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return re.search(r"password: (\S+)", result.output).group(1)


def test_demo_creates_two_years_of_journal_and_can_be_reset(app):
    run_demo(app)
    password = run_demo(app)  # a second run resets, it does not duplicate
    with app.app_context():
        assert db.session.execute(select(func.count()).select_from(User)).scalar_one() == 1
        assert db.session.execute(select(Year.number).order_by(Year.number)).scalars().all() == [
            2025, 2026]
        kinds = set(db.session.execute(select(Goal.kind)).scalars())
        assert kinds == {"count", "milestone", "habit", "limit"}
        assert db.session.execute(select(Goal).filter_by(status="dropped")).first()
        assert db.session.execute(select(PlanRevision).filter_by(version=2)).first()
        assert db.session.execute(select(CheckIn).filter_by(kind="mid_year")).first()
        updates = db.session.execute(select(func.count()).select_from(ProgressUpdate))
        assert updates.scalar_one() > 100
    assert len(password) >= 12


def test_every_page_and_chart_of_the_demo_works(app):
    password = run_demo(app)
    client = app.test_client()
    response = client.post("/login", data={"email": "demo@example.org", "password": password})
    assert response.status_code == 302
    with app.app_context():
        goal_ids = db.session.execute(select(Goal.id)).scalars().all()
        checkin_ids = db.session.execute(select(CheckIn.id)).scalars().all()
        area_ids = db.session.execute(select(Goal.area_id).distinct()).scalars().all()
    urls = ["/", "/years/", "/years/2025", "/years/2026", "/summary/", "/areas/",
            "/years/2025/chart.svg", "/years/2026/chart.svg", "/summary/chart.svg",
            "/export/backup.json", "/export/progress.csv", "/export/2025.md",
            "/export/2026.md", "/export/2025.zip", "/import/"]
    urls += [f"/goals/{goal_id}" for goal_id in goal_ids]
    urls += [f"/goals/{goal_id}/chart.svg" for goal_id in goal_ids]
    urls += [f"/checkins/{checkin_id}" for checkin_id in checkin_ids]
    urls += [f"/summary/areas/{area_id}/chart.svg" for area_id in area_ids]
    for url in urls:
        assert client.get(url).status_code == 200, url
    summary = client.get("/summary/").get_data(as_text=True)
    assert "find the topic" in summary and "finish things" in summary
