"""The dashboard loads in a real browser with every panel, every indicator of the data on the page,
and no request leaving the host."""

from helpers import open_every_part, wait_for_charts

import metrics
from metrics import queries as q

PANELS = ("overview", "industry", "chains", "poverty", "talent", "urban", "timeline")


def charted_indicators() -> set[str]:
    """Indicators the page shows in charts rather than cards."""
    chains = {f"{c}_{m}" for c in q.CHAINS for m in ("revenue", "enterprises", "share_of_industrial_revenue")}
    return chains | set(q.INDUSTRY_INDICATORS)


def test_dashboard_shows_every_indicator_offline(page_factory, live_server):
    page, watch = page_factory()
    page.goto(live_server.url + "/")
    wait_for_charts(page, 4)
    for panel in PANELS:
        assert page.locator(f"#panel-{panel}").is_visible(), panel
    open_every_part(page)  # the long tails are built when opened
    on_cards = set(page.eval_on_selector_all("[data-indicator]", "els => els.map(e => e.dataset.indicator)"))
    every = set(metrics.load().indicators["indicator"])
    assert every - on_cards - charted_indicators() == set()
    assert page.evaluate("window.__csp") == []
    watch.assert_clean()
