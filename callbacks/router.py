"""The router: fills the page from the URL path and query (and again on back/forward)."""

from __future__ import annotations

import inspect
from functools import lru_cache

from dash import Dash, Input, Output, State, no_update
from flask import has_request_context, request

from components import ids, layout
from components.context import Context
from components.view import parse_view, to_search

DEFAULT_PAGES: dict = {}  # app.create_app passes every page, "/" included (pages/)
MAX_SEARCH = 4096  # longer queries are not from this app (view.MAX_QUERY rejects them anyway)


def render(ctx: Context, pages: dict, pathname: str, search: str, base_url: str = ""):
    """The page for a path and query, and the canonical query it shows; `base_url` is the root
    the briefing builds its QR link from (page functions take it as a keyword)."""
    view, rejected = parse_view(search, ctx.choices, extra=("slides", "interval"))
    page = pages.get(pathname.rstrip("/") or "/")
    if page is None:
        return layout.not_found_page(ctx, view), to_search(view, ctx.choices)
    # every page is called as page(ctx, view, rejected, search, base_url=...); pages not yet
    # taking base_url (the slides, until their branch adds it) are called without it
    takes_base = "base_url" in inspect.signature(page).parameters
    extra = {"base_url": base_url} if takes_base else {}
    return page(ctx, view, rejected, search, **extra), to_search(view, ctx.choices)


def register(app: Dash, ctx: Context, pages: dict | None = None) -> None:
    """Register the router; `pages` adds other modes (path -> page(ctx, view, rejected, search))."""
    routes = {**DEFAULT_PAGES, **(pages or {})}
    # A page is a pure function of its host (the briefing's QR link), path and query: build each
    # once (bounded: pages are large).
    cached_render = lru_cache(maxsize=12)(
        lambda host, pathname, search: render(ctx, routes, pathname, search, base_url=host)
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
        page, canonical = cached_render(host, pathname, search[:MAX_SEARCH])
        return page, {"path": pathname, "search": canonical}
