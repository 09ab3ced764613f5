"""The dashboard's panels, each a small function of (context, view, lang) returning a section.

Each panel shows its featured charts and then every other number of its domains as compact cards,
so that every figure of the source is on the page with its citation.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd
from dash import dcc, html

from metrics import queries as q
from metrics.periods import label as period_label

from . import figures, ids, links, theme
from .cards import bar_list, kpi_card, tile_grid
from .context import Context
from .i18n import pick, t
from .view import View

TEMPLATE = theme.LIGHT

OVERVIEW_FLOWS = (
    "industrial_revenue",
    "industrial_value_added",
    "fiscal_revenue",
    "fixed_asset_investment",
    "retail_sales",
    "foreign_capital",
)
OVERVIEW_STOCKS = ("poverty_people_lifted", "phd_talents", "high_tech_enterprises", "built_up_area")
POVERTY_KPIS = (
    "poverty_households_lifted",
    "poverty_people_lifted",
    "poverty_incidence",
    "poor_labour_employed",
)
TALENT_KPIS = (
    "phd_talents",
    "national_talents",
    "academicians",
    "nobel_laureates",
    "high_tech_enterprises",
    "listed_companies",
)
URBAN_KPIS = ("built_up_area", "population")

# Small charts of numbers that share a unit and a question: (graph id, title key, indicator codes).
# Small bar lists of numbers that share a unit and a question: (title key, indicator codes).
POVERTY_CHARTS = (
    ("chart_bases", ("turf_bases", "vegetable_bases", "aquaculture_bases")),
    ("chart_income", ("land_transfer_income_per_household", "labour_income_per_household")),
    (
        "chart_changtian",
        (
            "changtian_workshop_rent",
            "changtian_fund_dividends",
            "changtian_shared_farm_fee",
            "changtian_solar_income",
            "changtian_turf_fee",
        ),
    ),
)
TALENT_CHARTS = (
    (
        "chart_platforms",
        (
            "rd_platforms",
            "rd_platforms_national",
            "national_innovation_platforms",
            "academician_workstations",
            "postdoc_innovation_bases",
            "national_engineering_centres",
            "national_testing_platforms",
            "haizhi_workstations",
        ),
    ),
)


def graph(graph_id, figure, lang: str, name: str, label: str) -> dcc.Graph:
    """A graph with the app-wide config (no cloud share, no logo, localised modebar)."""
    return html.Div(
        dcc.Graph(id=graph_id, figure=figure, config=theme.graph_config(lang, name), className="graph"),
        role="figure",
        **{"aria-label": label},
    )


def section(panel: str, lang: str, children, intro: str | None = None) -> html.Section:
    """A titled panel; its id is the anchor the navigation and slides use."""
    children = [links.panel_links(panel, lang), *(children if isinstance(children, list) else [children])]
    return html.Section(
        [
            html.H2(t(f"panel_{panel}", lang), id=f"h-{panel}"),
            *(children if isinstance(children, list) else [children]),
        ],
        id=f"panel-{panel}",
        className="panel",
        **{"aria-labelledby": f"h-{panel}"},
    )


def _cards(ctx: Context, codes, period: str | None, lang: str) -> list:
    """KPI cards for `codes` at `period` (None: each indicator's latest value)."""
    rows = [ctx.row(code, period) for code in codes]
    return [
        kpi_card(row, lang, ctx.sources, q.checks_for(ctx.checks, row["indicator"], row["period"]))
        for row in rows
        if row is not None
    ]


def kpi_class(period: str, selected: str) -> str:
    """The cards of a period are shown when it is the selected one (hidden, not removed)."""
    return "kpi-group" + ("" if period == selected else " hidden")


def kpi_row(ctx: Context, period: str, lang: str) -> list:
    """The overview cards: headline flows of every period (only the chosen one shown; switching is a
    class change), then the zone's stocks."""
    groups = []
    for p in ctx.choices.periods:
        cards = _cards(ctx, OVERVIEW_FLOWS, p, lang) or [
            html.Div(f"{t('no_data', lang)}: {period_label(p, lang)}", className="no-data")
        ]
        groups.append(
            html.Div(cards, id={"type": ids.KPI_GROUP, "period": p}, className=kpi_class(p, period))
        )
    return groups + _cards(ctx, OVERVIEW_STOCKS, None, lang)


@lru_cache(maxsize=64)
def _rest(ctx: Context, domains: tuple, shown: tuple, lang: str) -> html.Div:
    rows = q.domain_rows(ctx.frame, domains, kind=None)
    rows = rows[~rows["indicator"].isin(list(shown))]
    return tile_grid(rows, lang, ctx.sources, ctx.checks)


@lru_cache(maxsize=64)
def group_charts(ctx: Context, charts: tuple, lang: str) -> html.Div:
    """Bar lists, one per group of same-unit indicators (their latest values). HTML, not plotly:
    a handful of bars needs no chart library, and the page draws sooner with fewer graphs."""
    out = []
    for title_key, codes in charts:
        rows = pd.DataFrame([r for r in (ctx.row(c) for c in codes) if r is not None])
        out.append(html.Div(bar_list(rows, lang, ctx.sources, t(title_key, lang)), className="third"))
    return html.Div(out, className="trio")


def _charted(charts) -> tuple[str, ...]:
    return tuple(code for _, codes in charts for code in codes)


def dropdown(dropdown_id: str, label: str, options, value, lang: str) -> html.Div:
    """A labelled dropdown (the label is bound to the control for screen readers)."""
    return html.Div(
        [
            html.Label(label, htmlFor=dropdown_id, className="filter-label"),
            dcc.Dropdown(
                id=dropdown_id,
                options=options,
                value=value,
                clearable=False,
                searchable=False,
                className="filter-dropdown",
                labels={"no_options_found": t("no_data", lang)},
            ),
        ],
        className="filter",
    )


def filter_bar(ctx: Context, view: View, lang: str) -> html.Div:
    """The dashboard's filters: period, chain, chain metric, industry metric, campaign."""
    periods = [{"label": period_label(p, lang), "value": p} for p in ctx.choices.periods]
    chains = [{"label": t("all_chains", lang), "value": "all"}] + [
        {"label": t(f"chain_{c}", lang), "value": c} for c in q.CHAINS
    ]
    chain_metrics = [{"label": t(f"metric_{m}", lang), "value": m} for m in q.CHAIN_METRICS]
    industry_metrics = [{"label": t(f"metric_{m}", lang), "value": m} for m in q.INDUSTRY_METRICS]
    campaigns = [{"label": t("all_campaigns", lang), "value": "all"}] + [
        {"label": pick(r, "name", lang), "value": r["campaign"]} for _, r in ctx.dataset.campaigns.iterrows()
    ]
    return html.Div(
        [
            dropdown(ids.PERIOD, t("label_period", lang), periods, view.period, lang),
            dropdown(ids.CHAIN, t("label_chain", lang), chains, view.chain, lang),
            dropdown(ids.CHAIN_METRIC, t("label_chain_metric", lang), chain_metrics, view.cm, lang),
            dropdown(ids.INDUSTRY_METRIC, t("label_industry_metric", lang), industry_metrics, view.im, lang),
            dropdown(ids.CAMPAIGN, t("label_campaign", lang), campaigns, view.campaign, lang),
            html.Div(links.dataset_link(ctx, view), className="filter filter-download"),
        ],
        className="filter-bar",
        role="search",
        **{"aria-label": t("filters", lang)},
    )


@lru_cache(maxsize=8)
def checks_summary(ctx: Context, lang: str) -> html.Details:
    """The consistency checks of the source's own numbers: counts, then every check with its reason."""
    checks = ctx.checks
    counts = checks["status"].value_counts()
    summary = " · ".join(
        f"{t('check_' + s, lang)} {int(counts.get(s, 0))}" for s in ("passed", "failed", "skipped")
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


def overview_panel(ctx: Context, view: View, lang: str) -> html.Section:
    return section(
        "overview",
        lang,
        [
            html.Div(kpi_row(ctx, view.period, lang), id=ids.KPI_ROW, className="kpi-row"),
            checks_summary(ctx, lang),
        ],
    )


def industry_figure(ctx: Context, view: View, lang: str, template: str = TEMPLATE):
    if view.im == "growth":
        rows = q.industry_growth(ctx.frame)
        return figures.growth_figure(rows, view.period, lang, template)
    rows = q.industry_rows(ctx.frame, view.im, view.period)
    return figures.industry_figure(rows, view.im, view.period, lang, template)


def industry_panel(ctx: Context, view: View, lang: str) -> html.Section:
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
            ),
            _rest(ctx, ("overview", "industry"), q.INDUSTRY_INDICATORS, lang),
        ],
    )


