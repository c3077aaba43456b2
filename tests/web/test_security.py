"""Security defaults on every response: headers, cookie flags, what cookies hold, hosts.

The header sweep walks `app.url_map` and requests every GET rule (URL arguments filled with
user A's objects, every combination `journals.a_variants()` gives; a static file; the
calendar feed by its secret URL) as A, as another user B (who gets 404s) and anonymously
(who gets redirects to the log-in page). Every chart is asked for in SVG (and, once per
chart rule, in PNG), and again with its ETag (304). The exports (JSON, CSV, Markdown, zip)
and the ICS feed are GET rules; the journals themselves are built through the forms, so every
POST-redirect-GET answer is checked too, with 404, 405, 413 and 429 answers. It runs under
the test and the production configuration. `test_every_error_page_carries_the_headers` adds
400, 403, 404, 405, 413, 429 and 500 from an app that can be made to fail.

Every response must carry the headers the README promises and journal/security.py sets
(EXPECTED_HEADERS, CSP_DIRECTIVES), every page (HTML, export) must be sent with
Cache-Control: no-store, and nothing but a static file may be cached by anyone but the browser
that asked (charts and the feed: private, revalidated). Every Set-Cookie of the sweep (the
session, remember me, any other) must be HttpOnly and SameSite=Lax, and Secure when the app
runs with the production configuration; the session cookie never holds an email or password.

Hosts: with TRUSTED_HOSTS set, a forged Host is refused on every page (400, naming nothing),
and no Location header, absolute URL in a page, or calendar feed URL names another host, even
with a forged X-Forwarded-Host. X-Forwarded-Host only names links when JOURNAL_PROXY_COUNT
says a proxy sets it, and then only the value that proxy added.

Figures (`pytest tests/web/test_security.py -q -s` prints them): 163 responses checked per
configuration in the header sweep (56 Set-Cookie headers), 22 error pages, 144 responses
under trusted hosts with 40 forged hosts refused: 0 missing headers, 0 bad cookies, no other
host named. MIN_RESPONSES is the sweep's floor. JOURNAL_HEADER_SWEEP_FULL=1 sweeps A's full
journal instead (one goal of each kind, both reflections: 218 responses per configuration, and
three times the chart drawing).

The session cookie never holds the journal's text either: Flask keeps flashed messages in
it, signed but not encrypted, so `test_the_session_cookie_never_holds_journal_text` writes a
marked area name, goal titles and a reflection through the forms, then edits, archives,
restores and deletes the area and logs progress on and deletes each goal (every write whose
message once quoted a name), and reads every session cookie that follows.
"""

from __future__ import annotations

import base64
import os
import re
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask.testing import FlaskClient
from helpers import PASSWORD, AuthActions, csrf_token_from, make_app, make_failing_app
from journals import (
    A_EMAIL,
    B_EMAIL,
    B_YEAR,
    CAPABILITY_ENDPOINTS,
    TODAY,
    YEAR,
    a_variants,
    build_journal,
    fail_on_unknown_arguments,
    url_of,
)
from sqlalchemy import select, text
from werkzeug.datastructures import Headers

from journal import create_app
from journal.config import ProductionConfig
from journal.extensions import db
from journal.models import Area, User

# The app passes SelectField/RadioField choices as tuples, which WTForms 3.3 deprecates.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Passing SelectField choices as tuples is deprecated:DeprecationWarning"
)

REPO = Path(__file__).resolve().parents[2]
MIN_RESPONSES = 150
FULL_JOURNAL = os.environ.get("JOURNAL_HEADER_SWEEP_FULL", "") == "1"
STATIC_FILE = "/static/css/app.css"
TRUSTED = "journal.example.org"
FORGED = "evil.example"
MAX_BODY = 64 * 1024  # a small body cap, so that a 413 is cheap to provoke

# What every response carries (README "Security", journal/security.py).
EXPECTED_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
CSP_DIRECTIVES = ("default-src 'self'", "script-src 'self'", "style-src 'self'",
                  "object-src 'none'", "base-uri 'none'", "form-action 'self'",
                  "frame-ancestors 'none'")
