"""Dashboard callbacks: the filters' variants for the browser, and the stock server callbacks.

By default the filters switch in the browser (assets/08-filters.js): `variants(ctx, lang)` is every
figure and class a filter value can show, built here with the page's own functions and served once
per data version at `/variants/<lang>.json`. The router draws the first view; downloads and the
briefing stay on the server. `tests/test_filters_clientside.py` proves that a filter change in the
browser shows what the server renders for the same URL.

The bench's baseline (bench/baseline_app.py) drives the same `GRAPHS` and `CLASSES` from stock
server callbacks.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from itertools import product

from dash import ALL, ClientsideFunction, Dash, Input, Output, State
from flask import Response, request

from components import adapters, ids
from components.context import Context
from components.view import View, allowed, default_view
from metrics.queries import CHAINS
from pages import dashboard as page
from serving.compression import choose_encoding, compress

# Each graph the filters drive: the view fields its figure depends on, and its builder.
GRAPHS: dict[str, tuple[tuple[str, ...], Callable]] = {
    ids.OVERVIEW_GRAPH: (("period",), adapters.overview_figure),
    ids.INDUSTRY_GRAPH: (("period", "im"), adapters.industry_figure),
    ids.CHAIN_COMPARE_GRAPH: (("period", "chain", "cm"), adapters.chain_compare),
    ids.CHAIN_SERIES_GRAPH: (("period", "chain"), adapters.chain_series),
    ids.CAMPAIGN_GRAPH: (("campaign",), adapters.campaign_figure),
}

# Elements a filter shows, hides or marks by class: id type (or id) -> (view field, class of the
# element with that id for a value). The server callbacks below use the same page functions.
CLASSES: dict[str, tuple[str, Callable[[dict | str, str], str]]] = {
    ids.KPI_GROUP: ("period", lambda i, v: page.kpi_class(i["period"], v)),
    ids.CHAIN_GROUP: ("period", lambda i, v: page.kpi_class(i["period"], v)),
    ids.VARIANT: ("period", lambda i, v: page.kpi_class(i["period"], v, "variant")),
    ids.CAMPAIGN_CARD: ("campaign", lambda i, v: page.campaign_class(i["campaign"], v)),
    ids.CHAIN_STRIP: ("chain", lambda i, v: page.chain_strip_class(v)),
    **{
        flow_id: ("chain", lambda i, v, c=chain: page.flow_class(c, v))
        for chain, flow_id in ids.CHAIN_FLOW_IDS.items()
    },
}


def dom_id(component_id: dict | str) -> str:
    """The id attribute Dash's renderer gives a component (dict ids: sorted keys, JSON values)."""
    if not isinstance(component_id, dict):
        return component_id
    parts = (
        f"{json.dumps(k)}:{json.dumps(component_id[k], ensure_ascii=False)}" for k in sorted(component_id)
    )
    return "{" + ",".join(parts) + "}"


def variants(ctx: Context, lang: str) -> dict:
    """Everything a filter change can show in `lang`: each graph's figure for every combination of
    the fields it depends on (keyed `value|value`), the class of every filtered element for every
    value of its field, and what the URL needs (components/view.py `to_search`)."""
    options, base = allowed(ctx.choices), replace(default_view(ctx.choices), lang=lang)
    graphs = {}
    for graph_id, (fields, build) in GRAPHS.items():
        figures = {}
        for combo in product(*(options[f] for f in fields)):
            view = replace(base, **dict(zip(fields, combo, strict=True)))
            figures["|".join(combo)] = json.loads(build(ctx, view, lang).to_json())
        graphs[graph_id] = {"fields": list(fields), "figures": figures}
    classes: dict[str, dict[str, dict[str, str]]] = {}
    # every panel as components (in the browser, the later panels wait as a store's data)
    for component in page.dashboard_page(ctx, base, [], browser=False)._traverse():
        component_id = getattr(component, "id", None)
        rule = CLASSES.get(component_id.get("type") if isinstance(component_id, dict) else component_id)
        if rule is None:
            continue
        field, class_of = rule
        for value in options[field]:
            classes.setdefault(field, {}).setdefault(value, {})[dom_id(component_id)] = class_of(
                component_id, value
            )
    defaults = default_view(ctx.choices)
    return {
        "version": str(ctx.dataset.version),
        "lang": lang,
        "defaults": {f: getattr(defaults, f) for f in allowed(ctx.choices)},
        "graphs": graphs,
        "classes": classes,
    }


