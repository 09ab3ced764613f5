"""The brief as its data grows: the lead flow over the years as a small chart of one kind of period,
the change over the span a derived value with its formula, stocks dated beside another period's
flows, one A4 page for every period of the 14-year data set, and a default no thin publish empties."""

from __future__ import annotations

import io
import math
import shutil

import pytest
from helpers import wait_for_charts
from pypdf import PdfReader
from test_briefing import classes, text_of, walk
from test_data_default_period import ISSUE_QUOTE, with_rows

import app as app_module
import metrics
from components import catalog
from components.context import Context
from components.fmt import format_stock, format_value
from components.i18n import t
from components.view import parse_view
from metrics import coverage
from metrics import series as S
from metrics.periods import label
from pages import briefing

LEAD = catalog.OVERVIEW_FLOWS[0]


@pytest.fixture(scope="module")
def seed():
    return Context.build(metrics.load())


@pytest.fixture(scope="module")
def one_figure_dir(tmp_path_factory):
    """The issue's thin publish: the seed and one 2019 全年 figure (规上工业营收 720.1亿元)."""
    base = tmp_path_factory.mktemp("one")
    with_rows(base, [("industrial_revenue", "720.1", "", ISSUE_QUOTE)])
    return base / "data"


def sheet_of(ctx, search=""):
    view, _ = parse_view(search, ctx.choices)
    return view, briefing.briefing_sheet(ctx, view, "http://example.test/")


def graph(sheet, graph_id):
    return next(n for n in walk(sheet) if getattr(n, "id", None) == graph_id)


# --- pure layer -----------------------------------------------------------------------------


@pytest.mark.parametrize("search", ["", "?period=2019H1", "?period=2016&lang=en"])
def test_the_trend_draws_every_period_of_the_chosen_kind_and_no_other(decade, search):
    view, sheet = sheet_of(decade, search)
    kind = S.series_kind(view.period)
    series = S.flow_series(decade.frame, LEAD, kind)
    assert len(series) >= 10
    figure = graph(sheet, "briefing-trend").figure
    # the level markers: one per period of the kind, from the first to the last, nothing else
    markers = [
        tr for tr in figure.data if tr.type == "scatter" and tr.mode == "markers" and tr.name != "highlight"
    ]
    years = [str(y) for y in series["year"]]
    assert [list(m.x) for m in markers] == [years]
    assert all(set(tr.x) <= set(years) for tr in figure.data)  # growth bars too: one kind only
    notes = [c for c in markers[0].customdata if c]
    half = "上半年" if view.lang == "zh" else "H1"
    assert notes and all((half in c) == (kind == "H1") for c in notes), notes[:2]
    # the chosen period is ringed
    ring = next(tr for tr in figure.data if tr.name == "highlight")
    assert list(ring.x) == [str(int(view.period[:4]))]


def test_the_change_over_the_span_is_a_derived_note_with_its_formula_and_inputs(decade):
    view, sheet = sheet_of(decade)
    series = S.flow_series(decade.frame, LEAD, S.series_kind(view.period))
    span = S.span_change(series, LEAD)
    expected = 100 * (math.pow(span.last_value / span.first_value, 1 / span.years) - 1)
    assert span.cagr_pct == round(expected, 1)
    nodes = list(walk(sheet))
    caption = next(n for n in nodes if "bf-span" in classes(n))
    assert caption.children == span.text("zh")  # 2012–2025年 年均增长…%
    notes = {n.id: text_of(n) for n in nodes if "fn" in classes(n)}
    derived = [text for text in notes.values() if span.words("zh") in text]
    assert len(derived) == 1 and t("derived", "zh") in derived[0] and f"{span.cagr_pct:g}%" in derived[0]
    # the notes it is computed from quote the two end points as printed
    for period in (span.first, span.last):
        row = decade.row(LEAD, period)
        assert any(row["source_quote"] in text for text in notes.values()), period


def test_a_series_with_a_gap_says_so_under_the_trend(decade_dir, tmp_path):
    """Drop one year of the lead flow (and the shares derived from it): the trend leaves a hole
    there and the caption names the year."""
    data = tmp_path / "data"
    shutil.copytree(decade_dir, data)
    path = data / "observations.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [x for x in lines if not x.startswith(f"{LEAD},2015,") and f"{{{LEAD}@2015}}" not in x]
    assert len(lines) - len(kept) >= 2
    path.write_text("".join(kept), encoding="utf-8")
    ctx = Context.build(metrics.load(data))
    view, sheet = sheet_of(ctx, "?period=2025")
    caption = next(n for n in walk(sheet) if "bf-caption" in classes(n) and "缺" in text_of(n))
    assert label("2015", "zh") in text_of(caption)
    figure = graph(sheet, "briefing-trend").figure
    markers = next(
        tr for tr in figure.data if tr.type == "scatter" and tr.mode == "markers" and tr.name != "highlight"
    )
    assert markers.y[list(markers.x).index("2015")] is None


def test_stocks_beside_another_periods_flows_carry_their_date(decade, seed):
    for ctx in (decade, seed):
        view, _ = parse_view("", ctx.choices)
        text = " ".join(text_of(p) for p in briefing.key_points(ctx, view, briefing.Footnotes()))
        for code in catalog.POVERTY_LINE + catalog.TALENT_LINE:
            row = ctx.row(code)
            assert row["period"] != view.period
            assert format_value(row["value"], row["unit"], row["qualifier"], "zh") in text
        stock = ctx.row("poverty_people_lifted")
        assert t("stock_as_of", "zh").format(label(stock["period"], "zh")) in text  # (截至2019年9月)
    # a figure of its own date among others is dated on its own: 14587名(截至2019年9月)
    stock = seed.row("poverty_people_lifted")
    words = text_of(html_of(briefing.cited(stock, briefing.Footnotes(), "zh", growth=False, shown="2019H1")))
    assert words.startswith(format_stock(stock["value"], stock["unit"], "", stock["period"], "2019H1", "zh"))
    assert "(截至2019年9月)" in words


