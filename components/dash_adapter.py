"""The one home (Python side) of what the app assumes about Dash beyond its public API, with the
Dash versions it was checked against. Today that is the markup of the renderer's script tags,
which `components/layout.py index_scripts` edits through `Dash.interpolate_index` (a documented
hook; the tags it receives are not documented): the @babel/polyfill tag it drops.

tests/test_dash_adapter.py is the canary: it renders a bare Dash app's index and fails when Dash is
not a version listed here or when the tags no longer look as assumed, so a Dash bump that breaks
an assumption fails a test instead of a page. Nothing else in the app (Python or JS) assigns to or
wraps Dash's store, `dispatch` or private methods (tests/test_no_dash_internals.py); the browser
side needs no adapter."""

from __future__ import annotations

import re

import dash

DASH_VERSIONS = ("4.4.1",)  # checked against; a bump is checked here first, then added

# Dash's renderer dependencies include @babel/polyfill (30 KB on the wire): core-js for browsers
# older than any that plotly.js 3+ draws in, plus regeneratorRuntime, the one global Dash's and
# dbc's bundles call (in their lazy loaders). assets/02-regenerator-runtime.js provides that global
# (npm regenerator-runtime@0.14.1, MIT), so the polyfill's script tag is left out of the page.
POLYFILL = re.compile(r'<script src="[^"]*/deps/polyfill@[^"]*"></script>\s*')


class DashDrift(RuntimeError):
    """Dash no longer looks as the adapter assumes."""


def check(index_html: str, version: str | None = None) -> None:
    """Raise `DashDrift` unless `version` (the installed Dash by default) is in `DASH_VERSIONS` and
    `index_html`, an index page Dash rendered, has the renderer's tags as assumed."""
    version = dash.__version__ if version is None else version
    if version not in DASH_VERSIONS:
        raise DashDrift(f"Dash {version} is not among {DASH_VERSIONS}: check components/dash_adapter.py")
    if not POLYFILL.search(index_html):
        raise DashDrift("the renderer's @babel/polyfill script tag is gone or looks different")
