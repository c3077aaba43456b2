"""gunicorn as the README runs it in production, on a free port of 127.0.0.1, stopped
by its PID whatever happens; and what its workers weigh."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from clients import BenchError, raw_request

HOST = "127.0.0.1"
IDLE_PING_SECONDS = 0.1  # /ping answers this fast when a worker is free
IDLE_CPU_TICKS = 2  # all workers together used at most this CPU in IDLE_WINDOW
IDLE_WINDOW = 0.5  # seconds
# Lines of gunicorn's log that mean a request failed: a 500, a worker killed mid-request.
FAILURE_MARKS = ("ERROR in app: Exception on", "WORKER TIMEOUT")


def free_port() -> int:
    """Return a TCP port of 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Gunicorn:
    """One gunicorn master (and its workers) serving 'journal:create_app()'."""

    def __init__(self, env: dict[str, str], cwd: Path, workers: int, log_path: Path):
        self.env, self.cwd, self.workers, self.log_path = env, cwd, workers, log_path
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.startup_seconds = 0.0

    @property
    def command(self) -> list[str]:
        gunicorn = Path(sys.executable).parent / "gunicorn"
        return [str(gunicorn), "--workers", str(self.workers), "--preload", "--bind",
                f"{HOST}:{self.port}", "journal:create_app()"]

    def start(self, timeout: float = 180.0) -> None:
        """Spawn the master and wait for the first answer of /ping (that delay is kept
        as startup_seconds)."""
        started = time.perf_counter()
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(self.command, env=self.env, cwd=self.cwd,
                                            stdout=log, stderr=subprocess.STDOUT)
        while time.perf_counter() - started < timeout:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn exited with {self.process.returncode}; "
                                 f"see {self.log_path}")
            with contextlib.suppress(OSError):
                reply, _cookies = raw_request(HOST, self.port, "GET", "/ping")
                if reply.status == 200:
                    self.startup_seconds = time.perf_counter() - started
                    return
            time.sleep(0.01)
        raise BenchError(f"gunicorn did not answer /ping within {timeout:.0f} s")

    def worker_pids(self) -> list[int]:
        """Return the PIDs of the master's children: its workers."""
        if self.process is None:
            return []
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children")
        with contextlib.suppress(OSError):
            return [int(p) for p in children.read_text().split()]
        return [int(entry.name) for entry in Path("/proc").iterdir()
                if entry.name.isdigit() and _parent_pid(int(entry.name)) == pid]

    def replace_workers(self, timeout: float = 60.0) -> float:
        """Kill every worker with SIGKILL, as a crash would; return the seconds until the
        workers the master forks in their place answer /ping."""
        old = set(self.worker_pids())
        started = time.perf_counter()
        for pid in old:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        while time.perf_counter() - started < timeout:
            if not old & set(self.worker_pids()):
                with contextlib.suppress(OSError):
                    reply, _cookies = raw_request(HOST, self.port, "GET", "/ping")
                    if reply.status == 200:
                        return time.perf_counter() - started
            time.sleep(0.005)
        raise BenchError(f"no worker answered within {timeout:.0f} s of killing them all")

    def worker_memory_mib(self) -> dict[int, float]:
        """Return {worker PID: its resident memory (VmRSS) in MiB}."""
        return {pid: rss for pid in self.worker_pids() if (rss := rss_mib(pid)) is not None}

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

    def stop(self, timeout: float = 15.0) -> None:
        """Stop the master by its PID (TERM, then KILL), and any worker left behind."""
        if self.process is None or self.process.poll() is not None:
            return
        workers = self.worker_pids()
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
            return  # a graceful stop: the master has stopped its workers
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for pid in workers:  # the master was killed: its workers would live on
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


@contextlib.contextmanager
def running(env: dict[str, str], cwd: Path, workers: int, log_path: Path):
    """Yield a started Gunicorn; it is stopped on the way out, whatever happens."""
    server = Gunicorn(env, cwd, workers, log_path)
    try:
        server.start()
        yield server
    finally:
        server.stop()


def rss_mib(pid: int) -> float | None:
    """Return the VmRSS of process `pid` in MiB, or None when it is gone."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return None


def _stat_fields(pid: int) -> list[str]:
    """The fields of /proc/PID/stat after the command name (which may hold spaces), so
    that field N of proc(5) is at index N - 3; [] when the process is gone."""
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return []


def cpu_ticks(pid: int) -> int:
    """The CPU time (user + system, in clock ticks) process `pid` has used so far."""
    fields = _stat_fields(pid)
    return int(fields[11]) + int(fields[12]) if fields else 0


def _parent_pid(pid: int) -> int | None:
    fields = _stat_fields(pid)
    return int(fields[1]) if fields else None
