"""What each slide shows: its cards, graphs, stages and events (one body per slide kind), and the
presenter's notes of the indicators a slide shows."""

from __future__ import annotations

import re
from dataclasses import replace

import pandas as pd
from dash import dcc, html

from components import ids, theme
from components.adapters import campaign_figure, chain_compare, chain_series, industry_figure
from components.cards import kpi_card
from components.catalog import OVERVIEW_FLOWS, OVERVIEW_STOCKS, POVERTY_KPIS, TALENT_KPIS
from components.context import Context
from components.fmt import format_stock, format_value
from components.i18n import pick, t
from components.stages import chain_flow
from components.tree import rewrite, with_children
from components.view import View
from metrics import queries as q
from metrics.periods import label as period_label

from .options import MAX_EVENTS, Step

TEMPLATE = theme.DARK

CHAIN_KPIS = {
    "revenue": "metric_revenue",
    "enterprises": "metric_enterprises",
    "share_of_industrial_revenue": "metric_share",
}  # indicator suffix -> short label
TALENT_MORE = (
    "national_innovation_platforms",
    "rd_platforms",
    "academician_workstations",
    "innovation_clusters",
    "cluster_enterprises",
    "talent_measures",
)
URBAN_KPIS = ("built_up_area", "population")
URBAN_MORE = (
    "trunk_roads_length",
    "new_urban_roads_length",
    "schools_built_renovated",
    "hospitals_built_renovated",
    "greening_area_added",
    "markets_new",
    "service_items",
    "certificates_cancelled",
    "one_visit_share",
)
# the indicators each KPI slide shows (their 口径 go to the presenter's notes)
SLIDE_CODES = {
    "overview": OVERVIEW_FLOWS + OVERVIEW_STOCKS,
    "trend": OVERVIEW_FLOWS[:1] + tuple(f"{c}_revenue" for c in q.CHAINS),
    "poverty": POVERTY_KPIS,
    "talent": TALENT_KPIS + TALENT_MORE,
    "urban": URBAN_KPIS + URBAN_MORE,
}


def slide_notes(ctx: Context, codes, lang: str) -> list[tuple[str, str]]:
    """(name, 口径) of the indicators a slide shows that have one, each 口径 once."""
    notes: dict[str, str] = {}
    for code in codes:
        row = ctx.row(code)
        caliber = (
            pick(row, "caliber", lang) if row is not None and isinstance(row.get("caliber_zh"), str) else ""
        )
        if caliber and caliber not in notes.values():
            notes[pick(row, "name", lang)] = caliber
    return list(notes.items())


def step_codes(step: Step) -> tuple[str, ...]:
    """The indicators a step shows as cards."""
    if step.chain:
        return tuple(f"{step.chain}_{suffix}" for suffix in CHAIN_KPIS)
    return SLIDE_CODES.get(step.slide, ())


# ---------------------------------------------------------------- slide pieces


def title_lines(figure) -> int:
    """How many lines a figure's title takes (a `<br>` starts another)."""
    text = figure.layout.title.text or ""
    return text.count("<br>") + 1 if text else 0


