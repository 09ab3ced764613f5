"""Every period in the filter of `/` on the 14-year data set (issue 23): chosen in the page's own
period select, each shows a full first screen (every headline card with a value) or one with a note
naming what the period lacks. The periods are read from the page, the expected notes from the data
(components.adapters.period_note, metrics.coverage), never written here."""

from __future__ import annotations

import pytest
from test_dashboard_trends import open_first_screen

import app as app_module
import metrics
from components import adapters, ids
from components.context import Context
from metrics import coverage
from pages.dashboard import rules


@pytest.fixture(scope="module")
def decade(decade_dir):
    return Context.build(metrics.load(decade_dir))


@pytest.fixture(scope="module")
def decade_server(decade_dir):
    from conftest import LiveServer

    with LiveServer(app_module.create_app({"data_dir": str(decade_dir)}).server) as server:
        yield server


def test_the_note_names_what_a_period_lacks_and_marks_a_thin_one(decade):
    """rules.period_note, on the periods of the 14-year data that lack a headline figure: shown
    (its text from components.adapters), marked thin when the period cannot fill the first screen;
    hidden for a period that lacks nothing."""
    shown = {}
    for period in decade.choices.periods:
        note = rules.period_note(decade, period, "zh")
        lacks = coverage.coverage(decade.frame, period).lacks
        assert note["children"] == adapters.period_note(decade, period, "zh", always=True)
        assert ("hidden" in note["className"].split()) == (not lacks)
        shown[period] = note["className"]
    assert {"period-note", "period-note thin", "period-note hidden"} <= set(shown.values()), shown
    thin = [p for p, c in shown.items() if c.endswith("thin")]
    assert thin and all(not coverage.coverage(decade.frame, p).full for p in thin)
    assert rules.note_props(decade, thin[0], "en")[ids.PERIOD_NOTE]["children"] == (
        adapters.period_note(decade, thin[0], "en")
    )


OPTIONS = f"""() => [...document.getElementById('{ids.PERIOD}').options]
  .map(o => ({{value: o.value, text: o.text, disabled: o.disabled}}))"""

# the first screen once the period filter has drawn `period` (the lead trend is keyed by it: the
# cards and the note come in the same callback's answer) and no callback is running
SHOWN = """period => { const gd = document.querySelector('[data-graph="trend-graph"] .js-plotly-plot');
  return gd && gd.layout.meta === period && !document.querySelector('._dash-loading-callback')
    && document.getElementById('filter-period').value === period; }"""

FIRST_SCREEN = f"""() => {{
  const seen = e => {{ const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.top >= 0 && r.bottom <= innerHeight; }};
  const note = document.getElementById('{ids.PERIOD_NOTE}');
  return {{
    note: {{text: note.textContent, cls: note.className, seen: seen(note)}},
    cards: [...document.querySelectorAll('.first-main .kpi-card')].map(c => ({{
      code: c.dataset.indicator, name: c.querySelector('.kpi-head').textContent,
      value: c.querySelector('.kpi-value').textContent, seen: seen(c)}})),
  }}; }}"""


# each change fetches the period's variants (what the filters set; built when first asked for)
WAIT_MS = 30_000


def test_every_period_shows_a_full_first_screen_or_says_what_it_lacks(page_factory, decade_server, decade):
    lang = "zh"
    page, watch = page_factory(1366, 768)
    open_first_screen(page, decade_server.url + "/")
    options = page.evaluate(OPTIONS)
    periods = [o["value"] for o in options if not o["disabled"]]
    assert sorted(periods) == sorted(decade.choices.periods)  # every period offered, once
    noted, full = [], []
    for period in periods:
        page.select_option(f"#{ids.PERIOD}", period)
        page.wait_for_function(SHOWN, arg=period, timeout=WAIT_MS)
        screen = page.evaluate(FIRST_SCREEN)
        expected = adapters.period_note(decade, period, lang, always=True)  # "" when it lacks nothing
        note = screen["note"]
        assert note["text"] == expected and note["seen"] == bool(expected), (period, note)
        thin = not coverage.coverage(decade.frame, period).full
        assert ("thin" in note["cls"].split()) == (thin and bool(expected)), (period, note)
        cards = screen["cards"]
        assert len(cards) == len(adapters.overview_codes()), cards  # the headline set, every card
        # each headline card is in view with a value, or the note names it
        unshown = [c for c in cards if not (c["seen"] and c["value"].strip() not in ("", "—"))]
        assert all(c["name"] in note["text"] for c in unshown), (period, unshown, note)
        (noted if expected else full).append(period)
    # the 14-year data has both kinds: a note the filter must show and hide again
    assert noted and full, (noted, full)
    watch.assert_clean()
