"""Small layout pieces that show one number with its citation."""

from __future__ import annotations

import pandas as pd
from dash import html

from metrics.periods import label as period_label

from .fmt import format_growth, format_number, format_value, unit_label
from .i18n import pick, t


def citation_body(row, lang: str, sources: dict[str, str]) -> html.Div:
    """The verbatim quote, source and period, and for a derived value its formula."""
    body = [
        html.Blockquote(f"“{row['source_quote']}”", className="cite-quote", lang="zh-CN"),
        html.Div(
            f"{sources.get(row['source'], row['source'])} · {period_label(row['period'], lang)}",
            className="cite-source",
        ),
    ]
    if row.get("kind") == "derived":
        body.insert(
            0,
            html.Div(
                [html.Strong(t("formula", lang) + ": "), str(row.get("formula", ""))],
                className="cite-formula",
            ),
        )
    return html.Div(body, className="cite-body")


def citation(row, lang: str, sources: dict[str, str]) -> html.Details:
    """A tap-to-open citation: the verbatim quote, source, period, and a derived value's formula."""
    return html.Details(
        [html.Summary(t("source_label", lang)), citation_body(row, lang, sources)], className="cite"
    )


def check_flag(checks: pd.DataFrame, lang: str):
    """A visible mark when a consistency check about this number failed (None otherwise)."""
    failed = checks[checks["status"] == "failed"] if checks is not None and not checks.empty else None
    if failed is None or failed.empty:
        return None
    detail = "; ".join(pick(r, "detail", lang) for _, r in failed.iterrows())
    return html.Div(f"⚠ {t('check_failed', lang)}: {detail}", className="check-flag", role="note")


def kpi_card(
    row,
    lang: str,
    sources: dict[str, str],
    checks: pd.DataFrame | None = None,
    compact: bool = False,
    cited: bool = True,
    name: str | None = None,
) -> html.Div:
    """A KPI card: name, big number with unit, growth, period, 口径, citation.

    Derived values get the `derived` class (outlined, hatched) and a 推算 tag. `cited=False` leaves
    out the 口径 and the citation (the slides cite in their footer and put the 口径 in the notes);
    `name` replaces the indicator's name where the context already says what it is about.
    """
    derived = row.get("kind") == "derived"
    has_value = pd.notna(row.get("value"))
    main = (
        format_value(row["value"], row["unit"], row.get("qualifier", ""), lang)
        if has_value
        else format_growth(row.get("yoy_pct"), lang)
    )
    growth = format_growth(row.get("yoy_pct"), lang) if has_value else ""
    change = ""
    if pd.notna(row.get("change")):
        sign = "+" if row["change"] >= 0 else ""
        change = f"{t('change', lang)} {sign}{format_value(row['change'], row['unit'], '', lang)}"
    extras = [x for x in (growth, change) if x]
    caliber = (
        pick(row, "caliber", lang) if isinstance(row.get("caliber_zh"), str) and row.get("caliber_zh") else ""
    )
    children = [
        html.Div(
            [
                html.Span(name, className="kpi-name", title=pick(row, "name", lang))
                if name
                else html.Span(pick(row, "name", lang), className="kpi-name"),
                html.Span(t("derived", lang), className="tag-derived", title=t("derived_note", lang))
                if derived
                else None,
            ],
            className="kpi-head",
        ),
        html.Div(main, className="kpi-value"),
        html.Div(" · ".join(extras), className="kpi-growth") if extras else None,
        html.Div(period_label(row["period"], lang), className="kpi-period"),
        html.Div(caliber, className="kpi-caliber") if caliber and not compact and cited else None,
        check_flag(checks, lang),
        citation(row, lang, sources) if cited else None,
    ]
    classes = "kpi-card" + (" derived" if derived else "") + (" compact" if compact else "")
    return html.Div(
        [c for c in children if c is not None],
        className=classes,
        **{"data-indicator": row["indicator"], "data-kind": row.get("kind", "")},
    )


def tile_grid(rows: pd.DataFrame, lang: str, sources: dict[str, str], checks: pd.DataFrame) -> html.Div:
    """Every number of a group as compact cards, so no figure of the source goes unshown."""
    cards = [
        kpi_card(r, lang, sources, checks[checks["subject"] == r["indicator"]], compact=True)
        for _, r in rows.iterrows()
    ]
    return html.Div(cards, className="tile-grid")


def bar_list(rows: pd.DataFrame, lang: str, sources: dict[str, str], title: str) -> html.Figure:
    """A few same-unit numbers as horizontal bars drawn in HTML (no chart library): each bar's length
    is its share of the largest, and each row opens, like a card, to its verbatim citation."""
    rows = rows[rows["value"].notna()]
    top = float(rows["value"].max()) if not rows.empty else 0.0
    unit = rows["unit"].iloc[0] if not rows.empty else ""
    items = []
    for _, r in rows.iterrows():
        share = 0.0 if top <= 0 else float(r["value"]) / top * 100
        derived = r.get("kind") == "derived"
        items.append(
            html.Li(
                html.Details(
                    [
                        html.Summary(
                            [
                                html.Span(pick(r, "name", lang), className="bar-label"),
                                html.Span(
                                    html.Span(
                                        className="bar-fill" + (" derived" if derived else ""),
                                        style={"width": f"{share:.1f}%"},
                                    ),
                                    className="bar-track",
                                ),
                                html.Span(
                                    format_number(r["value"], r.get("qualifier", ""), lang),
                                    className="bar-value",
                                ),
                            ]
                        ),
                        citation_body(r, lang, sources),
                    ]
                ),
                className="bar-row",
                **{"data-indicator": r["indicator"], "data-kind": r.get("kind", "")},
            )
        )
    caption = f"{title}({unit_label(unit, lang)})" if lang != "en" else f"{title} ({unit_label(unit, lang)})"
    return html.Figure([html.Figcaption(caption), html.Ul(items, className="bar-list")], className="bars")
