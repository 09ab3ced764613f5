"""Small layout pieces that show one number with its citation."""

from __future__ import annotations

import pandas as pd
from dash import html

from metrics.periods import label as period_label

from .fmt import format_growth, format_value
from .i18n import pick, t


def citation(row, lang: str, sources: dict[str, str]) -> html.Details:
    """A tap-to-open citation: the verbatim quote, source, period, and a derived value's formula."""
    body = [
        html.Blockquote(f"“{row['source_quote']}”", className="cite-quote", lang="zh-CN"),
        html.Div(f"{sources.get(row['source'], row['source'])} · {period_label(row['period'], lang)}",
                 className="cite-source"),
    ]
    if row.get("kind") == "derived":
        body.insert(0, html.Div([html.Strong(t("formula", lang) + ": "), str(row.get("formula", ""))],
                                className="cite-formula"))
    return html.Details([html.Summary(t("source_label", lang)), *body], className="cite")


def check_flag(checks: pd.DataFrame, lang: str):
    """A visible mark when a consistency check about this number failed (None otherwise)."""
    failed = checks[checks["status"] == "failed"] if checks is not None and not checks.empty else None
    if failed is None or failed.empty:
        return None
    detail = "; ".join(pick(r, "detail", lang) for _, r in failed.iterrows())
    return html.Div(f"⚠ {t('check_failed', lang)}: {detail}", className="check-flag", role="note")


def kpi_card(row, lang: str, sources: dict[str, str], checks: pd.DataFrame | None = None,
             compact: bool = False) -> html.Div:
    """A KPI card: name, big number with unit, growth, period, 口径, citation.

    Derived values get the `derived` class (outlined, hatched) and a 推算 tag.
    """
    derived = row.get("kind") == "derived"
    has_value = pd.notna(row.get("value"))
    main = (format_value(row["value"], row["unit"], row.get("qualifier", ""), lang) if has_value
            else format_growth(row.get("yoy_pct"), lang))
    growth = format_growth(row.get("yoy_pct"), lang) if has_value else ""
    change = ""
    if pd.notna(row.get("change")):
        sign = "+" if row["change"] >= 0 else ""
        change = f"{t('change', lang)} {sign}{format_value(row['change'], row['unit'], '', lang)}"
    extras = [x for x in (growth, change) if x]
    caliber = pick(row, "caliber", lang) if isinstance(row.get("caliber_zh"), str) and row.get("caliber_zh") else ""
    children = [
        html.Div(
            [html.Span(pick(row, "name", lang), className="kpi-name"),
             html.Span(t("derived", lang), className="tag-derived", title=t("derived_note", lang))
             if derived else None],
            className="kpi-head",
        ),
        html.Div(main, className="kpi-value"),
        html.Div(" · ".join(extras), className="kpi-growth") if extras else None,
        html.Div(period_label(row["period"], lang), className="kpi-period"),
        html.Div(caliber, className="kpi-caliber") if caliber and not compact else None,
        check_flag(checks, lang),
        citation(row, lang, sources),
    ]
    classes = "kpi-card" + (" derived" if derived else "") + (" compact" if compact else "")
    return html.Div([c for c in children if c is not None], className=classes,
                    **{"data-indicator": row["indicator"], "data-kind": row.get("kind", "")})


def tile_grid(rows: pd.DataFrame, lang: str, sources: dict[str, str], checks: pd.DataFrame) -> html.Div:
    """Every number of a group as compact cards, so no figure of the source goes unshown."""
    cards = [
        kpi_card(r, lang, sources, checks[checks["subject"] == r["indicator"]], compact=True)
        for _, r in rows.iterrows()
    ]
    return html.Div(cards, className="tile-grid")
