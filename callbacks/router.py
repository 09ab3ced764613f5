"""The router: fills the page from the URL path and query (and again on back/forward).

Work per request is bounded: the URL is first reduced to its canonical form (a route from the route
table or "not found", the validated view, the page's own validated parameters, and one flag for "the
notice is shown"); pages are cached by that key in a cache bounded in bytes. Junk parameters and bad
values therefore map to a page already built. What the notice lists is filled in per request.

On top, the router's whole HTTP answer (serialized and compressed) is kept per canonical key,
notice, path and encoding, and replayed before Dash parses the request: a junk-parameter variant of
a known URL then costs a dictionary lookup instead of serializing a page of up to megabytes."""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from urllib.parse import parse_qs, urlencode

from dash import ALL, ClientsideFunction, Dash, Input, Output, State, no_update
from flask import Response, g, request
from plotly.io.json import to_json_plotly

from components import errors, ids, layout
from components.context import Context
from components.i18n import t
from components.view import View, parse_view, to_search
from pages import slides as slide_pages
from serving.budget import RenderBudget
from serving.cache import ByteLRU
from serving.compression import choose_encoding
from serving.endpoints import UPDATE

MAX_SEARCH = 4096  # longer queries are not from this app (view.MAX_QUERY rejects them anyway)
# Serialized page bytes kept per worker, as JSON text (parsed pages took about 4x that in RSS:
# 3.7 MB of pages, 15 MB). `/` is ~430 KB, a 40-slide wall ~740 KB: this keeps a few hot pages for
# junk variants and other encodings; repeats of a URL are replayed from the answer cache.
PAGE_CACHE_BYTES = 4_000_000
NOTICE_SLOT = "\x00notice"  # what pages are built with when a notice is due; replaced per request
MAX_NOTICE_NAMES, MAX_NAME = 8, 40
RESPONSE_CACHE_BYTES = 4_000_000  # whole router answers as sent (mostly compressed: small)
ROUTER_OUTPUT = f"..{ids.PAGE}.children...{ids.VIEW_STORE}.data.."
KEPT_HEADERS = ("Content-Type", "Content-Encoding", "Vary")
DASHBOARD = {"/": None}  # the page whose filters follow the URL in the browser

# A page's own query parameters: search -> (canonical (name, value) pairs, rejected names).
ParamParser = Callable[[str], tuple[tuple[tuple[str, str], ...], list[str]]]


def slide_params(mode: str) -> ParamParser:
    """The slide decks' own parameters (slides, interval, poll, fit, w, h, kiosk), validated by the deck."""

    def parse(search: str):
        options, rejected = slide_pages.parse_slide_options(search, mode)
        return slide_pages.option_params(options), rejected

    return parse


PAGE_PARAMS: dict[str, ParamParser] = {"/present": slide_params("present"), "/wall": slide_params("wall")}


@dataclass(frozen=True)
class Canonical:
    """A URL reduced to what the page depends on; `rejected` only feeds the notice's text."""

    route: str | None  # a path of the route table, or None: not found
    view: View
    params: tuple[tuple[str, str], ...] = ()
    rejected: tuple[str, ...] = ()

    def search(self, ctx: Context) -> str:
        """The canonical query the page is built from: the view, then the page's own parameters."""
        base = to_search(self.view, ctx.choices)
        own = urlencode(self.params, safe=",")
        return base + ("&" if base else "?") + own if own else base


def route_table(pages: dict | None = None) -> dict:
    """Every page the app serves: path -> page(ctx, view, rejected, search[, base_url=])."""
    return dict(pages or {})


def link_routes(routes: dict) -> frozenset:
    """The routes whose page builds absolute links: it takes `base_url`. Only their pages depend on
    the request's host; every other page is one answer for every host name (and the one the
    master's warm-up renders)."""
    takes = {path: inspect.signature(page).parameters for path, page in routes.items()}
    return frozenset(path for path, parameters in takes.items() if "base_url" in parameters)


def route_of(routes: dict, pathname: str) -> str | None:
    """The route table's path for `pathname` (a trailing slash is ignored), or None."""
    path = pathname.rstrip("/") or "/"
    return path if path in routes else None


def canonical(ctx: Context, routes: dict, pathname: str, search: str) -> Canonical:
    route = route_of(routes, pathname)
    parser = PAGE_PARAMS.get(route)
    own_names = slide_pages.OWN_PARAMS if parser else ()
    view, rejected = parse_view(search, ctx.choices, extra=own_names)
    params: tuple = ()
    if parser is not None:
        params, own_rejected = parser(search)
        rejected = [*rejected, *own_rejected]
    names = tuple(dict.fromkeys(name[:MAX_NAME] for name in rejected))
    return Canonical(route, view, params, names)


def costly(canon: Canonical) -> bool:
    """Does this page render with options of its own (a deck not on its defaults)? Those are what
    `serving.budget` bounds; every other page comes from a finite set of views."""
    parser = PAGE_PARAMS.get(canon.route)
    return parser is not None and canon.params != parser("")[0]


