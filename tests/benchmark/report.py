"""The benchmark's figures against its goals: one table on the terminal, the same
figures as JSON in build/bench/."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from statistics import median

# The goals the figures are checked against (PASS / MISS); see README.md beside this file.
PAGE_RPS_SHARE = 0.25  # warm pages of the heavy user: at least this share of /ping's req/s
PAGE_P99_FACTOR = 10.0  # ... and a p99 under this many times /ping's p99
CHART_RPS_SHARE = 0.60  # warm charts (cache hit or 304)
WRITE_RPS_SHARE = 0.20  # writes, with no error at all
COLD_FACTOR = 1.5  # a cold chart request against matplotlib drawing it alone
BOARD_SECONDS = 1.0  # the year board of 25 goals
HEAVY_LIGHT_FACTOR = 2.0  # a heavy user's page against a light user's
STARTUP_SECONDS = 1.0  # a worker's start-up
WORKER_MIB = 150.0  # resident memory of each worker after the run


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator, or None when either is unknown or the denominator is 0
    (a target so slow that no request completed in a run)."""
    return numerator / denominator if numerator is not None and denominator else None


def at_most(value: float | None, limit: float) -> bool:
    return value is not None and value <= limit


def below(value: float | None, limit: float) -> bool:
    return value is not None and value < limit


def at_least(value: float | None, limit: float) -> bool:
    return value is not None and value >= limit


def verdict(passed: bool | None) -> str:
    return "" if passed is None else "PASS" if passed else "MISS"


def load_rows(load: dict[str, dict]) -> list[dict]:
    """One row per wrk target: medians, ratios to the ceiling, and its goal."""
    ceiling = next(figures for figures in load.values() if figures["group"] == "ceiling")
    rows = []
    for name, figures in load.items():
        row = {"target": name, **{k: v for k, v in figures.items() if k != "rounds"}}
        row["rps_ratio"] = ratio(figures["rps"], ceiling["rps"])
        row["p99_ratio"] = ratio(figures["p99_ms"], ceiling["p99_ms"])
        row["goal"], passed = _load_goal(row)
        row["result"] = verdict(passed)
        rows.append(row)
    return rows


def _load_goal(row: dict) -> tuple[str, bool | None]:
    share, p99 = row["rps_ratio"], row["p99_ratio"]
    clean = row["errors"] == row["socket_errors"] == row["server_errors"] == 0
    if row["group"] == "page" and row["user"] == "heavy":
        return (f">={PAGE_RPS_SHARE:.0%}, p99<{PAGE_P99_FACTOR:g}x",
                at_least(share, PAGE_RPS_SHARE) and below(p99, PAGE_P99_FACTOR))
    if row["group"] in ("chart", "chart-304"):
        return f">={CHART_RPS_SHARE:.0%}", at_least(share, CHART_RPS_SHARE)
    if row["group"] == "write":
        return (f">={WRITE_RPS_SHARE:.0%}, 0 errors",
                at_least(share, WRITE_RPS_SHARE) and clean)
    return "", None


def heavy_light_rows(load: dict[str, dict]) -> list[dict]:
    """Per page (and warm chart): what a heavy user's request costs against a light
    user's, as the inverse ratio of their req/s (time per request under load)."""
    rows = []
    for name, heavy in load.items():
        if heavy["user"] != "heavy" or heavy["group"] not in ("page", "chart"):
            continue
        light = load[name.replace("(heavy)", "(light)")]
        cost = ratio(light["rps"], heavy["rps"])
        is_page = heavy["group"] == "page"
        rows.append({
            "target": name.replace(" (heavy)", ""), "heavy_rps": heavy["rps"],
            "light_rps": light["rps"], "cost_ratio": cost,
            "p50_ratio": ratio(heavy["p50_ms"], light["p50_ms"]),
            "goal": f"<={HEAVY_LIGHT_FACTOR:g}x" if is_page else "",
            "result": verdict(at_most(cost, HEAVY_LIGHT_FACTOR) if is_page else None),
        })
    return rows


def cold_rows(request_s: dict[str, float], alone_s: dict[str, float]) -> list[dict]:
    """Per kind of chart: the median cold request against matplotlib alone, both over
    the same charts."""
    rows = []
    for kind, prefix in (("goal chart", "/goals/"), ("board chart", "/years/"),
                         ("summary chart", "/summary/")):
        paths = [path for path in request_s if path.startswith(prefix)]
        if not paths:
            continue
        request_ms = median(request_s[p] for p in paths) * 1000
        alone_ms = median(alone_s[p] for p in paths) * 1000
        factor = request_ms / alone_ms
        rows.append({"chart": kind, "charts": len(paths), "request_ms": request_ms,
                     "matplotlib_ms": alone_ms, "ratio": factor,
                     "goal": f"<={COLD_FACTOR:g}x", "result": verdict(factor <= COLD_FACTOR),
                     "request_max_ms": max(request_s[p] for p in paths) * 1000})
    return rows


