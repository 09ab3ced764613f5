"""Helpers shared by the tests (import them with `from helpers import ...`): the repository root,
headless Debian Chromium pages that record every request leaving the host, and waits on charts."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import urlparse

from bench.servers import CHROMIUM, CHROMIUM_ARGS  # noqa: F401  (one home; re-exported)

ROOT = Path(__file__).resolve().parent.parent
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


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


def wait_for_charts(page, count: int | None = None, timeout=20000):
    """Wait until the page's plotly graphs have drawn (at least `count` of them), the dashboard's
    lower panels and their charts included (they arrive once the first screen is drawn), the
    dashboard's variants (its filters apply them), and every deck graph mounted into its place
    (assets/31-slides-deck.js mounts the hidden slides' at idle)."""
    page.wait_for_function(
        "n => { const g = document.querySelectorAll('.js-plotly-plot');"
        " return g.length > 0 && (n === null || g.length >= n) &&"
        " !document.querySelector('.chart-pending, .panel-pending:empty, .slide-graph-box:empty') &&"
        " !document.querySelector('._dash-loading-callback') && (!document.querySelector('.page-dashboard')"
        "  || (window.dash_component_api.getLayout('variants') || {props: {}}).props.data) &&"
        " [...g].every(x => x.querySelector('.main-svg') && x._fullLayout); }",
        arg=count,
        timeout=timeout,
    )


def wait_for(condition, seconds: float, what: str):
    """Poll `condition` until it is truthy (its value is returned), failing after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        assert time.monotonic() < deadline, f"not within {seconds} s: {what}"
        time.sleep(0.05)


def selected_text(page, control_id: str) -> str:
    """The label a filter shows: a native select's chosen option, or a `dcc.Dropdown`'s value."""
    return page.evaluate(
        "id => { const el = document.getElementById(id);"
        " return el.tagName === 'SELECT' ? el.selectedOptions[0].text"
        " : document.getElementById(id + '-value').innerText; }",
        control_id,
    )


def open_every_part(page, timeout=20000):
    """Open every collapsed part of the dashboard ("更多指标", chart data...) and wait until each is
    built (pages/dashboard `widgets.lazy`: a part is built by a callback when it is first opened)."""
    closed = page.locator(".more .accordion-button.collapsed")
    for _ in range(closed.count()):
        closed.first.scroll_into_view_if_needed()
        closed.first.click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.lazy-body')].every(b => b.childElementCount > 0)",
        timeout=timeout,
    )
