"""The brief's charts: static figures drawn once at their printed size, each with the notes its
numbers come from, and the headline series over the years as a small trend chart."""

from __future__ import annotations

import textwrap

import plotly.graph_objects as go
from dash import dcc, html

from components import adapters, catalog, theme, trends
from components.context import Context
from components.i18n import t
from components.view import View
from metrics import series as S
from metrics.periods import label as period_label

from .notes import Footnotes, marker

CHART_MIN_HEIGHT = 140  # px; the charts share the room the notes leave (see 40-briefing.css)
LABELS_MAX = 8  # a trend with more periods prints the growth of the chosen period only
YEAR_TICKS = 5  # at most so many labelled periods under the trend (a label is about 30 px)
TEXT_PX = 10  # chart text: 7.5 pt on paper (the sheet is drawn at its printed size)


def wrap_label(text: str, lang: str, width: int) -> str:
    """A category label broken into short lines (long indicator names would squeeze the bars)."""
    text = str(text)
    if lang == "en":
        return "<br>".join(textwrap.wrap(text, width)) or text
    width = max(4, width // 3)  # a CJK character is about as wide as three Latin letters here
    return "<br>".join(text[i : i + width] for i in range(0, len(text), width))


def chart(
    graph_id: str, figure, lang: str, name: str, refs: list[int], label: str, lead: list | None = None
) -> html.Figure:
    """A static chart that fills the room left on the sheet, and the notes its numbers come from
    (`lead`: words printed before them in the caption).

    The sheet has the same content size on screen as on paper, so the chart is drawn once at its
    printed size and never resized (or cut) when printed. Its text keeps TEXT_PX: plotly would
    shrink a bar's label to the bar's width, so labels are never constrained.
    """
    figure = go.Figure(figure)  # a copy: never change a figure a builder may have cached
    figure.update_layout(height=None, autosize=True, margin=dict(l=4, r=44, t=36, b=4), title_font_size=13)
    # category labels stay level, wrapped to the narrow columns (turned, they would eat the plot)
    figure.update_xaxes(tickfont_size=TEXT_PX, title_font_size=TEXT_PX, tickangle=0)
    figure.update_yaxes(tickfont_size=TEXT_PX, title_font_size=TEXT_PX)
    for trace in figure.data:
        trace.textfont = dict(size=TEXT_PX)
        if trace.type == "bar":
            trace.constraintext = "none"
        if getattr(trace, "orientation", None) == "h" and trace.y is not None:
            trace.y = [wrap_label(y, lang, 30) for y in trace.y]
        elif trace.x is not None and all(isinstance(x, str) for x in trace.x):
            trace.x = [wrap_label(x, lang, 11) for x in trace.x]
    for note in figure.layout.annotations:  # keys and footnotes drawn in the figure
        if note.font.size is not None and note.font.size < TEXT_PX:
            note.font.size = TEXT_PX
    config = {**theme.graph_config(lang, name), "staticPlot": True}
    words = [*(lead or [])]
    if refs:
        words += [t("briefing_chart_notes", lang), " ", marker(refs)]
    return html.Figure(
        [
            dcc.Graph(
                id=graph_id,
                figure=figure,
                config=config,
                className="bf-graph",
                style={"minHeight": f"{CHART_MIN_HEIGHT}px"},
            ),
            html.Figcaption(words, className="bf-caption") if words else None,
        ],
        className="bf-chart",
        **{"aria-label": label},
    )


def headline_trend(ctx: Context, view: View, notes: Footnotes) -> html.Figure:
    """The lead flow (规上工业营收) over the years, in the chosen period's kind only (全年 or 上半年,
    never both on one axis), the period ringed, with its growth below; the change over the span
    in words in the caption, a derived value with its own note (formula and the notes it uses)."""
    lang = view.lang
    code = catalog.OVERVIEW_FLOWS[0]
    series = S.flow_series(ctx.frame, code, adapters.kind_of(view.period))
    rows = {p: ctx.row(code, p) for p in series.loc[~series["gap"], "period"]}
    any_row = next((r for r in rows.values() if r is not None), None)
    name = catalog.short(any_row, lang) if any_row is not None else code
    unit = any_row["unit"] if any_row is not None else ""
    kind = S.KIND_LABELS[adapters.kind_of(view.period)][lang == "en"]
    title = t("briefing_trend_title", lang).format(name, kind)
    figure = trends.trend_figure(series, name, unit, lang, adapters.TEMPLATE, view.period)
    figure.update_layout(title_text=title)  # short: the column is narrow (gaps are said below)
    _print_fewer_labels(figure, series, view.period)
    step = -(-len(series) // YEAR_TICKS)  # every `step`-th period labelled, the last among them
    figure.update_xaxes(tick0=(len(series) - 1) % step if step > 1 else 0, dtick=step)
    figure.update_yaxes(title_text="%", selector=dict(anchor="x2"))  # the growth panel: room is short
    span = S.span_change(series, code)
    cited = ([span.first, span.last] if span else []) + [view.period]
    refs = sorted({notes.add(rows[p], lang) for p in dict.fromkeys(cited) if rows.get(p) is not None})
    lead = []
    if span is not None:
        formula = f"{span.words(lang)} = {span.cagr_pct:g}%"
        derived = notes.derive(f"{name} ({span.text(lang)})", formula, refs)
        lead += [
            html.Span(span.text(lang), className="bf-span", title=t("derived", lang)),  # 推算: dashed
            marker([derived]),
            " ",
        ]
    gaps = S.missing_in(series)
    if gaps:
        lead.append(t("trend_gaps", lang).format(", ".join(period_label(p, lang) for p in gaps)) + " · ")
    return chart("briefing-trend", figure, lang, "trend", refs, title, lead)


def _print_fewer_labels(figure: go.Figure, series, period: str) -> None:
    """With more than LABELS_MAX periods, the growth bars print only the chosen period's rate: at
    the brief's size the labels of fourteen years would overprint each other."""
    if len(series) <= LABELS_MAX:
        return
    chosen = list(series["period"])
    for trace in figure.data:
        if trace.type == "bar" and trace.text is not None:
            trace.text = [v if chosen[i] == period else "" for i, v in enumerate(trace.text)]
