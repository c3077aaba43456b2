"""The benchmark's journal: a throwaway database, migrated, filled with bulk inserts.

One heavy user (10 years x 15 goals x 52 weekly updates, 12 monthly check-ins a year)
and 1,000 light users (one year, 5 goals, 20 updates each), plus a second heavy-shaped
account for the check-in POSTs, so that writes never grow the data the reads measure.
Every row goes in through SQLAlchemy Core insert() with lists of dicts, and every
account shares one argon2 hash made with the production settings, so the whole journal
is written in seconds.
"""

from __future__ import annotations

import contextlib
import random
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from argon2 import PasswordHasher
from sqlalchemy import insert

from journal.auth.passwords import normalize_password
from journal.config import ProductionConfig
from journal.extensions import db
from journal.models import (
    Area,
    CheckIn,
    Goal,
    PlanRevision,
    ProgressUpdate,
    Reflection,
    User,
    Year,
)

TODAY = date(2026, 12, 30)  # JOURNAL_TODAY: the last weekly update of the year is today
HEAVY_YEARS = tuple(range(TODAY.year - 9, TODAY.year + 1))
LIGHT_USERS = 1000
PASSWORD = "bench: a long and uncommon passphrase"
POSTGRES_ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/postgres"

AREAS = (("Career", "blue"), ("Writing", "orange"), ("Side products", "green"),
         ("Health", "sky"), ("Learning", "purple"))
# The heavy year's 15 goals: 9 counts, 3 weekly habits, 3 limits, three to an area.
HEAVY_GOALS = (
    ("Publish 52 posts", "count"), ("Interview 24 engineers", "count"),
    ("Read 40 papers", "count"), ("Run every week", "habit"), ("Sleep at least 7 hours",
                                                                "limit"),
    ("Ship 12 small releases", "count"), ("Write 30 talks and workshops", "count"),
    ("Stretch every week", "habit"), ("Overtime at most 5 hours a week", "limit"),
    ("Answer 100 reader emails", "count"), ("Record 20 podcast episodes", "count"),
    ("Call a friend every week", "habit"), ("Screen time at most 2 hours", "limit"),
    ("Review 60 pull requests", "count"), ("Learn 200 words of Italian", "count"),
)
LIGHT_GOALS = (("Publish 20 posts", "count"), ("Read 12 books", "count"),
               ("Swim every week", "habit"), ("Sleep at least 7 hours", "limit"),
               ("Ship 6 releases", "count"))


@dataclass
class Account:
    """One generated account: its email, id, and its goals' ids by year number (the
    first goal of every year is a count goal)."""

    email: str
    user_id: int = 0
    goals: dict[int, list[int]] = field(default_factory=dict)


@dataclass
class Dataset:
    """What the benchmark needs to know about the generated journal."""

    heavy: Account
    light: Account  # the light reader
    checkin_writer: Account  # heavy-shaped, this year only: takes the check-in POSTs
    log_writer: Account  # light: takes the quick-log POSTs
    login_account: Account  # light: takes the login POSTs
    rows: dict[str, int]
    seconds: float = 0.0


@contextlib.contextmanager
def database_url(postgres: bool, folder: Path):
    """Yield the URL of an empty database: SQLite in `folder`, or a throwaway PostgreSQL
    database (127.0.0.1:5432, user postgres) that is dropped afterwards, whatever happens."""
    if not postgres:
        yield f"sqlite:///{folder / 'journal.sqlite3'}"
        return
    import psycopg

    name = f"journal_bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_ADMIN_DSN, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(POSTGRES_ADMIN_DSN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def migrate(env: dict[str, str], cwd: Path) -> None:
    """Create the schema the production way: `flask --app journal db upgrade`."""
    flask = Path(sys.executable).parent / "flask"
    done = subprocess.run([str(flask), "--app", "journal", "db", "upgrade"], env=env,
                          cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"flask db upgrade failed:\n{done.stdout}\n{done.stderr}")


def password_hash() -> str:
    """One argon2id hash with the production cost, shared by every generated account
    (so logging in never triggers a rehash)."""
    config = ProductionConfig
    hasher = PasswordHasher(time_cost=config.ARGON2_TIME_COST,
                            memory_cost=config.ARGON2_MEMORY_COST,
                            parallelism=config.ARGON2_PARALLELISM)
    return hasher.hash(normalize_password(PASSWORD))