def chain_compare(ctx: Context, view: View, lang: str, template: str = TEMPLATE):
    rows = q.chain_metric(ctx.frame, view.cm, view.period)
    return figures.chain_compare_figure(rows, view.cm, view.period, view.chain, lang, template)


def chain_series(ctx: Context, view: View, lang: str, template: str = TEMPLATE):
    return figures.chain_series_figure(q.chain_series(ctx.frame, view.chains), lang, template)


def chain_flow(ctx: Context, chain: str, lang: str) -> html.Div:
    """The stages of a chain drawn as a chain (arrows between stage chips), and its key players."""
    stages = q.chain_stages(ctx.dataset.chain_stages, chain)
    lines = []
    for (plan, _line), part in stages.groupby(["plan", "line"], sort=False):
        chips = [
            html.Li(pick(r, "stage", lang), className="stage", title=r["source_quote"])
            for _, r in part.iterrows()
        ]
        lines.append(
            html.Div(
                [
                    html.Span(t(f"stages_{plan}", lang), className=f"plan plan-{plan}"),
                    html.Ol(chips, className="stage-line"),
                ],
                className="stage-row",
            )
        )
    entities = q.chain_entities(ctx.dataset.chain_entities, chain)
    players = [
        html.Li(
            [
                html.Span(pick(r, "entity", lang), className="entity-name"),
                html.Span(pick(r, "note", lang), className="entity-note")
                if isinstance(r.get("note_zh"), str) and r.get("note_zh")
                else None,
            ],
            className=f"entity role-{r['role']}",
            title=r["source_quote"],
        )
        for _, r in entities.iterrows()
    ]
    return html.Div(
        [
            html.H3([t(f"chain_{chain}", lang), html.Small(f" · {t(f'chain_role_{chain}', lang)}")]),
            html.Div(lines, className="stage-lines", **{"aria-label": t("chain_stages", lang)}),
            html.H4(t("key_players", lang)),
            html.Ul(players, className="entities"),
        ],
        className=f"chain-flow chain-{chain}",
    )


