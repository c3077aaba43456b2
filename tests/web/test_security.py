"""Security defaults: CSRF on, headers on every response, cookie flags, no inline code."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from helpers import PASSWORD, AuthActions, csrf_token_from, make_app
from sqlalchemy import func, select

from journal import create_app
from journal.config import ProductionConfig
from journal.extensions import db
from journal.models import User

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def csrf_app(tmp_path):
    return make_app(tmp_path, WTF_CSRF_ENABLED=True)


def users(app) -> int:
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(User)).scalar_one()


def register_with_token(client, email="ada@example.org"):
    token = csrf_token_from(client.get("/register").get_data(as_text=True))
    return client.post(
        "/register",
        data={"email": email, "password": PASSWORD, "confirm": PASSWORD, "csrf_token": token},
    )


def test_post_without_csrf_token_changes_nothing(csrf_app):
    client = csrf_app.test_client()
    response = client.post(
        "/register", data={"email": "ada@example.org", "password": PASSWORD, "confirm": PASSWORD}
    )
    assert response.status_code == 400
    assert "did not come from this site" in response.get_data(as_text=True)
    assert users(csrf_app) == 0


def test_post_with_another_visitors_token_is_refused(csrf_app):
    other = csrf_app.test_client()
    foreign_token = csrf_token_from(other.get("/register").get_data(as_text=True))
    client = csrf_app.test_client()
    client.get("/register")
    response = client.post(
        "/register",
        data={"email": "a@example.org", "password": PASSWORD, "confirm": PASSWORD,
              "csrf_token": foreign_token},
    )
    assert response.status_code == 400
    assert users(csrf_app) == 0


def test_post_with_valid_token_works_and_logout_needs_one_too(csrf_app):
    client = csrf_app.test_client()
    assert register_with_token(client).status_code == 302
    assert users(csrf_app) == 1

    assert client.post("/logout").status_code == 400  # no token: still logged in
    assert client.get("/account").status_code == 200

    token = csrf_token_from(client.get("/account").get_data(as_text=True))
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/account").status_code == 302


def test_account_deletion_without_token_deletes_nothing(csrf_app):
    client = csrf_app.test_client()
    register_with_token(client)
    response = client.post(
        "/account/delete", data={"password": PASSWORD, "confirm_text": "delete my journal"}
    )
    assert response.status_code == 400
    assert users(csrf_app) == 1


@pytest.mark.parametrize("path", ["/", "/login", "/register", "/healthz", "/static/css/app.css",
                                  "/no-such-page"])
def test_security_headers_on_every_response(client, path):
    with client.get(path) as response:
        headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("path", ["/", "/login", "/ping", "/static/css/app.css", "/no-such-page"])
def test_a_forged_host_is_refused_when_hosts_are_trusted(tmp_path, path):
    app = make_app(tmp_path, TRUSTED_HOSTS=["journal.example.org"])
    client = app.test_client()
    with client.get(path, headers={"Host": "evil.example"}) as response:
        assert response.status_code == 400
        body = response.get_data(as_text=True)
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "evil.example" not in body
    with client.get(path, headers={"Host": "journal.example.org"}) as response:
        assert response.status_code in (200, 404)


def test_links_shown_to_the_user_name_the_trusted_host(tmp_path):
    app = make_app(tmp_path, TRUSTED_HOSTS=["journal.example.org"])
    client = app.test_client()
    site = "http://journal.example.org"
    client.post("/register", base_url=site,
                data={"email": "ada@example.org", "password": PASSWORD, "confirm": PASSWORD})
    page = client.post("/account/calendar", base_url=site).get_data(as_text=True)
    assert re.search(r'value="http://journal\.example\.org/calendar/[\w-]+\.ics"', page)
    assert client.post("/account/calendar", headers={"Host": "evil.example"}).status_code == 400


def test_logged_in_pages_are_not_cached(client, auth):
    auth.register()
    for path in ("/", "/account"):
        assert client.get(path).headers["Cache-Control"] == "no-store"


def test_cookies_are_httponly_and_samesite_lax(client, auth):
    auth.register()
    auth.logout()
    response = auth.login(remember=True)
    cookies = response.headers.getlist("Set-Cookie")
    assert any(c.startswith("journal_session=") for c in cookies)
    assert any(c.startswith("journal_remember=") for c in cookies)
    for cookie in cookies:
        assert "HttpOnly" in cookie
        assert "SameSite=Lax" in cookie
    remember = next(c for c in cookies if c.startswith("journal_remember="))
    expires = parsedate_to_datetime(re.search(r"Expires=([^;]+)", remember).group(1))
    assert expires <= datetime.now(UTC) + timedelta(days=30, minutes=1)


def test_session_cookie_holds_no_email_or_password(client, auth):
    auth.register(email="secret-person@example.org")
    value = client.get_cookie("journal_session").value
    import base64
    import zlib

    payload = value.lstrip(".").split(".")[0]
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    decoded = zlib.decompress(raw) if value.startswith(".") else raw
    assert b"secret-person" not in decoded
    assert PASSWORD.encode() not in decoded


def test_production_cookies_are_secure(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "k8Jq2vX9mP4rT7wZ1nB5cF3hL6dS0gYa")
    monkeypatch.setenv("JOURNAL_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.sqlite3'}")
    app = create_app({"ARGON2_TIME_COST": 1, "ARGON2_MEMORY_COST": 1024,
                      "ARGON2_PARALLELISM": 1, "WTF_CSRF_ENABLED": False},
                     config=ProductionConfig)
    with app.app_context():
        db.create_all()
    client = app.test_client()
    response = AuthActions(client).register()
    for cookie in response.headers.getlist("Set-Cookie"):
        assert "Secure" in cookie
    with app.app_context():
        db.engine.dispose()


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=|\son[a-z]+\s*=", re.IGNORECASE)


def test_templates_have_no_inline_scripts_styles_or_handlers():
    for template in (REPO / "templates").rglob("*.html"):
        text = template.read_text()
        assert not INLINE_SCRIPT.search(text), template
        assert not INLINE_STYLE.search(text), template
