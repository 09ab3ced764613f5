"""The dashboard page (`/`): its panels, each a small function of (context, view, lang) returning
a section, and `dashboard_page`. Shared parts (cards, figures, the view -> figure adapters, the
catalog, the chain flow) come from `components`; no page imports another page.

The first screen (overview) tells the story: headline flows with their growth, the three chains
side by side, one line each for poverty alleviation and talent, and one chart. Each lower panel
leads with its key charts; the long tail of figures sits under a collapsed "更多指标 (N)".

Filters switch precomputed variants by class (the KPI groups of every period, the chain flows,
the campaign cards), so a filter change never replaces big children.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from functools import lru_cache
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html
from dash.html import Summary

from components import catalog, figures, ids, links, theme
from components.adapters import (
    campaign_figure,
    chain_compare,
    chain_series,
    industry_figure,
    overview_codes,
    overview_figure,
)
from components.cards import bar_list, data_table, kpi_card, quote_details, tile_grid
from components.catalog import (
    CHAIN_SHOWN,
    CHAINS,
    OVERVIEW_FLOWS,
    OVERVIEW_STOCKS,
    POVERTY_CHARTS,
    POVERTY_KPIS,
    POVERTY_LINE,
    TALENT_CHARTS,
    TALENT_KPIS,
    TALENT_LINE,
    URBAN_KPIS,
)
from components.context import Context
from components.fmt import format_value
from components.i18n import pick, t
from components.layout import header, notice
from components.stages import chain_flow
from components.tree import rewrite, with_children
from components.view import View
from metrics import queries as q
from metrics.periods import label as period_label

SECTIONS = ("overview", "industry", "chains", "poverty", "talent", "urban", "timeline")
TIMELINE_SHOWN = 6  # events shown before "更多大事"
VARIANTS_PATH = "/variants/"  # + <lang>.json (callbacks/dashboard.py serves it)
# The panels of the first answer: the first viewport of a laptop or an office screen (1366x768 to
# 1920x1080). The others follow as data, rendered once the first screen is drawn (`panels`).
FIRST_PANELS = ("overview", "industry")
LOWER_PENDING = "lower-pending"  # a place whose part waits as data, until assets/08-filters.js fills it


# ---------------------------------------------------------------- shared pieces


def graph(graph_id, figure, lang: str, name: str, label: str, browser: bool = False) -> html.Div:
    """A graph with the app-wide config (no modebar, no cloud share, no logo); its PNG export is a
    button in the chart's header (`png_button`).

    `browser` (a page whose filters switch in the browser): no `dcc.Graph`, but a chart box of the
    figure's height (`theme.chart_box_data`); assets/08-filters.js draws it, at once when it is in
    view, otherwise when it comes near the viewport, at idle or before printing. So the first screen
    is drawn first, without Dash's graph component or a second request, and nothing twice."""
    config = theme.graph_config(lang, name)
    attrs = {"aria-label": label, "data-graph": graph_id}
    if not browser:
        return html.Div(
            dcc.Graph(id=graph_id, figure=figure, config=config, className="graph"), role="figure", **attrs
        )
    return html.Div(
        html.Div(
            # the figure's height until it is drawn: the page does not move when it is
            html.Div(className="plot-target", style={"height": f"{figure.layout.height}px"}),
            id=graph_id,
            className="graph",
        ),
        role="figure",
        className=theme.CHART_PENDING,
        **attrs,
        **theme.chart_box_data(figure, config),
    )


def png_button(graph_id: str, name: str, lang: str) -> html.Button:
    """Save a chart as PNG (assets/06-links.js calls Plotly.downloadImage)."""
    return html.Button(
        t("save_png", lang),
        className="png-button",
        type="button",
        title=t("save_png_title", lang),
        **{"data-graph": graph_id, "data-name": name},
    )


def chart_head(title: str, lang: str, tools=()) -> html.Div:
    return html.Div([html.H3(title, className="chart-title"), *tools], className="chart-head")


