"""The filters switch in the browser (assets/08-filters.js, from callbacks/dashboard.py `variants`);
the server draws the first view. Here both paths must show the same page: for every value of every
filter, in both languages, the figures, cards, classes, links and text after a change in the browser
equal those of a fresh server render of the URL the browser wrote. Expected values come from the
data (the filter options), so a new data version keeps this green."""

from __future__ import annotations

import gzip
import json
from dataclasses import replace
from itertools import product

import pytest
from helpers import wait_for_charts

import metrics
from callbacks import dashboard as filters
from components import ids
from components.context import Context
from components.view import allowed, default_view, to_search

# every chart drawn now (print does the same), then what a reader can see and follow
SNAPSHOT = """() => {
  window.dispatchEvent(new Event('beforeprint'));
  const inGraph = el => el.closest('[role=figure][data-graph]');
  const page = document.querySelector('.page-dashboard');
  // a part's place (pages/dashboard.py panels) lays out as its parent; which parts wait depends on
  // the first view
  const place = el => el.matches('.later, .lower');
  const classes = [...page.querySelectorAll('[id]')]
    .filter(el => !inGraph(el) && !(el instanceof SVGElement) && !place(el))
    .map(el => [el.id, el.className]);
  const links = [...page.querySelectorAll('a[href]')]
    .map(a => [a.id || a.textContent, a.getAttribute('href')]);
  const selects = [...page.querySelectorAll('select[data-filter]')].map(s => [s.id, s.value]);
  const graphs = [...page.querySelectorAll('.js-plotly-plot')].map(gd => [
    gd.parentElement.id, JSON.stringify({
    data: gd.data, title: gd.layout.title, annotations: gd.layout.annotations, height: gd.layout.height,
    pending: !!gd.closest('.chart-pending')})]);
  const main = document.getElementById('main').cloneNode(true);  // its text, charts aside
  main.querySelectorAll('[role=figure][data-graph]').forEach(el => el.remove());
  return {search: location.search, classes, links, selects, graphs, text: main.textContent};
}"""


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
            switched = snapshot(page)
            open_dashboard(served_page, live_server.url + "/" + switched["search"])
            assert_same(switched, snapshot(served_page), f"{lang} {field}={value}")
            checked += 1
    assert checked == sum(len(options[f]) for f in ids.FILTER_FIELDS.values())
    watch.assert_clean()
    served_watch.assert_clean()


def test_variants_hold_the_figure_of_every_view_and_the_class_of_every_element(ctx):
    """The variants are the page's own functions applied to every value: each figure is the one
    the server draws for that view; each class the one the page gives the element."""
    data = filters.variants(ctx, "en")
    options = allowed(ctx.choices)
    assert data["version"] == str(ctx.dataset.version)
    assert data["defaults"] == {f: getattr(default_view(ctx.choices), f) for f in options}
    for graph_id, (fields, build) in filters.GRAPHS.items():
        figures = data["graphs"][graph_id]["figures"]
        assert len(figures) == len(list(product(*(options[f] for f in fields))))
        view = replace(default_view(ctx.choices), lang="en", **{f: options[f][-1] for f in fields})
        key = "|".join(getattr(view, f) for f in fields)
        assert figures[key] == json.loads(build(ctx, view, "en").to_json()), graph_id
    for period in options["period"]:
        group = filters.dom_id({"type": ids.KPI_GROUP, "period": period})
        for chosen in options["period"]:
            shown = data["classes"]["period"][chosen][group]
            assert shown == ("kpi-group" if chosen == period else "kpi-group hidden")
    assert data["classes"]["chain"]["nev"][ids.CHAIN_STRIP] == "chain-strip sel-nev"


def test_dom_ids_are_the_ones_dash_renders():
    assert filters.dom_id("chain-strip") == "chain-strip"
    assert filters.dom_id({"type": "kpi-group", "period": "2018"}) == '{"period":"2018","type":"kpi-group"}'


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
