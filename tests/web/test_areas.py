"""Areas (/areas/): the list, adding, editing, reordering, archiving, restoring, deleting."""

from __future__ import annotations

import re
from html import unescape

import pytest
from helpers import app_in
from pages import error_beside, flashes, page
from sqlalchemy import func, select

from journal.extensions import db
from journal.models import Area, Goal

CAREER, WRITING, SIDE_PRODUCTS = 1, 2, 3  # the first user's default areas
DEFAULTS = ["Career", "Writing", "Side products"]


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


def active_areas(html: str) -> list[str]:
    """Names in the list of active areas, in the order shown."""
    match = re.search(r'<ol class="area-list">(.*?)</ol>', html, re.S)
    return _names(match.group(1)) if match else []


def archived_areas(html: str) -> list[str]:
    """Names listed under the "Archived" heading."""
    match = re.search(r'<h3>Archived</h3>\s*<ul class="area-list">(.*?)</ul>', html, re.S)
    return _names(match.group(1)) if match else []


def _names(fragment: str) -> list[str]:
    names = re.findall(r'<span class="area-name">(.*?)</span>', fragment)
    return [unescape(name) for name in names]


def input_value(html: str, field_id: str) -> str | None:
    tag = re.search(rf'<input [^>]*\bid="{re.escape(field_id)}"[^>]*>', html)
    assert tag, f"no input #{field_id}"
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return unescape(value.group(1)) if value else None


def checked_color(html: str) -> str | None:
    match = re.search(r'<input checked id="color-\d+" name="color"[^>]*value="([^"]+)"', html)
    return match.group(1) if match else None


def area_choices(client, year=2026) -> list[str]:
    """The area names the new-goal form offers."""
    html = page(client, f"/years/{year}/goals/new")
    select_tag = re.search(r'<select [^>]*id="area_id".*?</select>', html, re.S).group(0)
    return [unescape(name) for name in re.findall(r"<option[^>]*>(.*?)</option>", select_tag)]


# --- writing -------------------------------------------------------------------------------


def add_area(client, name="Health", color="purple"):
    return client.post("/areas/", data={"name": name, "color": color})


def edit_area(client, area_id, name, color):
    return client.post(f"/areas/{area_id}/edit", data={"name": name, "color": color})


def move_area(client, area_id, direction):
    return client.post(f"/areas/{area_id}/move", data={"direction": direction})


def start_year(client, number=2026):
    assert client.post("/years/new", data={"number": str(number)}).status_code == 302


