"""The one-page A4 briefing (`/briefing`) with footnoted sources and a QR link.

Same URL filters as the dashboard. A 核心要点 summary generated from the data (stocks dated
beside the period's flows), headline figures of the chosen period (the overview's flows, the
chosen chains' revenue, poverty alleviation and talent) and three charts (the lead flow over the
years in the period's kind, headline growth, chain comparison; `charts`), each number footnoted
to its verbatim source sentence (`notes`), derived values with their formula in words (the
change over the years too), what a thin period lacks, the data as-of date, the issuing
unit and classification line (`Imprint`, from GETDZ_ISSUER / GETDZ_CLASSIFICATION), and a QR code
built from the public base URL the router passes (`base_url`), so a code printed behind a proxy
opens. `assets/40-briefing.css` lays it out on
A4 (the sheet is A4-wide on screen too, so charts need no resize when printed).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import segno
from dash import html

from components import adapters, catalog, downloads, ids, layout, links
from components.context import Context
from components.fmt import format_delta, format_growth, format_stock, format_value, trend
from components.i18n import lacks_note, missing, pick, t
from components.view import View
from metrics import coverage
from metrics import queries as q
from metrics.periods import label as period_label

from .charts import chart, headline_trend
from .notes import Footnotes, marker, note_item, short_sources


@dataclass(frozen=True)
class Imprint:
    """Who issues the sheet and its classification line (settings GETDZ_ISSUER and
    GETDZ_CLASSIFICATION, passed by app.create_app)."""

    issuer: str = ""
    classification: str = "内部资料"


def qr_data_uri(text: str) -> str:
    """An SVG QR code of `text` as a data URI (segno; error correction M)."""
    return segno.make(text, error="m", micro=False).svg_data_uri(scale=4, border=4, dark="#000", light="#fff")


def headline_rows(ctx: Context, view: View) -> pd.DataFrame:
    """The headline figures: the overview's flows in the period, then the chosen chains' revenue."""
    flows = q.rows_at(ctx.frame, catalog.OVERVIEW_FLOWS, view.period)
    chains = q.chain_metric(ctx.frame, "revenue", view.period, view.chains)
    return pd.concat([flows, chains[flows.columns]], ignore_index=True)


def figure_card(row, number: int, lang: str, period: str = "") -> html.Div:
    """One headline number with its growth, footnote marker, a 推算 tag if derived, and its period
    when it differs from the sheet's (`period`, printed once in the heading)."""
    derived = row.get("kind") == "derived"
    has_value = pd.notna(row.get("value"))
    main = (
        format_value(row["value"], row["unit"], row.get("qualifier", ""), lang)
        if has_value
        else format_growth(row.get("yoy_pct"), lang)
    )
    growth = format_delta(row.get("yoy_pct"), lang) if has_value else ""
    return html.Div(
        [
            html.Div(
                catalog.short(row, lang) if lang == "en" else pick(row, "name", lang), className="bf-name"
            ),
            html.Div([main, marker([number])], className="bf-value"),
            html.Div(
                [
                    html.Span(t("derived", lang), className="tag-derived") if derived else None,
                    html.Span(growth, className=f"delta delta-{trend(row.get('yoy_pct'))}")
                    if growth
                    else None,
                    " " if growth else None,
                    period_label(row["period"], lang) if row["period"] != period else None,
                ],
                className="bf-meta",
            ),
        ],
        className="bf-card" + (" derived" if derived else ""),
        **{"data-indicator": row["indicator"], "data-note": str(number)},
    )


def filters_line(ctx: Context, view: View) -> str:
    lang = view.lang
    parts = [
        period_label(view.period, lang),
        t("all_chains", lang) if view.chain == "all" else t(f"chain_{view.chain}", lang),
        f"{t('label_chain_metric', lang)}: {t('metric_' + view.cm, lang)}",
        f"{t('label_industry_metric', lang)}: {t('metric_' + view.im, lang)}",
    ]
    return " · ".join(parts)


