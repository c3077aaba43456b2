"""One gunicorn worker's memory stays flat over 10,000 chart requests, 600 of them drawn.

Charts are cached in each worker by content (journal/chart_responses.py, CACHE_SIZE
entries, least recently used out first), so repeating one chart draws it once. What could
leak is a drawing (a matplotlib Figure, its fonts and buffers) and the cache's evictions,
so the load is built to draw: a user with GOALS count goals has GOALS x 2 themes x 2 sizes
x 2 formats = 320 distinct goal charts, more than the cache holds beside the hot set;
asked for in a fixed cycle, each one has been evicted by the time it comes round again,
so every request of the cycle is a cold draw. The other requests go to a hot set (the
charts of HOT_GOALS other goals in every variant), as cache hits (200) and revalidations
(304 with If-None-Match).

After a warm-up (WARM_UP requests of the same mix), the worker's resident memory (VmRSS
from /proc) must grow by less than 50 MiB over CHART_REQUESTS requests of which
CHART_DRAWS are draws; the worker must be the same process throughout (gunicorn did not
replace it), and the draws must really be draws: their median time is several times that
of the cached answers.

Figures on the shared 2-core machine that wrote this (`pytest
tests/server/test_chart_memory.py -s` prints them; load average 3 to 5 from other work):
RSS 147 MiB before, 151 MiB after 10,000 requests with 600 draws (+3.7 MiB, while the
cache's bodies grew 7.4 MiB to fill its 256 entries); a draw took 250 ms (130 ms on an
idle machine), a cached answer 3.6 ms; 221 s in all, about 2 minutes when idle. A worker
that kept every Figure alive (as pyplot does without close()) grew 437 MiB in 150 draws.
An unbounded cache would grow only about 45 KB per draw (26 MiB in 600), under the limit:
JOURNAL_CHART_DRAWS=1500 would show it.

JOURNAL_CHART_REQUESTS (floor 10,000) and JOURNAL_CHART_DRAWS (floor 600) raise the
counts.
"""

from __future__ import annotations

import itertools
import os
from collections import OrderedDict
from statistics import median

from gunicorn_server import Browser, migrate, production_env, rss_mib, running, strong_password

from journal.chart_responses import CACHE_SIZE

CHART_REQUESTS = max(10_000, int(os.environ.get("JOURNAL_CHART_REQUESTS") or 10_000))
CHART_DRAWS = max(600, int(os.environ.get("JOURNAL_CHART_DRAWS") or 600))
WARM_UP = 200
GROWTH_LIMIT_MIB = 50
YEAR = 2026
GOALS = 40
HOT_GOALS = 2
VARIANTS = ["?" + "&".join(pair) for pair in itertools.product(
    ("theme=light", "theme=dark"), ("size=wide", "size=narrow"), ("format=svg", "format=png"))]


def charts_of(goal_ids: list[int]) -> list[str]:
    return [f"/goals/{goal}/chart.svg{variant}" for goal in goal_ids for variant in VARIANTS]


class ChartLoad:
    """The request sequence, and what the worker's cache holds after each request (the
    same least-recently-used rule, replayed here, with each body's size)."""

    def __init__(self, browser: Browser, cycle_goals: list[int], hot_goals: list[int]):
        self.browser = browser
        self.cycle = itertools.cycle(charts_of(cycle_goals))
        self.hot = itertools.cycle(charts_of(hot_goals))
        self.etags: dict[str, str] = {}
        self.cache: OrderedDict[str, int] = OrderedDict()  # path -> body bytes
        self.draw_seconds: list[float] = []
        self.cached_seconds: list[float] = []
        self.revalidate = False

    def run(self, requests: int, draws: int) -> None:
        """Send `requests` requests, `draws` of them evenly spread cold draws."""
        for index in range(requests):
            if (index + 1) * draws // requests > index * draws // requests:
                self.draw(next(self.cycle))
            else:
                self.hit(next(self.hot))

    def draw(self, path: str) -> None:
        assert path not in self.cache, f"{path} would be a cache hit: the cycle is too short"
        reply = self.browser.get(path)
        assert reply.status == 200, f"{path} answered {reply.status}"
        self.draw_seconds.append(reply.seconds)
        self._cached(path, int(reply.headers["Content-Length"]))

    def hit(self, path: str) -> None:
        if path not in self.etags:  # the hot set's first requests draw it
            reply = self.browser.get(path)
            assert reply.status == 200, f"{path} answered {reply.status}"
            self.etags[path] = reply.headers["ETag"]
            self._cached(path, int(reply.headers["Content-Length"]))
            return
        assert path in self.cache, f"{path} was evicted: the hot set would be drawn again"
        self.revalidate = not self.revalidate
        headers = {"If-None-Match": self.etags[path]} if self.revalidate else {}
        reply = self.browser.get(path, headers=headers)
        expected = 304 if self.revalidate else 200
        assert reply.status == expected, f"{path} answered {reply.status}, not {expected}"
        self.cached_seconds.append(reply.seconds)
        self._cached(path, self.cache.get(path, 0))

    def _cached(self, path: str, size: int) -> None:
        self.cache[path] = size
        self.cache.move_to_end(path)
        while len(self.cache) > CACHE_SIZE:
            self.cache.popitem(last=False)

    def cache_mib(self) -> float:
        return sum(self.cache.values()) / 2**20


def test_a_worker_does_not_grow_over_thousands_of_chart_requests(tmp_path):
    assert (GOALS + HOT_GOALS) * len(VARIANTS) > CACHE_SIZE, "too few charts to evict the cache"
    env = production_env(f"sqlite:///{tmp_path / 'journal.sqlite3'}", tmp_path,
                         JOURNAL_TODAY=f"{YEAR}-06-15")
    migrate(env)
    with running(env, 1, tmp_path / "gunicorn.log") as server:
        browser = Browser(server.port)
        browser.register("charts@example.org", strong_password())
        browser.start_year(YEAR)
        goal_ids = [browser.add_count_goal(YEAR, f"Goal number {n}")
                    for n in range(GOALS + HOT_GOALS)]
        load = ChartLoad(browser, goal_ids[:GOALS], goal_ids[GOALS:])
        [worker] = server.worker_pids()

        # The warm-up draws the hot set once, and some of the cycle.
        load.run(WARM_UP, WARM_UP * CHART_DRAWS // CHART_REQUESTS)
        before, cache_before = rss_mib(worker), load.cache_mib()
        load.draw_seconds.clear()
        load.cached_seconds.clear()
        load.run(CHART_REQUESTS, CHART_DRAWS)
        after, cache_after = rss_mib(worker), load.cache_mib()
        assert server.worker_pids() == [worker], "gunicorn replaced its worker"
        assert not server.failures_in_log(), server.failures_in_log()[:5]

    drawn, cached = len(load.draw_seconds), len(load.cached_seconds)
    figures = (f"worker RSS {before:.0f} MiB -> {after:.0f} MiB (+{after - before:.1f} MiB, "
               f"of which the chart cache filling {cache_after - cache_before:.1f} MiB) over "
               f"{CHART_REQUESTS} requests, {drawn} drawn (median "
               f"{median(load.draw_seconds) * 1000:.0f} ms), the rest cached or 304 (median "
               f"{median(load.cached_seconds) * 1000:.1f} ms)")
    print(f"\n{figures}")
    assert drawn == CHART_DRAWS, figures
    # The draws were drawn: a cache hit would be as fast as the hot set's answers.
    assert median(load.draw_seconds) > 5 * median(load.cached_seconds), figures
    assert cached > 0
    assert after - before < GROWTH_LIMIT_MIB, figures
