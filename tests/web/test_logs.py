"""Logs: what the app logs names who did what, from where and when; never a secret or a word
of anyone's journal. Error pages show none of what goes to the log.

A whole account's life runs through a real HTTP server (werkzeug's, in a thread, on a free
port of 127.0.0.1, with CSRF on and the address forwarded by one trusted proxy, as in
production) while every log record of every logger is captured at DEBUG: registering,
logging out and in (with "keep me logged in"), a failed login, a lockout (429) of an email
that has no account, a password change, both reflections, goals, a check-in, a quick log,
the four exports, a restore, a request carrying journal text that crashes (500), and the
account's deletion. No record (its message, its arguments, its exception text, its fully
formatted line) contains a password typed (old, new or wrong), a session or remember-me
cookie value or the login token inside it, a CSRF token, an email in clear, or any of the
journal's marker texts; each record has a time; and the app's own records name the
account's creation, the login, the failure and the lockout, each with the client address.
The SQL statement log (sqlalchemy.engine) is off, as SQLAlchemy leaves it; a separate
test turns it on.

The app's logger is at INFO with its own format, "[%Y-%m-%d %H:%M:%S %z] LEVEL in module:
message". Under gunicorn, as the README runs it in production, the same secrets stay out of
the log, each event (account created, login ok, login failed, lockout) is one line with its
time, zone and the client address, and every line of the run starts with its time and zone.
The database engine hides SQL parameters, so neither a database error on a
save (its exception is logged with its traceback) nor SQL echo writes the journal text or an
email to the log.

Figures (`pytest tests/web/test_logs.py -s --durations=5`): the journey sends 46 requests
and captures 300 to 1,000 records (more when matplotlib is first loaded during it), against
about 60 secrets and texts: 0 found. About 6 s of CPU; 12 to 18 s on the clock, most of it
gunicorn starting and hashing passwords at production cost.
"""

from __future__ import annotations

import http.client
import logging
import os
import re
import secrets
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pytest
from flask.logging import default_handler
from helpers import CSRF_INPUT, AuthActions, app_in, make_app
from journals import SECTIONS, goal_forms
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from werkzeug.serving import make_server

import journal
import journal.checkins.queries
import journal.summary.queries
from journal.extensions import db

# The app passes SelectField/RadioField choices as tuples, which WTForms 3.3 deprecates.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Passing SelectField choices as tuples is deprecated:DeprecationWarning"
)

YEAR = 2026
TODAY = f"{YEAR}-07-01"
CLIENT_ADDRESS = "203.0.113.7"  # documentation range; sent through the trusted proxy's header
TIMEOUT = 30
# A traceback's markers: its header, frames, SQL, library names, this checkout's path.
PAGE_LEAKS = ("Traceback", 'File "', ".py", "SELECT", "INSERT", "sqlalchemy", "sqlite3",
              "werkzeug", "site-packages", str(Path(journal.__file__).resolve().parent.parent))


def marker(kind: str = "CANARY") -> str:
    return f"{kind}{secrets.token_hex(6)}"


# --- capturing every record ----------------------------------------------------------------