def section(panel: str, lang: str, children, tools=(), class_name: str = "") -> html.Section:
    """A titled panel; its id is the anchor the section navigation and slides use. On phones its
    body collapses under the title (assets/07-sections.js), the overview excepted."""
    toggle = (
        html.Button(
            "▾",
            className="panel-toggle",
            type="button",
            title=t("toggle_section", lang),
            **{
                "aria-expanded": "true",
                "aria-controls": f"body-{panel}",
                "aria-label": t("toggle_section", lang),
            },
        )
        if panel != "overview"
        else None
    )
    head = html.Div(
        [
            html.H2(t(f"panel_{panel}", lang), id=f"h-{panel}"),
            toggle,
            html.Div([*tools, links.panel_links(panel, lang)], className="panel-tools"),
        ],
        className="panel-head",
    )
    return html.Section(
        [
            head,
            html.Div(
                children if isinstance(children, list) else [children],
                id=f"body-{panel}",
                className="panel-body",
            ),
        ],
        id=f"panel-{panel}",
        className=f"panel {class_name}".strip(),
        **{"aria-labelledby": f"h-{panel}", "data-section": panel},
    )


def dropdown(
    dropdown_id: str, label: str, options, value, lang: str, class_name: str = "", browser: bool = True
) -> html.Div:
    """A labelled filter (the label is bound to the control for screen readers).

    `browser`: a native select that assets/08-filters.js switches in the browser, outside Dash's
    renderer; its `data-filter` names the view field it sets. Otherwise a `dcc.Dropdown` whose value
    drives the server callbacks (callbacks/dashboard.py), as a stock Dash app does."""
    if browser:
        control = html.Select(
            [html.Option(o["label"], value=o["value"], selected=o["value"] == value) for o in options],
            id=dropdown_id,
            className="form-select filter-select",
            disable_n_clicks=True,
            **{"data-filter": ids.FILTER_FIELDS[dropdown_id]},
        )
    else:
        control = dcc.Dropdown(
            id=dropdown_id,
            options=options,
            value=value,
            clearable=False,
            searchable=False,
            className="filter-dropdown",
            labels={"no_options_found": t("no_data", lang)},
        )
    return html.Div(
        [html.Label(label, htmlFor=dropdown_id, className="filter-label"), control],
        className=f"filter {class_name}".strip(),
    )


def more(children, count: int, lang: str, key: str = "more_figures", before=()) -> dbc.Accordion:
    """The long tail of a panel, collapsed under "更多指标 (N)" (keyboard-operable buttons);
    `before` adds other collapsed items as (title, children, item id)."""
    items = [dbc.AccordionItem(c, title=title, item_id=item_id) for title, c, item_id in before]
    items.append(dbc.AccordionItem(children, title=t(key, lang).format(count), item_id="more"))
    return dbc.Accordion(items, start_collapsed=True, always_open=True, flush=True, class_name="more")


def _cards(ctx: Context, codes, period: str | None, lang: str, prefix: str, compare: bool = False) -> list:
    """KPI cards for `codes` at `period` (None: each indicator's latest value); with `compare`, each
    card names its value a year before (the same kind of period)."""
    before = q.prior_period(period) if compare and period else None
    cards = []
    for code in codes:
        row = ctx.row(code, period)
        if row is None:
            continue
        cards.append(
            kpi_card(
                row,
                lang,
                ctx.sources,
                q.checks_for(ctx.checks, row["indicator"], row["period"]),
                prefix=prefix,
                prior=ctx.row(code, before) if before else None,
                explain=figures.explain,
            )
        )
    return cards


def _tail(ctx: Context, domains: tuple, shown: tuple, lang: str, prefix: str) -> tuple[html.Div, int]:
    rows = q.domain_rows(ctx.frame, domains, kind=None)
    rows = rows[~rows["indicator"].isin(list(shown))]
    return tile_grid(rows, lang, ctx.sources, ctx.checks, prefix, figures.explain), len(rows)


@lru_cache(maxsize=64)
def more_figures(
    ctx: Context, domains: tuple, shown: tuple, lang: str, prefix: str, extra=()
) -> dbc.Accordion:
    grid, count = _tail(ctx, domains, shown, lang, prefix)
    return more([*extra, grid], count, lang)


def _more_chains(ctx: Context, view: View, lang: str, shown: tuple) -> dbc.Accordion:
    grid, count = _tail(ctx, CHAINS, shown, lang, "chn")
    flows = html.Div(chain_flows(ctx, view, lang), id=ids.CHAIN_FLOW, className="chain-flows")
    return more(grid, count, lang, before=[(t("chain_stages_players", lang), flows, "flows")])


