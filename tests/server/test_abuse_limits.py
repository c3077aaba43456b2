"""The README's abuse limits hold on the real server: logins, body caps, hostile imports.

gunicorn runs the production app with 4 workers, with JOURNAL_PROXY_COUNT=1 (one trusted
reverse proxy, as the README recommends) and with 0 (no proxy: forwarding headers are
ignored).

Login throttle (README "Security", journal/auth/throttle.py): 5 failures per account or
20 per address within 15 minutes, then 429. Counted here as the attempts let through
(answered 401, the password checked) before the first 429:
- one account attacked from a new forged X-Forwarded-For address on every attempt lets
  exactly 5 through, sequentially and from 8 threads at once;
- one address trying a new account on every attempt lets exactly 20 through, even when
  it forges a new X-Forwarded-For value each time (ignored without a trusted proxy; with
  one, only the address the proxy appended counts), sequentially and from 8 threads; and
  another address is still let in (the limit is per address, not global).

Body caps: a request whose Content-Length is over JOURNAL_MAX_BODY_BYTES (a login) or
over JOURNAL_MAX_IMPORT_BYTES (/import/) is answered 413 within 1 second of its headers,
while the client is still trickling its body (a raw socket, 1 KiB per 50 ms: a server
that read the body first would take minutes).

Hostile backups through /import/: JSON nested 100,000 deep, a number of 100,000 digits
and a 15 MB string, each planted in a real backup, answer 400 with the reason, restore
nothing, and kill no worker; the same backup untouched restores (the control).

Figures on the shared 2-core machine that wrote this (`pytest
tests/server/test_abuse_limits.py -s` prints the counts), with both proxy settings:
brute force lets through exactly 5 per account and 20 per address, sequentially and from
8 threads at once, on SQLite and on PostgreSQL (an attempt is counted in the same locked
transaction that checks the counts, before its password is checked); the 413s come
within 1 ms of the headers; the hostile backups answer 400 in 0.01 to 0.45 s. The module
takes about 50 s.
"""

from __future__ import annotations

import json
import secrets
import select
import socket
import threading
import time
from collections import Counter
from contextlib import ExitStack

import pytest
from gunicorn_server import HOST, Browser, migrate, production_env, running, strong_password
from helpers import throwaway_postgres_database
from sqlalchemy import create_engine, delete

from journal.models import LoginFailure

WORKERS = 4
THREADS = 8
ACCOUNT_LIMIT = 5  # README "Security": 5 failures per account...
ADDRESS_LIMIT = 20  # ...or 20 per address, within 15 minutes
MAX_BODY_BYTES = 2 * 1024 * 1024  # README "Configuration": the defaults
MAX_IMPORT_BYTES = 16 * 1024 * 1024
ANSWER_WITHIN = 1.0  # seconds from the end of the headers to the 413
TRICKLE = (1024, 0.05)  # bytes per step, seconds between steps
WRONG_PASSWORD = "not the password of anyone"
YEAR = 2026
DEEP = 100_000


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """A factory: servers(proxy_count, backend) is the production app under gunicorn with
    JOURNAL_PROXY_COUNT=proxy_count on a fresh SQLite or PostgreSQL database (started on
    first use), with its database URL. All are stopped when the module's tests are done."""
    started = {}
    with ExitStack() as stack:

        def server_for(proxy_count: int, backend: str = "sqlite"):
            if (proxy_count, backend) not in started:
                tmp = tmp_path_factory.mktemp(f"proxies-{proxy_count}-{backend}")
                if backend == "sqlite":
                    url = f"sqlite:///{tmp / 'journal.sqlite3'}"
                else:
                    url = stack.enter_context(throwaway_postgres_database())
                env = production_env(url, tmp, JOURNAL_PROXY_COUNT=str(proxy_count),
                                     JOURNAL_TODAY=f"{YEAR}-06-15")
                migrate(env)
                server = stack.enter_context(running(env, WORKERS, tmp / "gunicorn.log"))
                started[proxy_count, backend] = (server, url)
            return started[proxy_count, backend]

        yield server_for


