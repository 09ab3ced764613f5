"""The canary of components/dash_adapter.py: the one place the app assumes something about Dash
beyond its public API. It fails on a Dash version the adapter was not checked against, or when the
renderer's tags no longer look as assumed; both failures are shown here on a simulated break."""

from __future__ import annotations

import dash
import pytest
from dash import Dash, html

from components import dash_adapter


@pytest.fixture(scope="module")
def index_html() -> str:
    """The index page of a bare Dash app, as Dash renders it (no wrapper of ours)."""
    app = Dash(__name__, serve_locally=True)
    app.layout = html.Div()
    return app.server.test_client().get("/").get_data(as_text=True)


def test_the_adapter_holds_on_the_installed_dash(index_html):
    dash_adapter.check(index_html)
    assert dash.__version__ in dash_adapter.DASH_VERSIONS


def test_the_canary_fails_on_a_dash_version_it_was_not_checked_against(index_html, monkeypatch):
    monkeypatch.setattr(dash, "__version__", "5.0.0")  # a simulated bump
    with pytest.raises(dash_adapter.DashDrift, match="5.0.0"):
        dash_adapter.check(index_html)


def test_the_canary_fails_when_the_renderer_tags_change(index_html):
    renamed = index_html.replace("/deps/polyfill@", "/deps/core-js@")  # a simulated change of markup
    with pytest.raises(dash_adapter.DashDrift, match="polyfill"):
        dash_adapter.check(renamed)
