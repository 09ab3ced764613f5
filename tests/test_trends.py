"""Series over the years on the 14-year fixture: queries per kind of period (never joined), gaps as
gaps, derived points flagged, the change over the span as a derived value, the period control's
grouping, and the trend figures built from them."""

import math

import pandas as pd
import pytest

from components import theme, trends
from components.figures import TRACE_TYPES
from metrics import load
from metrics import queries as q
from metrics import series as S
from metrics.periods import group_by_year, part_label, period_code, year_and_part

LIGHT = theme.LIGHT
FLOWS = (*q.INDUSTRY_INDICATORS, *(f"{c}_revenue" for c in q.CHAINS))


@pytest.fixture(scope="module")
def frame(decade_dir):
    ds = load(decade_dir)
    return q.enrich(ds.observations, ds.indicators)


def test_a_series_holds_one_kind_of_period_from_its_first_figure_to_its_last(frame):
    for code in FLOWS:
        assert S.kinds_of(frame, code) == ["year", "H1"], code
        for kind in ("year", "H1"):
            s = S.flow_series(frame, code, kind)
            assert {S.series_kind(p) for p in s["period"]} == {kind}, (code, kind)
            assert list(s["year"]) == list(range(2012, 2026)), (code, kind)


def test_gaps_are_rows_without_a_figure_and_derived_points_are_flagged(frame):
    retail = S.flow_series(frame, "retail_sales", "year").set_index("period")
    assert retail.loc["2015", "gap"] and math.isnan(retail.loc["2015", "value"])
    assert S.missing_in(retail.reset_index()) == ["2015"]
    assert retail.loc["2017", "derived"] and retail.loc["2017", "kind"] == "derived"
    assert not retail.loc["2018", "derived"] and retail.loc["2020", "yoy_pct"] < 0


def test_the_change_over_the_span_is_compound_growth_with_its_formula(frame):
    s = S.flow_series(frame, "industrial_revenue", "year")
    first, last = s.iloc[0], s.iloc[-1]
    expected = 100 * ((last["value"] / first["value"]) ** (1 / 13) - 1)
    span = S.span_change(s, "industrial_revenue")
    assert span.years == 13 and span.cagr_pct == round(expected, 1)
    word = "增长" if expected >= 0 else "下降"
    assert span.text("zh") == f"2012–2025年 年均{word}{abs(round(expected, 1)):.1f}%"
    assert span.formula == "({industrial_revenue@2025} / {industrial_revenue@2012}) ^ (1 / 13) - 1"
    assert "推算" in span.explain("zh") and not span.derived_inputs
    assert S.span_change(S.flow_series(frame, "export_value", "year"), "export_value") is None


def test_the_period_control_groups_30_periods_by_year_and_keeps_the_codes(frame):
    options = q.period_options(frame)
    assert len(options) >= 28
    groups = group_by_year(options)
    assert [y for y, _ in groups] == list(range(2025, 2011, -1))
    assert all(codes == [str(y), f"{y}H1"] for y, codes in groups)
    assert [part_label(c) for c in groups[0][1]] == ["全年", "上半年"]
    for code in [*options, "2020Q3", "2019-09"]:
        assert period_code(*year_and_part(code)) == code  # ?period=2019H1 stays what it was


def _lines(fig):
    return [tr for tr in fig.data if tr.type == "scatter" and tr.mode == "lines"]


@pytest.mark.parametrize("kind", ["year", "H1"])
def test_no_trend_mixes_full_years_and_half_years(frame, kind):
    for code in FLOWS + ("industrial_value_added",):
        s = S.flow_series(frame, code, kind)
        fig = trends.trend_figure(s, code, "亿元", "zh", LIGHT)
        assert {tr.type for tr in fig.data} <= TRACE_TYPES
        xs = {x for tr in fig.data for x in (tr.x or ())}
        assert xs == {str(y) for y in range(2012, 2026)}, code  # one label per year: one kind
        assert f"({'全年' if kind == 'year' else '上半年'})" in fig.layout.title.text
    both = pd.concat([S.flow_series(frame, "fiscal_revenue", k) for k in ("year", "H1")])
    with pytest.raises(ValueError, match="mixes kinds"):
        trends.trend_figure(both, "财政总收入", "亿元", "zh", LIGHT)


