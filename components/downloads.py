"""Downloads of each panel's data (CSV/XLSX) and of the whole dataset, for the current view.

What each panel's file holds (the filters of the view apply, as on the page):

- overview:  the headline flows of the chosen period and the zone's latest stocks (the KPI cards);
- industry:  every overview/industry figure of the chosen period, headline series first;
- chains:    every figure of the chosen chain(s) in the chosen period;
- poverty, talent, urban: every figure of the panel's domains (those panels have no period filter);
- timeline:  every dated event; campaigns: the chosen rectification campaign(s).

File names say what and when: `赣州经开区_三大产业链_2019H1.xlsx`, with an ASCII fallback
`GETDZ_chains_2019H1.xlsx` for clients that cannot take a UTF-8 file name.
"""

from __future__ import annotations

import pandas as pd

from metrics import exports as mx
from metrics import queries as q
from metrics.periods import label as period_label

from . import catalog
from .context import Context
from .i18n import pick, t
from .view import View, to_search

PANELS = ("overview", "industry", "chains", "poverty", "talent", "urban", "timeline", "campaigns")
PERIOD_PANELS = ("overview", "industry", "chains")  # the panels the period filter applies to
DOMAINS = {
    "poverty": ["poverty"],
    "talent": ["talent", "innovation"],
    "urban": ["urban", "reform", "history"],
}
CAMPAIGN_FIELDS = {
    "categories": "campaign_categories",
    "problems": "campaign_problems",
    "measures": "campaign_measures",
    "completed": "campaign_completed",
    "rate_pct": "campaign_rate",
    "completion": "campaign_completion",
}


def overview_rows(ctx: Context, period: str) -> pd.DataFrame:
    """The overview cards' rows: flows of `period`, then the latest value of each stock."""
    flows = q.rows_at(ctx.frame, catalog.OVERVIEW_FLOWS, period)
    stocks = [r for r in (ctx.row(code) for code in catalog.OVERVIEW_STOCKS) if r is not None]
    return pd.concat([flows, pd.DataFrame(stocks, columns=ctx.frame.columns)], ignore_index=True)


def panel_table(ctx: Context, view: View, panel: str) -> pd.DataFrame:
    """The data behind `panel` for `view`, as an export table (column codes, see metrics.exports)."""
    lang, sources = view.lang, ctx.sources
    if panel == "overview":
        return mx.observation_table(overview_rows(ctx, view.period), lang, sources)
    if panel == "industry":
        rows = mx.period_rows(ctx.frame, ["overview", "industry"], view.period, first=q.INDUSTRY_INDICATORS)
        return mx.observation_table(rows, lang, sources)
    if panel == "chains":
        chains = view.chains
        first = [
            f"{c}_{m}" for c in chains for m in ("revenue", "enterprises", "share_of_industrial_revenue")
        ]
        return mx.observation_table(
            mx.period_rows(ctx.frame, chains, view.period, first=first), lang, sources
        )
    if panel in DOMAINS:
        first = {"poverty": catalog.POVERTY_KPIS, "talent": catalog.TALENT_KPIS, "urban": catalog.URBAN_KPIS}[
            panel
        ]
        domains = DOMAINS[panel]
        return mx.observation_table(mx.period_rows(ctx.frame, domains, None, first=first), lang, sources)
    if panel == "timeline":
        return mx.timeline_table(q.timeline(ctx.dataset.timeline), lang, sources)
    if panel == "campaigns":
        labels = {field: t(key, lang) for field, key in CAMPAIGN_FIELDS.items()}
        rows = q.campaign_rows(ctx.dataset.campaigns, view.campaign)
        return mx.campaign_table(rows, lang, sources, labels)
    raise KeyError(panel)


