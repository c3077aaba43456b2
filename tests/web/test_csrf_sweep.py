"""CSRF sweep: every state-changing route refuses a request without a token of its own.

With CSRF protection on, the sweep walks `app.url_map` and takes every rule that accepts
POST, PUT, PATCH or DELETE, with URL arguments (filled with user A's objects, every
combination `journals.a_variants()` gives) and without (log in, register, log out, password
change, account deletion, restore, new area, new year, the calendar feed's buttons). To each
it sends the body its owner would send (`journals.form_body()`, or `ARGUMENTLESS_BODIES`
below) with four kinds of bad token:

- none at all;
- user B's token: valid, but for B's session;
- A's own token of the current session, issued longer ago than WTF_CSRF_TIME_LIMIT (the
  clock that signs tokens is moved back while the page is fetched);
- A's token from A's previous session, fetched before logging out and in again.

(For log in and register, "A" is the anonymous visitor who sends them: its own token, too
old, and its token from before it logged in as A and out again.)

Every one must answer 400 with the layout's "did not come from this site" page (no
traceback), and no row may change in any table of the database (a refused log-in or
registration creates no user, no login failure and no login session). Log in and register
are posted by an anonymous visitor, every other route by A, logged in; afterwards A is still
logged in and the visitor still anonymous.

The control: the same request with the sender's valid token then goes through, for every
rule (the first of its URL variants that works), and changes the database; otherwise the
sweep could pass because every body was wrong.

Figures on the current URL map (`pytest tests/web/test_csrf_sweep.py -q -s` prints them):
28 state-changing rules, 55 URLs x 4 kinds of bad token = 220 requests, 100% refused,
0 rows changed; 28 of 28 controls went through. A rule added later is swept automatically; one
with no body known here fails the sweep and says where to add it. MIN_RULES is the floor.
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Callable
from contextlib import contextmanager

import flask_wtf.csrf
import pytest
from helpers import PASSWORD, app_in, csrf_token_from
from itsdangerous import BadData, SignatureExpired, URLSafeTimedSerializer
from itsdangerous.timed import TimestampSigner
from journals import (
    A_EMAIL,
    B_EMAIL,
    B_YEAR,
    TODAY,
    YEAR,
    a_variants,
    build_journal,
    describe_change,
    fail_on_unknown_arguments,
    form_body,
    url_of,
)
from sqlalchemy import select

from journal.extensions import db

# The app passes SelectField/RadioField choices as tuples, which WTForms 3.3 deprecates.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Passing SelectField choices as tuples is deprecated:DeprecationWarning"
)

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
MIN_RULES = 25
CSRF_REFUSAL = "did not come from this site"
LAYOUT = "Year Journal"
NEW_PASSWORD = "a brand new passphrase for ada"
C_EMAIL = "carol@example.org"
RESTORED_YEAR = 2031
TOKEN_SALT = "wtf-csrf-token"  # Flask-WTF's salt for signing CSRF tokens

# Posted by an anonymous visitor: a logged-in user is sent away from these forms.
ANONYMOUS_ENDPOINTS = ("auth.register", "auth.login")
# Controls that end A's login or account run last, in this order.
SESSION_ENDING_ENDPOINTS = ("auth.logout", "auth.change_password", "auth.delete_account")


def restore_file() -> dict:
    """A backup holding one empty year that A does not have: restoring it adds a row."""
    return {"format": "year-journal-backup", "version": 1,
            "exported_at": "2026-01-05T09:00:00Z", "areas": [],
            "years": [{"year": RESTORED_YEAR, "reflections": {}, "goals": [], "checkins": [],
                       "progress_updates": []}]}


# What the sender would post to each rule without URL arguments (functions: a file upload
# is a stream that one request consumes). Rules with URL arguments take journals.form_body().
ARGUMENTLESS_BODIES = {
    "auth.register": lambda: {"email": C_EMAIL, "password": PASSWORD, "confirm": PASSWORD},
    "auth.login": lambda: {"email": A_EMAIL, "password": PASSWORD},
    "auth.logout": dict,
    "auth.change_password": lambda: {"current_password": PASSWORD,
                                     "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    "auth.delete_account": lambda: {"password": NEW_PASSWORD,
                                    "confirm_text": "delete my journal"},
    "areas.index": lambda: {"name": "Reading", "color": "sky"},
    "years.new": lambda: {"number": str(YEAR + 1)},
    "calendar_feed.enable": lambda: {"monthly": "y"},
    "calendar_feed.revoke": dict,
    "restore.restore": lambda: {
        "file": (io.BytesIO(json.dumps(restore_file()).encode()), "backup.json"),
        "on_conflict": "refuse",
    },
}


# --- the rules -------------------------------------------------------------------------------


def state_changing_rules(app) -> list:
    """Every rule accepting a state-changing method, in the order their controls can run:
    the visitor's first, then A's (deleting ones last), then those ending A's login."""

    def order(rule):
        if rule.endpoint in ANONYMOUS_ENDPOINTS:
            return (0, ANONYMOUS_ENDPOINTS.index(rule.endpoint), "")
        if rule.endpoint in SESSION_ENDING_ENDPOINTS:
            return (2, SESSION_ENDING_ENDPOINTS.index(rule.endpoint), "")
        return (1, "delete" in rule.endpoint, rule.rule)

    return sorted((rule for rule in app.url_map.iter_rules()
                   if rule.methods & STATE_CHANGING and rule.endpoint != "static"), key=order)


