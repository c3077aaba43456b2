"""Load with wrk: every target for a fixed time at a fixed concurrency, after a warm-up,
in several rounds that alternate the targets; the medians of the rounds are kept."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path
from statistics import median

from clients import ACCEPT_ENCODING, USER_AGENT, BenchError, raw_request

LUA_SCRIPT = Path(__file__).with_name("wrk_report.lua")
WRK = "/usr/bin/wrk"


@dataclass(frozen=True)
class Target:
    """One URL to load: a GET, or a POST of a form body. Both take the same path
    through wrk and through the probe; only method and body differ."""

    name: str  # unique, e.g. "goal page (heavy)"
    group: str  # ceiling, static, page, chart, chart-304, floor, write, login
    path: str
    user: str = ""  # heavy, light, or "" for targets without a login
    method: str = "GET"
    body: str = ""  # urlencoded form
    headers: tuple[tuple[str, str], ...] = ()
    expect: int = 200  # the status a correct answer has (checked before loading)
    contains: str = ""  # ... and a text its body has (the dashboard answers 200 to anyone)


@dataclass(frozen=True)
class LoadSettings:
    seconds: int
    warmup_seconds: int
    connections: int
    threads: int
    rounds: int


@dataclass
class Run:
    """One wrk run of one target."""

    rps: float
    p50_ms: float | None  # None when no request completed: nothing to measure
    p90_ms: float | None
    p99_ms: float | None
    requests: int
    errors: int  # answers that were not 2xx or 3xx
    socket_errors: int  # connect, read, write errors and timeouts
    # Failures in gunicorn's log during the run and until its queue drained (500s and
    # worker timeouts), which wrk never sees when they come after it stopped.
    server_errors: int = 0
    drained_seconds: float = 0.0  # how long gunicorn took to finish after wrk stopped


def wrk_command(port: int, target: Target, seconds: int, settings: LoadSettings) -> list[str]:
    command = [WRK, f"-t{min(settings.threads, settings.connections)}",
               f"-c{settings.connections}", f"-d{seconds}s", "--timeout", "30s",
               "-s", str(LUA_SCRIPT), "-H", f"User-Agent: {USER_AGENT}",
               "-H", f"Accept-Encoding: {ACCEPT_ENCODING}"]
    for name, value in target.headers:
        command += ["-H", f"{name}: {value}"]
    return [*command, f"http://127.0.0.1:{port}{target.path}"]


def run_wrk(port: int, target: Target, seconds: int, settings: LoadSettings) -> Run:
    """Load `target` for `seconds`; return what the Lua done() reported."""
    env = {**os.environ, "BENCH_METHOD": target.method, "BENCH_BODY": target.body}
    done = subprocess.run(wrk_command(port, target, seconds, settings), env=env,
                          capture_output=True, text=True, timeout=seconds + 120, check=False)
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("BENCH_JSON ")), None)
    if done.returncode != 0 or line is None:
        raise BenchError(f"wrk failed on {target.name}:\n{done.stdout}\n{done.stderr}")
    data = json.loads(line.removeprefix("BENCH_JSON "))

    def latency_ms(key: str) -> float | None:
        return data[key] / 1000 if data["requests"] else None

    return Run(
        rps=data["requests"] / (data["duration_us"] / 1e6),
        p50_ms=latency_ms("latency_p50_us"),
        p90_ms=latency_ms("latency_p90_us"),
        p99_ms=latency_ms("latency_p99_us"),
        requests=data["requests"],
        errors=data["status_errors"],
        socket_errors=sum(data[key] for key in ("connect_errors", "read_errors",
                                                 "write_errors", "timeouts")),
    )


def probe(port: int, target: Target) -> None:
    """Send `target` once and check its status, so a lost login (a 302 to /login) or a
    refused form never passes for a fast page."""
    reply, _cookies = raw_request("127.0.0.1", port, target.method, target.path,
                                  target.body, dict(target.headers))
    if reply.status != target.expect or target.contains not in reply.text:
        raise BenchError(f"{target.name}: {target.method} {target.path} answered "
                         f"{reply.status} (expected {target.expect}"
                         + (f" with {target.contains!r})" if target.contains else ")"))


def check_wrk() -> None:
    if not Path(WRK).exists():
        raise BenchError(f"{WRK} is missing: `make bench` installs Debian's wrk")


def load_once(server, target: Target, seconds: int, settings: LoadSettings) -> Run:
    """One wrk run of `target`, then wait for the server to be idle again (its queue
    drained), counting what went wrong in its log meanwhile."""
    offset = server.log_size()
    run = run_wrk(server.port, target, seconds, settings)
    run.drained_seconds = server.wait_until_idle()
    run.server_errors = server.errors_since(offset)
    return run


def measure(server, targets: list[Target], settings: LoadSettings,
            log=print) -> dict[str, list[Run]]:
    """Probe and warm up every target, then run `settings.rounds` rounds; each round
    loads every target once, starting one target further on than the round before.
    `server` is a running server.Gunicorn."""
    for target in targets:
        probe(server.port, target)
    for target in targets:
        log(f"warm-up    {target.name:<26} "
            f"{describe(load_once(server, target, settings.warmup_seconds, settings))}")
    runs: dict[str, list[Run]] = {target.name: [] for target in targets}
    for number in range(settings.rounds):
        shift = number % len(targets)
        for target in targets[shift:] + targets[:shift]:
            run = load_once(server, target, settings.seconds, settings)
            runs[target.name].append(run)
            log(f"round {number + 1}/{settings.rounds}  {target.name:<26} {describe(run)}")
    return runs


def describe(run: Run) -> str:
    def ms(value: float | None) -> str:
        return "       -" if value is None else f"{value:8.2f}"

    errors = run.errors + run.socket_errors
    return (f"{run.rps:9.1f} req/s  p50 {ms(run.p50_ms)} ms  p99 {ms(run.p99_ms)} ms"
            + (f"  wrk errors {errors}" if errors else "")
            + (f"  server errors {run.server_errors}" if run.server_errors else "")
            + (f"  (queue drained in {run.drained_seconds:.0f} s)"
               if run.drained_seconds >= 1 else ""))


def _median(values) -> float | None:
    known = [value for value in values if value is not None]
    return median(known) if known else None


def medians(runs: list[Run]) -> dict:
    """The median of each figure over the rounds; errors are added up, not medianed."""
    return {
        "rps": median(run.rps for run in runs),
        "p50_ms": _median(run.p50_ms for run in runs),
        "p90_ms": _median(run.p90_ms for run in runs),
        "p99_ms": _median(run.p99_ms for run in runs),
        "requests": sum(run.requests for run in runs),
        "errors": sum(run.errors for run in runs),
        "socket_errors": sum(run.socket_errors for run in runs),
        "server_errors": sum(run.server_errors for run in runs),
        "rounds": [asdict(run) for run in runs],
    }