CSP_FORBIDDEN = ("unsafe-inline", "unsafe-eval", "*")
# Answers the sweep must have met, or it did not look where it claims to.
EXPECTED_STATUSES = {200, 302, 304, 404, 405, 413, 429}
EXPECTED_TYPES = {"text/html", "text/css", "image/svg+xml", "image/png", "application/json",
                  "text/csv", "text/markdown", "application/zip", "text/calendar"}
ABSOLUTE_URL = re.compile(r"\bhttps?://([^/\s\"'<>]+)", re.IGNORECASE)


# --- recording every response ----------------------------------------------------------------


@dataclass
class Seen:
    """One response, kept for checking after the sweep."""

    who: str
    method: str
    url: str
    status: int
    headers: Headers
    body: bytes

    @property
    def static(self) -> bool:
        return self.url.startswith("/static/")

    @property
    def mimetype(self) -> str:
        return self.headers.get("Content-Type", "").split(";")[0].strip()

    def __str__(self) -> str:
        return f"{self.method} {self.url} ({self.who}, {self.status})"


class RecordingClient(FlaskClient):
    """A test client that keeps every response (read, then closed) in `log`, and sends its
    requests to `base_url` when one is set."""

    log: list[Seen]
    who = "anonymous"
    base_url: str | None = None

    def open(self, *args, **kwargs):
        if self.base_url and args and isinstance(args[0], str):
            kwargs.setdefault("base_url", self.base_url)
        response = super().open(*args, **kwargs)
        with response:
            body = response.get_data()
        request = response.request
        self.log.append(Seen(self.who, request.method, request.full_path.rstrip("?"),
                             response.status_code, response.headers, body))
        return response


def recording(app) -> list[Seen]:
    """Make every test client of `app` record its responses; return the shared log."""
    log: list[Seen] = []
    app.test_client_class = type("Client", (RecordingClient,), {"log": log})
    return log


def client_for(app, who: str, base_url: str | None = None):
    client = app.test_client()
    client.who = who
    client.base_url = base_url
    return client


# --- the checks ------------------------------------------------------------------------------


def header_problems(seen: Seen) -> list[str]:
    """The promised headers `seen` lacks, and caching it allows that it should not."""
    problems = []
    for name, value in EXPECTED_HEADERS.items():
        if seen.headers.get(name) != value:
            problems.append(f"{name} is {seen.headers.get(name)!r}, not {value!r}")
    csp = seen.headers.get("Content-Security-Policy", "")
    problems += [f"CSP lacks {d}" for d in CSP_DIRECTIVES if d not in csp]
    problems += [f"CSP allows {word}" for word in CSP_FORBIDDEN if word in csp]
    if "camera=()" not in seen.headers.get("Permissions-Policy", ""):
        problems.append("no Permissions-Policy")
    cache = seen.headers.get("Cache-Control", "")
    if not seen.static:
        if seen.mimetype in ("text/html", "text/plain") or "attachment" in seen.headers.get(
                "Content-Disposition", ""):
            if cache != "no-store":
                problems.append(f"a page with Cache-Control {cache!r}, not 'no-store'")
        elif "no-store" not in cache and not ("private" in cache and "no-cache" in cache):
            problems.append(f"Cache-Control {cache!r} lets a shared cache keep it")
    return problems


def decoded_session(value: str) -> bytes:
    """What anyone holding the session cookie reads in it, without knowing the key: the
    payload is only signed, not encrypted (compressed when it starts with a dot)."""
    payload = value.lstrip(".").split(".")[0]
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    return zlib.decompress(raw) if value.startswith(".") else raw


def set_cookies(seen: Seen) -> list[str]:
    return seen.headers.getlist("Set-Cookie")


def cookie_problems(seen: Seen, *, secure: bool, secrets: tuple[str, ...]) -> list[str]:
    """Flags missing on the cookies `seen` sets, and `secrets` read in its session cookie."""
    problems = []
    for cookie in set_cookies(seen):
        name, _, rest = cookie.partition("=")
        attributes = [part.strip().lower() for part in rest.split(";")[1:]]
        wanted = ["httponly", "samesite=lax"] + (["secure"] if secure else [])
        problems += [f"cookie {name} is not {flag}" for flag in wanted if flag not in attributes]
        value = rest.split(";")[0].strip('"')
        if name == "journal_session" and value:
            payload = decoded_session(value)
            problems += [f"session cookie holds {secret!r}" for secret in secrets
                         if secret.encode() in payload]
    return problems


