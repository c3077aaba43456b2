"""The account page: change password, delete account."""

from __future__ import annotations

from helpers import PASSWORD
from sqlalchemy import func, select

from journal.extensions import db
from journal.models import LoginSession, User

NEW_PASSWORD = "a brand new passphrase 2026"


def change(client, current=PASSWORD, new=NEW_PASSWORD, confirm=None):
    return client.post(
        "/account/password",
        data={"current_password": current, "new_password": new, "confirm": confirm or new},
    )


def test_account_page_needs_login(client):
    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Faccount"


def test_change_password_then_log_in_with_the_new_one(client, auth):
    auth.register()
    response = change(client)
    assert response.status_code == 302
    assert "Password changed" in client.get("/account").get_data(as_text=True)
    auth.logout()
    assert auth.login(password=PASSWORD).status_code == 401
    assert auth.login(password=NEW_PASSWORD).status_code == 302


def test_change_password_logs_out_other_devices_but_not_this_one(app, client, auth):
    auth.register()
    other_device = app.test_client()
    other_device.post("/login", data={"email": "ada@example.org", "password": PASSWORD})
    copied = app.test_client()
    copied.set_cookie("journal_session", client.get_cookie("journal_session").value)
    assert other_device.get("/account").status_code == 200
    assert copied.get("/account").status_code == 200

    assert change(client).status_code == 302
    assert client.get("/account").status_code == 200
    assert other_device.get("/account").status_code == 302
    assert copied.get("/account").status_code == 302  # the cookie from before the change


def test_change_password_bad_inputs_say_why(client, auth, app):
    auth.register()
    cases = [
        (dict(current="wrong current pw"), "That is not your current password."),
        (dict(new="short"), "Use at least 8 characters."),
        (dict(new="password1", confirm="password1"), "one of the most common passwords"),
        (dict(confirm="something else entirely"), "The two passwords differ."),
        (dict(current=""), "Enter your current password."),
    ]
    for kwargs, message in cases:
        response = change(client, **kwargs)
        assert response.status_code == 422, kwargs
        assert message in response.get_data(as_text=True), kwargs
    auth.logout()
    assert auth.login(password=PASSWORD).status_code == 302  # unchanged


def test_delete_account_removes_every_row_of_the_user(app, client, auth):
    auth.register(email="keep@example.org")
    auth.logout()
    auth.register(email="gone@example.org")
    response = client.post(
        "/account/delete", data={"password": PASSWORD, "confirm_text": "delete my journal"}
    )
    assert response.status_code == 302
    assert "have been deleted" in client.get("/").get_data(as_text=True)
    with app.app_context():
        emails = db.session.execute(select(User.email)).scalars().all()
        assert emails == ["keep@example.org"]
        sessions = db.session.execute(select(func.count()).select_from(LoginSession)).scalar_one()
        assert sessions == 0
    assert auth.login(email="gone@example.org").status_code == 401


def test_delete_account_needs_the_password_and_the_phrase(app, client, auth):
    auth.register()
    wrong_password = client.post(
        "/account/delete", data={"password": "not it at all", "confirm_text": "delete my journal"}
    )
    assert wrong_password.status_code == 422
    assert "That is not your password." in wrong_password.get_data(as_text=True)
    no_phrase = client.post("/account/delete", data={"password": PASSWORD, "confirm_text": "yes"})
    assert no_phrase.status_code == 422
    assert "Type exactly &#34;delete my journal&#34;" in no_phrase.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(select(func.count()).select_from(User)).scalar_one() == 1