class Capture(logging.Handler):
    """Keeps every record that reaches the root logger."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


class capture_all_logs:
    """Root and every existing logger at DEBUG, except SQLAlchemy's statement log: off (as
    SQLAlchemy leaves it), or at INFO with `sql_echo`; every level restored on the way out."""

    def __init__(self, sql_echo: bool = False):
        self.sql_echo = sql_echo
        self.handler = Capture()

    def __enter__(self) -> Capture:
        manager = logging.root.manager
        self.levels = {name: logger.level for name, logger in manager.loggerDict.items()
                       if isinstance(logger, logging.Logger)}
        self.levels[""] = logging.root.level
        for name in self.levels:
            logger = logging.getLogger(name or None)
            if name.startswith("sqlalchemy.engine"):
                # INFO: statements and their parameters, as SQLALCHEMY_ECHO=True logs them.
                logger.setLevel(logging.INFO if self.sql_echo else logging.WARNING)
            else:
                logger.setLevel(logging.DEBUG)
        logging.getLogger("sqlalchemy.engine").setLevel(
            logging.INFO if self.sql_echo else logging.WARNING)
        logging.root.addHandler(self.handler)
        return self.handler

    def __exit__(self, *exc):
        logging.root.removeHandler(self.handler)
        for name, level in self.levels.items():
            logging.getLogger(name or None).setLevel(level)


def record_texts(record: logging.LogRecord) -> list[tuple[str, str]]:
    """(part, text) of everything a record could write: message, arguments, exception,
    stack, and the line the app's default handler would print."""
    parts = [("msg", str(record.msg)), ("args", repr(record.args))]
    try:
        parts.append(("message", record.getMessage()))
    except Exception as error:  # a record whose args do not fit its message
        parts.append(("message", f"unformattable: {error!r}"))
    if record.exc_info:
        parts.append(("exception", logging.Formatter().formatException(record.exc_info)))
    if record.exc_text:
        parts.append(("exc_text", record.exc_text))
    if record.stack_info:
        parts.append(("stack", record.stack_info))
    parts.append(("formatted", default_handler.formatter.format(record)))
    return parts


def leaks(records, secrets_by_kind: dict[str, set[str]]) -> list[str]:
    """Each (record, secret) where a secret appears, in any case."""
    found = []
    for record in records:
        texts = [(part, value.lower()) for part, value in record_texts(record)]
        for kind, values in secrets_by_kind.items():
            for value in values:
                for part, lowered in texts:
                    if value.lower() in lowered:
                        found.append(f"{record.name} {record.levelname} {part}: {kind} "
                                     f"{value[:24]!r} in {record.getMessage()[:120]!r}")
                        break
    return found


# --- a browser over HTTP -------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Browser:
    """Just enough of a browser: cookies (Secure ones too: the server believes it is behind
    HTTPS), CSRF tokens read from the page of each form, and the proxy's X-Forwarded-For.
    Every cookie value and token it ever received is kept, to look for in the logs."""

    port: int
    address: str = CLIENT_ADDRESS
    cookies: dict[str, str] = field(default_factory=dict)
    cookie_values: set[str] = field(default_factory=set)
    tokens: set[str] = field(default_factory=set)
    requests: int = 0

    def send(self, method: str, path: str, body: bytes = b"", content_type: str = "") -> Reply:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        headers = {"X-Forwarded-For": self.address}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        try:
            connection.request(method, path, body=body or None, headers=headers)
            response = connection.getresponse()
            reply = Reply(response.status, response.getheaders(), response.read())
        finally:
            connection.close()
        self.requests += 1
        for name, value in reply.headers:
            if name.lower() == "set-cookie":
                self._keep_cookie(value)
        self.tokens.update(CSRF_INPUT.findall(reply.text))
        return reply

    def _keep_cookie(self, header: str) -> None:
        name, _, value = header.split(";")[0].partition("=")
        if not value or "expires=thu, 01 jan 1970" in header.lower():
            self.cookies.pop(name, None)
            return
        self.cookies[name] = value
        self.cookie_values.add(value)
        self.cookie_values.update(piece for piece in value.split("|") if len(piece) >= 16)

    def get(self, path: str) -> Reply:
        return self.send("GET", path)

    def token_for(self, page: str) -> str:
        match = CSRF_INPUT.search(self.get(page).text)
        assert match, f"{page} has no form with a CSRF token"
        return match.group(1)

    def submit(self, page: str, action: str, fields: dict, files: dict | None = None) -> Reply:
        """Open `page`, and post `fields` (and `files`) with its CSRF token to `action`."""
        fields = {**fields, "csrf_token": self.token_for(page)}
        if files:
            body, content_type = multipart(fields, files)
            return self.send("POST", action, body, content_type)
        return self.send("POST", action, urlencode(fields, doseq=True).encode(),
                         "application/x-www-form-urlencoded")