def forget_failures(url: str) -> None:
    """Start from no recorded login failures, as 15 quiet minutes would."""
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(delete(LoginFailure))
    finally:
        engine.dispose()


def random_address() -> str:
    return f"10.{secrets.randbelow(256)}.{secrets.randbelow(256)}.{secrets.randbelow(254) + 1}"


class Attacker:
    """Login attempts through the real form, each with its own X-Forwarded-For value."""

    def __init__(self, port: int):
        self.browser = Browser(port)
        self.browser.refresh_token("/login")

    def attempt(self, email: str, forwarded_for: str, password: str = WRONG_PASSWORD):
        return self.browser.post("/login", {"email": email, "password": password},
                                 headers={"X-Forwarded-For": forwarded_for})


def let_through(statuses: list[int]) -> int:
    """The attempts whose password was checked (401) rather than refused (429)."""
    unexpected = set(statuses) - {401, 429}
    assert not unexpected, f"answers other than 401 and 429: {Counter(statuses)}"
    return statuses.count(401)


def assert_limit(statuses: list[int], limit: int, attempts: str, proxies: int,
                 threads: int) -> None:
    """Exactly `limit` of the attempts were let through (401), the rest refused (429);
    in that order when they were sent one after another."""
    allowed = let_through(statuses)
    print(f"\nproxies={proxies}, {threads} thread(s): {allowed} of {len(statuses)} attempts "
          f"{attempts} let through")
    assert allowed == limit, (
        f"{allowed} attempts {attempts} were let through before 429 "
        f"(limit {limit}; proxies={proxies}, threads={threads}): {statuses}")
    if threads == 1:
        assert statuses == [401] * limit + [429] * (len(statuses) - limit)


