"""`make bench`: the Year Journal under load, as it runs in production.

Generates a journal in a throwaway database (SQLite, or PostgreSQL with --postgres),
serves it with gunicorn as the README recommends, loads every page, chart and form with
wrk, measures what wrk cannot (cold charts, matplotlib alone, start-up, memory, SQL
statements), prints the figures against their goals and writes them as JSON. The last
line printed is the JSON file's path. It exits 0 when a goal is missed: it measures,
it does not test. See README.md beside this file.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from urllib.parse import urlencode

import dataset
import floors
import inprocess
import load
import report
import server
from clients import BenchError, HttpSession, InProcessSession, form_token, login
from load import LoadSettings, Target

from journal.extensions import db

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "build" / "bench"  # git-ignored: the JSON reports and gunicorn's logs
YEAR = dataset.TODAY.year
LOGGED_IN_MARK = "Log out"  # every page of a logged-in user has the button


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run (10)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (16)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of every target (3)")
    parser.add_argument("--warmup", type=int, default=2, help="warm-up seconds per target (2)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (4)")
    parser.add_argument("--cold-charts", type=int, default=0,
                        help="goal charts to draw cold (0: every goal chart of the heavy user)")
    parser.add_argument("--light-users", type=int, default=dataset.LIGHT_USERS)
    parser.add_argument("--postgres", action="store_true",
                        help="a throwaway PostgreSQL database on 127.0.0.1:5432 (user postgres)")
    parser.add_argument("--quick", action="store_true",
                        help="a smoke run: 2-second runs, one round, fewer samples")
    args = parser.parse_args(argv)
    if args.quick:
        args.duration, args.rounds, args.warmup = 2, 1, 1
        args.cold_charts = args.cold_charts or 15
    return args


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def app_environment(database_url: str, folder: Path) -> dict[str, str]:
    """The production settings of the README, on the throwaway database, on a fixed day."""
    return server.production_env(
        database_url, folder, JOURNAL_TODAY=dataset.TODAY.isoformat(),
        JOURNAL_TRUSTED_HOSTS="127.0.0.1,localhost",  # wrk's Host, the test client's
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    load.check_wrk()
    started = time.perf_counter()
    stamp = f"{datetime.now():%Y%m%d-%H%M%S}"
    OUT.mkdir(parents=True, exist_ok=True)
    meta = {"started": datetime.now(UTC).isoformat(timespec="seconds"),
            "gunicorn_log": str(OUT / f"gunicorn-{stamp}.log"),
            "database": "postgresql" if args.postgres else "sqlite",
            "workers": args.workers, "connections": args.connections,
            "threads": args.threads, "duration_s": args.duration, "rounds": args.rounds,
            "warmup_s": args.warmup, "quick": args.quick, "today": dataset.TODAY.isoformat(),
            "cpus": os.cpu_count(), "load_average_start": _load_average(),
            "cpu_pressure_start": _cpu_pressure(), "app_version": _app_version()}
    with tempfile.TemporaryDirectory(prefix="journal-bench-") as folder, \
            dataset.database_url(args.postgres, Path(folder)) as url:
        env = app_environment(url, Path(folder))
        os.environ.pop("FLASK_DEBUG", None)
        os.environ.update(env)  # the in-process app reads the same settings
        results = run(args, env, meta)
    meta.update(run_seconds=time.perf_counter() - started, load_average_end=_load_average(),
                cpu_pressure_end=_cpu_pressure())
    figures = report.build(results, meta)
    print(report.render_text(figures), flush=True)
    print(report.write_json(figures, OUT / f"bench-{stamp}.json"))
    return 0


def run(args, env: dict[str, str], meta: dict) -> dict:
    """Every measurement, in order: data, the server under load, then in-process ones."""
    say(f"migrating a fresh {meta['database']} database (flask db upgrade)")
    dataset.migrate(env, ROOT)
    app = floors.create_app()  # the app gunicorn serves
    try:
        data = generate(app, args.light_users, meta)
        results = measure_server(args, env, Path(meta["gunicorn_log"]), data)
        results.update(measure_in_process(app, args, env, data, results))
    finally:
        with app.app_context():
            db.engine.dispose()  # so the throwaway PostgreSQL database can be dropped
    return results


def generate(app, light_users: int, meta: dict) -> dataset.Dataset:
    started = time.perf_counter()
    with app.app_context():
        data = dataset.generate(light_users)
        db.session.remove()
    meta["dataset_seconds"] = time.perf_counter() - started
    meta["rows"] = data.rows
    say(f"dataset: {sum(data.rows.values()):,} rows in {meta['dataset_seconds']:.1f} s")
    return data


def measure_server(args, env, log_path: Path, data: dataset.Dataset) -> dict:
    """Serve with gunicorn; load every target; draw cold charts; weigh the workers."""
    with server.running(env, args.workers, log_path) as gunicorn:
        say(f"gunicorn up on port {gunicorn.port} in {gunicorn.startup_seconds:.2f} s")
        heavy = logged_in(gunicorn.port, data.heavy)
        light = logged_in(gunicorn.port, data.light)
        targets = (read_targets("heavy", heavy, data.heavy)
                   + read_targets("light", light, data.light))
        sign_in = partial(logged_in, gunicorn.port)
        targets += floor_targets(sign_in, data)
        targets += write_targets(sign_in, HttpSession(server.HOST, gunicorn.port), data)
        targets = ceiling_targets() + targets
        settings = LoadSettings(args.duration, args.warmup, args.connections, args.threads,
                                args.rounds)
        runs = load.measure(gunicorn, targets, settings, log=say)
        cold = cold_chart_paths(data.heavy, args.cold_charts)
        say(f"drawing {len(cold)} charts cold, one request each")
        cold_seconds = {path: timed_get(heavy, path) for path in cold}
        worker_mib = gunicorn.worker_memory_mib()
        ready = gunicorn.startup_seconds
        say("killing every worker, timing the ones forked in their place")
        replaced = gunicorn.replace_workers()
    return {
        "load": {t.name: {"group": t.group, "user": t.user, "method": t.method, "path": t.path,
                          **load.medians(runs[t.name])} for t in targets},
        "cold_request_seconds": cold_seconds,
        "worker_mib": worker_mib,
        "gunicorn_ready_seconds": ready,
        "worker_replaced_seconds": replaced,
    }


def measure_in_process(app, args, env, data: dataset.Dataset, results: dict) -> dict:
    """With the server stopped: matplotlib alone on the same cold charts, the 25-goal
    board, SQL statements per page, and start-up time in fresh processes."""
    say("in-process: matplotlib alone, the 25-goal board, SQL statements, start-up")
    heavy = logged_in_in_process(app, data.heavy)
    light = logged_in_in_process(app, data.light)
    # Draw one chart first: the first drawing of a process imports matplotlib.
    inprocess.render_seconds(heavy, [chart_paths(data.heavy)["goal chart"]])
    alone = inprocess.render_seconds(heavy, list(results["cold_request_seconds"]))
    samples = 3 if args.quick else 7
    return {
        "matplotlib_seconds": alone,
        "board_25_seconds": inprocess.board_seconds(samples),
        "sql_statements": statement_rows(app, heavy, light, data),
        "startup_seconds": inprocess.startup_seconds(env, ROOT, samples),
        "request_costs": request_costs(app, heavy, data, quick=args.quick),
    }


def logged_in_in_process(app, account: dataset.Account) -> InProcessSession:
    session = InProcessSession(app)
    login(session, account.email, dataset.PASSWORD)
    return session


def request_costs(app, heavy: InProcessSession, data: dataset.Dataset, quick: bool) -> dict:
    """What the writes cost in-process against /ping, beside a page and a 304 (whose
    shares under wrk are met) and the two floors of a write in this stack; each request
    sent with the fixed headers wrk sends."""
    say("in-process: CPU time per request of /ping, a page, a 304 and the writes")
    reads = [target for target in read_targets("heavy", heavy, data.heavy)
             if target.name in ("dashboard (heavy)", "goal chart 304 (heavy)")]
    sessions: dict[str, InProcessSession] = {}

    def sign_in(account: dataset.Account) -> InProcessSession:  # one login per account
        if account.email not in sessions:
            sessions[account.email] = logged_in_in_process(app, account)
        return sessions[account.email]

    writes = [target for target in write_targets(sign_in, InProcessSession(app), data)
              if target.group == "write"]
    ceiling = [target for target in ceiling_targets() if target.group == "ceiling"]
    targets = [*ceiling, *reads, *floor_targets(sign_in, data), *writes]
    return inprocess.request_costs(heavy, targets, count=50 if quick else 200,
                                   rounds=3 if quick else 5)


def statement_rows(app, heavy, light, data: dataset.Dataset) -> list[dict]:
    """SQL statements of every page and chart, for the light and the heavy user."""
    rows: dict[str, dict] = {}
    for user, session, account in (("light", light, data.light), ("heavy", heavy, data.heavy)):
        paths = {**page_paths(account), **chart_paths(account)}
        counts = inprocess.statement_counts(app, session, list(paths.values()))
        for label, path in paths.items():
            rows.setdefault(label, {"page": label})[user] = counts[path]
    return list(rows.values())


def logged_in(port: int, account: dataset.Account) -> HttpSession:
    session = HttpSession(server.HOST, port)
    login(session, account.email, dataset.PASSWORD)
    return session


def timed_get(session: HttpSession, path: str) -> float:
    reply = session.request("GET", path)
    if reply.status != 200:
        raise BenchError(f"{path} answered {reply.status}")
    return reply.seconds


def page_paths(account: dataset.Account) -> dict[str, str]:
    return {"dashboard": "/", "year page": f"/years/{YEAR}",
            "goal page": f"/goals/{account.goals[YEAR][0]}", "summary page": "/summary/"}


def chart_paths(account: dataset.Account) -> dict[str, str]:
    return {"goal chart": f"/goals/{account.goals[YEAR][0]}/chart.svg",
            "board chart": f"/years/{YEAR}/chart.svg", "summary chart": "/summary/chart.svg"}


def ceiling_targets() -> list[Target]:
    return [Target("ceiling /ping", "ceiling", "/ping"),
            Target("static app.css", "static", "/static/css/app.css")]


def read_targets(user: str, session: HttpSession, account: dataset.Account) -> list[Target]:
    """Pages, warm charts and their 304s of one logged-in user ("heavy" or "light")."""
    cookie = (("Cookie", session.cookie_header),)
    targets = [Target(f"{label} ({user})", "page", path, user, headers=cookie,
                      contains=LOGGED_IN_MARK)
               for label, path in page_paths(account).items()]
    for label, path in chart_paths(account).items():
        etag = session.request("GET", path).headers["ETag"]
        targets += [Target(f"{label} ({user})", "chart", path, user, headers=cookie),
                    Target(f"{label} 304 ({user})", "chart-304", path, user,
                           headers=(*cookie, ("If-None-Match", etag)), expect=304)]
    return targets


def form_target(name: str, session: HttpSession, path: str, fields: dict,
                form_page: str = "/", group: str = "write", expect: int = 302) -> Target:
    """A POST of `fields` with a fresh CSRF token of `session` and its cookie (read after
    the token, since the page that gives the token may set the cookie)."""
    body = urlencode({**fields, "csrf_token": form_token(session, form_page)})
    return Target(name, group, path, method="POST", body=body,
                  headers=(("Cookie", session.cookie_header),), expect=expect)


def floor_targets(sign_in, data: dataset.Dataset) -> list[Target]:
    """The least a write costs in this stack (see floors.py), as the quick log's writer
    but on another of its goals: the quick log's running total stays its own.
    sign_in(account) returns a session logged in as the account."""
    writer = sign_in(data.log_writer)
    one_row = {"goal": data.log_writer.goals[YEAR][1], "on": dataset.TODAY.isoformat()}
    return [form_target("floor: POST, no write", writer, "/_bench/nothing", {},
                        group="floor", expect=204),
            form_target("floor: POST, one row", writer, "/_bench/one-row", one_row,
                        group="floor", expect=204)]


def write_targets(sign_in, anonymous, data: dataset.Dataset) -> list[Target]:
    """Quick log, check-in and login POSTs, each on an account no read target uses.
    sign_in(account) returns a session logged in as the account; `anonymous` is not."""
    checkin = {"on": dataset.TODAY.isoformat(), "mood": "4", "went_well": "Mornings.",
               "went_badly": "", "next_change": "Protect Tuesdays."}
    credentials = {"email": data.login_account.email, "password": dataset.PASSWORD}
    return [
        form_target("quick-log POST", sign_in(data.log_writer),
                    f"/goals/{data.log_writer.goals[YEAR][0]}/log", {"amount": "1"}),
        form_target("check-in POST", sign_in(data.checkin_writer),
                    f"/years/{YEAR}/checkins/new?kind=monthly", checkin),
        # Measured, with no goal: the write goal names the quick log and the
        # check-in, and a login costs one argon2id verification by design.
        form_target("login POST", anonymous, "/login", credentials, form_page="/login",
                    group="login"),
    ]


def cold_chart_paths(account: dataset.Account, goal_limit: int) -> list[str]:
    """Charts no target has drawn: every goal chart and year board of the heavy user but
    the warm ones, and the summary chart in the dark theme."""
    warm = set(chart_paths(account).values())
    goals = [f"/goals/{goal_id}/chart.svg" for number in dataset.HEAVY_YEARS
             for goal_id in account.goals[number]]
    goals = [path for path in goals if path not in warm][: goal_limit or None]
    boards = [f"/years/{number}/chart.svg" for number in dataset.HEAVY_YEARS if number != YEAR]
    return [*goals, *boards, "/summary/chart.svg?theme=dark"]


def _app_version() -> str:
    """The commit measured, with "+changes" when the app's files differ from it."""
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                              check=False)
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    changed = git("status", "--porcelain", "--", "journal", "templates", "static")
    return f"{commit}+changes" if changed else commit


def _load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def _cpu_pressure() -> str:
    """The kernel's CPU pressure over the last minute ("some avg60"), e.g. "97%"."""
    try:
        line = Path("/proc/pressure/cpu").read_text().splitlines()[0]
    except OSError:
        return "unknown"
    fields = dict(part.split("=") for part in line.split()[1:])
    return f"{float(fields['avg60']):.0f}%"


if __name__ == "__main__":
    sys.exit(main())
