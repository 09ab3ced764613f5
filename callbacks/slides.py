"""Presenter and wall callbacks (slide changes, rotation, redeploy detection)."""

from __future__ import annotations

from dash import Dash

from components.context import Context


def register(app: Dash, ctx: Context, build_id: str) -> None:
    """Register the slide callbacks."""