def test_a_gap_draws_no_line_across_and_derived_points_look_derived(frame):
    s = S.flow_series(frame, "retail_sales", "year")
    fig = trends.trend_figure(s, "社会消费品零售总额", "亿元", "zh", LIGHT, period="2020")
    gap, derived = list(s["period"]).index("2015"), list(s["period"]).index("2017")
    solid, dashed = _lines(fig)
    assert solid.y[gap] is None and dashed.y[gap] is None  # a hole, not a line from 2014 to 2016
    assert solid.y[derived] is None and dashed.y[derived] == s["value"][derived]
    assert dashed.line.dash == "dash"
    markers = next(tr for tr in fig.data if tr.mode == "markers" and tr.name != "highlight")
    assert markers.marker.symbol[derived] == "circle-open" and markers.marker.symbol[0] == "circle"
    assert "推算" in markers.customdata[derived]
    assert "缺2015年" in fig.layout.title.text and "年均增长" not in fig.layout.title.text  # no span given


def test_growth_sits_in_a_panel_below_with_falls_green_and_the_period_ringed(frame):
    s = S.flow_series(frame, "retail_sales", "year")
    span = S.span_change(s, "retail_sales")
    fig = trends.trend_figure(s, "社会消费品零售总额", "亿元", "zh", LIGHT, period="2020", span=span)
    bars = next(tr for tr in fig.data if tr.type == "bar")
    i = list(s["period"]).index("2020")
    assert bars.yaxis == "y2" and fig.layout.yaxis2 is not None and not fig.layout.yaxis.overlaying
    assert bars.marker.color[i] == theme.FALL[LIGHT] and bars.marker.color[i + 1] == theme.RISE[LIGHT]
    ring = next(tr for tr in fig.data if tr.name == "highlight")
    assert list(ring.x) == ["2020"] and bars.marker.line.width[i] == 3
    assert f"{span.text('zh')} (推算)" in fig.layout.title.text


def test_a_series_of_growth_only_draws_bars_alone(frame):
    s = S.flow_series(frame, "industrial_value_added", "H1")
    fig = trends.trend_figure(s, "规模以上工业增加值", "亿元", "zh", LIGHT)
    assert [tr.type for tr in fig.data] == ["bar"] and "上半年" in fig.layout.title.text


def test_one_point_and_no_point_series_say_what_is_missing(frame):
    one = S.flow_series(frame, "export_value", "year")
    fig = trends.trend_figure(one, "进出口总额", "亿元", "zh", LIGHT)
    assert not fig.data and fig.layout.annotations[0].text == "进出口总额:只有2025年一个数据,画不出走势"
    none = S.flow_series(frame, "export_value", "H1")
    fig = trends.trend_figure(none, "进出口总额", "亿元", "en", LIGHT)
    assert not fig.data and "no" in fig.layout.annotations[0].text
    assert trends.sparkline_svg(one, theme.ACCENT[LIGHT]) == ""  # one point: no sparkline


def _svg(uri: str):
    """A sparkline's SVG (an `html.Img` data URI) as an element tree."""
    import xml.etree.ElementTree as ET
    from urllib.parse import unquote

    assert uri.startswith("data:image/svg+xml,")
    return ET.fromstring(unquote(uri.removeprefix("data:image/svg+xml,")))


def _points(d: str) -> list[list[tuple[float, float]]]:
    """A path's runs of points: each M starts a run (the pen lifted over a gap)."""
    import re

    return [
        [(float(x), float(y)) for x, y in re.findall(r"([\d.]+) ([\d.]+)", run)] for run in d.split("M")[1:]
    ]


def test_the_sparkline_is_a_small_svg_that_keeps_its_gaps_and_rings_the_period(frame):
    ns = "{http://www.w3.org/2000/svg}"
    s = S.flow_series(frame, "retail_sales", "year")
    gap, derived = S.missing_in(s), list(s.loc[s["derived"], "period"])
    assert gap and derived  # the fixture's retail sales: a year missing, a year derived
    svg = _svg(trends.sparkline_svg(s, theme.ACCENT[LIGHT], period="2025"))
    assert svg.get("stroke") == theme.ACCENT[LIGHT] and svg.get("width") == str(trends.SPARK_SIZE[0])
    solid, dashed = svg.findall(f"{ns}path")
    assert dashed.get("stroke-dasharray")
    xs = sorted({x for run in _points(solid.get("d")) + _points(dashed.get("d")) for x, _ in run})
    assert len(xs) == len(s) - len(gap)  # every level drawn, none at the gap
    hole = list(s["period"]).index(gap[0])
    runs = [[x for x, _ in run] for run in _points(solid.get("d")) + _points(dashed.get("d"))]
    assert not any(min(r) <= xs[hole - 1] and max(r) >= xs[hole] for r in runs)  # no line across the gap
    ring = svg.findall(f"{ns}circle")[-1]
    assert ring.get("fill") == "none" and float(ring.get("cx")) == max(xs)  # 2025, the last year
    hollow = [c for c in svg.findall(f"{ns}circle") if c.get("fill") == "#fff"]
    assert len(hollow) == len(derived)
    half = _svg(
        trends.sparkline_svg(S.flow_series(frame, "retail_sales", "H1"), theme.ACCENT[LIGHT], "2025H1")
    )
    assert half.findall(f"{ns}circle")[-1].get("fill") == "none"
    with pytest.raises(ValueError):  # never 全年 and 上半年 on one line
        trends.sparkline_svg(pd.concat([s, S.flow_series(frame, "retail_sales", "H1")]), "#000")


