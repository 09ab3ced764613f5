"""The router: fills the page from the URL path and query (and again on back/forward)."""

from __future__ import annotations

from functools import lru_cache

from dash import Dash, Input, Output, State, no_update
from flask import has_request_context, request

from components import ids, layout
from components.context import Context
from components.view import parse_view, to_search

DEFAULT_PAGES = {"/": layout.dashboard_page}
MAX_SEARCH = 4096  # longer queries are not from this app (view.MAX_QUERY rejects them anyway)


def render(ctx: Context, pages: dict, pathname: str, search: str):
    """The page for a path and query, and the canonical query it shows."""
    view, rejected = parse_view(search, ctx.choices, extra=("slides", "interval"))
    page = pages.get(pathname.rstrip("/") or "/")
    if page is None:
        return layout.not_found_page(ctx, view), to_search(view, ctx.choices)
    return page(ctx, view, rejected, search), to_search(view, ctx.choices)


def register(app: Dash, ctx: Context, pages: dict | None = None) -> None:
    """Register the router; `pages` adds other modes (path -> page(ctx, view, rejected, search))."""
    routes = {**DEFAULT_PAGES, **(pages or {})}
    # A page is a pure function of its host (the briefing's QR link), path, query and data version
    # (`ctx` in the key): build each once (bounded: pages are large).
    cached_render = lru_cache(maxsize=12)(
        lambda host, pathname, search, ctx: render(ctx, routes, pathname, search)
    )

    @app.callback(
        Output(ids.PAGE, "children"),
        Output(ids.VIEW_STORE, "data"),
        Input(ids.URL, "pathname"),
        Input(ids.URL, "search"),
        State(ids.VIEW_STORE, "data"),
    )
    def update_page(pathname, search, shown):
        pathname = pathname if isinstance(pathname, str) else "/"
        search = search if isinstance(search, str) else ""
        # A filter change writes the URL and the store together: nothing to re-render then.
        if isinstance(shown, dict) and shown.get("path") == pathname and shown.get("search") == search:
            return no_update, no_update
        host = request.host_url if has_request_context() else ""
        page, canonical = cached_render(host, pathname, search[:MAX_SEARCH], ctx)
        return page, {"path": pathname, "search": canonical}
