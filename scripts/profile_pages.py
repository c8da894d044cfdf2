"""CPU time per request of the resident pages that carry the load, in-process (Flask's test client, no HTTP).

    .venv/bin/python scripts/profile_pages.py [--requests 2000] [--lang nl] [--profile PAGE] [--top 25]
    .venv/bin/python scripts/profile_pages.py --compare ../other-checkout [--pairs 5]

Builds the app on a throwaway SQLite file with the demo municipalities, warms up, then times each page with
`time.process_time()` (CPU, not wall time: the 2-core machine is shared, and other processes' work does not count
here). The pages: the start page, a money-check question (GET) answered before (as when a resident goes back), the
question after it (GET, not answered yet: a first visit), the POST of an answer to the first, and the ask page.
`--profile PAGE` runs cProfile over that page's requests and prints the top functions by own time.
Each page's requests run in 5 blocks and the quickest block counts (the one least disturbed by other work).
`--compare DIR` runs this script in fresh processes against DIR's code (A) and this checkout's (B), a pair at a
time, the two of a pair side by side so that both meet the same load, and prints each page's median of the per-pair
ratios B/A: single runs on a shared machine are noise.
`--root DIR` imports the portal from DIR instead of this checkout (with --compare: DIR is B).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
QUESTION = "fixed_costs"  # a single-choice question, after two answered ones
NEXT = "bills_behind"  # the question after it, never answered here
PAGES = ("start", "question", "next", "answer", "ask")
BLOCKS = 5  # each page's requests in blocks; the quickest block counts


def _build(root: Path, lang: str):
    sys.path.insert(0, str(root))
    os.chdir(root)
    from bs4 import BeautifulSoup

    from portal import create_app
    from portal.migrate import upgrade
    from portal.services.municipalities import load_municipalities

    folder = Path(tempfile.mkdtemp())
    app = create_app({"PORTAL_ENV": "testing", "SECRET_KEY": "profile",
                      "DATABASE_URL": f"sqlite:///{folder / 'p.db'}"})
    upgrade(app)
    load_municipalities(app.extensions["db_sessionmaker"](), root / "demo" / "municipalities.toml")
    client = app.test_client()
    client.get(f"/taal/{lang}")

    def token(path: str) -> str:
        soup = BeautifulSoup(client.get(path).get_data(as_text=True), "html.parser")
        return soup.select_one('input[name="csrf_token"]')["value"]

    client.post("/geldcheck/start", data={"csrf_token": token("/geldcheck")})
    for question, answer in (("group", "none"), ("crisis", "none")):
        path = f"/geldcheck/vraag/{question}"
        assert client.post(path, data={"csrf_token": token(path), "answer": answer}).status_code == 302
    question_path = f"/geldcheck/vraag/{QUESTION}"
    answer_data = {"csrf_token": token(question_path), "answer": "always"}
    requests = {
        "start": lambda: client.get("/"),
        "question": lambda: client.get(question_path),
        "next": lambda: client.get(f"/geldcheck/vraag/{NEXT}"),
        "answer": lambda: client.post(question_path, data=answer_data),
        "ask": lambda: client.get("/vraag-stellen"),
    }
    expected = {"start": 200, "question": 200, "next": 200, "answer": 302, "ask": 200}
    requests["answer"]()  # the first question answered: the next one may be opened
    for page, send in requests.items():
        status = send().status_code
        assert status == expected[page], f"{page} answered {status}"
    return requests


def measure(root: Path, lang: str, count: int, profile: str | None, top: int) -> dict:
    requests = _build(root, lang)
    for send in requests.values():  # warm up: templates compiled, catalogues read, caches filled
        for _ in range(200):
            send()
    if profile:
        profiler = cProfile.Profile()
        send = requests[profile]
        profiler.enable()
        for _ in range(count):
            send()
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(top)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)
        return {}
    result = {}
    block = max(1, count // BLOCKS)
    for page, send in requests.items():
        timings = []
        for _ in range(BLOCKS):
            started = time.process_time()
            for _ in range(block):
                send()
            timings.append((time.process_time() - started) / block * 1e6)  # µs CPU per request
        result[page] = min(timings)  # the block least disturbed by the other work on the machine
    return result


def _start(root: Path, args) -> subprocess.Popen:
    command = [sys.executable, str(Path(__file__).resolve()), "--root", str(root), "--lang", args.lang,
               "--requests", str(args.requests), "--json"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, text=True)


def _result(process: subprocess.Popen) -> dict:
    output, _ = process.communicate()
    if process.returncode:
        raise SystemExit(f"a measuring run failed ({process.returncode})")
    return json.loads(output.strip().splitlines()[-1])


def compare(base: Path, here: Path, args) -> None:
    ratios: dict[str, list[float]] = {page: [] for page in PAGES}
    firsts: dict[str, list[float]] = {page: [] for page in PAGES}
    seconds: dict[str, list[float]] = {page: [] for page in PAGES}
    for pair in range(args.pairs):
        # A and B at the same time (A started first in odd pairs, B in even ones), so both meet the same load.
        first, second = (base, here) if pair % 2 == 0 else (here, base)
        runs = {first: _start(first, args), second: _start(second, args)}
        a, b = _result(runs[base]), _result(runs[here])
        for page in PAGES:
            firsts[page].append(a[page])
            seconds[page].append(b[page])
            ratios[page].append(b[page] / a[page])
        print(f"pair {pair + 1}: " + ", ".join(f"{p} {a[p]:.0f}/{b[p]:.0f} µs" for p in PAGES), flush=True)
    print(f"{'page':<10} {'A µs CPU':>10} {'B µs CPU':>10} {'B/A median':>11}  "
          f"({args.pairs} pairs, A={base}, B={here})")
    for page in PAGES:
        print(f"{page:<10} {statistics.median(firsts[page]):>10.0f} {statistics.median(seconds[page]):>10.0f} "
              f"{statistics.median(ratios[page]):>11.3f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--lang", default="nl")
    parser.add_argument("--profile", choices=PAGES)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--root", type=Path, default=HERE)
    parser.add_argument("--compare", type=Path, metavar="DIR")
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.compare:
        compare(args.compare.resolve(), args.root.resolve(), args)
        return 0
    result = measure(args.root.resolve(), args.lang, args.requests, args.profile, args.top)
    if args.json:
        print(json.dumps(result))
    elif result:
        for page, micros in result.items():
            print(f"{page:<10} {micros:>8.0f} µs CPU per request")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
