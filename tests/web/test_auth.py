"""Accounts through the web: register, log in, log out, throttling, redirects."""

from __future__ import annotations

from datetime import timedelta

import pytest
from helpers import PASSWORD, make_app
from sqlalchemy import func, select

from journal import clock
from journal.extensions import db
from journal.models import LoginFailure, LoginSession, User


def count(app, model) -> int:
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(model)).scalar_one()


# --- register -------------------------------------------------------------------------


def test_register_logs_in_and_shows_dashboard(client, auth, app):
    response = auth.register(email="Ada@Example.org")
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "Your journal" in page
    assert "ada@example.org" in page  # stored normalized, shown in the navigation
    with app.app_context():
        user = db.session.execute(select(User)).scalar_one()
        assert user.password_hash.startswith("$argon2id$")
        assert PASSWORD not in user.password_hash


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "", "password": "", "confirm": ""}, "email", "Enter your email address."),
        ({"email": "", "password": "", "confirm": ""}, "password", "Choose a password."),
        ({"email": "not-an-email", "password": PASSWORD, "confirm": PASSWORD}, "email",
         "Enter an email address like name@example.org."),
        ({"email": "a@example.org", "password": PASSWORD, "confirm": PASSWORD + "x"}, "confirm",
         "The two passwords differ."),
        ({"email": "a@example.org", "password": "short", "confirm": "short"}, "password",
         "Use at least 8 characters."),
        ({"email": "a@example.org", "password": "Password123", "confirm": "Password123"},
         "password", "one of the most common passwords"),
        ({"email": "a@example.org", "password": "x" * 1025, "confirm": "x" * 1025}, "password",
         "Use at most 1024 characters."),
        ({"email": "a" * 250 + "@example.org", "password": PASSWORD, "confirm": PASSWORD},
         "email", "at most 254 characters"),
    ],
)
def test_register_rejects_bad_input_beside_the_field(client, app, data, field, message):
    response = client.post("/register", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page
    error_text = page.split(f'id="{field}-error">', 1)[1].split("</p>", 1)[0]
    assert message in error_text
    # What was typed in the email field is kept.
    if data["email"]:
        assert f'value="{data["email"]}"' in page
    assert count(app, User) == 0


def test_register_accepts_any_unicode_and_long_passwords(client, auth):
    passphrase = "мой дневник 日記 🗓️ " * 8  # 128+ characters, no composition rules
    assert auth.register(email="u@example.org", password=passphrase).status_code == 302
    auth.logout()
    assert auth.login(email="u@example.org", password=passphrase).status_code == 302


def test_register_refuses_duplicate_email_in_another_case(client, auth, app):
    auth.register(email="ada@example.org")
    auth.logout()
    response = auth.register(email="ADA@Example.ORG")
    assert response.status_code == 422
    assert "already exists" in response.get_data(as_text=True)
    assert count(app, User) == 1


# --- log in ---------------------------------------------------------------------------


def test_login_is_case_insensitive_on_email(auth, client):
    auth.register(email="ada@example.org")
    auth.logout()
    assert auth.login(email="  ADA@example.org ").status_code == 302
    assert "Your journal" in client.get("/").get_data(as_text=True)


def test_unknown_email_and_wrong_password_answer_the_same(auth):
    auth.register(email="ada@example.org")
    auth.logout()
    wrong_password = auth.login(email="ada@example.org", password="not my password at all")
    unknown_email = auth.login(email="nobody@example.org", password="not my password at all")
    assert wrong_password.status_code == unknown_email.status_code == 401
    message = "That email and password do not match an account."
    assert message in wrong_password.get_data(as_text=True)
    assert message in unknown_email.get_data(as_text=True)


def test_login_with_empty_fields_says_what_is_missing(client):
    response = client.post("/login", data={"email": "", "password": ""})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Enter your email address." in page
    assert "Enter your password." in page


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/account", "/account"),
        ("https://evil.example/", "/"),
        ("//evil.example/path", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
    ],
)
def test_next_only_redirects_within_the_site(auth, next_url, expected):
    auth.register()
    auth.logout()
    response = auth.login(query_string={"next": next_url})
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_session_is_rotated_at_login(client, auth):
    client.get("/login")
    before = client.get_cookie("journal_session")
    auth.register()
    auth.logout()
    auth.login()
    after = client.get_cookie("journal_session")
    assert after is not None
    assert before is None or before.value != after.value