def hosts_named(seen: Seen) -> set[str]:
    """The hosts a response names in its Location header or, for a page or a calendar, in
    absolute URLs of its body."""
    hosts = set()
    location = seen.headers.get("Location", "")
    if urlsplit(location).netloc:
        hosts.add(urlsplit(location).netloc)
    if seen.mimetype in ("text/html", "text/calendar", "text/plain"):
        hosts |= set(ABSOLUTE_URL.findall(seen.body.decode("utf-8", "replace")))
    return hosts


def assert_all_checked(log: list[Seen], *, secure: bool, secrets: tuple[str, ...]) -> None:
    problems = [f"{seen}: {problem}"
                for seen in log
                for problem in header_problems(seen) + cookie_problems(
                    seen, secure=secure, secrets=secrets)]
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


# --- the sweep -------------------------------------------------------------------------------


def get_urls(app, a: dict, feed_path: str) -> list[tuple[str, bool]]:
    """Every GET rule of the URL map, filled with A's objects: (URL, whether it is the
    first URL of its rule)."""
    rules = [rule for rule in app.url_map.iter_rules() if "GET" in rule.methods]
    fail_on_unknown_arguments([rule for rule in rules if rule.arguments
                               and rule.endpoint != "static"
                               and rule.endpoint not in CAPABILITY_ENDPOINTS])
    urls = []
    for rule in sorted(rules, key=lambda rule: rule.rule):
        if rule.endpoint == "static":
            filled = [STATIC_FILE]
        elif rule.endpoint == "calendar_feed.feed":
            filled = [feed_path]
        elif rule.endpoint in CAPABILITY_ENDPOINTS:
            pytest.fail(f"The header sweep does not know how to open {rule.endpoint}: "
                        "teach get_urls() in tests/web/test_security.py.", pytrace=False)
        elif rule.arguments:
            filled = [url_of(rule, values) for values in a_variants(rule, a)]
        else:
            filled = [rule.rule]
        urls += [(url, index == 0) for index, url in enumerate(filled)]
    return urls


def enable_feed(client, **kwargs) -> str:
    """Turn A's calendar feed on; return its URL as shown to A."""
    response = client.post("/account/calendar", **kwargs)
    assert response.status_code == 200
    match = re.search(r'value="(https?://[^"]+\.ics)"', response.get_data(as_text=True))
    assert match, "the calendar page shows no feed URL"
    return match.group(1)


def get_with_variants(client, url: str, *, png: bool) -> None:
    """GET `url`; a chart also as PNG when `png`; anything with an ETag again, to get its
    304. (PNG once per chart rule: drawing is what costs, and the headers are the same.)"""
    answers = [(url, client.get(url))]
    if png and answers[0][1].mimetype == "image/svg+xml":
        answers.append((f"{url}?format=png", client.get(f"{url}?format=png")))
    for each, response in answers:
        if response.headers.get("ETag"):
            again = client.get(each, headers={"If-None-Match": response.headers["ETag"]})
            assert again.status_code == 304, f"{each} with its own ETag: {again.status_code}"


def provoke_errors(app, client) -> None:
    """404, 405, 413 and 429, the way visitors meet them."""
    client.get("/no-such-page")
    client.get("/logout")  # 405: log out is a POST
    client.post("/register", data={"email": "x@example.org", "password": "x" * (MAX_BODY * 2)})
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"] + 1):
        response = AuthActions(client).login(email="nobody@example.org", password="wrong pass")
    assert response.status_code == 429


def sweep(app) -> list[Seen]:
    """Build two journals and request every GET URL as A, B and an anonymous visitor.

    A's journal is the small one (a goal, an attempt, a check-in) unless FULL_JOURNAL: it
    reaches every rule, and a rule answers with the same headers whichever of A's goals it
    shows, while each chart drawn costs half a second."""
    log = recording(app)
    a_client, b_client = client_for(app, "owner"), client_for(app, "another user")
    a = build_journal(app, a_client, A_EMAIL, YEAR, full=FULL_JOURNAL)
    build_journal(app, b_client, B_EMAIL, B_YEAR, full=False)
    feed_path = urlsplit(enable_feed(a_client)).path
    AuthActions(a_client).logout()
    assert AuthActions(a_client).login(email=A_EMAIL, remember=True).status_code == 302
    anonymous = client_for(app, "anonymous")
    for url, first in get_urls(app, a, feed_path):
        for client in (a_client, b_client, anonymous):
            get_with_variants(client, url, png=first)
    provoke_errors(app, anonymous)
    AuthActions(a_client).logout()
    return log


