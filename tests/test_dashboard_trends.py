"""The first screen of `/` on the 14-year data set (issue 23): it leads with the lead flow over the
years, of one kind of period at a time, a fall green ▼ with its printed figure, stocks dated, and a
thin publish never empties the default view. Expected figures are read from the data."""

from __future__ import annotations

import pytest
from test_data_default_period import ISSUE_QUOTE, with_rows

import app as app_module
import metrics
from components import ids, theme
from components.catalog import OVERVIEW_FLOWS
from components.context import Context
from components.i18n import t
from metrics import queries as q
from metrics import series as S
from metrics.periods import label
from pages.dashboard import overview

LEAD = OVERVIEW_FLOWS[0]


@pytest.fixture(scope="module")
def one_figure_server(tmp_path_factory):
    """The seed and the issue's one 2019 全年 figure (规上工业营收 720.1亿元)."""
    from conftest import LiveServer

    base = tmp_path_factory.mktemp("one")
    with_rows(base, [(LEAD, "720.1", "", ISSUE_QUOTE)])
    with LiveServer(app_module.create_app({"data_dir": str(base / "data")}).server) as server:
        yield server


TREND = f"document.querySelector('#{ids.TREND_GRAPH} .js-plotly-plot')"


def open_first_screen(page, url: str) -> None:
    """Open `url` and wait for the trend and the growth chart to be drawn (the lower panels may
    still be coming: the first screen is what these tests read)."""
    page.goto(url)
    for graph in (ids.TREND_GRAPH, ids.OVERVIEW_GRAPH):
        page.wait_for_selector(f"#{graph} .main-svg .barlayer .point", state="attached", timeout=60000)


# the years labelled under the trend and its level points, counted where they are drawn in view
IN_VIEW = f"""() => {{ const gd = {TREND}; const box = gd.getBoundingClientRect();
  const seen = e => {{ const r = e.getBoundingClientRect();
    return r.width > 0 && r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth; }};
  return {{box: [box.top, box.bottom], years: [...gd.querySelectorAll('.xaxislayer-above text')].filter(seen)
    .map(e => e.textContent),
    points: [...gd.querySelectorAll('.scatterlayer .point')].filter(seen).length}}; }}"""
KINDS = f"""() => {TREND}.data.flatMap(tr => tr.customdata || []).filter(Boolean)"""


def test_the_first_screen_leads_with_ten_years_and_more_of_the_lead_flow(page_factory, decade_server, decade):
    page, watch = page_factory(1366, 768)
    open_first_screen(page, decade_server.url + "/")
    seen = page.evaluate(IN_VIEW)
    series = S.flow_series(decade.frame, LEAD, S.series_kind(decade.choices.default_period))
    years = [str(y) for y in series["year"]]
    assert len(years) >= 10 and seen["box"][1] <= 768, seen
    assert [y for y in years if y in seen["years"]] == years  # every year labelled, in view
    assert seen["points"] >= 10, seen
    watch.assert_clean()


def test_the_trend_follows_the_period_filter_one_kind_at_a_time_with_falls_green(
    page_factory, decade_server, decade
):
    """全年 and 上半年 are never on one axis: the period switches the trend's kind; 2020上半年's fall
    is a green bar labelled with the printed figure."""
    page, watch = page_factory(1366, 768)
    open_first_screen(page, decade_server.url + "/")
    half = label("2019H1", "zh").removeprefix("2019年")  # 上半年
    notes = page.evaluate(KINDS)
    assert notes and not any(half in n for n in notes)
    fall = decade.row(LEAD, "2020H1")
    assert fall["yoy_pct"] < 0 and "下降" in fall["source_quote"]
    # a link to the period (what the filter writes; tests/test_filters_clientside.py proves a filter
    # change shows what the server draws for the same URL)
    open_first_screen(page, decade_server.url + "/?period=2020H1")
    assert page.evaluate(f"() => {TREND}.layout.meta") == "2020H1"
    notes = page.evaluate(KINDS)
    assert notes and all(half in n for n in notes)
    bars = page.evaluate(
        f"() => {TREND}.data.filter(tr => tr.type === 'bar').map(tr => [tr.x, tr.marker.color, tr.text])"
    )
    assert len(bars) == 1
    x, colours, text = bars[0]
    at = x.index("2020")
    assert colours[at] == theme.FALL[theme.LIGHT] and text[at] == f"{fall['yoy_pct']:+.1f}"
    # the rises around it are red
    assert colours[x.index("2021")] == theme.RISE[theme.LIGHT]
    watch.assert_clean()


def test_stocks_on_the_first_screen_carry_their_date(page_factory, decade_server, decade):
    page, watch = page_factory(1366, 768)
    open_first_screen(page, decade_server.url + "/")
    lines = page.locator(".story-line").all_inner_texts()
    stock = decade.row("poverty_people_lifted")
    assert stock["period"] != decade.choices.default_period
    dated = t("stock_as_of", "zh").format(label(stock["period"], "zh"))  # (截至2019年9月)
    assert len(lines) == 2 and all(dated in line for line in lines), lines
    watch.assert_clean()


