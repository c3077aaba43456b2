"""Eight people writing at once to gunicorn's four workers: nothing lost, nothing doubled.

gunicorn runs as the README's production section says (4 sync workers, JOURNAL_ENV=
production), on SQLite (WAL, BEGIN IMMEDIATE for every POST) and on PostgreSQL. Eight
accounts are made through the register form; then eight threads, one per account,
released together, each post WRITES_PER_USER writes through the real forms with their
CSRF token: check-ins (each on its own date, with a unique line) alternating with quick
logs (+1 on a count goal, with a unique title). Afterwards, read straight from the
database: every write answered with a redirect is there exactly once, nothing is there
that was not answered, each goal's running totals are exactly 1, 2, ..., n (no update
read a stale total), no answer was a 5xx, and neither an answer nor gunicorn's log
mentions "database is locked". Then one person's tabs, sending quick logs (and plan
revisions) to one goal at the same moment: every step counts in the running total, and
every revision gets a version of its own; and the same years started from each tab at
once: each is started once, the other tabs are told it exists, no answer is a 500. The
same goes for the same areas added from each tab at once (each added once, the other tabs
told the name is taken), for one reflection saved from each tab at once (saved once, with
one tab's text), and for one check-in edited from each tab at once (one check-in with one
update for the goal, its line and its total from the same tab's edit).

Figures on the shared 2-core machine that wrote this (8 x 200 writes, under a load
average of 3 to 5 from other work; `pytest tests/server/test_concurrent_writers.py -s`):
SQLite 44 writes/s, p50 125 ms, p99 1,205 ms (47 s with set-up); PostgreSQL 67 writes/s,
p50 109 ms, p99 228 ms (33 s). 0 lost, 0 doubled, 0 errors on both. JOURNAL_WRITES_PER_USER
raises the count per account (200 is the floor).
"""

from __future__ import annotations

import http.client
import os
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from gunicorn_server import (
    Browser,
    Reply,
    migrate,
    percentile,
    production_env,
    running,
    strong_password,
)
from sqlalchemy import select

from journal.checkins.forms import GoalFields
from journal.models import Area, CheckIn, Goal, PlanRevision, ProgressUpdate, Reflection, User, Year

USERS = 8
WORKERS = 4
WRITES_PER_USER = max(200, int(os.environ.get("JOURNAL_WRITES_PER_USER") or 200))
YEAR = 2026
TODAY = date(YEAR, 12, 31)  # the whole year is in the past: a check-in for every day of it
LOCKED = "database is locked"


