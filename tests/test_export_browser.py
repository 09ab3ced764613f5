"""In a real Chromium: "下载图片" saves a panel's charts as one PNG with each chart's title (naming its
period), the zone's name and the source line (assets/09-export.js); the tab's title follows the
page and its language. Expected texts come from the server's own helpers and the data."""

import json
import struct

import pytest
from helpers import wait_for_charts

from components import adapters, downloads, layout
from components.context import Context
from components.i18n import t
from components.trends import KIND_LABELS
from metrics import load
from metrics.periods import label as period_label

RECORD = """() => { window.__exported = [];
  const original = window.Plotly.toImage;
  window.Plotly.toImage = (fig, opts) => {
    window.__exported.push({title: fig.layout.title && fig.layout.title.text, width: opts.width,
                            height: opts.height});
    return original(fig, opts);
  }; }"""


@pytest.fixture(scope="module")
def ctx():
    return Context.build(load())


def png_size(path) -> tuple[int, int]:
    with open(path, "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_png_holds_every_chart_of_the_panel_with_zone_period_and_source(
    page_factory, live_server, ctx, lang, tmp_path
):
    page, watch = page_factory(accept_downloads=True)
    page.goto(live_server.url + ("/?lang=en" if lang == "en" else "/"))
    page.wait_for_selector("#panel-chains", state="attached")
    page.click(".section-link[data-section=chains]")
    page.wait_for_selector("[data-graph=chain-compare-graph] .main-svg")
    wait_for_charts(page)
    caption = json.loads(page.get_attribute("[data-export]", "data-export"))
    assert caption == downloads.export_caption(ctx, lang)  # zone, source line, date from the server
    panel = "#panel-chains"
    shown = page.evaluate(
        f"""() => [...document.querySelectorAll('{panel} .js-plotly-plot')]
             .filter(g => g.offsetParent !== null && g._fullLayout.height >= 120)
             .map(g => ({{title: g.layout.title.text, height: g._fullLayout.height}}))"""
    )
    assert len(shown) >= 2  # the chains panel: the comparison and the revenue beside a year before
    page.evaluate(RECORD)
    with page.expect_download() as download:
        page.click(f"{panel} .png-button")
    path = tmp_path / "chart.png"
    download.value.save_as(path)
    exported = page.evaluate("window.__exported")
    assert [e["title"] for e in exported] == [s["title"] for s in shown]  # every chart, its own title
    # each title names its period; the chains over the years name the period's kind (全年, 上半年)
    period = period_label(ctx.choices.default_period, lang)
    zh, en = KIND_LABELS[adapters.kind_of(ctx.choices.default_period)]
    over_years = t("chains_trend_title", lang).format(en if lang == "en" else zh)
    assert all(period in e["title"] or e["title"] == over_years for e in exported), exported
    assert sum(period in e["title"] for e in exported) >= 2
    width, height = png_size(path)
    assert width == 2 * exported[0]["width"]
    assert height > 2 * sum(e["height"] for e in exported)  # room for the zone's name and the source
    # the page's own figures are untouched (the export drew copies)
    after = page.evaluate(
        f"() => [...document.querySelectorAll('{panel} .js-plotly-plot')].map(g => g.layout.width)"
    )
    assert all(w is None for w in after)
    watch.assert_clean()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", ["/", "/briefing", "/present"])
def test_the_tab_title_follows_the_page_and_its_language(page_factory, live_server, lang, path):
    page, watch = page_factory()
    page.goto(live_server.url + path + ("?lang=en" if lang == "en" else ""))
    expected = layout.page_titles()[path][lang]
    page.wait_for_function("t => document.title === t", arg=expected)
    assert page.title() == expected
    watch.assert_clean()
