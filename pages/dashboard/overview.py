"""The overview, the first screen: the headline flows with their growth, the three chains side by
side (revenue, growth, share of the zone), one line each for poverty alleviation and talent, and
the growth chart. Its "更多指标" (the stocks and the consistency checks) is built when opened."""

from __future__ import annotations

from dash import html

from components import ids
from components.adapters import overview_codes
from components.cards import cite_button
from components.catalog import CHAINS, OVERVIEW_FLOWS, OVERVIEW_STOCKS, POVERTY_LINE, TALENT_LINE
from components.context import Context
from components.fmt import format_stock
from components.i18n import pick, t
from components.view import View
from metrics import queries as q
from metrics.periods import label as period_label

from . import rules
from .widgets import chart_data, every_period, graph, kpi_cards, lazy, table


def filtered_card(
    ctx: Context, slot: str, code: str, period: str, lang: str, share: str | None = None
) -> html.Div:
    """A card whose values the period filter sets (`rules.card_fields`): one card, never a hidden
    copy per period. Its 出处 cites the period the filter shows."""
    fields = rules.card_fields(ctx, code, period, lang, share)
    row = ctx.latest.get(code)
    name = pick(row, "name", lang) if row is not None else code
    return html.Div(
        [
            # the 推算 badge is the head's ::after when the card is derived (one element fewer a card)
            html.Div(name, className="kpi-head", **{"data-derived": t("derived", lang)}),
            html.Div(
                fields["value"], id={"type": ids.CARD_VALUE, "card": slot}, className=fields["value_class"]
            ),
            html.Div(
                fields["growth"], id={"type": ids.CARD_GROWTH, "card": slot}, className=fields["growth_class"]
            ),
            series_row(slot, fields),
            html.Div(fields["note"], id={"type": ids.CARD_NOTE, "card": slot}, className="kpi-note"),
            cite_button(code, "", name, lang),
        ],
        id={"type": ids.CARD, "card": slot},
        className=fields["card"],
        **{"data-indicator": code},
    )


def series_row(slot: str, fields: dict) -> html.Div | None:
    """A headline card's series (`rules.series_fields`; the period filter sets it): the sparkline
    as its background, the change over the span in words (derived: dashed), the formula its title."""
    if "series" not in fields:
        return None
    return html.Div(
        fields["series"],
        title=fields["series_title"],
        style=fields["series_style"],
        id={"type": ids.CARD_SERIES, "card": slot},
        className="kpi-series",
    )


CARDS = {  # the first screen's cards: slot -> (indicator, the indicator of its share of the zone)
    **{f"head-{code}": (code, None) for code in OVERVIEW_FLOWS},
    **{f"chain-{c}": (f"{c}_revenue", f"{c}_share_of_industrial_revenue") for c in CHAINS},
}


def kpi_row(ctx: Context, period: str, lang: str) -> list:
    """The headline flows of the chosen period, each with its growth and its value a year before,
    then the note of what the period lacks of the headline set (the period filter sets both). The
    note sits below the cards' grid, not in it: a grid item spanning every column would keep the
    columns of the cards not drawn, and leave a hole beside the last card."""
    cards = [filtered_card(ctx, f"head-{code}", code, period, lang) for code in OVERVIEW_FLOWS]
    return [
        html.Div(cards, className="kpi-row headline"),
        html.P(id=ids.PERIOD_NOTE, role="note", **rules.period_note(ctx, period, lang)),
    ]


def chain_card(ctx: Context, chain: str, period: str, lang: str) -> html.Div:
    """One chain on the first screen: revenue with growth, and its share of the zone."""
    code, share = CARDS[f"chain-{chain}"]
    title = html.H3(t(f"chain_{chain}", lang), className="chain-card-title")
    card = filtered_card(ctx, f"chain-{chain}", code, period, lang, share)
    return html.Div([title, card], className=f"chain-card chain-{chain}", **{"data-chain": chain})


