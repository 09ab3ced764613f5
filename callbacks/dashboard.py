"""Dashboard callbacks: the filters, the lower panels, the collapsed parts and the citations.

Each filter is a `dbc.Select`; its clientside callbacks (assets/08-filters.js, namespace
`dashboard`) set the figures of the `dcc.Graph`s, the cards and the classes it drives from the
variants: `variants(ctx, lang)` is every figure, card and class a filter value can show, built
here with the page's own rules (pages/dashboard/rules.py) and served once per data version at
`/variants/<lang>.json`. tests/test_filters_clientside.py proves that a filter change shows what
the server renders for the same URL. The lower panels, the collapsed parts and the citations are
server callbacks: thin, each unpacks its inputs, calls a page builder and returns.
"""

from __future__ import annotations

import json
from dataclasses import replace
from functools import lru_cache
from itertools import product

from dash import ALL, MATCH, ClientsideFunction, Dash, Input, Output, State, callback_context, no_update
from flask import Response, request
from plotly.io.json import to_json_plotly

from components import figures, ids
from components.cards import citation_body, citation_title
from components.context import Context
from components.view import View, allowed, default_view
from pages import dashboard as page
from pages.dashboard import overview, rules
from serving.compression import choose_encoding, compress
from serving.security import refuse

FILTERS = {field: control for control, field in ids.FILTER_FIELDS.items()}  # view field -> control
# A filter change is drawn by groups of outputs, one clientside callback each: a group's graphs
# (their `figure`), the other props it sets, and the filters it follows besides the variants (a new
# period is drawn when its variants arrive, which every group follows). A callback costs the
# renderer a pass over every mounted component, and one more for each component it outputs, even
# one it leaves as it is: so few groups, each following only the filters it draws, and each with
# few output components.
# - the first screen's cards and the period's note (the period only, so on its variants);
# - the first screen's graphs, the chain strip's class, the view store the links follow and the URL
#   (its graphs: those of no other group; every filter, for the URL);
# - each lower panel's graphs and the classes of its elements (one per panel: a callback whose
#   outputs are partly missing is an error, and the lower panels' bodies come later).
GROUPS: dict[str, tuple[tuple[str, ...], tuple[Output, ...], tuple[str, ...]]] = {
    "cards": (
        (),
        (
            *(
                Output({"type": part, "card": ALL}, p)
                for part, props in rules.CARD_PARTS.items()
                for p in props
            ),
            Output(ids.PERIOD_NOTE, "children"),
            Output(ids.PERIOD_NOTE, "className"),
        ),
        (),
    ),
    "first": (
        (ids.TREND_GRAPH, ids.OVERVIEW_GRAPH, ids.INDUSTRY_GRAPH),
        (
            Output(ids.CHAIN_STRIP, "className"),
            Output(ids.VIEW_STORE, "data", allow_duplicate=True),
            Output(ids.FILTERS_URL, "search"),
            Output(ids.FILTERS_URL, "href"),
        ),
        tuple(FILTERS),
    ),
    "chains": (
        (ids.CHAIN_COMPARE_GRAPH, ids.CHAIN_SERIES_GRAPH, ids.CHAINS_TREND_GRAPH),
        (
            Output({"type": ids.CHAIN_FLOW, "chain": ALL}, "className"),
            Output({"type": ids.CHAINS_TREND_BOX, "box": ALL}, "className"),
        ),
        ("chain", "cm"),
    ),
    "poverty": (
        (ids.CAMPAIGN_GRAPH,),
        (Output({"type": ids.CAMPAIGN_CARD, "campaign": ALL}, "className"),),
        ("campaign",),
    ),
}
# what the groups set that is the view, not an element's look: no current value to compare
VIEW_OUTPUTS = (ids.VIEW_STORE, ids.FILTERS_URL)


def variants(ctx: Context, lang: str, period: str) -> dict:
    """Everything a filter change can show in `lang` for one `period`: each graph's figure for every
    combination of the other fields it depends on (keyed `value|value`), and what each filter value
    sets on the page's elements (field -> value -> {id attribute: {prop: value}}): the first
    screen's cards for the period, the classes for every chain and campaign. One period's, so what
    the browser fetches stays the same size however many periods the data holds (the browser asks
    again when the period changes)."""
    options, base = allowed(ctx.choices), replace(default_view(ctx.choices), lang=lang, period=period)
    options = {**options, "period": [period]}
    graphs = {}
    for graph_id, (fields, _) in rules.GRAPHS.items():
        figures_ = {}
        for combo in product(*(options[f] for f in fields)):
            view = replace(base, **dict(zip(fields, combo, strict=True)))
            figures_[rules.figure_key(graph_id, view)] = rules.figure(ctx, graph_id, view, lang)
        graphs[graph_id] = {"fields": list(fields), "figures": figures_}
    return {
        "version": str(ctx.dataset.version),
        "lang": lang,
        "period": period,
        "graphs": graphs,
        "sets": {"period": {period: period_cards(ctx, period, lang)}, **rules.classes(ctx)},
    }


