"""The first screen first (pages/dashboard.py `panels`): the router's answer renders the first
screen's panels without their collapsed or hidden parts; every other part waits as data and
assets/08-filters.js puts it in its place once the first screen is drawn. Nothing is lost on the
way, and a filter chosen before the parts arrive is what they show."""

from __future__ import annotations

from dataclasses import replace

import pytest
from helpers import wait_for_charts
from test_filters_clientside import assert_same, open_dashboard, snapshot

import metrics
from callbacks import router
from components import ids
from components.context import Context
from components.view import allowed, default_view, to_search
from pages import dashboard


@pytest.fixture(scope="module")
def ctx():
    return Context.build(metrics.load())


def count(node) -> int:
    """Components in a serialized tree, the way Dash's renderer meets them (a store's data is not)."""
    if isinstance(node, list):
        return sum(count(child) for child in node)
    if not isinstance(node, dict) or "namespace" not in node:
        return 0
    return 1 + count(node["props"].get("children"))


def flat(children) -> list:
    """Children as one flat list (a part put back into its place may nest a list)."""
    out = []
    for child in children if isinstance(children, list) else [children]:
        out.extend(flat(child) if isinstance(child, list) else [child])
    return out


def reassembled(node, parts: dict):
    """The serialized page with every place replaced by the part it waits for."""
    if isinstance(node, list):
        return flat([reassembled(child, parts) for child in node])
    if not isinstance(node, dict) or "namespace" not in node:
        return node
    place = node["props"].get("id")
    if isinstance(place, dict) and place.get("type") == ids.LATER:
        return reassembled(parts[place["part"]], parts)
    props = dict(node["props"])
    if "children" in props:
        props["children"] = flat(reassembled(props["children"], parts))
    return {**node, "props": props}


def normalised(node):
    if isinstance(node, list):
        return [normalised(child) for child in flat(node)]
    if not isinstance(node, dict) or "namespace" not in node:
        return node
    props = dict(node["props"])
    if "children" in props:
        props["children"] = normalised(flat(props["children"]))
    return {**node, "props": props}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_first_answer_renders_a_fifth_of_the_page_and_keeps_every_part(ctx, lang):
    view = replace(default_view(ctx.choices), lang=lang)
    page, _ = router.serialized(dashboard.dashboard_page(ctx, view, []))
    main = page["props"]["children"][3]
    store = main["props"]["children"][-1]
    assert store["props"]["id"] == ids.LOWER_STORE
    parts = {place["part"]: part for place, part in store["props"]["data"]}
    whole, _ = router.serialized(
        [panel(ctx, view, lang, True) for panel in dashboard.PANELS.values()]  # nothing deferred
    )
    assert count(page) * 5 <= count(whole), (count(page), count(whole))
    assert normalised(reassembled(main["props"]["children"][:-1], parts)) == normalised(whole)


HOLD_IDLE = """window.__idle = [];
window.requestIdleCallback = fn => { window.__idle.push(fn); return window.__idle.length; };"""
RELEASE_IDLE = """() => { const held = window.__idle;
  window.requestIdleCallback = fn => setTimeout(() => fn({didTimeout: false, timeRemaining: () => 50}), 0);
  held.forEach(fn => fn({didTimeout: false, timeRemaining: () => 50})); return held.length; }"""


def test_a_filter_chosen_before_the_parts_arrive_is_what_they_show(page_factory, live_server, ctx):
    """The browser is kept busy (no idle moment) until a period is chosen: the parts that arrive
    then show that period, as the server draws it for the URL."""
    options = allowed(ctx.choices)
    view = default_view(ctx.choices)
    other = next(p for p in options["period"] if p != view.period)
    page, watch = page_factory()
    page.add_init_script(HOLD_IDLE)
    page.goto(live_server.url + "/")
    page.wait_for_selector(".page-dashboard .lower-pending", state="attached")
    page.select_option(f"#{ids.PERIOD}", other)
    chosen = to_search(replace(view, period=other), ctx.choices)
    page.wait_for_function("s => location.search === s", arg=chosen)
    assert page.locator(".lower-pending").count() > 0, "the parts waited for the idle moment"
    assert page.evaluate(RELEASE_IDLE) > 0
    wait_for_charts(page, 5)
    served, served_watch = page_factory()
    open_dashboard(served, live_server.url + "/" + chosen)
    assert_same(snapshot(page), snapshot(served), f"period={other} before the parts")
    watch.assert_clean()
    served_watch.assert_clean()
