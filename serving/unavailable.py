"""The opt-in degraded mode (`GETDZ_ON_DATA_ERROR=unavailable`): when the data fails to load, the
process still boots, `/healthz` answers 503 and every other path a short plain page with 503, so a
host without a release phase keeps the previous instance in rotation (its health check never passes)
instead of crash-looping. The default is to fail fast.

The public answers say only "unavailable" and how many problems there are; the problems themselves
(file names, bad values) go to the log. Every answer carries the security headers."""

from __future__ import annotations

import html
import logging

from flask import Flask, Response, request

from . import health, security

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


# No scripts, styles or images on the 503 page: nothing may load at all.
CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"


def problem_count(error: BaseException) -> int:
    """How many data problems `error` reports (a DataError lists them; anything else is one)."""
    problems = getattr(error, "problems", None)
    return len(problems) if isinstance(problems, list) and problems else 1


def install(
    server: Flask, error: BaseException, build_id: str, title: str, body: str, force_hsts: bool = False
) -> None:
    """Answer 503 everywhere: `{"status": "unavailable", "problems": n}` on `/healthz`, a plain page
    elsewhere; the error itself only in the log."""
    detail = summary(error)
    log.error("data failed to load; serving 503 (GETDZ_ON_DATA_ERROR=unavailable): %s", detail)
    count = problem_count(error)
    health.install(server, lambda: (False, {"problems": count, "build_id": build_id}))
    security.install_headers(server, lambda: CSP, force_hsts)
    text = page(title, body)

    @server.before_request
    def _unavailable():
        if request.path == "/healthz":
            return None
        response = Response(text, status=503, mimetype="text/html")
        response.headers["Retry-After"] = "60"
        response.headers["Cache-Control"] = "no-store"
        return response


def create_app(error: BaseException, build_id: str, title: str, body: str, force_hsts: bool = False):
    """A Dash app that only answers 503 (gunicorn still serves `app:server`)."""
    from dash import Dash

    app = Dash(__name__, assets_ignore=r".*", serve_locally=True)
    app.layout = list  # never rendered: every request is answered before Dash sees it
    install(app.server, error, build_id, title, body, force_hsts)
    app.server.config["MAX_CONTENT_LENGTH"] = 16_384
    return app
