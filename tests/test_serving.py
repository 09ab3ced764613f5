"""The production layer through the Flask test client: configuration parsing, security headers and
CSP, request guards on every Dash endpoint, compression and cache lifetimes, `/healthz`, logs, and
the opt-in 503 mode when the data fails to load."""

from __future__ import annotations

import gzip
import json
import logging
import re

import brotli
import pytest

from components import ids
from serving import compression, config, logs, security, unavailable
from serving.config import ConfigError, Settings
from serving.endpoints import DEPENDENCIES, UPDATE, location_callbacks, router_body

TRACEBACK = re.compile(r"Traceback|File \"|\.py\", line|werkzeug|Internal Server Error", re.I)


def _update_body(dash_app, output: str, inputs: list, state: list | None = None) -> dict:
    """A callback request the way dash-renderer posts it."""
    return {"output": output, "outputs": [], "inputs": inputs, "changedPropIds": [], "state": state or []}


def assert_short_4xx(response, status: int | None = None):
    assert 400 <= response.status_code < 500, (response.status_code, response.data[:200])
    if status is not None:
        assert response.status_code == status, response.data[:200]
    assert len(response.data) < 400
    assert not TRACEBACK.search(response.get_data(as_text=True))


# ---------------------------------------------------------------- configuration (pure)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("1", True),
        ("TRUE", True),
        (" yes ", True),
        ("on", True),
        ("0", False),
        ("False", False),
        ("no", False),
        ("", False),
    ],
)
def test_booleans_are_parsed_from_a_fixed_vocabulary(raw, expected):
    assert config.parse_bool("X", raw, default=not expected) is expected


@pytest.mark.parametrize("raw", ["Flase", "enabled", "2", "none"])
def test_unknown_boolean_words_are_an_error_not_true(raw):
    with pytest.raises(ConfigError, match="X="):
        config.parse_bool("X", raw, default=False)


def test_defaults_are_safe_for_production():
    s = Settings.from_env({})
    assert s.force_hsts is False and s.precompress is True
    assert s.frame_ancestors == "'none'"
    assert 512_000 <= s.max_content_length <= 2_000_000
    assert s.on_data_error == "fail"


def test_environment_overrides_are_parsed_explicitly():
    s = Settings.from_env(
        {
            "GETDZ_FORCE_HSTS": "False",
            "GETDZ_PRECOMPRESS": "0",
            "GETDZ_MAX_CONTENT_LENGTH": "65536",
            "GETDZ_FRAME_ANCESTORS": "'self' https://wall.example.gov.cn",
            "GETDZ_ON_DATA_ERROR": "Unavailable",
            "GETDZ_LOG_LEVEL": "warning",
            "SOURCE_VERSION": "abc123",
        }
    )
    assert s.force_hsts is False and s.precompress is False
    assert s.max_content_length == 65536
    assert s.frame_ancestors == "'self' https://wall.example.gov.cn"
    assert s.on_data_error == "unavailable" and s.log_level == "WARNING" and s.build_id == "abc123"


@pytest.mark.parametrize(
    "env",
    [
        {"GETDZ_MAX_CONTENT_LENGTH": "lots"},
        {"GETDZ_MAX_CONTENT_LENGTH": "10"},
        {"GETDZ_LOG_LEVEL": "loud"},
        {"GETDZ_ON_DATA_ERROR": "ignore"},
        {"GETDZ_FRAME_ANCESTORS": "'self'; script-src *"},
        {"GETDZ_FRAME_ANCESTORS": "'unsafe-inline'"},
        {"GETDZ_PRECOMPRESS": "maybe"},
    ],
)
def test_bad_settings_stop_the_boot_with_the_variable_named(env):
    with pytest.raises(ConfigError, match=next(iter(env))):
        Settings.from_env(env)