def production_app(tmp_path, monkeypatch):
    """The app under ProductionConfig (cheap hashing; the journals are built without CSRF
    tokens, which the CSRF sweep tests on its own)."""
    monkeypatch.setenv("SECRET_KEY", "k8Jq2vX9mP4rT7wZ1nB5cF3hL6dS0gYa")
    monkeypatch.setenv("JOURNAL_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.sqlite3'}")
    for name in ("JOURNAL_TRUSTED_HOSTS", "JOURNAL_PROXY_COUNT", "FLASK_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    app = create_app({"ARGON2_TIME_COST": 1, "ARGON2_MEMORY_COST": 1024,
                      "ARGON2_PARALLELISM": 1, "WTF_CSRF_ENABLED": False,
                      "JOURNAL_TODAY": TODAY, "MAX_CONTENT_LENGTH": MAX_BODY},
                     config=ProductionConfig)
    with app.app_context():
        db.create_all()
    return app


@pytest.fixture(params=["test", "production"])
def configured_app(request, tmp_path, monkeypatch):
    """The app under the test configuration, then under the production one."""
    if request.param == "production":
        app = production_app(tmp_path, monkeypatch)
    else:
        app = make_app(tmp_path, JOURNAL_TODAY=TODAY, MAX_CONTENT_LENGTH=MAX_BODY)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_every_response_of_the_sweep_carries_the_security_headers(configured_app):
    app = configured_app
    log = sweep(app)
    secure = app.config["SESSION_COOKIE_SECURE"]
    assert secure == (app.config["ENV_NAME"] == "production")
    assert_all_checked(log, secure=secure, secrets=(A_EMAIL, B_EMAIL, "ada@", PASSWORD))
    statuses = {seen.status for seen in log}
    types = {seen.mimetype for seen in log}
    assert statuses >= EXPECTED_STATUSES, f"never met {EXPECTED_STATUSES - statuses}"
    assert types >= EXPECTED_TYPES, f"never met {EXPECTED_TYPES - types}"
    cookies = {cookie.split("=")[0] for seen in log for cookie in set_cookies(seen)}
    assert {"journal_session", "journal_remember"} <= cookies, cookies
    assert any(seen.headers.get("Cache-Control") == "no-store" and seen.who == "owner"
               and seen.mimetype == "text/html" for seen in log)
    assert len(log) >= MIN_RESPONSES, f"only {len(log)} responses"
    print(f"\nheader sweep ({app.config['ENV_NAME']}): {len(log)} responses checked, "
          f"{sum(len(set_cookies(seen)) for seen in log)} Set-Cookie headers, "
          "0 missing headers")


@pytest.fixture
def failing_app(tmp_path):
    """An app that can be made to answer each error code, CSRF protection on."""
    app = make_failing_app(tmp_path, WTF_CSRF_ENABLED=True)
    yield app
    with app.app_context():
        db.engine.dispose()


def test_every_error_page_carries_the_headers(failing_app):
    log = recording(failing_app)
    anonymous, owner = client_for(failing_app, "anonymous"), client_for(failing_app, "owner")
    token = csrf_token_from(owner.get("/register").get_data(as_text=True))
    assert owner.post("/register", data={"email": A_EMAIL, "password": PASSWORD,
                                         "confirm": PASSWORD, "csrf_token": token},
                      ).status_code == 302
    codes = (400, 403, 404, 405, 413, 429, 500)
    for client in (anonymous, owner):
        for code in codes:
            assert client.get(f"/test-abort/{code}").status_code == code
        assert client.get("/test-crash").status_code == 500
        assert client.post("/logout").status_code == 400  # no CSRF token
        assert client.post("/register", data={"email": "x" * 2048}).status_code == 413
    assert_all_checked(log, secure=False, secrets=(A_EMAIL, PASSWORD))
    assert {seen.status for seen in log} >= set(codes)
    assert all(seen.headers.get("Cache-Control") == "no-store" for seen in log)
    print(f"\nerror pages: {len(log)} responses checked, 0 missing headers")


# --- what the session cookie holds -----------------------------------------------------------

