"""gunicorn as the README runs it in production (tests/server/gunicorn_server.py, the
harness the server tests use), plus what only the benchmark asks of it: replacing every
worker, weighing them, waiting until they are idle, counting failed requests."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from pathlib import Path

from clients import BenchError, raw_request

TESTS = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(TESTS), str(TESTS / "server")]  # helpers.py; gunicorn_server.py
import gunicorn_server  # noqa: E402
from gunicorn_server import HOST, cpu_ticks, production_env, rss_mib  # noqa: E402, F401

IDLE_PING_SECONDS = 0.1  # /ping answers this fast when a worker is free
IDLE_CPU_TICKS = 2  # all workers together used at most this CPU in IDLE_WINDOW
IDLE_WINDOW = 0.5  # seconds
# Lines of gunicorn's log that mean a request failed, one per failure: a 500, a worker
# killed mid-request.
FAILURE_MARKS = ("ERROR in app: Exception on", "WORKER TIMEOUT")


class Gunicorn(gunicorn_server.Gunicorn):
    """The server tests' gunicorn, with the benchmark's measurements, serving the app
    with the floor routes of floors.py."""

    app_arguments = ("--pythonpath", str(Path(__file__).parent), "floors:create_app()")

    def replace_workers(self, timeout: float = 60.0) -> float:
        """Kill every worker with SIGKILL, as a crash would; return the seconds until the
        workers the master forks in their place answer /ping."""
        old = set(self.worker_pids())
        started = time.perf_counter()
        for pid in old:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        while time.perf_counter() - started < timeout:
            if not old & set(self.worker_pids()) and self._pings():
                return time.perf_counter() - started
            time.sleep(0.005)
        raise BenchError(f"no worker answered within {timeout:.0f} s of killing them all")

    def worker_memory_mib(self) -> dict[int, float]:
        """Return {worker PID: its resident memory (VmRSS) in MiB}."""
        memory = {}
        for pid in self.worker_pids():
            with contextlib.suppress(OSError, gunicorn_server.ServerError):
                memory[pid] = rss_mib(pid)
        return memory

    def wait_until_idle(self, timeout: float = 900.0) -> float:
        """Wait until no worker works any more; return how long that took. When wrk
        stops, the requests it sent are still queued in gunicorn (a slow page can leave
        minutes of work), and would slow down whatever is measured next."""
        started = time.perf_counter()
        while (waited := time.perf_counter() - started) < timeout:
            if self._ping_is_fast(timeout - waited) and self._workers_are_still():
                return time.perf_counter() - started
        raise BenchError(f"gunicorn stayed busy {timeout:.0f} s after a wrk run")

    def _ping_is_fast(self, timeout: float) -> bool:
        with contextlib.suppress(OSError):  # a timeout too: the queue is still long
            reply, _cookies = raw_request(HOST, self.port, "GET", "/ping", timeout=timeout)
            return reply.status == 200 and reply.seconds < IDLE_PING_SECONDS
        return False

    def _workers_are_still(self) -> bool:
        """True when the workers used (almost) no CPU for IDLE_WINDOW seconds."""
        pids = self.worker_pids()
        before = sum(cpu_ticks(pid) for pid in pids)
        time.sleep(IDLE_WINDOW)
        return sum(cpu_ticks(pid) for pid in pids) - before <= IDLE_CPU_TICKS

    def log_size(self) -> int:
        return self.log_path.stat().st_size if self.log_path.exists() else 0

    def errors_since(self, offset: int) -> int:
        """Count the failed requests gunicorn logged after byte `offset` of its log."""
        with open(self.log_path, "rb") as log:
            log.seek(offset)
            text = log.read().decode("utf-8", "replace")
        return sum(text.count(mark) for mark in FAILURE_MARKS)


def running(env: dict[str, str], workers: int, log_path: Path):
    """Yield a started Gunicorn of the benchmark, stopped by its PID whatever happens."""
    return gunicorn_server.running(env, workers, log_path, server_class=Gunicorn)
