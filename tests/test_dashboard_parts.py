"""Fewer components, by design (pages/dashboard): the router's answer draws the first screen and the
lower panels' titles and tools; their bodies follow once the first screen is drawn; collapsed parts
are built when opened; citations are data (one dialog); a filter sets values, never hidden copies.
The counts hold the targets: the router's answer at most 250 components, the whole page at most 700
(counted from the serialized layouts and from what the browser mounts). Nothing is lost on the way,
and a filter chosen before the lower panels arrive is what they show."""

from __future__ import annotations

from dataclasses import replace

import pytest
from helpers import wait_for_charts
from test_filters_clientside import assert_same, open_dashboard, snapshot, wait_for_view

import metrics
from callbacks import router
from components import ids
from components.context import Context
from components.view import allowed, default_view, to_search
from pages import dashboard

FIRST_ANSWER, WHOLE_PAGE = 250, 700


@pytest.fixture(scope="module")
def ctx():
    return Context.build(metrics.load())


def count(node) -> int:
    """Components in a serialized tree, the way Dash's renderer meets them (a store's data is not)."""
    if isinstance(node, list):
        return sum(count(child) for child in node)
    if not isinstance(node, dict) or "namespace" not in node:
        return 0
    return 1 + sum(
        count(value)
        for name, value in node["props"].items()
        if name != "data" and isinstance(value, dict | list)
    )


def places(node) -> dict:
    """The lower panels' empty places in a serialized page: panel name -> its place."""
    if isinstance(node, list):
        return {k: v for child in node for k, v in places(child).items()}
    if not isinstance(node, dict) or "namespace" not in node:
        return {}
    place = node["props"].get("id")
    if isinstance(place, dict) and place.get("type") == ids.PANEL_BODY:
        return {place["panel"]: node}
    return {k: v for value in node["props"].values() for k, v in places(value).items()}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_router_answers_at_most_250_components_and_the_whole_page_is_at_most_700(ctx, lang):
    view = replace(default_view(ctx.choices), lang=lang)
    page, _ = router.serialized(dashboard.dashboard_page(ctx, view, []))
    first = count(page)
    assert first <= FIRST_ANSWER, first
    lower = places(page)
    assert set(lower) == set(dashboard.PANELS) - set(dashboard.FIRST_PANELS)
    bodies = {name: router.serialized(dashboard.PANELS[name].body(ctx, view, lang))[0] for name in lower}
    whole = first + sum(count(body) for body in bodies.values())
    assert whole <= WHOLE_PAGE, whole
    # the lower panels' bodies are the ones a page built whole has
    for name, body in bodies.items():
        built, _ = router.serialized(dashboard.panel(name, ctx, view, lang))
        assert built["props"]["children"][1]["props"]["children"] == body, name


MOUNTED = """() => {
  const count = node => Array.isArray(node) ? node.reduce((n, c) => n + count(c), 0)
    : node && typeof node === 'object' && node.namespace && node.props
      ? 1 + Object.entries(node.props).filter(([k]) => k !== 'data')
              .reduce((n, [, v]) => n + (v && typeof v === 'object' ? count(v) : 0), 0)
      : 0;
  return count(window.dash_component_api.getLayout('page').props.children);
}"""


def test_the_browser_mounts_at_most_700_components_once_the_lower_panels_are_in(page_factory, live_server):
    page, watch = page_factory()
    page.goto(live_server.url + "/")
    wait_for_charts(page, 5)
    mounted = page.evaluate(MOUNTED)
    assert 0 < mounted <= WHOLE_PAGE, mounted
    assert page.locator(".popover").count() == 0 and page.locator(".cite-modal").count() <= 1  # one dialog
    watch.assert_clean()


HOLD_IDLE = """window.__idle = [];
window.requestIdleCallback = fn => { window.__idle.push(fn); return window.__idle.length; };"""
RELEASE_IDLE = """() => { const held = window.__idle;
  window.requestIdleCallback = fn => setTimeout(() => fn({didTimeout: false, timeRemaining: () => 50}), 0);
  held.forEach(fn => fn({didTimeout: false, timeRemaining: () => 50})); return held.length; }"""


def test_a_filter_chosen_before_the_lower_panels_arrive_is_what_they_show(page_factory, live_server, ctx):
    """The browser is kept busy (no idle moment) until a period is chosen: the lower panels that
    arrive then show that period, as the server draws it for the URL."""
    options = allowed(ctx.choices)
    view = default_view(ctx.choices)
    other = next(p for p in options["period"] if p != view.period)
    page, watch = page_factory()
    page.add_init_script(HOLD_IDLE)
    page.goto(live_server.url + "/")
    page.wait_for_selector(".panel-pending:empty", state="attached")
    page.wait_for_function("() => window.__idle.length > 0")
    page.select_option(f"#{ids.PERIOD}", other)
    chosen = replace(view, period=other)
    page.wait_for_function("s => location.search === s", arg=to_search(chosen, ctx.choices))
    assert page.locator(".panel-pending:empty").count() > 0, "the lower panels waited for the idle moment"
    assert page.evaluate(RELEASE_IDLE) > 0
    wait_for_charts(page, 5)
    wait_for_view(page, ctx, chosen)
    served, served_watch = page_factory()
    open_dashboard(served, live_server.url + "/" + to_search(chosen, ctx.choices))
    assert_same(snapshot(page), snapshot(served), f"period={other} before the lower panels")
    watch.assert_clean()
    served_watch.assert_clean()
