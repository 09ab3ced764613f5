"""The dashboard loads in a real browser with every panel and no request leaving the host."""

from conftest import wait_for_charts

PANELS = ("overview", "industry", "chains", "poverty", "talent", "urban", "timeline")


def test_dashboard_loads_every_panel_offline(page_factory, live_server):
    page, watch = page_factory()
    page.goto(live_server.url + "/")
    wait_for_charts(page, 4)
    for panel in PANELS:
        assert page.locator(f"#panel-{panel}").is_visible(), panel
    assert page.locator(".kpi-card").count() > 100
    assert page.evaluate("window.__csp") == []
    watch.assert_clean()
