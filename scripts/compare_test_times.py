"""Did any test get slower? Compares the per-test times of two or more pytest runs each of a "before" and an "after"
checkout, from pytest's JUnit XML (`pytest --junitxml=FILE`).

    .venv/bin/python scripts/compare_test_times.py --before a1.xml a2.xml --after b1.xml b2.xml [--min-seconds 0.2]
        [--threshold 1.10]

Per test the quickest of its runs counts on each side (a shared machine only ever adds time). A test is reported as
slower when after/before exceeds --threshold and it takes at least --min-seconds: below that, a test's time is mostly
the machine's noise and fixtures' set-up order. Also prints the sum over the tests both sides ran. Exits 1 when any
test is reported slower, so it can gate a change.
"""

from __future__ import annotations

import argparse
import sys
import xml.etree.ElementTree as ET


def test_times(path: str) -> dict[str, float]:
    """{classname::name: seconds} of the tests that ran (skipped ones are left out)."""
    times = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        if case.find("skipped") is not None:
            continue
        times[f"{case.get('classname')}::{case.get('name')}"] = float(case.get("time") or 0)
    return times


def quickest(paths: list[str]) -> dict[str, float]:
    runs = [test_times(path) for path in paths]
    names = set.intersection(*(set(run) for run in runs))
    return {name: min(run[name] for run in runs) for name in names}


def slower_tests(before: dict[str, float], after: dict[str, float], *, threshold: float,
                 min_seconds: float) -> list[tuple[str, float, float]]:
    return sorted(((name, before[name], after[name]) for name in before.keys() & after.keys()
                   if max(before[name], after[name]) >= min_seconds and after[name] > before[name] * threshold),
                  key=lambda row: row[2] / max(row[1], 1e-9), reverse=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", nargs="+", required=True)
    parser.add_argument("--after", nargs="+", required=True)
    parser.add_argument("--threshold", type=float, default=1.10)
    parser.add_argument("--min-seconds", type=float, default=0.2)
    args = parser.parse_args(argv)
    before, after = quickest(args.before), quickest(args.after)
    both = before.keys() & after.keys()
    total_before, total_after = sum(before[n] for n in both), sum(after[n] for n in both)
    counted = [n for n in both if max(before[n], after[n]) >= args.min_seconds]
    print(f"{len(both)} tests ran on both sides ({len(before.keys() - after.keys())} only before, "
          f"{len(after.keys() - before.keys())} only after); {len(counted)} take {args.min_seconds} s or more")
    if not both:
        print("no test ran on both sides: nothing to compare")
        return 1
    print(f"sum of the quickest times: before {total_before:.1f} s, after {total_after:.1f} s "
          f"({total_after / max(total_before, 1e-9):.2f}x)")
    slower = slower_tests(before, after, threshold=args.threshold, min_seconds=args.min_seconds)
    for name, was, now in slower:
        print(f"  slower {now / was:.2f}x  {was:.2f} s -> {now:.2f} s  {name}")
    print(f"{len(slower)} tests slower than {args.threshold:.2f}x" if slower else
          f"no test of {args.min_seconds} s or more got slower than {args.threshold:.2f}x")
    return 1 if slower else 0


if __name__ == "__main__":
    sys.exit(main())
