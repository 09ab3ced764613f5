"""The opt-in degraded mode (`GETDZ_ON_DATA_ERROR=unavailable`): when the data fails to load, the
process still boots, `/healthz` answers 503 with the error and every other path a short plain page
with 503, so a host without a release phase keeps the previous instance in rotation (its health
check never passes) instead of crash-looping. The default is to fail fast."""

from __future__ import annotations

import html
import logging

from flask import Flask, Response, request

from . import health

log = logging.getLogger(__name__)


def summary(error: BaseException, limit: int = 2000) -> str:
    """The error as one short text: the exception's own message (which names file and line)."""
    text = str(error).strip() or type(error).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


def page(title: str, body: str) -> str:
    """A self-contained HTML page (no scripts, no external resources)."""
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head>"
        f"<body><h1>{html.escape(title)}</h1><p>{html.escape(body)}</p></body></html>"
    )


def install(server: Flask, error: BaseException, build_id: str, title: str, body: str) -> None:
    """Answer 503 everywhere: JSON with the error on `/healthz`, a plain page elsewhere."""
    detail = summary(error)
    log.error("data failed to load; serving 503 (GETDZ_ON_DATA_ERROR=unavailable): %s", detail)
    health.install(server, lambda: (False, {"error": detail, "build_id": build_id, "data_version": None}))
    text = page(title, body)

    @server.before_request
    def _unavailable():
        if request.path == "/healthz":
            return None
        response = Response(text, status=503, mimetype="text/html")
        response.headers["Retry-After"] = "60"
        response.headers["Cache-Control"] = "no-store"
        return response


def create_app(error: BaseException, build_id: str, title: str, body: str):
    """A Dash app that only answers 503 (gunicorn still serves `app:server`)."""
    from dash import Dash

    app = Dash(__name__, assets_ignore=r".*", serve_locally=True)
    app.layout = list  # never rendered: every request is answered before Dash sees it
    install(app.server, error, build_id, title, body)
    app.server.config["MAX_CONTENT_LENGTH"] = 16_384
    return app
