"""The bench's baseline: the same pages built the stock Dash way, served as
`gunicorn bench.baseline_app:server` (`python -m bench` starts it beside the app).

What a Dash developer writes first, on Dash's defaults:
- Dash serves its full plotly.js (the app's partial bundle in assets/ is left out) and nothing is
  compressed; the app's CSS and scripts still load, so the pages look and behave the same.
- The router answers with the whole page: every panel of `/` and every part of it that the app builds
  later or on demand, and every slide's chart on `/present` and `/wall`, each a `dcc.Graph` drawn when
  the page mounts. Nothing is cached between requests.
- The filters of `/` are `dcc.Dropdown`s whose values drive server callbacks returning figures and
  classes (`register_filters`).

It imports the app's panel builders and callbacks and needs no flag in production code; the data
comes from GETDZ_DATA_DIR (as the app serves it) or the seed in data/.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from dash import ALL, Dash, Input, Output, State, callback_context, no_update
from dash.development.base_component import Component
from flask import jsonify

import metrics
from callbacks import dashboard as dashboard_callbacks
from callbacks import slides as slides_callbacks
from callbacks.dashboard import view_from
from components import ids, layout
from components.context import Context
from components.tree import rewrite, with_children
from components.view import parse_view, to_search
from pages import briefing, dashboard, slides
from pages.dashboard import rules

ROOT = Path(__file__).resolve().parent.parent


def dashboard_page(ctx: Context, view, rejected, search: str = "", **_) -> Component:
    """`/` with every panel and every collapsed part in the page (the app builds the lower panels'
    bodies after the first screen and the collapsed parts when opened), its `dcc.Graph`s drawn on
    mount."""

    def whole(component):
        component_id = getattr(component, "id", None)
        kind = component_id.get("type") if isinstance(component_id, dict) else None
        if kind == ids.PANEL_BODY:
            body = dashboard.PANELS[component_id["panel"]].body(ctx, view, view.lang)
            return with_children(component, rewrite(body, whole))
        if kind == ids.LAZY:
            return with_children(component, dashboard.PARTS[component_id["part"]](ctx, view, view.lang))
        return None

    return rewrite(dashboard.dashboard_page(ctx, view, rejected, search), whole)


def deck(page: Component) -> Component:
    """A deck with every slide's graph in its place at once, as `dcc.Graph` draws it on mount."""
    found = [c for c in page.children if getattr(c, "id", None) == ids.SLIDE_GRAPHS]
    graphs = found[0].data if found else []

    def eager(component):
        component_id = getattr(component, "id", None)
        if component_id == ids.SLIDE_GRAPHS:
            return type(component)(id=ids.SLIDE_GRAPHS, data=[])
        if isinstance(component_id, dict) and component_id.get("type") == ids.SLIDE_GRAPH:
            return with_children(component, graphs[component_id["index"]])
        return None

    return rewrite(page, eager)


def deck_page(page_of):
    return lambda ctx, view, rejected, search="", **_: deck(page_of(ctx, view, rejected, search))


def create_app(data_dir: str | None = None) -> Dash:
    data_dir = data_dir or os.environ.get("GETDZ_DATA_DIR")
    dataset = metrics.load(Path(data_dir)) if data_dir else metrics.load()
    ctx = Context.build(dataset)
    app = Dash(
        __name__,
        assets_folder=str(ROOT / "assets"),
        assets_ignore=r"00-plotly-basic\.min\.js",  # Dash's own full plotly.js instead
        title="赣州经开区经济数据看板",
        serve_locally=True,
        suppress_callback_exceptions=True,
    )
    app.layout = layout.shell
    pages = {
        "/": dashboard_page,
        "/present": deck_page(slides.present_page),
        "/wall": deck_page(slides.wall_page),
        "/briefing": briefing.briefing_page,
    }

    @app.callback(
        Output(ids.PAGE, "children"),
        Output(ids.VIEW_STORE, "data"),
        Input(ids.URL, "pathname"),
        Input(ids.URL, "search"),
        State(ids.VIEW_STORE, "data"),
    )
    def update_page(pathname, search, shown):
        pathname, search = pathname or "/", search or ""
        if isinstance(shown, dict) and shown.get("path") == pathname and shown.get("search") == search:
            return no_update, no_update  # a filter wrote the URL
        page = pages.get(pathname.rstrip("/") or "/")
        extra = slides.OWN_PARAMS if pathname.rstrip("/") in ("/present", "/wall") else ()
        view, rejected = parse_view(search, ctx.choices, extra=extra)
        if page is None:
            return layout.not_found_page(ctx, view), no_update
        return page(ctx, view, rejected, search), {"path": pathname, "search": to_search(view, ctx.choices)}

    register_filters(app, ctx)
    dashboard_callbacks.register_shared(app)
    slides_callbacks.register(app, ctx, "baseline")
    app.server.add_url_rule("/healthz", "healthz", lambda: jsonify(status="ok"))
    return app


