"""Error pages: every code in the site's layout, with no traceback, path or SQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import make_failing_app

import journal
from journal.extensions import db

# Markers of a leaked traceback: its header, frames, SQL, library names, this checkout's path.
LEAKS = ("Traceback", 'File "', ".py", "SELECT", "sqlalchemy", "werkzeug", "site-packages",
         str(Path(journal.__file__).resolve().parent.parent))


@pytest.fixture
def failing_app(tmp_path):
    return make_failing_app(tmp_path)


def assert_no_leak(page: str) -> None:
    for leak in LEAKS:
        assert leak not in page, f"error page leaks {leak!r}"


@pytest.mark.parametrize("code", [400, 403, 404, 405, 413, 429, 500])
def test_each_error_page_uses_the_layout_without_leaks(failing_app, code):
    response = failing_app.test_client().get(f"/test-abort/{code}")
    assert response.status_code == code
    page = response.get_data(as_text=True)
    assert f"Error {code}" in page
    assert "Year Journal" in page  # the shared layout
    assert_no_leak(page)


def test_unexpected_exception_answers_500_without_traceback(failing_app, caplog):
    response = failing_app.test_client().get("/test-crash")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Something went wrong" in page
    assert_no_leak(page)
    assert "table_that_does_not_exist" not in page
    # The details go to the log for whoever runs the server.
    assert "table_that_does_not_exist" in caplog.text


def test_unknown_url_is_404_in_layout(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_wrong_method_is_405_with_allow_header(client):
    response = client.get("/logout")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]


def test_body_over_the_limit_answers_413_and_saves_nothing(failing_app):
    client = failing_app.test_client()
    response = client.post(
        "/register",
        data={"email": "a@example.org", "password": "x" * 5000, "confirm": "x" * 5000},
    )
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "Too large" in page
    assert_no_leak(page)
    from journal.models import User

    with failing_app.app_context():
        assert db.session.query(User).count() == 0
