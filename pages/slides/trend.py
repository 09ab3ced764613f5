"""The trend slide (历年走势): the lead headline flow over every period of the chosen period's kind
(levels above, growth below) beside the three chains' revenue over the same kind of periods. Full
years and half years are never joined on one axis (components.trends refuses to). A default deck
shows it only when the data has a series of three or more periods of that kind."""

from __future__ import annotations

from dash import html

from components.adapters import chains_trend, kind_of, trend
from components.catalog import OVERVIEW_FLOWS
from components.context import Context
from components.i18n import t
from components.view import View
from metrics import series as S

from .bodies import TEMPLATE, slide_graph

MIN_PERIODS = 3  # a trend needs three periods of one kind


def trend_code(ctx: Context, view: View) -> str | None:
    """The first headline flow with a series of MIN_PERIODS or more periods (a level or a growth
    rate) of the chosen period's kind; None when there is none."""
    kind = kind_of(view.period)
    for code in OVERVIEW_FLOWS:
        series = S.flow_series(ctx.frame, code, kind)
        if int((~series["gap"]).sum()) >= MIN_PERIODS:
            return code
    return None


def trend_body(ctx: Context, view: View, lang: str, mode: str) -> list:
    """The lead flow's trend and the chains' revenue over the years, side by side (stacked in a
    portrait cell); asked for without a series, the trend's own empty state names what is missing."""
    code = trend_code(ctx, view) or OVERVIEW_FLOWS[0]
    lead = trend(ctx, view, code, lang, TEMPLATE)
    chains = chains_trend(ctx, view, lang, TEMPLATE)
    return [
        html.Div(
            [
                slide_graph(lead, lang, mode, f"trend-{code}", t("panel_trend", lang)),
                slide_graph(chains, lang, mode, "trend-chains", t("panel_chains", lang)),
            ],
            className="slide-pair trend-pair",
        )
    ]