def test_gunicorn_config_follows_heroku_conventions(monkeypatch):
    import runpy

    from conftest import ROOT

    monkeypatch.delenv("PORT", raising=False)
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.delenv("HOST", raising=False)
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert conf["bind"] == "0.0.0.0:8050" and conf["workers"] == 2
    assert conf["worker_class"] == "serving.worker.HeadBufferingWorker" and conf["preload_app"] is True
    assert conf["timeout"] < 30 and conf["graceful_timeout"] < 30
    assert conf["max_requests"] > 0 and conf["max_requests_jitter"] > 0
    assert conf["accesslog"] == "-"
    monkeypatch.setenv("PORT", "9000")
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert conf["bind"] == "0.0.0.0:9000" and conf["workers"] == 3


def test_procfile_and_python_version():
    from conftest import ROOT

    procfile = dict(line.split(":", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line)
    assert procfile["web"].strip() == "MALLOC_ARENA_MAX=2 gunicorn app:server"
    assert "metrics check" in procfile["release"]
    assert (ROOT / ".python-version").read_text().strip() == "3.11"
    pins = [
        ln for ln in (ROOT / "requirements.txt").read_text().splitlines() if ln and not ln.startswith("#")
    ]
    assert pins and all("==" in ln for ln in pins), "the buildpack installs exact pins"


# ---------------------------------------------------------------- headers and CSP


def test_security_headers_and_csp_on_the_page(client, dash_app):
    response = client.get("/")
    headers = response.headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in headers  # plain http: no HSTS
    csp = dict(part.strip().split(" ", 1) for part in headers["Content-Security-Policy"].split(";"))
    scripts = csp["script-src"].split()
    assert scripts[0] == "'self'" and set(scripts[1:]) == set(dash_app.csp_hashes())
    assert "'unsafe-eval'" not in csp["script-src"] and "'unsafe-inline'" not in csp["script-src"]
    assert csp["style-src"] == "'self' 'unsafe-inline'"
    assert csp["connect-src"] == "'self'" and csp["default-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'"


def test_hsts_when_served_over_https(client):
    response = client.get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_frame_ancestors_are_configurable():
    policy = security.content_security_policy(["'sha256-x'"], "'self' https://wall.example.gov.cn")
    assert "frame-ancestors 'self' https://wall.example.gov.cn" in policy
    assert "script-src 'self' 'sha256-x'" in policy


def test_every_inline_script_of_the_page_is_hashed(client, dash_app):
    import base64
    import hashlib

    html = client.get("/").get_data(as_text=True)
    inline = re.findall(r"<script(?![^>]*\b(?:src=|type=\"application/json))[^>]*>(.*?)</script>", html, re.S)
    assert inline, "Dash's bootstrap script is inline"
    allowed = set(dash_app.csp_hashes())
    for body in inline:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in allowed


def test_debug_and_dev_tools_are_off(dash_app, client):
    assert dash_app.server.debug is False
    assert dash_app._dev_tools.ui is not True and dash_app._dev_tools.hot_reload is not True
    html = client.get("/").get_data(as_text=True)
    assert "dash_renderer.dev" not in html and ".dev.js" not in html
    config_json = json.loads(
        re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>', html, re.S).group(1)
    )
    assert config_json.get("ui") is False and config_json.get("hot_reload") is None


# ---------------------------------------------------------------- request guards on Dash endpoints


def _components(tree):
    """The props of every component in a serialised Dash tree."""
    if isinstance(tree, list):
        for item in tree:
            yield from _components(item)
    elif isinstance(tree, dict) and "props" in tree:
        yield tree["props"]
        yield from _components(tree["props"].get("children"))


def _router(client) -> dict:
    return location_callbacks(client.get(DEPENDENCIES).json)[0]


def test_a_well_formed_callback_still_answers(client):
    response = client.post(UPDATE, json=router_body(_router(client), "/", "?period=2018&lang=en"))
    assert response.status_code == 200, response.data[:300]
    page = response.json["response"]["page"]["children"]
    assert [o.get("value") for o in _components(page) if o.get("id") == ids.PERIOD] == ["2018"]
    assert response.json["response"]["view-store"]["data"]["search"] == "?lang=en&period=2018"


@pytest.mark.parametrize(
    "name, kwargs, status",
    [
        ("malformed JSON", dict(data=b"{", content_type="application/json"), 400),
        ("empty object", dict(json={}), 400),
        ("a list", dict(json=[1, 2]), 400),
        ("null", dict(data=b"null", content_type="application/json"), 400),
        ("text/plain", dict(data=b"{}", content_type="text/plain"), 415),
        ("form", dict(data={"a": "b"}), 415),
        ("non-UTF-8", dict(data=b'{"output": "\xff\xfe"}', content_type="application/json"), 400),
        (
            "latin-1 charset",
            dict(data='{"output": "é"}'.encode("latin-1"), content_type="application/json; charset=latin-1"),
            400,
        ),
        ("deep nesting", dict(data=b"[" * 50_000 + b"]" * 50_000, content_type="application/json"), 400),
        (
            "unknown output",
            dict(
                json={
                    "output": "nope.children",
                    "outputs": {"id": "nope", "property": "children"},
                    "inputs": [],
                    "changedPropIds": [],
                }
            ),
            400,
        ),
        (
            "inputs not a list",
            dict(json={"output": "industry-graph.figure", "inputs": "x", "changedPropIds": []}),
            400,
        ),
        (
            "input without id",
            dict(json={"output": "industry-graph.figure", "inputs": [{"value": 1}], "changedPropIds": []}),
            400,
        ),
        (
            "over the size limit",
            dict(data=b'"' + b"a" * 2_000_000 + b'"', content_type="application/json"),
            413,
        ),
    ],
)
def test_malformed_callback_requests_get_a_short_4xx(client, name, kwargs, status):
    assert_short_4xx(client.post(UPDATE, **kwargs), status)


def test_callback_with_missing_outputs_key_is_a_4xx(client):
    body = router_body(_router(client), "/", "?period=2018")
    assert client.post(UPDATE, json=body).status_code == 200  # its answer is now cached
    del body["outputs"]
    assert_short_4xx(client.post(UPDATE, json=body))  # and never replayed for a malformed body
    body["outputs"] = [{"id": "page", "property": "children"}]
    assert_short_4xx(client.post(UPDATE, json=body))


def test_callback_endpoint_refuses_get(client):
    assert_short_4xx(client.get(UPDATE), 405)


@pytest.mark.parametrize(
    "path",
    [
        "/_dash-component-suites/nope/x.js",
        "/_dash-component-suites/dash/../../../etc/passwd",
        "/_dash-component-suites/dash/dcc/not-a-file.js",
        "/_dash-component-suites/dash/%00.js",
    ],
)
def test_bad_component_suite_paths_are_404(client, path):
    # a NUL is a control character: refused before any route looks (tests/test_lower_findings.py)
    assert_short_4xx(client.get(path), 400 if "%00" in path else 404)


@pytest.mark.parametrize(
    "method, path",
    [
        ("POST", "/_dash-layout"),
        ("POST", "/_dash-dependencies"),
        ("DELETE", "/"),
        ("PUT", UPDATE),
        ("POST", "/_reload-hash"),
        ("POST", "/healthz"),
    ],
)
def test_wrong_methods_are_4xx(client, method, path):
    assert_short_4xx(client.open(path, method=method, data=b"x"))


def test_read_endpoints_answer(client):
    for path in ("/_dash-layout", "/_dash-dependencies", "/_favicon.ico"):
        assert client.get(path).status_code == 200, path


def test_an_unknown_page_or_hostile_query_is_not_a_server_error(client):
    for path in (
        "/no-such-page",
        "/?period=1999&chain=moon",
        "/?" + "a=" + "x" * 5000,
        "/%ff%fe",
        "/?lang=%ff",
        "/present?slides=9999",
    ):
        assert client.get(path).status_code < 500, path


# ---------------------------------------------------------------- compression and caching


@pytest.fixture(scope="module")
def fresh_app():
    """A separate app instance, so compression counters start from zero."""
    import app as app_module

    dash_app = app_module.create_app({"build_id": "test-build"})
    test_client = dash_app.server.test_client()
    assert test_client.get("/").status_code == 200
    return dash_app, test_client


def _asset_url(client, name: str) -> str:
    html = client.get("/").get_data(as_text=True)
    return re.search(rf'(?:src|href)="([^"]*{re.escape(name)}[^"]*)"', html).group(1)


@pytest.mark.integration
def test_plotly_bundle_served_as_best_brotli_once(fresh_app, monkeypatch):
    dash_app, test_client = fresh_app
    calls = []
    real = compression.compress
    monkeypatch.setattr(
        compression,
        "compress",
        lambda data, enc, best: calls.append((len(data), enc, best)) or real(data, enc, best),
    )
    url = _asset_url(test_client, "00-plotly-basic.min.js")
    assert "?m=" in url
    raw = dash_app.config.assets_folder + "/00-plotly-basic.min.js"
    with open(raw, "rb") as fh:
        identity = fh.read()
    first = test_client.get(url, headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert first.headers["Content-Encoding"] == "br"
    assert brotli.decompress(first.data) == identity
    dash_app.server.extensions["getdz_static_compressor"].wait()  # the background best-level pass
    big = [c for c in calls if c[0] == len(identity)]
    assert big == [(len(identity), "br", False), (len(identity), "br", True)]
    second = test_client.get(url, headers={"Accept-Encoding": "br"})
    third = test_client.get(url, headers={"Accept-Encoding": "gzip, br"})
    assert second.data == third.data == brotli.compress(identity, quality=11)
    assert len([c for c in calls if c[0] == len(identity)]) == 2, "served from the cache, not recompressed"
    assert len(second.data) < 0.3 * len(identity)
    for response in (first, second):
        assert "Accept-Encoding" in response.headers["Vary"]
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_gzip_only_clients_and_identity_clients(fresh_app):
    _, test_client = fresh_app
    url = _asset_url(test_client, "00-plotly-basic.min.js")
    gz = test_client.get(url, headers={"Accept-Encoding": "gzip"})
    assert gz.headers["Content-Encoding"] == "gzip"
    plain = test_client.get(url, headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers
    assert gzip.decompress(gz.data) == plain.data
    refused = test_client.get(url, headers={"Accept-Encoding": "br;q=0, gzip;q=0"})
    assert "Content-Encoding" not in refused.headers


def test_fingerprinted_component_suites_keep_a_year_of_cache(fresh_app):
    _, test_client = fresh_app
    html = test_client.get("/").get_data(as_text=True)
    suites = re.findall(r'src="(/_dash-component-suites/[^"]+)"', html)
    assert len(suites) >= 5
    for url in suites:
        response = test_client.get(url, headers={"Accept-Encoding": "br"})
        assert response.status_code == 200, url
        if re.search(r"\.v[0-9_]+m[0-9]+\.", url):
            assert "max-age=31536000" in response.headers["Cache-Control"], url
            assert "public" in response.headers["Cache-Control"], url
        if len(response.data) > 2048:
            assert response.headers["Content-Encoding"] == "br", url


def test_dynamic_json_is_compressed_but_not_cached(fresh_app):
    _, test_client = fresh_app
    response = test_client.get("/_dash-dependencies", headers={"Accept-Encoding": "br"})
    assert response.headers["Content-Encoding"] == "br"
    assert json.loads(brotli.decompress(response.data))
    assert "max-age=31536000" not in response.headers.get("Cache-Control", "")


def test_choose_encoding():
    assert compression.choose_encoding("gzip, deflate, br, zstd") == "br"
    assert compression.choose_encoding("gzip;q=1.0, br;q=0") == "gzip"
    assert compression.choose_encoding("br;q=bogus, gzip") == "gzip"
    assert compression.choose_encoding("") is None
    assert compression.choose_encoding("identity") is None


def test_static_compressor_shares_best_results_through_a_cache_dir(tmp_path):
    body = b"plotly " * 5000
    first = compression.StaticCompressor(str(tmp_path))
    fast = first.get(body, "br")
    first.wait()
    assert brotli.decompress(fast) == body
    assert len(list(tmp_path.iterdir())) == 1
    sibling = compression.StaticCompressor(str(tmp_path))  # another worker, or a restart
    assert sibling.get(body, "br") == brotli.compress(body, quality=11)


# ---------------------------------------------------------------- health, logs


def test_healthz_reports_data_version_and_build(fresh_app, dash_app):
    _, test_client = fresh_app
    response = test_client.get("/healthz")
    assert response.status_code == 200
    assert response.json["status"] == "ok" and response.json["build_id"] == "test-build"
    assert re.fullmatch(r"[0-9a-f]{12}", response.json["data_version"])
    assert response.headers["Cache-Control"] == "no-store"


def test_logs_are_one_json_object_per_line():
    import io

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.JsonFormatter())
    logger = logging.getLogger("getdz.test")
    logger.addHandler(handler)
    try:
        logger.warning("数据 %s", "ok")
        try:
            raise ValueError("boom")
        except ValueError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    lines = [json.loads(ln) for ln in stream.getvalue().splitlines()]
    assert len(lines) == 2
    assert lines[0]["msg"] == "数据 ok" and lines[0]["level"] == "warning" and lines[0]["ts"].endswith("Z")
    assert "ValueError: boom" in lines[1]["exc"]


def test_logging_goes_to_stdout_once():
    import sys

    logs.configure("INFO")
    logs.configure("INFO")
    ours = [h for h in logging.getLogger().handlers if getattr(h, "_getdz", False)]
    assert len(ours) == 1 and ours[0].stream in (sys.stdout, sys.__stdout__)


# ---------------------------------------------------------------- bad data: fail fast, or 503 (opt-in)


def test_bad_data_stops_the_boot_by_default(bad_data_dir):
    import app as app_module
    from metrics import DataError

    with pytest.raises(DataError, match="observations.csv"):
        app_module.create_app({"data_dir": str(bad_data_dir)})


@pytest.mark.integration
def test_release_check_fails_first_on_bad_data(bad_data_dir):
    import subprocess
    import sys

    from conftest import ROOT

    result = subprocess.run(
        [sys.executable, "-m", "metrics", "check", "--data-dir", str(bad_data_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "observations.csv" in result.stdout + result.stderr


def test_opt_in_unavailable_mode_serves_503(bad_data_dir):
    import app as app_module

    dash_app = app_module.create_app(
        {"data_dir": str(bad_data_dir), "on_data_error": "unavailable", "build_id": "b1"}
    )
    test_client = dash_app.server.test_client()
    health = test_client.get("/healthz")
    assert health.status_code == 503
    assert health.json == {"status": "unavailable", "problems": 1, "build_id": "b1"}
    assert "observations.csv" not in health.get_data(as_text=True)
    page = test_client.get("/")
    assert page.status_code == 503 and page.mimetype == "text/html"
    assert "数据暂不可用" in page.get_data(as_text=True) and "<script" not in page.get_data(as_text=True)
    assert test_client.post(UPDATE, json={}).status_code == 503
    assert test_client.get("/_dash-layout").status_code == 503


def test_unavailable_page_escapes_the_error():
    assert "&lt;b&gt;" in unavailable.page("<b>", "x")
    assert unavailable.summary(ValueError("x" * 5000), limit=100).endswith("…")


def test_a_burst_of_malformed_requests_leaves_the_app_healthy(client):
    for _ in range(50):
        assert_short_4xx(client.post(UPDATE, data=b"{", content_type="application/json"))
    assert client.get("/healthz").status_code == 200


# ---------------------------------------------------------------- warm-up in the master


@pytest.mark.integration
def test_warm_up_renders_the_pages_through_the_router(fresh_app):
    from serving import warmup

    dash_app, test_client = fresh_app
    deps = test_client.get("/_dash-dependencies").json
    routers = warmup.location_callbacks(deps)
    assert len(routers) == 1 and routers[0]["output"].startswith("..page.children")
    body = warmup.router_body(routers[0], "/present", "?lang=en")
    assert body["inputs"][0]["value"] == "/present" and body["inputs"][1]["value"] == "?lang=en"
    assert test_client.post(UPDATE, json=body).status_code == 200
    result = warmup.warm(dash_app.server)
    assert result["renders"] == 4  # every page of the route table


@pytest.mark.integration
def test_after_the_warm_up_a_browser_on_any_host_gets_the_pages_as_rendered(fresh_app):
    """What the master's warm-up leaves (its test client's Host is localhost) is what a browser's
    first request asks for on another host, compressed: the answer is replayed, no page is rendered
    again. Only the briefing, which prints absolute links, is rendered per host."""
    from serving import warmup

    dash_app, test_client = fresh_app
    server = dash_app.server
    warmup.warm(server)
    pages, answers = server.extensions["getdz_page_cache"], server.extensions["getdz_answer_cache"]
    dep = warmup.location_callbacks(test_client.get("/_dash-dependencies").json)[0]
    browser = {"Host": "127.0.0.1:8050", "Accept-Encoding": warmup.BROWSERS_ENCODINGS}
    rendered, kept = len(pages), len(answers)
    for path in ("/", "/present", "/wall"):
        response = test_client.post(UPDATE, json=warmup.router_body(dep, path), headers=browser)
        assert response.status_code == 200 and response.headers["Content-Encoding"] == "br", path
    assert (len(pages), len(answers)) == (rendered, kept)
    briefing = test_client.post(UPDATE, json=warmup.router_body(dep, "/briefing"), headers=browser)
    assert briefing.status_code == 200 and len(pages) == rendered + 1
    assert "127.0.0.1:8050" in brotli.decompress(briefing.data).decode()  # its QR code and link


@pytest.mark.integration
def test_each_worker_builds_the_filters_variants_in_the_background(fresh_app, caplog, monkeypatch):
    from serving import warmup

    dash_app, _ = fresh_app
    server = dash_app.server
    gets = server.extensions["getdz_warm_gets"]
    assert [path for path, _ in gets] == ["/variants/zh.json"]  # the filters' variants, as browsers ask
    answers = []
    make_client = server.test_client

    def recording_client():
        client = make_client()
        get = client.get
        client.get = lambda path, **kw: answers.append((path, get(path, **kw).status_code)) or answers[-1]
        return client

    monkeypatch.setattr(server, "test_client", recording_client)
    with caplog.at_level(logging.WARNING, logger="serving.warmup"):
        warmup.warm_in_background(server).join(60)
    assert answers == [("/variants/zh.json", 200)] and not caplog.records


def test_warm_up_never_raises_and_logs_the_failure(caplog):
    from flask import Flask

    from serving import warmup

    broken = Flask("broken")
    broken.config["PROPAGATE_EXCEPTIONS"] = True  # the fault reaches warm() itself

    @broken.get("/_dash-dependencies")
    def _deps():
        raise RuntimeError("renderer went away")

    with caplog.at_level(logging.INFO, logger="serving.warmup"):
        result = warmup.warm(broken)
    assert result["renders"] == 0 and 0 <= result["seconds"] < 5
    failed = [r for r in caplog.records if r.getMessage() == "warm-up failed"]
    assert len(failed) == 1 and failed[0].levelno == logging.WARNING


def test_gunicorn_warms_in_the_master_before_forking(monkeypatch):
    import runpy

    from conftest import ROOT

    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert callable(conf["when_ready"]) and conf["preload_app"] is True


def test_plotly_loads_as_dash_loads_it_on_every_page(client):
    """Every page draws with dcc.Graph and loads plotly.js before the renderer, as Dash does (the
    partial bundle in assets/, never Dash's full one)."""
    bundle = re.compile(r"<(script|link|meta)[^>]*00-plotly-basic\.min\.js[^>]*>")

    def tags(path: str) -> list[str]:
        return [m.group(0) for m in bundle.finditer(client.get(path).get_data(as_text=True))]

    for path in ("/", "/?lang=en", "/present", "/wall/", "/present?slides=nev", "/briefing"):
        [tag] = tags(path)
        assert tag.startswith("<script src="), tag
