"""Shared fixtures: the app, a live server on loopback, and headless Debian Chromium via Playwright.

Every browser page fails its test on any request that leaves the host, and collects console
errors and CSP violations so tests can assert there are none.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import tempfile
import threading
from pathlib import Path

import pytest

# ROOT and wait_for_charts stay importable from conftest for the files that still do so.
from helpers import CHROMIUM, CHROMIUM_ARGS, ROOT, open_page, wait_for_charts  # noqa: F401

# The app's dataset store: a fresh SQLite file for each test session, seeded from data/ when the
# app boots; never a developer's instance/ database or a DATABASE_URL from the shell.
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='getdz-test-store-')}/getdz.sqlite3"


@pytest.fixture(scope="session")
def dash_app():
    """The module-level app (built once, as gunicorn builds it)."""
    import app as app_module
    from serving.budget import RenderBudget

    # The session's app serves hundreds of distinct decks to one loopback client in minutes (every
    # deck test, the fuzzers): no render budget for it. tests/test_deck_budget.py tests the budget
    # on apps of its own, in-process and under gunicorn.
    unbounded = 10**9
    app_module.app.server.extensions["getdz_render_budget"] = RenderBudget(
        unbounded, unbounded, (unbounded,) * 2
    )
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


@pytest.fixture
def gunicorn_factory():
    """`gunicorn_factory(env=..., ...)`: a bench.servers.Gunicorn (start it, or use it in `with`),
    stopped at teardown whatever the test did."""
    from bench import servers

    made = []

    def make(**kwargs):
        made.append(servers.Gunicorn(**kwargs))
        return made[-1]

    yield make
    for server in made:
        server.stop()


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """gunicorn exactly as the Procfile runs it (2 gthread workers, preload), on a free port, one a
    test module; its output in `production.log_file`."""
    from bench import servers

    log = tmp_path_factory.mktemp("gunicorn") / "access.log"
    with servers.Gunicorn(env={"WEB_CONCURRENCY": "2"}, boot_timeout=90, log_path=str(log)) as gunicorn:
        gunicorn.log_file = log
        yield gunicorn


@pytest.fixture
def connection():
    """(a gunicorn gthread connection on one end of a socket pair, the other end): the worker's
    reading of a request, driven directly."""
    from gunicorn.config import Config
    from gunicorn.workers import gthread

    server_side, client_side = socket.socketpair()
    conn = gthread.TConn(Config(), server_side, ("127.0.0.1", 1), ("127.0.0.1", 2))
    yield conn, client_side
    client_side.close()
    server_side.close()


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


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


# Tiers, from what a test uses, so a new test needs no marker: `browser` (headless Chromium or a
# server on loopback, a database server included; or marked so), `slow` (load, soak and heap-growth
# runs: `make soak`; a name with soak, heap or memory, or marked so), `integration` (marked: the
# whole app through its endpoints, fuzzing, subprocesses, best-level compression), else `unit`.
BROWSER_FIXTURES = {"browser", "page_factory", "live_server", "gunicorn_factory", "production", "recorded"}
BROWSER_FIXTURES |= {"pg", "db_url"}  # the dataset store's tests start PostgreSQL (tests/store_support.py)
SLOW_NAME = re.compile(r"soak|heap|memory")


def pytest_collection_modifyitems(config, items):
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        browser = bool(fixtures & BROWSER_FIXTURES) or item.get_closest_marker("browser") is not None
        slow = any(item.get_closest_marker(m) for m in ("slow", "soak")) or SLOW_NAME.search(item.name)
        if browser:
            item.add_marker(pytest.mark.browser)
        if slow:
            item.add_marker(pytest.mark.slow)
        if not browser and not slow and item.get_closest_marker("integration") is None:
            item.add_marker(pytest.mark.unit)


@pytest.fixture
def bad_data_dir(tmp_path):
    """A copy of data/ with a malformed observations row."""
    from metrics import DATA_DIR

    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    with open(target / "observations.csv", "a", encoding="utf-8") as fh:
        fh.write('broken,"unterminated\n')
    return target


# the dataset store's tests: a real PostgreSQL per module (tests/store_support.py), and the same
# test on SQLite and on PostgreSQL through `db_url`
@pytest.fixture(scope="module")
def pg():
    from store_support import postgres_server

    yield from postgres_server()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'getdz.sqlite3'}"
    return request.getfixturevalue("pg").create_database()


@pytest.fixture
def engine(db_url):
    import store

    engine = store.make_engine(db_url)
    store.migrate(engine)
    store.seed(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def decade_dir(tmp_path_factory):
    """The 14-year test data set (tests/fixtures/decade.py) in a temporary data directory: point
    `GETDZ_DATA_DIR` or `metrics.load` at it. Session-wide: treat it as read-only."""
    from tests.fixtures.decade import write

    return write(tmp_path_factory.mktemp("decade") / "data")


@pytest.fixture(scope="module")
def decade(decade_dir):
    """The 14-year data set's Context, as the app builds it."""
    import metrics
    from components.context import Context

    return Context.build(metrics.load(decade_dir))


@pytest.fixture(scope="module")
def decade_server(decade_dir):
    """The app serving the 14-year data set (a live server in this process)."""
    import app as app_module

    with LiveServer(app_module.create_app({"data_dir": str(decade_dir)}).server) as server:
        yield server