# --- log out ends the session for real ----------------------------------------------------


def test_copied_session_cookie_does_not_work_after_logout(app, client, auth):
    auth.register()
    stolen = client.get_cookie("journal_session").value
    thief = app.test_client()
    thief.set_cookie("journal_session", stolen)
    assert thief.get("/account").status_code == 200  # the copy works while logged in

    auth.logout()
    assert client.get("/account").status_code == 302
    replay = thief.get("/account")
    assert replay.status_code == 302
    assert replay.headers["Location"].startswith("/login")


def test_copied_remember_cookie_does_not_work_after_logout(app, client, auth):
    auth.register()
    auth.logout()
    auth.login(remember=True)
    remember = client.get_cookie("journal_remember")
    assert remember is not None
    thief = app.test_client()
    thief.set_cookie("journal_remember", remember.value)
    assert thief.get("/account").status_code == 200  # the cookie alone logs in

    auth.logout()
    fresh_thief = app.test_client()
    fresh_thief.set_cookie("journal_remember", remember.value)
    assert fresh_thief.get("/account").status_code == 302


@pytest.mark.parametrize("way_out", ["logout", "delete the account"])
def test_every_way_out_deletes_the_remember_me_cookie(client, auth, way_out):
    auth.register()
    auth.logout()
    auth.login(remember=True)
    assert client.get_cookie("journal_remember") is not None
    if way_out == "logout":
        assert auth.logout().status_code == 302
    else:
        assert client.post("/account/delete", data={
            "password": PASSWORD, "confirm_text": "delete my journal"}).status_code == 302
    assert client.get_cookie("journal_remember") is None
    assert client.get("/account").status_code == 302


def test_logout_requires_post(client, auth):
    auth.register()
    assert client.get("/logout").status_code == 405
    assert client.get("/account").status_code == 200


def test_expired_login_session_no_longer_authenticates(app, client, auth, monkeypatch):
    auth.register()
    assert client.get("/account").status_code == 200
    later = clock.now() + app.config["LOGIN_SESSION_LIFETIME"] + timedelta(minutes=1)
    monkeypatch.setattr(clock, "now", lambda: later)
    assert client.get("/account").status_code == 302


# --- throttling ---------------------------------------------------------------------------


def fail_login(auth, email, times, address="203.0.113.5"):
    for _ in range(times):
        response = auth.login(
            email=email, password="wrong password!", environ_base={"REMOTE_ADDR": address}
        )
        assert response.status_code == 401


