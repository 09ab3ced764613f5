"""The talent panel: its key figures, bar lists of its groups, and its long tail (built when opened)."""

from __future__ import annotations

from dash import html

from components import catalog
from components.catalog import TALENT_CHARTS, TALENT_KPIS
from components.context import Context
from components.view import View

from .widgets import group_charts, kpi_cards, lazy, more_title, tail

DOMAINS, SHOWN = catalog.PANEL_DOMAINS["talent"], TALENT_KPIS + catalog.charted(TALENT_CHARTS)


def tools(ctx: Context, view: View, lang: str) -> list:
    return []


def body(ctx: Context, view: View, lang: str) -> list:
    return [
        html.Div(kpi_cards(ctx, TALENT_KPIS, None, lang), className="kpi-row"),
        group_charts(ctx, TALENT_CHARTS, lang),
        lazy("talent-more", more_title(ctx, DOMAINS, SHOWN, lang)),
    ]


PARTS = {"talent-more": lambda ctx, view, lang: tail(ctx, DOMAINS, SHOWN, lang)}
