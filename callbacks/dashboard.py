"""Dashboard callbacks: filters -> charts, chart clicks -> chain filter, filters -> URL.

Thin: each unpacks and validates its inputs into a `View`, calls a panel builder, returns. The
router already drew the first view, so none of these runs on page load.
"""

from __future__ import annotations

import json
from dataclasses import replace
from functools import lru_cache

from dash import ALL, ClientsideFunction, Dash, Input, Output, State, callback_context, no_update

from components import adapters, ids
from components.context import Context
from components.view import View, allowed, default_view, parse_view, to_search
from metrics.queries import CHAINS
from pages import dashboard as page


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
    filters = [Input(i, "value") for i in ids.FILTERS]

    # Outputs depend only on the (validated, finite) view and the data version, so each is built
    # once and reused: figure building is the costly step, and Dash only serialises what a callback
    # returns. The cache keeps each figure as its JSON text (a str cannot be changed) and every
    # answer is a fresh dict parsed from it: nothing can alter a cached answer.
    # The data version is in the key: with the store, `ctx` follows the current version.
    def frozen(build):
        cached = lru_cache(maxsize=160)(lambda view, version: build(view).to_json())
        return lambda view: json.loads(cached(view, ctx.dataset.version))

    overview = frozen(lambda view: adapters.overview_figure(ctx, view, view.lang))
    industry = frozen(lambda view: adapters.industry_figure(ctx, view, view.lang))
    compare = frozen(lambda view: adapters.chain_compare(ctx, view, view.lang))
    series = frozen(lambda view: adapters.chain_series(ctx, view, view.lang))
    campaigns = frozen(lambda view: adapters.campaign_figure(ctx, view, view.lang))

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
            [page.kpi_class(o["id"]["period"], view.period) for o in groups],
            [page.kpi_class(o["id"]["period"], view.period) for o in chains_],
            [page.kpi_class(o["id"]["period"], view.period, "variant") for o in tables],
            overview(view),
        )

    @app.callback(
        Output(ids.INDUSTRY_GRAPH, "figure"),
        Input(ids.PERIOD, "value"),
        Input(ids.INDUSTRY_METRIC, "value"),
        State(ids.VIEW_STORE, "data"),
        prevent_initial_call=True,
    )
    def update_industry(period, im, store):
        return industry(current(store, period, None, None, im, None))

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
        return compare(view), series(view)

    # Replacing children is the costly update in the browser: a chain change only flips classes.
    @app.callback(
        [Output(i, "className") for i in ids.CHAIN_FLOW_IDS.values()],
        Output(ids.CHAIN_STRIP, "className"),
        Input(ids.CHAIN, "value"),
        prevent_initial_call=True,
    )
    def update_chain_flows(chain):
        selected = chain if isinstance(chain, str) and chain in ids.CHAIN_FLOW_IDS else "all"
        flows = [page.flow_class(c, selected) for c in ids.CHAIN_FLOW_IDS]
        return [*flows, page.chain_strip_class(selected)]

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
        cards = callback_context.outputs_list[1]
        return campaigns(view), [page.campaign_class(o["id"]["campaign"], view.campaign) for o in cards]

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

    # The phone menu opens and closes in the browser.
    app.clientside_callback(
        ClientsideFunction("sections", "toggle"),
        Output(ids.NAVBAR_COLLAPSE, "is_open"),
        Input(ids.NAVBAR_TOGGLE, "n_clicks"),
        State(ids.NAVBAR_COLLAPSE, "is_open"),
        prevent_initial_call=True,
    )

    # Links follow the query in the browser: property updates, no server round trip.
    app.clientside_callback(
        ClientsideFunction("links", "nav"),
        Output({"type": ids.NAV_LINK, "mode": ALL}, "href"),
        Input(ids.URL, "search"),
    )
    app.clientside_callback(
        ClientsideFunction("links", "lang"),
        Output(ids.LANG_LINK, "href"),
        Input(ids.URL, "search"),
        State(ids.URL, "pathname"),
    )
