"""Measurements made without the server: matplotlib drawing alone, the 25-goal board,
SQL statements per page, the start-up time of a fresh worker process, and the CPU time
a request takes in-process."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
from pathlib import Path

from clients import BenchError, body_text
from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for helpers.py
from helpers import StatementCounter, clear_worker_caches  # noqa: E402

from journal import charts  # noqa: E402
from journal.domain.summary import BoardRow  # noqa: E402
from journal.extensions import db  # noqa: E402

STARTUP_CODE = """
import time
started, cpu = time.perf_counter(), time.process_time()
from journal import create_app
create_app()
print(time.perf_counter() - started, time.process_time() - cpu)
"""


@contextlib.contextmanager
def timed_renders():
    """Time every journal.charts.render() call while active; yield the list of
    seconds. The routes call it through the module, so wrapping it sees theirs."""
    real = charts.render
    seconds: list[float] = []

    def timed(kind, data, style, fmt="svg"):
        started = time.perf_counter()
        try:
            return real(kind, data, style, fmt)
        finally:
            seconds.append(time.perf_counter() - started)

    charts.render = timed
    try:
        yield seconds
    finally:
        charts.render = real


def render_seconds(session, paths: list[str]) -> dict[str, float]:
    """Request each chart in-process (its data built by the route itself) and return
    the time matplotlib alone took to draw it. Each path must be a chart this process
    has never drawn, so the route cannot answer from its cache."""
    result = {}
    with timed_renders() as seconds:
        for path in paths:
            drawn = len(seconds)
            reply = session.request("GET", path)
            if reply.status != 200 or len(seconds) != drawn + 1:
                raise BenchError(f"{path}: {reply.status}, {len(seconds) - drawn} drawings")
            result[path] = seconds[-1]
    return result


def statement_counts(app, session, paths: list[str]) -> dict[str, int]:
    """Return the SQL statements each page runs (after one request to warm it up),
    counted as tests/helpers.py's StatementCounter counts them."""
    counts = {}
    with app.app_context():
        engine = db.engine
    for path in paths:
        session.request("GET", path)
        clear_worker_caches()  # count what building the page takes, not a cache hit
        with StatementCounter(engine) as counter:
            reply = session.request("GET", path)
        if reply.status not in (200, 304):
            raise BenchError(f"{path} answered {reply.status} in-process")
        counts[path] = counter.count
    return counts


def board_rows(goals: int = 25) -> tuple[BoardRow, ...]:
    """A year board of `goals` goals over five areas, every status present."""
    statuses = ("on track", "behind", "at risk", "achieved", "not started", "dropped")
    return tuple(
        BoardRow(area=f"Area {index % 5 + 1} of the journal", color="blue",
                 title=f"Goal {index + 1}: a goal title of a realistic length",
                 share=(index * 0.07) % 1.15, expected=0.9, status=statuses[index % 6])
        for index in range(goals)
    )


def board_seconds(samples: int, goals: int = 25) -> dict[str, list[float]]:
    """Draw the year board of `goals` goals `samples` times (matplotlib already loaded);
    return the wall-clock and CPU times of each drawing."""
    rows = board_rows(goals)
    charts.render("board", ("warm-up", rows), charts.LIGHT, "svg")
    result: dict[str, list[float]] = {"wall": [], "cpu": []}
    for _ in range(samples):
        started, cpu = time.perf_counter(), time.process_time()
        charts.render("board", ("2026", rows), charts.LIGHT, "svg")
        result["wall"].append(time.perf_counter() - started)
        result["cpu"].append(time.process_time() - cpu)
    return result


def startup_seconds(env: dict[str, str], cwd: Path, samples: int) -> dict[str, list[float]]:
    """Time importing the app and calling create_app() in `samples` fresh processes:
    the wall-clock time, and the CPU time (which a busy machine does not stretch)."""
    result: dict[str, list[float]] = {"wall": [], "cpu": []}
    for _ in range(samples):
        done = subprocess.run([sys.executable, "-c", STARTUP_CODE], env=env, cwd=cwd,
                              capture_output=True, text=True, check=False, timeout=120)
        if done.returncode != 0:
            raise BenchError(f"create_app() failed in a fresh process:\n{done.stderr}")
        wall, cpu = done.stdout.strip().splitlines()[-1].split()
        result["wall"].append(float(wall))
        result["cpu"].append(float(cpu))
    return result


@contextlib.contextmanager
def transaction_seconds(engine):
    """Add up, while active, the wall-clock time spent inside database transactions: from
    each BEGIN (on SQLite a POST's BEGIN IMMEDIATE, once it holds the write lock) to just
    before its COMMIT or ROLLBACK. Yield a one-item list holding the seconds."""
    total, began = [0.0], []

    def on_begin(_connection):
        began.append(time.perf_counter())

    def on_end(_connection):
        if began:
            total[0] += time.perf_counter() - began.pop()

    hooks = (("begin", on_begin), ("commit", on_end), ("rollback", on_end))
    for name, hook in hooks:
        event.listen(engine, name, hook)
    try:
        yield total
    finally:
        for name, hook in hooks:
            event.remove(engine, name, hook)


def request_costs(session, targets, count: int, rounds: int) -> dict[str, dict]:
    """Send each target `count` times with its fixed headers and body, as wrk sends it
    (the answer's cookies are not kept), in `rounds` rounds that alternate the targets.

    Return {name: {"method", "cpu_ms", "wall_ms", "transaction_ms"}} per request, each
    time the lowest of the rounds (the least disturbed). CPU time is this process's: all
    of the app's work on SQLite (its fsync waits excepted), but not a PostgreSQL server's,
    whose share only the wall-clock time shows. Transaction time is what the request
    spends inside database transactions (see transaction_seconds): on SQLite, a write
    holds the database's one write lock that long.
    """
    def send(target):
        response = session.send(target.method, target.path, target.body, dict(target.headers))
        if response.status_code != target.expect:
            raise BenchError(f"{target.name} answered {response.status_code} in-process, "
                             f"not {target.expect}")
        return response

    with session.client.application.app_context():
        engine = db.engine
    best = {target.name: {"method": target.method, "cpu_ms": float("inf"),
                          "wall_ms": float("inf"), "transaction_ms": float("inf")}
            for target in targets}
    for target in targets:
        # Warm up (the first request of a kind fills caches), and check once what a status
        # alone cannot tell: the dashboard answers 200 to anyone, and a POST whose login
        # was lost answers 302 too, to the login page.
        response = send(target)
        if target.contains not in body_text(response.get_data()) \
                or "/login" in response.headers.get("Location", ""):
            raise BenchError(f"{target.name} was not answered as to a logged-in user")
    for _ in range(rounds):
        for target in targets:
            with transaction_seconds(engine) as inside:
                cpu, wall = time.process_time(), time.perf_counter()
                for _ in range(count):
                    send(target)
                cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            figures = best[target.name]
            for key, seconds in (("cpu_ms", cpu), ("wall_ms", wall),
                                 ("transaction_ms", inside[0])):
                figures[key] = min(figures[key], seconds * 1000 / count)
    return best