def localise(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Headers and the kind column in `lang` (the quote stays verbatim, in Chinese)."""
    out = table.assign(kind=[t(k, lang) if k in ("reported", "derived") else k for k in table["kind"]])
    return out.rename(columns={c: t(f"col_{c}", lang) for c in table.columns})


def export_caption(ctx: Context, lang: str) -> dict:
    """What a chart's PNG export adds around its figure (assets/09-export.js): the zone's name on top,
    the source line and the data's date below. The period is in every chart's own title."""
    sources = ("; " if lang == "en" else ";").join(ctx.sources.values())
    return {
        "zone": t("zone", lang),
        "source": f"{t('source', lang)}: {sources}" if lang == "en" else f"{t('source', lang)}:{sources}",
        "as_of": f"{t('as_of', lang)} {ctx.as_of}",
    }


def file_names(ctx: Context, view: View, what: str, ext: str) -> tuple[str, str]:
    """(UTF-8 name, ASCII fallback) for a download: zone, panel, filters, period or as-of date."""
    zh_parts = [t("zone_short", "zh"), t("dataset" if what == "dataset" else f"panel_{what}", "zh")]
    ascii_parts = ["GETDZ", what]
    if what == "chains" and view.chain != "all":
        zh_parts.append(t(f"chain_{view.chain}", "zh"))
        ascii_parts.append(view.chain)
    if what == "campaigns" and view.campaign != "all":
        row = ctx.dataset.campaigns[ctx.dataset.campaigns["campaign"] == view.campaign].iloc[0]
        zh_parts.append(pick(row, "name", "zh"))
        ascii_parts.append(view.campaign)
    when = view.period if what in PERIOD_PANELS else ctx.as_of
    ascii_name = "_".join([*ascii_parts, when]) + f".{ext}"
    utf8_name = "_".join([*zh_parts, when]) + f".{ext}" if view.lang != "en" else ascii_name
    return utf8_name, ascii_name


def about_table(ctx: Context, view: View, what: str, link: str) -> pd.DataFrame:
    """The workbook's About sheet: what the file holds, for which filters, data as of when."""
    lang = view.lang
    items = [
        (t("zone_short", lang), t("zone", lang)),
        (t("about_panel", lang), t("dataset" if what == "dataset" else f"panel_{what}", lang)),
    ]
    if what in PERIOD_PANELS:
        items.append((t("label_period", lang), f"{period_label(view.period, lang)} ({view.period})"))
    if what == "chains":
        items.append(
            (t("label_chain", lang), t("all_chains" if view.chain == "all" else f"chain_{view.chain}", lang))
        )
    if what == "campaigns":
        name = (
            t("all_campaigns", lang)
            if view.campaign == "all"
            else pick(ctx.dataset.campaigns.set_index("campaign").loc[view.campaign], "name", lang)
        )
        items.append((t("label_campaign", lang), name))
    items += [
        (t("as_of", lang), ctx.as_of),
        (t("about_version", lang), ctx.dataset.version),
        (t("about_link", lang), link),
        (t("derived", lang), t("about_derived", lang)),
    ]
    return pd.DataFrame(items, columns=[t("about_item", lang), t("about_value", lang)])


def view_link(ctx: Context, view: View, base_url: str) -> str:
    """The absolute dashboard URL of `view` (`base_url` is the host root, e.g. request.host_url).

    The period is always spelled out, so a printed link keeps its view when later data moves the
    default period."""
    return base_url.rstrip("/") + "/" + to_search(view, ctx.choices, extra={"period": view.period})


def panel_file(ctx: Context, view: View, panel: str, ext: str, base_url: str = "/") -> bytes:
    """The bytes of one panel's download: CSV (UTF-8 with BOM) or an XLSX with sources and About."""
    table = localise(panel_table(ctx, view, panel), view.lang)
    if ext == "csv":
        return mx.csv_bytes(table)
    lang = view.lang
    return mx.xlsx_bytes(
        {
            t(f"panel_{panel}", lang): table,
            t("sheet_sources", lang): mx.sources_table(ctx.dataset.sources),
            t("sheet_about", lang): about_table(ctx, view, panel, view_link(ctx, view, base_url)),
        }
    )


def dataset_file(ctx: Context, view: View, base_url: str = "/") -> bytes:
    """The whole dataset as one workbook: a sheet per table (sources first), then About."""
    sheets = mx.dataset_sheets(ctx.dataset)
    sheets[t("sheet_about", view.lang)] = about_table(ctx, view, "dataset", view_link(ctx, view, base_url))
    return mx.xlsx_bytes(sheets)
