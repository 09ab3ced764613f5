"""Pure figure builders for series over the years: (series frames, lang, template) -> go.Figure.

The series come from `metrics.series` and hold one kind of period (全年, 上半年, 下半年 or 季度):
a figure never puts two kinds on one axis and refuses to. Levels are a line, growth a second panel
of bars below it (rises red, falls green), never a second y axis. A period with no figure is a hole:
the line is not drawn across it. Derived points (推算) are hollow and their segments dashed. The
chosen period is ringed. Only `scatter` and `bar` traces: the plotly.js bundle holds just those.
"""

from __future__ import annotations

from urllib.parse import quote

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from metrics.periods import label as period_label
from metrics.series import KIND_LABELS, SpanChange, levels, missing_in, series_kind

from . import theme
from .figures import empty_figure, growth_colors, hover_note
from .fmt import axis_label, chart_scale, digits
from .i18n import t

__all__ = [
    "trend_figure",
    "sparkline_svg",
    "chains_trend_figure",
    "series_kind_of",
    "trend_message",
    "span_words",
]


def series_kind_of(series: pd.DataFrame) -> str | None:
    """The one kind of period a series holds; ValueError if it mixes kinds (全年 with 上半年)."""
    kinds = {series_kind(p) for p in series["period"]}
    if len(kinds) > 1:
        raise ValueError(f"a series mixes kinds of period: {sorted(map(str, kinds))}")
    return next(iter(kinds), None)


def _x(series: pd.DataFrame, lang: str) -> list[str]:
    """Category labels: the year for year and half-year series (the kind is in the title), the
    period's label for quarters."""
    kind = series_kind_of(series)
    if kind == "quarter":
        return [period_label(p, lang) for p in series["period"]]
    return [str(y) for y in series["year"]]


def _kind_label(series: pd.DataFrame, lang: str) -> str:
    zh, en = KIND_LABELS.get(series_kind_of(series) or "year")
    return en if lang == "en" else zh


def trend_message(series: pd.DataFrame, name: str, lang: str) -> str | None:
    """Why a series cannot be drawn as a trend, naming what is missing (None when it can)."""
    pts = levels(series)
    growth = series[series["yoy_pct"].notna()]
    if len(pts) >= 2 or len(growth) >= 2:
        return None
    kind = _kind_label(series, lang) if len(series) else ""
    if len(series) == 0:
        return t("trend_no_points", lang).format(name, kind)
    return t("trend_one_point", lang).format(name, period_label(series["period"].iloc[0], lang))


def _segments(values: list, derived: list[bool]) -> tuple[list, list]:
    """Two copies of the levels: solid (between reported points) and dashed (any segment that
    touches a derived point). NaN breaks both, so a gap stays a gap."""
    n = len(values)
    solid, dashed = [None] * n, [None] * n
    for i, v in enumerate(values):
        if v is None or v != v:
            continue
        near = [j for j in (i - 1, i + 1) if 0 <= j < n and values[j] == values[j]]
        if not derived[i] and any(not derived[j] for j in near):
            solid[i] = v
        if derived[i] or any(derived[j] for j in near):
            dashed[i] = v
    return solid, dashed


def _level_traces(series: pd.DataFrame, x: list[str], color: str, lang: str, template: str) -> list:
    values = [None if v != v else v for v in series["value"]]
    derived = list(series["derived"])
    solid, dashed = _segments(values, derived)
    width = 3 if template == theme.DARK else 2
    hover = [hover_note(r, lang) if not r["gap"] else "" for r in series.to_dict("records")]
    symbols = ["circle-open" if d else "circle" for d in derived]
    return [
        go.Scatter(x=x, y=solid, mode="lines", line=dict(color=color, width=width), hoverinfo="skip"),
        go.Scatter(
            x=x, y=dashed, mode="lines", line=dict(color=color, width=width, dash="dash"), hoverinfo="skip"
        ),
        go.Scatter(
            x=x,
            y=values,
            mode="markers",
            marker=dict(color=color, symbol=symbols, size=7 if template == theme.LIGHT else 12, line_width=2),
            customdata=hover,
            hovertemplate="%{y}<br>%{customdata}<extra></extra>",
        ),
    ]