@lru_cache(maxsize=64)
def group_charts(ctx: Context, charts: tuple, lang: str) -> html.Div:
    """Bar lists, one per group of same-unit indicators (their latest values). HTML, not plotly:
    a handful of bars needs no chart library, and the page draws sooner with fewer graphs."""
    out = []
    for title_key, codes in charts:
        rows = pd.DataFrame([r for r in (ctx.row(c) for c in codes) if r is not None])
        out.append(
            html.Div(
                bar_list(
                    rows,
                    lang,
                    ctx.sources,
                    t(title_key, lang),
                    figures.explain,
                    q.part_of(ctx.dataset.relations),
                ),
                className="third",
            )
        )
    return html.Div(out, className="trio")


def value_text(row, lang: str) -> str:
    """A row's value and growth as text (the chart data tables)."""
    parts = []
    if pd.notna(row.get("value")):
        parts.append(format_value(row["value"], row["unit"], row.get("qualifier", ""), lang))
    if pd.notna(row.get("yoy_pct")):
        sign = "+" if row["yoy_pct"] >= 0 else ""
        parts.append(f"{t('yoy_label', lang)} {sign}{format_value(row['yoy_pct'], '%', '', lang)}")
    if pd.notna(row.get("change")):
        parts.append(f"{t('change', lang)} {format_value(row['change'], row['unit'], '', lang)}")
    return " · ".join(parts)


def period_tables(ctx: Context, view: View, lang: str, part: str, rows_of) -> list:
    """A chart's data as text, one table per period (only the chosen one shown, a class switch)."""
    out = []
    for p in ctx.choices.periods:
        rows = rows_of(p)
        out.append(
            html.Div(
                data_table(
                    rows,
                    lang,
                    lambda r: pick(r, "name", lang),
                    lambda r: value_text(r, lang),
                    figures.explain,
                )
                if not rows.empty
                else None,
                id={"type": ids.VARIANT, "period": p, "part": part},
                className=kpi_class(p, view.period, "variant"),
            )
        )
    return out


def _chain_rows(ctx: Context, period: str) -> pd.DataFrame:
    codes = [f"{c}_{m}" for c in CHAINS for m in CHAIN_SHOWN]
    periods = [period, q.prior_period(period)]
    rows = ctx.frame[ctx.frame["indicator"].isin(codes) & ctx.frame["period"].isin(periods)]
    return rows.sort_values(["indicator", "period"])


# ---------------------------------------------------------------- filters and section navigation


def period_options(ctx: Context, lang: str) -> list[dict]:
    return [{"label": period_label(p, lang), "value": p} for p in ctx.choices.periods]


def filter_bar(ctx: Context, view: View, lang: str, browser: bool = True) -> html.Div:
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
                    dropdown(
                        ids.PERIOD,
                        t("label_period", lang),
                        period_options(ctx, lang),
                        view.period,
                        lang,
                        browser=browser,
                    ),
                    dropdown(ids.CHAIN, t("label_chain", lang), chains, view.chain, lang, browser=browser),
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


def section_nav(ctx: Context, view: View, lang: str, browser: bool = True) -> html.Div:
    """The sticky bar: section links (the one in view is marked by assets/07-sections.js), the
    first-screen filters, a "筛选" button on phones and a busy mark while a callback runs."""
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
                t("open_filters", lang),
                id=ids.FILTERS_TOGGLE,
                className="filters-toggle",
                type="button",
                **{"aria-controls": ids.FILTERS_DRAWER, "aria-expanded": "false"},
            ),
            filter_bar(ctx, view, lang, browser),
            html.Span(t("updating", lang), className="busy", role="status"),
        ],
        className="section-bar",
    )


# ---------------------------------------------------------------- overview (the first screen)


def kpi_class(period: str, selected: str, base: str = "kpi-group") -> str:
    """The cards of a period are shown when it is the selected one (hidden, not removed)."""
    return base + ("" if period == selected else " hidden")


def kpi_row(ctx: Context, period: str, lang: str) -> list:
    """The headline flows of every period (only the chosen one shown; switching is a class
    change), each with its growth and its value a year before."""
    groups = []
    for p in ctx.choices.periods:
        cards = _cards(ctx, OVERVIEW_FLOWS, p, lang, "head", compare=True) or [
            html.Div(t("no_data_named", lang).format(period_label(p, lang)), className="no-data")
        ]
        groups.append(
            html.Div(cards, id={"type": ids.KPI_GROUP, "period": p}, className=kpi_class(p, period))
        )
    return groups


