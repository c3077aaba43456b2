"""Under gunicorn, the logins and pages each worker keeps never outlive a change made in
another worker: a logout ends the session in every worker at once, and a write shows in
every worker's next answer.

Each worker keeps the logins it looked up until the database changes (SQLite's
`PRAGMA data_version`, PostgreSQL's `pg_current_snapshot()`, journal/auth/login_cache.py)
and whole pages until the user's data version changes (journal/caching.py). Both are
warmed here in every worker by many requests at once, then changed through one request,
which lands in one worker.
"""

from __future__ import annotations

import contextlib
from concurrent.futures import ThreadPoolExecutor

from gunicorn_server import Browser, migrate, production_env, running, strong_password

WORKERS = 4
AT_ONCE = 8  # requests in flight together, so that every worker answers some
ROUNDS = 10  # requests per thread
YEAR = 2026


def each_answer(browser: Browser, path: str) -> list:
    """GET `path` AT_ONCE x ROUNDS times, AT_ONCE at a time, with `browser`'s cookies."""
    with ThreadPoolExecutor(AT_ONCE) as pool:
        return list(pool.map(lambda _n: browser.get(path), range(AT_ONCE * ROUNDS)))


def copy_of(browser: Browser) -> Browser:
    """Another browser holding the same session cookies (another tab, a copied cookie)."""
    other = Browser(browser.port)
    other.cookies = dict(browser.cookies)
    other.token = browser.token
    return other


@contextlib.contextmanager
def served_owner(database_url: str, folder):
    """Yield gunicorn (WORKERS workers) and the browser of a new account with YEAR begun."""
    env = production_env(database_url, folder, JOURNAL_TODAY=f"{YEAR}-06-01")
    migrate(env)
    with running(env, WORKERS, folder / "gunicorn.log") as server:
        owner = Browser(server.port)
        owner.register("owner@example.org", strong_password())
        owner.start_year(YEAR)
        yield server, owner


def test_a_logout_ends_the_session_in_every_worker_at_once(database_url, tmp_path):
    with served_owner(database_url, tmp_path) as (server, owner):
        copied = copy_of(owner)
        page = f"/years/{YEAR}"  # a page only a logged-in user sees
        assert {reply.status for reply in each_answer(copied, page)} == {200}

        assert owner.post("/logout", {}).status == 302
        assert owner.get(page).location.startswith("/login")

        after = each_answer(copied, page)
        failures = server.failures_in_log()
    assert {reply.status for reply in after} == {302}
    assert all(reply.location.startswith("/login") for reply in after)
    assert failures == []


def test_a_write_shows_in_every_worker_at_once(database_url, tmp_path):
    with served_owner(database_url, tmp_path) as (server, owner):
        goal = owner.add_count_goal(YEAR, "Publish 40 posts", target=40)
        reader = copy_of(owner)
        page = f"/goals/{goal}"
        assert {reply.status for reply in each_answer(reader, page)} == {200}

        owner.refresh_token(page)
        assert owner.post(f"/goals/{goal}/log", {"amount": "7"}).saved

        after = each_answer(reader, page)
        failures = server.failures_in_log()
    assert {reply.status for reply in after} == {200}
    assert all("7 of 40" in reply.text for reply in after), "a worker answered a stale page"
    assert failures == []
