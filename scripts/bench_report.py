"""The arithmetic and the tables of scripts/bench_http.py: interleaved runs become medians, ratios to the floor,
a Markdown table for docs/performance.md and a verdict per goal of issue 19."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from bench_wrk import WrkRun

PORTAL, FLOOR, SAME_WORK = "portal", "floor", "same-work floor"
DATABASE_NAMES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}


def median_ratio(numerators: list[float], denominators: list[float]) -> float:
    """The median of the per-pair ratios a_i / b_i: each pair ran back to back, so the machine's changing load
    cancels within a pair; the ratio of the medians would mix pairs measured at different loads."""
    if len(numerators) != len(denominators) or not numerators:
        raise ValueError("one denominator per numerator, at least one pair")
    return statistics.median(a / b if b else float("inf") for a, b in zip(numerators, denominators, strict=True))


@dataclass
class Side:
    """One server's runs in one scenario, as medians."""
    per_second: float
    p50_ms: float
    p95_ms: float
    cpu_ms: float  # server CPU per request
    wrk_share: float  # wrk's CPU share of the machine
    errors: int  # summed over the runs
    first_error: str

    @classmethod
    def of(cls, runs: list[WrkRun]) -> Side:
        def median(values):
            return statistics.median(values)

        return cls(median(r.per_second for r in runs), median(r.p50_ms for r in runs),
                   median(r.p95_ms for r in runs), median(r.cpu_ms_per_request for r in runs),
                   median(r.wrk_share() for r in runs), sum(r.errors + r.flow_errors for r in runs),
                   next((r.first_error for r in runs if r.first_error), ""))


@dataclass
class ScenarioResult:
    name: str
    sides: dict[str, Side]
    ratio: float  # requests per second, portal / floor
    p95_ratio: float
    cpu_ratio: float
    same_work_ratio: float | None = None  # portal / same-work floor, requests per second
    same_work_cpu_ratio: float | None = None

    @classmethod
    def of(cls, name: str, runs: dict[str, list[WrkRun]]) -> ScenarioResult:
        portal, floor = runs[PORTAL], runs[FLOOR]

        def ratio(against, value):
            return median_ratio([value(r) for r in portal], [value(r) for r in against])

        result = cls(name, {role: Side.of(role_runs) for role, role_runs in runs.items()},
                     ratio(floor, lambda r: r.per_second), ratio(floor, lambda r: r.p95_ms),
                     ratio(floor, lambda r: r.cpu_ms_per_request))
        if SAME_WORK in runs:
            result.same_work_ratio = ratio(runs[SAME_WORK], lambda r: r.per_second)
            result.same_work_cpu_ratio = ratio(runs[SAME_WORK], lambda r: r.cpu_ms_per_request)
        return result


@dataclass
class Probe:
    """A fresh worker's start, and a worker's memory after many requests (gunicorn -w 1, no max_requests)."""
    start_cpu_ready: float  # seconds, median: fork, import, create_app, first /healthz answered
    start_cpu_first_page: float  # seconds, median: the same plus its first start page (templates compiled, ...)
    samples: int
    rss_requests: int
    worker_rss_mib: float
    master_rss_mib: float
    rss_errors: int
    worker_private_mib: float = 0.0  # of its RSS, what it shares with no other process


def _scenario(results: list[ScenarioResult], prefix: str) -> ScenarioResult:
    return next(r for r in results if r.name.startswith(prefix))