def flow_class(chain: str, selected: str) -> str:
    """A chain's flow is shown when all chains or that chain are selected (hidden, not removed:
    a class change is cheap in the browser, replacing children is not)."""
    return f"chain-flow chain-{chain}" + ("" if selected in ("all", chain) else " hidden")


def chain_flows(ctx: Context, view: View, lang: str) -> list:
    flows = []
    for chain in q.CHAINS:
        flow = chain_flow(ctx, chain, lang)
        flow.id, flow.className = ids.CHAIN_FLOW_IDS[chain], flow_class(chain, view.chain)
        flows.append(flow)
    return flows


def chains_panel(ctx: Context, view: View, lang: str) -> html.Section:
    shown = tuple(
        f"{c}_{m}" for c in q.CHAINS for m in ("revenue", "enterprises", "share_of_industrial_revenue")
    )
    return section(
        "chains",
        lang,
        [
            html.P(t("click_to_filter", lang), className="hint"),
            html.Div(
                [
                    html.Div(
                        graph(
                            ids.CHAIN_COMPARE_GRAPH,
                            chain_compare(ctx, view, lang),
                            lang,
                            "chains",
                            t("panel_chains", lang),
                        ),
                        className="half",
                    ),
                    html.Div(
                        graph(
                            ids.CHAIN_SERIES_GRAPH,
                            chain_series(ctx, view, lang),
                            lang,
                            "chain-revenue",
                            t("metric_revenue", lang),
                        ),
                        className="half",
                    ),
                ],
                className="pair",
            ),
            html.Div(chain_flows(ctx, view, lang), id=ids.CHAIN_FLOW, className="chain-flows"),
            _rest(ctx, q.CHAINS, shown, lang),
        ],
    )