def cost_rows(costs: dict[str, dict], load: list[dict], database: str) -> list[dict]:
    """Per target measured in-process: its CPU time per request against /ping's (x), and
    1/x beside the share of /ping's req/s it had under wrk. 1/x is the share if nothing
    but the app's own CPU time counted; what every request also costs outside the app
    (gunicorn, the kernel, wrk) lifts a cheap request's share above it, and waiting for a
    lock pulls a write's below it.

    On SQLite a write holds the one write lock for its time inside the transaction, so
    however many workers and cores there are, no more than 1000 / that time in ms writes
    of its kind go through a second: shown as a share of /ping's req/s (the lock bound).
    """
    ceiling_row = next(row for row in load if row["group"] == "ceiling")
    ceiling = costs[ceiling_row["target"]]["cpu_ms"]
    shares = {row["target"]: row["rps_ratio"] for row in load}
    rows = []
    for name, figures in costs.items():
        times = figures["cpu_ms"] / ceiling
        lock_bound = None
        if database == "sqlite" and figures["method"] == "POST" and figures["transaction_ms"]:
            lock_bound = ratio(1000 / figures["transaction_ms"], ceiling_row["rps"])
        rows.append({"target": name, **figures, "x_ping": times, "cpu_bound_share": 1 / times,
                     "lock_bound_share": lock_bound, "wrk_share": shares.get(name)})
    return rows


def single_checks(results: dict) -> list[dict]:
    """The goals measured once: the 25-goal board, start-up, memory per worker."""
    board = median(results["board_25_seconds"]["wall"])
    board_cpu = median(results["board_25_seconds"]["cpu"])
    startup = median(results["startup_seconds"]["wall"])
    startup_cpu = median(results["startup_seconds"]["cpu"])
    spawn = results["gunicorn_ready_seconds"]
    replaced = results["worker_replaced_seconds"]
    worst = max(results["worker_mib"].values())
    return [
        {"check": "year board, 25 goals (matplotlib)", "value": f"{board * 1000:.0f} ms",
         "goal": f"<{BOARD_SECONDS:g} s", "result": verdict(board < BOARD_SECONDS),
         "note": f"CPU time {board_cpu * 1000:.0f} ms"},
        # --preload: the master imports the app once and forks workers from it, so a
        # worker's start-up is the fork; the import is paid once, by the master.
        {"check": "worker start-up: killed to answering", "value": f"{replaced * 1000:.0f} ms",
         "goal": f"<{STARTUP_SECONDS:g} s", "result": verdict(replaced < STARTUP_SECONDS),
         "note": "all workers SIGKILLed, new ones forked"},
        {"check": "master: import + create_app()", "value": f"{startup * 1000:.0f} ms",
         "goal": "", "result": "", "note": f"CPU time {startup_cpu * 1000:.0f} ms"},
        {"check": "gunicorn: spawn to every worker serving", "value": f"{spawn * 1000:.0f} ms",
         "goal": "", "result": ""},
        {"check": "memory per worker (largest VmRSS)", "value": f"{worst:.0f} MiB",
         "goal": f"<{WORKER_MIB:g} MiB", "result": verdict(worst < WORKER_MIB)},
    ]


def build(results: dict, meta: dict) -> dict:
    """Return the whole report: every figure, each goal's PASS or MISS, and a count."""
    load = load_rows(results["load"])
    report = {
        "meta": meta,
        "load": load,
        "heavy_vs_light": heavy_light_rows(results["load"]),
        "cold_charts": cold_rows(results["cold_request_seconds"],
                                 results["matplotlib_seconds"]),
        "checks": single_checks(results),
        "request_costs": cost_rows(results["request_costs"], load, meta["database"]),
        "sql_statements": results["sql_statements"],
        "worker_mib": results["worker_mib"],
        "samples": {key: results[key] for key in ("board_25_seconds", "startup_seconds",
                                                  "cold_request_seconds",
                                                  "matplotlib_seconds")},
        "rounds": {name: figures["rounds"] for name, figures in results["load"].items()},
    }
    verdicts = [row["result"] for section in ("load", "heavy_vs_light", "cold_charts",
                                              "checks") for row in report[section]]
    report["summary"] = {"pass": verdicts.count("PASS"), "miss": verdicts.count("MISS")}
    return report


@dataclass(frozen=True)
class Column:
    title: str
    key: str
    width: int
    format: str = "{}"

    def cell(self, row: dict) -> str:
        value = row.get(self.key, "")
        text = "-" if value is None else self.format.format(value) if value != "" else ""
        return text.rjust(self.width) if self.format != "{}" else text.ljust(self.width)


