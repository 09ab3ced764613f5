"""English that agrees with itself (issue 24 §6): one unit rule for cards and charts at sensible
precision, ranks with their unit, tab titles in the page's language, natural labels, and a notice
that names filters by their labels. Expected values are read from the data."""

import pytest

from components import adapters, layout
from components.context import Context
from components.fmt import axis_label, chart_number, format_value, sensible
from components.i18n import param_label, t
from components.view import View, parse_view
from metrics import load
from metrics import queries as q


@pytest.fixture(scope="module")
def ctx():
    return Context.build(load())


def test_conversions_keep_a_sensible_precision():
    assert format_value(265.22, "亿元", lang="en") == "CNY 26.52 bn"
    assert format_value(305, "亿元", lang="en") == "CNY 30.5 bn"
    assert format_value(21544, "万美元", lang="en") == "USD 215.44 m"
    assert format_value(0.045, "亿元", lang="en") == "CNY 0.0045 bn"  # small: three digits kept
    assert sensible(26.522) == 26.52 and sensible(0) == 0.0
    assert format_value(265.22, "亿元") == "265.22亿元"  # Chinese: as printed


def test_ranks_carry_their_unit_in_english():
    assert format_value(1, "位", "", "en") == "No. 1"
    assert format_value(100, "位", "top", "en") == "top 100"
    assert format_value(1, "位", "", "zh") == "1位"


@pytest.mark.parametrize("period", ["2019H1", "2018"])
def test_a_chart_in_english_reads_in_the_cards_unit(ctx, period):
    rows = q.chain_metric(ctx.frame, "revenue", period)
    fig = adapters.chain_compare(ctx, View(period=period, lang="en"), "en")
    assert fig.layout.yaxis.title.text == axis_label("亿元", "en") == "CNY bn"
    for value, drawn, text in zip(rows["metric_value"], fig.data[0].y, fig.data[0].text, strict=True):
        card = format_value(value, "亿元", "", "en")  # what a card says
        assert drawn == pytest.approx(value / 10)
        assert card == f"CNY {text} bn", (card, text)
    zh = adapters.chain_compare(ctx, View(period=period), "zh")
    assert list(zh.data[0].y) == list(rows["metric_value"]) and zh.layout.yaxis.title.text == "亿元"


def test_every_english_chart_of_levels_in_yi_yuan_is_scaled(ctx):
    view = View(period="2019H1", lang="en")
    series = adapters.chain_series(ctx, view, "en")
    rows = q.chain_series(ctx.frame, period="2019H1")
    rows = rows[rows["period"].isin(["2019H1", "2018H1"])]
    assert sorted(y for tr in series.data for y in tr.y) == pytest.approx(sorted(rows["value"] / 10))
    assert series.layout.yaxis.title.text == "CNY bn"
    levels = adapters.industry_figure(ctx, view, "en")
    first = q.industry_levels(ctx.frame, "2019H1").iloc[0]
    assert levels.data[0].x[0] == pytest.approx(first["value"] / 10)
    assert levels.data[0].text[0] == chart_number(first["value"], first["unit"], "", "en")
    assert "CNY bn" in levels.layout.annotations[0].text


def test_tab_titles_exist_for_every_mode_in_both_languages():
    titles = layout.page_titles()
    assert set(titles) == {path for _, path in layout.NAV}
    for path, by_lang in titles.items():
        assert by_lang["zh"] != by_lang["en"]
        assert all("\u4e00" <= ch <= "\u9fff" for ch in by_lang["zh"] if ch.isalpha() and ord(ch) > 127)
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in by_lang["en"]), path


def test_the_checks_summary_reads_naturally():
    assert t("checks_passed", "en").format(20) == "20 passed"
    assert t("checks_passed", "zh").format(20) == "通过 20"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_notice_names_filters_by_their_labels(ctx, lang):
    _, rejected = parse_view(f"?period=1066&chain=steel&cm=x&lang=xx&junk=1&lang={lang}", ctx.choices)
    assert set(rejected) == {"period", "chain", "cm", "junk"}
    text = layout.notice(rejected, lang).children
    for code, key in (("period", "label_period"), ("chain", "label_chain"), ("cm", "label_chain_metric")):
        assert t(key, lang) in text and param_label(code, lang) == t(key, lang)
    assert "junk" in text  # an unknown parameter is quoted as typed
    assert "period" not in text.replace("Period", "")
    assert param_label("slides=bogus", "zh") == "幻灯片“bogus”"