def view_from(ctx: Context, lang, period, chain, cm, im, campaign) -> View:
    """A valid View from raw control values; anything not allowed falls back to its default."""
    options = allowed(ctx.choices)
    base = default_view(ctx.choices)
    given = {"lang": lang, "period": period, "chain": chain, "cm": cm, "im": im, "campaign": campaign}
    return replace(base, **{k: v for k, v in given.items() if isinstance(v, str) and v in options[k]})


def chain_from_click(click, current) -> str | None:
    """The chain a click on the comparison chart selects (a second click on it clears)."""
    try:
        chain = click["points"][0]["customdata"][0]
    except (TypeError, KeyError, IndexError):
        return None
    if chain not in CHAINS:
        return None
    return "all" if chain == current else chain


def register(app: Dash, ctx: Context) -> None:
    """The filters' variants for the browser, the phone menu and the links."""
    register_variants(app, ctx)
    register_shared(app)


def register_variants(app: Dash, ctx: Context) -> None:
    """`/variants/<lang>.json`: built once per language and data version, kept compressed."""

    @lru_cache(maxsize=4)  # two languages of the current and the previous version
    def text(lang: str, version: str) -> bytes:
        return json.dumps(variants(ctx, lang), ensure_ascii=False, separators=(",", ":")).encode()

    @lru_cache(maxsize=8)
    def encoded(lang: str, version: str, encoding: str | None) -> bytes:
        body = text(lang, version)
        return compress(body, encoding, best=True) if encoding else body

    # built in each gunicorn worker just after it starts (serving/warmup.py), as browsers ask for them
    app.server.extensions.setdefault("getdz_warm_gets", []).append(
        (page.VARIANTS_PATH + "zh.json", "gzip, deflate, br")
    )

    @app.server.route(page.VARIANTS_PATH + "<lang>.json", methods=["GET"])
    def _variants(lang: str):
        if lang not in allowed(ctx.choices)["lang"]:
            response = Response(json.dumps({"error": "unknown language"}), status=404)
            response.content_type = "application/json"
            return response
        version = str(ctx.dataset.version)
        encoding = choose_encoding(request.headers.get("Accept-Encoding", ""))
        response = Response(encoded(lang, version, encoding), content_type="application/json")
        if encoding:
            response.headers["Content-Encoding"] = encoding
        # the page names the version it was drawn from: those bytes never change
        current = request.args.get("v") == version
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable" if current else "no-store"
        return response


def register_shared(app: Dash) -> None:
    # The phone menu opens and closes in the browser.
    app.clientside_callback(
        ClientsideFunction("sections", "toggle"),
        Output(ids.NAVBAR_COLLAPSE, "is_open"),
        Input(ids.NAVBAR_TOGGLE, "n_clicks"),
        State(ids.NAVBAR_COLLAPSE, "is_open"),
        prevent_initial_call=True,
    )

    # Links follow the view the router drew (its canonical query) in the browser: property updates,
    # no server round trip. On the dashboard the filters in the browser set them afterwards.
    app.clientside_callback(
        ClientsideFunction("links", "nav"),
        Output({"type": ids.NAV_LINK, "mode": ALL}, "href"),
        Input(ids.VIEW_STORE, "data"),
    )
    app.clientside_callback(
        ClientsideFunction("links", "lang"),
        Output(ids.LANG_LINK, "href"),
        Input(ids.VIEW_STORE, "data"),
    )