def multipart(fields: dict, files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                     f"{value}\r\n".encode())
    for name, (filename, content) in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                     f'filename="{filename}"\r\nContent-Type: application/json\r\n\r\n'.encode()
                     + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class serving:
    """The app on werkzeug's server in a thread, on a free port; shut down on the way out."""

    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app, threaded=False)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> int:
        self.thread.start()
        return self.server.port

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join(TIMEOUT)
        self.server.server_close()


def expect(reply: Reply, status: int, what: str) -> Reply:
    assert reply.status == status, f"{what}: answered {reply.status}, not {status}"
    return reply


# --- the journey ---------------------------------------------------------------------------------


@dataclass
class Journey:
    records: list[logging.LogRecord]
    secrets: dict[str, set[str]]
    started: float
    ended: float
    requests: int
    app_logger: str


def journal_texts() -> dict[str, str]:
    """Marker texts for every kind of journal writing the journey does."""
    return {name: marker() for name in (
        "goal title", "goal why", "topic", "unit", "went well", "went badly", "next change",
        "goal note", "blocker", "log title", "log link", "log topic", "crash text",
        *(f"reflection {section}" for section in SECTIONS))}


def live_journey(browser: Browser, guesser: Browser, texts: dict[str, str],
                 people: dict[str, str]) -> None:
    """Everything a person does with an account, through the real forms; and a lockout."""
    email, stranger = people["email"], people["stranger"]
    old, new, wrong = people["old password"], people["new password"], people["wrong password"]
    expect(browser.submit("/register", "/register",
                          {"email": email, "password": old, "confirm": old}), 302, "registering")
    expect(browser.submit("/account", "/logout", {}), 302, "logging out")
    expect(browser.submit("/login", "/login", {"email": email, "password": wrong}), 401,
           "a wrong password")
    expect(browser.submit("/login", "/login", {"email": email, "password": old,
                                               "remember": "y"}), 302, "logging in")
    for attempt in range(5):  # someone else, from the same address, guesses an email
        expect(guesser.submit("/login", "/login", {"email": stranger, "password": wrong}), 401,
               f"failure {attempt + 1} for an email without an account")
    locked = guesser.submit("/login", "/login", {"email": stranger, "password": wrong})
    expect(locked, 429, "the sixth failure")
    expect(browser.submit("/account", "/account/password",
                          {"current_password": old, "new_password": new, "confirm": new}),
           302, "changing the password")

    expect(browser.submit("/years/new", "/years/new", {"number": str(YEAR)}), 302,
           "starting the year")
    for slug in ("new-year", "year-end"):
        page = f"/years/{YEAR}/reflection/{slug}"
        sections = {name: f"{texts[f'reflection {name}']} {slug}" for name in SECTIONS}
        expect(browser.submit(page, page, sections), 302, f"writing the {slug} reflection")
    form = {**goal_forms(YEAR, 2)["count"], "title": texts["goal title"],
            "why": texts["goal why"], "topics": texts["topic"], "count_unit": texts["unit"]}
    goal_page = f"/years/{YEAR}/goals/new"
    goal_path = expect(browser.submit(goal_page, goal_page, form), 302, "adding a goal")
    goal = dict(goal_path.headers)["Location"].rsplit("#goal-", 1)[-1]
    checkin_page = f"/years/{YEAR}/checkins/new?kind=ad-hoc"
    checkin = {"on": f"{YEAR}-06-30", "mood": "4", "went_well": texts["went well"],
               "went_badly": texts["went badly"], "next_change": texts["next change"],
               f"g{goal}_value": "12", f"g{goal}_note": texts["goal note"],
               f"g{goal}_blocker": texts["blocker"]}
    expect(browser.submit(checkin_page, checkin_page, checkin), 302, "checking in")
    expect(browser.submit(f"/goals/{goal}", f"/goals/{goal}/log",
                          {"amount": "1", "title": texts["log title"],
                           "link": f"https://example.org/{texts['log link']}",
                           "topic": texts["log topic"]}), 302, "logging a step")
    backup = None
    for export in ("/export/backup.json", "/export/progress.csv", f"/export/{YEAR}.md",
                   f"/export/{YEAR}.zip"):
        reply = expect(browser.get(export), 200, f"downloading {export}")
        backup = backup or reply.body
    year_page = f"/years/{YEAR}/delete"
    expect(browser.submit(year_page, year_page, {}), 302, "deleting the year")
    expect(browser.submit("/import/", "/import/", {"on_conflict": "refuse"},
                          {"file": ("backup.json", backup)}), 302, "restoring the backup")

    def crash(*args, **kwargs):
        raise RuntimeError("the disk is full")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(journal.checkins.queries, "write_updates", crash)
        reply = browser.submit(checkin_page, checkin_page,
                               {**checkin, "went_well": texts["crash text"]})
    expect(reply, 500, "a check-in that crashes")
    assert texts["crash text"] not in reply.text

    expect(browser.submit("/account", "/account/delete",
                          {"password": new, "confirm_text": "delete my journal"}), 302,
           "deleting the account")


