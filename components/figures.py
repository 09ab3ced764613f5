"""Pure figure builders: (small frame, lang, template) -> go.Figure.

No I/O, no globals mutated. Reported values are solid; derived values are hatched with an
outline and tagged 推算 in their hover, which also carries the verbatim source quote and period.
Only `bar` and `scatter` traces are drawn: the plotly.js bundle in assets/ holds just those.
"""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go

from metrics.periods import label as period_label

from . import theme
from .fmt import format_number, unit_label
from .i18n import pick, t

TRACE_TYPES = {"bar", "scatter"}  # what the vendored plotly.js bundle can draw
DERIVED_PATTERN = dict(shape="/", solidity=0.35, fgcolor="rgba(255,255,255,0.9)")


_TOKEN = re.compile(r"[0-9A-Za-z.,%’'\-]+|\s+|.")


def _wrap(text: str, width: int) -> str:
    """Break a quote into hover lines of about `width` characters, never inside a number or word."""
    lines, line = [], ""
    for token in _TOKEN.findall(str(text or "")):
        if line and len(line) + len(token) > width:
            lines.append(line.strip())
            line = ""
        line += token
    if line.strip():
        lines.append(line.strip())
    return "<br>".join(lines)


def hover_note(row, lang: str) -> str:
    """The hover text that cites a value: period, quote, and for derived values the formula."""
    width = 26 if lang != "en" else 60
    lines = [period_label(row["period"], lang)]
    if row.get("kind") == "derived":
        lines.append(f"<i>{t('derived', lang)}</i>: {_wrap(row.get('formula', ''), width)}")
    quote = row.get("source_quote", "")
    if quote:
        lines.append(f"{t('source_label', lang)}: “{_wrap(quote, width)}”")
    return "<br>".join(lines)


