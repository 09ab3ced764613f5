"""The filters are clientside callbacks (assets/08-filters.js) that set figures, cards and classes
from the variants (callbacks/dashboard.py `variants`); the server draws the first view. Here both
paths must show the same page: for every value of every filter, in both languages, the figures,
cards, classes, links and text after a change in the browser equal those of a fresh server render
of the URL the browser wrote. Expected values come from the data (the filter options), so a new
data version keeps this green."""

from __future__ import annotations

import gzip
import json
from dataclasses import replace
from itertools import product
from urllib.parse import urlparse

import pytest
from helpers import wait_for_charts

import metrics
from callbacks import dashboard as filters
from components import ids
from components.catalog import OVERVIEW_FLOWS
from components.context import Context
from components.view import allowed, default_view, to_search
from pages.dashboard import overview, rules

# every chart drawn now (print does the same), then what a reader can see and follow
SNAPSHOT = """() => {
  const inGraph = el => el.closest('[role=figure][data-graph]');
  const page = document.querySelector('.page-dashboard');
  const classes = [...page.querySelectorAll('[id]')]
    .filter(el => !inGraph(el) && !(el instanceof SVGElement))
    .map(el => [el.id, el.className]);
  const links = [...page.querySelectorAll('a[href]')]
    .map(a => [a.id || a.textContent, a.getAttribute('href')]);
  const selects = [...page.querySelectorAll('select.filter-select')].map(s => [s.id, s.value]);
  const graphs = [...page.querySelectorAll('.js-plotly-plot')].map(gd => [
    gd.closest('[data-graph]').dataset.graph, JSON.stringify({
    data: gd.data, title: gd.layout.title, annotations: gd.layout.annotations,
    height: Math.round(gd.getBoundingClientRect().height)})]);
  const main = document.getElementById('main').cloneNode(true);  // its text, charts aside
  main.querySelectorAll('[role=figure][data-graph]').forEach(el => el.remove());
  return {search: location.search, classes, links, selects, graphs, text: main.textContent};
}"""


SHOWS = """([keys, values]) => Object.entries(keys).every(([id, key]) => {
    const gd = document.querySelector(`[data-graph="${id}"] .js-plotly-plot`);
    return !gd || (gd.layout.meta === key && gd.querySelector('.main-svg'));
  }) && Object.entries(values).every(([id, value]) => document.getElementById(id).textContent === value)
  && !document.querySelector('._dash-loading-callback')"""


def wait_for_view(page, ctx, view):
    """Until every graph shows the figure of `view` and every first-screen card its value."""
    keys = {graph_id: rules.figure_key(graph_id, view) for graph_id in rules.GRAPHS}
    values = {
        rules.dom_id({"type": ids.CARD_VALUE, "card": slot}): rules.card_fields(
            ctx, code, view.period, view.lang, share
        )["value"]
        for slot, (code, share) in overview.CARDS.items()
    }
    page.wait_for_function(SHOWS, arg=[keys, values])


def snapshot(page) -> dict:
    return page.evaluate(SNAPSHOT)


def open_dashboard(page, url: str):
    page.goto(url)
    wait_for_charts(page, 5)


def assert_same(switched: dict, served: dict, what: str):
    assert switched["search"] == served["search"], what
    assert switched["selects"] == served["selects"], what
    assert dict(switched["graphs"]) == dict(served["graphs"]), what
    assert switched["classes"] == served["classes"], what
    assert switched["links"] == served["links"], what
    assert switched["text"] == served["text"], what


