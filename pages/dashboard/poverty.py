"""The poverty alleviation panel: its key figures, the rectification campaigns (the campaign filter
on the chart shows one or all, and their cards follow), and, built when opened, the bar lists of its
smaller figures and its long tail."""

from __future__ import annotations

import pandas as pd
from dash import html

from components import catalog, ids, links
from components.cards import quote_details
from components.catalog import POVERTY_CHARTS, POVERTY_KPIS
from components.context import Context
from components.fmt import format_value
from components.i18n import pick, t
from components.view import View
from metrics import queries as q

from .rules import campaign_class
from .widgets import dropdown, graph, group_charts, kpi_cards, lazy, more_title, png_button, tail

DOMAINS, SHOWN = ("poverty",), POVERTY_KPIS + catalog.charted(POVERTY_CHARTS)


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


def tools(ctx: Context, view: View, lang: str) -> list:
    campaigns = [{"label": t("all_campaigns", lang), "value": "all"}] + [
        {"label": pick(r, "name", lang), "value": r["campaign"]} for _, r in ctx.dataset.campaigns.iterrows()
    ]
    return [
        dropdown(ids.CAMPAIGN, t("label_campaign", lang), campaigns, view.campaign, "inline wide"),
        png_button(ids.CAMPAIGN_GRAPH, "campaigns", lang),
        links.panel_links("campaigns", lang, label="download_campaigns"),  # once, beside the panel's own
    ]


def body(ctx: Context, view: View, lang: str) -> list:
    return [
        html.Div(kpi_cards(ctx, POVERTY_KPIS, None, lang), className="kpi-row"),
        html.Div(
            [
                html.Div(
                    graph(ctx, ids.CAMPAIGN_GRAPH, view, lang, "campaigns", t("campaign_title", lang)),
                    className="half",
                ),
                html.Div(
                    campaign_detail(ctx, view, lang), id=ids.CAMPAIGN_DETAIL, className="half campaign-cards"
                ),
            ],
            className="pair",
        ),
        lazy("poverty-more", more_title(ctx, DOMAINS, SHOWN, lang)),
    ]


def more_figures(ctx: Context, view: View, lang: str) -> list:
    return [group_charts(ctx, POVERTY_CHARTS, lang), tail(ctx, DOMAINS, SHOWN, lang)]


PARTS = {"poverty-more": more_figures}
