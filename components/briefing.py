"""The one-page A4 briefing (`/briefing`) with footnoted sources and a QR link."""

from __future__ import annotations

from dash import html

from .context import Context
from .view import View


def briefing_page(ctx: Context, view: View, rejected: list[str], search: str = "") -> html.Div:
    return html.Div("briefing", className="page page-briefing")