@pytest.fixture(scope="module")
def ctx():
    return Context.build(metrics.load())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_filter_value_in_the_browser_equals_the_server_render(page_factory, live_server, ctx, lang):
    options = allowed(ctx.choices)
    view = replace(default_view(ctx.choices), lang=lang)
    page, watch = page_factory()
    served_page, served_watch = page_factory()
    open_dashboard(page, live_server.url + "/" + to_search(view, ctx.choices))
    checked = 0
    for control, field in ids.FILTER_FIELDS.items():
        for value in options[field][::-1]:  # the default last: every control ends where it began
            view = replace(view, **{field: value})
            page.select_option(f"#{control}", value)
            page.wait_for_function("s => location.search === s", arg=to_search(view, ctx.choices))
            wait_for_view(page, ctx, view)
            switched = snapshot(page)
            open_dashboard(served_page, live_server.url + "/" + switched["search"])
            assert_same(switched, snapshot(served_page), f"{lang} {field}={value}")
            checked += 1
    assert checked == sum(len(options[f]) for f in ids.FILTER_FIELDS.values())
    watch.assert_clean()
    served_watch.assert_clean()


def test_variants_hold_the_figure_of_every_view_the_cards_of_their_period_and_every_class(ctx):
    """The variants of a period are the page's own rules applied to every value: each figure is the
    one the server draws for that view; each card and class the one the page gives it. They hold
    that period only, so what the browser fetches does not grow with the number of periods."""
    options = allowed(ctx.choices)
    for period in options["period"]:
        data = filters.variants(ctx, "en", period)
        assert data["version"] == str(ctx.dataset.version) and data["period"] == period
        for graph_id, (fields, build) in rules.GRAPHS.items():
            figures = data["graphs"][graph_id]["figures"]
            others = [options[f] for f in fields if f != "period"]
            assert len(figures) == len(list(product(*others))), graph_id  # this period's only
            last = {f: options[f][-1] for f in fields if f != "period"}
            view = replace(default_view(ctx.choices), lang="en", period=period, **last)
            key = "|".join(getattr(view, f) for f in fields)
            expected = json.loads(build(ctx, view, "en").to_json())
            assert {**figures[key], "layout": {**figures[key]["layout"], "meta": None}} == {
                **expected,
                "layout": {**expected["layout"], "meta": None},
            }, graph_id
            assert figures[key]["layout"]["meta"] == key  # the figure names its key
        assert list(data["sets"]["period"]) == [period]
        cards = data["sets"]["period"][period]
        for slot, (code, share) in overview.CARDS.items():
            fields = rules.card_fields(ctx, code, period, "en", share)
            assert cards[rules.dom_id({"type": ids.CARD_VALUE, "card": slot})] == {
                "children": fields["value"],
                "className": fields["value_class"],
            }
            assert cards[rules.dom_id({"type": ids.CARD, "card": slot})] == {"className": fields["card"]}
            series = cards.get(rules.dom_id({"type": ids.CARD_SERIES, "card": slot}))
            assert (series is not None) == (code in OVERVIEW_FLOWS), slot  # a headline card's series
            if series is not None:
                assert series == {
                    "children": fields["series"],
                    "title": fields["series_title"],
                    "style": fields["series_style"],
                }
        headline = sum(code in OVERVIEW_FLOWS for code, _ in overview.CARDS.values())
        # card, value, growth, note; series; and the first screen's note of what the period lacks
        assert len(cards) == 4 * len(overview.CARDS) + headline + 1
        assert cards[ids.PERIOD_NOTE] == rules.period_note(ctx, period, "en")
    chains = data["sets"]["chain"]
    assert set(chains) == set(options["chain"])
    assert chains["nev"][ids.CHAIN_STRIP] == {"className": "chain-strip sel-nev"}
    flow = rules.dom_id(ids.CHAIN_FLOW_IDS["nev"])
    assert {v: chains[v][flow]["className"] for v in options["chain"]} == {
        v: rules.flow_class("nev", v) for v in options["chain"]
    }
    campaigns = data["sets"]["campaign"]
    assert set(campaigns) == set(options["campaign"])
    for campaign in ctx.choices.campaigns:
        card = rules.dom_id({"type": ids.CAMPAIGN_CARD, "campaign": campaign})
        assert campaigns[campaign][card] == {"className": rules.campaign_class(campaign, campaign)}


