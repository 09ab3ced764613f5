"""View -> figure adapters: the one place a `View` becomes a query and a figure, shared by the
dashboard, the briefing and the slides. Pure (no layout); each returns a new figure, so no caller
can change another's.
"""

from __future__ import annotations

from metrics import queries as q
from metrics.periods import label as period_label

from . import figures, theme
from .catalog import CHAINS, OVERVIEW_FLOWS
from .context import Context
from .i18n import t
from .view import View

TEMPLATE = theme.LIGHT


def overview_codes() -> tuple[str, ...]:
    """What the first screen's growth chart compares: the headline flows and the chains' revenue."""
    return OVERVIEW_FLOWS + tuple(f"{c}_revenue" for c in CHAINS)


def overview_figure(ctx: Context, view: View, lang: str, template: str = TEMPLATE):
    rows = q.growth_rows(ctx.frame, overview_codes(), view.period)
    return figures.reserve_margins(
        figures.headline_growth_figure(rows, view.period, lang, template), template
    )


def industry_figure(ctx: Context, view: View, lang: str, template: str = TEMPLATE):
    if view.im == "growth":
        rows = q.industry_growth(ctx.frame, view.period)
        figure = figures.growth_figure(rows, view.period, lang, template, legend=template != TEMPLATE)
    else:
        rows = q.industry_levels(ctx.frame, view.period)
        figure = figures.industry_figure(rows, view.im, view.period, lang, template)
    return figures.reserve_margins(figure, template)


def chain_compare(ctx: Context, view: View, lang: str, template: str = TEMPLATE):
    rows = q.chain_metric(ctx.frame, view.cm, view.period)
    return figures.chain_compare_figure(rows, view.cm, view.period, view.chain, lang, template)


def chain_series(ctx: Context, view: View, lang: str, template: str = TEMPLATE):
    """Chain revenue in the chosen period and the same period a year before. On the dashboard the
    key is drawn in HTML under the chart; elsewhere (slides) in the figure."""
    rows = q.chain_series(ctx.frame, view.chains, view.period)
    rows = rows[rows["period"].isin([view.period, q.prior_period(view.period)])]
    names = ("、" if lang != "en" else ", ").join(t(f"chain_{c}", lang) for c in view.chains)
    missing = t("no_chain_data", lang).format(period_label(view.period, lang), names)
    return figures.chain_series_figure(
        rows, lang, template, view.period, legend=template != TEMPLATE, missing=missing
    )


def campaign_figure(ctx: Context, view: View, lang: str, template: str = TEMPLATE):
    return figures.campaign_figure(q.campaign_rows(ctx.dataset.campaigns, view.campaign), lang, template)
