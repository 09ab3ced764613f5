"""Small layout pieces that show one number with its citation.

The citation markup lives here only (`citation_body`): a card's 出处 button and a bar list's row open
it in the one citation dialog (citations are data: the dialog is filled by one callback). Builders
take parameters (with or without citations) instead of being patched by callers.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from metrics.periods import label as period_label

from . import ids
from .fmt import format_delta, format_number, format_value, trend, unit_label
from .i18n import pick, t


def quote(text: str) -> html.Blockquote:
    """A verbatim source sentence (always Chinese: the source is)."""
    return html.Blockquote(f"“{text}”", className="cite-quote", lang="zh-CN")


def quote_details(text: str, lang: str) -> html.Details:
    """A tap-to-open quote alone (campaign cards, timeline events: no number, period or 口径)."""
    return html.Details([html.Summary(t("source_label", lang)), quote(text)], className="cite")


def citation_body(row, lang: str, sources: dict[str, str], explain=None) -> html.Div:
    """The verbatim quote, source and period, the 口径, and for a derived value how it was derived.
    `explain(row, lang)` turns a formula into words (figures.explain)."""
    body = [
        quote(row["source_quote"]),
        html.Div(
            f"{sources.get(row['source'], row['source'])} · {period_label(row['period'], lang)}",
            className="cite-source",
        ),
    ]
    caliber = caliber_of(row, lang)
    if caliber:
        body.append(html.Div([html.Strong(t("caliber", lang) + ": "), caliber], className="cite-caliber"))
    if row.get("kind") == "derived":
        words = explain(row, lang) if explain else ""
        body.insert(
            0,
            html.Div(
                [html.Strong(t("derived", lang) + ": "), words or str(row.get("formula", ""))],
                className="cite-formula",
            ),
        )
    return html.Div(body, className="cite-body")


def caliber_of(row, lang: str) -> str:
    return (
        pick(row, "caliber", lang) if isinstance(row.get("caliber_zh"), str) and row.get("caliber_zh") else ""
    )


def cite_id(indicator: str, period: str) -> dict:
    """The id of what opens an indicator's citation in the one dialog (a 出处 button, a bar's row)."""
    return {"type": ids.CITE, "indicator": indicator, "period": period}


def cite_button(indicator: str, period: str, name: str, lang: str) -> html.Button:
    """A 出处 button: one component, its citation is data. `period` "" means the period the filter
    shows. The one dialog (`citation_dialog`) is filled by one callback from the citations table."""
    return html.Button(
        t("source_label", lang),
        id=cite_id(indicator, period),
        className="cite-button cite-pop",
        type="button",
        **{"aria-label": f"{t('source_label', lang)}: {name}", "aria-haspopup": "dialog"},
    )


def citation_dialog(lang: str) -> dbc.Modal:
    """The one dialog every 出处 button opens (Escape, the close button or a click outside close it)."""
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(t("source_label", lang), id=ids.CITE_TITLE, class_name="h6")),
            dbc.ModalBody(id=ids.CITE_BODY),
        ],
        id=ids.CITE_MODAL,
        is_open=False,
        size="md",
        class_name="cite-modal",
    )


def citation_title(row, lang: str) -> str:
    return f"{t('source_label', lang)} · {pick(row, 'name', lang)} · {period_label(row['period'], lang)}"


def derived_badge(lang: str) -> html.Span:
    """The 推算 badge; what it means is its title."""
    return html.Span(
        t("derived", lang), className="badge tag-derived bg-light text-dark", title=t("derived_note", lang)
    )


def delta(pct, lang: str, prior: str = "") -> html.Div | None:
    """Growth as an arrow and a signed, coloured rate, with what it is compared with."""
    direction = trend(pct)
    if not direction:
        return None
    return html.Div(
        [
            html.Span(format_delta(pct, lang), className=f"delta delta-{direction}"),
            html.Span(f" {t('yoy_label', lang)}", className="delta-word"),
            html.Span(prior, className="delta-prior") if prior else None,
        ],
        className="kpi-growth",
    )


def check_flag(checks: pd.DataFrame, lang: str):
    """A visible mark when a consistency check about this number failed (None otherwise)."""
    failed = checks[checks["status"] == "failed"] if checks is not None and not checks.empty else None
    if failed is None or failed.empty:
        return None
    return html.Div(failed_text(failed, lang), className="check-flag", role="note")


def failed_text(failed: pd.DataFrame, lang: str) -> str:
    """The words beside a number whose consistency check failed (`failed`: those checks): what
    failed and, when an editor published it anyway (store/overrides.py), the written reason."""
    detail = "; ".join(pick(r, "detail", lang) for _, r in failed.iterrows())
    reasons = [r for r in failed.get("override", pd.Series(dtype=str)).fillna("") if r]
    said = f" · {t('check_override', lang)}: {'; '.join(reasons)}" if reasons else ""
    return f"⚠ {t('check_failed', lang)}: {detail}{said}"


def kpi_card(
    row,
    lang: str,
    sources: dict[str, str],
    checks: pd.DataFrame | None = None,
    compact: bool = False,
    cite: bool = True,
    cite_period: str | None = None,
    prior=None,
    explain=None,
    name: str | None = None,
) -> html.Div:
    """A KPI card: name, big number with unit, growth as an arrow and signed rate (against the
    same period a year before, `prior` being that row), period, and a 出处 button opening the
    citation (`cite=False`: none, e.g. on slides that cite elsewhere; `cite_period` "": the citation
    of the period the filter shows).

    Derived values get the `derived` class (outlined, hatched) and a 推算 badge. `name` replaces the
    indicator's name where the context already says what it is about (a chain's slide).
    """
    derived = row.get("kind") == "derived"
    has_value = pd.notna(row.get("value"))
    growth = row.get("yoy_pct")
    main = (
        format_value(row["value"], row["unit"], row.get("qualifier", ""), lang)
        if has_value
        else format_delta(growth, lang)
    )
    prior_text = ""
    if prior is not None and pd.notna(prior.get("value")):
        value = format_value(prior["value"], prior["unit"], prior.get("qualifier", ""), lang)
        tag = f"{' ' if lang == 'en' else ''}({t('derived', lang)})" if prior.get("kind") == "derived" else ""
        prior_text = f"{t('vs_prior', lang)} {value}{tag}"
    change = None
    if pd.notna(row.get("change")):
        sign = "+" if row["change"] >= 0 else "−"
        change = html.Div(
            f"{t('change', lang)} {sign}{format_value(abs(row['change']), row['unit'], '', lang)}",
            className="kpi-change",
        )
    children = [
        html.Div(
            [
                html.Span(name, className="kpi-name", title=pick(row, "name", lang))
                if name
                else html.Span(pick(row, "name", lang), className="kpi-name"),
                derived_badge(lang) if derived else None,
            ],
            className="kpi-head",
        ),
        html.Div(main, className="kpi-value" + (f" delta-{trend(growth)}" if not has_value else "")),
        delta(growth, lang, prior_text) if has_value else None,
        change if not compact else None,
        html.Div(period_label(row["period"], lang), className="kpi-period"),
        cite_button(
            row["indicator"],
            row["period"] if cite_period is None else cite_period,
            pick(row, "name", lang),
            lang,
        )
        if cite
        else None,
        check_flag(checks, lang),
    ]
    classes = "kpi-card" + (" derived" if derived else "") + (" compact" if compact else "")
    return html.Div(
        [c for c in children if c is not None],
        className=classes,
        **{"data-indicator": row["indicator"], "data-kind": row.get("kind", "")},
    )


def tile_grid(
    rows: pd.DataFrame, lang: str, sources: dict[str, str], checks: pd.DataFrame, explain=None
) -> html.Div:
    """Every number of a group as compact cards, so no figure of the source goes unshown."""
    cards = [
        kpi_card(
            r,
            lang,
            sources,
            checks[checks["subject"] == r["indicator"]],
            compact=True,
            explain=explain,
        )
        for _, r in rows.iterrows()
    ]
    return html.Div(cards, className="tile-grid")


def nest_parts(rows: pd.DataFrame, part_of: dict[str, str]) -> list[tuple[pd.Series, bool]]:
    """Rows with each part (其中) moved right under its whole when both are shown: (row, is_part)."""
    shown = set(rows["indicator"])
    parts = {code: whole for code, whole in part_of.items() if code in shown and whole in shown}
    out = []
    for _, r in rows.iterrows():
        if r["indicator"] in parts:
            continue
        out.append((r, False))
        out += [(p, True) for _, p in rows.iterrows() if parts.get(p["indicator"]) == r["indicator"]]
    return out


def bar_list(rows: pd.DataFrame, lang: str, title: str, part_of=None) -> html.Figure:
    """A few same-unit numbers as horizontal bars drawn in HTML (no chart library): each bar's length
    is its share of the largest, and each row is a button that opens its citation in the one dialog,
    like a card's 出处 (its citation is data: six components a row, not a dozen). A part (`part_of`:
    part code -> whole code) is drawn under its whole, indented and labelled 其中, on the whole's
    scale: never as a sibling."""
    rows = rows[rows["value"].notna()]
    top = float(rows["value"].max()) if not rows.empty else 0.0
    unit = rows["unit"].iloc[0] if not rows.empty else ""
    items = []
    for r, is_part in nest_parts(rows, part_of or {}):
        share = 0.0 if top <= 0 else float(r["value"]) / top * 100
        derived = r.get("kind") == "derived"
        label = f"{t('of_which', lang)}{pick(r, 'name', lang)}" if is_part else pick(r, "name", lang)
        value = format_number(r["value"], r.get("qualifier", ""), lang)
        items.append(
            html.Li(
                html.Button(
                    [
                        html.Span(label, className="bar-label"),
                        html.Span(
                            html.Span(
                                className="bar-fill" + (" derived" if derived else ""),
                                style={"width": f"{share:.1f}%"},
                            ),
                            className="bar-track",
                        ),
                        html.Span(value, className="bar-value"),
                    ],
                    id=cite_id(r["indicator"], r["period"]),
                    className="bar-button",
                    type="button",
                    title=t("source_label", lang),  # its name is what it shows (label, value)
                    **{"aria-haspopup": "dialog"},
                ),
                className="bar-row part" if is_part else "bar-row",
                **{"data-indicator": r["indicator"], "data-kind": r.get("kind", "")},
            )
        )
    caption = f"{title}({unit_label(unit, lang)})" if lang != "en" else f"{title} ({unit_label(unit, lang)})"
    return html.Figure([html.Figcaption(caption), html.Ul(items, className="bar-list")], className="bars")


def data_table(rows: pd.DataFrame, lang: str, label_of, value_of, explain=None) -> html.Table:
    """What a chart shows, as text with its quotes (screen readers, print, no hover needed)."""
    body = []
    for _, r in rows.iterrows():
        note = explain(r, lang) if explain and r.get("kind") == "derived" else ""
        body.append(
            html.Tr(
                [
                    html.Th(label_of(r), scope="row"),
                    html.Td(period_label(r["period"], lang)),
                    html.Td(value_of(r) + (f" ({t('derived', lang)}: {note})" if note else "")),
                    html.Td(f"“{r['source_quote']}”", lang="zh-CN", className="cite-quote"),
                ]
            )
        )
    return html.Table(html.Tbody(body), className="chart-table")
