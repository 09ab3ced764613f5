"""Which paths exist: Dash answers every unknown path with its page shell (HTTP 200), so monitors
and scanners cannot tell `/.env` from a page. Here the shell is served with 200 only for paths in
the route table and with 404 for any other (the router then draws the not-found page, with the
navigation, in the view's language); Dash's dev-tools endpoint answers 404; and the page config no
longer carries the Python, Dash and plotly version strings."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask, Response, request

from .endpoints import RELOAD_HASH, UPDATE

SHELL_RULES = ("/", "/<path:path>")  # Dash's index and catch-all routes: the page shell
VERSION_KEYS = ("dash_version", "python_version", "plotly_version", "ddk_version", "dash_version_url")


def is_page(path: str, routes: Iterable[str]) -> bool:
    """Is `path` one of the route table's pages (a trailing slash is ignored)?"""
    return (path.rstrip("/") or "/") in set(routes)


def install(server: Flask, dash_app, routes: Iterable[str], not_found) -> None:
    """404 for unknown paths and for `/_reload-hash`; `not_found(message, status)` makes the short
    answer for the latter (serving.security.bad_request)."""
    routes = tuple(routes)

    @server.before_request
    def _known_paths():
        if request.path == RELOAD_HASH:
            return not_found("not found", 404)
        rule = request.url_rule
        if request.path == UPDATE:  # a GET there: the guard answers 405 (serving.security)
            return None
        if rule is not None and rule.rule in SHELL_RULES and not is_page(request.path, routes):
            response = Response(dash_app.index(), status=404, mimetype="text/html")
            response.headers["Cache-Control"] = "no-store"
            return response
        return None


def strip_versions(dash_app) -> None:
    """Drop the version strings from the config Dash embeds in every page (only Dash's dev tools,
    never turned on here, read them)."""
    make_config = dash_app._config

    def config():
        return {k: v for k, v in make_config().items() if k not in VERSION_KEYS}

    dash_app._config = config