def test_dom_ids_are_the_ones_dash_renders():
    assert rules.dom_id("chain-strip") == "chain-strip"
    assert rules.dom_id({"type": "card", "card": "head-x"}) == '{"card":"head-x","type":"card"}'


def test_variants_endpoint_names_its_version_and_refuses_unknown_languages(client):
    version = client.get("/variants/en.json", headers={"Accept-Encoding": "identity"}).json["version"]
    current = client.get(f"/variants/en.json?v={version}", headers={"Accept-Encoding": "identity"})
    assert current.status_code == 200 and current.mimetype == "application/json"
    assert current.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert current.json["lang"] == "en" and current.json["version"] == version
    older = client.get("/variants/en.json?v=an-older-version", headers={"Accept-Encoding": "identity"})
    assert older.headers["Cache-Control"] == "no-store"  # the bytes of the current version, never cached
    packed = client.get(f"/variants/zh.json?v={version}", headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(packed.data))["lang"] == "zh"
    for bad in ("/variants/klingon.json", "/variants/../app.py", "/variants/zh.json.bak"):
        response = client.get(bad)
        assert 400 <= response.status_code < 500, bad


def test_what_the_filters_fetch_does_not_grow_with_the_number_of_periods(ctx, decade_dir):
    """The 14-year data has over ten times the periods of the seed; one period's variants hold the
    same figures and cards as the seed's (the chain and metric filters' values times one period)."""
    decade = Context.build(metrics.load(decade_dir))
    assert len(decade.choices.periods) >= 10 * len(ctx.choices.periods)

    def held(context: Context) -> dict:
        data = filters.variants(context, "zh", default_view(context.choices).period)
        return {g: len(x["figures"]) for g, x in data["graphs"].items()} | {
            "sets": sum(len(v) for field in data["sets"].values() for v in field.values())
        }

    assert held(decade) == held(ctx)


def test_the_variants_of_a_period_are_served_and_a_bad_period_is_a_404(client, ctx, caplog):
    """The browser asks for one period's variants at a time (`?period=`, the default without one)."""
    options = allowed(ctx.choices)
    default = client.get("/variants/zh.json")
    assert default.status_code == 200 and default.get_json()["period"] == default_view(ctx.choices).period
    for period in options["period"]:
        answer = client.get(f"/variants/en.json?period={period}")
        assert answer.status_code == 200 and answer.get_json()["period"] == period
        assert answer.get_json()["lang"] == "en"
    caplog.clear()
    for bad in (
        "/variants/zh.json?period=1999",
        "/variants/zh.json?period=%3Cscript%3E",
        "/variants/xx.json",
    ):
        answer = client.get(bad)
        assert answer.status_code == 404 and "error" in answer.get_json(), bad
    assert len([r for r in caplog.records if "malformed request" in r.getMessage()]) == 3


def test_a_filter_change_asks_the_server_only_for_a_new_periods_variants(page_factory, live_server, ctx):
    """Every filter is drawn in the browser: once the page is in, a change of each filter sends no
    callback to the server (the router included: the filters write the dashboard's own URL), and a
    new period asks only for its variants."""
    page, watch = page_factory()
    open_dashboard(page, live_server.url + "/")
    page.wait_for_selector(f"#{ids.CAMPAIGN_GRAPH} .main-svg")  # the lower panels are in
    page.wait_for_load_state("networkidle")
    asked = []
    page.on("request", lambda request: asked.append((request.method, urlparse(request.url).path)))
    view, options = default_view(ctx.choices), allowed(ctx.choices)
    for field in ("chain", "cm", "im", "campaign", "period"):
        view = replace(view, **{field: next(v for v in options[field] if v != getattr(view, field))})
        page.select_option(f"#{filters.FILTERS[field]}", getattr(view, field))
        page.wait_for_function("s => location.search === s", arg=to_search(view, ctx.choices))
        wait_for_view(page, ctx, view)
    served = [request for request in asked if request[1] != "/assets/favicon.ico"]  # the tab's icon
    assert served == [("GET", f"/variants/{view.lang}.json")], asked
    watch.assert_clean()
