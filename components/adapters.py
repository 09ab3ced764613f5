"""View -> figure adapters: the one place a `View` becomes a query and a figure, shared by the
dashboard, the briefing and the slides. Pure (no layout); each returns a new figure, so no caller
can change another's.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from metrics import coverage
from metrics import queries as q
from metrics import series as S
from metrics.periods import label as period_label

from . import figures, panel_figures, theme, trends
from .catalog import CHAINS, OVERVIEW_FLOWS
from .context import Context
from .i18n import lacks_note, missing, t
from .view import View

TEMPLATE = theme.LIGHT


def overview_codes() -> tuple[str, ...]:
    """What the first screen's growth chart compares: the headline flows and the chains' revenue."""
    return OVERVIEW_FLOWS + tuple(f"{c}_revenue" for c in CHAINS)


def overview_figure(ctx: Context, view: View, lang: str, template: str = TEMPLATE):
    rows = q.growth_rows(ctx.frame, overview_codes(), view.period)
    return figures.reserve_margins(
        figures.headline_growth_figure(
            rows, view.period, lang, template, source_names(ctx), q.comparable_codes(ctx.dataset.relations)
        ),
        template,
    )


def industry_figure(ctx: Context, view: View, lang: str, template: str = TEMPLATE):
    if view.im == "growth":
        rows = q.industry_growth(ctx.frame, view.period)
        figure = figures.growth_figure(
            rows,
            view.period,
            lang,
            template,
            legend=template != TEMPLATE,
            sources=source_names(ctx),
            comparable=q.comparable_codes(ctx.dataset.relations),
        )
    else:
        rows = q.industry_levels(ctx.frame, view.period)
        figure = panel_figures.industry_figure(rows, view.im, view.period, lang, template, source_names(ctx))
    return figures.reserve_margins(figure, template)


def chain_compare(ctx: Context, view: View, lang: str, template: str = TEMPLATE):
    rows = q.chain_metric(ctx.frame, view.cm, view.period)
    absent = [c for c in CHAINS if c not in set(rows["chain"])]
    return panel_figures.chain_compare_figure(
        rows, view.cm, view.period, view.chain, lang, template, source_names(ctx), absent
    )


def chain_series(ctx: Context, view: View, lang: str, template: str = TEMPLATE):
    """Chain revenue in the chosen period and the same period a year before. On the dashboard the
    key is drawn in HTML under the chart; elsewhere (slides) in the figure."""
    rows = q.chain_series(ctx.frame, view.chains, view.period)
    rows = rows[rows["period"].isin([view.period, q.prior_period(view.period)])]
    names = ("、" if lang != "en" else ", ").join(t(f"chain_{c}", lang) for c in view.chains)
    empty = missing("no_chain_data", lang, period_label(view.period, lang), names, sources=source_names(ctx))
    return panel_figures.chain_series_figure(
        rows, lang, template, view.period, legend=template != TEMPLATE, missing=empty
    )


def campaign_figure(ctx: Context, view: View, lang: str, template: str = TEMPLATE):
    rows = q.campaign_rows(ctx.dataset.campaigns, view.campaign)
    as_of = q.as_of_month(ctx.dataset.sources, rows["source"])
    return panel_figures.campaign_figure(rows, lang, template, as_of)


# ---- series over the years (metrics.series -> components.trends) ---------------------------------


def source_names(ctx: Context) -> list[str]:
    """The sources a missing-data text names when there is more than one (i18n.missing)."""
    return [f"{r['publisher']}《{r['title']}》" for _, r in ctx.dataset.sources.iterrows()]


def _name(ctx: Context, indicator: str, lang: str) -> tuple[str, str]:
    """An indicator's name and unit (the code itself for an unknown one)."""
    ind = ctx.dataset.indicators
    row = ind[ind["indicator"] == indicator]
    if row.empty:
        return indicator, ""
    return str(row.iloc[0]["name_en" if lang == "en" else "name_zh"]), str(row.iloc[0]["unit"])


def kind_of(period: str) -> str:
    """The kind of series the chosen period belongs to (全年 for a month: a stock's date)."""
    return S.series_kind(period) or "year"


@lru_cache(maxsize=32)  # a few versions' headline series: the cards ask for them once per period
def flow_series(ctx: Context, indicator: str, kind: str):
    """An indicator's series of one kind (metrics.series), shared: read it, never change it."""
    return S.flow_series(ctx.frame, indicator, kind)


def trend(ctx: Context, view: View, indicator: str, lang: str, template: str = TEMPLATE):
    """历年走势 of one indicator in the chosen period's kind, the period ringed, the change over the
    span in the title."""
    series = flow_series(ctx, indicator, kind_of(view.period))
    name, unit = _name(ctx, indicator, lang)
    return trends.trend_figure(
        series, name, unit, lang, template, view.period, S.span_change(series, indicator)
    )


TREND_HEIGHT = 280  # px on the first screen: ten years and more legible beside the cards at 1366x768


def lead_trend(ctx: Context, view: View, lang: str, template: str = TEMPLATE):
    """The first screen's lead: 历年走势 of the lead flow (规上工业营收) in the chosen period's kind,
    the period ringed, its growth in a panel below, the change over the span in the title."""
    figure = trend(ctx, view, OVERVIEW_FLOWS[0], lang, template)
    return figure.update_layout(height=TREND_HEIGHT, margin=dict(t=64, b=28, l=8, r=8))


def sparkline(ctx: Context, indicator: str, period: str, template: str = TEMPLATE) -> str:
    """A headline card's sparkline (an SVG data URI, "" for fewer than two points): the
    indicator's series of the period's kind only, the period ringed."""
    series = flow_series(ctx, indicator, kind_of(period))
    return trends.sparkline_svg(series, theme.ACCENT[template], period)


def span_words(ctx: Context, indicator: str, period: str, lang: str) -> tuple[str, str]:
    """A card's change over the span in words and its formula in words ("" when it has none)."""
    series = flow_series(ctx, indicator, kind_of(period))
    return trends.span_words(S.span_change(series, indicator), lang)


def chains_trend(ctx: Context, view: View, lang: str, template: str = TEMPLATE):
    """The three chains' revenue over the years side by side, the chosen chain highlighted."""
    series = S.chains_series(ctx.frame, CHAINS, kind_of(view.period))
    return trends.chains_trend_figure(series, lang, template, view.chain, view.period)


CHAINS_TREND_HEIGHT = 300  # px on the dashboard: three panels side by side, one row


def chains_over_years(ctx: Context, view: View, lang: str, template: str = TEMPLATE):
    """The dashboard's chains over the years: every chain in its colour (the chain filter marks one
    by a class on the graph's box, so one figure a period serves every chain), the period ringed."""
    figure = chains_trend(ctx, replace(view, chain="all"), lang, template)
    return figure.update_layout(height=CHAINS_TREND_HEIGHT)


def period_note(ctx: Context, period: str, lang: str, always: bool = False) -> str:
    """What a period lacks of the first screen's headline set, for the period filter's note (only
    for a period that does not fill the first screen) and, with `always`, the empty states ("" when
    there is nothing to say)."""
    cover = coverage.coverage(ctx.frame, period)
    if cover.full and not always:
        return ""
    names = [_name(ctx, code, lang)[0] for code in cover.lacks]
    return lacks_note(period_label(period, lang), names, lang)