def chain_card(ctx: Context, chain: str, period: str, lang: str) -> html.Div:
    """One chain on the first screen: revenue with growth, and its share of the zone."""
    row = ctx.row(f"{chain}_revenue", period)
    title = html.H3(
        [html.Span(className="chain-dot"), t(f"chain_{chain}", lang)], className="chain-card-title"
    )
    if row is None:
        return html.Div(
            [
                title,
                html.P(
                    t("no_chain_data", lang).format(period_label(period, lang), t(f"chain_{chain}", lang)),
                    className="no-data",
                ),
            ],
            className=f"chain-card chain-{chain} empty",
        )
    card = kpi_card(
        row,
        lang,
        ctx.sources,
        q.checks_for(ctx.checks, row["indicator"], row["period"]),
        prefix="strip",
        prior=ctx.row(f"{chain}_revenue", q.prior_period(period)),
        explain=figures.explain,
    )
    share = ctx.row(f"{chain}_share_of_industrial_revenue", period)
    share_line = (
        html.Div(
            f"{t('share_of_zone', lang)} {format_value(share['value'], '%', '', lang)}"
            + (f" ({t('derived', lang)})" if share["kind"] == "derived" else ""),
            className="chain-share",
            title=figures.explain(share, lang) or None,
        )
        if share is not None
        else None
    )
    return html.Div([title, card, share_line], className=f"chain-card chain-{chain}", **{"data-chain": chain})


def chain_strip_class(selected: str) -> str:
    """The chain strip marks the chosen chain (the others dimmed) by one class on its container."""
    return f"chain-strip sel-{selected}"


def chain_strip(ctx: Context, view: View, lang: str) -> html.Div:
    groups = [
        html.Div(
            [chain_card(ctx, c, p, lang) for c in CHAINS],
            id={"type": ids.CHAIN_GROUP, "period": p},
            className=kpi_class(p, view.period),
        )
        for p in ctx.choices.periods
    ]
    return html.Div(groups, id=ids.CHAIN_STRIP, className=chain_strip_class(view.chain))


def story_line(ctx: Context, codes, key: str, lang: str, prefix: str) -> html.Div:
    """One line of a lower panel's headline figures (latest values, each citable)."""
    items = []
    for code in codes:
        row = ctx.row(code)
        if row is None:
            continue
        items.append(
            html.Li(
                [
                    html.Span(pick(row, "name", lang), className="line-name"),
                    html.Strong(format_value(row["value"], row["unit"], row.get("qualifier", ""), lang)),
                ],
                className="line-item",
                title=f"“{row['source_quote']}” · {period_label(row['period'], lang)}",
                **{"data-indicator": code},
            )
        )
    return html.Div(
        [
            html.A(t(key, lang), href=f"#panel-{key.removesuffix('_line')}", className="line-title"),
            html.Ul(items, className="line-items"),
        ],
        className="story-line",
    )


@lru_cache(maxsize=8)
def checks_summary(ctx: Context, lang: str) -> html.Details:
    """The consistency checks of the source's own numbers: counts, then every check with its reason."""
    checks = ctx.checks
    counts = checks["status"].value_counts()
    summary = " · ".join(
        t("checks_" + s, lang).format(int(counts.get(s, 0))) for s in ("passed", "failed", "skipped")
    )
    items = [
        html.Li(
            [
                html.Span(t(f"check_{r['status']}", lang), className=f"check-status status-{r['status']}"),
                " ",
                pick(r, "detail", lang),
            ],
            className="check-item",
        )
        for _, r in checks.iterrows()
    ]
    return html.Details(
        [html.Summary(f"{t('checks', lang)}: {summary}"), html.Ul(items, className="check-list")],
        className="checks",
        id="checks",
    )


