"""The year-in-review post: the Markdown draft, the zip with its charts, private goals."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from xml.etree import ElementTree

import pytest
from helpers import StatementCounter, app_in, new_goal, second_user
from sqlalchemy import select

from journal.demo import DEMO_EMAIL, create_demo
from journal.domain.review import anchor
from journal.extensions import db
from journal.models import Area, Goal, Year

TODAY = "2026-11-29"


@pytest.fixture
def app(tmp_path):
    with app_in(tmp_path, JOURNAL_TODAY=TODAY) as app:
        yield app


@pytest.fixture
def demo(app):
    """The demo journal, logged in."""
    with app.app_context():
        password = create_demo(date.fromisoformat(TODAY))
    client = app.test_client()
    assert client.post("/login", data={"email": DEMO_EMAIL, "password": password}).status_code \
        == 302
    return client


def goals_of(app, number: int) -> list[tuple[int, str, int]]:
    with app.app_context():
        rows = db.session.execute(
            select(Goal.id, Goal.title, Goal.area_id).join(Year).where(Year.number == number)
            .order_by(Goal.id)
        ).all()
    return [tuple(row) for row in rows]


def make_private(client, goal_id: int) -> None:
    form = client.get(f"/goals/{goal_id}/edit").get_data(as_text=True)
    data = {name: value for name, value in re.findall(
        r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"', form)}
    data.update({name: text for name, text in re.findall(
        r'<textarea[^>]*name="(\w+)"[^>]*>\s*(.*?)</textarea>', form, re.S)})
    data.update({name: value for name, value in re.findall(
        r'<select[^>]*name="(\w+)".*?<option selected value="([^"]*)"', form, re.S)})
    data.update({name: value for name, value in re.findall(
        r'<select[^>]*name="(\w+)".*?<option[^>]*value="([^"]*)" selected', form, re.S)})
    data["private"] = "y"
    response = client.post(f"/goals/{goal_id}/edit", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]


def test_the_post_is_a_markdown_attachment_in_the_shape_of_such_posts(demo):
    response = demo.get("/export/2025.md")
    assert response.status_code == 200
    assert response.mimetype == "text/markdown"
    assert response.headers["Content-Disposition"] == 'attachment; filename="2025-in-review.md"'
    post = response.get_data(as_text=True)
    assert post.startswith("# My 2025 in review\n")
    assert "**TL;DR:** Found what I want to write about" in post
    headings = re.findall(r"^#{2,3} (.+)$", post, re.M)
    assert headings[:2] == ["Contents", "What happened"]
    assert {"Plan against reality", "What I learned", "Looking ahead to 2026"} <= set(headings)
    # Every entry of the table of contents leads to a heading of the post.
    targets = re.findall(r"^\s*- \[[^\]]+\]\(#([^)]+)\)$", post, re.M)
    assert len(targets) >= 6
    assert set(targets) <= {anchor(heading) for heading in headings}
    # The year-end reflection and next year's intentions are the user's own words.
    assert "Interviews make the writing easy and the writing worth it." in post
    assert "My word for 2026: *finish things*." in post


def test_every_public_goal_appears_with_plan_against_actual(app, demo):
    post = demo.get("/export/2025.md").get_data(as_text=True)
    goals = goals_of(app, 2025)
    assert goals
    for _goal_id, title, _area in goals:
        assert f"**{title}**:" in post
        assert re.search(rf"^\| {re.escape(title)} \| [^|]+ \| [^|]+ \| \d+% \| [^|]+ \|$",
                         post, re.M), title
    assert "**Publish 48 posts**: 46 of 48 posts (96%), behind." in post


def test_a_revised_plan_is_told_with_the_original_beside_it(demo):
    post = demo.get("/export/2026.md").get_data(as_text=True)
    line = next(line for line in post.splitlines() if line.startswith("**Publish 40 posts"))
    assert line.startswith("**Publish 40 posts I enjoy**: 32 of 32 posts so far (100%); ")
    assert "The plan went from 40 posts to 32 posts on " in line


def test_private_goals_and_areas_never_appear(app, demo):
    goals = goals_of(app, 2026)
    hidden_goal = goals[0]
    make_private(demo, hidden_goal[0])
    with app.app_context():
        area = db.session.get(Area, goals[-1][2])
        hidden_area = (area.id, area.name)
        color = area.color
    response = demo.post(f"/areas/{hidden_area[0]}/edit",
                         data={"name": hidden_area[1], "color": color, "private": "y"})
    assert response.status_code == 302
    hidden = {hidden_goal[1]} | {title for _id, title, area in goals if area == hidden_area[0]}
    shown = {title for _id, title, _area in goals} - hidden
    assert hidden and shown

    post = demo.get("/export/2026.md").get_data(as_text=True)
    archive = zipfile.ZipFile(io.BytesIO(demo.get("/export/2026.zip").data))
    everything = post + "".join(archive.read(name).decode() for name in archive.namelist())
    for title in hidden:
        assert title not in everything
    assert f"### {hidden_area[1]}" not in post
    for title in shown:
        assert f"**{title}**" in post
    # The year page says which are private; the post of the year before is untouched.
    assert "Private" in demo.get(f"/goals/{hidden_goal[0]}").get_data(as_text=True)
    # Next year's goals listed in 2025's post are public ones only.
    earlier = demo.get("/export/2025.md").get_data(as_text=True)
    for title in hidden:
        assert f"- {title}" not in earlier


def test_the_zip_holds_the_post_and_every_chart_it_links(demo):
    response = demo.get("/export/2025.zip")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"] == 'attachment; filename="2025-in-review.zip"'
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = set(archive.namelist())
    assert "2025-in-review/2025-in-review.md" in names
    post = archive.read("2025-in-review/2025-in-review.md").decode()
    assert post == demo.get("/export/2025.md").get_data(as_text=True)
    linked = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", post)
    assert "charts/year-2025.svg" in linked
    assert len(linked) == len(set(linked)) >= 4
    for path in linked:
        svg = archive.read(f"2025-in-review/{path}")
        root = ElementTree.fromstring(svg)  # noqa: S314 (the app's own chart)
        assert root.find("{http://www.w3.org/2000/svg}title").text
    assert names == {"2025-in-review/2025-in-review.md"} | {
        f"2025-in-review/{path}" for path in linked}


def test_a_year_with_nothing_yet_still_gives_a_post(app, client, auth):
    auth.register()
    client.post("/years/new", data={"number": "2026"})
    post = client.get("/export/2026.md").get_data(as_text=True)
    assert post.startswith("# My 2026 in review\n")
    assert "No goals to show for 2026." in post
    assert "*A draft written on 29 Nov 2026, before the year is over.*" in post
    archive = zipfile.ZipFile(io.BytesIO(client.get("/export/2026.zip").data))
    assert "2026-in-review/charts/year-2026.svg" in archive.namelist()


def test_a_pipe_in_a_title_does_not_break_the_table(app, client, auth):
    auth.register()
    client.post("/years/new", data={"number": "2026"})
    response = client.post("/years/2026/goals/new", data={
        "title": "Read | write", "area_id": "1", "kind": "count", "count_target": "10",
        "count_unit": "books", "start_date": "2026-01-01", "end_date": "2026-12-31"})
    assert response.status_code == 302
    post = client.get("/export/2026.md").get_data(as_text=True)
    assert "| Read \\| write | Career | 10 books | 0% | at risk |" in post


def test_another_users_year_is_not_found(app, demo):
    other = second_user(app, start_year=2025)
    for url in ("/export/2026.md", "/export/2026.zip", "/export/1999.md"):
        assert other.get(url).status_code == 404, url
    post = other.get("/export/2025.md").get_data(as_text=True)
    assert "Publish 48 posts" not in post


def test_the_post_needs_a_login(client):
    for url in ("/export/2025.md", "/export/2025.zip"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]


def test_queries_do_not_grow_with_goals(app, client, auth):
    auth.register()
    client.post("/years/new", data={"number": "2026"})
    counts = []
    for goals in (1, 12):
        with app.app_context():
            year = db.session.execute(select(Year).filter_by(number=2026)).scalar_one()
            existing = len(year.goals)
            for index in range(existing, goals):
                new_goal(year, 1 + index % 3, f"Goal {index}", "count", 10)
            db.session.commit()
            engine = db.engine
        with StatementCounter(engine) as counter:
            assert client.get("/export/2026.md").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts
