"""The pure layers under the dashboard: queries, formatting and figure builders (no browser)."""

import pandas as pd
import pytest

import metrics
from components import figures, panel_figures, theme
from components.fmt import format_growth, format_number, format_value
from metrics import queries as q
from metrics.periods import parse_period


@pytest.fixture(scope="module")
def frame():
    ds = metrics.load()
    return q.enrich(ds.observations, ds.indicators)


@pytest.fixture(scope="module")
def ds():
    return metrics.load()


def test_enrich_keeps_every_observation_and_adds_units(frame, ds):
    assert len(frame) == len(ds.observations)
    assert frame["unit"].notna().all() and frame["domain"].notna().all()


def test_periods_offered_are_those_with_reported_flow_figures_in_time_order(frame):
    periods = q.period_options(frame)
    flows = frame[frame["indicator"].isin(q.headline_codes()) & (frame["kind"] == "reported")]
    assert set(periods) == set(flows["period"])
    assert periods == sorted(periods, key=lambda p: parse_period(p).sort_key)
    # stock counts "as of" a month, the 1990 founding figure and derived-only baselines are not offered
    for code in set(frame["period"]) - set(flows["period"]):
        assert code not in periods
    assert q.default_period(frame) == periods[-1]


@pytest.mark.parametrize(
    "period, prior", [("2019H1", "2018H1"), ("2018", "2017"), ("2019-06", "2018-06"), ("2020Q3", "2019Q3")]
)
def test_a_period_is_compared_with_the_same_kind_a_year_before(period, prior):
    assert q.prior_period(period) == prior
    assert parse_period(prior).granularity == parse_period(period).granularity


def test_every_offered_period_with_a_stated_growth_has_a_like_for_like_baseline(frame):
    """Where the data holds a value a year before, it is of the same kind (derived baselines)."""
    for period in q.period_options(frame):
        rows = q.industry_levels(frame, period)
        assert {parse_period(p).granularity for p in rows["period"]} == {parse_period(period).granularity}


def test_chain_metric_revenue_2019h1_matches_the_article(frame):
    rows = q.chain_metric(frame, "revenue", "2019H1")
    assert dict(zip(rows["chain"], rows["metric_value"], strict=True)) == {
        "nev": 48.64,
        "electronics": 93.57,
        "rare_earth": 34.57,
    }
    assert set(rows["kind"]) == {"reported"}


@pytest.mark.parametrize(
    "metric, expected",
    [
        ("yoy", {"nev": 18.12, "electronics": 22.1, "rare_earth": 5.6}),
        ("change", {"nev": 7.46, "electronics": 16.9, "rare_earth": 1.83}),
        ("enterprises", {"nev": 22, "electronics": 43, "rare_earth": 22}),
    ],
)
def test_chain_metrics_2019h1(frame, metric, expected):
    rows = q.chain_metric(frame, metric, "2019H1")
    assert dict(zip(rows["chain"], rows["metric_value"], strict=True)) == expected


def test_chain_share_is_derived_from_the_zone_total(frame):
    rows = q.chain_metric(frame, "share", "2019H1").set_index("chain")
    assert (rows["kind"] == "derived").all()
    assert rows.loc["nev", "metric_value"] == pytest.approx(48.64 / 305 * 100, abs=0.05)


def test_chain_metric_for_a_period_without_data_is_empty(frame):
    assert q.chain_metric(frame, "enterprises", "2017").empty


def test_chain_series_is_in_time_then_chain_order(frame):
    rows = q.chain_series(frame)
    nev = rows[rows["chain"] == "nev"]
    assert list(nev["period"]) == ["2017", "2018H1", "2018", "2019H1"]
    assert list(nev["kind"]) == ["derived", "derived", "reported", "reported"]
    first = rows[rows["period"] == "2019H1"]["chain"].tolist()
    assert first == ["nev", "electronics", "rare_earth"]


@pytest.mark.parametrize("period", ["2018", "2019H1"])
def test_chain_series_of_a_period_never_mixes_years_and_half_years(frame, period):
    rows = q.chain_series(frame, period=period)
    assert not rows.empty and period in set(rows["period"])
    assert {parse_period(p).granularity for p in rows["period"]} == {parse_period(period).granularity}


def test_chain_series_one_chain(frame):
    assert set(q.chain_series(frame, ("rare_earth",))["chain"]) == {"rare_earth"}


def test_industry_levels_are_in_yi_yuan_and_growth_lists_both_periods(frame):
    levels = q.industry_rows(frame, "level", "2018")
    assert set(levels["unit"]) == {"亿元"}
    assert levels.iloc[0]["indicator"] == "industrial_revenue" and levels.iloc[0]["value"] == 677.5
    growth = q.industry_growth(frame)
    assert {"2018", "2019H1"} <= set(growth["period"])
    vadd = growth[growth["indicator"] == "industrial_value_added"].set_index("period")["yoy_pct"]
    assert vadd.to_dict() == {"2018": 9.9, "2019H1": 10.0}


def test_latest_prefers_reported_and_respects_up_to(frame):
    row = q.latest(frame, "industrial_revenue")
    assert row["period"] == "2019H1" and row["value"] == 305
    assert q.latest(frame, "industrial_revenue", up_to="2018")["value"] == 677.5
    assert q.latest(frame, "no_such_indicator") is None


def test_campaign_rows_compute_completion(ds):
    rows = q.campaign_rows(ds.campaigns, "all")
    assert len(rows) == 4
    one = q.campaign_rows(ds.campaigns, rows.iloc[0]["campaign"])
    assert len(one) == 1
    central = rows[rows["measures"].astype(float) == 55].iloc[0]
    assert central["completion"] == pytest.approx(96.4, abs=0.05)


@pytest.mark.parametrize(
    "value, qualifier, lang, expected",
    [
        (677.5, "", "zh", "677.5"),
        (21544.0, "", "zh", "21544"),
        (90.0, "over", "zh", "90余"),
        (1000.0, "nearly", "zh", "近1000"),
        (90.0, "over", "en", "over 90"),
        (float("nan"), "", "zh", "—"),
    ],
)
def test_format_number(value, qualifier, lang, expected):
    assert format_number(value, qualifier, lang) == expected


def test_format_value_and_growth():
    assert format_value(677.5, "亿元") == "677.5亿元"
    assert format_value(21544, "万美元") == "21544万美元"
    assert format_value(96.4, "%", lang="en") == "96.4%"
    assert format_value(677.5, "亿元", lang="en") == "CNY 67.75 bn"
    assert format_value(305, "亿元", lang="en") == "CNY 30.5 bn"
    assert format_value(26, "万平方米", lang="en") == "260,000 m²"
    assert format_value(21544, "万美元", lang="en") == "USD 215.44 m"
    assert format_value(14587, "名", lang="en") == "14,587 people"
    assert format_growth(19.55) == "增长19.55%" and format_growth(-2, "en") == "−2% YoY"
    assert format_growth(float("nan")) == ""


def _types(fig):
    return {trace.type for trace in fig.data}


def test_chain_compare_figure_colours_and_click_data(frame):
    rows = q.chain_metric(frame, "revenue", "2019H1")
    fig = panel_figures.chain_compare_figure(rows, "revenue", "2019H1", "nev", "zh", theme.LIGHT)
    bar = fig.data[0]
    assert list(bar.marker.color) == [
        theme.CHAIN_COLORS[theme.LIGHT][c] for c in ("nev", "electronics", "rare_earth")
    ]
    assert list(bar.marker.opacity) == [1.0, 0.35, 0.35]
    assert [c[0] for c in bar.customdata] == ["nev", "electronics", "rare_earth"]
    assert "48.64亿元" in bar.customdata[0][1]  # the verbatim quote is in the hover, numbers unbroken
    assert "7.46亿元" in bar.customdata[0][1]
    assert _types(fig) <= figures.TRACE_TYPES


def test_derived_bars_are_hatched_reported_are_solid_and_explained_in_words(frame):
    rows = q.chain_series(frame, period="2019H1")
    fig = panel_figures.chain_series_figure(rows, "zh", theme.LIGHT, "2019H1", legend=False)
    by_period = {tr.name: tr for tr in fig.data}
    assert list(by_period) == ["2018年上半年", "2019年上半年"]  # like with like, earlier first
    prior, current = by_period["2018年上半年"], by_period["2019年上半年"]
    assert set(prior.marker.pattern.shape) == {"/"} and set(current.marker.pattern.shape) == {""}
    nev = rows[(rows["chain"] == "nev") & (rows["period"] == "2019H1")].iloc[0]
    words = f"由2019年上半年{nev['value']:g}亿元和净增{nev['change']:g}亿元推算"
    assert words in prior.customdata[0].replace("<br>", "")
    assert "{" not in "".join(prior.customdata)  # no formula template in any hover
    assert fig.layout.showlegend is False


def test_a_growth_formula_reads_as_words_in_english(frame):
    row = frame[(frame["indicator"] == "industrial_revenue") & (frame["period"] == "2017")].iloc[0]
    source = frame[(frame["indicator"] == "industrial_revenue") & (frame["period"] == "2018")].iloc[0]
    assert figures.explain(row, "en") == (
        f"derived from CNY {source['value'] / 10:g} bn (2018) and growth of {source['yoy_pct']:g}%"
    )


def test_empty_period_draws_a_no_data_message(frame):
    fig = panel_figures.industry_figure(q.industry_levels(frame, "1990"), "level", "1990", "zh", theme.LIGHT)
    assert fig.data == () and fig.layout.annotations[0].text == "1990年:原文未载本项数据"


def test_levels_are_small_multiples_each_on_its_own_axis(frame):
    rows = q.industry_levels(frame, "2019H1")
    fig = panel_figures.industry_figure(rows, "level", "2019H1", "zh", theme.LIGHT)
    assert len(fig.data) == rows["indicator"].nunique() >= 2
    assert len({tr.xaxis for tr in fig.data}) == len(fig.data)  # never one axis for 305 and 29.2
    for tr in fig.data:
        assert list(tr.y) == ["2019年上半年", "2018年上半年"]


def test_growth_figure_highlights_the_chosen_period(frame):
    fig = figures.growth_figure(q.industry_growth(frame), "2018", "zh", theme.LIGHT)
    opacity = {tr.name: tr.marker.opacity for tr in fig.data}
    assert opacity["2018年"] == 1.0 and opacity["2019年上半年"] < 1.0


def test_campaign_figure_shows_completion_in_percent_for_every_campaign(ds):
    rows = q.campaign_rows(ds.campaigns, "all")
    fig = panel_figures.campaign_figure(rows, "zh", theme.LIGHT)
    drawn = {c[0]: x for bar in fig.data for c, x in zip(bar.customdata, bar.x, strict=True)}
    expected = {
        r["name_zh"]: r["rate_pct"] if pd.notna(r["rate_pct"]) else r["completion"]
        for _, r in rows.iterrows()
    }
    assert drawn == pytest.approx(expected)
    bottom = fig.layout.xaxis  # one completion axis, shared by the panels
    assert bottom.title.text == "完成率(%)"  # the axis says what the title says
    provincial = rows[rows["completed_unit"] == "problems"].iloc[0]  # 11 problems, all rectified
    (bar,) = [b for b in fig.data if provincial["name_zh"] in [c[0] for c in b.customdata]]
    assert bar.text[0] == f"100% (推算) · {provincial['completed']:g}/{provincial['problems']:g}个问题"
    names = [a.text for a in fig.layout.annotations if not a.text.startswith("<b>")]
    assert sorted(names) == sorted(rows["name_zh"])  # names above the bars
    assert max(max(b.x) for b in fig.data) < bottom.range[1]  # room for the labels: none is clipped


def test_one_campaign_is_never_an_empty_chart(ds):
    for code in ds.campaigns["campaign"]:
        fig = panel_figures.campaign_figure(q.campaign_rows(ds.campaigns, code), "zh", theme.LIGHT)
        assert len(fig.data) == 1 and len(fig.data[0].x) == 1


@pytest.mark.parametrize("template, smallest, largest", [(theme.DARK, 20, 40), (theme.LIGHT, 10, 16)])
def test_figures_drawn_in_the_dark_template_have_large_axis_labels(frame, template, smallest, largest):
    """What a drawn figure carries: slides (dark) read at 1080p, the dashboard's labels stay small."""
    rows = q.chain_metric(frame, "revenue", "2019H1")
    layout = panel_figures.chain_compare_figure(rows, "revenue", "2019H1", "nev", "en", template).layout
    for axis in (layout.xaxis, layout.yaxis):
        size = axis.tickfont.size or layout.template.layout[axis.plotly_name].tickfont.size
        assert smallest <= size <= largest, (axis.plotly_name, size)
    assert smallest <= (layout.font.size or layout.template.layout.font.size) <= largest


def test_wrap_never_splits_numbers():
    text = "实现主营业务收入48.64亿元,比去年同期净增7.46亿元,同比增长18.12%"
    for width in range(4, 30):
        wrapped = figures.wrap_text(text, width)
        assert wrapped.replace("<br>", "") == text
        for number in ("48.64", "7.46", "18.12%"):
            assert number in wrapped


def test_a_failed_check_is_flagged_on_its_card(frame):
    import pandas as pd
    from dash import html

    from components.cards import kpi_card

    row = q.latest(frame, "nev_revenue")
    checks = pd.DataFrame(
        [
            {
                "subject": "nev_revenue",
                "status": "failed",
                "detail_zh": "增速不符",
                "detail_en": "growth mismatch",
            }
        ]
    )

    def texts(component):
        found = []

        def walk(c):
            if isinstance(c, str):
                found.append(c)
            elif isinstance(c, (list, tuple)):
                for x in c:
                    walk(x)
            elif isinstance(c, html.Div) or hasattr(c, "children"):
                walk(getattr(c, "children", None))

        walk(component)
        return " ".join(found)

    flagged = texts(kpi_card(row, "zh", {}, checks))
    assert "校验未通过" in flagged and "增速不符" in flagged
    assert "校验未通过" not in texts(kpi_card(row, "zh", {}, checks.assign(status="passed")))
