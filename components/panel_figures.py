"""The lower panels' figures: the chains compared and over periods, and the rectification
campaigns, and the industries. Pure builders like components/figures.py, whose helpers they share."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from metrics.periods import label as period_label

from . import theme
from .catalog import short
from .figures import (
    add_footnote,
    empty_figure,
    esc,
    growth_colors,
    growth_figure,
    hover_note,
    key_line,
    legend_layout,
    note_figure,
    swatch,
    wrap_text,
)
from .fmt import axis_label, chart_number, chart_scale, digits
from .i18n import missing, pick, t


def _bar_style(kinds, colors: list[str]) -> dict:
    """Solid bars for reported values, hatched and outlined for derived ones."""
    derived = [k == "derived" for k in kinds]
    return dict(
        color=colors,
        line=dict(color=colors, width=[2 if d else 0 for d in derived]),
        pattern=dict(
            shape=["/" if d else "" for d in derived], solidity=0.35, fgcolor="rgba(255,255,255,0.85)"
        ),
    )


def _value_texts(values, qualifiers, lang: str, unit: str = "") -> list[str]:
    """Bar labels in the axis's unit (`fmt.chart_number`)."""
    return [chart_number(v, unit, qual, lang) for v, qual in zip(values, qualifiers, strict=True)]


def _derived_key(kinds, template: str, lang: str) -> tuple[str, str]:
    used = any(k == "derived" for k in kinds)
    return (swatch([theme.INK[template]], 0.7, "▨") if used else "", t("key_derived", lang))


