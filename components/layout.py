"""The page shell every path starts from, the header, the notice, and the 404 page."""

from __future__ import annotations

import json
from dataclasses import replace

import dash_bootstrap_components as dbc
from dash import dcc, html
from flask import current_app, has_app_context

from . import ids
from .context import Context
from .dash_adapter import POLYFILL
from .downloads import export_caption
from .i18n import param_label, t
from .view import View, to_search

INDEX_STRING = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
{%metas%}
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>{%title%}</title>
{%favicon%}
{%css%}
</head>
<body>
<noscript>本看板需要启用 JavaScript。This dashboard needs JavaScript.</noscript>
{%app_entry%}
<footer>{%config%}{%scripts%}{%renderer%}</footer>
</body>
</html>"""


def index_scripts(interpolate_index):
    """Wrap `Dash.interpolate_index`: the page does not load @babel/polyfill (the tag's markup is an
    assumption about Dash: components/dash_adapter.py POLYFILL)."""

    def interpolate(**kwargs):
        kwargs["scripts"] = POLYFILL.sub("", kwargs.get("scripts", ""))
        return interpolate_index(**kwargs)

    return interpolate


# The route table's one source: mode -> path. The app routes these paths (app.py), the header links
# to them, and the browser reads them from the shell (`data-routes`, assets/06-links.js).
NAV = (("dashboard", "/"), ("present", "/present"), ("wall", "/wall"), ("briefing", "/briefing"))
# The server's config flag of the closed mode (GETDZ_REQUIRE_SIGNIN=1, set by admin/gate.py):
# every page is then drawn for a signed-in viewer, and the header offers signing out.
SIGNED_IN_ONLY = "GETDZ_REQUIRE_SIGNIN"
SIGNOUT_PATH = "/admin/signout"  # GET: the page with the sign-out button (admin/auth.py)


def page_titles() -> dict:
    """The browser tab's title of every mode in both languages: path -> {lang: title}; the page sets
    it from the URL it shows (assets/06-links.js `title`), so it follows the language switch."""
    titles = {}
    for name, path in NAV:
        for lang in ("zh", "en"):
            base = t("tab_title", lang)
            titles.setdefault(path, {})[lang] = base if path == "/" else f"{t(name, lang)} · {base}"
    return titles


def shell() -> html.Div:
    """The layout every path starts from; the router fills `PAGE` from the URL."""
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.VIEW_STORE),
            dcc.Store(id=ids.PAGE_TITLES, data=page_titles()),
            html.Div(id=ids.PAGE, **{"data-routes": json.dumps(dict(NAV))}),
        ]
    )


def nav_children(ctx: Context, view: View, active: str) -> list:
    """Links to the modes carrying the current filters, the language switch, and in the closed
    mode the sign-out link (its page's button signs out: a POST with the session's token)."""
    lang = view.lang
    search = to_search(view, ctx.choices)
    other = "en" if lang != "en" else "zh"
    links = [
        html.A(
            t(name, lang),
            href=path + search,
            id={"type": ids.NAV_LINK, "mode": name},
            className="nav-link" + (" active" if name == active else ""),
            **({"aria-current": "page"} if name == active else {}),
        )
        for name, path in NAV
    ]
    links.append(
        dcc.Link(
            t("switch_lang", lang),
            href=active_path(active) + to_search(replace(view, lang=other), ctx.choices),
            id=ids.LANG_LINK,
            className="nav-link lang-switch",
            title=t("switch_lang_label", lang),
        )
    )
    if has_app_context() and current_app.config.get(SIGNED_IN_ONLY):
        links.append(
            html.A(
                t("signout", lang),
                href=SIGNOUT_PATH + ("?lang=en" if lang == "en" else ""),
                id=ids.SIGNOUT_LINK,
                className="nav-link signout",
            )
        )
    return links


def header(ctx: Context, view: View, lang: str, active: str = "dashboard") -> html.Header:
    """The zone's name, the data as-of date, navigation and the language switch (a dbc Navbar
    whose links collapse behind a menu button on phones)."""
    return html.Header(
        [
            html.A(t("skip_link", lang), href="#main", className="skip-link"),
            dbc.Navbar(
                [
                    html.Div(
                        [
                            html.H1(
                                [
                                    html.Span(t("zone", lang), className="zone"),
                                    " ",
                                    html.Span(t("title", lang), className="subtitle"),
                                ]
                            ),
                            html.Div(f"{t('as_of', lang)} {ctx.as_of}", className="as-of", id="as-of"),
                        ],
                        className="brand",
                    ),
                    html.Button(  # not dbc.NavbarToggler: its fixed aria-label hides the words it shows
                        t("menu", lang),
                        id=ids.NAVBAR_TOGGLE,
                        className="navbar-toggler menu-toggle",
                        type="button",
                        **{"aria-controls": ids.NAVBAR_COLLAPSE},
                    ),
                    dbc.Collapse(
                        html.Nav(
                            nav_children(ctx, view, active),
                            id=ids.NAV,
                            className="nav",
                            **{"aria-label": t("nav", lang)},
                        ),
                        id=ids.NAVBAR_COLLAPSE,
                        is_open=False,
                        navbar=True,
                    ),
                ],
                expand="md",
                class_name="app-navbar",
                color="white",
                dark=False,
            ),
        ],
        className="app-header",
        # what a chart's PNG export adds: zone, source line, date (assets/09-export.js)
        **{"data-export": json.dumps(export_caption(ctx, lang), ensure_ascii=False)},
    )


def active_path(active: str) -> str:
    return dict(NAV).get(active, "/")


def notice(rejected: list[str], lang: str):
    """The visible notice that some URL parameters were ignored."""
    if not rejected:
        return None
    more = t("notice_more_params", lang)
    names = [name if name == more else param_label(name, lang) for name in rejected]
    return dbc.Alert(
        t("notice_bad_params", lang) + ("、" if lang != "en" else ", ").join(names),
        id=ids.NOTICE,
        color="warning",
        class_name="notice",
    )


def not_found_page(ctx: Context, view: View) -> html.Div:
    return html.Div(
        [
            header(ctx, view, view.lang),
            html.Main(html.P("404 · 页面不存在 / page not found"), id="main"),
        ],
        className="page",
    )
