"""The dashboard page (`/`): its panels, one module each, every panel a small function of
(context, view, lang) returning a section, and `dashboard_page`. Shared parts (cards, figures, the
view -> figure adapters, the catalog, the chain flow) come from `components`; no page imports
another page.

The first screen (overview) tells the story: headline flows with their growth, the three chains
side by side, one line each for poverty alleviation and talent, and one chart. Each lower panel
leads with its key charts; the long tail of figures sits under a collapsed "更多指标 (N)", built
when it is opened (`widgets.lazy`, `PARTS`). Citations are data: every 出处 button opens the one
citation dialog. The filters set values (figures, cards, classes), never hidden copies: what a
value shows comes from `rules`, which the page and the variants share.
"""

from __future__ import annotations

from urllib.parse import urlencode

from dash import dcc, html

from components import ids
from components.cards import citation_dialog
from components.context import Context
from components.layout import header, notice
from components.view import View, allowed, default_view, to_search

from . import chains, industry, overview, poverty, talent, timeline, urban
from .filters import section_nav
from .widgets import section

VARIANTS_PATH = "/variants/"  # + <lang>.json (callbacks/dashboard.py serves it)
# The panels of the first answer: the first viewport of a laptop or an office screen (1366x768 to
# 1920x1080). The others' bodies follow once the first screen is drawn (`panel`).
FIRST_PANELS = ("overview", "industry")

# each panel's module: tools(ctx, view, lang) and body(ctx, view, lang), and PARTS
PANELS = {
    "overview": overview,
    "industry": industry,
    "chains": chains,
    "poverty": poverty,
    "talent": talent,
    "urban": urban,
    "timeline": timeline,
}
# every collapsed part built when opened: name -> builder(ctx, view, lang)
PARTS = {
    **overview.PARTS,
    **industry.PARTS,
    **chains.PARTS,
    **poverty.PARTS,
    **talent.PARTS,
    **urban.PARTS,
    **timeline.PARTS,
}


def variants_url(ctx: Context, lang: str) -> str:
    """Where the browser gets every figure, card and class the filters can show
    (callbacks/dashboard.py); the data version in the query names the bytes, so they may be cached
    for good."""
    return f"{VARIANTS_PATH}{lang}.json?{urlencode({'v': ctx.dataset.version})}"


def panel(name: str, ctx: Context, view: View, lang: str, built: bool = True) -> html.Section:
    """A panel: its title, its tools (filters, downloads, PNG) and its body. Not `built`, the body is
    an empty place the lower panels' callback fills once the first screen is drawn
    (callbacks/dashboard.py `fill_panel`)."""
    module = PANELS[name]
    body = (
        module.body(ctx, view, lang)
        if built
        else html.Div(id={"type": ids.PANEL_BODY, "panel": name}, className="panel-pending")
    )
    return section(name, lang, body, tools=module.tools(ctx, view, lang))


def page_state(ctx: Context, view: View) -> dict:
    """What the filters' callbacks need from the page: its language, the defaults (what the URL
    leaves out), the canonical query of the view it was drawn for, where the variants are, the
    store they go in and each filter's control."""
    defaults = default_view(ctx.choices)
    return {
        "lang": view.lang,
        "defaults": {f: getattr(defaults, f) for f in allowed(ctx.choices)},
        "search": to_search(view, ctx.choices),
        "url": variants_url(ctx, view.lang),
        "store": ids.VARIANTS,  # where a period's variants go when the period changes
        "controls": {field: control for control, field in ids.FILTER_FIELDS.items()},  # by view field
    }


def dashboard_page(ctx: Context, view: View, rejected: list[str], search: str = "") -> html.Div:
    """The office dashboard: header, the sticky section bar with the filters, every panel. The
    router's answer draws the first screen's panels (`FIRST_PANELS`) and the others' titles and
    tools; their bodies follow once the first screen is drawn."""
    lang = view.lang
    return html.Div(
        [
            header(ctx, view, lang),
            notice(rejected, lang),
            section_nav(ctx, view, lang),
            html.Main(
                [panel(name, ctx, view, lang, built=name in FIRST_PANELS) for name in PANELS],
                id=ids.MAIN,
                className="dashboard",
                lang="en" if lang == "en" else "zh-CN",
            ),
            citation_dialog(lang),
            dcc.Store(id=ids.VARIANTS_URL, data=page_state(ctx, view)),
            dcc.Store(id=ids.VARIANTS),
            dcc.Store(id=ids.FIRST_DRAWN),
            dcc.Location(id=ids.FILTERS_URL, refresh=False),
        ],
        className="page page-dashboard",
    )
