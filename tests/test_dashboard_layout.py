"""The dashboard's layout at 1920×1080 and the poverty panel's downloads (issue 24 §5): the three
headline cards share their row (no empty column beside them), and each of the panel's download
files is offered once. zh and en, on the seed and on the 14-year data set."""

from __future__ import annotations

import pytest
from conftest import LiveServer
from helpers import wait_for_charts

from components.i18n import t

MAX_HOLE = 24  # px: more than a grid gap of empty space beside the last card is a hole

HOLE = """() => { const row = document.querySelector('.headline');
  const cards = [...row.querySelectorAll('.kpi-card')].filter(c => c.checkVisibility());
  return {cards: cards.length, hole: row.getBoundingClientRect().right
          - Math.max(...cards.map(c => c.getBoundingClientRect().right))}; }"""

DOWNLOADS = """() => { const links = [...document.querySelectorAll('#panel-poverty a.download-link')];
  return {files: links.map(a => new URL(a.href).pathname),
          rows: [...document.querySelectorAll('#panel-poverty .downloads')]
            .map(d => d.firstChild.textContent)}; }"""


@pytest.fixture(scope="module")
def decade_url(decade_dir):
    import app as app_module

    dash_app = app_module.create_app({"data_dir": str(decade_dir), "build_id": "layout-decade"})
    with LiveServer(dash_app.server) as server:
        yield server.url


@pytest.mark.parametrize("data", ["seed", "decade"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_headline_cards_fill_their_row_and_poverty_offers_each_file_once(
    page_factory, live_server, request, data, lang
):
    base = live_server.url if data == "seed" else request.getfixturevalue("decade_url")
    page, watch = page_factory(1920, 1080)
    page.goto(base + ("/?lang=en" if lang == "en" else "/"))
    wait_for_charts(page, 4, timeout=180000)
    layout = page.evaluate(HOLE)
    assert layout["cards"] >= 1 and layout["hole"] <= MAX_HOLE, layout

    page.wait_for_selector("#panel-poverty .js-plotly-plot")
    found = page.evaluate(DOWNLOADS)
    assert len(found["files"]) == len(set(found["files"])) >= 2, found
    assert found["rows"].count(t("download", lang)) == 1, found
    watch.assert_clean()
