"""The page for a path that is not in the route table: the header and navigation of every page and
a short message, in the view's language. Flask answers such paths with HTTP 404 (serving/routes.py);
this is what the router draws into the shell."""

from __future__ import annotations

from dash import html

from . import layout
from .context import Context
from .i18n import t
from .view import View


def not_found_page(ctx: Context, view: View) -> html.Div:
    lang = view.lang
    return html.Div(
        [
            layout.header(ctx, view, lang, active=""),
            html.Main(
                [
                    html.H2(["404 · ", t("not_found_title", lang)], className="not-found-title"),
                    html.P(t("not_found_body", lang)),
                ],
                id="main",
                className="not-found",
                lang="en" if lang == "en" else "zh-CN",
            ),
        ],
        className="page page-not-found",
    )