def generate(light_users: int = LIGHT_USERS) -> Dataset:
    """Fill the app's (empty, migrated) database; call inside an app context."""
    heavy = Account("heavy@bench.example.org")
    writer = Account("heavy-writer@bench.example.org")
    lights = [Account(f"light-{n:04d}@bench.example.org") for n in range(1, light_users + 1)]
    counts: dict[str, int] = {}
    with db.engine.begin() as conn:
        writer_shape = [(writer, HEAVY_YEARS[-1:], HEAVY_GOALS, True)]
        shapes = [(heavy, HEAVY_YEARS, HEAVY_GOALS, True), *writer_shape,
                  *((light, HEAVY_YEARS[-1:], LIGHT_GOALS, False) for light in lights)]
        _insert_users(conn, [account for account, *_rest in shapes], counts)
        areas = _insert_areas(conn, shapes, counts)
        years = _insert_years(conn, shapes, counts)
        _insert_reflections(conn, heavy, years, counts)
        goal_rows = _insert_goals(conn, shapes, areas, years, counts)
        _insert_plans(conn, goal_rows, counts)
        _insert_updates(conn, shapes, goal_rows, counts)
        _insert_checkins(conn, shapes, years, counts)
    return Dataset(heavy=heavy, light=lights[0], checkin_writer=writer, log_writer=lights[1],
                   login_account=lights[2], rows=counts)


def _bulk(conn, model, rows: list[dict], counts: dict[str, int], returning=False) -> list[int]:
    """Insert `rows` into `model`'s table in one executemany; return the new ids in order
    when `returning`."""
    table = model.__table__
    counts[table.name] = counts.get(table.name, 0) + len(rows)
    if not returning:
        conn.execute(insert(table), rows)
        return []
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(conn.execute(statement, rows).scalars())


def _insert_users(conn, accounts: list[Account], counts) -> None:
    shared = password_hash()
    ids = _bulk(conn, User, [{"email": a.email, "password_hash": shared} for a in accounts],
                counts, returning=True)
    for account, user_id in zip(accounts, ids, strict=True):
        account.user_id = user_id


def _insert_areas(conn, shapes, counts) -> dict[int, list[int]]:
    """Five areas for the heavy-shaped accounts, the three default ones for light ones."""
    rows, owners = [], []
    for account, _years, _goals, heavy in shapes:
        for position, (name, color) in enumerate(AREAS if heavy else AREAS[:3]):
            rows.append({"user_id": account.user_id, "name": name, "color": color,
                         "position": position, "archived": False, "private": False})
            owners.append(account.user_id)
    by_user: dict[int, list[int]] = {}
    for user_id, area_id in zip(owners, _bulk(conn, Area, rows, counts, True), strict=True):
        by_user.setdefault(user_id, []).append(area_id)
    return by_user


def _insert_years(conn, shapes, counts) -> dict[tuple[int, int], int]:
    keys = [(account.user_id, number) for account, years, _g, _h in shapes for number in years]
    ids = _bulk(conn, Year, [{"user_id": u, "number": n} for u, n in keys], counts, True)
    return dict(zip(keys, ids, strict=True))


def _insert_reflections(conn, heavy: Account, years, counts) -> None:
    rows = []
    for number in HEAVY_YEARS:
        year_id = years[(heavy.user_id, number)]
        for kind in ("new_year", "year_end"):
            if kind == "year_end" and number == TODAY.year:
                continue
            rows.append({"user_id": heavy.user_id, "year_id": year_id, "kind": kind,
                         "tldr": f"{number}: a year of small steps.", "theme": f"word {number}",
                         "what_happened": "A *lot*.\n\n- one\n- two", "learned": "Pace myself."})
    _bulk(conn, Reflection, rows, counts)


@dataclass(frozen=True)
class _GoalRow:
    """A goal being generated: its id, owner, kind and year."""

    goal_id: int
    user_id: int
    kind: str
    number: int


def _goal_row(account, year_id, area_id, number, index, title, kind) -> dict:
    target = {"count": 52.0, "habit": 1.0, "limit": 7.0}[kind]
    return {
        "user_id": account.user_id, "year_id": year_id, "area_id": area_id,
        "title": title, "why": f"Goal {index + 1} of {number}: because it **matters**.",
        "topics": ["focus", f"topic {index % 4}"], "kind": kind,
        "unit": {"count": "items", "habit": "", "limit": "hours"}[kind], "baseline": 0.0,
        "cadence": "week" if kind == "habit" else None,
        "allowed_skips": 4 if kind == "habit" else 0,
        "direction": "at_least" if kind == "limit" else None,
        "start_date": date(number, 1, 1), "end_date": date(number, 12, 31),
        "status": "active", "status_reason": "", "private": False, "_target": target,
    }