def period_cards(ctx: Context, period: str, lang: str) -> dict[str, dict]:
    """What the period filter set to `period` shows on the first screen's cards and its note of
    what the period lacks, by id attribute."""
    shown = rules.note_props(ctx, period, lang)
    for slot, (code, share) in overview.CARDS.items():
        shown.update(rules.card_props(slot, rules.card_fields(ctx, code, period, lang, share)))
    return shown


def view_from(ctx: Context, lang, period=None, chain=None, cm=None, im=None, campaign=None) -> View:
    """A valid View from raw control values; anything not allowed falls back to its default."""
    options = allowed(ctx.choices)
    base = default_view(ctx.choices)
    given = {"lang": lang, "period": period, "chain": chain, "cm": cm, "im": im, "campaign": campaign}
    return replace(base, **{k: v for k, v in given.items() if isinstance(v, str) and v in options[k]})


def page_lang(main_lang) -> str:
    """The language of the page, from its <main>'s `lang` ("zh-CN" or "en")."""
    return "en" if main_lang == "en" else "zh"


def register(app: Dash, ctx: Context) -> None:
    register_variants(app, ctx)
    register_filters(app)
    register_panels(app, ctx)
    register_shared(app)


def register_filters(app: Dash) -> None:
    """The filters' groups (`GROUPS`), each drawn by assets/08-filters.js `view`. Its inputs: the
    variants, then the filters the group follows; its states: the page, the view shown, the other
    filters, the group's graphs' figures, then the current value of each other prop it sets (so it
    leaves what shows that already, and does nothing at all when nothing changes)."""
    for graphs, others, follows in GROUPS.values():
        app.clientside_callback(
            ClientsideFunction("dashboard", "view"),
            *(Output(graph_id, "figure") for graph_id in graphs),
            *others,
            Input(ids.VARIANTS, "data"),
            *(Input(FILTERS[field], "value") for field in follows),
            State(ids.VARIANTS_URL, "data"),
            State(ids.VIEW_STORE, "data"),
            *(State(control, "value") for field, control in FILTERS.items() if field not in follows),
            *(State(graph_id, "figure") for graph_id in graphs),
            *(
                State(o.component_id, o.component_property)
                for o in others
                if o.component_id not in VIEW_OUTPUTS
            ),
            prevent_initial_call=True,
        )
    app.clientside_callback(
        ClientsideFunction("dashboard", "follow"),
        [Output(control, "value") for control in FILTERS.values()],
        Input(ids.FILTERS_URL, "search"),
        State(ids.FILTERS_URL, "pathname"),
        State(ids.VARIANTS_URL, "data"),
        State(ids.VIEW_STORE, "data"),
        *(State(control, "value") for control in FILTERS.values()),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("dashboard", "chainClick"),
        Output(ids.CHAIN, "value", allow_duplicate=True),  # `follow` sets it too
        Input(ids.CHAIN_COMPARE_GRAPH, "clickData"),
        State(ids.CHAIN, "value"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("dashboard", "load"),
        Output(ids.VARIANTS, "data"),
        Input(ids.VARIANTS_URL, "data"),
        State(ids.PERIOD, "value"),
    )
    app.clientside_callback(
        ClientsideFunction("dashboard", "firstDrawn"),
        Output(ids.FIRST_DRAWN, "data"),
        Input(ids.VARIANTS_URL, "data"),
    )


def register_panels(app: Dash, ctx: Context) -> None:
    """The lower panels' bodies once the first screen is drawn, the collapsed parts when opened,
    and the one citation dialog."""
    filters = [State(control, "value") for control in FILTERS.values()]

    # A body depends only on the (validated, finite) view and the data version: built once and kept
    # as JSON text (a str cannot be changed), so every answer is a fresh copy.
    @lru_cache(maxsize=256)
    def built(kind: str, name: str, view: View, version: str) -> str:
        table = page.PANELS if kind == "panel" else page.PARTS
        build = table[name].body if kind == "panel" else table[name]
        return to_json_plotly(build(ctx, view, view.lang))

    def answer(kind: str, name: str, main_lang, values):
        view = current_view(ctx, main_lang, values)
        return json.loads(built(kind, name, view, str(ctx.dataset.version)))

    @app.callback(
        Output({"type": ids.PANEL_BODY, "panel": MATCH}, "children"),
        Input(ids.FIRST_DRAWN, "data"),
        State(ids.MAIN, "lang"),
        *filters,
        prevent_initial_call=True,
    )
    def fill_panel(drawn, main_lang, *values):
        """A lower panel's body, for the view the filters show now."""
        name = callback_context.outputs_list["id"].get("panel")
        if not drawn or name not in page.PANELS:
            return no_update
        return answer("panel", name, main_lang, values)

    @app.callback(
        Output({"type": ids.LAZY, "part": MATCH}, "children"),
        Input({"type": ids.LAZY_TOGGLE, "part": MATCH}, "active_item"),
        State({"type": ids.LAZY, "part": MATCH}, "children"),
        State(ids.MAIN, "lang"),
        *filters,
        prevent_initial_call=True,
    )
    def open_part(active, shown, main_lang, *values):
        """A collapsed part's body, built the first time it is opened."""
        name = callback_context.outputs_list["id"].get("part")
        if not active or shown or name not in page.PARTS:
            return no_update
        return answer("part", name, main_lang, values)

    @app.callback(
        Output(ids.CITE_MODAL, "is_open"),
        Output(ids.CITE_TITLE, "children"),
        Output(ids.CITE_BODY, "children"),
        Input({"type": ids.CITE, "indicator": ALL, "period": ALL}, "n_clicks"),
        State(ids.PERIOD, "value"),
        State(ids.MAIN, "lang"),
        prevent_initial_call=True,
    )
    def show_citation(_clicks, period, main_lang):
        """The one citation dialog, for the 出处 button clicked (its indicator and period; "": the
        period the filter shows)."""
        trigger = callback_context.triggered_id
        if not isinstance(trigger, dict) or not callback_context.triggered[0].get("value"):
            return no_update, no_update, no_update  # a button mounted, not clicked
        row = ctx.row(str(trigger.get("indicator")), str(trigger.get("period") or period))
        if row is None:
            return no_update, no_update, no_update
        lang = page_lang(main_lang)
        return True, citation_title(row, lang), citation_body(row, lang, ctx.sources, figures.explain)


def current_view(ctx: Context, main_lang, values) -> View:
    """The view the page shows: its language and the filters' values (in `FILTERS` order)."""
    return view_from(ctx, page_lang(main_lang), **dict(zip(FILTERS, values, strict=True)))


def register_variants(app: Dash, ctx: Context) -> None:
    """`/variants/<lang>.json?period=…` (the default period without one): built once per language,
    data version and period, kept compressed."""

    @lru_cache(maxsize=8)
    def text(lang: str, version: str, period: str) -> bytes:
        return json.dumps(variants(ctx, lang, period), ensure_ascii=False, separators=(",", ":")).encode()

    @lru_cache(maxsize=128)  # each period of two languages, compressed as browsers ask
    def encoded(lang: str, version: str, period: str, encoding: str | None) -> bytes:
        body = text(lang, version, period)
        return compress(body, encoding, best=True) if encoding else body

    # the default period's, built in each gunicorn worker just after it starts (serving/warmup.py),
    # as browsers ask for them
    app.server.extensions.setdefault("getdz_warm_gets", []).append(
        (page.VARIANTS_PATH + "zh.json", "gzip, deflate, br")
    )

    @app.server.route(page.VARIANTS_PATH + "<lang>.json", methods=["GET"])
    def _variants(lang: str):
        options = allowed(ctx.choices)
        period = request.args.get("period", default_view(ctx.choices).period)
        if lang not in options["lang"] or period not in options["period"]:
            return refuse("unknown " + ("language" if lang not in options["lang"] else "period"), 404)
        version = str(ctx.dataset.version)
        encoding = choose_encoding(request.headers.get("Accept-Encoding", ""))
        response = Response(encoded(lang, version, period, encoding), content_type="application/json")
        if encoding:
            response.headers["Content-Encoding"] = encoding
        # the page names the version it was drawn from: those bytes never change
        current = request.args.get("v") == version
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable" if current else "no-store"
        return response


def register_shared(app: Dash) -> None:
    # The phone menu opens and closes in the browser.
    app.clientside_callback(
        ClientsideFunction("sections", "toggle"),
        Output(ids.NAVBAR_COLLAPSE, "is_open"),
        Input(ids.NAVBAR_TOGGLE, "n_clicks"),
        State(ids.NAVBAR_COLLAPSE, "is_open"),
        prevent_initial_call=True,
    )
    # The phone's 筛选 button names the period the first screen shows (the drawer hides the select).
    app.clientside_callback(
        ClientsideFunction("sections", "period"),
        Output(ids.PERIOD_NOW, "children"),
        Input(ids.PERIOD, "value"),
        State(ids.PERIOD, "options"),
        prevent_initial_call=True,
    )