@pytest.fixture(scope="module")
def journey(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("logs"), WTF_CSRF_ENABLED=True, PROXY_COUNT=1,
                   PROPAGATE_EXCEPTIONS=False, JOURNAL_TODAY=TODAY)
    texts = journal_texts()
    people = {"email": f"{marker('Writer')}@Example.org", "stranger": "nobody.here@example.net",
              "old password": f"{marker('old')} lantern", "new password": f"{marker('new')} kite",
              "wrong password": f"{marker('wrong')} guess"}
    started = time.time()
    with capture_all_logs() as capture, serving(app) as port:
        browser, guesser = Browser(port), Browser(port)
        live_journey(browser, guesser, texts, people)
    ended = time.time()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    emails = {people["email"], people["stranger"]}
    return Journey(
        records=capture.records,
        secrets={
            "password": {people[k] for k in ("old password", "new password", "wrong password")},
            "cookie": browser.cookie_values | guesser.cookie_values,
            "CSRF token": browser.tokens | guesser.tokens,
            "email": emails | {e.split("@")[0] for e in emails},
            "journal text": set(texts.values()),
        },
        started=started, ended=ended, requests=browser.requests + guesser.requests,
        app_logger=app.logger.name,
    )


def test_no_secret_and_no_journal_text_in_any_log_record(journey):
    assert len(journey.records) >= 50, "too few records: is logging captured at all?"
    assert {"werkzeug", journey.app_logger} <= {r.name for r in journey.records}
    assert journey.secrets["cookie"] and len(journey.secrets["CSRF token"]) >= 3
    found = leaks(journey.records, journey.secrets)
    print(f"\nlogs: {journey.requests} requests, {len(journey.records)} records, "
          f"{sum(map(len, journey.secrets.values()))} secrets and texts, {len(found)} found")
    assert not found, "\n".join(found)


def test_the_leak_check_finds_each_kind_of_secret(journey):
    """The checker sees a secret in a record's message, its arguments and its exception."""
    for kind, values in journey.secrets.items():
        value = sorted(values)[0]
        in_message = logging.LogRecord("x", logging.INFO, __file__, 1, "saw %s", (value,), None)
        try:
            raise ValueError(f"while saving {value.upper()}")
        except ValueError:
            in_exception = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (),
                                             sys.exc_info())
        in_args = logging.LogRecord("x", logging.INFO, __file__, 1, "%(a)s", ({"a": value},),
                                    None)
        for record in (in_message, in_exception, in_args):
            assert leaks([record], {kind: {value}}), f"{kind} in {record.msg!r} was not found"


