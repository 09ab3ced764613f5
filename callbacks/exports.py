"""Downloads: each panel's data as CSV/XLSX and the whole dataset as one workbook."""

from __future__ import annotations

from dash import Dash

from components.context import Context


def register(app: Dash, ctx: Context) -> None:
    """Register the download routes."""
