"""The industry panel: the industrial economy's figures as one chart (levels or growth, the metric
filter on the chart), its data table and its long tail, both built when opened."""

from __future__ import annotations

from components import catalog, ids
from components.context import Context
from components.i18n import t
from components.view import View
from metrics import queries as q

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

DOMAINS, SHOWN = catalog.PANEL_DOMAINS["industry"], catalog.INDUSTRY_INDICATORS


def tools(ctx: Context, view: View, lang: str) -> list:
    metrics_ = [{"label": t(f"metric_{m}", lang), "value": m} for m in catalog.INDUSTRY_METRICS]
    return [
        dropdown(ids.INDUSTRY_METRIC, t("label_industry_metric", lang), metrics_, view.im, "inline"),
        png_button(ids.INDUSTRY_GRAPH, "industry", lang),
    ]


def body(ctx: Context, view: View, lang: str) -> list:
    return [
        graph(ctx, ids.INDUSTRY_GRAPH, view, lang, "industry", t("panel_industry", lang)),
        chart_data("industry-data", lang),
        lazy("industry-more", more_title(ctx, DOMAINS, SHOWN, lang)),
    ]


def industry_table(ctx: Context, view: View, lang: str):
    return table(ctx, every_period(ctx, lambda p: q.industry_levels(ctx.frame, p)), lang)


PARTS = {
    "industry-data": industry_table,
    "industry-more": lambda ctx, view, lang: tail(ctx, DOMAINS, SHOWN, lang),
}