def industry_figure(
    rows: pd.DataFrame, metric: str, period: str, lang: str, template: str, sources=()
) -> go.Figure:
    """Headline industrial economy for one period. `growth`: stated growth in % (one axis, one
    question). `level`: small multiples, each indicator on its own axis in its own unit, this period
    beside the same period a year before (rows carry both; see queries.industry_levels)."""
    if metric == "growth":
        return growth_figure(rows, period, lang, template)
    rows = rows[rows["value"].notna()]
    if rows.empty:
        return empty_figure(
            missing("no_data_named", lang, period_label(period, lang), sources=sources), template
        )
    codes = list(dict.fromkeys(rows["indicator"]))
    cols = 2 if len(codes) > 1 else 1
    nrows = -(-len(codes) // cols)
    titles = []
    for code in codes:
        first = rows[rows["indicator"] == code].iloc[0]
        titles.append(
            f"{wrap_text(short(first, lang), 14 if lang != 'en' else 30)} ({axis_label(first['unit'], lang)})"
        )
    fig = make_subplots(
        rows=nrows, cols=cols, subplot_titles=titles, vertical_spacing=0.5 / nrows, horizontal_spacing=0.12
    )
    accent, muted = theme.ACCENT[template], theme.MUTED[template]
    for i, code in enumerate(codes):
        part = rows[rows["indicator"] == code]
        colours = [accent if p == period else muted for p in part["period"]]
        unit = part["unit"].iloc[0]
        fig.add_trace(
            go.Bar(
                x=part["value"].astype(float) * chart_scale(unit, lang),
                y=[period_label(p, lang) for p in part["period"]],
                orientation="h",
                text=_value_texts(part["value"], part["qualifier"].fillna(""), lang, unit),
                textposition="inside",
                insidetextanchor="end",
                marker=_bar_style(part["kind"], colours),
                customdata=[hover_note(r, lang) for _, r in part.iterrows()],
                meta=[esc(pick(part.iloc[0], "name", lang))],
                hovertemplate="<b>%{meta[0]}</b>: %{text}<br>%{customdata}<extra></extra>",
                showlegend=False,
            ),
            row=i // cols + 1,
            col=i % cols + 1,
        )
    fig.update_layout(
        template=template,
        title=t("level_title", lang).format(period_label(period, lang)),
        showlegend=False,
        height=130 * nrows + 60,
        bargap=0.25,
        # the title, then a band for the subplot titles (larger on slides) above the first row
        margin=dict(t=130 if template == theme.DARK else 64),
    )
    fig.update_yaxes(autorange="reversed", type="category")
    # the left margin is reserved for the period labels (adapters: reserve_margins); plotly's
    # measuring of the labels of eight subplots on every draw would double the time of a redraw
    fig.update_xaxes(rangemode="tozero", showticklabels=False, automargin=False)
    fig.update_yaxes(automargin=False)
    fig.update_annotations(font_size=theme.TICK_SIZE[template], xanchor="left", x=None)
    for ann, i in zip(fig.layout.annotations, range(len(codes)), strict=False):
        axis = fig.get_subplot(i // cols + 1, i % cols + 1).xaxis
        ann.update(x=axis.domain[0], xanchor="left")
    if template != theme.LIGHT:  # slides draw their own keys
        return fig
    prior = [p for p in dict.fromkeys(rows["period"]) if p != period]
    keys = [
        (swatch([accent]), period_label(period, lang)),
        (
            swatch([muted]) if prior else "",
            ("、" if lang != "en" else ", ").join(period_label(p, lang) for p in prior),
        ),
        _derived_key(rows["kind"], template, lang),
    ]
    return key_line(fig, keys, template)


def chain_compare_figure(
    rows: pd.DataFrame,
    metric: str,
    period: str,
    selected: str,
    lang: str,
    template: str,
    sources=(),
    absent=(),
) -> go.Figure:
    """One bar per chain for the chosen metric; the selected chain stands out. Click to filter.
    Chains in `absent` (codes: the source gives them no figure for the period) are named in a line
    under the plot, so none drops out silently; with no chain at all, the line is the figure.
    Growth (`yoy`) is coloured as growth is everywhere: rises red, falls green."""
    what = t("metric_" + metric, lang)
    what = what[0].lower() + what[1:] if lang == "en" else what  # mid-sentence
    period_name = period_label(period, lang)
    if rows.empty:
        every = t("all_chains_of", lang)
        return note_figure(
            missing("no_chain_metric", lang, period_name, every, what, sources=sources), template
        )
    colors = (
        growth_colors(rows["metric_value"].tolist(), template)
        if metric == "yoy"
        else [theme.CHAIN_COLORS[template][c] for c in rows["chain"]]
    )
    opacity = [1.0 if selected in ("all", c) else 0.35 for c in rows["chain"]]
    unit = rows["metric_unit"].iloc[0]
    names = [t(f"chain_{c}", lang) for c in rows["chain"]]
    counted = metric in ("revenue", "enterprises")
    texts = [
        chart_number(v, unit, qual if counted else "", lang) + ("%" if unit == "%" else "")
        for v, qual in zip(rows["metric_value"], rows["qualifier"].fillna(""), strict=True)
    ]
    scale = chart_scale(unit, lang)
    fig = go.Figure(
        go.Bar(
            x=names,
            y=rows["metric_value"] * scale,
            text=texts,
            textposition="outside",
            cliponaxis=False,
            marker=dict(**_bar_style(rows["kind"], colors), opacity=opacity),
            customdata=[
                [c, hover_note(r, lang)] for c, (_, r) in zip(rows["chain"], rows.iterrows(), strict=True)
            ],
            hovertemplate="<b>%{x}</b>: %{text}"
            + ("" if unit == "%" else f" {axis_label(unit, lang)}")
            + "<br>%{customdata[1]}<extra></extra>",
        )
    )
    title = f"{t('metric_' + metric, lang)} · {period_label(period, lang)}"
    top, bottom = float(rows["metric_value"].max()) * scale, float(rows["metric_value"].min()) * scale
    fig.update_layout(
        template=template, title=title, showlegend=False, bargap=0.45, clickmode="event", height=320
    )
    fig.update_yaxes(title=axis_label(unit, lang), range=[min(bottom, 0) * 1.18, max(top, 0) * 1.18 + 0.01])
    if absent:
        names = ("、" if lang != "en" else ", ").join(t(f"chain_{c}", lang) for c in absent)
        fig = add_footnote(
            fig, missing("no_chain_metric", lang, period_name, names, what, sources=sources), template
        )
    return fig


def chain_series_figure(
    rows: pd.DataFrame,
    lang: str,
    template: str,
    period: str | None = None,
    legend: bool = True,
    missing: str = "",
) -> go.Figure:
    """Revenue of each chain in periods of one kind (the chosen period and the same period a year
    before): one group per chain, the earlier period lighter, derived values hatched. `missing`
    names what is missing when there is nothing to draw."""
    if rows.empty:
        return empty_figure(missing or t("no_data", lang), template)
    periods = list(dict.fromkeys(rows["period"]))
    fig = go.Figure()
    for p in periods:
        part = rows[rows["period"] == p]
        current = p == (period or periods[-1])
        colours = [theme.CHAIN_COLORS[template][c] for c in part["chain"]]
        fig.add_trace(
            go.Bar(
                name=period_label(p, lang),
                x=[t(f"chain_{c}", lang) for c in part["chain"]],
                y=part["value"] * chart_scale("亿元", lang),
                text=_value_texts(part["value"], part["qualifier"].fillna(""), lang, "亿元"),
                textposition="outside",
                cliponaxis=False,
                marker=dict(**_bar_style(part["kind"], colours), opacity=1.0 if current else 0.5),
                customdata=[hover_note(r, lang) for _, r in part.iterrows()],
                hovertemplate="<b>%{x}</b> · %{fullData.name}: %{text} "
                + axis_label("亿元", lang)
                + "<br>%{customdata}<extra></extra>",
            )
        )
    labels = " · ".join(period_label(p, lang) for p in periods)
    top = float(rows["value"].max()) * chart_scale("亿元", lang)
    fig.update_layout(
        template=template,
        title=f"{t('metric_revenue', lang)} · {labels}",
        barmode="group",
        bargap=0.3,
        height=320,
        **legend_layout(legend),
    )
    if legend:
        fig.update_layout(margin=dict(t=84))
    fig.update_xaxes(type="category")
    fig.update_yaxes(title=axis_label("亿元", lang), range=[0, top * 1.18])
    if legend:
        return fig
    current = period or periods[-1]
    keys = []
    for p in periods:
        colours = [theme.CHAIN_COLORS[template][c] for c in rows.loc[rows["period"] == p, "chain"]]
        keys.append((swatch(colours, 1.0 if p == current else 0.5), period_label(p, lang)))
    return key_line(fig, [*keys, _derived_key(rows["kind"], template, lang)], template)


def campaign_figure(rows: pd.DataFrame, lang: str, template: str, as_of: str = "") -> go.Figure:
    """Rectification campaigns: share completed, in %, one bar each, its name above it (so names
    are never cut, on a phone either) and "53/55项举措 · 96.4%" at its end. Completions are compared
    with their own kind only: campaigns counted in measures and those counted in problems are two
    panels, each headed by its denominator (never ranked on one axis). `as_of` (a period code, the
    source's month) dates the title: the campaigns are a state, not a flow."""
    rows = rows[rows["completion"].notna()]
    title = t("campaign_title", lang) + (
        f" · {t('as_of_period', lang).format(period_label(as_of, lang))}" if as_of else ""
    )
    if rows.empty:
        return empty_figure(t("no_campaign", lang), template)
    units = list(dict.fromkeys(rows["planned_unit"]))
    domains = _stacked([int((rows["planned_unit"] == u).sum()) + 0.6 for u in units], 0.22 / len(units))
    traces, notes_on_plot, axes = [], [], {}
    accent = theme.ACCENT[template]
    # slides print large: the count goes on a second line, so a narrow (portrait) slide keeps it whole
    sep = "<br>" if template == theme.DARK else " · "
    size = theme.TICK_SIZE[template]
    for g, (unit, domain) in enumerate(zip(units, domains, strict=True), start=1):
        part = rows[rows["planned_unit"] == unit]
        n = len(part)
        yaxis = "y" if g == 1 else f"y{g}"
        positions = list(range(n - 1, -1, -1))  # first campaign on top
        rates = [
            float(r["rate_pct"]) if pd.notna(r["rate_pct"]) else float(r["completion"])
            for _, r in part.iterrows()
        ]
        derived = [pd.isna(r["rate_pct"]) for _, r in part.iterrows()]
        labels = [
            f"{digits(rate)}%{' (' + t('derived', lang) + ')' if d else ''}{sep}"
            f"{digits(r['completed'])}/{digits(r['planned'])}{t('campaign_unit_' + unit, lang)}"
            for rate, d, (_, r) in zip(rates, derived, part.iterrows(), strict=True)
        ]
        notes = [
            f"{t('source_label', lang)}: “{wrap_text(quote, 26 if lang != 'en' else 60)}”"
            for quote in part["source_quote"]
        ]
        traces.append(
            dict(
                type="bar",
                x=rates,
                y=positions,
                xaxis="x",
                yaxis=yaxis,
                orientation="h",
                width=0.42,
                text=labels,
                textposition="outside",
                cliponaxis=False,
                marker=_bar_style(["derived" if d else "reported" for d in derived], [accent] * n),
                customdata=[
                    [esc(pick(r, "name", lang)), note]
                    for (_, r), note in zip(part.iterrows(), notes, strict=True)
                ],
                hovertemplate="<b>%{customdata[0]}</b><br>%{text}<br>%{customdata[1]}<extra></extra>",
                name=t("campaign_group_" + unit, lang),
            )
        )
        axes["yaxis" if g == 1 else f"yaxis{g}"] = dict(visible=False, range=[-0.5, n - 0.15], domain=domain)
        if len(units) > 1:  # the group's heading: its denominator
            notes_on_plot.append(
                dict(
                    text=f"<b>{esc(t('campaign_group_' + unit, lang))}</b>",
                    x=0,
                    xref="paper",
                    xanchor="left",
                    y=domain[1],
                    yref="paper",
                    yanchor="bottom",
                    showarrow=False,
                    font=dict(size=size),
                )
            )
        for pos, (_, r) in zip(positions, part.iterrows(), strict=True):
            notes_on_plot.append(
                dict(
                    x=0,
                    y=pos + 0.25,
                    xref="x",
                    yref=yaxis,
                    xanchor="left",
                    yanchor="bottom",
                    showarrow=False,
                    text=esc(pick(r, "name", lang)),
                    font=dict(size=size),
                    align="left",
                )
            )
    n = len(rows)
    bottom = "y" if len(units) == 1 else f"y{len(units)}"
    axis = dict(
        range=[0, 135], tickvals=[0, 25, 50, 75, 100], title=t("axis_completion", lang), anchor=bottom
    )
    return go.Figure(
        data=traces,
        layout=dict(
            annotations=notes_on_plot,
            xaxis=axis,
            **axes,
            template=template,
            title=title,
            showlegend=False,
            height=64 * n + 100 + 40 * (len(units) - 1),
            # grouped: a band for the first group's heading under the title
            margin=dict(l=8, r=8, **({"t": 130 if template == theme.DARK else 68} if len(units) > 1 else {})),
        ),
    )


def _stacked(weights, gap: float) -> list[list[float]]:
    """Vertical domains (top first) of panels in proportion to `weights`, `gap` apart."""
    free = 1 - gap * (len(weights) - 1)
    total = sum(weights)
    out, top = [], 1.0
    for w in weights:
        low = top - free * w / total
        out.append([max(round(low, 6), 0.0), round(top, 6)])
        top = low - gap
    return out
