"""The session cookie each worker verifies once (journal/auth/cookie.py): what a kept cookie
held is what a fresh decoding gives, its age is checked on every use, a changed or tampered
cookie is never taken for a kept one, and one request's changes never reach another's."""

from __future__ import annotations

import time

import pytest

from journal.auth import cookie

PAGE = "/areas/"  # a page for logged-in users


def cookie_header(client) -> str:
    return "; ".join(f"{c.key}={c.value}" for c in client._cookies.values())


@pytest.fixture
def sent(app, client, auth):
    """A logged-in user's cookie header, and a client that sends only the headers given."""
    assert auth.register().status_code == 302
    assert client.get(PAGE).status_code == 200
    return cookie_header(client), app.test_client(use_cookies=False)


def get(plain_client, header: str, path: str = PAGE):
    return plain_client.get(path, headers={"Cookie": header})


def test_a_cookie_is_verified_once_and_then_kept(app, sent, monkeypatch):
    header, plain = sent
    app.session_interface.kept.clear()
    verified = []
    real = app.session_interface.get_signing_serializer

    def counted(flask_app):
        verified.append(1)
        return real(flask_app)

    monkeypatch.setattr(app.session_interface, "get_signing_serializer", counted)
    assert get(plain, header).status_code == 200
    assert len(verified) == 1
    assert len(app.session_interface.kept) == 1
    for _ in range(3):
        assert get(plain, header).status_code == 200  # from what was kept: still logged in
    assert len(verified) == 1


def test_a_kept_cookie_is_refused_once_older_than_the_session_lifetime(app, sent, monkeypatch):
    header, plain = sent
    assert get(plain, header).status_code == 200
    lifetime = app.permanent_session_lifetime.total_seconds()
    later = time.time() + lifetime + 5
    monkeypatch.setattr(cookie.time, "time", lambda: later)  # itsdangerous's clock too
    response = get(plain, header)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_a_tampered_cookie_is_not_taken_for_the_kept_one(app, sent):
    header, plain = sent
    assert get(plain, header).status_code == 200
    name, value = header.split("=", 1)
    tampered = f"{name}={value[:-2]}{'A' if value[-2] != 'A' else 'B'}{value[-1]}"
    response = get(plain, tampered)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_what_a_request_adds_to_its_session_never_reaches_another_sending_that_cookie(sent):
    header, plain = sent
    assert get(plain, header).status_code == 200  # the cookie is kept now
    added = plain.post("/areas/", data={"name": "Health", "color": "purple"},
                       headers={"Cookie": header})
    assert added.status_code == 302
    assert "Set-Cookie" in added.headers  # that session now holds "Area added."
    page = get(plain, header).get_data(as_text=True)  # the cookie from before, again
    assert "Health" in page
    assert "Area added." not in page


def test_a_session_holding_flashed_messages_is_not_kept(app, sent):
    header, plain = sent
    app.session_interface.kept.clear()
    first = plain.post("/areas/", data={"name": "Health", "color": "purple"},
                       headers={"Cookie": header})
    flashed = first.headers["Set-Cookie"].split(";", 1)[0]
    assert get(plain, flashed).status_code == 200
    assert len(app.session_interface.kept) == 1  # only the cookie without the flash