def register_filters(app: Dash, ctx: Context) -> None:
    """The dashboard's filters as stock server callbacks: each unpacks its inputs into a view and
    returns the figures (built per view), the cards' values and the classes of the elements a
    filter shows or hides, from the page's own rules (the tables the app's variants hold)."""
    sets = rules.classes(ctx)

    @lru_cache(maxsize=512)
    def figure(graph_id: str, view):
        return rules.figure(ctx, graph_id, view, view.lang)

    def props(outputs, table: dict) -> list:
        """The values `table` (id attribute -> {prop: value}) gives the outputs."""
        return [table[rules.dom_id(o["id"])][o["property"]] for o in outputs]

    def current(store, *values, **given):
        search = store.get("search", "") if isinstance(store, dict) else ""
        return view_from(ctx, parse_view(search, ctx.choices)[0].lang, *values, **given)

    values = {field: Input(control, "value") for control, field in ids.FILTER_FIELDS.items()}
    for graph_id, (fields, _) in rules.GRAPHS.items():

        @app.callback(
            Output(graph_id, "figure"),
            *(values[f] for f in fields),
            State(ids.VIEW_STORE, "data"),
            prevent_initial_call=True,
        )
        def update_figure(*args, graph_id=graph_id, fields=fields):
            *given, store = args
            return figure(graph_id, current(store, **dict(zip(fields, given, strict=True))))

    @app.callback(
        Output({"type": ids.CARD, "card": ALL}, "className"),
        Output({"type": ids.CARD_VALUE, "card": ALL}, "children"),
        Output({"type": ids.CARD_VALUE, "card": ALL}, "className"),
        Output({"type": ids.CARD_GROWTH, "card": ALL}, "children"),
        Output({"type": ids.CARD_GROWTH, "card": ALL}, "className"),
        Output({"type": ids.CARD_NOTE, "card": ALL}, "children"),
        Output({"type": ids.CARD_SERIES, "card": ALL}, "children"),
        Output({"type": ids.CARD_SERIES, "card": ALL}, "title"),
        Output({"type": ids.CARD_SERIES, "card": ALL}, "style"),
        values["period"],
        State(ids.VIEW_STORE, "data"),
        prevent_initial_call=True,
    )
    def update_cards(period, store):
        view = current(store, period=period)
        table = dashboard_callbacks.period_cards(ctx, view.period, view.lang)
        return tuple(props(group, table) for group in callback_context.outputs_list)

    @app.callback(
        Output(ids.CHAIN_STRIP, "className"),
        Output({"type": ids.CHAINS_TREND_BOX, "box": ALL}, "className"),
        Output({"type": ids.CHAIN_FLOW, "chain": ALL}, "className"),
        values["chain"],
        prevent_initial_call=True,
    )
    def update_chain_classes(chain):
        table = sets["chain"][current(None, chain=chain).chain]
        strip, box, flows = callback_context.outputs_list
        return (
            table[ids.CHAIN_STRIP]["className"],
            props(box, table),
            props(flows, table),
        )

    @app.callback(
        Output(ids.CHAIN, "value"),
        Input(ids.CHAIN_COMPARE_GRAPH, "clickData"),
        State(ids.CHAIN, "value"),
        prevent_initial_call=True,
    )
    def toggle_chain(click, chain):
        try:
            clicked = click["points"][0]["customdata"][0]
        except (TypeError, KeyError, IndexError):
            return no_update
        return "all" if clicked == chain else clicked

    @app.callback(
        Output({"type": ids.CAMPAIGN_CARD, "campaign": ALL}, "className"),
        values["campaign"],
        prevent_initial_call=True,
    )
    def update_campaign_cards(campaign):
        table = sets["campaign"][current(None, campaign=campaign).campaign]
        return props(callback_context.outputs_list, table)

    @app.callback(
        Output(ids.URL, "search"),
        Output(ids.VIEW_STORE, "data", allow_duplicate=True),
        *[Input(i, "value") for i in ids.FILTERS],
        State(ids.VIEW_STORE, "data"),
        State(ids.URL, "pathname"),
        prevent_initial_call=True,
    )
    def update_url(period, chain, cm, im, campaign, store, pathname):
        search = to_search(current(store, period, chain, cm, im, campaign), ctx.choices)
        return search, {"path": pathname if isinstance(pathname, str) else "/", "search": search}


app = create_app()
server = app.server