def attack(port: int, attempts: list[tuple[str, str]], threads: int) -> list[int]:
    """Send every (email, X-Forwarded-For) attempt, from `threads` threads released at
    once; return the statuses, in the order they were answered."""
    attackers = [Attacker(port) for _ in range(threads)]
    statuses: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(threads)

    def work(attacker: Attacker, share: list[tuple[str, str]]) -> None:
        start.wait()
        for email, address in share:
            status = attacker.attempt(email, address).status
            with lock:
                statuses.append(status)

    workers = [threading.Thread(target=work, args=(attacker, attempts[n::threads]))
               for n, attacker in enumerate(attackers)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return statuses


def registered(port: int, email: str) -> tuple[Browser, str]:
    browser, password = Browser(port), strong_password()
    browser.register(email, password)
    return browser, password


# --- login brute force ----------------------------------------------------------------------

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("proxies", [0, 1])
@pytest.mark.parametrize("threads", [1, THREADS], ids=["sequential", "8-threads"])
def test_one_account_from_many_addresses_gets_5_tries(servers, proxies, threads, backend):
    server, url = servers(proxies, backend)
    forget_failures(url)
    email = f"victim-{proxies}-{threads}@example.org"
    owner, password = registered(server.port, email)
    # Sequentially, two more than the limit show the 429s; at once, two per thread.
    count = ACCOUNT_LIMIT + 2 if threads == 1 else 2 * THREADS
    attempts = [(email, random_address()) for _ in range(count)]
    statuses = attack(server.port, attempts, threads)
    assert_limit(statuses, ACCOUNT_LIMIT, f"at one account, from {len(attempts)} forged "
                 "addresses", proxies, threads)
    # Locked means locked: even the right password waits, from yet another address.
    locked = Attacker(server.port).attempt(email, random_address(), password)
    assert locked.status == 429 and int(locked.headers["Retry-After"]) > 0


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("proxies", [0, 1])
@pytest.mark.parametrize("threads", [1, THREADS], ids=["sequential", "8-threads"])
def test_one_address_forging_x_forwarded_for_gets_20_tries(servers, proxies, threads, backend):
    server, url = servers(proxies, backend)
    forget_failures(url)
    # Without a trusted proxy the client is 127.0.0.1 whatever it forges. With one, the
    # proxy appends the address it saw: what the client forged in front must not count.
    real = "127.0.0.1" if proxies == 0 else random_address()
    attempts = []
    for n in range(ADDRESS_LIMIT + (2 if threads == 1 else THREADS)):
        forged = random_address()
        attempts.append((f"nobody-{proxies}-{threads}-{n}@example.org",
                         forged if proxies == 0 else f"{forged}, {real}"))
    statuses = attack(server.port, attempts, threads)
    assert_limit(statuses, ADDRESS_LIMIT, "from one address, each forging a new "
                 "X-Forwarded-For", proxies, threads)
    if proxies == 1:
        # The limit is that address's: someone behind the proxy at another address is
        # still let in to try.
        other = Attacker(server.port).attempt("someone@example.org", random_address())
        assert other.status == 401


# --- body caps --------------------------------------------------------------------------------


def first_answer_to_trickled_body(port: int, path: str, content_type: str,
                                  content_length: int, cookie: str = "",
                                  give_up: float = 5 * ANSWER_WITHIN) -> tuple[str, float]:
    """Send the headers of a POST whose body is `content_length` bytes, then trickle the
    body; return the status line of the answer and the seconds from the end of the
    headers to it ("" when none came within `give_up` seconds)."""
    headers = [f"POST {path} HTTP/1.1", f"Host: {HOST}:{port}", f"Content-Type: {content_type}",
               f"Content-Length: {content_length}", "User-Agent: year-journal-server-tests"]
    if cookie:
        headers.append(f"Cookie: {cookie}")
    step, pause = TRICKLE
    with socket.create_connection((HOST, port), timeout=10) as sock:
        sock.sendall(("\r\n".join(headers) + "\r\n\r\n").encode("ascii"))
        sent_headers = time.perf_counter()
        received = b""
        while (waited := time.perf_counter() - sent_headers) < give_up:
            readable, _, _ = select.select([sock], [], [], pause)
            if readable:
                chunk = sock.recv(65536)
                received += chunk
                if b"\r\n" in received or not chunk:
                    return received.split(b"\r\n", 1)[0].decode("latin-1"), waited
            else:
                sock.sendall(b"x" * step)
    return "", give_up


@pytest.fixture(scope="module")
def logged_in(servers):
    """A logged-in browser on the server behind one trusted proxy (the README's setup)."""
    server, _url = servers(1)
    browser, _password = registered(server.port, "importer@example.org")
    return server, browser


def cookie_of(browser: Browser) -> str:
    return "; ".join(f"{name}={value}" for name, value in browser.cookies.items())


@pytest.mark.parametrize(("path", "content_type", "cap"), [
    ("/login", "application/x-www-form-urlencoded", MAX_BODY_BYTES),
    ("/import/", "multipart/form-data; boundary=trickle", MAX_IMPORT_BYTES),
], ids=["form", "import"])
def test_a_body_over_the_cap_is_refused_before_it_is_read(logged_in, path, content_type, cap):
    server, browser = logged_in
    cookie = cookie_of(browser) if path == "/import/" else ""  # a restore needs a login
    status, seconds = first_answer_to_trickled_body(server.port, path, content_type, cap + 1,
                                                    cookie)
    print(f"\n{path}: {status!r} {seconds * 1000:.0f} ms after the headers "
          f"(Content-Length {cap + 1:,})")
    assert status.split(" ")[1:2] == ["413"], f"{path} answered {status!r} after {seconds:.1f} s"
    assert seconds < ANSWER_WITHIN, f"{path}: the 413 came {seconds:.2f} s after the headers"


def test_the_trickling_client_is_slow_enough_to_tell(logged_in):
    """The checker's own test: a body at the cap is not refused, so the server waits for
    it, and no answer comes within the time a 413 must come in."""
    server, _browser = logged_in
    status, seconds = first_answer_to_trickled_body(
        server.port, "/login", "application/x-www-form-urlencoded", MAX_BODY_BYTES,
        give_up=1.5 * ANSWER_WITHIN)
    assert status == "" and seconds > ANSWER_WITHIN


# --- hostile backups ----------------------------------------------------------------------------


def multipart(fields: dict[str, str], filename: str, content: bytes) -> tuple[bytes, str]:
    """Return a multipart/form-data body (fields and one file) and its Content-Type."""
    boundary = secrets.token_hex(16)
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        .encode() for name, value in fields.items()
    ]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                 f'filename="{filename}"\r\nContent-Type: application/json\r\n\r\n'.encode()
                 + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def upload(browser: Browser, content: bytes):
    body, content_type = multipart({"csrf_token": browser.token, "on_conflict": "refuse"},
                                   "backup.json", content)
    return browser.request("POST", "/import/", body, headers={"Content-Type": content_type})