MARKER = "Zebracorn"  # a word no page prints unless the user wrote it
FLASHED = re.compile(r'<p class="flash [^"]*">([^<]*)</p>')
# The messages of the writes that once quoted an area's name or a goal's title.
FLASHED_ABOUT_NAMES = {
    "Area added.", "Area saved.", "Area archived. Its goals stay in their years.",
    "Area restored.", "Area deleted.", f"Goal added to {YEAR}.", "Goal saved.",
    "Progress logged.", "Goal deleted.",
    "A milestone this check-in alone marked achieved is active again.",
}


def test_the_session_cookie_never_holds_journal_text(tmp_path):
    """Flask keeps flashed messages in its session cookie, which is signed but not
    encrypted: a message that quoted an area name or a goal title would carry the journal's
    text in the cookie. Each write that flashes is made with a marked name, and every
    Set-Cookie that follows is read."""
    app = make_app(tmp_path, JOURNAL_TODAY=TODAY)
    log = recording(app)
    client = client_for(app, "owner")
    a = build_journal(app, client, A_EMAIL, YEAR, full=False)
    milestone = a["goal_id"][0]
    marked = {
        "/areas/": {"name": f"{MARKER} area", "color": "sky"},
        f"/years/{YEAR}/goals/new": {"area_id": str(a["area_id"][1]), "kind": "count",
                                     "title": f"{MARKER} goal", "count_target": "4",
                                     "count_unit": "posts", "start_date": f"{YEAR}-01-01",
                                     "end_date": f"{YEAR}-12-31", "why": MARKER},
        f"/years/{YEAR}/reflection/new-year": {"tldr": f"{MARKER} reflection"},
        f"/goals/{milestone}/edit": {"area_id": str(a["area_id"][1]), "kind": "milestone",
                                     "title": f"{MARKER} milestone",
                                     "start_date": f"{YEAR}-01-01", "end_date": f"{YEAR}-12-31",
                                     "due_date": f"{YEAR}-09-30"},
    }
    for url, data in marked.items():
        assert client.post(url, data=data).status_code == 302, url
        client.get("/")
    with app.app_context():
        goal_ids = db.session.execute(text("SELECT id FROM goal WHERE title LIKE :t"),
                                      {"t": f"{MARKER}%"}).scalars().all()
        area_id = db.session.execute(text("SELECT id FROM area WHERE name LIKE :n"),
                                     {"n": f"{MARKER}%"}).scalar_one()
    assert len(goal_ids) == 2, goal_ids
    # A check-in that marks the milestone done, deleted: the milestone is active again.
    response = client.post(f"/years/{YEAR}/checkins/new?kind=ad-hoc",
                           data={"on": TODAY, f"g{milestone}_done": "yes"})
    assert response.status_code == 302
    assert client.post(response.headers["Location"] + "/delete").status_code == 302
    client.get("/")
    # Every other write that flashes about a marked area or goal: edit, archive, restore
    # and delete the area (it has no goals), log progress on and delete each goal.
    writes = [(f"/areas/{area_id}/edit", {"name": f"{MARKER} area again", "color": "sky"}),
              (f"/areas/{area_id}/archive", {}), (f"/areas/{area_id}/restore", {}),
              (f"/areas/{area_id}/delete", {})]
    for goal_id in goal_ids:
        writes += [(f"/goals/{goal_id}/log", {"amount": "1"}), (f"/goals/{goal_id}/delete", {})]
    for url, data in writes:
        assert client.post(url, data=data).status_code == 302, url
        client.get("/")
    with app.app_context():  # the writes happened
        assert not db.session.execute(text("SELECT id FROM goal WHERE title LIKE :t"),
                                      {"t": f"{MARKER}%"}).all()
        assert db.session.get(Area, area_id) is None
    # ...and their messages travelled in the cookie to the next page, which showed them.
    shown = {message for seen in log if seen.method == "GET"
             for message in FLASHED.findall(seen.body.decode())}
    assert shown >= FLASHED_ABOUT_NAMES, FLASHED_ABOUT_NAMES - shown
    leaks = sorted({f"{seen.method} {seen.url}" for seen in log
                    if cookie_problems(seen, secure=False, secrets=(MARKER,))})
    assert not leaks, "the session cookie held the journal's text after: " + ", ".join(leaks)


