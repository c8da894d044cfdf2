"""First contentful paint on an emulated slow-3G phone, in Debian's Chromium.

    .venv/bin/python scripts/bench_fcp.py [--runs 5]

Starts gunicorn (2 workers, throwaway SQLite database with the demo data, as scripts/bench_http.py does), then per page
and run opens a fresh browser context (empty cache and cookies, 360x740 viewport), turns on CDP network emulation
(2 000 ms latency, 50 000 bytes/s down and up: "slow 3G"), loads the page and reads
performance.getEntriesByName('first-contentful-paint'). Pages: the start page `/` and the first money-check question
(the check is started unthrottled first, then the cache is cleared and the question page is loaded throttled, so both
pages are measured with a cold cache). Prints the median, min and max over --runs. Loopback only.
"""

from __future__ import annotations

import argparse
import statistics

from bench_http import serve
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
SLOW_3G = {"offline": False, "latency": 2000, "downloadThroughput": 50000, "uploadThroughput": 50000}
# Resolves with the paint time, or null when nothing was painted within 60 s (reported as a failed run).
READ_FCP = """() => new Promise(resolve => {
  const found = performance.getEntriesByName('first-contentful-paint')[0];
  if (found) return resolve(found.startTime);
  new PerformanceObserver(list => resolve(list.getEntries()[0].startTime)).observe({type: 'paint', buffered: true});
  setTimeout(() => resolve(null), 60000);
})"""


def start_selftest(page, base: str) -> str:
    page.goto(base + "/geldcheck")
    page.get_by_role("button", name="Begin de geldcheck").click()
    page.wait_for_url("**/geldcheck/vraag/*")
    return page.url


def measure(browser, base: str, path: str | None) -> tuple[float | None, int]:
    """One cold load on slow 3G; returns (FCP ms, bytes transferred for the page and its CSS)."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True,
                                  locale="nl-NL")  # Dutch, the source language, as most residents read it
    try:
        page = context.new_page()
        url = base + path if path else start_selftest(page, base)
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.clearBrowserCache")
        cdp.send("Network.emulateNetworkConditions", SLOW_3G)
        page.goto(url, wait_until="load", timeout=120000)
        fcp = page.evaluate(READ_FCP)
        transferred = page.evaluate("""() => performance.getEntriesByType('navigation')[0].transferSize +
            performance.getEntriesByType('resource').reduce((sum, entry) => sum + entry.transferSize, 0)""")
        return fcp, int(transferred)
    finally:
        context.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    pages = (("start page /", "/"), ("first money-check question", None))
    failed = 0
    with serve("sqlite", 2, secret="bench-fcp") as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        print(f"Chromium {browser.version}, slow 3G (latency 2000 ms, 50 000 bytes/s), 360x740, cold cache, "
              f"median of {args.runs} runs")
        print(f"{'page':<28} {'FCP ms':>8} {'min':>8} {'max':>8} {'bytes in':>8}")
        for name, path in pages:
            results = [measure(browser, server.base, path) for _ in range(args.runs)]
            paints = [fcp for fcp, _ in results if fcp is not None]
            failed += len(results) - len(paints)
            if not paints:
                print(f"{name:<28} no paint recorded")
                continue
            print(f"{name:<28} {statistics.median(paints):>8.0f} {min(paints):>8.0f} {max(paints):>8.0f} "
                  f"{results[0][1]:>8}")
        browser.close()
    if failed:
        print(f"{failed} runs recorded no paint")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