def html_of(parts):
    from dash import html

    return html.Span(parts)


def test_the_one_figure_2019_publish_keeps_the_brief_full(seed, one_figure_dir):
    thin = Context.build(metrics.load(one_figure_dir))
    assert thin.choices.default_period == seed.choices.default_period == "2019H1"
    for ctx in (seed, thin):
        view, sheet = sheet_of(ctx)
        cards = [n for n in walk(sheet) if "bf-card" in classes(n)]
        assert len(cards) == len(briefing.headline_rows(seed, view)) >= 6
    # 2019 is offered, and its brief says what it lacks instead of printing an empty box
    assert "2019" in thin.choices.periods
    view, sheet = sheet_of(thin, "?period=2019")
    lacks = next(n for n in walk(sheet) if "bf-lacks" in classes(n))
    missing = coverage.coverage(thin.frame, "2019").lacks
    assert len(missing) >= 5
    for code in missing:
        assert catalog.SHORT[code][0] in lacks.children


# --- in the browser: one A4 page for every period of the 14-year data ----------------------


@pytest.fixture(scope="module")
def one_figure_server(one_figure_dir):
    from conftest import LiveServer

    with LiveServer(app_module.create_app({"data_dir": str(one_figure_dir)}).server) as server:
        yield server


PRINTED = """notes => { const shown = [...document.querySelectorAll('.briefing-sheet *')]
  .filter(e => e.checkVisibility() && !e.closest('svg'))
  .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()));
  const pt = e => parseFloat(getComputedStyle(e).fontSize) * 0.75;
  // chart text: plotly may scale a label down with a transform, so measure it as drawn
  const drawn = e => { const m = e.getCTM(); return pt(e) * Math.sqrt(Math.abs(m.a * m.d - m.b * m.c)); };
  const charts = [...document.querySelectorAll('.briefing-sheet svg text')]
    .filter(e => e.textContent.trim() && e.getBoundingClientRect().height > 0);
  const sheet = document.querySelector('.briefing-sheet').getBoundingClientRect();
  return {body: Math.min(...shown.filter(e => !e.closest(notes)).map(pt)),
          notes: Math.min(...shown.filter(e => e.closest(notes)).map(pt)),
          charts: Math.min(...charts.map(drawn)),
          used: document.querySelector('.bf-foot').getBoundingClientRect().bottom - sheet.top,
          room: sheet.height}; }"""
NOTES = ".fn-ref, .bf-qr, .bf-notes, .bf-caption, .bf-sources, .bf-foot"


# The periods of the 14-year data that stretch the sheet most: the default (every card), the first
# year, 2020上半年 (falls), 2019上半年 and 2018 (the seed's own figures, long derived notes, a chain
# missing), 2018上半年 (thin: what it lacks, mostly 推算); English is the longer language.
STRETCHING = [(p, "en") for p in ("2025", "2025H1", "2020H1", "2019H1", "2018H1", "2018", "2012")] + [
    (p, "zh") for p in ("2025", "2018H1", "2012")
]


def test_the_decade_prints_on_one_page_at_readable_sizes(page_factory, decade_server, decade):
    """The sheet's content fits its A4 box (186 × 270 mm: one page) for the periods that stretch it
    most, body text ≥ 9 pt, notes and chart text ≥ 7 pt, with the trend drawn."""
    assert {p for p, _ in STRETCHING} <= set(decade.choices.periods)
    page, watch = page_factory(1280, 1000)
    used = {}
    for period, lang in STRETCHING:
        page.goto(f"{decade_server.url}/briefing?period={period}&lang={lang}")
        wait_for_charts(page, 3)
        page.emulate_media(media="print")
        sizes = page.evaluate(PRINTED, NOTES)
        page.emulate_media(media="screen")
        assert sizes["body"] >= 9 - 0.01 and sizes["notes"] >= 7 - 0.01, (period, lang, sizes)
        assert sizes["charts"] >= 7 - 0.01, (period, lang, sizes)
        assert sizes["used"] <= sizes["room"] + 1, (period, lang, sizes)
        used[period, lang] = sizes["used"] / sizes["room"]
    # the fullest of them, printed, is one A4 page (and the sheet is full, not a third empty)
    period, lang = max(used, key=used.get)
    assert used[period, lang] > 0.9
    page.goto(f"{decade_server.url}/briefing?period={period}&lang={lang}")
    wait_for_charts(page, 3)
    page.emulate_media(media="print")
    assert len(PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True))).pages) == 1
    watch.assert_clean()


def test_the_thin_2019_publish_keeps_the_printed_brief_full(page_factory, one_figure_server, seed):
    page, watch = page_factory(1280, 1000)
    page.goto(f"{one_figure_server.url}/briefing")
    wait_for_charts(page, 3)
    view, _ = parse_view("", seed.choices)
    assert page.locator(".bf-card").count() == len(briefing.headline_rows(seed, view))
    assert label("2019H1", "zh") in page.locator(".bf-filters").inner_text()
    page.emulate_media(media="print")
    assert len(PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True))).pages) == 1
    watch.assert_clean()