def cited(row, notes: Footnotes, lang: str, growth: bool = True, shown: str | None = None) -> list:
    """A number as the summary prints it (value, growth) with its footnote marker. A stock
    (`growth` False) beside flows of the period `shown` carries its own date:
    14587名(截至2019年9月)."""
    has_value = pd.notna(row.get("value"))
    text = ""
    if has_value:
        qualifier = row.get("qualifier", "")
        text = (
            format_value(row["value"], row["unit"], qualifier, lang)
            if growth
            else format_stock(row["value"], row["unit"], qualifier, row["period"], shown, lang)
        )
    rate = format_growth(row.get("yoy_pct"), lang) if growth else ""
    if lang == "en":
        words = f"{text} ({rate})" if text and rate else text or rate
    else:
        words = f"{text},{rate}" if text and rate else text or rate
    return [words, marker([notes.add(row, lang)])]


def _join(parts: list[list], lang: str) -> list:
    out = []
    for i, part in enumerate(parts):
        if i:
            out.append("; " if lang == "en" else ";")
        out.extend(part)
    return out


def key_points(ctx: Context, view: View, notes: Footnotes) -> list[html.Li]:
    """The 核心要点: three to five lines written from the data, every number footnoted."""
    lang = view.lang
    sep = ": " if lang == "en" else ":"
    name = (lambda r: catalog.short(r, lang) + " ") if lang == "en" else (lambda r: pick(r, "name", lang))
    flows = [r for r in (ctx.row(c, view.period) for c in catalog.KEY_FLOWS) if r is not None]
    points = []
    if flows:
        points.append(
            [
                period_label(view.period, lang) + sep,
                *_join([[name(r), *cited(r, notes, lang)] for r in flows], lang),
            ]
        )
    chains = [(c, ctx.row(f"{c}_revenue", view.period)) for c in view.chains]
    chains = [(c, r) for c, r in chains if r is not None]
    if chains:
        line = [t("briefing_chains_line", lang) + sep]
        line += _join([[t(f"chain_{c}", lang) + " ", *cited(r, notes, lang)] for c, r in chains], lang)
        growing = [(r["yoy_pct"], c) for c, r in chains if pd.notna(r.get("yoy_pct"))]
        if len(growing) > 1:
            line.append(t("briefing_fastest", lang).format(t(f"chain_{max(growing)[1]}", lang)))
        points.append(line)
    for key, codes in (("poverty_line", catalog.POVERTY_LINE), ("talent_line", catalog.TALENT_LINE)):
        rows = [r for r in (ctx.row(c) for c in codes) if r is not None]
        if not rows:
            continue
        # stocks carry their date beside the period's flows: once at the line's head when they
        # share it (脱贫攻坚(截至2019年9月):…), else each its own (14587名(截至2019年9月))
        dates = {r["period"] for r in rows}
        shared = dates.pop() if len(dates) == 1 else None
        head = t(key, lang)
        if shared and shared != view.period:
            head += t("stock_as_of", lang).format(period_label(shared, lang))
        shown = shared or view.period
        parts = [[name(r), *cited(r, notes, lang, growth=False, shown=shown)] for r in rows]
        points.append([head + sep, *_join(parts, lang)])
    return [html.Li(p, className="bf-point") for p in points]


def lacks_line(ctx: Context, view: View) -> str:
    """What the period lacks of the first screen's headline set, by short names (the sheet's room
    is one A4 page); "" for a period that fills it."""
    cover = coverage.coverage(ctx.frame, view.period)
    if cover.full:
        return ""
    names = [catalog.SHORT.get(c, (c, c))[view.lang == "en"] for c in cover.lacks]
    return lacks_note(period_label(view.period, view.lang), names, view.lang)


