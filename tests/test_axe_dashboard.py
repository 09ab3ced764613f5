"""axe-core on the dashboard `/` (issue 24): no serious or critical violation on a phone (390 px)
and on a desktop (1440 px), in zh and en, with the lower panels built and, on the phone, with the
filter drawer open too. axe is served from node_modules (tests/axe.py), never from the internet."""

from __future__ import annotations

import pytest
from axe import counts, summary, violations
from helpers import wait_for_charts


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width, height", [(390, 844), (1440, 900)])
def test_the_dashboard_has_no_serious_or_critical_axe_violation(
    page_factory, live_server, width, height, lang
):
    phone = width < 768
    page, watch = page_factory(width, height, bypass_csp=True, has_touch=phone, is_mobile=phone)
    page.goto(live_server.url + ("/?lang=en" if lang == "en" else "/"))
    wait_for_charts(page, 4, timeout=180000)
    found = violations(page)
    assert found == [], f"{counts(found)}\n{summary(found)}"
    if phone:
        page.tap("#filters-toggle")
        page.wait_for_function(
            "getComputedStyle(document.getElementById('filters-drawer')).transform === 'none'"
        )
        found = violations(page)
        assert found == [], f"drawer open: {counts(found)}\n{summary(found)}"
    watch.assert_clean()
