"""The dashboard in headless Chromium: panels, filters -> charts, cross-filter, URL state,
language, screen sizes and accessibility."""

from pathlib import Path

import pytest
from helpers import open_every_part, selected_text, wait_for_charts

import metrics
from bench import traffic
from components.context import Context
from components.i18n import param_label

PANELS = ("overview", "industry", "chains", "poverty", "talent", "urban", "timeline")
AXE = Path(__file__).parent / "vendor" / "axe.min.js"

GD = "(id => document.getElementById(id).querySelector('.js-plotly-plot'))"
FIGURE_STATE = """id => { const gd = document.getElementById(id).querySelector('.js-plotly-plot');
  return JSON.stringify([gd.layout.title && gd.layout.title.text,
    gd.data.map(t => [t.name, t.x, t.y, t.marker && t.marker.color, t.marker && t.marker.opacity])]); }"""


def choose(page, dropdown_id: str, value: str):
    """Pick an option of a filter the way a user does."""
    traffic.choose(page, dropdown_id, value)


def figure_state(page, graph_id: str) -> str:
    return page.evaluate(FIGURE_STATE, graph_id)


def wait_changed(page, graph_id: str, before: str):
    """A chart shows its new figure once it is in view (charts out of view are redrawn when they
    come near it)."""
    page.locator(f"#{graph_id}").scroll_into_view_if_needed()
    page.wait_for_function(f"([id, b]) => ({FIGURE_STATE})(id) !== b", arg=[graph_id, before], timeout=10000)


def dropdown_text(page, dropdown_id: str) -> str:
    return selected_text(page, dropdown_id)


@pytest.fixture
def dashboard(page_factory, live_server):
    page, watch = page_factory()
    page.goto(live_server.url + "/")
    wait_for_charts(page, 4)
    yield page, watch, live_server.url
    watch.assert_clean()


def test_every_panel_and_the_header(dashboard):
    page, _, _ = dashboard
    for panel in PANELS:
        assert page.locator(f"#panel-{panel}").is_visible(), panel
    assert "赣州经济技术开发区" in page.inner_text("header")
    assert "数据截至 2019-09-28" in page.inner_text("header")
    assert page.evaluate("document.documentElement.lang") == "zh-CN"


@pytest.mark.parametrize(
    "dropdown_id, value, graphs",
    [
        ("filter-period", "2018", ["industry-graph", "chain-compare-graph"]),
        ("filter-chain", "electronics", ["chain-compare-graph", "chain-series-graph"]),
        ("filter-chain-metric", "enterprises", ["chain-compare-graph"]),
        ("filter-industry-metric", "growth", ["industry-graph"]),
    ],
)
def test_each_dropdown_changes_its_charts_and_the_url(dashboard, dropdown_id, value, graphs):
    page, _, _ = dashboard
    before = {g: figure_state(page, g) for g in graphs}
    choose(page, dropdown_id, value)
    for g in graphs:
        wait_changed(page, g, before[g])
    page.wait_for_function("v => location.search.includes(v)", arg=f"={value}")


def _value(indicator, period, column="value"):
    frame = metrics.load().observations
    row = frame[(frame["indicator"] == indicator) & (frame["period"] == period)].iloc[0]
    return f"{row[column]:g}"


def test_period_changes_the_kpi_cards_and_compares_like_with_like(dashboard):
    page, _, _ = dashboard
    shown = "#kpi-row"
    assert f"{_value('industrial_revenue', '2019H1')}亿元" in page.inner_text(shown)
    # 2019上半年 is compared with 2018上半年 (derived), never with the year 2018
    assert f"上年同期 {_value('industrial_revenue', '2018H1')}亿元(推算)" in page.inner_text(shown)
    choose(page, "filter-period", "2018")
    page.wait_for_function(
        "v => document.querySelector('#kpi-row').innerText.includes(v)",
        arg=f"{_value('industrial_revenue', '2018')}亿元",
    )
    assert f"上年同期 {_value('industrial_revenue', '2017')}亿元(推算)" in page.inner_text(shown)
    # the growth line: an arrow and a signed, coloured rate
    delta = page.locator(f"{shown} .kpi-card[data-indicator='industrial_revenue'] .delta")
    assert delta.inner_text() == f"▲ +{_value('industrial_revenue', '2018', 'yoy_pct')}% 同比"
    assert "delta-up" in delta.get_attribute("class")
    assert (
        page.evaluate("getComputedStyle(document.querySelector('#kpi-row .delta-up')).color")
        == "rgb(197, 48, 48)"
    )