def table(title: str, columns: list[Column], rows: list[dict]) -> str:
    head = "  ".join(c.title.ljust(c.width) if c.format == "{}" else c.title.rjust(c.width)
                     for c in columns).rstrip()
    lines = [f"\n== {title}", head, "-" * len(head)]
    lines += ["  ".join(c.cell(row) for c in columns).rstrip() for row in rows]
    return "\n".join(lines)


def render_text(report: dict) -> str:
    """The report as the tables `make bench` prints."""
    meta = report["meta"]
    parts = [
        f"Year Journal benchmark of {meta['app_version']}: {meta['database']}, "
        f"gunicorn {meta['workers']} workers, "
        f"wrk {meta['connections']} connections x {meta['duration_s']} s x "
        f"{meta['rounds']} rounds (medians), JOURNAL_TODAY={meta['today']}, "
        f"load average at start {meta['load_average_start']}, CPU pressure "
        f"{meta['cpu_pressure_start']} (share of time some task waited for a CPU, last 60 s)",
        table("Load (wrk)", [
            Column("target", "target", 26), Column("req/s", "rps", 8, "{:.1f}"),
            Column("p50 ms", "p50_ms", 8, "{:.2f}"), Column("p99 ms", "p99_ms", 8, "{:.2f}"),
            Column("x ceil", "rps_ratio", 7, "{:.0%}"),
            Column("p99 x", "p99_ratio", 6, "{:.1f}"), Column("errors", "errors", 6, "{:d}"),
            Column("sock.err", "socket_errors", 8, "{:d}"),
            Column("srv.err", "server_errors", 7, "{:d}"), Column("goal", "goal", 20),
            Column("result", "result", 6)], report["load"]),
        table("Heavy user against light user (cost = light req/s / heavy req/s)", [
            Column("target", "target", 16), Column("heavy r/s", "heavy_rps", 9, "{:.1f}"),
            Column("light r/s", "light_rps", 9, "{:.1f}"),
            Column("cost", "cost_ratio", 6, "{:.2f}"), Column("p50", "p50_ratio", 6, "{:.2f}"),
            Column("goal", "goal", 7), Column("result", "result", 6)],
            report["heavy_vs_light"]),
        table("Cold charts (never drawn before) against matplotlib drawing them alone", [
            Column("chart", "chart", 14), Column("charts", "charts", 6, "{:d}"),
            Column("request ms", "request_ms", 10, "{:.1f}"),
            Column("max ms", "request_max_ms", 8, "{:.1f}"),
            Column("mpl ms", "matplotlib_ms", 8, "{:.1f}"),
            Column("ratio", "ratio", 6, "{:.2f}"), Column("goal", "goal", 7),
            Column("result", "result", 6)], report["cold_charts"]),
        table("In-process CPU time per request, as wrk sends it, against /ping's "
              "(lowest of the rounds)", [
            Column("target", "target", 26), Column("CPU ms", "cpu_ms", 8, "{:.3f}"),
            Column("wall ms", "wall_ms", 8, "{:.3f}"), Column("x /ping", "x_ping", 7, "{:.1f}"),
            Column("1 / x", "cpu_bound_share", 6, "{:.0%}"),
            Column("in txn ms", "transaction_ms", 9, "{:.3f}"),
            Column("lock bound", "lock_bound_share", 10, "{:.0%}"),
            Column("x ceil under wrk", "wrk_share", 16, "{:.0%}")], report["request_costs"]),
        table("Board, start-up, memory", [
            Column("check", "check", 40), Column("value", "value", 10),
            Column("goal", "goal", 10), Column("result", "result", 6),
            Column("note", "note", 20)], report["checks"]),
        "workers' VmRSS (MiB): " + ", ".join(
            f"{pid}: {mib:.0f}" for pid, mib in report["worker_mib"].items()),
        table("SQL statements per request (in-process, after one warm-up request)", [
            Column("page", "page", 16), Column("light", "light", 6, "{:d}"),
            Column("heavy", "heavy", 6, "{:d}")], report["sql_statements"]),
        f"\n{report['summary']['pass']} PASS, {report['summary']['miss']} MISS. "
        f"Run took {meta['run_seconds']:.0f} s (dataset: {meta['dataset_seconds']:.1f} s "
        f"for {sum(meta['rows'].values()):,} rows).",
    ]
    return "\n".join(parts)


def write_json(report: dict, path: Path) -> Path:
    """Write the report as JSON to `path` and return it."""
    path.write_text(json.dumps(report, indent=1, default=str) + "\n", encoding="utf-8")
    return path