def test_the_one_figure_2019_publish_keeps_the_first_screen_full(page_factory, one_figure_server):
    page, watch = page_factory(1366, 768)
    open_first_screen(page, one_figure_server.url + "/")
    assert page.locator(f"#{ids.PERIOD}").input_value() == "2019H1"
    # the same full first screen as before the publish: every card the seed fills for 2019上半年
    seed = Context.build(metrics.load())
    filled = [code for code, _ in overview.CARDS.values() if seed.row(code, "2019H1") is not None]
    assert len(filled) >= 6
    assert page.locator(".first-main .kpi-card:not(.empty)").count() == len(filled)
    # the thin 2019 is offered, and the trend of 全年 draws its one more year
    assert page.locator(f"#{ids.PERIOD} option[value='2019']").count() == 1
    watch.assert_clean()


CARD_SERIES = """() => [...document.querySelectorAll('.first-main .headline .kpi-card:not(.empty)')]
  .map(c => { const line = c.querySelector('.kpi-series'), r = line.getBoundingClientRect();
    return {code: c.dataset.indicator, src: line.style.backgroundImage, words: line.textContent,
      formula: line.title, inView: r.width > 0 && r.bottom <= innerHeight}; })"""


def expected_series(ctx, code: str, period: str) -> tuple[int, str]:
    """What a headline card's series shows for `period`, from the data: the number of levels its
    sparkline draws (the period's kind only) and its change over the span in words."""
    series = S.flow_series(ctx.frame, code, S.series_kind(period))
    span = S.span_change(series, code)
    column = "value" if len(S.levels(series)) >= 2 else "yoy_pct"
    return int(series[column].notna().sum()), (span.text("zh") if span else "")


def drawn_points(src: str) -> int:
    """The distinct x positions a sparkline draws (its points; a gap has none)."""
    import re
    from urllib.parse import unquote

    return len(set(re.findall(r'(?:[ML]|cx=")([\d.]+)', unquote(src or ""))))


def test_each_headline_card_carries_its_series_and_its_change_over_the_span(
    page_factory, decade_server, decade
):
    """A sparkline of the card's series in the chosen period's kind (全年, then 上半年 by a link)
    and the compound growth over the span in words, its formula in the title."""
    page, watch = page_factory(1366, 768)
    open_first_screen(page, decade_server.url + "/")
    period = decade.choices.default_period
    cards = page.evaluate(CARD_SERIES)
    assert len(cards) >= 3 and all(c["inView"] for c in cards), cards
    for card in cards:
        points, words = expected_series(decade, card["code"], period)
        assert drawn_points(card["src"]) == points and card["words"] == words, card
    lead = next(c for c in cards if c["code"] == LEAD)
    assert lead["words"] and lead["formula"].startswith("推算:") and "^(1/" in lead["formula"]
    # 上半年: every sparkline and span of that kind (a link to the period, what the filter writes:
    # tests/test_filters_clientside.py proves a filter change shows what the server draws for it)
    open_first_screen(page, decade_server.url + "/?period=2020H1")
    for card in page.evaluate(CARD_SERIES):
        points, words = expected_series(decade, card["code"], "2020H1")
        assert drawn_points(card["src"]) == points and card["words"] == words, card
    watch.assert_clean()


CHAINS_TREND = """() => { const box = document.querySelector('.chains-trend');
  const gd = box.querySelector('.js-plotly-plot');
  return {cls: box.className, x: gd.data.filter(tr => tr.mode === 'markers' && tr.name !== 'highlight')
    .map(tr => [tr.xaxis, tr.x]), dim: ['xy', 'x2y2', 'x3y3'].map(s =>
      getComputedStyle(gd.querySelector(`.subplot.${s} .overplot`)).opacity)}; }"""


def test_the_chain_panel_shows_the_chains_over_the_years_and_the_filter_marks_one(
    page_factory, decade_server, decade
):
    """The three chains' revenue over every year of the period's kind, side by side; the chain
    filter (here by a link) dims the other two."""
    page, watch = page_factory(1366, 768)
    page.goto(decade_server.url + "/?period=2020H1&chain=electronics")
    page.wait_for_selector(".chains-trend .main-svg .scatterlayer .point", timeout=60000)
    seen = page.evaluate(CHAINS_TREND)
    series = S.chains_series(decade.frame, q.CHAINS, "H1")
    years = [[str(y) for y in s["year"]] for s in series.values()]  # each chain's axis: the common span
    assert len(years[0]) >= 10 and [xs for _, xs in seen["x"]] == years, seen
    assert sorted({axis for axis, _ in seen["x"]}) == ["x", "x2", "x3"]
    assert (
        "sel-electronics" in seen["cls"] and seen["dim"][1] == "1" and seen["dim"][0] == seen["dim"][2] != "1"
    )
    watch.assert_clean()