def fail_on_unknown_bodies(rules) -> None:
    missing = [f"{rule.endpoint} ({rule.rule})" for rule in rules
               if not rule.arguments and rule.endpoint not in ARGUMENTLESS_BODIES]
    if missing:
        pytest.fail(
            "The CSRF sweep has no body for these state-changing rules:\n  "
            + "\n  ".join(missing)
            + "\nAdd what a user would post to ARGUMENTLESS_BODIES in "
            "tests/web/test_csrf_sweep.py (rules with URL arguments: form_body() in "
            "tests/journals.py).",
            pytrace=False,
        )


def requests_of(rule, a: dict) -> list[tuple[str, str, Callable[[], dict]]]:
    """(method, url, body maker) for each state-changing method and URL variant of `rule`."""
    result = []
    for method in sorted(rule.methods & STATE_CHANGING):
        if not rule.arguments:
            result.append((method, rule.rule, ARGUMENTLESS_BODIES[rule.endpoint]))
            continue
        for values in a_variants(rule, a):
            body = form_body(rule.endpoint, method, values, a)
            result.append((method, url_of(rule, values), lambda body=body: dict(body)))
    return result


# --- the database and the tokens -------------------------------------------------------------


def whole_database(app) -> dict[str, list[tuple]]:
    """Every row of every table, whoever owns it."""
    with app.app_context():
        return {
            table.name: [tuple(row) for row in db.session.execute(
                select(table).order_by(*table.primary_key.columns)).all()]
            for table in db.metadata.sorted_tables
        }


def token(client, path: str = "/") -> str:
    """The CSRF token of the first form on `path` (the log-out button on every page)."""
    response = client.get(path)
    assert response.status_code == 200, f"GET {path} answered {response.status_code}"
    return csrf_token_from(response.get_data(as_text=True))


@contextmanager
def tokens_signed_ago(seconds: int, monkeypatch):
    """While inside, Flask-WTF signs the CSRF tokens it hands out as if it were `seconds`
    ago; everything else (the session cookie, the checks) keeps the real time."""

    class EarlierSigner(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - seconds

    class EarlierSerializer(URLSafeTimedSerializer):
        default_signer = EarlierSigner

    with monkeypatch.context() as patch:
        patch.setattr(flask_wtf.csrf, "URLSafeTimedSerializer", EarlierSerializer)
        yield


def raw_token(app, signed: str, max_age: int | None = None) -> str:
    """The session value a signed CSRF token stands for (raises BadData when refused)."""
    serializer = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=TOKEN_SALT)
    return serializer.loads(signed, max_age=max_age)


def log_in(client, email: str, password: str) -> None:
    response = client.post("/login", data={"email": email, "password": password,
                                           "csrf_token": token(client, "/login")})
    assert response.status_code == 302, f"logging {email} in answered {response.status_code}"


def log_out(client) -> None:
    response = client.post("/logout", data={"csrf_token": token(client)})
    assert response.status_code == 302, f"logging out answered {response.status_code}"


