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
from callbacks.dashboard import CLASSES, GRAPHS, chain_from_click, view_from
from components import ids, layout
from components.context import Context
from components.tree import rewrite, with_children
from components.view import parse_view, to_search
from pages import briefing, dashboard, slides

ROOT = Path(__file__).resolve().parent.parent


def dashboard_page(ctx: Context, view, rejected, search: str = "", **_) -> Component:
    """`/` with every panel and every collapsed part in the page, dropdowns and `dcc.Graph`s."""
    return dashboard.dashboard_page(ctx, view, rejected, search, browser=False)


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
    """The dashboard's filters as stock server callbacks: each unpacks its inputs into a view, builds
    the figures (cached per view) and the classes of the elements a filter shows or hides."""

    @lru_cache(maxsize=512)
    def figure(graph_id: str, view):
        return GRAPHS[graph_id][1](ctx, view, view.lang)

    def classes(outputs, value: str) -> list[str]:
        return [
            CLASSES[o["id"]["type"] if isinstance(o["id"], dict) else o["id"]][1](o["id"], value)
            for o in outputs
        ]

    def current(store, *values):
        search = store.get("search", "") if isinstance(store, dict) else ""
        return view_from(ctx, parse_view(search, ctx.choices)[0].lang, *values)

    @app.callback(
        Output({"type": ids.KPI_GROUP, "period": ALL}, "className"),
        Output({"type": ids.CHAIN_GROUP, "period": ALL}, "className"),
        Output({"type": ids.VARIANT, "period": ALL, "part": ALL}, "className"),
        Output(ids.OVERVIEW_GRAPH, "figure"),
        Input(ids.PERIOD, "value"),
        State(ids.VIEW_STORE, "data"),
        prevent_initial_call=True,
    )
    def update_period(period, store):
        view = current(store, period, None, None, None, None)
        groups, chains, tables = callback_context.outputs_list[:3]
        return (
            classes(groups, view.period),
            classes(chains, view.period),
            classes(tables, view.period),
            figure(ids.OVERVIEW_GRAPH, view),
        )

    @app.callback(
        Output(ids.INDUSTRY_GRAPH, "figure"),
        Input(ids.PERIOD, "value"),
        Input(ids.INDUSTRY_METRIC, "value"),
        State(ids.VIEW_STORE, "data"),
        prevent_initial_call=True,
    )
    def update_industry(period, im, store):
        return figure(ids.INDUSTRY_GRAPH, current(store, period, None, None, im, None))

    @app.callback(
        Output(ids.CHAIN_COMPARE_GRAPH, "figure"),
        Output(ids.CHAIN_SERIES_GRAPH, "figure"),
        Input(ids.PERIOD, "value"),
        Input(ids.CHAIN, "value"),
        Input(ids.CHAIN_METRIC, "value"),
        State(ids.VIEW_STORE, "data"),
        prevent_initial_call=True,
    )
    def update_chains(period, chain, cm, store):
        view = current(store, period, chain, cm, None, None)
        return figure(ids.CHAIN_COMPARE_GRAPH, view), figure(ids.CHAIN_SERIES_GRAPH, view)

    @app.callback(
        [Output(i, "className") for i in ids.CHAIN_FLOW_IDS.values()],
        Output(ids.CHAIN_STRIP, "className"),
        Input(ids.CHAIN, "value"),
        prevent_initial_call=True,
    )
    def update_chain_flows(chain):
        selected = chain if isinstance(chain, str) and chain in ids.CHAIN_FLOW_IDS else "all"
        return classes(callback_context.outputs_list, selected)

    @app.callback(
        Output(ids.CHAIN, "value"),
        Input(ids.CHAIN_COMPARE_GRAPH, "clickData"),
        State(ids.CHAIN, "value"),
        prevent_initial_call=True,
    )
    def toggle_chain(click, chain):
        selected = chain_from_click(click, chain)
        return no_update if selected is None else selected

    @app.callback(
        Output(ids.CAMPAIGN_GRAPH, "figure"),
        Output({"type": ids.CAMPAIGN_CARD, "campaign": ALL}, "className"),
        Input(ids.CAMPAIGN, "value"),
        State(ids.VIEW_STORE, "data"),
        prevent_initial_call=True,
    )
    def update_campaign(campaign, store):
        view = current(store, None, None, None, None, campaign)
        return figure(ids.CAMPAIGN_GRAPH, view), classes(callback_context.outputs_list[1], view.campaign)

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
