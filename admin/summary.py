"""What a version changed, in an editor's words: summary lines for the history, and the
overview's headline cards of a candidate dataset for the preview."""

from __future__ import annotations

from . import strings as S
from .render import to_html


def summary_lines(summary: dict, lg: str) -> list[str]:
    """A version's diff summary as short lines (table +added ~changed -removed; new things)."""
    lines = []
    for name, c in summary.get("tables", {}).items():
        if any(c.values()):
            lines.append(f"{name}: +{c['added']} ~{c['changed']} -{c['removed']}")
    for key in ("new_periods", "new_indicators", "new_sources"):
        if summary.get(key):
            items = summary[key]
            more = f" {S.t('more', lg, n=len(items) - 6)}" if len(items) > 6 else ""
            lines.append(f"{S.t(key, lg)}: {', '.join(items[:6])}{more}")
    added = summary.get("documents", {}).get("added")
    if added:
        lines.append(f"{S.t('documents', lg)}: +{', '.join(added)}")
    return lines


def cards_html(dataset, summary: dict, lg: str):
    """The overview's headline cards of the candidate, at its newest new period (else the
    default one), rendered by the dashboard's own card builder."""
    from components.cards import kpi_card
    from components.context import Context
    from metrics import queries as q

    ctx = Context.build(dataset)
    periods = [p for p in ctx.choices.periods if p in summary.get("new_periods", ())]
    period = periods[-1] if periods else ctx.choices.default_period
    try:  # the headline flows moved to components.catalog with the dashboard branch
        from components.catalog import OVERVIEW_FLOWS
    except ImportError:
        from components.panels import OVERVIEW_FLOWS

    rows = [ctx.row(code, period) for code in OVERVIEW_FLOWS]
    cards = [
        kpi_card(row, lg, ctx.sources, q.checks_for(ctx.checks, row["indicator"], row["period"]))
        for row in rows
        if row is not None
    ]
    return period, to_html(cards)
