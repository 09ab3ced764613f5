"""Production shape, proven end to end: real gunicorn on `$PORT`, nothing fetched from the internet,
only the trace types the vendored plotly.js bundle has, zero CSP violations while the app is used,
and plotly's modebar in Chinese (English with `?lang=en`)."""

from __future__ import annotations

import json
import re
import socket

import pytest
from helpers import ROOT, wait_for_charts

from bench import servers, traffic
from components import figures, ids
from serving.endpoints import UPDATE, router_body

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//|@import|url\(\s*["']?(?:https?:)?//""", re.I)


# ---------------------------------------------------------------- gunicorn as in the Procfile


def test_gunicorn_binds_port_from_the_environment_and_answers_healthz(gunicorn_factory):
    port = servers.free_port()
    with gunicorn_factory(
        port=port, env={"WEB_CONCURRENCY": "1", "HOST": "127.0.0.1"}, boot_timeout=90
    ) as gunicorn:
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
        health = gunicorn.health()
        assert health["status"] == "ok" and health["data_version"] and health["build_id"]
        assert len(gunicorn.workers()) == 1
        status, body = servers.get(port, "/")
        assert status == 200 and b"_dash-config" in body
    assert gunicorn.proc.returncode == 0, "SIGTERM is a clean, graceful shutdown"


# ---------------------------------------------------------------- trace types vs the bundle


def _dicts(node):
    """Every dict inside a JSON tree (layout or callback response), depth first."""
    if isinstance(node, dict):
        yield node
        node = list(node.values())
    if isinstance(node, list):
        for value in node:
            yield from _dicts(value)


def _boxes(node, key: str):
    """What the chart boxes of a JSON tree carry under `key` (data-figure, data-config), parsed."""
    return (
        json.loads(d["props"][key])
        for d in _dicts(node)
        if isinstance(d.get("props"), dict) and isinstance(d["props"].get(key), str)
    )


def _figures(node):
    """Every plotly figure inside a JSON tree: a dcc.Graph's figure or a chart box's."""
    inline = (
        d for d in _dicts(node) if isinstance(d.get("data"), list) and isinstance(d.get("layout"), dict)
    )
    return [*inline, *_boxes(node, "data-figure")]


def _configs(node):
    """The config of every dcc.Graph and chart box inside a JSON tree."""
    graphs = (
        d["props"].get("config") or {}
        for d in _dicts(node)
        if d.get("type") == "Graph" and d.get("namespace") == "dash_core_components"
    )
    return [*graphs, *_boxes(node, "data-config")]


def _trace_types(node) -> set[str]:
    return {trace.get("type", "scatter") for fig in _figures(node) for trace in fig["data"]}


ROUTER = {
    "output": f"..{ids.PAGE}.children...{ids.VIEW_STORE}.data..",
    "inputs": [{"id": ids.URL, "property": "pathname"}, {"id": ids.URL, "property": "search"}],
    "state": [{"id": ids.VIEW_STORE, "property": "data"}],
}


def _router_body(pathname: str, search: str) -> dict:
    return router_body(ROUTER, pathname, search)


def _searches(choices) -> list[str]:
    options = traffic.filter_values(choices)
    names = {
        "filter-period": "period",
        "filter-chain": "chain",
        "filter-chain-metric": "cm",
        "filter-industry-metric": "im",
        "filter-campaign": "campaign",
    }
    out = ["", "?lang=en"]
    for key, name in names.items():
        for value in options[f"{key}.value"]:
            out += [f"?{name}={value}", f"?{name}={value}&lang=en"]
    return out


@pytest.mark.browser  # renders every page and 300 callbacks: tiered with the server tests, not unit
def test_every_figure_the_app_draws_uses_a_bundled_trace_type_and_no_cloud_button(client, dash_app):
    from components.context import Context
    from metrics import load

    choices = Context.build(load()).choices
    seen: set[str] = set()
    graphs = configs = 0
    for path in traffic.PAGES:
        for search in _searches(choices) if path == "/" else ["", "?lang=en", "?chain=nev"]:
            response = client.post(UPDATE, json=_router_body(path, search))
            assert response.status_code in (200, 204), (path, search, response.status_code)
            if response.status_code == 200:
                tree = response.json
                graphs += len(list(_figures(tree)))
                seen |= _trace_types(tree)
                for config in _configs(tree):  # and no graph offers cloud sharing or the logo
                    configs += 1
                    assert config.get("showSendToCloud") is False, (path, search, config)
                    assert config.get("displaylogo") is False, (path, search, config)
    deps = client.get("/_dash-dependencies").json
    for body in traffic.built_bodies(deps, choices, count=300):
        response = client.post(UPDATE, json=body)
        assert response.status_code in (200, 204), (body["output"], response.data[:200])
        if response.status_code == 200:
            seen |= _trace_types(response.json)
    assert graphs > 50 and seen and configs >= graphs, "the pages draw figures"
    assert seen <= figures.TRACE_TYPES, f"not in the vendored bundle: {seen - figures.TRACE_TYPES}"