def test_campaign_dropdown_filters_the_campaign_chart(dashboard):
    page, _, _ = dashboard
    before = figure_state(page, "campaign-graph")
    assert page.locator("#campaign-detail .campaign-card").count() == 4
    value = traffic.dropdown_values(page, "filter-campaign")[1]
    choose(page, "filter-campaign", value)
    wait_changed(page, "campaign-graph", before)
    page.wait_for_function(
        "() => document.querySelectorAll('#campaign-detail .campaign-card:not(.hidden)').length === 1"
    )


def test_click_on_a_chain_bar_cross_filters(dashboard):
    page, _, _ = dashboard
    page.click("#panel-chains .accordion-button >> text=产业链")  # the chains' stages, built when opened
    page.wait_for_selector("#chain-flows .chain-flow")
    before = figure_state(page, "chain-series-graph")
    page.locator("#chain-compare-graph .point").nth(1).click(force=True)  # electronics
    page.wait_for_function("() => document.getElementById('filter-chain').value === 'electronics'")
    wait_changed(page, "chain-series-graph", before)
    page.wait_for_function(
        "() => document.querySelectorAll('#chain-flows .chain-flow:not(.hidden)').length === 1"
    )
    assert page.locator("#chain-flows .chain-electronics:not(.hidden)").count() == 1
    assert "sel-electronics" in page.get_attribute("#chain-strip", "class")  # the first screen follows
    page.wait_for_function("() => location.search.includes('chain=electronics')")
    page.locator("#chain-compare-graph .point").nth(1).click(force=True)  # again: back to all
    page.wait_for_function(
        "() => document.querySelectorAll('#chain-flows .chain-flow:not(.hidden)').length === 3"
    )


def test_a_link_reproduces_the_view_and_back_restores(page_factory, live_server):
    page, watch = page_factory()
    query = "?period=2018&chain=nev&cm=yoy&im=growth"
    page.goto(live_server.url + "/" + query)
    wait_for_charts(page, 4)
    assert dropdown_text(page, "filter-period") == "2018年"
    assert dropdown_text(page, "filter-chain") == "新能源汽车"
    assert dropdown_text(page, "filter-chain-metric") == "同比增长"
    assert dropdown_text(page, "filter-industry-metric") == "增速"
    assert "2018年" in page.evaluate(f"{GD}('chain-compare-graph').layout.title.text")
    assert page.locator("#notice").count() == 0
    choose(page, "filter-period", "2019H1")
    page.wait_for_function(
        "() => location.search.includes('chain=nev') && !location.search.includes('period=')"
    )
    page.go_back()
    page.wait_for_function("() => document.getElementById('filter-period').value === '2018'")
    wait_for_charts(page, 4)
    watch.assert_clean()


def test_bad_url_values_fall_back_with_a_notice(page_factory, live_server):
    page, watch = page_factory()
    page.goto(live_server.url + "/?period=2099&chain=steel&cm=nope&lang=klingon&x=%3Cscript%3E")
    wait_for_charts(page, 4)
    notice = page.inner_text("#notice")
    for name in ("period", "chain", "cm", "lang", "x"):  # by their labels, in the page's language
        assert param_label(name, "zh") in notice
    assert "period" not in notice and "cm" not in notice
    assert dropdown_text(page, "filter-period") == "2019年上半年"
    assert dropdown_text(page, "filter-chain") == "全部产业链"
    watch.assert_clean()