def _highlight(fig: go.Figure, series: pd.DataFrame, x: list[str], period: str | None, template: str, **rc):
    """Ring the chosen period's level (when the series has one there)."""
    if period is None or period not in set(series["period"]):
        return
    i = list(series["period"]).index(period)
    value = series["value"].iloc[i]
    if value != value:
        return
    size = 16 if template == theme.LIGHT else 28
    fig.add_trace(
        go.Scatter(
            x=[x[i]],
            y=[value],
            mode="markers",
            marker=dict(size=size, color="rgba(0,0,0,0)", line=dict(color=theme.ACCENT[template], width=3)),
            hoverinfo="skip",
            name="highlight",
        ),
        **rc,
    )


def trend_figure(
    series: pd.DataFrame,
    name: str,
    unit: str,
    lang: str,
    template: str,
    period: str | None = None,
    span: SpanChange | None = None,
) -> go.Figure:
    """历年走势 of one indicator: levels on top, stated growth as bars in a panel below (a series of
    growth only, like 规上工业增加值, draws the bars alone). `period` is ringed; `span` adds the
    change over the years in words to the title, marked 推算."""
    series_kind_of(series)
    series = series.assign(value=series["value"] * chart_scale(unit, lang))  # the cards' unit (CNY bn)
    message = trend_message(series, name, lang)
    if message:
        return empty_figure(message, template)
    x = _x(series, lang)
    has_levels = len(levels(series)) >= 2
    growth = series["yoy_pct"]
    has_growth = growth.notna().any()
    rows = 2 if has_levels and has_growth else 1
    fig = make_subplots(
        rows=rows, cols=1, shared_xaxes=True, row_heights=[0.65, 0.35][:rows], vertical_spacing=0.08
    )
    if has_levels:
        for trace in _level_traces(series, x, theme.ACCENT[template], lang, template):
            fig.add_trace(trace, row=1, col=1)
        _highlight(fig, series, x, period, template, row=1, col=1)
        fig.update_yaxes(title_text=axis_label(unit, lang), row=1, col=1)
    if has_growth:
        g = [None if v != v else v for v in growth]
        ring = [3 if p == period else 0 for p in series["period"]]
        fig.add_trace(
            go.Bar(
                x=x,
                y=g,
                marker=dict(
                    color=growth_colors([v or 0 for v in g], template),
                    line=dict(color=theme.ACCENT[template], width=ring),
                ),
                text=[f"{v:+.1f}" if v is not None else "" for v in g],
                textposition="outside",
                cliponaxis=False,
                hovertemplate="%{x}: %{y}%<extra></extra>",
            ),
            row=rows,
            col=1,
        )
        fig.update_yaxes(title_text=t("trend_growth", lang), zeroline=True, row=rows, col=1)
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=x)
    title = t("trend_title", lang).format(name, _kind_label(series, lang))
    notes = []
    if span is not None:
        notes.append(f"{span.text(lang)} ({t('derived', lang)})")
    gaps = missing_in(series)
    if gaps:
        notes.append(t("trend_gaps", lang).format(", ".join(period_label(p, lang) for p in gaps)))
    if notes:
        title += f"<br><sup>{' · '.join(notes)}</sup>"
    return fig.update_layout(
        template=template, title=dict(text=title), showlegend=False, bargap=0.35, hovermode="closest"
    )


SPARK_SIZE = (96, 24)  # px: a headline card's sparkline, drawn as a small SVG image