def app_records(journey, pattern: str) -> list[logging.LogRecord]:
    return [r for r in journey.records
            if r.name == journey.app_logger and re.search(pattern, r.getMessage())]


EVENTS = {
    "account created": r"^account created",
    "login ok": r"^login ok",
    "login failed": r"^login failed",
    "lockout": r"^login refused, too many failures",
}


@pytest.mark.parametrize("event", EVENTS)
def test_security_events_are_logged_with_the_client_address_and_a_time(journey, event):
    records = app_records(journey, EVENTS[event])
    assert records, f"no log record says {event!r}"
    for record in records:
        assert journey.started <= record.created <= journey.ended
        assert f"addr={CLIENT_ADDRESS}" in record.getMessage(), record.getMessage()


# The app's own format (journal/__init__.py register_logging): the time with its zone,
# the level and the module, e.g. "[2026-07-01 09:30:00 +0000] WARNING in routes: ...".
APP_LINE = r"\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}\] (INFO|WARNING|ERROR) in \w+: "


def test_every_record_has_a_time_and_the_app_format_prints_it(journey):
    assert all(journey.started <= r.created <= journey.ended for r in journey.records)
    # The app's records go through Flask's handler, which the app gives its own format:
    # each line starts with the record's time and time zone.
    assert "%(asctime)s" in default_handler.formatter._fmt
    for event, level in (("login failed", "WARNING"), ("login ok", "INFO")):
        line = default_handler.formatter.format(app_records(journey, EVENTS[event])[0])
        assert re.match(APP_LINE, line), line
        assert f"] {level} in " in line, line


# --- errors: the page and the log ----------------------------------------------------------------


@pytest.fixture
def crashing_app(tmp_path):
    with app_in(tmp_path, PROPAGATE_EXCEPTIONS=False, JOURNAL_TODAY=TODAY) as app:
        yield app


def assert_clean_error_page(reply_text: str, *private: str) -> None:
    assert "Something went wrong" in reply_text
    for leak in (*PAGE_LEAKS, *private):
        assert leak not in reply_text, f"the 500 page shows {leak!r}"


SECRET_PATH = "/srv/journal-data/instance/journal.sqlite3"
FAILURES = {
    "sql and a path": lambda: OperationalError(
        "SELECT goal.title, goal.why FROM goal WHERE goal.user_id = ?", (1,),
        sqlite3.OperationalError(f"unable to open database file {SECRET_PATH}")),
    "a missing file": lambda: FileNotFoundError(2, "No such file or directory", SECRET_PATH),
}


@pytest.mark.parametrize("failure", sorted(FAILURES))
def test_a_crashing_query_shows_no_sql_or_path(crashing_app, monkeypatch, failure):
    client = crashing_app.test_client()
    assert AuthActions(client).register().status_code == 302

    def load_journal():
        raise FAILURES[failure]()

    monkeypatch.setattr(journal.summary.queries, "load_journal", load_journal)
    with capture_all_logs() as capture:
        reply = client.get("/summary/")
    assert reply.status_code == 500
    assert_clean_error_page(reply.get_data(as_text=True), SECRET_PATH, "goal.title",
                            "OperationalError", "FileNotFoundError")
    # The details are for whoever runs the server: in the log, with a time.
    logged = [r for r in capture.records if r.exc_info and SECRET_PATH in
              logging.Formatter().formatException(r.exc_info)]
    assert logged and all(r.created for r in logged)


@pytest.fixture
def database_error(crashing_app):
    """A check-in whose INSERT the database refuses (as a full disk or a lost connection
    would): (the 500 page, the records logged, the text the check-in carried)."""
    client = crashing_app.test_client()
    assert AuthActions(client).register().status_code == 302
    assert client.post("/years/new", data={"number": str(YEAR)}).status_code == 302
    with crashing_app.app_context():
        db.session.execute(text("CREATE TRIGGER refuse_checkins BEFORE INSERT ON checkin "
                                "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"))
        db.session.commit()
    words = marker()
    with capture_all_logs() as capture:
        reply = client.post(f"/years/{YEAR}/checkins/new?kind=ad-hoc",
                            data={"on": f"{YEAR}-06-30", "went_well": words, "mood": "3"})
    assert reply.status_code == 500
    return reply.get_data(as_text=True), capture.records, words