def test_the_vendored_bundle_is_the_partial_one():
    bundle = (ROOT / "assets" / "00-plotly-basic.min.js").read_text(encoding="utf-8")
    assert "plotly.js (basic - minified) v" in bundle[:200]
    assert len(bundle.encode()) < 1_500_000  # the full bundle is 4.8 MB


# ---------------------------------------------------------------- nothing from the internet


def test_served_page_and_assets_reference_no_external_host(client):
    html = client.get("/").get_data(as_text=True)
    assert not EXTERNAL.search(html), EXTERNAL.search(html)
    for path in sorted((ROOT / "assets").glob("*.css")):
        text = path.read_text(encoding="utf-8")
        match = EXTERNAL.search(text)
        assert not match, f"{path.name}: {text[max(0, match.start() - 40) : match.end() + 60]}"
    assert "fonts.googleapis" not in (ROOT / "assets" / "00-bootstrap.min.css").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", ["/", "/present", "/wall?lang=en"])
def test_pages_load_with_every_request_on_the_host(page_factory, live_server, path):
    page, watch = page_factory()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(live_server.url + path)
    wait_for_charts(page, 1)
    page.wait_for_load_state("networkidle")
    assert requests and all(u.startswith(live_server.url) or u.startswith("data:") for u in requests)
    assert not any("plotly.min.js" in u or "cdn" in u for u in requests)
    watch.assert_clean()


# ---------------------------------------------------------------- in the browser: bundle, CSP, locale


def test_bundle_registers_every_trace_type_the_app_uses(page_factory, live_server):
    page, watch = page_factory()
    page.goto(live_server.url + "/")
    wait_for_charts(page, 1)
    registered = set(page.evaluate("Object.keys(Plotly.PlotSchema.get().traces)"))
    assert figures.TRACE_TYPES <= registered, figures.TRACE_TYPES - registered
    assert "scattergl" not in registered and "choropleth" not in registered, "the partial bundle is used"
    watch.assert_clean()


def test_no_csp_violation_while_using_the_app(page_factory, live_server):
    page, watch = page_factory()
    response = page.goto(live_server.url + "/")
    assert "script-src 'self' 'sha256-" in response.headers["content-security-policy"]
    wait_for_charts(page, 4)
    for dropdown_id, value in ((ids.PERIOD, "2018"), (ids.CHAIN, "nev"), (ids.CHAIN_METRIC, "yoy")):
        values = traffic.dropdown_values(page, dropdown_id)
        traffic.choose(page, dropdown_id, value if value in values else values[-1])
        page.wait_for_load_state("networkidle")
    page.locator(f"#{ids.INDUSTRY_GRAPH} .nsewdrag").first.hover()  # a plot area (small multiples)
    page.goto(live_server.url + "/?lang=en&period=2018")
    wait_for_charts(page, 4)
    page.goto(live_server.url + "/present")
    wait_for_charts(page, 1)
    for key in ("ArrowRight", "ArrowRight", "PageDown", "ArrowLeft"):
        page.keyboard.press(key)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__csp") == []
    # the listener works: an injected inline script is refused and reported. Wait on the events
    # (page.evaluate is not subject to the page's CSP; wait_for_function's polling is, as it uses eval)
    with page.expect_console_message(lambda m: "Content Security Policy" in m.text):
        directive = page.evaluate(
            "() => new Promise(resolve => {"
            " document.addEventListener('securitypolicyviolation', e => resolve(e.violatedDirective),"
            " {once: true}); setTimeout(() => resolve('none within 10 s'), 10000);"
            " const s = document.createElement('script'); s.textContent = 'window.__x = 1';"
            " document.body.appendChild(s); })"
        )
    assert directive.startswith("script-src"), directive
    assert page.evaluate("window.__csp.length") > 0
    assert page.evaluate("window.__x") is None
    watch.console_errors = [e for e in watch.console_errors if "Content Security Policy" not in e]
    watch.assert_clean()


@pytest.mark.parametrize("lang, title", [("zh", "下载此图 (PNG)"), ("en", "Download this chart (PNG)")])
def test_modebar_stays_off_and_png_export_speaks_the_page_language(page_factory, live_server, lang, title):
    page, watch = page_factory()
    page.goto(live_server.url + ("/?lang=en" if lang == "en" else "/"))
    wait_for_charts(page, 1)
    graph = page.locator(".js-plotly-plot").first
    graph.hover()
    assert graph.locator(".modebar-btn").count() == 0  # the modebar stays off (issue 11)
    button = page.locator("#panel-industry .png-button")
    assert button.get_attribute("title") == title
    with page.expect_download() as download:  # PNG export stays one click away
        button.click()
    assert download.value.suggested_filename.endswith(".png")
    watch.assert_clean()