def with_default_options(canon: Canonical) -> Canonical:
    """The same deck with its default options, naming the options that were not applied."""
    defaults = PAGE_PARAMS[canon.route]("")[0]
    asked = [name for name, value in canon.params if (name, value) not in defaults]
    return replace(canon, params=defaults, rejected=tuple(dict.fromkeys([*canon.rejected, *asked])))


def cache_key(canon: Canonical, base_url: str, version: str) -> tuple:
    """The page cache's key: everything a page depends on, the data version included."""
    return (canon.route, canon.view, canon.params, bool(canon.rejected), base_url, version)


def children_of(node) -> list:
    """The child nodes of a serialized component (`{"type", "namespace", "props"}`)."""
    children = node.get("props", {}).get("children") if isinstance(node, dict) else None
    return children if isinstance(children, list) else [children]


def notice_path(node, path: tuple[int, ...] = ()) -> tuple[int, ...] | None:
    """Where the notice sits in a serialized page: child indexes from the root, or None."""
    if isinstance(node, dict) and node.get("props", {}).get("id") == ids.NOTICE:
        return path
    for i, child in enumerate(children_of(node)):
        if isinstance(child, dict):
            found = notice_path(child, (*path, i))
            if found is not None:
                return found
    return None


def with_notice(page: dict, path: tuple[int, ...], notice):
    """A copy of serialized `page` with the node at `path` replaced by `notice` (only the nodes on
    that path are copied; the cached page is shared and never changed)."""
    if not path:
        return notice
    props = dict(page["props"])
    children = props["children"]
    if isinstance(children, list):
        children = list(children)
        children[path[0]] = with_notice(children[path[0]], path[1:], notice)
    else:
        children = with_notice(children, path[1:], notice)
    props["children"] = children
    return {**page, "props": props}


def router_request(payload) -> tuple[str, str, object] | None:
    """(pathname, search, shown view) of a router callback body, normalised as the callback does;
    None for any other body (the guards and Dash deal with it)."""
    if not isinstance(payload, dict) or payload.get("output") != ROUTER_OUTPUT:
        return None
    outputs = payload.get("outputs")  # a body the guards would refuse is never answered from the cache
    if not isinstance(outputs, list) or [
        (o.get("id"), o.get("property")) if isinstance(o, dict) else None for o in outputs
    ] != [(ids.PAGE, "children"), (ids.VIEW_STORE, "data")]:
        return None
    inputs, state = payload.get("inputs"), payload.get("state")
    if not isinstance(inputs, list) or len(inputs) != 2 or not all(isinstance(i, dict) for i in inputs):
        return None
    values = {i.get("property"): i.get("value") for i in inputs}
    shown = (
        state[0].get("value") if isinstance(state, list) and state and isinstance(state[0], dict) else None
    )
    pathname, search = values.get("pathname"), values.get("search")
    return (pathname if isinstance(pathname, str) else "/", search if isinstance(search, str) else "", shown)


def unchanged(pathname: str, search: str, shown) -> bool:
    """Nothing to render: a filter change writes the URL and the view store together, and back or
    forward between views of the dashboard in one language is the filters' (they follow the URL in
    the browser: callbacks/dashboard.py `follow`)."""
    if not isinstance(shown, dict) or shown.get("path") != pathname:
        return False
    if shown.get("search") == search:
        return True
    shown_search = shown.get("search")
    return (
        route_of(DASHBOARD, pathname) is not None
        and isinstance(shown_search, str)
        and query_lang(search) == query_lang(shown_search)
    )


def query_lang(search: str) -> str:
    """The `lang` a query asks for ("" for the default)."""
    return parse_qs(search.lstrip("?")).get("lang", [""])[-1]


def response_key(canon: Canonical, base_url: str, version: str, pathname: str, encoding: str | None) -> tuple:
    """What a router answer depends on: the page, the notice's names, the path it echoes and the
    encoding it was compressed with."""
    return (cache_key(canon, base_url, version), canon.rejected, pathname[:MAX_SEARCH], encoding)


def notice_names(rejected: tuple[str, ...], lang: str) -> list[str]:
    names = list(rejected[:MAX_NOTICE_NAMES])
    return names + [t("notice_more_params", lang)] if len(rejected) > MAX_NOTICE_NAMES else names


def serialized(page) -> tuple[dict, str]:
    """The page as plain JSON data (cheap for Dash to send again) and as JSON text."""
    text = to_json_plotly(page)
    return json.loads(text), text


def build(ctx: Context, routes: dict, canon: Canonical, base_url: str):
    """The page for a canonical URL; a due notice is a placeholder (see `with_notice`). `base_url`
    goes to a page that takes it ("" where `link_routes` leaves it out)."""
    if canon.route is None:
        return errors.not_found_page(ctx, canon.view)
    rejected = [NOTICE_SLOT] if canon.rejected else []
    links = {"base_url": base_url} if base_url else {}
    return routes[canon.route](ctx, canon.view, rejected, canon.search(ctx), **links)


