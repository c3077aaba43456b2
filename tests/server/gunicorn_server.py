"""The app under gunicorn as the README runs it in production, and a browser-like client.

`Gunicorn` starts `gunicorn --workers N --preload 'journal:create_app()'` on a free port of
127.0.0.1 with the production settings (JOURNAL_ENV=production, a strong random
SECRET_KEY, JOURNAL_TRUSTED_HOSTS), stops it by its PID, or kills the master and its
workers with SIGKILL as a power cut or the OOM killer would.

`Browser` talks plain HTTP with http.client (which never goes through a proxy) and keeps
every cookie it is given, the `Secure` ones included: in production a reverse proxy
terminates HTTPS in front of gunicorn, and this client plays both the browser (which
keeps Secure cookies over HTTPS) and that proxy. The app itself runs unchanged, with its
cookies marked Secure, exactly as `make bench` serves it.
"""

from __future__ import annotations

import contextlib
import http.client
import math
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from helpers import csrf_token_from

HOST = "127.0.0.1"
REPO_ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 60.0
SHUTDOWN_TIMEOUT = 15.0
USER_AGENT = "year-journal-server-tests"
# Lines of gunicorn's log (the workers' stderr) that mean a request failed or a worker
# was lost: a 500 with its traceback, a worker killed for taking too long, a lock error.
FAILURE_MARKS = ("Exception on", "Traceback", "WORKER TIMEOUT", "database is locked")
AREA_OPTION = re.compile(r'<option value="(\d+)"')


class ServerError(RuntimeError):
    """The server did not start, or did not stop, as expected."""


def free_port() -> int:
    """Return a TCP port of 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def strong_password() -> str:
    """A password the production checks accept (long, random, not a common one)."""
    return secrets.token_urlsafe(18)


def production_env(database_url: str, folder: Path, **extra: str) -> dict[str, str]:
    """The environment of the README's production section, on `database_url`."""
    env = {key: value for key, value in os.environ.items() if key != "FLASK_DEBUG"}
    env.update({
        "JOURNAL_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": database_url,
        "JOURNAL_INSTANCE_PATH": str(folder / "instance"),
        "JOURNAL_PROXY_COUNT": "1",
        "JOURNAL_TRUSTED_HOSTS": HOST,
    })
    env.update(extra)
    return env


def migrate(env: dict[str, str]) -> None:
    """Build the schema as a deployment does: `flask --app journal db upgrade`."""
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "journal", "db", "upgrade"],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        raise ServerError(f"flask db upgrade failed:\n{done.stdout}\n{done.stderr}")


class Gunicorn:
    """One gunicorn master and its workers serving 'journal:create_app()'."""

    # gunicorn's arguments naming the app, last on its command line.
    app_arguments: tuple[str, ...] = ("journal:create_app()",)

    def __init__(self, env: dict[str, str], workers: int, log_path: Path):
        self.env, self.workers, self.log_path = env, workers, log_path
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.startup_seconds = 0.0

    def start(self) -> None:
        """Spawn the master; return once every worker is up and /ping answers."""
        gunicorn = Path(sys.executable).parent / "gunicorn"
        command = [str(gunicorn), "--workers", str(self.workers), "--preload",
                   "--bind", f"{HOST}:{self.port}", "--no-control-socket",
                   *self.app_arguments]
        started = time.perf_counter()
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(command, env=self.env, cwd=REPO_ROOT,
                                            stdin=subprocess.DEVNULL, stdout=log,
                                            stderr=subprocess.STDOUT)
        while time.perf_counter() - started < STARTUP_TIMEOUT:
            if self.process.poll() is not None:
                raise ServerError(f"gunicorn exited with {self.process.returncode}:\n"
                                  + self.log_text()[-3000:])
            if len(self.worker_pids()) == self.workers and self._pings():
                self.startup_seconds = time.perf_counter() - started
                return
            time.sleep(0.02)
        self.stop()
        raise ServerError(f"gunicorn did not answer /ping within {STARTUP_TIMEOUT:.0f} s")

    def _pings(self) -> bool:
        with contextlib.suppress(OSError):
            connection = http.client.HTTPConnection(HOST, self.port, timeout=5)
            try:
                connection.request("GET", "/ping")
                return connection.getresponse().status == 200
            finally:
                connection.close()
        return False

    def worker_pids(self) -> list[int]:
        """Return the PIDs of the master's children: its workers."""
        if self.process is None:
            return []
        return children_of(self.process.pid)

    def stop(self) -> None:
        """Stop the master by its PID (TERM, then KILL), and any worker left behind."""
        if self.process is None or self.process.poll() is not None:
            return
        workers = self.worker_pids()
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(SHUTDOWN_TIMEOUT)
            return  # a graceful stop: the master has stopped its workers
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        kill_and_wait(workers)  # the master was killed: its workers would live on

    def kill_all(self) -> list[int]:
        """SIGKILL the master and its workers, wait until they are gone, and return the
        PIDs killed. The master goes first, so it cannot replace a worker."""
        assert self.process is not None
        workers = self.worker_pids()
        self.process.kill()
        kill_and_wait(workers)
        self.process.wait()
        return [self.process.pid, *workers]

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def failures_in_log(self) -> list[str]:
        """The lines of gunicorn's log that mean a request failed (see FAILURE_MARKS)."""
        return [line for line in self.log_text().splitlines()
                if any(mark in line for mark in FAILURE_MARKS)]


