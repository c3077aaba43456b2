"""Browser-test fixtures: the real app served on 127.0.0.1, and Debian's headless Chromium."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from helpers import IN_CI
from playwright.sync_api import sync_playwright

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
# Nothing here may reach beyond this machine: no background fetches, no updates, no sync.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STARTUP_TIMEOUT = 30.0
SHUTDOWN_TIMEOUT = 10.0

# An opener without proxy handlers: a proxy set in the environment must never see
# the health checks, which are meant for 127.0.0.1 only.
_direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    """Return True when `url` answers 200; False while the server is not up (yet)."""
    try:
        with _direct.open(url, timeout=2) as response:
            return response.status == 200
    except urllib.error.HTTPError as exc:
        exc.close()  # an unclosed error response would raise a ResourceWarning
        return False
    except OSError:  # connection refused while the server is still starting
        return False


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=SHUTDOWN_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _environment(tmp: Path, **extra_env) -> dict[str, str]:
    """The environment of the app on the database and instance folder in `tmp`."""
    env = os.environ.copy()
    env.update(
        JOURNAL_ENV="development",
        JOURNAL_INSTANCE_PATH=str(tmp / "instance"),
        DATABASE_URL=f"sqlite:///{tmp / 'browser.sqlite3'}",
        SECRET_KEY=secrets.token_hex(32),
    )
    env.update(extra_env)
    return env


@contextmanager
def _serve(tmp: Path, port: int | None = None, **extra_env):
    """Serve the app as `flask run` does, on the database in `tmp` (made on first use);
    yield the base URL.

    The server is stopped by its PID on the way out, whatever happened.
    """
    env = _environment(tmp, **extra_env)
    flask = [sys.executable, "-m", "flask", "--app", "journal"]
    # The schema comes from the migrations, exactly as a real deployment builds it.
    subprocess.run([*flask, "db", "upgrade"], check=True, cwd=REPO_ROOT, env=env)

    port = port or _free_port()
    base_url = f"http://127.0.0.1:{port}"
    log_path = tmp / "server.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [*flask, "run", "--host", "127.0.0.1", "--port", str(port), "--no-reload"],
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + STARTUP_TIMEOUT
            while not _healthy(f"{base_url}/healthz"):
                if proc.poll() is not None or time.monotonic() > deadline:
                    _stop(proc)
                    pytest.fail(
                        f"the app did not become healthy at {base_url}:\n"
                        + log_path.read_text(errors="replace")
                    )
                time.sleep(0.2)
            yield base_url
        finally:
            if proc.poll() is None:
                _stop(proc)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The app on a fresh database, with the real today; yields the base URL."""
    with _serve(tmp_path_factory.mktemp("live-server")) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def dated_server(tmp_path_factory):
    """A factory: dated_server("2026-07-01") serves a fresh app whose today is that date.

    Every server it starts is stopped when the module's tests are done.
    """
    with ExitStack() as stack:

        def start(today: str) -> str:
            tmp = tmp_path_factory.mktemp(f"server-{today}")
            return stack.enter_context(_serve(tmp, JOURNAL_TODAY=today))

        yield start


@pytest.fixture(scope="module")
def journey_server(tmp_path_factory):
    """A factory for a journey through the year: journey_server("2026-07-01") (re)starts
    the app, on one database and one address, with its today on that date.

    Time moves by configuration, never by sleeping. Logins survive a restart (the secret
    key stays); the last server is stopped when the module's tests are done.
    """
    tmp = tmp_path_factory.mktemp("journey")
    settings = {"SECRET_KEY": secrets.token_hex(32), "port": _free_port()}
    running: list[ExitStack] = []

    def at(today: str) -> str:
        while running:
            running.pop().close()
        stack = ExitStack()
        running.append(stack)
        return stack.enter_context(_serve(tmp, JOURNAL_TODAY=today, **settings))

    try:
        yield at
    finally:
        while running:
            running.pop().close()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless; Playwright is never allowed to fetch a browser."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is not installed (make chromium installs it)"
        if IN_CI:
            pytest.fail(f"CI must run the browser tests: {reason}")
        pytest.skip(reason)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """Where screenshots go: JOURNAL_SCREENSHOT_DIR, else build/screenshots (git-ignored)."""
    path = Path(os.environ.get("JOURNAL_SCREENSHOT_DIR") or REPO_ROOT / "build" / "screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """The app serving the demo journal (`flask --app journal demo`: two years, 2025 and
    2026, of every kind of goal) with its today on 22 November 2026.

    Yields (base URL, email, password) of the demo account; the server is stopped when the
    module's tests are done.
    """
    tmp = tmp_path_factory.mktemp("demo-server")
    today = "2026-11-22"
    with _serve(tmp, JOURNAL_TODAY=today) as base_url:
        # The same database as the server's (_serve migrated it): the demo only writes rows.
        done = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "journal", "demo"],
            check=True, cwd=REPO_ROOT, env=_environment(tmp, JOURNAL_TODAY=today),
            capture_output=True, text=True,
        )
        # "Demo journal ready. Log in as demo@example.org with the password: <password>"
        login = done.stdout.strip().rpartition("Log in as ")[2]
        email, _, password = login.partition(" with the password: ")
        assert email and password, f"unexpected output of flask demo: {done.stdout!r}"
        yield base_url, email, password