def test_language_switch_is_kept_in_the_url(dashboard):
    page, _, _ = dashboard
    choose(page, "filter-chain", "nev")
    page.click("#lang-link")
    page.wait_for_function("() => location.search.includes('lang=en')")
    page.wait_for_function(
        "() => document.querySelector('header').innerText.includes('Data as of 2019-09-28')"
    )
    wait_for_charts(page, 4)
    assert "chain=nev" in page.evaluate("location.search")
    assert dropdown_text(page, "filter-chain") == "New-energy vehicles"
    assert page.evaluate("document.getElementById('main').lang") == "en"
    assert f"CNY {float(_value('industrial_revenue', '2019H1')) / 10:g} bn" in page.inner_text("#kpi-row")
    page.click("#lang-link")
    page.wait_for_function("() => document.querySelector('header').innerText.includes('数据截至')")


def test_every_number_cites_its_source_in_the_citation_dialog(dashboard):
    page, _, _ = dashboard
    open_every_part(page)
    assert page.locator(".kpi-card").count() == page.locator(".kpi-card .cite-button").count() > 50
    page.evaluate("window.scrollTo(0, 0)")
    first = page.locator("#kpi-row .kpi-card").first
    first.locator(".cite-button").click()
    dialog = page.locator(".modal.show")
    dialog.wait_for()
    page.wait_for_function(  # over the page and in view once it has slid in; the page has not moved
        "() => { const r = document.querySelector('.modal.show .modal-content').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= innerHeight && scrollY === 0; }"
    )
    assert f"{_value('industrial_revenue', '2019H1')}亿元" in dialog.locator("blockquote").inner_text()
    assert "口径" in dialog.inner_text()  # the 口径 is in the citation, not under the card
    page.keyboard.press("Escape")
    page.wait_for_selector(".modal.show", state="detached")
    # a derived figure (a chain's share or revenue) explains its formula in words, never as a template
    page.locator(".chain-card .kpi-card .cite-button").first.click()
    body = page.locator(".modal.show").inner_text()
    assert "{" not in body and "“" in body
    page.keyboard.press("Escape")
    page.wait_for_selector(".modal.show", state="detached")
    # one dialog serves every card: a card of a part built when opened opens it too
    page.locator(".tile-grid .kpi-card .cite-button").last.click()
    assert "“" in page.locator(".modal.show blockquote").inner_text()
    page.keyboard.press("Escape")
    page.wait_for_selector(".modal.show", state="detached")
    # and every bar of a bar list: the row is the button, its quote the one the data holds for it
    bar = page.locator(".bar-row").last
    indicator = bar.get_attribute("data-indicator")
    bar.locator("button").click()
    row = Context.build(metrics.load()).row(indicator)  # a bar list shows each indicator's latest
    assert page.locator(".modal.show blockquote").inner_text() == f"“{row['source_quote']}”"


def test_graph_config_has_no_cloud_button_and_no_logo(dashboard):
    page, _, _ = dashboard
    configs = page.evaluate("[...document.querySelectorAll('.js-plotly-plot')].map(g => g._context)")
    assert configs and all(c["showSendToCloud"] is False and c["displaylogo"] is False for c in configs)
    assert page.locator(".modebar-btn[data-title*='Share'], .modebar-btn[data-title*='Edit']").count() == 0


@pytest.mark.parametrize("width, height", [(360, 640), (1920, 1080)])
def test_no_horizontal_scroll(page_factory, live_server, width, height):
    page, watch = page_factory(width, height)
    page.goto(live_server.url + "/")
    wait_for_charts(page, 4)
    page.wait_for_function("document.fonts.status === 'loaded'")  # text widths are final
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    watch.assert_clean()


def test_controls_are_labelled_and_keyboard_reachable(dashboard):
    page, _, _ = dashboard
    for control in (
        "filter-period",
        "filter-chain",
        "filter-chain-metric",
        "filter-industry-metric",
        "filter-campaign",
    ):
        assert page.locator(f"label[for='{control}']").count() == 1
    reached = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.id || document.activeElement.className"))
    assert {"filter-period", "filter-chain"} <= {r for r in reached if isinstance(r, str)}


def test_axe_reports_no_serious_or_critical_violations(browser, live_server):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + "/")
    wait_for_charts(page, 4)
    page.evaluate(AXE.read_text(encoding="utf-8"))  # evaluate is not subject to the page's CSP
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    context.close()
    bad = [
        (
            v["id"],
            v["impact"],
            len(v["nodes"]),
            [(n["target"], n.get("failureSummary", "")[-120:]) for n in v["nodes"]],
        )
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == []
