"""Presenter and wall callbacks: start the clientside deck, hand it the build id it was served with,
and re-render the slides in place when the data version changes.

Everything else (keys, rotation, full screen, layout, the clock, `/healthz` polling, mounting the
graphs of the slides shown) runs in the decks' scripts (`assets/30-slides-layout.js` to `33-slides.js`)
through `ClientsideFunction`s, so a rotating wall makes no callback requests.
"""

from __future__ import annotations

from functools import lru_cache

from dash import ALL, ClientsideFunction, Dash, Input, Output, State

from components import ids
from components.context import Context
from pages.slides import refreshed_slides

NAMESPACE = "getdz_slides"
GRAPH_PLACES = {"type": ids.SLIDE_GRAPH, "slide": ALL, "index": ALL}


def register(app: Dash, ctx: Context, build_id: str) -> None:
    """Register the slide callbacks; `build_id` identifies the deployed code and assets."""

    @app.callback(Output(ids.BUILD_STORE, "data"), Input(ids.SLIDE_CONFIG, "data"))
    def update_build(_config):
        # Served with the deck, so the page can tell when a newer build answers /healthz.
        return build_id

    # Every wall on a URL asks once per data version: render each (version, URL) once (bounded).
    rendered = lru_cache(maxsize=8)(
        lambda _version, pathname, search: refreshed_slides(ctx, pathname, search)
    )

    @app.callback(
        Output(ids.SLIDE_STACK, "children"),
        Output(ids.SLIDE_GRAPHS, "data"),
        Output(ids.DECK_VERSION, "data"),
        Input(ids.DECK_REFRESH, "data"),
        State(ids.URL, "pathname"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def update_slides(_version, pathname, search):
        # The page's script asks when /healthz reports another data version: the same slides from
        # the current data, swapped in place (the page is never blank).
        version = ctx.dataset.version
        slides, graphs = rendered(version, str(pathname or "")[:64], str(search or "")[:4096])
        return slides, graphs, version

    # Outputs are small stores: the renderer runs a callback at page load only if it has one.
    app.clientside_callback(
        ClientsideFunction(NAMESPACE, "init"), Output(ids.DECK_READY, "data"), Input(ids.SLIDE_CONFIG, "data")
    )
    app.clientside_callback(
        ClientsideFunction(NAMESPACE, "build"), Output(ids.BUILD_SEEN, "data"), Input(ids.BUILD_STORE, "data")
    )
    app.clientside_callback(
        ClientsideFunction(NAMESPACE, "swapped"),
        Output(ids.DECK_SWAPPED, "data"),
        Input(ids.DECK_VERSION, "data"),
    )
    # A slide's graphs are mounted into their places when the deck first shows it (or at idle).
    app.clientside_callback(
        ClientsideFunction(NAMESPACE, "mount"),
        Output(GRAPH_PLACES, "children"),
        Input(ids.SLIDE_SHOWN, "data"),
        Input(ids.SLIDE_GRAPHS, "data"),
        State(GRAPH_PLACES, "children"),
    )
