"""Dashboard callbacks: the filters' variants for the browser, and the stock server callbacks.

By default the filters switch in the browser (assets/08-filters.js): `variants(ctx, lang)` is every
figure and class a filter value can show, built here with the page's own functions and served once
per data version at `/variants/<lang>.json`. The router draws the first view; downloads and the
briefing stay on the server. `tests/test_filters_clientside.py` proves that a filter change in the
browser shows what the server renders for the same URL.

With `browser=False` (GETDZ_DASH_DEFAULTS=1, the bench's baseline) the filters are the stock Dash
way: dropdowns whose values drive server callbacks. Thin: each unpacks and validates its inputs into
a `View`, calls a panel builder, returns. None of these runs on page load.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from itertools import product

from dash import ALL, ClientsideFunction, Dash, Input, Output, State, callback_context, no_update
from flask import Response, request

from components import adapters, ids
from components.context import Context
from components.view import View, allowed, default_view, parse_view, to_search
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


def register(app: Dash, ctx: Context, browser: bool = True) -> None:
    """The filters in the browser (`browser`, the default) or as server callbacks; the phone menu
    and the links in both."""
    if browser:
        register_variants(app, ctx)
    else:
        register_server_filters(app, ctx)
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


def register_server_filters(app: Dash, ctx: Context) -> None:
    filters = [Input(i, "value") for i in ids.FILTERS]

    # Outputs depend only on the (validated, finite) view and the data version, so each is built
    # once and reused: figure building is the costly step, and Dash only serialises what a callback
    # returns. The cache keeps each figure as its JSON text (a str cannot be changed) and every
    # answer is a fresh dict parsed from it: nothing can alter a cached answer.
    # The data version is in the key: with the store, `ctx` follows the current version.
    def frozen(build):
        cached = lru_cache(maxsize=160)(lambda view, version: build(view).to_json())
        return lambda view: json.loads(cached(view, ctx.dataset.version))

    figure = {
        gid: frozen(lambda view, build=build: build(ctx, view, view.lang))
        for gid, (_, build) in GRAPHS.items()
    }

    def classes(outputs, value: str) -> list[str]:
        """The class of each filtered element among `outputs` for `value` (the rules of `CLASSES`)."""
        return [
            CLASSES[o["id"]["type"] if isinstance(o["id"], dict) else o["id"]][1](o["id"], value)
            for o in outputs
        ]

    def current(store, *values) -> View:
        search = store.get("search", "") if isinstance(store, dict) else ""
        lang = parse_view(search, ctx.choices)[0].lang
        return view_from(ctx, lang, *values)

    @app.callback(
        Output({"type": ids.KPI_GROUP, "period": ALL}, "className"),
        Output({"type": ids.CHAIN_GROUP, "period": ALL}, "className"),
        Output({"type": ids.VARIANT, "period": ALL, "part": ALL}, "className"),
        Output(ids.OVERVIEW_GRAPH, "figure"),
        Input(ids.PERIOD, "value"),
        State(ids.VIEW_STORE, "data"),
        prevent_initial_call=True,
    )
    def update_period(period, store):
        view = current(store, period, None, None, None, None)
        groups, chains_, tables = callback_context.outputs_list[:3]
        return (
            classes(groups, view.period),
            classes(chains_, view.period),
            classes(tables, view.period),
            figure[ids.OVERVIEW_GRAPH](view),
        )

    @app.callback(
        Output(ids.INDUSTRY_GRAPH, "figure"),
        Input(ids.PERIOD, "value"),
        Input(ids.INDUSTRY_METRIC, "value"),
        State(ids.VIEW_STORE, "data"),
        prevent_initial_call=True,
    )
    def update_industry(period, im, store):
        return figure[ids.INDUSTRY_GRAPH](current(store, period, None, None, im, None))

    @app.callback(
        Output(ids.CHAIN_COMPARE_GRAPH, "figure"),
        Output(ids.CHAIN_SERIES_GRAPH, "figure"),
        Input(ids.PERIOD, "value"),
        Input(ids.CHAIN, "value"),
        Input(ids.CHAIN_METRIC, "value"),
        State(ids.VIEW_STORE, "data"),
        prevent_initial_call=True,
    )
    def update_chains(period, chain, cm, store):
        view = current(store, period, chain, cm, None, None)
        return figure[ids.CHAIN_COMPARE_GRAPH](view), figure[ids.CHAIN_SERIES_GRAPH](view)

    # Replacing children is the costly update in the browser: a chain change only flips classes.
    @app.callback(
        [Output(i, "className") for i in ids.CHAIN_FLOW_IDS.values()],
        Output(ids.CHAIN_STRIP, "className"),
        Input(ids.CHAIN, "value"),
        prevent_initial_call=True,
    )
    def update_chain_flows(chain):
        selected = chain if isinstance(chain, str) and chain in ids.CHAIN_FLOW_IDS else "all"
        return classes(callback_context.outputs_list, selected)

    @app.callback(
        Output(ids.CHAIN, "value"),
        Input(ids.CHAIN_COMPARE_GRAPH, "clickData"),
        State(ids.CHAIN, "value"),
        prevent_initial_call=True,
    )
    def toggle_chain(click, chain):
        selected = chain_from_click(click, chain)
        return no_update if selected is None else selected

    @app.callback(
        Output(ids.CAMPAIGN_GRAPH, "figure"),
        Output({"type": ids.CAMPAIGN_CARD, "campaign": ALL}, "className"),
        Input(ids.CAMPAIGN, "value"),
        State(ids.VIEW_STORE, "data"),
        prevent_initial_call=True,
    )
    def update_campaign(campaign, store):
        view = current(store, None, None, None, None, campaign)
        return figure[ids.CAMPAIGN_GRAPH](view), classes(callback_context.outputs_list[1], view.campaign)

    @app.callback(
        Output(ids.URL, "search"),
        Output(ids.VIEW_STORE, "data", allow_duplicate=True),
        *filters,
        State(ids.VIEW_STORE, "data"),
        State(ids.URL, "pathname"),
        prevent_initial_call=True,
    )
    def update_url(period, chain, cm, im, campaign, store, pathname):
        search = to_search(current(store, period, chain, cm, im, campaign), ctx.choices)
        return search, {"path": pathname if isinstance(pathname, str) else "/", "search": search}


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