@contextlib.contextmanager
def running(env: dict[str, str], workers: int, log_path: Path,
            server_class: type[Gunicorn] = Gunicorn):
    """Yield a started Gunicorn (or `server_class`); it is stopped by its PID on the way
    out, whatever happens."""
    server = server_class(env, workers, log_path)
    try:
        server.start()
        yield server
    finally:
        server.stop()


def children_of(pid: int) -> list[int]:
    """Return the PIDs whose parent is `pid` (found in /proc, as `make bench` does)."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    with contextlib.suppress(OSError):
        return [int(child) for child in children.read_text().split()]
    return [int(entry.name) for entry in Path("/proc").iterdir()
            if entry.name.isdigit() and _stat_fields(int(entry.name))[1:2] == [str(pid)]]


def kill_and_wait(pids: list[int], timeout: float = SHUTDOWN_TIMEOUT) -> None:
    """SIGKILL each of `pids` (not our children, so they cannot be waited for) and poll
    until each has ended (gone, or a zombie left for init to reap)."""
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + timeout
    while any(is_alive(pid) for pid in pids):
        if time.monotonic() > deadline:
            raise ServerError(f"processes {pids} outlived SIGKILL for {timeout:.0f} s")
        time.sleep(0.01)


def is_alive(pid: int) -> bool:
    fields = _stat_fields(pid)
    return bool(fields) and fields[0] not in ("Z", "X")


def rss_mib(pid: int) -> float:
    """Return the resident memory (VmRSS) of process `pid` in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise ServerError(f"process {pid} has no VmRSS")


def cpu_ticks(pid: int) -> int:
    """The CPU time (user + system, in clock ticks) process `pid` has used so far."""
    fields = _stat_fields(pid)
    return int(fields[11]) + int(fields[12]) if fields else 0


def _stat_fields(pid: int) -> list[str]:
    """The fields of /proc/PID/stat after the command name (which may hold spaces), so
    that field N of proc(5) is at index N - 3; [] when the process is gone."""
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return []


# --- the client ------------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    text: str
    seconds: float

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")

    @property
    def saved(self) -> bool:
        """True for the answer to a write that was saved: a redirect (Post/Redirect/Get)
        anywhere but to the login page, where a request without a live login is sent."""
        return self.status in (302, 303) and not self.location.startswith("/login")


class Browser:
    """One person's browser: its cookies, and the CSRF token of its session."""

    def __init__(self, port: int, headers: dict[str, str] | None = None):
        self.port = port
        self.headers = {"User-Agent": USER_AGENT, **(headers or {})}
        self.cookies: dict[str, str] = {}
        self.token = ""

    def request(self, method: str, path: str, body: bytes | str = b"",
                headers: dict[str, str] | None = None, timeout: float = 60.0) -> Reply:
        """Send one request on a fresh connection (gunicorn's sync workers close each
        one anyway); keep the cookies of the answer."""
        headers = {**self.headers, **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        connection = http.client.HTTPConnection(HOST, self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body or None, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        seconds = time.perf_counter() - started
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Reply(response.status, response.headers, text, seconds)

    def get(self, path: str, **kwargs) -> Reply:
        return self.request("GET", path, **kwargs)

    def tab(self) -> Browser:
        """Another tab of this browser: the same login and CSRF token, its own cookies
        from now on (so that threads can send at once)."""
        other = Browser(self.port, self.headers)
        other.cookies, other.token = dict(self.cookies), self.token
        return other

    def post(self, path: str, fields: dict[str, str], **kwargs) -> Reply:
        """POST a form with this session's CSRF token (read from `refresh_token`)."""
        body = urlencode({**fields, "csrf_token": self.token})
        headers = {"Content-Type": "application/x-www-form-urlencoded",
                   **kwargs.pop("headers", {})}
        return self.request("POST", path, body, headers=headers, **kwargs)

    def refresh_token(self, page: str = "/") -> None:
        """Read the CSRF token of this session's forms from `page`, as a browser would."""
        reply = self.get(page)
        assert reply.status == 200, f"GET {page} answered {reply.status}"
        self.token = csrf_token_from(reply.text)

    def register(self, email: str, password: str) -> None:
        """Create an account through the register form; the browser is then logged in."""
        self.refresh_token("/register")
        reply = self.post("/register", {"email": email, "password": password,
                                        "confirm": password})
        assert reply.status == 302, f"registering {email} answered {reply.status}"
        self.refresh_token("/")

    def start_year(self, number: int) -> None:
        reply = self.post("/years/new", {"number": str(number)})
        assert reply.status == 302, f"starting {number} answered {reply.status}"

    def add_count_goal(self, number: int, title: str, target: int = 100) -> int:
        """Add a count goal for the whole of year `number` through the new-goal form;
        return its id."""
        page = self.get(f"/years/{number}/goals/new")
        assert page.status == 200, f"the new-goal page answered {page.status}"
        area_id = AREA_OPTION.search(page.text).group(1)
        reply = self.post(f"/years/{number}/goals/new", {
            "title": title, "kind": "count", "area_id": area_id, "count_target": str(target),
            "count_unit": "posts", "start_date": f"{number}-01-01",
            "end_date": f"{number}-12-31", "direction": "at_least", "cadence": "week",
        })
        assert reply.status == 302, f"adding goal {title!r} answered {reply.status}"
        return int(reply.location.rsplit("#goal-", 1)[1])


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of `values` lie (nearest rank)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]