def for_slide(figure):
    """A figure laid out for a slide, where text is large and boxes narrow: the title on top, the
    legend (if shown) in a band of its own under it, never beside it (a narrow box has no room for
    both on one line); axis titles kept clear of the ticks; bar labels at their full size (plotly
    would shrink a label that does not fit its bar: 16 px on a 1080p slide)."""
    size, tick = theme.FONT_SIZE[TEMPLATE] + 2, theme.TICK_SIZE[TEMPLATE]
    top = 16 + round(size * 1.45) * title_lines(figure)
    if figure.layout.showlegend:
        figure.update_layout(legend=dict(yref="paper", y=1, yanchor="bottom", x=0, xanchor="left"))
        top += round(tick * 1.6) + 8
    given = figure.layout.margin.t
    lines = title_lines(figure)
    text = re.sub(
        r"<sup>(.*?)</sup>", rf"<span style='font-size:{tick}px'>\1</span>", figure.layout.title.text or ""
    )
    figure.update_layout(
        margin=dict(t=max(top + 12, given if given is not None else 0)),
        # plotly lifts a title of several lines by all but its first: pad it back down
        title=dict(
            text=text,
            y=1,
            yref="container",
            yanchor="top",
            pad=dict(t=16 + round(size * 1.45) * max(0, lines - 1)),
        ),
    )
    for note in figure.layout.annotations:  # subplot titles and headings at the slides' least size
        if (note.font.size or 0) < tick:
            note.font.size = tick
    figure.update_yaxes(title_standoff=tick // 2)
    figure.update_traces(constraintext="none", selector=dict(type="bar"))
    for trace in figure.data:
        if trace.type == "bar" and trace.textposition == "inside":
            trace.insidetextfont = dict(color=ink_on(trace.marker.color))
    hide_repeated_categories(figure)
    crowded_labels(figure)
    for name in [k for k in figure.layout.to_plotly_json() if k.startswith("xaxis")]:
        axis = figure.layout[name]
        if len(axis.categoryarray or ()) > 8:  # many years: upright labels never touch at 24 px
            axis.tickangle = -90
    return figure


def crowded_labels(figure, room: int = 700) -> None:
    """Bar labels over a long series (a trend's growth bars) would print over each other at the
    slides' size: only the ringed (chosen) bar keeps its label; the axis reads the others."""
    tick = theme.TICK_SIZE[TEMPLATE]
    for trace in figure.data:
        upright = trace.type == "bar" and trace.orientation != "h"  # side by side: the labels share a row
        texts = list(trace.text) if upright and isinstance(trace.text, (list, tuple)) else []
        if not texts or len(texts) * (max(map(len, texts)) + 1) * tick * 0.6 <= room:
            continue
        widths = trace.marker.line.width
        ringed = list(widths) if isinstance(widths, (list, tuple)) else [0] * len(texts)
        trace.text = [text if ring else "" for text, ring in zip(texts, ringed, strict=False)]


def luminance(colour: str) -> float:
    """WCAG relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ink_on(colours):
    """Label colours for text inside bars: the paper's navy on a bright bar, the ink on a dark one."""
    dark, light = theme.PAPER[TEMPLATE], theme.INK[TEMPLATE]
    pick_one = lambda c: dark if isinstance(c, str) and c.startswith("#") and luminance(c) > 0.25 else light  # noqa: E731
    return [pick_one(c) for c in colours] if isinstance(colours, (list, tuple)) else pick_one(colours)


def hide_repeated_categories(figure) -> None:
    """Small multiples of horizontal bars side by side: the category labels (periods) of a panel
    that repeat those of the panel on its left are left out, so a narrow slide never prints them
    over that panel's bars."""
    seen: dict = {}
    for trace in figure.data:
        if trace.type != "bar" or trace.orientation != "h":
            continue
        axis = figure.layout[f"yaxis{(trace.yaxis or 'y')[1:]}"]
        labels = tuple(trace.y or ())
        top = tuple(axis.domain or (0, 1))
        if seen.get(top) == labels:
            axis.showticklabels = False
        seen.setdefault(top, labels)


def slide_graph(figure, lang: str, mode: str, name: str, label: str) -> html.Div:
    """A graph that fills its box (redrawn only when the box changes shape); static (no hover,
    no modebar) on the wall."""
    config = {**theme.graph_config(lang, name), "displayModeBar": False, "staticPlot": mode == "wall"}
    return html.Div(
        dcc.Graph(figure=for_slide(figure), config=config, responsive=True, className="slide-graph"),
        className="slide-graph-box",
        role="img",
        **{"aria-label": label},
    )


def graphs_apart(slides: list) -> tuple[list, list]:
    """The slides with each graph's place left empty (`{"type": SLIDE_GRAPH, "slide": i, "index": n}`),
    and the graphs (`dcc.Graph`) by index n. The deck mounts a slide's graphs into their places when
    the slide is shown, and the others' one slide at a time at idle (callbacks/slides.py `mount`,
    assets/31-slides-deck.js), instead of drawing every slide's at once when the deck mounts."""
    graphs: list = []

    def apart(index: int):
        def place(component):
            graph = getattr(component, "children", None)
            if getattr(component, "className", None) != "slide-graph-box" or not isinstance(graph, dcc.Graph):
                return None
            out = with_children(component, None)  # its role and label kept
            out.id = {"type": ids.SLIDE_GRAPH, "slide": index, "index": len(graphs)}
            graphs.append(graph)
            return out

        return place

    return [rewrite(s, apart(i)) for i, s in enumerate(slides)], graphs


def big_number(ctx: Context, row, lang: str, compact: bool = False, name: str | None = None) -> html.Div:
    """A KPI card for the big screen: the dashboard's card without its (interactive) citation and
    口径 (the slide cites its source in the footer; the 口径 go to the presenter's notes)."""
    checks = q.checks_for(ctx.checks, row["indicator"], row["period"])
    return kpi_card(row, lang, ctx.sources, checks, compact=compact, cite=False, name=name)


def numbers(
    ctx: Context, codes, period: str | None, lang: str, compact: bool = False, beside: str | None = None
) -> list:
    """Cards for `codes` at `period` (None: each indicator's latest value); missing ones skipped.
    `beside`: the period of the flows these cards sit beside (a stock of another date says it)."""
    rows = [row for row in (ctx.row(code, period) for code in codes) if row is not None]
    cards = [big_number(ctx, row, lang, compact) for row in rows]
    if not beside:
        return cards
    return [dated(card, row, beside, lang) for card, row in zip(cards, rows, strict=True)]


def dated(card: html.Div, row, beside: str, lang: str) -> html.Div:
    """A stock's card beside flows of another period: its value carries its date, as
    `fmt.format_stock` writes it (14587名(截至2019年9月)), the date in the card's smaller type."""
    if row["period"] == beside or pd.isna(row.get("value")):
        return card
    plain = format_value(row["value"], row["unit"], row.get("qualifier", ""), lang)
    full = format_stock(row["value"], row["unit"], row.get("qualifier", ""), row["period"], beside, lang)

    def date_it(component):
        if getattr(component, "className", "") == "kpi-value":
            date = html.Span(full[len(plain) :], className="kpi-asof")
            return html.Div([plain, date], className="kpi-value")
        if getattr(component, "className", "") == "kpi-period":
            return html.Div(className="kpi-period")  # the date is in the value now
        return None

    return rewrite(card, date_it)


def no_data(view: View, lang: str) -> html.Div:
    return html.Div(f"{t('no_data', lang)}: {period_label(view.period, lang)}", className="no-data")


def overview_body(ctx: Context, view: View, lang: str, mode: str) -> list:
    flows = numbers(ctx, OVERVIEW_FLOWS, view.period, lang) or [no_data(view, lang)]
    return [
        html.Div(flows, className="slide-kpis wide headline"),
        html.Div(numbers(ctx, OVERVIEW_STOCKS, None, lang, beside=view.period), className="slide-kpis"),
    ]


def industry_body(ctx: Context, view: View, lang: str, mode: str) -> list:
    figure = industry_figure(ctx, view, lang, TEMPLATE)
    return [slide_graph(figure, lang, mode, "industry", t("panel_industry", lang))]


def chains_body(ctx: Context, view: View, lang: str, mode: str) -> list:
    compare = chain_compare(ctx, view, lang, TEMPLATE)
    series = chain_series(ctx, replace(view, chain="all"), lang, TEMPLATE)
    return [
        html.Div(
            [
                slide_graph(compare, lang, mode, "chains", t("panel_chains", lang)),
                slide_graph(series, lang, mode, "chain-revenue", t("metric_revenue", lang)),
            ],
            className="slide-pair",
        )
    ]


def chain_stats(ctx: Context, chain: str, lang: str) -> list:
    """The chain's latest revenue, enterprise count and share, labelled by metric (the slide names
    the chain)."""
    out = []
    for suffix, label in CHAIN_KPIS.items():
        row = ctx.row(f"{chain}_{suffix}")
        if row is not None:
            out.append(big_number(ctx, row, lang, compact=True, name=t(label, lang)))
    return out


def chain_body(ctx: Context, view: View, chain: str, lang: str, mode: str) -> list:
    """One chain: its revenue, enterprises and share, its revenue by period, its stages and players
    (the chains slide compares the chains)."""
    series = chain_series(ctx, replace(view, chain=chain), lang, TEMPLATE)
    side = [
        html.Div(chain_stats(ctx, chain, lang), className="slide-kpis stats"),
        html.Div(chain_flow(ctx, chain, lang), className="slide-flow"),
    ]
    return [
        html.Div(
            [
                slide_graph(series, lang, mode, f"revenue-{chain}", t("metric_revenue", lang)),
                html.Div(side, className="chain-side"),
            ],
            className="slide-pair chain-pair",
        )
    ]


def poverty_body(ctx: Context, view: View, lang: str, mode: str) -> list:
    figure = campaign_figure(ctx, view, lang, TEMPLATE)
    return [
        html.Div(numbers(ctx, POVERTY_KPIS, None, lang), className="slide-kpis"),
        slide_graph(figure, lang, mode, "campaigns", t("campaign_rate", lang)),
    ]


def talent_body(ctx: Context, view: View, lang: str, mode: str) -> list:
    return [
        html.Div(numbers(ctx, TALENT_KPIS, None, lang), className="slide-kpis wide"),
        html.Div(numbers(ctx, TALENT_MORE, None, lang, compact=True), className="slide-kpis more"),
    ]


def urban_body(ctx: Context, view: View, lang: str, mode: str) -> list:
    return [
        html.Div(numbers(ctx, URBAN_KPIS, None, lang), className="slide-kpis wide headline"),
        html.Div(numbers(ctx, URBAN_MORE, None, lang, compact=True), className="slide-kpis more"),
    ]


def timeline_body(ctx: Context, view: View, lang: str, mode: str) -> list:
    events = q.timeline(ctx.dataset.timeline).tail(MAX_EVENTS)
    items = [
        html.Li(
            [
                html.Time(str(r["date"]), dateTime=str(r["date"]), className="tl-date"),
                html.Span(pick(r, "event", lang), className="tl-event"),
            ],
            className=f"tl-item domain-{r['domain']}",
        )
        for _, r in events.iterrows()
    ]
    # the grid's rows in one column (portrait) or two
    rows = {"--rows": str(len(items)), "--half": str(-(-len(items) // 2))}
    return [html.Ol(items, className="slide-timeline", style=rows)]


BODIES = {
    "overview": overview_body,
    "industry": industry_body,
    "chains": chains_body,
    "poverty": poverty_body,
    "talent": talent_body,
    "urban": urban_body,
    "timeline": timeline_body,
}
PANEL_OF = {"nev": "chains", "electronics": "chains", "rare_earth": "chains"}