def backup_of_a_journal(browser: Browser) -> dict:
    """Fill a small journal through the forms and return its backup, as downloaded."""
    browser.start_year(YEAR)
    goal_id = browser.add_count_goal(YEAR, "Publish posts")
    assert browser.post(f"/goals/{goal_id}/log", {"amount": "1"}).status == 302
    assert browser.post(f"/years/{YEAR}/checkins/new?kind=ad-hoc",
                        {"on": f"{YEAR}-03-01", "mood": "4", "went_well": "Mornings."}
                        ).status == 302
    reply = browser.get("/export/backup.json")
    assert reply.status == 200
    return json.loads(reply.text)


PLACEHOLDER = "HOSTILE-PART"


def with_hostile_part(document: dict, where: str, raw_json: str) -> bytes:
    """The backup with the value at `where` replaced by `raw_json`, spliced in as text
    (json.dumps could not write a 100,000-deep list)."""
    copy = json.loads(json.dumps(document))
    year = copy["years"][0]
    if where == "checkpoints":
        year["goals"][0]["plan_revisions"][0]["checkpoints"] = PLACEHOLDER
    elif where == "target":
        year["goals"][0]["plan_revisions"][0]["target"] = PLACEHOLDER
    else:
        year["checkins"][0]["went_well"] = PLACEHOLDER
    return json.dumps(copy).replace(f'"{PLACEHOLDER}"', raw_json).encode()


HOSTILE = {
    "nested 100,000 deep": ("checkpoints", "[" * DEEP + "]" * DEEP, "nests deeper"),
    "a number of 100,000 digits": ("target", "9" * DEEP, "is longer than"),
    "a 15 MB string": ("went_well", json.dumps("x" * 15_000_000), "longer than 20,000"),
}


def test_hostile_backups_answer_400_and_restore_nothing(logged_in):
    server, owner = logged_in
    document = backup_of_a_journal(owner)
    workers = sorted(server.worker_pids())
    target, _password = registered(server.port, f"restorer-{secrets.token_hex(4)}@example.org")
    answers = {}
    for name, (where, raw_json, reason) in HOSTILE.items():
        content = with_hostile_part(document, where, raw_json)
        assert len(content) < MAX_IMPORT_BYTES, name
        reply = upload(target, content)
        answers[name] = (reply.status, f"{reply.seconds:.2f} s")
        assert reply.status == 400, f"{name}: answered {reply.status}"
        assert reason in reply.text and "Nothing was restored" in reply.text, name
    print(f"\nhostile backups: {answers}")
    assert json.loads(target.get("/export/backup.json").text)["years"] == []
    assert sorted(server.worker_pids()) == workers, "a worker died on a hostile backup"
    assert not server.failures_in_log(), server.failures_in_log()[:5]
    # The control: the same backup, untouched, restores.
    assert upload(target, json.dumps(document).encode()).status == 302
    assert [year["year"] for year in json.loads(target.get("/export/backup.json").text)["years"]
            ] == [YEAR]