def test_the_cookie_checker_reads_what_the_session_cookie_holds(app):
    """The checker itself: a secret in a short or a compressed session cookie is found, and
    each missing flag is named."""
    serializer = app.session_interface.get_signing_serializer(app)
    short, long = serializer.dumps({"note": MARKER}), serializer.dumps({"note": MARKER * 20})
    assert long.startswith(".") and not short.startswith(".")  # compressed, and not
    for value in (short, long):
        seen = Seen("owner", "GET", "/", 200,
                    Headers({"Set-Cookie": f"journal_session={value}; Path=/"}), b"")
        assert cookie_problems(seen, secure=True, secrets=(MARKER, A_EMAIL)) == [
            "cookie journal_session is not httponly",
            "cookie journal_session is not samesite=lax",
            "cookie journal_session is not secure", f"session cookie holds {MARKER!r}"]
    good = Seen("owner", "GET", "/", 200, Headers(
        {"Set-Cookie": f"journal_session={short}; HttpOnly; Path=/; SameSite=Lax"}), b"")
    assert cookie_problems(good, secure=False, secrets=(A_EMAIL,)) == []


def test_the_header_checker_names_what_is_missing():
    headers_of_a_page = {"Content-Type": "text/html", "Cache-Control": "max-age=60",
                         "Content-Security-Policy": "default-src 'self' 'unsafe-inline'"}
    seen = Seen("owner", "GET", "/", 200, Headers(headers_of_a_page), b"")
    problems = header_problems(seen)
    assert "X-Frame-Options is None, not 'DENY'" in problems
    assert "CSP lacks frame-ancestors 'none'" in problems
    assert "CSP allows unsafe-inline" in problems
    assert "a page with Cache-Control 'max-age=60', not 'no-store'" in problems
    chart = Seen("owner", "GET", "/c.svg", 200,
                 Headers({"Content-Type": "image/svg+xml", "Cache-Control": "public"}), b"")
    assert "Cache-Control 'public' lets a shared cache keep it" in header_problems(chart)
    link = Seen("owner", "GET", "/", 302, Headers({"Location": f"http://{FORGED}/x",
                                                   "Content-Type": "text/html"}),
                f'<a href="https://{FORGED}:8000/y">'.encode())
    assert hosts_named(link) == {FORGED, f"{FORGED}:8000"}


# --- hosts -----------------------------------------------------------------------------------


@pytest.fixture
def trusted_app(tmp_path, monkeypatch):
    """The app as configured with JOURNAL_TRUSTED_HOSTS (and no trusted proxy)."""
    monkeypatch.setenv("JOURNAL_TRUSTED_HOSTS", f" {TRUSTED} ")
    monkeypatch.delenv("JOURNAL_PROXY_COUNT", raising=False)
    app = make_app(tmp_path, JOURNAL_TODAY=TODAY)
    assert app.config["TRUSTED_HOSTS"] == [TRUSTED]
    yield app
    with app.app_context():
        db.engine.dispose()


def calendar_hash(app) -> str | None:
    with app.app_context():
        return db.session.execute(
            select(User.calendar_token_hash).filter_by(email=A_EMAIL)).scalar_one()


def test_a_forged_host_is_refused_everywhere_and_no_link_names_it(trusted_app):
    app = trusted_app
    log = recording(app)
    owner = client_for(app, "owner", base_url=f"http://{TRUSTED}")
    a = build_journal(app, owner, A_EMAIL, YEAR, full=False)
    feed_url = enable_feed(owner)
    assert urlsplit(feed_url).netloc == TRUSTED
    urls = get_urls(app, a, urlsplit(feed_url).path) + [("/no-such-page", True)]
    for url, first in urls:
        get_with_variants(owner, url, png=first)
        response = owner.get(url, headers={"Host": FORGED})
        assert response.status_code == 400, f"{url} with Host {FORGED}"
        # No proxy is trusted: a forwarded host is ignored, the page names the real one.
        owner.get(url, headers={"X-Forwarded-Host": FORGED})
    # A state change under a forged host is refused before it happens; under a forged
    # forwarded host it happens, and the new feed URL names the trusted host.
    before = calendar_hash(app)
    assert owner.post("/account/calendar", headers={"Host": FORGED}).status_code == 400
    assert calendar_hash(app) == before
    feed_url = enable_feed(owner, headers={"X-Forwarded-Host": FORGED})
    assert urlsplit(feed_url).netloc == TRUSTED
    named = {host: str(seen) for seen in log for host in hosts_named(seen)}
    assert set(named) == {TRUSTED}, f"links name other hosts: {named}"
    assert all(FORGED.encode() not in seen.body for seen in log)
    assert_all_checked(log, secure=False, secrets=(A_EMAIL, PASSWORD))
    print(f"\ntrusted hosts: {len(urls)} forged-host requests refused, {len(log)} responses "
          "checked, only the trusted host named")