def is_logged_in(client) -> bool:
    return client.get("/account").status_code == 200


def bad_tokens(app, monkeypatch, client, *, page: str, previous: str) -> dict[str, str | None]:
    """The bad tokens for `client`'s current session, checked to be what they claim."""
    limit = app.config["WTF_CSRF_TIME_LIMIT"]
    assert limit, "WTF_CSRF_TIME_LIMIT is off: a CSRF token would never expire"
    with tokens_signed_ago(limit + 60, monkeypatch):
        expired = token(client, page)
    current = raw_token(app, token(client, page))
    # The expired token is this very session's, only too old; the previous one is a
    # token that was valid, but for a session that has ended.
    assert raw_token(app, expired) == current
    with pytest.raises(SignatureExpired):
        raw_token(app, expired, max_age=limit)
    assert raw_token(app, previous, max_age=limit) != current
    return {"no token": None, "expired": expired, "previous session": previous}


# --- the fixtures ----------------------------------------------------------------------------


@pytest.fixture
def app(tmp_path):
    """The app with CSRF protection on, and "today" fixed on 5 January 2026."""
    with app_in(tmp_path, WTF_CSRF_ENABLED=True, JOURNAL_TODAY=TODAY) as app:
        yield app


@pytest.fixture
def journals(app):
    """A's full journal and B's small one, built through the forms with the CSRF check
    switched off (building them is not what is tested), then switched back on.

    Returns (A's journal, A's logged-in client, B's logged-in client)."""
    a_client, b_client = app.test_client(), app.test_client()
    app.config["WTF_CSRF_ENABLED"] = False
    try:
        a = build_journal(app, a_client, A_EMAIL, YEAR, full=True)
        build_journal(app, b_client, B_EMAIL, B_YEAR, full=False)
    finally:
        app.config["WTF_CSRF_ENABLED"] = True
    return a, a_client, b_client


def refusal_problem(response) -> str | None:
    """Why `response` is not the layout's CSRF refusal, or None when it is."""
    page = response.get_data(as_text=True)
    if response.status_code != 400:
        return f"answered {response.status_code}, not 400"
    if CSRF_REFUSAL not in page or LAYOUT not in page:
        return "answered 400 without the layout's CSRF page"
    if "Traceback" in page:
        return "answered with a traceback"
    return None


# --- the sweep -------------------------------------------------------------------------------


def test_every_state_changing_rule_is_known_to_the_sweep(app):
    rules = state_changing_rules(app)
    assert len(rules) >= MIN_RULES, f"only {len(rules)} state-changing rules"
    fail_on_unknown_arguments([rule for rule in rules if rule.arguments])
    fail_on_unknown_bodies(rules)


def test_every_state_change_without_a_valid_token_is_refused_and_changes_nothing(
    app, journals, monkeypatch
):
    a, a_client, b_client = journals
    rules = state_changing_rules(app)
    fail_on_unknown_arguments([rule for rule in rules if rule.arguments])
    fail_on_unknown_bodies(rules)

    # A's token from before logging out and in again, then A's current bad tokens.
    a_previous = token(a_client)
    log_out(a_client)
    log_in(a_client, A_EMAIL, PASSWORD)
    b_token = token(b_client)
    a_tokens = {**bad_tokens(app, monkeypatch, a_client, page="/", previous=a_previous),
                "B's token": b_token}
    # A visitor (who logged in as A and out again), for the forms of anonymous visitors.
    visitor = app.test_client()
    visitor_previous = token(visitor, "/login")
    log_in(visitor, A_EMAIL, PASSWORD)
    log_out(visitor)
    visitor_tokens = {
        **bad_tokens(app, monkeypatch, visitor, page="/login", previous=visitor_previous),
        "B's token": b_token,
    }

    original = before = whole_database(app)
    problems, refused, sent, urls = [], 0, 0, 0
    for rule in rules:
        anonymous = rule.endpoint in ANONYMOUS_ENDPOINTS
        client, tokens = (visitor, visitor_tokens) if anonymous else (a_client, a_tokens)
        for method, url, body in requests_of(rule, a):
            urls += 1
            for kind, bad in tokens.items():
                data = body() if bad is None else {**body(), "csrf_token": bad}
                response = client.open(url, method=method, data=data)
                sent += 1
                problem = refusal_problem(response)
                if problem:
                    problems.append(f"{method} {url} ({rule.endpoint}) with {kind} {problem}")
                else:
                    refused += 1
                after = whole_database(app)
                if after != before:
                    problems.append(f"{method} {url} ({rule.endpoint}) with {kind} changed "
                                    f"the database: {describe_change(before, after)}")
                    before = after
        if anonymous and is_logged_in(visitor):
            problems.append(f"{rule.endpoint}: the visitor is logged in after refused requests")
        if not anonymous and not is_logged_in(a_client):
            problems.append(f"{rule.endpoint}: A was logged out by refused requests")
            log_in(a_client, A_EMAIL, PASSWORD)
    assert not problems, "\n".join(problems)
    assert whole_database(app) == original
    assert len(rules) >= MIN_RULES
    assert sent == urls * 4
    print(f"\nCSRF sweep: {len(rules)} state-changing rules, {urls} URLs x 4 kinds of bad "
          f"token = {sent} requests, {refused / sent:.0%} refused, 0 rows changed")