def markdown_tables(all_results: dict[str, list[ScenarioResult]]) -> list[str]:
    databases = list(all_results)
    names = [DATABASE_NAMES[d] for d in databases]
    first = all_results[databases[0]]
    lines = ["| page | " + " | ".join(f"{n} req/s | vs floor" for n in names) + " | server CPU per request, ms ("
             + " / ".join(names) + "; × floor) |",
             "| --- |" + " --- | --- |" * len(databases) + " --- |"]
    floor_row = ["floor: bare Flask + Jinja, the same start page"]
    for database in databases:
        floor = _scenario(all_results[database], "start page").sides[FLOOR]
        floor_row += [f"{floor.per_second:.0f}", "1"]
    floor_row.append(" / ".join(f"{_scenario(all_results[d], 'start page').sides[FLOOR].cpu_ms:.2f}"
                                for d in databases))
    lines.append("| " + " | ".join(floor_row) + " |")
    for index, scenario in enumerate(first):
        row = [scenario.name]
        for database in databases:
            result = all_results[database][index]
            row += [f"{result.sides[PORTAL].per_second:.0f}", f"{result.ratio:.2f}×"]
        row.append(" / ".join(f"{all_results[d][index].sides[PORTAL].cpu_ms:.2f} "
                              f"({all_results[d][index].cpu_ratio:.1f}×)" for d in databases))
        lines.append("| " + " | ".join(row) + " |")
        if scenario.same_work_ratio is not None:
            row = ["same-work floor for the step: bare Flask + SQLAlchemy Core, the same reads and writes"]
            for database in databases:
                result = all_results[database][index]
                row += [f"{result.sides[SAME_WORK].per_second:.0f}",
                        f"portal {result.same_work_ratio:.2f}× of it"]
            row.append(" / ".join(f"{all_results[d][index].sides[SAME_WORK].cpu_ms:.2f} (portal "
                                  f"{all_results[d][index].same_work_cpu_ratio:.1f}× of it)" for d in databases))
            lines.append("| " + " | ".join(row) + " |")
    lines += ["", "| page | " + " | ".join(f"{n} p50 / p95 ms | floor p95 ms | p95 vs floor" for n in names) + " |",
              "| --- |" + " --- | --- | --- |" * len(databases)]
    for index, scenario in enumerate(first):
        row = [scenario.name]
        for database in databases:
            result = all_results[database][index]
            portal, floor = result.sides[PORTAL], result.sides[FLOOR]
            row += [f"{portal.p50_ms:.1f} / {portal.p95_ms:.1f}", f"{floor.p95_ms:.1f}", f"{result.p95_ratio:.2f}×"]
        lines.append("| " + " | ".join(row) + " |")
    return lines


def detail_lines(all_results: dict[str, list[ScenarioResult]]) -> list[str]:
    """What the table leaves out: the load generator's own CPU share and every error."""
    lines = []
    for database, results in all_results.items():
        for result in results:
            shares = ", ".join(f"{role} {side.wrk_share:.0%}" for role, side in result.sides.items())
            errors = ", ".join(f"{role} {side.errors}" for role, side in result.sides.items())
            lines.append(f"{DATABASE_NAMES[database]}, {result.name}: wrk's CPU share of the machine {shares}; "
                         f"errors {errors}")
            for role, side in result.sides.items():
                if side.first_error:
                    lines.append(f"  first error ({role}): {side.first_error}")
    return lines


def probe_lines(probes: dict[str, Probe]) -> list[str]:
    return [f"{DATABASE_NAMES[d]}: a fresh worker used {p.start_cpu_ready:.3f} s of CPU when it first answered, "
            f"{p.start_cpu_first_page:.3f} s after its first start page (median of {p.samples}); after "
            f"{p.rss_requests} requests to one worker (start page, ask page, money-check steps) its RSS was "
            f"{p.worker_rss_mib:.1f} MiB, {p.worker_private_mib:.1f} MiB of it its own "
            f"(master {p.master_rss_mib:.1f} MiB; {p.rss_errors} errors)"
            for d, p in probes.items()]


def verdicts(all_results: dict[str, list[ScenarioResult]], probes: dict[str, Probe]) -> list[str]:
    """One line per goal of issue 19: met only when met on every database measured."""
    def each(prefix, value, limit, above=True):
        found = [(d, value(_scenario(r, prefix))) for d, r in all_results.items()]
        return found, all(v >= limit if above else v <= limit for _, v in found)

    checks = []
    for prefix, limit in (("start page", 0.7), ("money-check step", 0.5), ("ask page", 0.5)):
        found, met = each(prefix, lambda r: r.ratio, limit)
        checks.append((f"{prefix}: req/s at least {limit}× the floor's", found, met, "×"))
    found, met = each("money-check step", lambda r: r.cpu_ratio, 2.0, above=False)
    checks.append(("server CPU per step request at most 2× the floor's", found, met, "×"))
    for prefix in ("start page", "money-check step", "ask page"):
        found, met = each(prefix, lambda r: r.p95_ratio, 2.0, above=False)
        checks.append((f"{prefix}: p95 at most 2× the floor's", found, met, "×"))
    if probes:
        found = [(d, p.start_cpu_first_page) for d, p in probes.items()]
        checks.append(("a worker starts in under 0.3 s of CPU (to its first start page)", found,
                       all(v < 0.3 for _, v in found), " s"))
        found = [(d, p.worker_rss_mib) for d, p in probes.items()]
        checks.append((f"memory per worker under 100 MiB after {next(iter(probes.values())).rss_requests} requests",
                       found, all(v < 100 for _, v in found), " MiB"))
    return [f"- {text}: {'met' if met else 'NOT met'} ("
            + ", ".join(f"{DATABASE_NAMES[d]} {v:.2f}{unit}" for d, v in found) + ")"
            for text, found, met, unit in checks]