def test_a_database_error_page_shows_no_sql_path_or_text(database_error):
    page, records, words = database_error
    assert_clean_error_page(page, words, "refuse_checkins", "disk is full")
    assert any("database or disk is full" in r.getMessage() + str(r.exc_info) for r in records)


def test_a_database_error_keeps_the_journal_text_out_of_the_log(database_error):
    """The engine hides statement parameters, so the failed INSERT's exception, which
    Flask's 'Exception on ...' record logs, names the statement but not the text saved."""
    _page, records, words = database_error
    found = leaks(records, {"journal text": {words}})
    assert not found, "\n".join(found)


def test_sql_echo_keeps_emails_and_journal_text_out_of_the_log(crashing_app):
    """With SQL echo on (sqlalchemy.engine at INFO, as SQLALCHEMY_ECHO=True sets it), the
    statements are logged, but their parameters (emails, journal text) are hidden."""
    client = crashing_app.test_client()
    email, words = f"{marker('echo')}@example.org", marker()
    with capture_all_logs(sql_echo=True) as capture:
        assert AuthActions(client).register(email=email).status_code == 302
        assert client.post("/years/new", data={"number": str(YEAR)}).status_code == 302
        assert client.post(f"/years/{YEAR}/checkins/new?kind=ad-hoc",
                           data={"on": f"{YEAR}-06-30", "went_well": words}).status_code == 302
    assert any(r.name.startswith("sqlalchemy.engine") for r in capture.records)
    found = leaks(capture.records, {"email": {email}, "journal text": {words}})
    assert not found, "\n".join(found)


# --- under gunicorn ------------------------------------------------------------------------------

GUNICORN = Path(sys.executable).parent / "gunicorn"
APP_SETTINGS = {"DATABASE_URL", "SECRET_KEY"}
# gunicorn's lines and the app's both start with the time and its zone, the same way.
LINE_TIME = r"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}\]"


@dataclass
class GunicornRun:
    log: str
    secrets: dict[str, set[str]]