def briefing_sheet(ctx: Context, view: View, link: str, imprint: Imprint = Imprint()) -> html.Article:
    """The printable sheet itself."""
    lang = view.lang
    notes = Footnotes()
    points = key_points(ctx, view, notes)
    rows = headline_rows(ctx, view)
    cards = [figure_card(r, notes.add(r, lang), lang, view.period) for _, r in rows.iterrows()]
    industry_rows = q.growth_rows(ctx.frame, adapters.overview_codes(), view.period)
    industry_refs = sorted({notes.add(r, lang) for _, r in industry_rows.iterrows()})
    chain_rows = q.chain_metric(ctx.frame, view.cm, view.period)
    chain_refs = sorted({notes.add(r, lang) for _, r in chain_rows.iterrows()})
    trend_chart = headline_trend(ctx, view, notes)
    lacking = lacks_line(ctx, view)
    no_cards = html.P(
        missing("no_data_named", lang, period_label(view.period, lang), sources=adapters.source_names(ctx)),
        className="no-data",
    )
    return html.Article(
        [
            html.Header(
                [
                    html.Div(
                        [
                            html.P(imprint.classification, className="bf-class")
                            if imprint.classification
                            else None,
                            html.H1(
                                [
                                    imprint.issuer or t("zone", lang),
                                    html.Br(),
                                    html.Span(t("briefing_title", lang), className="bf-title"),
                                ]
                            ),
                            html.P(filters_line(ctx, view), className="bf-filters"),
                            html.P(f"{t('as_of', lang)} {ctx.as_of}", className="bf-asof"),
                        ],
                        className="bf-heading",
                    ),
                    html.Figure(
                        [
                            html.Img(
                                src=qr_data_uri(link),
                                id=ids.BRIEFING_QR,
                                className="bf-qr-img",
                                alt=f"QR: {link}",
                                **{"data-url": link},
                            ),
                            html.Figcaption(
                                [
                                    html.Span(t("briefing_qr", lang), className="bf-qr-caption"),
                                    html.Br(),
                                    html.Span(link, className="bf-link"),
                                ]
                            ),
                        ],
                        className="bf-qr",
                    ),
                ],
                className="bf-head",
            ),
            html.H2(t("briefing_key_points", lang)),
            html.Ol(points, className="bf-points"),
            html.H2(t("briefing_headline", lang)),
            html.Div(cards or no_cards, className="bf-cards"),
            html.P(lacking, className="bf-lacks") if lacking else None,
            html.H2(t("briefing_charts", lang)),
            html.Div(
                [
                    trend_chart,
                    chart(
                        "briefing-industry",
                        adapters.overview_figure(ctx, view, lang),
                        lang,
                        "growth",
                        industry_refs,
                        t("axis_yoy", lang),
                    ),
                    chart(
                        "briefing-chains",
                        adapters.chain_compare(ctx, view, lang),
                        lang,
                        "chains",
                        chain_refs,
                        t("panel_chains", lang),
                    ),
                ],
                className="bf-charts",
            ),
            html.H2(t("briefing_notes", lang)),
            html.Ol([note_item(n, lang, short_sources(ctx)) for n in notes.notes], className="bf-notes"),
            html.P(
                [
                    html.Strong(t("briefing_sources", lang) + ": "),
                    "; ".join(ctx.sources[s] for s in notes.sources),
                ],
                className="bf-sources",
            )
            if notes.notes
            else None,
            html.Footer(
                [
                    html.Span(
                        f"{t('briefing_issuer', lang)}: {imprint.issuer or t('zone', lang)}"
                        + (f" · {imprint.classification}" if imprint.classification else "")
                    ),
                    html.Span(t("briefing_derived_legend", lang)),
                    html.Span(
                        f"{t('as_of', lang)} {ctx.as_of} · {t('about_version', lang)} {ctx.dataset.version}"
                    ),
                ],
                className="bf-foot",
            ),
        ],
        className="briefing-sheet",
        lang="en" if lang == "en" else "zh-CN",
    )


def briefing_page(
    ctx: Context,
    view: View,
    rejected: list[str],
    search: str = "",
    base_url: str = "",
    imprint: Imprint = Imprint(),
) -> html.Div:
    """The briefing page: the app header and tools on screen, only the sheet when printed. The QR
    code and the visible link are built from `base_url` (the public root the router validated)."""
    lang = view.lang
    link = downloads.view_link(ctx, view, base_url or "/")
    return html.Div(
        [
            layout.header(ctx, view, lang, active="briefing"),
            layout.notice(rejected, lang),
            html.Main(
                [
                    html.Div(
                        [
                            html.Button(
                                t("briefing_print", lang),
                                id=ids.BRIEFING_PRINT,
                                className="btn btn-primary btn-sm",
                                type="button",
                            ),
                            links.dataset_link(ctx, view),
                        ],
                        className="briefing-tools",
                    ),
                    briefing_sheet(ctx, view, link, imprint),
                ],
                id="main",
                className="briefing",
            ),
        ],
        className="page page-briefing",
    )
