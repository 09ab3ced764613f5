"""The dashboard's first screen, section navigation, heights, phones and honest charts, in headless
Chromium. Expected figures are read from the data, never written here."""

from itertools import product

import pytest
from conftest import wait_for_charts

import metrics
from components import ids
from components.context import Context
from metrics import queries as q


@pytest.fixture(scope="module")
def ctx():
    return Context.build(metrics.load())


def open_dashboard(page_factory, live_server, width, height, search=""):
    page, watch = page_factory(width, height)
    page.goto(live_server.url + "/" + search)
    wait_for_charts(page, 4)
    return page, watch


IN_VIEW = """sel => [...document.querySelectorAll(sel)].filter(e => {
  const r = e.getBoundingClientRect();
  return e.checkVisibility() && r.width > 0 && r.top >= 0 && r.bottom <= innerHeight && r.left >= 0
    && r.right <= innerWidth; }).map(e => e.innerText)"""


def real_height(page) -> int:
    """The page's height with every section laid out (content-visibility skips those off screen)."""
    page.evaluate("document.querySelectorAll('.panel').forEach(p => p.style.contentVisibility = 'visible')")
    return page.evaluate("document.documentElement.scrollHeight")


@pytest.mark.parametrize("width, height", [(1366, 768), (1920, 1080)])
def test_the_first_viewport_tells_the_story(page_factory, live_server, ctx, width, height):
    page, watch = open_dashboard(page_factory, live_server, width, height)
    period = ctx.choices.default_period
    # at least six headline values, each with a growth arrow, without scrolling
    # (a figure the source gives as a growth rate only shows it as its value, with its arrow)
    deltas = page.evaluate(IN_VIEW, ".first-main .kpi-card .delta, .first-main .kpi-value[class*=delta-]")
    assert len(deltas) >= 6 and all(d[0] in "▲▼▶" for d in deltas), deltas
    # all three chains' revenue, as the data has it
    values = page.evaluate(IN_VIEW, ".chain-card .kpi-value")
    expected = [f"{ctx.row(f'{c}_revenue', period)['value']:g}亿元" for c in q.CHAINS]
    assert values == expected
    # one chart at least, whole
    assert len(page.evaluate(IN_VIEW, ".js-plotly-plot")) >= 1
    # one line each for poverty alleviation and talent
    lines = page.evaluate(IN_VIEW, ".story-line")
    assert len(lines) == 2 and f"{ctx.row('poverty_people_lifted')['value']:g}" in lines[0]
    watch.assert_clean()


@pytest.mark.parametrize("width, height, screens", [(1920, 1080, 3), (390, 844, 4)])
def test_the_default_view_fits_in_a_few_screens(page_factory, live_server, width, height, screens):
    page, watch = open_dashboard(page_factory, live_server, width, height)
    assert real_height(page) <= screens * height
    watch.assert_clean()


def test_section_nav_jumps_and_marks_the_section_in_view(page_factory, live_server):
    page, watch = open_dashboard(page_factory, live_server, 1366, 768)
    bar = page.locator(".section-bar").bounding_box()
    assert bar["height"] <= 56 and bar["height"] <= 0.15 * 768
    sections = page.eval_on_selector_all(".section-link", "els => els.map(e => e.dataset.section)")
    assert sections == ["overview", "industry", "chains", "poverty", "talent", "urban", "timeline"]
    for section in sections[1:-1]:
        page.click(f".section-link[data-section='{section}']")
        page.wait_for_function(
            "s => Math.abs(document.getElementById('panel-' + s).getBoundingClientRect().top"
            " - document.querySelector('.section-bar').getBoundingClientRect().bottom) < 24"
            " || innerHeight + scrollY >= document.documentElement.scrollHeight - 2",
            arg=section,
        )
        page.wait_for_selector(f".section-link.active[data-section='{section}'][aria-current]")
        assert page.locator(".section-link.active").count() == 1
    # the mark follows scrolling, not only clicks
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_selector(".section-link.active[data-section='overview']")
    page.evaluate("document.getElementById('panel-chains').scrollIntoView()")
    page.wait_for_selector(".section-link.active[data-section='chains']")
    watch.assert_clean()


CHART_BOXES = """() => [...document.querySelectorAll('.js-plotly-plot')].filter(g => g.checkVisibility())
  .map(g => {
    const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
    const svg = box(g.querySelector('.main-svg'));
    return {
      id: g.parentElement.id,
      svg,
      title: [...g.querySelectorAll('.gtitle')].map(box),
      legend: [...g.querySelectorAll('.legend')].map(box),
      plots: [...g.querySelectorAll('.nsewdrag')].map(box),
      texts: [...g.querySelectorAll('.textpoint text, .annotation-text, .xtick text, .ytick text')]
        .filter(t => t.textContent).map(box),
    };
  })"""


