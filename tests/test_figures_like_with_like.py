"""Charts compare like with like (issue 24 §5), on the seed and on the 14-year fixture: completions
split by what they count, comparable-price growth marked, one colour rule for growth, a missing
chain named instead of dropped, a line instead of an empty box, and every title naming its period.
Expected values are read from the data."""

import pandas as pd
import pytest

from components import adapters, figures, panel_figures, theme
from components.context import Context
from components.view import View
from metrics import load
from metrics import queries as q
from metrics.periods import label as period_label

LIGHT, DARK = theme.LIGHT, theme.DARK


@pytest.fixture(scope="module")
def seed():
    return Context.build(load())


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("template", [LIGHT, DARK])
def test_completions_are_ranked_only_against_completions_of_the_same_unit(seed, lang, template):
    rows = q.campaign_rows(seed.dataset.campaigns, "all")
    fig = adapters.campaign_figure(seed, View(lang=lang), lang, template)
    units = list(dict.fromkeys(rows["planned_unit"]))
    assert len(fig.data) == len(units) >= 2  # the seed counts measures and problems
    for bar, unit in zip(fig.data, units, strict=True):
        names = {c[0] for c in bar.customdata}
        col = "name_en" if lang == "en" else "name_zh"
        assert names == set(rows.loc[rows["planned_unit"] == unit, col])
        assert len({bar.xaxis, bar.yaxis}) == 2 and all(
            other.yaxis != bar.yaxis for other in fig.data if other is not bar
        )  # each unit on its own axis
        heading = figures.t("campaign_group_" + unit, lang)
        assert heading in [a.text.replace("<b>", "").replace("</b>", "") for a in fig.layout.annotations]


def test_the_campaign_title_is_dated_by_its_source(seed):
    date = str(seed.dataset.sources.iloc[0]["date"])  # the seed's one source
    fig = adapters.campaign_figure(seed, View(), "zh")
    assert fig.layout.title.text == f"整改完成率 · 截至{period_label(date[:7], 'zh')}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_comparable_price_growth_is_marked_beside_current_price_growth(seed, lang):
    comparable = q.comparable_codes(seed.dataset.relations)
    assert "industrial_value_added" in comparable  # relations.csv: comparable_prices
    period = "2018"
    mark = figures.t("comparable_mark", lang)
    for fig in (
        adapters.overview_figure(seed, View(period=period, lang=lang), lang),
        adapters.industry_figure(seed, View(period=period, im="growth", lang=lang), lang),
    ):
        labels = [y for tr in fig.data for y in tr.y]
        rows = q.growth_rows(seed.frame, adapters.overview_codes(), period)
        shown = set(rows["indicator"]) & set(comparable)
        assert shown, "the seed shows value-added growth in 2018"
        assert sum(label.endswith(mark) for label in set(labels)) == len(shown)
        assert figures.t("comparable_note", lang) in [
            a.text.replace("<br>", "") for a in fig.layout.annotations
        ]


def test_a_chart_without_comparable_growth_has_no_mark(seed):
    rows = q.growth_rows(seed.frame, adapters.overview_codes(), "2018")
    fig = figures.headline_growth_figure(rows, "2018", "zh", LIGHT, comparable=())
    assert not fig.layout.annotations and not any("可比价" in y for y in fig.data[0].y)