def overview_panel(ctx: Context, view: View, lang: str, browser: bool = True) -> html.Section:
    return section(
        "overview",
        lang,
        [
            html.Div(
                [
                    html.Div(
                        [
                            html.Div(
                                kpi_row(ctx, view.period, lang), id=ids.KPI_ROW, className="kpi-row headline"
                            ),
                            chain_strip(ctx, view, lang),
                            story_line(ctx, POVERTY_LINE, "poverty_line", lang, "pline"),
                            story_line(ctx, TALENT_LINE, "talent_line", lang, "tline"),
                        ],
                        className="first-main",
                    ),
                    html.Div(
                        [
                            graph(
                                ids.OVERVIEW_GRAPH,
                                overview_figure(ctx, view, lang),
                                lang,
                                "growth",
                                t("axis_yoy", lang),
                                browser=browser,
                            ),
                            html.P(t("colour_note", lang), className="hint colour-note"),
                            *period_tables(
                                ctx,
                                view,
                                lang,
                                "overview",
                                lambda p: q.growth_rows(ctx.frame, overview_codes(), p),
                            ),
                        ],
                        className="first-chart",
                    ),
                ],
                className="first-screen",
            ),
            more(
                [
                    html.Div(_cards(ctx, OVERVIEW_STOCKS, None, lang, "stock"), className="kpi-row"),
                    checks_summary(ctx, lang),
                ],
                len(OVERVIEW_STOCKS),
                lang,
            ),
        ],
    )


# ---------------------------------------------------------------- lower panels


def industry_panel(ctx: Context, view: View, lang: str, browser: bool = True) -> html.Section:
    metrics_ = [{"label": t(f"metric_{m}", lang), "value": m} for m in catalog.INDUSTRY_METRICS]
    return section(
        "industry",
        lang,
        [
            graph(
                ids.INDUSTRY_GRAPH,
                industry_figure(ctx, view, lang),
                lang,
                "industry",
                t("panel_industry", lang),
                browser=browser,
            ),
            *period_tables(ctx, view, lang, "industry", lambda p: q.industry_levels(ctx.frame, p)),
            more_figures(ctx, catalog.PANEL_DOMAINS["industry"], catalog.INDUSTRY_INDICATORS, lang, "ind"),
        ],
        tools=[
            dropdown(
                ids.INDUSTRY_METRIC,
                t("label_industry_metric", lang),
                metrics_,
                view.im,
                lang,
                "inline",
                browser=browser,
            ),
            png_button(ids.INDUSTRY_GRAPH, "industry", lang),
        ],
    )


def flow_class(chain: str, selected: str) -> str:
    """A chain's flow is shown when all chains or that chain are selected (hidden, not removed:
    a class change is cheap in the browser, replacing children is not)."""
    return f"chain-flow chain-{chain}" + ("" if selected in ("all", chain) else " hidden")


def chain_flows(ctx: Context, view: View, lang: str) -> list:
    return [chain_flow(ctx, c, lang, ids.CHAIN_FLOW_IDS[c], flow_class(c, view.chain)) for c in CHAINS]


def chains_panel(ctx: Context, view: View, lang: str, browser: bool = True) -> html.Section:
    shown = tuple(f"{c}_{m}" for c in CHAINS for m in CHAIN_SHOWN)
    metrics_ = [{"label": t(f"metric_{m}", lang), "value": m} for m in catalog.CHAIN_METRICS]
    return section(
        "chains",
        lang,
        [
            html.Div(
                [
                    html.Div(
                        [
                            graph(
                                ids.CHAIN_COMPARE_GRAPH,
                                chain_compare(ctx, view, lang),
                                lang,
                                "chains",
                                t("panel_chains", lang),
                                browser=browser,
                            ),
                            html.P(t("click_to_filter", lang), className="hint"),
                        ],
                        className="half",
                    ),
                    html.Div(
                        [
                            graph(
                                ids.CHAIN_SERIES_GRAPH,
                                chain_series(ctx, view, lang),
                                lang,
                                "chain-revenue",
                                t("metric_revenue", lang),
                                browser=browser,
                            ),
                        ],
                        className="half",
                    ),
                ],
                className="pair",
            ),
            *period_tables(ctx, view, lang, "chains", lambda p: _chain_rows(ctx, p)),
            _more_chains(ctx, view, lang, shown),
        ],
        tools=[
            dropdown(
                ids.CHAIN_METRIC,
                t("label_chain_metric", lang),
                metrics_,
                view.cm,
                lang,
                "inline",
                browser=browser,
            ),
            png_button(ids.CHAIN_COMPARE_GRAPH, "chains", lang),
        ],
    )


def campaign_class(campaign: str, selected: str) -> str:
    """A campaign's card is shown when all campaigns or that one are selected (a class change)."""
    return "campaign-card" + ("" if selected in ("all", campaign) else " hidden")