def overlaps(a, b) -> bool:
    return a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1


@pytest.mark.parametrize("width", [360, 1366, 1920])
def test_no_chart_has_its_legend_title_and_plot_overlap_or_a_label_clipped(
    page_factory, live_server, ctx, width
):
    page, watch = page_factory(width, 900)
    views = list(product(ctx.choices.periods, q.CHAIN_METRICS))
    for i, (period, cm) in enumerate(views):
        im = q.INDUSTRY_METRICS[i % 2]
        page.goto(f"{live_server.url}/?period={period}&cm={cm}&im={im}")
        wait_for_charts(page, 4)
        page.evaluate(
            "document.querySelectorAll('.panel').forEach(p => p.style.contentVisibility = 'visible')"
        )
        for chart in page.evaluate(CHART_BOXES):
            where = (period, cm, im, width, chart["id"])
            boxes = chart["title"] + chart["legend"]
            for a, b in product(boxes, boxes + chart["plots"]):
                assert a is b or not overlaps(a, b), where
            left, top, right, bottom = chart["svg"]
            for text in chart["texts"]:
                assert text[0] >= left - 1 and text[2] <= right + 1, ("clipped", where, text)
    watch.assert_clean()


def test_phone_filters_sit_in_a_drawer_and_lower_sections_are_collapsed(page_factory, live_server):
    page, watch = open_dashboard(page_factory, live_server, 390, 844)
    assert not page.locator("#filter-period").is_visible()
    page.click("#filters-toggle")
    page.wait_for_selector("#filters-drawer.show")
    page.locator("#filter-period").wait_for(state="visible")
    assert page.get_attribute("#filters-toggle", "aria-expanded") == "true"
    page.keyboard.press("Escape")
    page.wait_for_selector("#filters-drawer:not(.show)", state="attached")
    page.locator("#filter-period").wait_for(state="hidden")
    for section in ("industry", "chains", "poverty", "talent", "urban", "timeline"):
        assert "collapsed" in page.get_attribute(f"#panel-{section}", "class"), section
    page.click(".section-link[data-section='poverty']")
    page.wait_for_selector("#panel-poverty:not(.collapsed)")
    assert page.locator("#campaign-graph .js-plotly-plot").is_visible()
    watch.assert_clean()


def test_phone_tap_targets_are_at_least_44_px(page_factory, live_server):
    page, watch = open_dashboard(page_factory, live_server, 390, 844)
    small = page.evaluate(
        """() => [...document.querySelectorAll('a, button, summary, [role=button]')]
          .filter(e => e.checkVisibility({visibilityProperty: true}) && !e.closest('.js-plotly-plot'))
          .filter(e => !e.classList.contains('skip-link'))
          .map(e => [e.className || e.tagName, e.getBoundingClientRect()])
          .filter(([, r]) => r.width > 0 && (r.width < 44 || r.height < 44))
          .map(([c, r]) => [c, Math.round(r.width), Math.round(r.height)])"""
    )
    assert small == [], small
    page.click("#filters-toggle")  # the drawer's own controls too
    # Bootstrap drops `showing` when the slide-in transition has ended
    page.wait_for_selector("#filters-drawer.show:not(.showing)")
    for selector in ("#filters-drawer .btn-close", "#filters-drawer .download-link", "#filter-period"):
        box = page.locator(selector).bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, selector
    # notes sit in the source popovers, not under the cards
    assert page.locator(".kpi-card .kpi-caliber").count() == 0
    watch.assert_clean()


def test_a_filter_changed_before_the_variants_arrive_waits_for_them_and_says_so(page_factory, live_server):
    """A filter changed before the page's variants have arrived shows a busy mark, switches nothing
    half-way, applies once they are in, and back returns to the view the page opened on."""
    page, watch = page_factory(1366, 768)
    held, released = [], []
    # held until the test lets go; after that (the period chosen meanwhile asks for its own) served
    page.route("**/variants/**", lambda route: route.continue_() if released else held.append(route))
    page.goto(live_server.url + "/")
    page.wait_for_selector(f"#{ids.OVERVIEW_GRAPH} .main-svg")
    for _ in range(100):  # the request is seen while Playwright runs (its events are pumped then)
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the variants were requested"
    loaded = page.input_value("#filter-period")
    page.select_option("#filter-period", "2018")
    page.wait_for_selector(".busy", state="visible", timeout=5000)
    assert "period=2018" not in page.url  # nothing half-switched while waiting
    released.append(True)
    for route in held:
        route.continue_()
    page.wait_for_function("() => location.search.includes('period=2018')")
    page.wait_for_function(
        "() => document.querySelector('#overview-graph .js-plotly-plot').layout.meta === '2018'"
    )
    page.wait_for_selector(".busy", state="hidden", timeout=15000)
    page.go_back()  # the change is its own history entry, though made before the variants came
    page.wait_for_function("p => document.getElementById('filter-period').value === p", arg=loaded)
    assert "period=" not in page.url
    watch.assert_clean()


