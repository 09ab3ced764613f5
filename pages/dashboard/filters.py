"""The filters of the first screen and the sticky section bar (the metric and campaign filters sit
on the charts they drive, in their panels)."""

from __future__ import annotations

from dash import html

from components import ids, links
from components.catalog import CHAINS
from components.context import Context
from components.i18n import t
from components.view import View
from metrics.periods import label as period_label

from .widgets import dropdown

SECTIONS = ("overview", "industry", "chains", "poverty", "talent", "urban", "timeline")


def period_options(ctx: Context, lang: str) -> list[dict]:
    return [{"label": period_label(p, lang), "value": p} for p in ctx.choices.periods]


def filter_bar(ctx: Context, view: View, lang: str) -> html.Div:
    """The filters of the first screen (period, chain), in the sticky bar on wide screens and in a
    "筛选" drawer on phones (Bootstrap's responsive `offcanvas-md`: one set of controls, inline
    above 768 px, a drawer below). The metric and campaign filters sit on the charts they drive."""
    chains = [{"label": t("all_chains", lang), "value": "all"}] + [
        {"label": t(f"chain_{c}", lang), "value": c} for c in CHAINS
    ]
    return html.Div(
        [
            html.Div(
                [
                    html.H2(t("filters", lang), className="offcanvas-title h5"),
                    html.Button(
                        className="btn-close filters-close",
                        type="button",
                        **{"aria-label": t("close", lang), "data-drawer-close": "1"},
                    ),
                ],
                className="offcanvas-header",
            ),
            html.Div(
                [
                    dropdown(ids.PERIOD, t("label_period", lang), period_options(ctx, lang), view.period),
                    dropdown(ids.CHAIN, t("label_chain", lang), chains, view.chain),
                    html.Div(links.dataset_link(ctx, view), className="filter filter-download"),
                ],
                className="offcanvas-body filter-bar",
                role="search",
                **{"aria-label": t("filters", lang)},
            ),
        ],
        id=ids.FILTERS_DRAWER,
        className="offcanvas-md offcanvas-end filters",
        tabIndex="-1",
        **{"aria-labelledby": ids.FILTERS_TOGGLE},
    )


def section_nav(ctx: Context, view: View, lang: str) -> html.Div:
    """The sticky bar: section links (the one in view is marked by assets/07-sections.js), the
    first-screen filters, a "筛选" button on phones naming the period the first screen shows (the
    select is in the drawer there) and a busy mark while a callback runs."""
    links_ = [
        html.A(t(f"section_{s}", lang), href=f"#panel-{s}", className="section-link", **{"data-section": s})
        for s in SECTIONS
    ]
    return html.Div(
        [
            html.Nav(
                links_,
                id=ids.SECTION_NAV,
                className="section-links",
                **{"aria-label": t("nav_sections", lang)},
            ),
            html.Button(
                [
                    html.Span(t("open_filters", lang), className="filters-word"),
                    html.Span(period_label(view.period, lang), id=ids.PERIOD_NOW, className="period-now"),
                ],
                id=ids.FILTERS_TOGGLE,
                className="filters-toggle",
                type="button",
                **{"aria-controls": ids.FILTERS_DRAWER, "aria-expanded": "false"},
            ),
            filter_bar(ctx, view, lang),
            html.Span(t("updating", lang), className="busy", role="status"),
        ],
        className="section-bar",
    )
