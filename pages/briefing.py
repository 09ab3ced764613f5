"""The one-page A4 briefing (`/briefing`) with footnoted sources and a QR link.

Same URL filters as the dashboard. A 核心要点 summary generated from the data, headline figures
of the chosen period (the overview's flows, the chosen chains' revenue, poverty alleviation and
talent) and two charts (headline growth, chain comparison), each number footnoted to its verbatim
source sentence, derived values with their formula in words, the data as-of date, the issuing
unit and classification line (`Imprint`, from GETDZ_ISSUER / GETDZ_CLASSIFICATION), and a QR code
built from the public base URL the router passes (`base_url`), so a code printed behind a proxy
opens. `assets/40-briefing.css` lays it out on
A4 (the sheet is A4-wide on screen too, so charts need no resize when printed).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go
import segno
from dash import dcc, html

from components import adapters, catalog, downloads, figures, ids, layout, links, theme
from components.context import Context
from components.fmt import format_delta, format_growth, format_value, trend
from components.i18n import pick, t
from components.view import View
from metrics import queries as q
from metrics.periods import label as period_label


@dataclass(frozen=True)
class Imprint:
    """Who issues the sheet and its classification line (settings GETDZ_ISSUER and
    GETDZ_CLASSIFICATION, passed by app.create_app)."""

    issuer: str = ""
    classification: str = "内部资料"


CHART_MIN_HEIGHT = 150  # px; the charts share the room the notes leave (see 40-briefing.css)


@dataclass
class Footnotes:
    """Numbered notes, one per distinct (quote, formula): numbers citing the same sentence share
    a note; a derived value gets its own note with its formula."""

    notes: list[dict] = field(default_factory=list)
    _index: dict = field(default_factory=dict)

    def add(self, row, lang: str) -> int:
        """The note number of `row` (adding a note, or the row's name to an existing one)."""
        key = (row["source_quote"], row.get("formula", "") or "")
        label = catalog.short(row, lang) if lang == "en" else pick(row, "name", lang)
        name = f"{label} ({period_label(row['period'], lang)})"
        if key not in self._index:
            self._index[key] = len(self.notes) + 1
            self.notes.append(
                {
                    "number": self._index[key],
                    "names": [],
                    "quote": row["source_quote"],
                    "kind": row.get("kind", ""),
                    "formula": key[1],
                    "explained": figures.explain(row, lang),
                    "source": row["source"],
                }
            )
        note = self.notes[self._index[key] - 1]
        if name not in note["names"]:
            note["names"].append(name)
        return self._index[key]


def qr_data_uri(text: str) -> str:
    """An SVG QR code of `text` as a data URI (segno; error correction M)."""
    return segno.make(text, error="m", micro=False).svg_data_uri(scale=4, border=4, dark="#000", light="#fff")


def headline_rows(ctx: Context, view: View) -> pd.DataFrame:
    """The headline figures: the overview's flows in the period, then the chosen chains' revenue."""
    flows = q.rows_at(ctx.frame, catalog.OVERVIEW_FLOWS, view.period)
    chains = q.chain_metric(ctx.frame, "revenue", view.period, view.chains)
    return pd.concat([flows, chains[flows.columns]], ignore_index=True)


def marker(numbers) -> html.Sup:
    """The footnote marker(s) next to a number."""
    return html.Sup(",".join(str(n) for n in numbers), className="fn-ref")


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


def wrap_label(text: str, lang: str, width: int) -> str:
    """A category label broken into short lines (long indicator names would squeeze the bars)."""
    text = str(text)
    if lang == "en":
        return "<br>".join(textwrap.wrap(text, width)) or text
    width = max(4, width // 3)  # a CJK character is about as wide as three Latin letters here
    return "<br>".join(text[i : i + width] for i in range(0, len(text), width))


def chart(graph_id: str, figure, lang: str, name: str, refs: list[int], label: str) -> html.Figure:
    """A static chart that fills the room left on the sheet, and the notes its numbers come from.

    The sheet has the same content size on screen as on paper, so the chart is drawn once at its
    printed size and never resized (or cut) when printed.
    """
    figure = go.Figure(figure)  # a copy: never change a figure a builder may have cached
    figure.update_layout(height=None, autosize=True, margin=dict(l=4, r=44, t=36, b=4), title_font_size=13)
    figure.update_xaxes(tickfont_size=10, title_font_size=10)
    figure.update_yaxes(tickfont_size=10, title_font_size=10)
    for trace in figure.data:
        trace.textfont = dict(size=10)
        if getattr(trace, "orientation", None) == "h" and trace.y is not None:
            trace.y = [wrap_label(y, lang, 30) for y in trace.y]
        elif trace.x is not None and all(isinstance(x, str) for x in trace.x):
            trace.x = [wrap_label(x, lang, 16) for x in trace.x]
    config = {**theme.graph_config(lang, name), "staticPlot": True}
    caption = (
        html.Figcaption([t("briefing_chart_notes", lang), " ", marker(refs)], className="bf-caption")
        if refs
        else None
    )
    return html.Figure(
        [
            dcc.Graph(
                id=graph_id,
                figure=figure,
                config=config,
                className="bf-graph",
                style={"minHeight": f"{CHART_MIN_HEIGHT}px"},
            ),
            caption,
        ],
        className="bf-chart",
        **{"aria-label": label},
    )


def short_sources(ctx: Context) -> dict[str, str]:
    """Source code -> `publisher date`, the short form each note carries (the full title is in
    the sheet's source line)."""
    return {r["source"]: f"{r['publisher']} {r['date']}" for _, r in ctx.dataset.sources.iterrows()}


def note_item(note: dict, lang: str, short: dict[str, str]) -> html.Li:
    names = ("; " if lang == "en" else "、").join(note["names"])
    body = [
        html.Span(names, className="fn-names"),
        ": ",
        html.Q(note["quote"], className="fn-quote", lang="zh-CN"),
    ]
    if note["kind"] == "derived":
        body += [
            " ",
            html.Span(
                [html.Strong(t("derived", lang)), ": ", note["explained"] or note["formula"]],
                className="fn-formula",
            ),
        ]
    body += [html.Span(f" — {short.get(note['source'], note['source'])}", className="fn-source")]
    return html.Li(body, id=f"fn-{note['number']}", value=note["number"], className="fn")


def filters_line(ctx: Context, view: View) -> str:
    lang = view.lang
    parts = [
        period_label(view.period, lang),
        t("all_chains", lang) if view.chain == "all" else t(f"chain_{view.chain}", lang),
        f"{t('label_chain_metric', lang)}: {t('metric_' + view.cm, lang)}",
        f"{t('label_industry_metric', lang)}: {t('metric_' + view.im, lang)}",
    ]
    return " · ".join(parts)


def cited(row, notes: Footnotes, lang: str, growth: bool = True) -> list:
    """A number as the summary prints it (value, growth) with its footnote marker."""
    has_value = pd.notna(row.get("value"))
    text = format_value(row["value"], row["unit"], row.get("qualifier", ""), lang) if has_value else ""
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
        if rows:
            parts = [[name(r), *cited(r, notes, lang, growth=False)] for r in rows]
            dated = (
                f" ({period_label(rows[0]['period'], lang)})"
                if lang == "en"
                else f"({period_label(rows[0]['period'], lang)})"
            )
            points.append([t(key, lang) + sep, *_join(parts, lang), dated])
    return [html.Li(p, className="bf-point") for p in points]


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
            html.Div(
                cards
                or html.P(
                    t("no_data_named", lang).format(period_label(view.period, lang)), className="no-data"
                ),
                className="bf-cards",
            ),
            html.H2(t("briefing_charts", lang)),
            html.Div(
                [
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
                    "; ".join(ctx.sources[s] for s in dict.fromkeys(n["source"] for n in notes.notes)),
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