def add_goal(client, area_id, title="Publish 40 posts", year=2026):
    response = client.post(
        f"/years/{year}/goals/new",
        data={
            "title": title,
            "area_id": str(area_id),
            "kind": "count",
            "count_target": "40",
            "count_unit": "posts",
            "start_date": f"{year}-01-01",
            "end_date": f"{year}-12-31",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)


def areas_in_db(app) -> list[tuple[str, str, int, bool]]:
    with app.app_context():
        rows = db.session.execute(select(Area).order_by(Area.id)).scalars()
        return [(a.name, a.color, a.position, a.archived) for a in rows]


def area_count(app) -> int:
    with app.app_context():
        return db.session.execute(select(func.count(Area.id))).scalar_one()


# --- tests ---------------------------------------------------------------------------------


def test_areas_need_login(client):
    response = client.get("/areas/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_list_shows_the_three_default_areas(client, user):
    html = page(client, "/areas/")
    assert active_areas(html) == DEFAULTS
    assert archived_areas(html) == []
    assert "0 goals" in html


def test_add_an_area(app, client, user):
    response = add_area(client, name="  Health  ", color="purple")
    assert response.status_code == 302
    assert response.headers["Location"] == "/areas/"
    html = page(client, "/areas/")
    assert "Area added." in flashes(html)
    assert active_areas(html) == [*DEFAULTS, "Health"]
    assert areas_in_db(app)[-1] == ("Health", "purple", 3, False)


def test_add_form_offers_an_unused_color(client, user):
    # Career, Writing and Side products use blue, orange and green.
    assert checked_color(page(client, "/areas/")) == "vermilion"


@pytest.mark.parametrize(
    ("name", "color", "field", "message"),
    [
        ("", "purple", "name", "Give the area a name, like Health or Learning."),
        ("   ", "purple", "name", "Give the area a name, like Health or Learning."),
        ("H" * 61, "purple", "name", "An area name has at most 60 characters."),
        ("wRiTiNg", "purple", "name", "You already have an area with this name."),
        # A backup keeps names single-spaced: two names that differ in spacing are one.
        ("Side  products", "purple", "name", "You already have an area with this name."),
        ("Health", "magenta", "color", "Not a valid choice."),
        ("Health", "", "color", "Choose a color."),
    ],
    ids=["empty", "blank", "61-chars", "duplicate-other-case", "duplicate-other-spacing",
         "unknown-color", "no-color"],
)
def test_add_bad_input_is_refused_beside_the_field(app, client, user, name, color, field, message):
    response = add_area(client, name=name, color=color)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in (error_beside(html, field) or "")
    assert input_value(html, "name") == name  # what was typed stays in the form
    assert area_count(app) == 3
    assert active_areas(html) == DEFAULTS


def test_a_name_is_kept_with_its_words_one_space_apart(app, client, user):
    assert add_area(client, name=" Deep \t  work ", color="purple").status_code == 302
    assert areas_in_db(app)[-1][0] == "Deep work"
    assert edit_area(client, CAREER, name="Day   job", color="blue").status_code == 302
    assert areas_in_db(app)[0][0] == "Day job"


def test_a_name_of_exactly_60_characters_is_accepted(app, client, user):
    assert add_area(client, name="H" * 60).status_code == 302
    assert area_count(app) == 4


def test_edit_renames_and_recolors(app, client, user):
    html = page(client, f"/areas/{CAREER}/edit")
    assert input_value(html, "name") == "Career"
    assert checked_color(html) == "blue"

    response = edit_area(client, CAREER, name="Work", color="sky")
    assert response.status_code == 302
    html = page(client, "/areas/")
    assert "Area saved." in flashes(html)
    assert active_areas(html) == ["Work", "Writing", "Side products"]
    assert areas_in_db(app)[0] == ("Work", "sky", 0, False)


def test_edit_may_keep_its_own_name_in_another_case(app, client, user):
    assert edit_area(client, CAREER, name="CAREER", color="blue").status_code == 302
    assert areas_in_db(app)[0][0] == "CAREER"


def test_edit_to_another_areas_name_is_refused(app, client, user):
    response = edit_area(client, CAREER, name="writing", color="sky")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert error_beside(html, "name") == "You already have an area with this name."
    assert input_value(html, "name") == "writing"
    assert areas_in_db(app)[0] == ("Career", "blue", 0, False)


def test_edit_another_users_area_is_not_found(app, client, user):
    other = app.test_client()
    other.post(
        "/register",
        data={
            "email": "bob@example.org",
            "password": "another long passphrase",
            "confirm": "another long passphrase",
        },
    )
    assert other.get(f"/areas/{CAREER}/edit").status_code == 404
    assert edit_area(other, CAREER, name="Mine now", color="grey").status_code == 404
    assert other.post(f"/areas/{CAREER}/archive").status_code == 404
    assert other.post(f"/areas/{CAREER}/delete").status_code == 404
    assert areas_in_db(app)[0] == ("Career", "blue", 0, False)


def test_move_up_and_down_changes_the_order_shown(client, user):
    assert move_area(client, SIDE_PRODUCTS, "up").status_code == 302
    assert active_areas(page(client, "/areas/")) == ["Career", "Side products", "Writing"]

    assert move_area(client, CAREER, "down").status_code == 302
    assert active_areas(page(client, "/areas/")) == ["Side products", "Career", "Writing"]

    # Past either end nothing moves; an unknown direction changes nothing.
    move_area(client, SIDE_PRODUCTS, "up")
    move_area(client, WRITING, "down")
    move_area(client, CAREER, "sideways")
    assert active_areas(page(client, "/areas/")) == ["Side products", "Career", "Writing"]


def test_move_order_is_used_by_the_goal_form(client, user):
    start_year(client)
    move_area(client, WRITING, "up")
    assert area_choices(client) == ["Writing", "Career", "Side products"]


def test_archive_hides_the_area_from_goal_choices_and_lists_it_as_archived(app, client, user):
    start_year(client)
    response = client.post(f"/areas/{WRITING}/archive")
    assert response.status_code == 302
    html = page(client, "/areas/")
    assert "Area archived. Its goals stay in their years." in flashes(html)
    assert active_areas(html) == ["Career", "Side products"]
    assert archived_areas(html) == ["Writing"]
    assert area_choices(client) == ["Career", "Side products"]
    assert areas_in_db(app)[1][3] is True


def test_restore_brings_an_archived_area_back(app, client, user):
    start_year(client)
    client.post(f"/areas/{CAREER}/archive")
    response = client.post(f"/areas/{CAREER}/restore")
    assert response.status_code == 302
    html = page(client, "/areas/")
    assert "Area restored." in flashes(html)
    assert archived_areas(html) == []
    assert active_areas(html) == ["Writing", "Side products", "Career"]  # back at the end
    assert "Career" in area_choices(client)
    assert areas_in_db(app)[0][3] is False


def test_delete_an_empty_area_asks_first_then_deletes(app, client, user):
    response = client.get(f"/areas/{SIDE_PRODUCTS}/delete")
    assert response.status_code == 200
    assert "Delete the area “Side products”?" in response.get_data(as_text=True)
    assert area_count(app) == 3  # asking deletes nothing

    response = client.post(f"/areas/{SIDE_PRODUCTS}/delete")
    assert response.status_code == 302
    html = page(client, "/areas/")
    assert "Area deleted." in flashes(html)
    assert active_areas(html) == ["Career", "Writing"]
    assert [row[0] for row in areas_in_db(app)] == ["Career", "Writing"]


def test_delete_of_an_area_with_a_goal_is_refused(app, client, user):
    start_year(client)
    add_goal(client, CAREER)
    html = page(client, "/areas/")
    assert "1 goal" in html
    assert f'href="/areas/{CAREER}/delete"' not in html  # no Delete link for it

    for send in (client.get, client.post):
        response = send(f"/areas/{CAREER}/delete")
        assert response.status_code == 302
        assert response.headers["Location"] == "/areas/"
        html = page(client, "/areas/")
        assert (
            "This area has 1 goal, so it cannot be deleted. Archive it instead: it leaves your "
            "lists, its goals stay." in flashes(html)
        )
    assert area_count(app) == 3
    with app.app_context():
        assert db.session.execute(select(func.count(Goal.id))).scalar_one() == 1


def test_a_goal_in_an_archived_area_still_shows_on_the_year_page(app, client, user):
    start_year(client)
    add_goal(client, WRITING, title="Publish 40 posts")
    client.post(f"/areas/{WRITING}/archive")

    html = page(client, "/years/2026")
    assert re.search(r'<h3 class="area-heading">.*?Writing', html, re.S)
    assert "Publish 40 posts" in html
    # Its edit form keeps the archived area, so saving does not move the goal elsewhere.
    with app.app_context():
        goal_id = db.session.execute(select(Goal.id)).scalar_one()
    edit_html = page(client, f"/goals/{goal_id}/edit")
    assert re.search(r'<option selected value="2">Writing</option>', edit_html)