def test_the_chains_side_by_side_with_one_highlighted(frame):
    series = S.chains_series(frame, q.CHAINS, "year")
    fig = trends.chains_trend_figure(series, "zh", LIGHT, chain="electronics", period="2020")
    colors = {tr.xaxis: tr.line.color for tr in _lines(fig)}
    assert colors == {
        "x": theme.MUTED[LIGHT],
        "x2": theme.CHAIN_COLORS[LIGHT]["electronics"],
        "x3": theme.MUTED[LIGHT],
    }
    assert [a.text for a in fig.layout.annotations[:3]] == ["新能源汽车", "电子信息", "稀土新材料"]
    rare = [tr for tr in _lines(fig) if tr.xaxis == "x3"]
    i = list(series["rare_earth"]["period"]).index("2018")
    assert all(tr.y[i] is None for tr in rare)  # the chain with no 2018 figure: a hole
    assert fig.layout.yaxis2.matches == "y" or fig.layout.yaxis2.showticklabels is False
    assert {tr.type for tr in fig.data} <= TRACE_TYPES


def test_a_chain_with_no_figures_says_so_in_its_panel(frame):
    series = S.chains_series(frame[frame["indicator"] != "rare_earth_revenue"], q.CHAINS, "H1")
    fig = trends.chains_trend_figure(series, "zh", LIGHT)
    assert "原文未载" in [a.text for a in fig.layout.annotations]
    assert not [tr for tr in fig.data if tr.xaxis == "x3"]


# ---- the adapters a page calls: (Context, View) -> figure or words ------------------------------


@pytest.fixture(scope="module")
def ctx(decade_dir):
    from components.context import Context

    return Context.build(load(decade_dir))


def test_the_page_adapters_draw_the_chosen_periods_kind(ctx):
    from components import adapters
    from components.view import View

    fig = adapters.trend(ctx, View(period="2020H1"), "retail_sales", "zh")
    title = fig.layout.title.text
    assert "社会消费品零售总额 · 历年走势(上半年)" in title and "年均增长" in title
    assert list(next(tr for tr in fig.data if tr.name == "highlight").x) == ["2020"]
    assert adapters.sparkline(ctx, "industrial_revenue", "2025", LIGHT).startswith("data:image/svg+xml,")
    words, formula = adapters.span_words(ctx, "industrial_revenue", "2025", "zh")
    assert words.startswith("2012–2025年 年均") and formula.startswith("推算:(2025年")
    chains = adapters.chains_trend(ctx, View(period="2025", chain="nev"), "en")
    assert "over the years (full year)" in chains.layout.title.text


def test_the_period_note_says_what_a_thin_period_lacks(ctx):
    from components import adapters

    assert adapters.period_note(ctx, "2025", "zh") == ""
    assert adapters.period_note(ctx, "2018", "zh") == ""  # full: two chains are enough
    assert adapters.period_note(ctx, "2018", "zh", always=True) == "2018年缺稀土新材料产业主营业务收入"
    assert adapters.period_note(ctx, "2017", "en").startswith("2017 lacks Main business revenue")


def test_a_missing_text_names_both_sources_of_the_fixture(ctx):
    from components import adapters
    from components.view import View

    fig = adapters.chain_series(ctx, View(period="2011"), "zh")
    text = fig.layout.annotations[0].text
    assert text.startswith("2011年:赣南日报《")
    assert "测试《赣州经开区历年主要经济指标(测试数据)》均未载" in text


def test_every_empty_chart_names_the_sources_searched(ctx):
    from components import adapters
    from components.view import View

    view = View(period="2011")
    for build in (adapters.overview_figure, adapters.industry_figure, adapters.chain_compare):
        text = build(ctx, view, "zh").layout.annotations[0].text
        assert text.startswith("2011年:赣南日报《") and "均未载" in text and "原文" not in text, build
    one = adapters.overview_figure(seed_context(), view, "zh").layout.annotations[0].text
    assert one == "2011年:原文未载增速"


def seed_context():
    from components.context import Context

    return Context.build(load())