def test_account_locks_after_five_failures_and_reopens_after_the_window(
    app, client, auth, monkeypatch
):
    auth.register()
    auth.logout()
    fail_login(auth, "ada@example.org", 5)

    locked = auth.login(environ_base={"REMOTE_ADDR": "203.0.113.5"})  # even the right password
    assert locked.status_code == 429
    assert "Too many failed attempts" in locked.get_data(as_text=True)
    assert int(locked.headers["Retry-After"]) > 0
    elsewhere = auth.login(environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert elsewhere.status_code == 429  # the account limit holds from any address

    later = clock.now() + app.config["LOGIN_WINDOW"] + timedelta(seconds=1)
    monkeypatch.setattr(clock, "now", lambda: later)
    assert auth.login(environ_base={"REMOTE_ADDR": "203.0.113.5"}).status_code == 302


def test_address_locks_after_twenty_failures_across_accounts(auth):
    for n in range(4):
        fail_login(auth, f"guess{n}@example.org", 5, address="203.0.113.9")
    response = auth.login(
        email="someone-else@example.org", environ_base={"REMOTE_ADDR": "203.0.113.9"}
    )
    assert response.status_code == 429


def test_forged_forwarding_headers_do_not_reset_the_address_limit(auth):
    for n in range(4):
        for m in range(5):
            response = auth.login(
                email=f"guess{n}@example.org",
                password="wrong password!",
                headers={"X-Forwarded-For": f"192.0.2.{n * 5 + m}"},
                environ_base={"REMOTE_ADDR": "203.0.113.20"},
            )
            assert response.status_code == 401
    response = auth.login(
        email="another@example.org",
        headers={"X-Forwarded-For": "192.0.2.200"},
        environ_base={"REMOTE_ADDR": "203.0.113.20"},
    )
    assert response.status_code == 429


def test_failures_are_shared_between_worker_processes(tmp_path):
    # Two app objects on one database file stand for two gunicorn workers.
    worker_a = make_app(tmp_path)
    worker_b = make_app(tmp_path)
    client_a, client_b = worker_a.test_client(), worker_b.test_client()
    for n in range(5):
        client = client_a if n % 2 else client_b
        response = client.post(
            "/login", data={"email": "ada@example.org", "password": f"wrong {n} password"}
        )
        assert response.status_code == 401
    for client in (client_a, client_b):
        response = client.post("/login", data={"email": "ada@example.org", "password": PASSWORD})
        assert response.status_code == 429


def test_successful_login_clears_the_account_failures(app, auth):
    auth.register()
    auth.logout()
    fail_login(auth, "ada@example.org", 4)
    assert auth.login(environ_base={"REMOTE_ADDR": "203.0.113.5"}).status_code == 302
    with app.app_context():
        assert db.session.execute(select(func.count()).select_from(LoginFailure)).scalar_one() == 0


def test_login_sessions_rows_follow_logins_and_logouts(app, auth):
    auth.register()
    assert count(app, LoginSession) == 1
    auth.logout()
    assert count(app, LoginSession) == 0


@pytest.mark.parametrize("password", [PASSWORD, "not the password at all"])
def test_the_password_check_runs_outside_any_transaction(app, auth, monkeypatch, password):
    """argon2 is slow on purpose: no login may hold SQLite's write lock while it works."""
    from journal.auth import routes

    auth.register()
    auth.logout()
    seen = []
    original = routes.verify_password

    def watched(stored, typed):
        seen.append(db.session().in_transaction())
        return original(stored, typed)

    monkeypatch.setattr(routes, "verify_password", watched)
    response = auth.login(password=password)
    assert response.status_code == (302 if password == PASSWORD else 401)
    assert seen == [False]


def test_no_argon2_work_runs_inside_a_transaction(app, client, auth, monkeypatch):
    """Registering, changing the password and deleting the account hash or verify outside
    any transaction too, so none of them holds SQLite's write lock while argon2 works."""
    from journal.auth import routes

    seen = []
    for name in ("hash_password", "verify_password"):
        original = getattr(routes, name)

        def watched(*args, _original=original, _name=name):
            seen.append((_name, db.session().in_transaction()))
            return _original(*args)

        monkeypatch.setattr(routes, name, watched)
    assert auth.register().status_code == 302
    new_password = "a brand new passphrase"
    response = client.post("/account/password", data={
        "current_password": PASSWORD, "new_password": new_password,
        "confirm": new_password})
    assert response.status_code == 302
    response = client.post("/account/delete", data={"password": new_password,
                                                    "confirm_text": "delete my journal"})
    assert response.status_code == 302
    assert [name for name, _ in seen] == ["hash_password", "verify_password", "hash_password",
                                          "verify_password"]
    assert not any(inside for _, inside in seen), seen

