"""The filters of the first screen and the sticky section bar (the metric and campaign filters sit
on the charts they drive, in their panels)."""

from __future__ import annotations

from dash import html

from components import ids, links
from components.catalog import CHAINS
from components.context import Context
from components.i18n import t
from components.view import View
from metrics.periods import full_label, group_by_year
from metrics.periods import label as period_label

from .widgets import dropdown

SECTIONS = ("overview", "industry", "chains", "poverty", "talent", "urban", "timeline")


# The period control groups its options by year from this many periods on (issue 23, periods at
# scale). Below it (the seed's 2, a publish or two more) the short flat list reads at a glance and
# headers would only add rows; from it (four years of 全年 and 上半年) a year's header lets a reader
# find the year in a list that no longer fits the eye (the 14-year data's 28 periods).
GROUP_FROM = 8
HEADER = "year-"  # + the year: a header option's value, never a period code (disabled: never chosen)


def period_options(ctx: Context, lang: str) -> list[dict]:
    """The period control's options (one Dash-tracked `dbc.Select`; the value is the period code,
    as in `?period=2019H1`). A short list stays as it is (oldest first, short labels). From
    `GROUP_FROM` periods over more than one year: newest year first, each year a disabled header
    (2019年 / 2019) then its periods in PARTS order (全年, 上半年, ...), each labelled in full
    (2019年全年, 2019年上半年) so the closed control still names the period."""
    periods = ctx.choices.periods
    groups = group_by_year(periods)
    if len(periods) < GROUP_FROM or len(groups) < 2:
        return [{"label": period_label(p, lang), "value": p} for p in periods]
    options = []
    for year, codes in groups:
        options.append(
            {"label": t("period_year", lang).format(year), "value": f"{HEADER}{year}", "disabled": True}
        )
        options.extend({"label": full_label(p, lang), "value": p} for p in codes)
    return options


def period_name(ctx: Context, period: str, lang: str) -> str:
    """The period as the control names it (the phone's 筛选 button shows it: assets/07-sections.js
    reads the chosen option's label, so the server draws the same)."""
    return next(
        (o["label"] for o in period_options(ctx, lang) if o["value"] == period), period_label(period, lang)
    )


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
                    html.Span(period_name(ctx, view.period, lang), id=ids.PERIOD_NOW, className="period-now"),
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