def test_the_same_requests_with_a_valid_token_go_through(app, journals):
    """The control: with the sender's own fresh token, every rule changes the database."""
    a, a_client, _b_client = journals
    rules = state_changing_rules(app)
    fail_on_unknown_bodies(rules)
    password, problems, passed = PASSWORD, [], 0
    for rule in rules:
        anonymous = rule.endpoint in ANONYMOUS_ENDPOINTS
        # A new visitor for each anonymous form: registering logs the visitor in.
        client = app.test_client() if anonymous else a_client
        if not anonymous and not is_logged_in(a_client):
            log_in(a_client, A_EMAIL, password)
        page = "/login" if anonymous else "/"
        answers = []
        for method, url, body in requests_of(rule, a):
            before = whole_database(app)
            response = client.open(url, method=method,
                                   data={**body(), "csrf_token": token(client, page)})
            changed = whole_database(app) != before
            answers.append(f"{method} {url}: {response.status_code}"
                           + ("" if changed else ", nothing changed"))
            if response.status_code < 400 and changed:
                passed += 1
                break
        else:
            problems.append(f"{rule.endpoint} never went through with a valid token: "
                            + "; ".join(answers))
        if rule.endpoint == "auth.change_password":
            password = NEW_PASSWORD
    assert not problems, "\n".join(problems)
    assert passed == len(rules)
    print(f"\nCSRF controls: {passed} of {len(rules)} rules went through with a valid token")


def test_an_expired_token_is_refused_where_a_fresh_one_passes(app, monkeypatch):
    """The expiry itself, on one form: the same session's token is refused only for its age."""
    visitor = app.test_client()
    limit = app.config["WTF_CSRF_TIME_LIMIT"]
    with tokens_signed_ago(limit + 60, monkeypatch):
        expired = token(visitor, "/register")
    with tokens_signed_ago(limit - 60, monkeypatch):
        old_but_valid = token(visitor, "/register")
    body = ARGUMENTLESS_BODIES["auth.register"]()
    response = visitor.post("/register", data={**body, "csrf_token": expired})
    assert refusal_problem(response) is None
    assert whole_database(app)["user_account"] == []
    assert visitor.post("/register", data={**body, "csrf_token": old_but_valid}).status_code == 302
    assert len(whole_database(app)["user_account"]) == 1


def test_bad_token_checks_catch_what_they_claim(app):
    """The checker itself: a normal page is not taken for a refusal, and tokens that are
    not signed with this app's key do not decode."""

    class Page:
        status_code = 400

        def get_data(self, as_text=False):
            return "<title>Year Journal</title> Bad request"

    assert refusal_problem(Page()) == "answered 400 without the layout's CSRF page"
    Page.status_code = 302
    assert refusal_problem(Page()) == "answered 302, not 400"
    with pytest.raises(BadData):
        raw_token(app, "not-a-token")


def test_a_new_state_changing_rule_without_a_body_fails_the_sweep(app):
    app.add_url_rule("/new-button", "extra.button", lambda: "", methods=["POST"])
    with pytest.raises(pytest.fail.Exception, match="ARGUMENTLESS_BODIES"):
        fail_on_unknown_bodies(state_changing_rules(app))