def sparkline_svg(series: pd.DataFrame, color: str, period: str | None = None) -> str:
    """A headline card's sparkline as an SVG data URI (an `html.Img`, not a `dcc.Graph`: one
    element, no plotly): the levels (or the growth, for a series of growth only), no axes, a hole
    at a gap, segments touching a derived point dashed and derived points hollow, a lone point a
    dot, the chosen period ringed. "" when the series has fewer than two points."""
    series_kind_of(series)
    column = "value" if len(levels(series)) >= 2 else "yoy_pct"
    values = [None if v != v else float(v) for v in series[column]]
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return ""
    (w, h), pad = SPARK_SIZE, 4
    lo, step_y = min(known), (h - 2 * pad) / ((max(known) - min(known)) or 1)
    step_x = (w - 2 * pad) / (len(values) - 1)

    def at(i: int) -> tuple[str, str]:
        return f"{pad + i * step_x:.1f}", f"{h - pad - (values[i] - lo) * step_y:.1f}"

    def path(ys: list, dash: str = "") -> str:
        """One path of the points `ys` has; a hole (None) lifts the pen."""
        d = "".join(
            ("L" if i and ys[i - 1] is not None else "M") + " ".join(at(i))
            for i, v in enumerate(ys)
            if v is not None
        )
        return f'<path d="{d}"{dash}/>' if d else ""

    def circle(i: int, r: float, fill: str) -> str:
        x, y = at(i)
        return f'<circle cx="{x}" cy="{y}" r="{r}" fill="{fill}"/>'

    derived = list(series["derived"])
    solid, dashed = _segments(values, derived)
    alone = [i for i, v in enumerate(values) if v is not None and solid[i] is None and dashed[i] is None]
    periods = list(series["period"])
    parts = [
        path(solid),
        path(dashed, ' stroke-dasharray="3 2"'),
        *(circle(i, 1.6, color) for i in alone),
        *(circle(i, 2, "#fff") for i, v in enumerate(values) if v is not None and derived[i]),
    ]
    if period in periods and values[periods.index(period)] is not None:
        parts.append(circle(periods.index(period), 3.5, "none"))
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
        f'fill="none" stroke="{color}" stroke-width="1.5" stroke-linejoin="round">{"".join(parts)}</svg>'
    )
    return "data:image/svg+xml," + quote(svg, safe=' =/:,.-"')


def chains_trend_figure(
    series: dict[str, pd.DataFrame], lang: str, template: str, chain: str = "all", period: str | None = None
) -> go.Figure:
    """The three chains' revenue over the years, side by side on one shared scale; with a chain
    chosen, the others are drawn muted. A chain with no figures says so in its panel."""
    chains = list(series)
    fig = make_subplots(
        rows=1,
        cols=len(chains),
        shared_yaxes=True,
        horizontal_spacing=0.04,
        subplot_titles=[t(f"chain_{c}", lang) for c in chains],
    )
    kinds = {series_kind_of(s) for s in series.values() if len(s)}
    if len(kinds) > 1:
        raise ValueError(f"the chains' series mix kinds of period: {sorted(kinds)}")
    unit = "亿元"
    for i, c in enumerate(chains, start=1):
        s = series[c].assign(value=series[c]["value"] * chart_scale(unit, lang))
        color = theme.CHAIN_COLORS[template][c] if chain in ("all", c) else theme.MUTED[template]
        if not len(levels(s)):
            fig.add_annotation(
                text=t("trend_chain_none", lang),
                showarrow=False,
                x=0.5,
                y=0.5,
                xref=f"x{i if i > 1 else ''} domain",
                yref=f"y{i if i > 1 else ''} domain",
                font=dict(color=theme.MUTED[template]),
            )
            continue
        x = _x(s, lang)
        for trace in _level_traces(s, x, color, lang, template):
            fig.add_trace(trace, row=1, col=i)
        _highlight(fig, s, x, period, template, row=1, col=i)
        fig.update_xaxes(type="category", categoryorder="array", categoryarray=x, row=1, col=i)
    fig.update_yaxes(title_text=axis_label(unit, lang), row=1, col=1)
    kind = next(iter(kinds), "year")
    zh, en = KIND_LABELS[kind]
    return fig.update_layout(
        template=template,
        title=dict(text=t("chains_trend_title", lang).format(en if lang == "en" else zh)),
        showlegend=False,
        hovermode="closest",
        margin=dict(t=(3 if template == theme.LIGHT else 2) * theme.FONT_SIZE[template] + 40),
    )


def span_words(span: SpanChange | None, lang: str) -> tuple[str, str]:
    """A card's change over the span (2012–2025年 年均增长11.2%) and its formula in words (for the
    card's 推算 note); empty strings when there is no span."""
    if span is None:
        return "", ""
    return span.text(lang), f"{span.explain(lang)} = {digits(span.cagr_pct)}%"
