"""Presenter and wall callbacks: start the clientside deck, hand it the build id it was served with.

Everything else (keys, rotation, full screen, scaling, redeploy polling) runs in
`assets/30-slides.js` through `ClientsideFunction`s, so a rotating wall makes no callback requests.
"""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output

from components import ids
from components.context import Context

NAMESPACE = "getdz_slides"


def register(app: Dash, ctx: Context, build_id: str) -> None:
    """Register the slide callbacks; `build_id` identifies the deployed code and assets."""

    @app.callback(Output(ids.BUILD_STORE, "data"), Input(ids.SLIDE_CONFIG, "data"))
    def update_build(_config):
        # Served with the deck, so the page can tell when a newer build answers /healthz.
        return build_id

    # Outputs are small stores: the renderer runs a callback at page load only if it has one.
    app.clientside_callback(
        ClientsideFunction(NAMESPACE, "init"), Output(ids.DECK_READY, "data"), Input(ids.SLIDE_CONFIG, "data")
    )
    app.clientside_callback(
        ClientsideFunction(NAMESPACE, "build"), Output(ids.BUILD_SEEN, "data"), Input(ids.BUILD_STORE, "data")
    )