def campaign_figure(ctx: Context, view: View, lang: str, template: str = TEMPLATE):
    return figures.campaign_figure(q.campaign_rows(ctx.dataset.campaigns, view.campaign), lang, template)


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
                facts.append(html.Li(f"{t('campaign_' + key, lang)}: {r[key]:g}"))
        if pd.notna(r.get("rate_pct")):
            facts.append(html.Li(f"{t('campaign_rate', lang)}: {r['rate_pct']:g}%"))
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
                    html.Details(
                        [
                            html.Summary(t("source_label", lang)),
                            html.Blockquote(f"“{r['source_quote']}”", className="cite-quote", lang="zh-CN"),
                        ],
                        className="cite",
                    ),
                ],
                id={"type": ids.CAMPAIGN_CARD, "campaign": r["campaign"]},
                className=campaign_class(r["campaign"], view.campaign),
                **{"data-campaign": r["campaign"]},
            )
        )
    return out


def poverty_panel(ctx: Context, view: View, lang: str) -> html.Section:
    return section(
        "poverty",
        lang,
        [
            html.Div(_cards(ctx, POVERTY_KPIS, None, lang), className="kpi-row"),
            html.Div(
                [
                    html.Div(
                        graph(
                            ids.CAMPAIGN_GRAPH,
                            campaign_figure(ctx, view, lang),
                            lang,
                            "campaigns",
                            t("campaign_rate", lang),
                        ),
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
            group_charts(ctx, POVERTY_CHARTS, lang),
            _rest(ctx, ("poverty",), POVERTY_KPIS + _charted(POVERTY_CHARTS), lang),
        ],
    )


@lru_cache(maxsize=8)
def _talent(ctx: Context, lang: str) -> html.Section:
    return section(
        "talent",
        lang,
        [
            html.Div(_cards(ctx, TALENT_KPIS, None, lang), className="kpi-row"),
            group_charts(ctx, TALENT_CHARTS, lang),
            _rest(ctx, ("talent", "innovation"), TALENT_KPIS + _charted(TALENT_CHARTS), lang),
        ],
    )


@lru_cache(maxsize=8)
def _urban(ctx: Context, lang: str) -> html.Section:
    return section(
        "urban",
        lang,
        [
            html.Div(_cards(ctx, URBAN_KPIS, None, lang), className="kpi-row"),
            _rest(ctx, ("urban", "reform", "history"), URBAN_KPIS, lang),
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
                html.Details(
                    [
                        html.Summary(t("source_label", lang)),
                        html.Blockquote(f"“{r['source_quote']}”", className="cite-quote", lang="zh-CN"),
                    ],
                    className="cite",
                ),
            ],
            className=f"tl-item domain-{r['domain']}",
        )
        for _, r in events.iterrows()
    ]
    return section("timeline", lang, html.Ol(items, className="timeline"))


def talent_panel(ctx: Context, view: View, lang: str) -> html.Section:
    return _talent(ctx, lang)


def urban_panel(ctx: Context, view: View, lang: str) -> html.Section:
    return _urban(ctx, lang)


def timeline_panel(ctx: Context, view: View, lang: str) -> html.Section:
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