def test_growth_is_red_up_and_green_down_on_every_growth_chart(decade):
    rows = q.industry_growth(decade.frame, "2020H1")
    assert (rows["yoy_pct"] < 0).any() and (rows["yoy_pct"] > 0).any()  # the fixture has falls
    expected = {
        (r["period"], r["indicator"]): theme.RISE[LIGHT] if r["yoy_pct"] > 0 else theme.FALL[LIGHT]
        for _, r in rows.iterrows()
        if r["yoy_pct"] != 0
    }
    fig = figures.growth_figure(rows, "2020H1", "zh", LIGHT)
    for tr, period in zip(fig.data, dict.fromkeys(rows["period"]), strict=True):
        codes = rows.loc[rows["period"] == period, "indicator"]
        for code, colour in zip(codes, tr.marker.color, strict=True):
            assert expected.get((period, code), colour) == colour, (period, code)
    overview = adapters.overview_figure(decade, View(period="2020H1"), "zh")
    head = q.growth_rows(decade.frame, adapters.overview_codes(), "2020H1")
    assert list(overview.data[0].marker.color) == [
        theme.RISE[LIGHT] if v > 0 else theme.FALL[LIGHT] if v < 0 else theme.MUTED[LIGHT]
        for v in head["yoy_pct"]
    ]
    chains = adapters.chain_compare(decade, View(period="2020H1", cm="yoy"), "zh")
    values = q.chain_metric(decade.frame, "yoy", "2020H1")["metric_value"]
    assert list(chains.data[0].marker.color) == [
        theme.RISE[LIGHT] if v > 0 else theme.FALL[LIGHT] if v < 0 else theme.MUTED[LIGHT] for v in values
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_chain_without_a_figure_is_named_not_dropped(seed, lang):
    rows = q.chain_metric(seed.frame, "revenue", "2018")
    absent = [c for c in q.CHAINS if c not in set(rows["chain"])]
    assert absent and not rows.empty  # the seed: 2018 prints no 稀土 revenue
    fig = adapters.chain_compare(seed, View(period="2018", lang=lang), lang)
    notes = [a.text.replace("<br>", "") for a in fig.layout.annotations]
    for chain in absent:
        assert any(figures.t(f"chain_{chain}", lang) in n for n in notes), notes


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_metric_no_chain_has_is_a_line_not_an_empty_box(seed, lang):
    assert q.chain_metric(seed.frame, "enterprises", "2018").empty
    fig = adapters.chain_compare(seed, View(period="2018", cm="enterprises", lang=lang), lang)
    beside = adapters.chain_series(seed, View(period="2018", lang=lang), lang)
    assert fig.data == () and fig.layout.height == figures.NOTE_HEIGHT < beside.layout.height / 3
    (note,) = [a.text for a in fig.layout.annotations]
    assert note.startswith(period_label("2018", lang))
    assert "数数" not in note and figures.t("metric_enterprises", lang).lower() in note.lower()


def _periods_in_title(fig, lang, periods):
    title = fig.layout.title.text or ""
    return all(period_label(p, lang) in title for p in periods)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_chart_title_states_its_period(decade, lang):
    for period in ("2012", "2019H1", decade.choices.default_period):
        view = View(period=period, lang=lang)
        growth = adapters.industry_figure(decade, View(period=period, im="growth", lang=lang), lang)
        shown = list(dict.fromkeys(q.industry_growth(decade.frame, period)["period"]))
        assert _periods_in_title(growth, lang, [shown[0], shown[-1]]), growth.layout.title.text
        for fig in (
            adapters.overview_figure(decade, view, lang),
            adapters.industry_figure(decade, view, lang),
            adapters.chain_compare(decade, view, lang),
            adapters.chain_series(decade, view, lang),
        ):
            assert _periods_in_title(fig, lang, [period]), fig.layout.title.text
    assert (
        figures.t("as_of_period", lang).format("")[:2]
        in adapters.campaign_figure(decade, View(lang=lang), lang).layout.title.text
    )


def test_span_label_names_the_first_and_the_last_period():
    assert figures.span_label(["2017", "2018", "2019"], "zh") == "2017年–2019年"
    assert figures.span_label(["2019H1"], "en") == "2019 H1"
    assert figures.span_label([], "zh") == ""


def test_campaigns_in_one_unit_draw_one_panel(seed):
    rows = q.campaign_rows(seed.dataset.campaigns, "all")
    measures = rows[rows["planned_unit"] == "measures"]
    fig = panel_figures.campaign_figure(measures, "zh", LIGHT)
    assert len(fig.data) == 1 and not any(a.text.startswith("<b>") for a in fig.layout.annotations)
    assert list(fig.data[0].x) == pytest.approx(
        [r["rate_pct"] if pd.notna(r["rate_pct"]) else r["completion"] for _, r in measures.iterrows()]
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_part_is_drawn_under_its_whole_never_as_a_sibling(seed, lang):
    from components.cards import bar_list

    part_of = q.part_of(seed.dataset.relations)
    assert part_of["rd_platforms_national"] == "rd_platforms"  # relations.csv: 其中
    # the whole and the part in the order a group lists them, and a part listed before its whole
    for codes in (("rd_platforms", "rd_platforms_national"), ("rd_platforms_national", "rd_platforms")):
        rows = pd.DataFrame([seed.row(c) for c in codes])
        figure = bar_list(rows, lang, "t", part_of=part_of)
        items = figure.children[1].children
        assert [li.to_plotly_json()["props"]["data-indicator"] for li in items] == [
            "rd_platforms",
            "rd_platforms_national",
        ]
        whole, part = items
        assert whole.className == "bar-row" and part.className == "bar-row part"
        label = part.children.children[0].children
        assert label.startswith(figures.t("of_which", lang))
        # on the whole's scale: the part's bar is its share of the whole
        fill = part.children.children[1].children.style["width"]
        value = {c: float(seed.row(c)["value"]) for c in codes}
        assert fill == f"{value['rd_platforms_national'] / value['rd_platforms'] * 100:.1f}%"


def _key(fig):
    return " ".join(a.text.replace("<br>", "") for a in fig.layout.annotations if a.name == "footnote")


def test_keys_show_only_what_a_chart_uses_in_its_colours(seed, decade):
    # one period of growth, all rises (the seed's 2019 H1): a rise key, no fall, no other period
    rows = q.industry_growth(seed.frame, "2019H1")
    assert (rows["yoy_pct"] > 0).all() and rows["period"].nunique() == 1
    key = _key(adapters.industry_figure(seed, View(period="2019H1", im="growth"), "zh"))
    assert "增长" in key and "下降" not in key and "推算" not in key
    assert theme.RISE[LIGHT].lower() not in key  # colours are written as rgba of the bars' colour
    r, g, b = (int(theme.RISE[LIGHT][i : i + 2], 16) for i in (1, 3, 5))
    assert f"rgba({r},{g},{b},1.0)" in key
    # the fixture's 2020 H1 falls: both keys, and the other half years named as the lighter bars
    rows = q.industry_growth(decade.frame, "2020H1")
    key = _key(adapters.industry_figure(decade, View(period="2020H1", im="growth"), "zh"))
    assert "增长" in key and "下降" in key
    others = [p for p in dict.fromkeys(rows["period"]) if p != "2020H1"]
    assert figures.t("key_others", "zh").format(figures.span_label(others, "zh")) in key
    # levels: this period, the year before, and 推算 only when a bar is derived
    levels = q.industry_levels(seed.frame, "2019H1")
    key = _key(adapters.industry_figure(seed, View(period="2019H1"), "zh"))
    assert period_label("2019H1", "zh") in key and period_label("2018H1", "zh") in key
    assert ("推算" in key) == (levels["kind"] == "derived").any()
    # chain revenue: the swatches are the chains' colours, as the bars
    key = _key(adapters.chain_series(seed, View(period="2019H1"), "zh"))
    for colour in theme.CHAIN_COLORS[LIGHT].values():
        r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        assert f"rgba({r},{g},{b},1.0)" in key and f"rgba({r},{g},{b},0.5)" in key
    # slides draw their keys as plotly legends, not as a line
    assert not _key(adapters.chain_series(seed, View(period="2019H1"), "zh", DARK))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_footnotes_fit_a_phone(seed, decade, lang):
    """Keys and notes wrap to the width a 360 px phone gives a chart."""
    figs = [
        adapters.overview_figure(seed, View(period="2018", lang=lang), lang),
        adapters.industry_figure(decade, View(period="2020H1", im="growth", lang=lang), lang),
        adapters.chain_compare(seed, View(period="2018", lang=lang), lang),
    ]
    for fig in figs:
        notes = [a for a in fig.layout.annotations if a.name == "footnote"]
        assert notes
        for note in notes:
            for line in note.text.split("<br>"):
                assert figures.text_width(line, theme.TICK_SIZE[LIGHT]) <= figures.FOOTNOTE_WIDTH[LIGHT], line
