"""Presenter (`/present`) and wall (`/wall`) pages: one panel per slide on a fixed 16:9 canvas."""

from __future__ import annotations

from dash import html

from .context import Context
from .view import View


def present_page(ctx: Context, view: View, rejected: list[str], search: str = "") -> html.Div:
    return html.Div("presenter mode", className="page page-present")


def wall_page(ctx: Context, view: View, rejected: list[str], search: str = "") -> html.Div:
    return html.Div("wall mode", className="page page-wall")