def register(
    app: Dash,
    ctx: Context,
    pages: dict | None = None,
    base_url: Callable[[], str] = lambda: "",
    cache: ByteLRU | None = None,
) -> ByteLRU:
    """Register the router; `pages` adds modes (path -> page(ctx, view, rejected, search[, base_url=])).
    `base_url()` gives the validated root for absolute links of the current request (serving/urls),
    for the pages that take it."""
    routes = route_table(pages)
    linking = link_routes(routes)

    def base_for(canon: Canonical) -> str:
        return base_url() if canon.route in linking else ""

    pages_cache = cache or ByteLRU(PAGE_CACHE_BYTES)
    app.server.extensions["getdz_page_cache"] = pages_cache  # tests and diagnostics reach it here
    app.server.extensions["getdz_render_budget"] = RenderBudget()  # read per request: tests may swap it

    def make(canon: Canonical, base: str):
        # kept as JSON text (a quarter of the memory of the parsed page), parsed again on a hit
        page, text = serialized(build(ctx, routes, canon, base))
        return (text, notice_path(page)), len(text)

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
        if unchanged(pathname, search, shown):
            return no_update, no_update
        canon = canonical(ctx, routes, pathname, search[:MAX_SEARCH])
        base = base_for(canon)
        key = cache_key(canon, base, ctx.dataset.version)
        budget = app.server.extensions["getdz_render_budget"]
        if costly(canon) and key not in pages_cache and not budget.take(request.remote_addr or ""):
            canon = with_default_options(canon)  # past the budget: the deck's defaults, cached
            key = cache_key(canon, base, ctx.dataset.version)
            kept = g.get("getdz_answer_key")
            if kept is not None:  # kept as the answer of the defaults, never of the URL asked for
                g.getdz_answer_key = (key, canon.rejected, *kept[2:])
        text, path = pages_cache.get_or_make(key, lambda: make(canon, base))
        page = json.loads(text)
        if canon.rejected and path is not None:
            notice = layout.notice(notice_names(canon.rejected, canon.view.lang), canon.view.lang)
            page = with_notice(page, path, notice)
        return page, {"path": pathname, "search": to_search(canon.view, ctx.choices)}

    # What follows the view shown, in the browser (assets/06-links.js `follow`): the navigation,
    # the language switch and the downloads carry its query (no server round trip, no re-render of
    # children). One callback, because each costs the renderer a pass over every mounted component.
    # It also runs when links appear (a page render), so links drawn without a query get one; the
    # download route validates the query.
    app.clientside_callback(
        ClientsideFunction("links", "follow"),
        Output({"type": ids.NAV_LINK, "mode": ALL}, "href"),
        Output(ids.LANG_LINK, "href"),
        Output({"type": ids.DOWNLOAD_LINK, "panel": ALL, "ext": ALL}, "href"),
        Input(ids.VIEW_STORE, "data"),
    )
    # The tab's title follows the page and its language (`title`; no output, so it runs on pages
    # without links too), from the router's URL, which a filter change does not touch.
    app.clientside_callback(
        ClientsideFunction("links", "title"),
        Input(ids.URL, "pathname"),
        Input(ids.URL, "search"),
        State(ids.PAGE_TITLES, "data"),
    )

    answers = ByteLRU(RESPONSE_CACHE_BYTES)
    server = app.server
    server.extensions["getdz_answer_cache"] = answers

    @server.before_request
    def _replay_answer():
        if request.path != UPDATE or request.method != "POST" or not request.is_json:
            return None
        try:
            parsed = router_request(request.get_json(silent=True))
        except RecursionError:  # absurdly deep nesting: the guard refuses it next
            return None
        if parsed is None or unchanged(*parsed):
            return None
        pathname, search, _ = parsed
        canon = canonical(ctx, routes, pathname, search[:MAX_SEARCH])
        base = base_for(canon)
        page_key = cache_key(canon, base, ctx.dataset.version)
        budget = server.extensions["getdz_render_budget"]
        if costly(canon) and page_key not in pages_cache and budget.exhausted(request.remote_addr or ""):
            canon = with_default_options(canon)  # what update_page will answer: replay that
        encoding = choose_encoding(request.headers.get("Accept-Encoding", ""))
        key = response_key(canon, base, ctx.dataset.version, pathname, encoding)
        kept = answers.get(key)
        if kept is None:
            g.getdz_answer_key = key  # stored after the response is built and compressed
            return None
        body, headers = kept
        g.getdz_answer_replayed = True
        return Response(body, status=200, headers=headers)

    @server.after_request
    def _keep_answer(response):
        # Registered before compression's hook, so it runs after it (Flask runs them in reverse)
        key = g.pop("getdz_answer_key", None)
        if key is not None and response.status_code == 200 and not g.get("getdz_answer_replayed"):
            body = response.get_data()
            headers = [(name, value) for name, value in response.headers.items() if name in KEPT_HEADERS]
            answers.put(key, (body, headers), len(body) + 200)
        return response

    return pages_cache