@pytest.mark.integration
def test_every_view_shows_data_where_the_period_has_some_and_never_mixes_period_kinds(ctx):
    """Walks every period × chain × chain metric × industry metric × campaign of the data."""
    from components import adapters as panels
    from components.view import View
    from metrics.periods import parse_period

    kinds = {p: parse_period(p).granularity for p in q.period_options(ctx.frame) + ["2017", "2018H1"]}
    label_kind = {}
    for code in set(ctx.frame["period"]):
        label_kind[parse_period(code).label("zh")] = parse_period(code).granularity
    campaigns = ("all", *ctx.choices.campaigns)
    built = {}  # each figure depends on part of the view: build it once per distinct part

    def once(key, build):
        if key not in built:
            built[key] = build()
        return built[key]

    for period, chain, cm, im, campaign in product(
        ctx.choices.periods, ("all", *q.CHAINS), q.CHAIN_METRICS, q.INDUSTRY_METRICS, campaigns
    ):
        view = View(period=period, chain=chain, cm=cm, im=im, campaign=campaign)
        figs = {
            "industry": once(("i", period, im), lambda v=view: panels.industry_figure(ctx, v, "zh")),
            "compare": once(("c", period, cm, chain), lambda v=view: panels.chain_compare(ctx, v, "zh")),
            "series": once(("s", period, chain), lambda v=view: panels.chain_series(ctx, v, "zh")),
            "campaign": once(("k", campaign), lambda v=view: panels.campaign_figure(ctx, v, "zh")),
            "overview": once(("o", period), lambda v=view: panels.overview_figure(ctx, v, "zh")),
        }
        has = {
            "compare": not q.chain_metric(ctx.frame, cm, period).empty,
            "series": not q.chain_series(ctx.frame, view.chains, period).empty,
            "industry": not (
                q.industry_growth(ctx.frame, period)
                if im == "growth"
                else q.industry_levels(ctx.frame, period)
            ).empty,
            "campaign": True,
            "overview": not q.growth_rows(ctx.frame, q.headline_codes(), period).empty,
        }
        for name, fig in figs.items():
            empty = len(fig.data) == 0
            assert empty != has[name], (name, view)
            if empty:
                assert (
                    "该时期无数据" not in fig.layout.annotations[0].text
                )  # the message names what is missing
            # period labels on an axis or in a legend are all of one kind
            found = set()
            for trace in fig.data:
                for value in [
                    trace.name,
                    *list(trace.x if trace.x is not None else ()),
                    *list(trace.y if trace.y is not None else ()),
                ]:
                    if isinstance(value, str) and value in label_kind:
                        found.add(label_kind[value])
            assert len(found) <= 1, (name, view, found)
    assert kinds  # the data has periods to walk


@pytest.mark.parametrize("width", [360, 1366])
def test_english_dropdown_values_are_never_truncated(page_factory, live_server, width):
    page, watch = open_dashboard(page_factory, live_server, width, 900, "?lang=en&cm=share&im=growth")
    if width < 768:
        page.click("#filters-toggle")
        page.wait_for_selector("#filters-drawer.show")
    page.evaluate("document.querySelectorAll('.panel').forEach(p => p.classList.remove('collapsed'))")
    cut = page.evaluate(
        """() => [...document.querySelectorAll('select.filter-select')]
          .filter(e => e.checkVisibility({visibilityProperty: true}))
          .filter(e => {  // the chosen option's text fits the select (its arrow aside)
            const probe = document.createElement('span');
            probe.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap;font:'
              + getComputedStyle(e).font;
            probe.textContent = e.selectedOptions[0].text;
            document.body.appendChild(probe);
            const room = e.clientWidth - parseFloat(getComputedStyle(e).paddingLeft)
              - parseFloat(getComputedStyle(e).paddingRight);
            const cut = probe.getBoundingClientRect().width > room + 1;
            probe.remove();
            return cut;
          }).map(e => e.selectedOptions[0].text)"""
    )
    assert cut == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # wrapped, not pushed out
    watch.assert_clean()