def start_gunicorn(env: dict, cwd: Path, log_path: Path) -> tuple[subprocess.Popen, int]:
    """gunicorn on port 0 of 127.0.0.1 (the kernel picks a free one); return it and its port."""
    log = open(log_path, "wb")  # noqa: SIM115 (gunicorn writes to it until it stops)
    process = subprocess.Popen(
        [str(GUNICORN), "--workers", "1", "--bind", "127.0.0.1:0", "--no-control-socket",
         "journal:create_app()"], env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
    log.close()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", log_path.read_text())
        if found:
            return process, int(found.group(1))
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited with {process.returncode}:\n{log_path.read_text()}")
        time.sleep(0.02)  # polling the log for the line gunicorn writes once it listens
    stop(process)
    pytest.fail("gunicorn did not start listening within 60 s")


def stop(process: subprocess.Popen) -> None:
    """Stop gunicorn by its PID: TERM (its master stops its workers), KILL if it hangs."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def gunicorn_run(tmp_path_factory):
    """Register, log out, fail, log in, and get locked out, against gunicorn in production
    mode (argon2 at full cost, CSRF on, one trusted proxy); return gunicorn's whole output."""
    if not GUNICORN.exists():
        pytest.skip("gunicorn is not installed")
    folder = tmp_path_factory.mktemp("gunicorn")
    make_app(folder)  # creates the tables in folder/test.sqlite3
    # The environment of this run, without any setting of the app's own.
    env = {name: value for name, value in os.environ.items()
           if not name.startswith(("JOURNAL_", "FLASK_")) and name not in APP_SETTINGS}
    env.update({"JOURNAL_ENV": "production", "SECRET_KEY": secrets.token_hex(32),
                "DATABASE_URL": f"sqlite:///{folder / 'test.sqlite3'}",
                "JOURNAL_INSTANCE_PATH": str(folder / "instance"), "JOURNAL_PROXY_COUNT": "1",
                "JOURNAL_TODAY": TODAY, "HOME": str(folder)})
    people = {"email": f"{marker('gunicorn')}@example.org", "stranger": "someone@example.net",
              "password": f"{marker('pw')} harbour", "wrong": f"{marker('bad')} guess"}
    log_path = folder / "gunicorn.log"
    process, port = start_gunicorn(env, folder, log_path)
    try:
        browser = Browser(port)
        email, password, wrong = people["email"], people["password"], people["wrong"]
        expect(browser.submit("/register", "/register",
                              {"email": email, "password": password, "confirm": password}),
               302, "registering")
        expect(browser.submit("/account", "/logout", {}), 302, "logging out")
        expect(browser.submit("/login", "/login", {"email": email, "password": wrong}), 401,
               "a wrong password")
        expect(browser.submit("/login", "/login", {"email": email, "password": password}), 302,
               "logging in")
        guesser = Browser(port)
        for _ in range(5):
            expect(guesser.submit("/login", "/login",
                                  {"email": people["stranger"], "password": wrong}), 401, "fail")
        expect(guesser.submit("/login", "/login",
                              {"email": people["stranger"], "password": wrong}), 429, "locked")
    finally:
        stop(process)
    emails = {email, people["stranger"]}
    return GunicornRun(log_path.read_text(), {
        "password": {password, wrong}, "cookie": browser.cookie_values | guesser.cookie_values,
        "CSRF token": browser.tokens | guesser.tokens,
        "email": emails | {e.split("@")[0] for e in emails},
    })


@pytest.mark.parametrize("event", EVENTS)
def test_under_gunicorn_each_event_is_a_line_with_its_time(gunicorn_run, event):
    """The app's logger is at INFO under gunicorn too: each event, INFO or WARNING, is one
    line in the app's format, with its time and zone, and the client's address."""
    pattern = EVENTS[event].lstrip("^")
    lines = [line for line in gunicorn_run.log.splitlines() if re.search(pattern, line)]
    assert lines, f"gunicorn's log has no line for {event!r}:\n{gunicorn_run.log}"
    for line in lines:
        assert re.match(APP_LINE, line), f"not the app's format, with time and zone: {line!r}"
        assert f"addr={CLIENT_ADDRESS}" in line, line


def test_under_gunicorn_no_secret_reaches_the_log(gunicorn_run):
    lowered = gunicorn_run.log.lower()
    found = [f"{kind} {value[:24]!r}" for kind, values in gunicorn_run.secrets.items()
             for value in values if value.lower() in lowered]
    assert gunicorn_run.secrets["cookie"] and gunicorn_run.secrets["CSRF token"]
    assert not found, "\n".join(found) + "\n" + gunicorn_run.log


def test_under_gunicorn_every_line_of_the_log_has_a_time(gunicorn_run):
    """gunicorn's own lines and the app's (in the app's format) both start with their time
    and time zone; no line of this run is untimed."""
    lines = gunicorn_run.log.splitlines()
    assert len(lines) >= 8, gunicorn_run.log
    untimed = [line for line in lines if not re.match(LINE_TIME, line)]
    assert not untimed, "\n".join(untimed)


def test_the_backup_restored_is_logged_without_its_contents(journey):
    """The restore record says what was restored by number, not by the words restored."""
    restored = app_records(journey, r"^backup restored")
    assert restored, "no record says the backup was restored"
    assert not leaks(restored, {"journal text": journey.secrets["journal text"]})