def _insert_goals(conn, shapes, areas, years, counts) -> list[tuple[_GoalRow, float]]:
    rows, keys = [], []
    for account, numbers, goals, _heavy in shapes:
        area_ids = areas[account.user_id]
        for number in numbers:
            for index, (title, kind) in enumerate(goals):
                area_id = area_ids[index * len(area_ids) // len(goals)]
                rows.append(_goal_row(account, years[(account.user_id, number)], area_id,
                                      number, index, title, kind))
                keys.append((account, number, kind))
    targets = [row.pop("_target") for row in rows]
    ids = _bulk(conn, Goal, rows, counts, True)
    result = []
    for (account, number, kind), goal_id, target in zip(keys, ids, targets, strict=True):
        account.goals.setdefault(number, []).append(goal_id)
        result.append((_GoalRow(goal_id, account.user_id, kind, number), target))
    return result


def _insert_plans(conn, goal_rows, counts) -> None:
    """Version 1 of every plan; about a third of the count goals also get a June
    revision, as a real journal would."""
    rows = []
    for goal, target in goal_rows:
        start = date(goal.number, 1, 1)
        rows.append(_plan(goal, 1, start, target, ""))
        if goal.kind == "count" and goal.goal_id % 3 == 0:
            rows.append(_plan(goal, 2, date(goal.number, 6, 15), target * 0.75,
                              "A slow spring: fewer, better."))
    _bulk(conn, PlanRevision, rows, counts)


def _plan(goal: _GoalRow, version: int, revised_on: date, target: float, reason: str) -> dict:
    return {"user_id": goal.user_id, "goal_id": goal.goal_id, "version": version,
            "revised_on": revised_on, "reason": reason, "target": target,
            "due_date": None, "checkpoints": []}


def _insert_updates(conn, shapes, goal_rows, counts) -> None:
    """52 weekly updates per heavy-shaped goal, 20 (every 18 days) per light goal."""
    heavy_users = {account.user_id for account, _y, _g, heavy in shapes if heavy}
    rng = random.Random(2026)
    rows = []
    for goal, _target in goal_rows:
        first = date(goal.number, 1, 7)
        days = (range(0, 52 * 7, 7) if goal.user_id in heavy_users else range(0, 20 * 18, 18))
        rows.extend(_updates(goal, [first + timedelta(days=d) for d in days], rng))
    _bulk(conn, ProgressUpdate, rows, counts)


def _updates(goal: _GoalRow, days: list[date], rng: random.Random) -> list[dict]:
    total, rows = 0.0, []
    for week, on in enumerate(days):
        skipped = goal.kind == "habit" and week % 9 == 8
        if goal.kind == "count":
            total += rng.choice((0, 1, 1, 1, 2))
            value = total
        elif goal.kind == "habit":
            value = None if skipped else 1.0
        else:
            value = round(rng.uniform(5.5, 8.5), 1)
        rows.append({
            "user_id": goal.user_id, "goal_id": goal.goal_id, "checkin_id": None, "on": on,
            "value": value, "skipped": skipped, "enjoyment": rng.randint(1, 5),
            "confidence": rng.choice((None, 2, 3, 4, 5)), "blocker": "", "note": "",
            "title": f"Step {week + 1}" if goal.kind == "count" else "", "link": "",
            "topic": "focus" if week % 2 else "",
        })
    return rows


def _insert_checkins(conn, shapes, years, counts) -> None:
    """12 monthly check-ins a year for the heavy-shaped accounts."""
    rows = []
    for account, numbers, _goals, heavy in shapes:
        if not heavy:
            continue
        for number in numbers:
            for month in range(1, 13):
                rows.append({"user_id": account.user_id,
                             "year_id": years[(account.user_id, number)],
                             "on": date(number, month, 28), "kind": "monthly",
                             "mood": 1 + month % 5, "went_well": "Mornings.",
                             "went_badly": "Meetings.", "next_change": "Fewer meetings."})
    _bulk(conn, CheckIn, rows, counts)
