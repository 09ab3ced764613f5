"""Shared fixtures: the app, a live server on loopback, and headless Debian Chromium via Playwright.

Every browser page fails its test on any request that leaves the host, and collects console
errors and CSP violations so tests can assert there are none.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The app's dataset store: a fresh SQLite file for each test session, seeded from data/ when the
# app boots; never a developer's instance/ database or a DATABASE_URL from the shell.
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='getdz-test-store-')}/getdz.sqlite3"

CHROMIUM = os.environ.get("GETDZ_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


@pytest.fixture(scope="session")
def dash_app():
    """The module-level app (built once, as gunicorn builds it)."""
    import app as app_module

    return app_module.app


@pytest.fixture(scope="session")
def client(dash_app):
    """A Flask test client; the index is fetched once so Dash finishes its setup."""
    test_client = dash_app.server.test_client()
    assert test_client.get("/").status_code == 200
    return test_client


class LiveServer:
    """A threaded WSGI server on a free loopback port."""

    def __init__(self, wsgi_app):
        from werkzeug.serving import make_server

        self._server = make_server("127.0.0.1", 0, wsgi_app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()


@pytest.fixture(scope="session")
def live_server(dash_app):
    with LiveServer(dash_app.server) as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class PageWatch:
    """What a page did that a test should know: external requests, console errors, CSP reports."""

    def __init__(self):
        self.external: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []

    def assert_clean(self):
        assert self.external == [], f"requests left the host: {self.external}"
        assert self.page_errors == [], f"page errors: {self.page_errors}"
        assert self.console_errors == [], f"console errors: {self.console_errors}"


def is_local(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme in ("data", "blob", "about") or parsed.hostname in LOCAL_HOSTS


def open_page(browser, width=1440, height=900, **context_args):
    """A new page that blocks and records every non-local request and collects errors."""
    context = browser.new_context(viewport={"width": width, "height": height}, **context_args)
    page = context.new_page()
    watch = PageWatch()

    def route(route_):
        if is_local(route_.request.url):
            route_.continue_()
        else:
            watch.external.append(route_.request.url)
            route_.abort()

    context.route("**/*", route)
    page.on("console", lambda msg: watch.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda err: watch.page_errors.append(str(err)))
    page.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    return context, page, watch


@pytest.fixture
def page_factory(browser):
    """Open pages with `page_factory(width, height)`; every page is checked for leaks at teardown."""
    opened = []

    def make(width=1440, height=900, **context_args):
        context, page, watch = open_page(browser, width, height, **context_args)
        opened.append((context, watch))
        return page, watch

    yield make
    for context, watch in opened:
        context.close()
        assert watch.external == [], f"requests left the host: {watch.external}"


def wait_for_charts(page, count: int | None = None, timeout=20000):
    """Wait until the page's plotly graphs have drawn (at least `count` of them)."""
    page.wait_for_function(
        "n => { const g = document.querySelectorAll('.js-plotly-plot');"
        " return g.length > 0 && (n === null || g.length >= n) &&"
        " [...g].every(x => x.querySelector('.main-svg') && x._fullLayout); }",
        arg=count,
        timeout=timeout,
    )


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "page_factory" in getattr(item, "fixturenames", ()) or "browser" in getattr(
            item, "fixturenames", ()
        ):
            item.add_marker(pytest.mark.browser)


def pytest_addoption(parser):
    parser.addoption("--run-soak", action="store_true", help="run the long soak tests (`make soak`)")


def pytest_runtest_setup(item):
    if item.get_closest_marker("soak") and not item.config.getoption("--run-soak"):
        pytest.skip("long soak test: run with `make soak`")