def chain_strip(ctx: Context, view: View, lang: str) -> html.Div:
    return html.Div(
        [chain_card(ctx, c, view.period, lang) for c in CHAINS],
        id=ids.CHAIN_STRIP,
        className=rules.chain_strip_class(view.chain),
    )


def story_line(ctx: Context, codes, key: str, lang: str, prefix: str) -> html.Div:
    """One line of a lower panel's headline figures (latest values, each citable). They are stocks
    beside the period's flows, so they carry their date: once after the line's title when they
    share it (脱贫攻坚 截至2019年9月), else each its own (14587名(截至2019年9月))."""
    rows = [(code, row) for code, row in ((c, ctx.row(c)) for c in codes) if row is not None]
    dates = {row["period"] for _, row in rows}
    shared = next(iter(dates)) if len(dates) == 1 else None
    items = []
    for code, row in rows:
        qualifier = row.get("qualifier", "")
        items.append(
            html.Li(
                [
                    pick(row, "name", lang),
                    html.Strong(
                        format_stock(row["value"], row["unit"], qualifier, row["period"], shared, lang)
                    ),
                ],
                className="line-item",
                title=f"“{row['source_quote']}” · {period_label(row['period'], lang)}",
                **{"data-indicator": code},
            )
        )
    return html.Div(
        [
            html.A(t(key, lang), href=f"#panel-{key.removesuffix('_line')}", className="line-title"),
            html.Span(t("stock_as_of", lang).format(period_label(shared, lang)), className="line-date")
            if shared
            else None,
            html.Ul(items, className="line-items"),
        ],
        className="story-line",
    )


def checks_summary(ctx: Context, lang: str) -> html.Details:
    """The consistency checks of the source's own numbers: counts, then every check with its reason."""
    checks = ctx.checks
    counts = checks["status"].value_counts()
    summary = " · ".join(
        t("checks_" + s, lang).format(int(counts.get(s, 0))) for s in ("passed", "failed", "skipped")
    )
    items = [
        html.Li(
            [
                html.Span(t(f"check_{r['status']}", lang), className=f"check-status status-{r['status']}"),
                " ",
                pick(r, "detail", lang),
            ],
            className="check-item",
        )
        for _, r in checks.iterrows()
    ]
    return html.Details(
        [html.Summary(f"{t('checks', lang)}: {summary}"), html.Ul(items, className="check-list")],
        className="checks",
        id="checks",
    )


def tools(ctx: Context, view: View, lang: str) -> list:
    return []


def body(ctx: Context, view: View, lang: str) -> list:
    main = [
        html.Div(kpi_row(ctx, view.period, lang), id=ids.KPI_ROW, className="headline-row"),
        chain_strip(ctx, view, lang),
        story_line(ctx, POVERTY_LINE, "poverty_line", lang, "pline"),
        story_line(ctx, TALENT_LINE, "talent_line", lang, "tline"),
    ]
    chart = [
        graph(ctx, ids.TREND_GRAPH, view, lang, "trend", t("trend_lead_label", lang)),
        graph(ctx, ids.OVERVIEW_GRAPH, view, lang, "growth", t("axis_yoy", lang)),
        html.P(t("colour_note", lang), className="hint colour-note"),
        chart_data("overview-data", lang),
    ]
    return [
        html.Div(
            [html.Div(main, className="first-main"), html.Div(chart, className="first-chart")],
            className="first-screen",
        ),
        lazy("overview-more", t("more_figures", lang).format(len(OVERVIEW_STOCKS))),
    ]


def more_figures(ctx: Context, view: View, lang: str) -> list:
    """The overview's "更多指标": the stocks (at their latest dates) and the consistency checks."""
    return [
        html.Div(kpi_cards(ctx, OVERVIEW_STOCKS, None, lang), className="kpi-row"),
        checks_summary(ctx, lang),
    ]


def growth_table(ctx: Context, view: View, lang: str) -> html.Table:
    return table(ctx, every_period(ctx, lambda p: q.growth_rows(ctx.frame, overview_codes(), p)), lang)


PARTS = {"overview-more": more_figures, "overview-data": growth_table}
