"""The urban panel: its key figures and its long tail (built when opened)."""

from __future__ import annotations

from dash import html

from components import catalog
from components.catalog import URBAN_KPIS
from components.context import Context
from components.view import View

from .widgets import kpi_cards, lazy, more_title, tail

DOMAINS, SHOWN = catalog.PANEL_DOMAINS["urban"], URBAN_KPIS


def tools(ctx: Context, view: View, lang: str) -> list:
    return []


def body(ctx: Context, view: View, lang: str) -> list:
    return [
        html.Div(kpi_cards(ctx, URBAN_KPIS, None, lang), className="kpi-row"),
        lazy("urban-more", more_title(ctx, DOMAINS, SHOWN, lang)),
    ]


PARTS = {"urban-more": lambda ctx, view, lang: tail(ctx, DOMAINS, SHOWN, lang)}
