"""A live portal on its own SQLite file, Debian's Chromium driven by Playwright, and the Nu Html Checker."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from portal import create_app
from portal.migrate import upgrade
from portal.services.municipalities import load_municipalities
from tests.browser import helpers
from tests.conftest import DEMO_MUNICIPALITIES

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
PHONE = {"width": 360, "height": 740}
VNU_JAR = Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("live")
    app = create_app({"TESTING": True, "PORTAL_ENV": "testing", "SECRET_KEY": "live-test-secret",
                      "DATABASE_URL": f"sqlite:///{folder / 'live.sqlite3'}"})
    upgrade(app)
    load_municipalities(app.extensions["db_sessionmaker"](), DEMO_MUNICIPALITIES)
    return app


@pytest.fixture(scope="session")
def live_server(live_app):
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    # Links we send come from the configured public address, never from the request (finding 12.7).
    live_app.config["PUBLIC_BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium (scripts/test does this)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _checker_missing() -> str | None:
    if not shutil.which("java"):
        return "Java is missing (apt-get install default-jre-headless; scripts/test does this)"
    if not VNU_JAR.exists():
        return f"the Nu Html Checker is missing at {VNU_JAR} (scripts/install-html-checker installs it with npm ci)"
    return None


@pytest.fixture(scope="session", autouse=True)
def html_checker(tmp_path_factory):
    """The Nu Html Checker as a local HTTP service, started once; check_page posts every page state to it.

    Missing Java or vnu.jar fails in CI and, elsewhere, only leaves the HTML unchecked (test_html_checker_runs
    in test_journey_page_chrome.py then skips with the reason)."""
    missing = _checker_missing()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"The HTML check is required in CI: {missing}")
        helpers.HTML_CHECKER["missing"] = missing
        yield None
        return
    port = _free_port()
    log = (tmp_path_factory.mktemp("vnu") / "vnu.log").open("wb")
    process = subprocess.Popen(["java", "-cp", str(VNU_JAR), "nu.validator.servlet.Main", str(port)],
                               stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/?out=json"
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"The Nu Html Checker did not start on port {port}; see {log.name}")
            time.sleep(0.3)
    helpers.HTML_CHECKER.update(url=url, missing=None)
    yield url
    helpers.HTML_CHECKER.update(url=None)
    process.terminate()
    process.wait(timeout=10)
    log.close()


def _new_page(browser, live_server, **options):
    options.setdefault("locale", "nl-NL")
    context = browser.new_context(viewport=PHONE, base_url=live_server, **options)
    page = context.new_page()
    helpers.remember_documents(page)
    page.set_default_timeout(10_000)
    return context, page


@pytest.fixture(autouse=True)
def _fresh_limits():
    """Each browser test is one resident on one address (127.0.0.1): the suite's 100-odd walks together would hit
    limits such as 30 money checks an hour that no resident reaches."""
    from portal.extensions import limiter

    limiter.reset()


@pytest.fixture
def page(browser, live_server):
    context, page = _new_page(browser, live_server)
    yield page
    context.close()


@pytest.fixture
def page_without_js(browser, live_server):
    context, page = _new_page(browser, live_server, java_script_enabled=False)
    yield page
    context.close()