def _empty(message: str, template: str) -> go.Figure:
    fig = go.Figure(layout=dict(template=template))
    fig.add_annotation(
        text=message,
        showarrow=False,
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        font=dict(size=theme.FONT_SIZE[template] + 2, color=theme.MUTED[template]),
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def _bar_style(kinds: pd.Series, colors: list[str]) -> dict:
    """Solid bars for reported values, hatched and outlined for derived ones."""
    derived = (kinds == "derived").tolist()
    return dict(
        color=colors,
        line=dict(color=colors, width=[2 if d else 0 for d in derived]),
        pattern=dict(
            shape=["/" if d else "" for d in derived], solidity=0.35, fgcolor="rgba(255,255,255,0.85)"
        ),
    )


def hbar_figure(
    rows: pd.DataFrame,
    column: str,
    unit: str,
    lang: str,
    template: str,
    title: str = "",
    color: str | None = None,
) -> go.Figure:
    """Horizontal bars of one column of indicator rows, one bar per indicator, labels printed."""
    rows = rows[rows[column].notna()]
    if rows.empty:
        return _empty(t("no_data", lang), template)
    names = [pick(r, "name", lang) for _, r in rows.iterrows()]
    texts = [
        format_number(v, q if column == "value" else "", lang)
        for v, q in zip(rows[column], rows["qualifier"].fillna(""), strict=True)
    ]
    colour = color or theme.ACCENT[template]
    fig = go.Figure(
        go.Bar(
            x=rows[column].astype(float),
            y=names,
            orientation="h",
            text=texts,
            textposition="outside",
            cliponaxis=False,
            marker=_bar_style(rows["kind"], [colour] * len(rows)),
            customdata=[hover_note(r, lang) for _, r in rows.iterrows()],
            hovertemplate="<b>%{y}</b>: %{text}"
            + f" {unit_label(unit, lang)}<br>%{{customdata}}<extra></extra>",
        )
    )
    fig.update_layout(
        template=template,
        title=title,
        showlegend=False,
        height=max(220, 48 * len(rows) + 80),
        bargap=0.35,
        margin=dict(r=56),
    )
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(title=unit_label(unit, lang), rangemode="tozero")
    return fig


def industry_figure(rows: pd.DataFrame, metric: str, period: str, lang: str, template: str) -> go.Figure:
    """Headline industrial economy for one period: levels in 亿元, or stated growth in %."""
    column, unit = ("yoy_pct", "%") if metric == "growth" else ("value", "亿元")
    title = f"{t('panel_industry', lang)} · {period_label(period, lang)}"
    return hbar_figure(rows, column, unit, lang, template, title=title)


def growth_figure(rows: pd.DataFrame, period: str, lang: str, template: str) -> go.Figure:
    """Stated growth of the headline indicators, one bar group per indicator, one colour per period;
    the chosen period is solid and the others are lighter, so 2018 and 2019 H1 read side by side."""
    if rows.empty:
        return _empty(t("no_data", lang), template)
    fig = go.Figure()
    periods = list(dict.fromkeys(rows["period"]))
    for p in periods:
        part = rows[rows["period"] == p]
        chosen = p == period or period not in periods
        fig.add_trace(
            go.Bar(
                name=period_label(p, lang),
                orientation="h",
                y=[pick(r, "name", lang) for _, r in part.iterrows()],
                x=part["yoy_pct"],
                text=[f"{format_number(v)}%" for v in part["yoy_pct"]],
                textposition="outside",
                cliponaxis=False,
                marker=dict(color=theme.ACCENT[template] if chosen else theme.MUTED[template]),
                customdata=[hover_note(r, lang) for _, r in part.iterrows()],
                hovertemplate="<b>%{y}</b>: %{text}<br>%{customdata}<extra></extra>",
            )
        )
    fig.update_layout(
        template=template,
        title=t("growth_title", lang),
        barmode="group",
        height=max(260, 34 * len(rows) + 110),
        bargap=0.25,
        bargroupgap=0.05,
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title="%", rangemode="tozero")
    return fig


def chain_compare_figure(
    rows: pd.DataFrame, metric: str, period: str, selected: str, lang: str, template: str
) -> go.Figure:
    """One bar per chain for the chosen metric; the selected chain stands out. Click to filter."""
    if rows.empty:
        return _empty(t("no_data", lang), template)
    colors = [theme.CHAIN_COLORS[template][c] for c in rows["chain"]]
    opacity = [1.0 if selected in ("all", c) else 0.35 for c in rows["chain"]]
    unit = rows["metric_unit"].iloc[0]
    names = [t(f"chain_{c}", lang) for c in rows["chain"]]
    texts = [
        format_number(v, q if metric in ("revenue", "enterprises") else "", lang)
        for v, q in zip(rows["metric_value"], rows["qualifier"].fillna(""), strict=True)
    ]
    fig = go.Figure(
        go.Bar(
            x=names,
            y=rows["metric_value"],
            text=texts,
            textposition="outside",
            cliponaxis=False,
            marker=dict(**_bar_style(rows["kind"], colors), opacity=opacity),
            customdata=[
                [c, hover_note(r, lang)] for c, (_, r) in zip(rows["chain"], rows.iterrows(), strict=True)
            ],
            hovertemplate="<b>%{x}</b>: %{text}"
            + f" {unit_label(unit, lang)}<br>%{{customdata[1]}}<extra></extra>",
        )
    )
    title = f"{t('metric_' + metric, lang)} · {period_label(period, lang)}"
    fig.update_layout(
        template=template, title=title, showlegend=False, bargap=0.45, clickmode="event", height=360
    )
    fig.update_yaxes(title=unit_label(unit, lang), rangemode="tozero")
    return fig


def chain_series_figure(rows: pd.DataFrame, lang: str, template: str) -> go.Figure:
    """Revenue of each chain by period (grouped bars; derived periods hatched)."""
    if rows.empty:
        return _empty(t("no_data", lang), template)
    fig = go.Figure()
    periods = list(dict.fromkeys(rows["period"]))
    for chain in dict.fromkeys(rows["chain"]):
        part = rows[rows["chain"] == chain]
        colour = theme.CHAIN_COLORS[template][chain]
        fig.add_trace(
            go.Bar(
                name=t(f"chain_{chain}", lang),
                x=[period_label(p, lang) for p in part["period"]],
                y=part["value"],
                text=[
                    format_number(v, q, lang)
                    for v, q in zip(part["value"], part["qualifier"].fillna(""), strict=True)
                ],
                textposition="outside",
                cliponaxis=False,
                marker=_bar_style(part["kind"], [colour] * len(part)),
                customdata=[hover_note(r, lang) for _, r in part.iterrows()],
                hovertemplate="<b>%{fullData.name}</b>: %{text} "
                + unit_label("亿元", lang)
                + "<br>%{customdata}<extra></extra>",
            )
        )
    fig.update_layout(
        template=template, title=t("metric_revenue", lang), barmode="group", bargap=0.3, height=360
    )
    # period labels such as "2018" would make plotly guess a numeric axis: say it is categorical
    fig.update_xaxes(
        type="category", categoryorder="array", categoryarray=[period_label(p, lang) for p in periods]
    )
    fig.update_yaxes(title=unit_label("亿元", lang), rangemode="tozero")
    return fig


def campaign_figure(rows: pd.DataFrame, lang: str, template: str) -> go.Figure:
    """Rectification campaigns: measures planned (outline) against completed (solid), with rates."""
    rows = rows[pd.to_numeric(rows["measures"], errors="coerce").notna()]
    if rows.empty:
        return _empty(t("no_data", lang), template)
    # long names (English runs to 90 characters) wrap, so the labels leave the bars room
    names = [_wrap(pick(r, "name", lang), 12 if lang != "en" else 28) for _, r in rows.iterrows()]
    notes = [
        f"{t('source_label', lang)}: “{_wrap(q, 26 if lang != 'en' else 60)}”" for q in rows["source_quote"]
    ]
    accent, muted = theme.ACCENT[template], theme.MUTED[template]
    rate_text = [
        f"{format_number(r, '', lang)}%"
        if pd.notna(r)
        else f"{format_number(c, '', lang)}% ({t('derived', lang)})"
        for r, c in zip(rows["rate_pct"], rows["completion"], strict=True)
    ]
    labels = [
        f"{format_number(c)}/{format_number(m)} · {r}"
        for c, m, r in zip(rows["completed"], rows["measures"], rate_text, strict=True)
    ]
    fig = go.Figure(
        [
            go.Bar(
                name=t("campaign_measures", lang),
                y=names,
                x=rows["measures"].astype(float),
                orientation="h",
                marker=dict(color="rgba(0,0,0,0)", line=dict(color=muted, width=2)),
                # the label sits past the outline (the longer bar), so it never overlaps a bar
                text=labels,
                textposition="outside",
                cliponaxis=False,
                customdata=notes,
                hovertemplate="<b>%{y}</b><br>"
                + t("campaign_measures", lang)
                + ": %{x}<br>%{customdata}<extra></extra>",
            ),
            go.Bar(
                name=t("campaign_completed", lang),
                y=names,
                x=rows["completed"].astype(float),
                orientation="h",
                marker=dict(color=accent),
                text=rate_text,
                textposition="none",
                customdata=notes,
                hovertemplate="<b>%{y}</b><br>"
                + t("campaign_completed", lang)
                + ": %{x} (%{text})<br>%{customdata}<extra></extra>",
            ),
        ]
    )
    fig.update_layout(
        template=template,
        barmode="overlay",
        title=t("campaign_rate", lang),
        height=max(240, 70 * len(rows) + 90),
        bargap=0.3,
        # room on the right for the longest label at the template's font size (never clipped)
        margin=dict(r=int(max(len(x) for x in labels) * 0.62 * theme.FONT_SIZE[template]) + 16),
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title=unit_label("项", lang), rangemode="tozero")
    return fig