@dataclass
class Writer:
    """One account and the writes its thread sent, answered or not."""

    number: int
    browser: Browser
    goal_id: int = 0
    acknowledged: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # "marker: status or error"
    seconds: list[float] = field(default_factory=list)
    locked_answers: int = 0

    @property
    def email(self) -> str:
        return f"writer{self.number}@example.org"

    def prepare(self) -> None:
        self.browser.register(self.email, strong_password())
        self.browser.start_year(YEAR)
        self.goal_id = self.browser.add_count_goal(YEAR, "Publish posts")

    def write(self, index: int) -> None:
        """Send write `index`: a check-in when even, a quick log when odd."""
        marker = f"w{self.number}-{index}"
        if index % 2 == 0:
            on = date(YEAR, 1, 1) + timedelta(days=index // 2)
            path = f"/years/{YEAR}/checkins/new?kind=ad-hoc"
            fields = {"on": on.isoformat(), "mood": "4", "went_well": marker,
                      "went_badly": "", "next_change": ""}
        else:
            path = f"/goals/{self.goal_id}/log"
            fields = {"amount": "1", "title": marker}
        try:
            reply = self.browser.post(path, fields)
        except (OSError, http.client.HTTPException) as error:
            self.refused.append(f"{marker}: {error!r}")
            return
        self.seconds.append(reply.seconds)
        self.locked_answers += LOCKED in reply.text
        if reply.saved:
            self.acknowledged.append(marker)
        else:
            self.refused.append(f"{marker}: {reply.status}")

    def write_all(self) -> None:
        for index in range(WRITES_PER_USER):
            self.write(index)


def released_together(jobs: list[Callable[[], None]]) -> float:
    """Run each job in a thread of its own, all released at once; return the seconds
    until all were done."""
    start = threading.Barrier(len(jobs) + 1)

    def run(job: Callable[[], None]) -> None:
        start.wait()
        job()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    start.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def stored_writes(engine) -> tuple[Counter, dict[str, list[float]]]:
    """Read back (marker -> how many rows carry it) and each writer's running totals."""
    with engine.connect() as connection:
        lines = connection.execute(select(CheckIn.went_well)).scalars().all()
        logs = connection.execute(
            select(User.email, ProgressUpdate.title, ProgressUpdate.value)
            .join(Goal, Goal.id == ProgressUpdate.goal_id).join(User, User.id == Goal.user_id)
        ).all()
    markers = Counter(lines) + Counter(title for _email, title, _value in logs)
    totals: dict[str, list[float]] = {}
    for email, _title, value in logs:
        totals.setdefault(email, []).append(value)
    return markers, totals


def test_concurrent_writers_lose_nothing_and_double_nothing(database_url, read_database,
                                                           tmp_path):
    env = production_env(database_url, tmp_path, JOURNAL_TODAY=TODAY.isoformat())
    migrate(env)
    with running(env, WORKERS, tmp_path / "gunicorn.log") as server:
        writers = [Writer(number, Browser(server.port)) for number in range(USERS)]
        for writer in writers:
            writer.prepare()
        elapsed = released_together([writer.write_all for writer in writers])
        log_failures = server.failures_in_log()

    backend = database_url.split(":", 1)[0].split("+", 1)[0]
    seconds = [s for writer in writers for s in writer.seconds]
    answered = len(seconds)
    figures = (f"{backend}: {USERS} writers x {WRITES_PER_USER} writes on {WORKERS} workers "
               f"in {elapsed:.1f} s: {answered / elapsed:.0f} writes/s, "
               f"p50 {percentile(seconds, 0.5) * 1000:.0f} ms, "
               f"p99 {percentile(seconds, 0.99) * 1000:.0f} ms")
    print(f"\n{figures}")

    refused = [entry for writer in writers for entry in writer.refused]
    acknowledged = {marker for writer in writers for marker in writer.acknowledged}
    stored, totals = stored_writes(read_database(database_url))
    lost = sorted(acknowledged - set(stored))
    doubled = sorted(marker for marker, count in stored.items() if count > 1)
    unanswered = sorted(set(stored) - acknowledged)
    assert not refused, f"{len(refused)} writes were not acknowledged: {refused[:10]} ({figures})"
    assert len(acknowledged) == USERS * WRITES_PER_USER, figures
    assert not lost, f"{len(lost)} acknowledged writes are missing: {lost[:10]} ({figures})"
    assert not doubled, f"{len(doubled)} writes are stored twice: {doubled[:10]} ({figures})"
    assert not unanswered, f"rows no answer acknowledged: {unanswered[:10]} ({figures})"
    logs_per_writer = WRITES_PER_USER // 2
    for writer in writers:
        assert sorted(totals[writer.email]) == [float(n) for n in range(1, logs_per_writer + 1)], (
            f"{writer.email}'s running totals skip or repeat a step ({figures})")
    locked = sum(writer.locked_answers for writer in writers)
    assert locked == 0, f"{locked} answers say {LOCKED!r} ({figures})"
    assert not log_failures, f"gunicorn's log reports failures: {log_failures[:5]} ({figures})"




TABS = 4  # one person's tabs (or a double click) sending to one goal at once
SENDS_PER_TAB = 25


def with_goal(writer: Writer) -> dict[str, int]:
    """Register the writer, start the year and add a count goal: {"goal": its id}."""
    writer.prepare()
    return {"goal": writer.goal_id}


def registered(writer: Writer) -> dict[str, int]:
    """Only register the writer: no id to fill in."""
    writer.browser.register(writer.email, strong_password())
    return {}


def sent_at_once(database_url: str, tmp_path, path: str | Callable[[int], str], fields, *,
                 sends: int = SENDS_PER_TAB, in_step: bool = False,
                 prepare: Callable[[Writer], dict[str, int]] = with_goal,
                 ) -> tuple[Writer, list[Reply], list[str]]:
    """Serve the app, make one writer and `prepare` its journal (by default a year and a
    count goal), then POST to `path` (or path(index)) from TABS tabs of its login released
    together, `sends` times each (fields(tab, index) gives each form). Each name
    `prepare(writer)` returns, as "{name}" in the path or in a field's name, stands for
    the id it maps to. `in_step` makes the tabs wait for each other before each send, so
    that every round starts at one moment too. Return the writer, every answer and the
    failures gunicorn's log reports."""
    env = production_env(database_url, tmp_path, JOURNAL_TODAY=TODAY.isoformat())
    migrate(env)
    with running(env, WORKERS, tmp_path / "gunicorn.log") as server:
        writer = Writer(0, Browser(server.port))
        ids = prepare(writer)
        replies: list[Reply] = []
        step = threading.Barrier(TABS, timeout=120)  # a tab that died must not hang the rest

        def sends_of(number: int, tab: Browser) -> Callable[[], None]:
            def send() -> None:
                for index in range(sends):
                    if in_step:
                        step.wait()
                    form = {name.format(**ids): value
                            for name, value in fields(number, index).items()}
                    where = path(index) if callable(path) else path
                    replies.append(tab.post(where.format(**ids), form))
            return send

        released_together([sends_of(number, writer.browser.tab()) for number in range(TABS)])
        log_failures = server.failures_in_log()
    return writer, replies, log_failures


def test_quick_logs_sent_at_once_to_one_goal_count_every_step(database_url, read_database,
                                                              tmp_path):
    """Each quick log adds one to the goal's running total: sent at the same moment from
    several tabs of one login, every one must still read the total the one before wrote."""
    writer, replies, log_failures = sent_at_once(
        database_url, tmp_path, "/goals/{goal}/log",
        lambda tab, index: {"amount": "1", "title": f"tab{tab}-{index}"})
    statuses = [reply.status for reply in replies]
    assert statuses == [302] * (TABS * SENDS_PER_TAB), Counter(statuses)
    _markers, totals = stored_writes(read_database(database_url))
    logged = TABS * SENDS_PER_TAB
    assert sorted(totals[writer.email]) == [float(n) for n in range(1, logged + 1)], (
        "two quick logs read the same running total")
    assert not log_failures, log_failures[:5]


def test_plan_revisions_sent_at_once_each_get_their_own_version(database_url, read_database,
                                                               tmp_path):
    """A revision takes the next version number of the goal's plan: sent at once from
    several tabs, each must be saved under a number of its own, none refused."""
    writer, replies, log_failures = sent_at_once(
        database_url, tmp_path, "/goals/{goal}/plan",
        lambda tab, index: {"revised_on": f"{YEAR}-06-15", "count_target": "90",
                            "reason": f"tab{tab}-{index}"})
    statuses = [reply.status for reply in replies]
    assert statuses == [302] * (TABS * SENDS_PER_TAB), Counter(statuses)
    with read_database(database_url).connect() as connection:
        versions = connection.execute(
            select(PlanRevision.version).where(PlanRevision.goal_id == writer.goal_id)
        ).scalars().all()
    assert sorted(versions) == list(range(1, TABS * SENDS_PER_TAB + 2))  # and version 1
    assert not log_failures, log_failures[:5]


def test_years_started_from_several_tabs_at_once_are_each_started_once(database_url,
                                                                        read_database,
                                                                        tmp_path):
    """Each year sent at once from several tabs: one tab starts it, the others are told
    it exists already, none fails."""
    years = 5
    writer, replies, log_failures = sent_at_once(
        database_url, tmp_path, "/years/new",
        lambda _tab, index: {"number": str(YEAR + index)}, sends=years, prepare=registered)
    statuses = [reply.status for reply in replies]
    assert sorted(statuses) == [302] * years + [422] * (TABS - 1) * years, Counter(statuses)
    with read_database(database_url).connect() as connection:
        started = connection.execute(
            select(Year.number).join(User, User.id == Year.user_id)
            .where(User.email == writer.email)
        ).scalars().all()
    assert sorted(started) == [YEAR + index for index in range(years)]
    assert not log_failures, log_failures[:5]


AREA_NAMES = ("Health", "Family", "Music", "Travel", "Reading")  # none a starting area's
NAME_TAKEN = "You already have an area with this name."


def test_areas_added_from_several_tabs_at_once_are_each_added_once(database_url,
                                                                   read_database, tmp_path):
    """The same new areas sent at once from several tabs: each is added once, the other
    tabs are told the name is taken already, none fails."""
    writer, replies, log_failures = sent_at_once(
        database_url, tmp_path, "/areas/",
        lambda _tab, index: {"name": AREA_NAMES[index], "color": "sky"},
        sends=len(AREA_NAMES), in_step=True, prepare=registered)
    statuses = [reply.status for reply in replies]
    added = len(AREA_NAMES)
    assert sorted(statuses) == [302] * added + [422] * (TABS - 1) * added, Counter(statuses)
    untold = sum(reply.status == 422 and NAME_TAKEN not in reply.text for reply in replies)
    assert not untold, f"{untold} refused areas do not say the name is taken"
    with read_database(database_url).connect() as connection:
        names = connection.execute(
            select(Area.name).join(User, User.id == Area.user_id)
            .where(User.email == writer.email)
        ).scalars().all()
    new_names = sorted(name for name in names if name in AREA_NAMES)
    assert new_names == sorted(AREA_NAMES), f"areas added twice or not at all: {new_names}"
    assert not log_failures, log_failures[:5]


REFLECTED_YEARS = 5


def years_to_reflect_on(writer: Writer) -> dict[str, int]:
    """Register the writer and start the years whose reflections the tabs save (no id to
    fill in: each tab's path names the year)."""
    registered(writer)
    for number in range(YEAR, YEAR + REFLECTED_YEARS):
        writer.browser.start_year(number)
    return {}


def test_one_reflection_saved_from_several_tabs_at_once_is_saved_once(database_url,
                                                                      read_database, tmp_path):
    """A year's year-end reflection saved at once from several tabs, each with its own
    text (one year after another): every tab is told it was saved, and each year has one
    year-end reflection, all of it written by one of those saves (the last one saved)."""
    writer, replies, log_failures = sent_at_once(
        database_url, tmp_path, lambda index: f"/years/{YEAR + index}/reflection/year-end",
        lambda tab, index: {"tldr": f"tab{tab}-{index}",
                            "what_happened": f"What happened, as tab{tab}-{index} saw it"},
        sends=REFLECTED_YEARS, in_step=True, prepare=years_to_reflect_on)
    statuses = [reply.status for reply in replies]
    assert statuses == [302] * (TABS * REFLECTED_YEARS), Counter(statuses)
    with read_database(database_url).connect() as connection:
        saved = connection.execute(
            select(Year.number, Reflection.tldr, Reflection.what_happened)
            .select_from(Reflection).join(Year, Year.id == Reflection.year_id)
            .join(User, User.id == Year.user_id)
            .where(User.email == writer.email, Reflection.kind == "year_end")
        ).all()
    years = Counter(number for number, _tldr, _what_happened in saved)
    assert years == Counter(range(YEAR, YEAR + REFLECTED_YEARS)), (
        f"year-end reflections per year, where each year should have one: {dict(years)}")
    for number, tldr, what_happened in saved:
        sent = {f"tab{tab}-{number - YEAR}" for tab in range(TABS)}
        assert tldr in sent, f"{number}'s reflection says {tldr!r}, which no tab sent"
        assert what_happened == f"What happened, as {tldr} saw it", (
            f"{number}'s reflection mixes two tabs' saves")
    assert not log_failures, log_failures[:5]


CHECKIN_ON = f"{YEAR}-06-30"


def checkin_form(value_field: str, line: str, total: int) -> dict[str, str]:
    """A monthly check-in's form: a line of what went well and the goal's running total."""
    return {"on": CHECKIN_ON, "mood": "4", "went_well": line, "went_badly": "",
            "next_change": "", value_field: str(total)}


def one_checkin(writer: Writer) -> dict[str, int]:
    """Make the writer's goal and save one monthly check-in through the form; return
    {"goal": the goal's id, "checkin": the check-in's id}."""
    ids = with_goal(writer)
    reply = writer.browser.post(
        f"/years/{YEAR}/checkins/new?kind=monthly",
        checkin_form(GoalFields(writer.goal_id).name("value"), "the first line", 1))
    assert reply.saved, f"saving the first check-in answered {reply.status}"
    return {**ids, "checkin": int(reply.location.rstrip("/").rsplit("/", 1)[1])}


def test_one_checkin_edited_from_several_tabs_at_once_keeps_one_edit(database_url,
                                                                     read_database, tmp_path):
    """One check-in edited at once from several tabs, each with its own line and its own
    total for the goal: every edit is saved, and the check-in is left with one update for
    the goal (none doubled, none lost), its line and its total from the same edit."""
    # One edit per tab: a later edit would replace whatever updates the race left. (Today
    # an edit also takes the user's row before it reads the updates, when its first flush
    # bumps the data version; this pins the outcome, whichever lock gives it.)
    value_field = GoalFields("{goal}").name("value")  # sent_at_once fills in the goal's id
    sent = {f"tab{tab}": 2 + tab for tab in range(TABS)}  # line -> total, none the first's
    writer, replies, log_failures = sent_at_once(
        database_url, tmp_path, "/checkins/{checkin}/edit",
        lambda tab, _index: checkin_form(value_field, f"tab{tab}", sent[f"tab{tab}"]),
        sends=1, prepare=one_checkin)
    statuses = [reply.status for reply in replies]
    assert statuses == [302] * TABS, Counter(statuses)
    with read_database(database_url).connect() as connection:
        checkins = connection.execute(
            select(CheckIn.id, CheckIn.went_well).join(User, User.id == CheckIn.user_id)
            .where(User.email == writer.email)
        ).all()
        assert len(checkins) == 1, f"{len(checkins)} check-ins where one was edited"
        checkin_id, went_well = checkins[0]
        totals = connection.execute(
            select(ProgressUpdate.value).where(ProgressUpdate.goal_id == writer.goal_id,
                                               ProgressUpdate.checkin_id == checkin_id)
        ).scalars().all()
    assert went_well in sent, f"the check-in says {went_well!r}, which no tab sent"
    assert len(totals) == 1, f"the check-in has {len(totals)} updates for the goal: {totals}"
    assert totals == [float(sent[went_well])], (
        f"the check-in's line is from one edit ({went_well}) and its total {totals[0]:g} "
        "from another")
    assert not log_failures, log_failures[:5]
