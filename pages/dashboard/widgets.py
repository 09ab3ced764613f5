"""The dashboard's widgets: a titled section, a labelled filter, a chart with its tools, a
collapsed part built when it is opened, KPI cards and the text of a chart's data."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from components import figures, ids, links, theme
from components.cards import bar_list, data_table, kpi_card, tile_grid
from components.context import Context
from components.fmt import format_value
from components.i18n import pick, t
from components.view import View
from metrics import queries as q

from . import rules


def graph(ctx: Context, graph_id: str, view: View, lang: str, name: str, label: str) -> html.Div:
    """A `dcc.Graph` of the figure a filter drives (`rules.figure`), with the app-wide config (no
    modebar, no cloud share, no logo); its PNG export is a button in the chart's header."""
    return html.Div(
        dcc.Graph(
            id=graph_id,
            figure=rules.figure(ctx, graph_id, view, lang),
            config=theme.graph_config(lang, name),
            className="graph",
        ),
        role="figure",
        **{"aria-label": label, "data-graph": graph_id},
    )


def png_button(graph_id: str, name: str, lang: str) -> html.Button:
    """下载图片: the panel's charts as one PNG (assets/09-export.js)."""
    return html.Button(
        t("save_png", lang),
        className="png-button",
        type="button",
        title=t("save_png_title", lang),
        **{"data-graph": graph_id, "data-name": name},
    )


def section(panel: str, lang: str, children, tools=(), class_name: str = "") -> html.Section:
    """A titled panel; its id is the anchor the section navigation and slides use. On phones its
    body collapses under the title (assets/07-sections.js), the overview excepted."""
    toggle = (
        html.Button(
            "▾",
            className="panel-toggle",
            type="button",
            title=t("toggle_section", lang),
            **{
                "aria-expanded": "true",
                "aria-controls": f"body-{panel}",
                "aria-label": t("toggle_section", lang),
            },
        )
        if panel != "overview"
        else None
    )
    head = html.Div(
        [
            html.H2(t(f"panel_{panel}", lang), id=f"h-{panel}"),
            toggle,
            html.Div([*tools, links.panel_links(panel, lang)], className="panel-tools"),
        ],
        className="panel-head",
    )
    return html.Section(
        [
            head,
            html.Div(
                children if isinstance(children, list) else [children],
                id=f"body-{panel}",
                className="panel-body",
            ),
        ],
        id=f"panel-{panel}",
        className=f"panel {class_name}".strip(),
        **{"aria-labelledby": f"h-{panel}", "data-section": panel},
    )


def dropdown(dropdown_id: str, label: str, options, value, class_name: str = "") -> html.Div:
    """A labelled filter: a `dbc.Select` (a native select Dash tracks), the label bound to it for
    screen readers. Its value drives the filter's callbacks (callbacks/dashboard.py)."""
    return html.Div(
        [
            html.Label(label, htmlFor=dropdown_id, className="filter-label"),
            dbc.Select(id=dropdown_id, options=options, value=value, class_name="filter-select"),
        ],
        className=f"filter {class_name}".strip(),
    )


def lazy(part: str, title: str) -> dbc.Accordion:
    """A collapsed part, empty until it is first opened: then one pattern-matching callback
    (callbacks/dashboard.py `open_part`) builds it from `parts.PARTS[part]`."""
    return dbc.Accordion(
        dbc.AccordionItem(
            html.Div(id={"type": ids.LAZY, "part": part}, className="lazy-body"), title=title, item_id=part
        ),
        id={"type": ids.LAZY_TOGGLE, "part": part},
        start_collapsed=True,
        always_open=True,
        flush=True,
        class_name="more",
    )


def kpi_cards(ctx: Context, codes, period: str | None, lang: str, compare: bool = False) -> list:
    """KPI cards for `codes` at `period` (None: each indicator's latest value); with `compare`, each
    card names its value a year before (the same kind of period)."""
    before = q.prior_period(period) if compare and period else None
    cards = []
    for code in codes:
        row = ctx.row(code, period)
        if row is None:
            continue
        cards.append(
            kpi_card(
                row,
                lang,
                ctx.sources,
                q.checks_for(ctx.checks, row["indicator"], row["period"]),
                prior=ctx.row(code, before) if before else None,
                explain=figures.explain,
            )
        )
    return cards


def value_text(row, lang: str) -> str:
    """A row's value and growth as text (the chart data tables)."""
    parts = []
    if pd.notna(row.get("value")):
        parts.append(format_value(row["value"], row["unit"], row.get("qualifier", ""), lang))
    if pd.notna(row.get("yoy_pct")):
        sign = "+" if row["yoy_pct"] >= 0 else ""
        parts.append(f"{t('yoy_label', lang)} {sign}{format_value(row['yoy_pct'], '%', '', lang)}")
    if pd.notna(row.get("change")):
        parts.append(f"{t('change', lang)} {format_value(row['change'], row['unit'], '', lang)}")
    return " · ".join(parts)


def every_period(ctx: Context, rows_of) -> pd.DataFrame:
    """`rows_of(period)` for every period of the filter, one frame (a chart's data table lists every
    period the filter can show, so it never changes with the filter)."""
    frames = [rows_of(p) for p in ctx.choices.periods]
    frames = [f for f in frames if not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def tail_rows(ctx: Context, domains: tuple, shown: tuple) -> pd.DataFrame:
    """A panel's long tail: every figure of its domains not shown above it."""
    rows = q.domain_rows(ctx.frame, domains, kind=None)
    return rows[~rows["indicator"].isin(list(shown))]


def more_title(ctx: Context, domains: tuple, shown: tuple, lang: str) -> str:
    return t("more_figures", lang).format(len(tail_rows(ctx, domains, shown)))


def tail(ctx: Context, domains: tuple, shown: tuple, lang: str) -> html.Div:
    """The long tail as compact cards (`lazy` builds it when "更多指标 (N)" is opened)."""
    return tile_grid(tail_rows(ctx, domains, shown), lang, ctx.sources, ctx.checks, figures.explain)


def group_charts(ctx: Context, charts: tuple, lang: str) -> html.Div:
    """Bar lists, one per group of same-unit indicators (their latest values). HTML, not plotly:
    a handful of bars needs no chart library, and the page draws sooner with fewer graphs."""
    out = []
    for title_key, codes in charts:
        rows = pd.DataFrame([r for r in (ctx.row(c) for c in codes) if r is not None])
        out.append(
            html.Div(
                bar_list(rows, lang, t(title_key, lang), q.part_of(ctx.dataset.relations)),
                className="third",
            )
        )
    return html.Div(out, className="trio")


def chart_data(part: str, lang: str) -> dbc.Accordion:
    """A chart's data as text, built when opened (`lazy`)."""
    return lazy(part, t("chart_data", lang))


def table(ctx: Context, rows: pd.DataFrame, lang: str) -> html.Table:
    """A chart's data table (`chart_data`): name, period, value and growth, the quote."""
    return data_table(
        rows, lang, lambda r: pick(r, "name", lang), lambda r: value_text(r, lang), figures.explain
    )