@pytest.mark.parametrize(("proxies", "forwarded", "named"), [
    (0, FORGED, "localhost"),  # no proxy: a client's X-Forwarded-Host is ignored
    (1, f"{FORGED}, {TRUSTED}", TRUSTED),  # one proxy: only the value it appended counts
    (1, TRUSTED, TRUSTED),  # the proxy's own header is how the public host is known
])
def test_x_forwarded_host_names_links_only_through_a_trusted_proxy(tmp_path, monkeypatch,
                                                                   proxies, forwarded, named):
    monkeypatch.setenv("JOURNAL_PROXY_COUNT", str(proxies))
    monkeypatch.delenv("JOURNAL_TRUSTED_HOSTS", raising=False)
    app = make_app(tmp_path)
    log = recording(app)
    client = client_for(app, "owner")
    headers = {"X-Forwarded-Host": forwarded}
    response = client.post("/register", headers=headers,
                           data={"email": A_EMAIL, "password": PASSWORD, "confirm": PASSWORD})
    assert response.status_code == 302
    client.get("/account", headers=headers)
    feed_url = enable_feed(client, headers=headers)
    assert urlsplit(feed_url).netloc == named
    client.post("/logout", headers=headers)
    client.get("/account", headers=headers)  # a redirect to the log-in page
    hosts = {host for seen in log for host in hosts_named(seen)}
    assert hosts == {named}
    assert_all_checked(log, secure=False, secrets=(A_EMAIL, PASSWORD))
    with app.app_context():
        db.engine.dispose()


def test_a_forwarded_host_outside_the_trusted_hosts_is_refused(tmp_path, monkeypatch):
    """Behind a trusted proxy, the forwarded host is the one checked against the list."""
    monkeypatch.setenv("JOURNAL_PROXY_COUNT", "1")
    monkeypatch.setenv("JOURNAL_TRUSTED_HOSTS", TRUSTED)
    app = make_app(tmp_path)
    log = recording(app)
    client = client_for(app, "anonymous", base_url="http://127.0.0.1")
    assert client.get("/login", headers={"X-Forwarded-Host": FORGED}).status_code == 400
    assert client.get("/login", headers={"X-Forwarded-Host": TRUSTED}).status_code == 200
    assert FORGED.encode() not in log[0].body
    assert_all_checked(log, secure=False, secrets=())
    with app.app_context():
        db.engine.dispose()


# --- the rest --------------------------------------------------------------------------------


def test_post_with_valid_token_works_and_logout_needs_one_too(tmp_path):
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    token = csrf_token_from(client.get("/register").get_data(as_text=True))
    response = client.post("/register", data={"email": A_EMAIL, "password": PASSWORD,
                                              "confirm": PASSWORD, "csrf_token": token})
    assert response.status_code == 302

    assert client.post("/logout").status_code == 400  # no token: still logged in
    assert client.get("/account").status_code == 200

    token = csrf_token_from(client.get("/account").get_data(as_text=True))
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/account").status_code == 302


def test_remember_me_lasts_at_most_thirty_days(client, auth):
    auth.register()
    auth.logout()
    response = auth.login(remember=True)
    cookies = response.headers.getlist("Set-Cookie")
    remember = next(c for c in cookies if c.startswith("journal_remember="))
    expires = parsedate_to_datetime(re.search(r"Expires=([^;]+)", remember).group(1))
    assert expires <= datetime.now(UTC) + timedelta(days=30, minutes=1)


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=|\son[a-z]+\s*=", re.IGNORECASE)


def test_templates_have_no_inline_scripts_styles_or_handlers():
    for template in (REPO / "templates").rglob("*.html"):
        text_ = template.read_text()
        assert not INLINE_SCRIPT.search(text_), template
        assert not INLINE_STYLE.search(text_), template
