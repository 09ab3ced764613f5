"""The bench's own pieces stay working (the full run is `make bench`, a short one `make bench-smoke`):
the load driver against a live server, percentiles, and the report table. No timing is asserted."""

from __future__ import annotations

import pytest

from bench import load, traffic
from bench.load import pct
from bench.report import table


def test_load_driver_replays_bodies_without_errors(live_server, client):
    from components.context import Context
    from metrics import load as load_data

    port = int(live_server.url.rsplit(":", 1)[1])
    deps = client.get("/_dash-dependencies").json
    bodies = traffic.built_bodies(deps, Context.build(load_data()).choices, count=20)
    result = load.run(port, bodies, clients=3, total=30)
    assert result.requests == 30 and result.failures == 0, result.summary()
    assert sum(result.statuses.values()) == 30 and set(result.statuses) <= {200, 204}, result.statuses
    assert all(0 < ms < 30_000 for ms in result.latencies_ms), result.latencies_ms


def test_load_summary_reads_its_figures_from_the_latencies():
    result = load.LoadResult(clients=2, seconds=4.0, latencies_ms=[float(x) for x in range(100, 0, -1)])
    result.statuses = {200: 99, 500: 1}
    summary = result.summary()
    assert (summary["p50_ms"], summary["p95_ms"], summary["p99_ms"]) == (51.0, 95.0, 99.0)
    assert summary["requests"] == 100 and summary["throughput_rps"] == 25.0
    assert summary["failures"] == 1 and summary["mean_ms"] == 50.5


def test_load_driver_refuses_non_loopback_hosts():
    with pytest.raises(AssertionError, match="loopback"):
        load.run(80, [{}], clients=1, total=1, host="example.com")


def test_percentiles():
    assert pct([5, 1, 3, 2, 4], 50) == 3
    assert pct(list(range(1, 101)), 95) == 95
    assert pct([], 50) != pct([], 50)  # nan


def _report():
    view = {"bytes": 600_000, "requests": 25, "ms_to_first_viewport": 400.0, "ms_to_charts": 900.0, "runs": 5}
    slow = {
        "bytes": 6_000_000,
        "requests": 26,
        "ms_to_first_viewport": 2000.0,
        "ms_to_charts": 2500.0,
        "runs": 5,
    }
    run = {"throughput_rps": 500.0, "failures": 0, "p95_ms": 10.0, "p50_ms": 2.0}
    return {
        "first_view": {
            "optimized": {"/": dict(view), "/present": dict(view)},
            "defaults": {"/": dict(slow), "/present": dict(slow)},
        },
        "interaction": {
            "optimized": {"changes": 50, "p50_ms": 50.0, "p95_ms": 90.0},
            "defaults": {"changes": 50, "p50_ms": 400.0, "p95_ms": 700.0},
        },
        "server": {"one_user": run, "one_user_filter_callbacks": run, "users_10": run, "users_50": run},
        "memory": {
            "callbacks": 10_000,
            "rss_mb_after_boot": [90.0],
            "rss_mb_after_all": [120.0],
            "pss_mb_after_boot": [30.0],
            "pss_mb_after_all": [80.0],
            "master_rss_mb": 120.0,
            "growth_second_half_mb": [1.0],
        },
        "boot": [1.2, 1.3, 1.4],
    }


def test_report_table_marks_met_and_missed_targets():
    report = _report()
    text = table(report)
    assert "MISSED" not in text and "0.10 of 6,000,000 B" in text
    report["interaction"]["optimized"]["p95_ms"] = 300.0
    report["first_view"]["optimized"]["/"]["bytes"] = 720_000  # over 700 KB (KiB)
    lines = [ln for ln in table(report).splitlines() if "MISSED" in ln]
    assert len(lines) == 2 and any("dropdown" in ln for ln in lines)


def test_a_repaint_is_a_change_a_stylesheet_can_show(page_factory):
    """The interaction's watch (bench/browser.py WATCH_SCREEN): any change on screen moves `__last`;
    only one a pixel can show moves `__painted`, not a class or data-* attribute no rule names
    (as dcc.Graph's dash-graph--pending and Dash's data-dash-is-loading)."""
    from bench.browser import WATCH_SCREEN

    page, _ = page_factory()
    page.set_content(
        "<style>.shown { color: red } [data-open] { outline: 1px solid }</style><p id=p>text</p>"
    )
    page.evaluate(WATCH_SCREEN)
    marks = "[window.__last, window.__painted]"
    for change in (
        "p.classList.add('dash-graph--pending')",
        "p.classList.remove('dash-graph--pending')",
        "p.setAttribute('data-dash-is-loading', 'true')",
    ):
        before = page.evaluate(marks)
        page.evaluate(f"() => {{ const p = document.getElementById('p'); {change}; }}")
        page.wait_for_function("w => window.__last > w[0]", arg=before)
        assert page.evaluate("window.__painted") == before[1], change
    for change in ("p.classList.add('shown')", "p.setAttribute('data-open', '')", "p.textContent = 'new'"):
        before = page.evaluate(marks)
        page.evaluate(f"() => {{ const p = document.getElementById('p'); {change}; }}")
        page.wait_for_function("w => window.__painted > w[1]", arg=before)
