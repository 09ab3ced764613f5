"""Dashboard callbacks: filters -> charts, chart clicks -> chain filter, filters -> URL.

Thin: each unpacks and validates its inputs into a `View`, calls a panel builder, returns. The
router already drew the first view, so none of these runs on page load.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from dash import ALL, ClientsideFunction, Dash, Input, Output, State, callback_context, no_update

from components import ids, panels
from components.context import Context
from components.view import View, allowed, default_view, parse_view, to_search
from metrics.queries import CHAINS


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

    # Outputs depend only on the (validated, finite) view and the data version (`ctx` in the key:
    # a live context hashes as its version), so each is built once and reused: figure building is
    # the costly step, and Dash only serialises what a callback returns.
    industry = lru_cache(maxsize=64)(lambda view, ctx: panels.industry_figure(ctx, view, view.lang))
    chains = lru_cache(maxsize=160)(
        lambda view, ctx: (
            panels.chain_compare(ctx, view, view.lang),
            panels.chain_series(ctx, view, view.lang),
        )
    )
    campaigns = lru_cache(maxsize=32)(lambda view, ctx: panels.campaign_figure(ctx, view, view.lang))

    def current(store, *values) -> View:
        search = store.get("search", "") if isinstance(store, dict) else ""
        lang = parse_view(search, ctx.choices)[0].lang
        return view_from(ctx, lang, *values)

    @app.callback(
        Output({"type": ids.KPI_GROUP, "period": ALL}, "className"),
        Input(ids.PERIOD, "value"),
        prevent_initial_call=True,
    )
    def update_kpis(period):
        selected = (
            period
            if isinstance(period, str) and period in ctx.choices.periods
            else ctx.choices.default_period
        )
        return [panels.kpi_class(out["id"]["period"], selected) for out in callback_context.outputs_list]

    @app.callback(
        Output(ids.INDUSTRY_GRAPH, "figure"),
        Input(ids.PERIOD, "value"),
        Input(ids.INDUSTRY_METRIC, "value"),
        State(ids.VIEW_STORE, "data"),
        prevent_initial_call=True,
    )
    def update_industry(period, im, store):
        return industry(current(store, period, None, None, im, None), ctx)

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
        return chains(current(store, period, chain, cm, None, None), ctx)

    # Replacing children is the costly update in the browser: a chain change only flips classes.
    @app.callback(
        [Output(i, "className") for i in ids.CHAIN_FLOW_IDS.values()],
        Input(ids.CHAIN, "value"),
        prevent_initial_call=True,
    )
    def update_chain_flows(chain):
        selected = chain if isinstance(chain, str) and chain in ids.CHAIN_FLOW_IDS else "all"
        return [panels.flow_class(c, selected) for c in ids.CHAIN_FLOW_IDS]

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
        return campaigns(view, ctx), [
            panels.campaign_class(o["id"]["campaign"], view.campaign) for o in cards
        ]

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