def campaign_detail(ctx: Context, view: View, lang: str) -> list:
    """One card per campaign (all drawn; those not selected hidden): problems, measures, completed,
    printed rate, and its citation."""
    rows = q.campaign_rows(ctx.dataset.campaigns, "all")
    out = []
    for _, r in rows.iterrows():
        facts = []
        for key in ("problems", "measures", "completed"):
            if pd.notna(r.get(key)) and str(r.get(key)) != "":
                facts.append(html.Li(f"{t('campaign_' + key, lang)}: {format_value(r[key], '', '', lang)}"))
        if pd.notna(r.get("rate_pct")):
            facts.append(html.Li(f"{t('campaign_rate', lang)}: {format_value(r['rate_pct'], '%', '', lang)}"))
        checks = q.checks_for(ctx.checks, r["campaign"])
        flag = None
        if not checks.empty and (checks["status"] == "failed").any():
            flag = html.Div(f"⚠ {t('check_failed', lang)}", className="check-flag")
        out.append(
            html.Div(
                [
                    html.H4(pick(r, "name", lang)),
                    html.Ul(facts),
                    flag,
                    quote_details(r["source_quote"], lang),
                ],
                id={"type": ids.CAMPAIGN_CARD, "campaign": r["campaign"]},
                className=campaign_class(r["campaign"], view.campaign),
                **{"data-campaign": r["campaign"]},
            )
        )
    return out


def poverty_panel(ctx: Context, view: View, lang: str, browser: bool = True) -> html.Section:
    campaigns = [{"label": t("all_campaigns", lang), "value": "all"}] + [
        {"label": pick(r, "name", lang), "value": r["campaign"]} for _, r in ctx.dataset.campaigns.iterrows()
    ]
    return section(
        "poverty",
        lang,
        [
            html.Div(_cards(ctx, POVERTY_KPIS, None, lang, "pov"), className="kpi-row"),
            html.Div(
                [
                    html.Div(
                        [
                            dropdown(
                                ids.CAMPAIGN,
                                t("label_campaign", lang),
                                campaigns,
                                view.campaign,
                                lang,
                                "inline wide",
                                browser=browser,
                            ),
                            graph(
                                ids.CAMPAIGN_GRAPH,
                                campaign_figure(ctx, view, lang),
                                lang,
                                "campaigns",
                                t("campaign_title", lang),
                                browser=browser,
                            ),
                        ],
                        className="half",
                    ),
                    html.Div(
                        campaign_detail(ctx, view, lang),
                        id=ids.CAMPAIGN_DETAIL,
                        className="half campaign-cards",
                    ),
                ],
                className="pair",
            ),
            links.panel_links("campaigns", lang),
            more_figures(
                ctx,
                ("poverty",),
                POVERTY_KPIS + catalog.charted(POVERTY_CHARTS),
                lang,
                "pov",
                (group_charts(ctx, POVERTY_CHARTS, lang),),
            ),
        ],
        tools=[png_button(ids.CAMPAIGN_GRAPH, "campaigns", lang)],
    )


@lru_cache(maxsize=8)
def _talent(ctx: Context, lang: str) -> html.Section:
    return section(
        "talent",
        lang,
        [
            html.Div(_cards(ctx, TALENT_KPIS, None, lang, "tal"), className="kpi-row"),
            group_charts(ctx, TALENT_CHARTS, lang),
            more_figures(
                ctx,
                catalog.PANEL_DOMAINS["talent"],
                TALENT_KPIS + catalog.charted(TALENT_CHARTS),
                lang,
                "tal",
            ),
        ],
    )


@lru_cache(maxsize=8)
def _urban(ctx: Context, lang: str) -> html.Section:
    return section(
        "urban",
        lang,
        [
            html.Div(_cards(ctx, URBAN_KPIS, None, lang, "urb"), className="kpi-row"),
            more_figures(ctx, catalog.PANEL_DOMAINS["urban"], URBAN_KPIS, lang, "urb"),
        ],
    )


@lru_cache(maxsize=8)
def _timeline(ctx: Context, lang: str) -> html.Section:
    events = q.timeline(ctx.dataset.timeline)
    items = [
        html.Li(
            [
                html.Time(r["date"], dateTime=str(r["date"]), className="tl-date"),
                html.Span(pick(r, "event", lang), className="tl-event"),
                quote_details(r["source_quote"], lang),
            ],
            className=f"tl-item domain-{r['domain']}",
        )
        for _, r in events.iterrows()
    ]
    shown, rest = items[-TIMELINE_SHOWN:], items[:-TIMELINE_SHOWN]
    children = [html.Ol(shown, className="timeline")]
    if rest:
        children.append(more(html.Ol(rest, className="timeline"), len(rest), lang, "more_events"))
    return section("timeline", lang, children)


