"""The chains panel: the three industry chains compared (the chain metric filter on the chart; a
click on a bar filters by its chain), the chosen chains' revenue a year apart, the chains' stages
and key players, the data table and the long tail (built when opened)."""

from __future__ import annotations

import pandas as pd
from dash import html

from components import catalog, ids
from components.catalog import CHAIN_SHOWN, CHAINS
from components.context import Context
from components.i18n import t
from components.stages import chain_flow
from components.view import View
from metrics import queries as q

from .rules import chains_trend_class, flow_class
from .widgets import (
    chart_data,
    dropdown,
    every_period,
    graph,
    lazy,
    more_title,
    png_button,
    table,
    tail,
)

SHOWN = tuple(f"{c}_{m}" for c in CHAINS for m in CHAIN_SHOWN)


def chain_flows(ctx: Context, view: View, lang: str) -> list:
    return [chain_flow(ctx, c, lang, ids.CHAIN_FLOW_IDS[c], flow_class(c, view.chain)) for c in CHAINS]


def chain_rows(ctx: Context, period: str) -> pd.DataFrame:
    """What the two chain charts show for `period`: the chains' shown metrics, and a year before."""
    codes = [f"{c}_{m}" for c in CHAINS for m in CHAIN_SHOWN]
    periods = [period, q.prior_period(period)]
    rows = ctx.frame[ctx.frame["indicator"].isin(codes) & ctx.frame["period"].isin(periods)]
    return rows.sort_values(["indicator", "period"])


def tools(ctx: Context, view: View, lang: str) -> list:
    metrics_ = [{"label": t(f"metric_{m}", lang), "value": m} for m in catalog.CHAIN_METRICS]
    return [
        dropdown(ids.CHAIN_METRIC, t("label_chain_metric", lang), metrics_, view.cm, "inline"),
        png_button(ids.CHAIN_COMPARE_GRAPH, "chains", lang),
    ]


def body(ctx: Context, view: View, lang: str) -> list:
    compare = graph(ctx, ids.CHAIN_COMPARE_GRAPH, view, lang, "chains", t("panel_chains", lang))
    series = graph(ctx, ids.CHAIN_SERIES_GRAPH, view, lang, "chain-revenue", t("metric_revenue", lang))
    years = graph(ctx, ids.CHAINS_TREND_GRAPH, view, lang, "chains-trend", t("chains_trend_label", lang))
    return [
        html.Div(
            [
                html.Div([compare, html.P(t("click_to_filter", lang), className="hint")], className="half"),
                html.Div(series, className="half"),
                html.Div(years, id=ids.CHAINS_TREND_BOX_ID, className=chains_trend_class(view.chain)),
            ],
            className="pair",
        ),
        chart_data("chains-data", lang),
        lazy("chains-flows", t("chain_stages_players", lang)),
        lazy("chains-more", more_title(ctx, CHAINS, SHOWN, lang)),
    ]


def chains_table(ctx: Context, view: View, lang: str) -> html.Table:
    rows = every_period(ctx, lambda p: chain_rows(ctx, p)).drop_duplicates(["indicator", "period"])
    return table(ctx, rows.sort_values(["indicator", "period"]), lang)


def flows(ctx: Context, view: View, lang: str) -> html.Div:
    """The chains' stages and key players (the chain filter shows one or all, by class)."""
    return html.Div(chain_flows(ctx, view, lang), id=ids.CHAIN_FLOWS, className="chain-flows")


PARTS = {
    "chains-data": chains_table,
    "chains-flows": flows,
    "chains-more": lambda ctx, view, lang: tail(ctx, CHAINS, SHOWN, lang),
}