def talent_panel(ctx: Context, view: View, lang: str, browser: bool = True) -> html.Section:
    return _talent(ctx, lang)


def urban_panel(ctx: Context, view: View, lang: str, browser: bool = True) -> html.Section:
    return _urban(ctx, lang)


def timeline_panel(ctx: Context, view: View, lang: str, browser: bool = True) -> html.Section:
    return _timeline(ctx, lang)


PANELS = {
    "overview": overview_panel,
    "industry": industry_panel,
    "chains": chains_panel,
    "poverty": poverty_panel,
    "talent": talent_panel,
    "urban": urban_panel,
    "timeline": timeline_panel,
}


def variants_url(ctx: Context, lang: str) -> str:
    """Where the browser gets every figure and class the filters can show (callbacks/dashboard.py);
    the data version in the query names the bytes, so they may be cached for good."""
    return f"{VARIANTS_PATH}{lang}.json?{urlencode({'v': ctx.dataset.version})}"


def later(node, parts: list):
    """`node` with what the first screen does not show moved out into `parts`, as (placeholder id,
    children): the bodies of collapsed accordion items and of closed details (a chart's data, the
    checks), behind their headers, and the content of what a filter hides (another period's
    cards). Nodes are copied on the way down, never changed (some are cached)."""

    def deferred(component):
        children = getattr(component, "children", None)
        if (
            isinstance(component, dbc.AccordionItem)
            or "hidden" in str(getattr(component, "className", "")).split()
        ):
            return with_children(component, placeholder(children, parts))
        if (
            isinstance(component, html.Details)
            and isinstance(children, list)
            and isinstance(children[0], Summary)
        ):
            return with_children(component, [children[0], placeholder(children[1:], parts)])
        return None

    return rewrite(node, deferred)


def placeholder(children, parts: list, class_name: str = "later") -> html.Div:
    """An empty place for `children`, which `parts` keeps until assets/08-filters.js fills it."""
    place = {"type": ids.LATER, "part": len(parts)}
    parts.append((place, children))
    return html.Div(id=place, className=f"{class_name} {LOWER_PENDING}")


def panels(ctx: Context, view: View, lang: str, browser: bool = True) -> list:
    """The page's panels. In the browser, the first screen's come first and alone, without their
    collapsed parts: React builds about a fifth of the page's components before the first screen is
    drawn. The rest waits in a `dcc.Store` (data, not components: nothing renders it) until
    assets/08-filters.js moves each part into its place at idle, once the first screen's charts are
    drawn (`later`, `placeholder`)."""
    built = {name: panel(ctx, view, lang, browser) for name, panel in PANELS.items()}
    if not browser:
        return list(built.values())
    parts: list = []
    first = [later(built[name], parts) for name in FIRST_PANELS]
    rest = [built[name] for name in PANELS if name not in FIRST_PANELS]
    return [*first, placeholder(rest, parts, "lower"), dcc.Store(id=ids.LOWER_STORE, data=parts)]


def dashboard_page(
    ctx: Context,
    view: View,
    rejected: list[str],
    search: str = "",
    base_url: str = "",
    browser: bool = True,
) -> html.Div:
    """The office dashboard: header, the sticky section bar with the filters, every panel.

    `browser` (the default): filters switch in the browser (assets/08-filters.js) from the view and
    the variants named on the page's root; the first screen is drawn first, charts and panels below
    it follow (`panels`, `graph`). Without it, the page is a stock Dash page whose dropdowns drive
    server callbacks and whose every chart is a `dcc.Graph` (the bench's baseline)."""
    lang = view.lang
    state = (
        {
            "data-view": json.dumps(asdict(view)),
            "data-search": search,
            "data-variants": variants_url(ctx, lang),
        }
        if browser
        else {}
    )
    return html.Div(
        [
            header(ctx, view, lang),
            notice(rejected, lang),
            section_nav(ctx, view, lang, browser),
            html.Main(
                panels(ctx, view, lang, browser),
                id="main",
                className="dashboard",
                lang="en" if lang == "en" else "zh-CN",
            ),
        ],
        className="page page-dashboard",
        **state,
    )
