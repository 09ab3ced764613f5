"""Issue 25's lower findings: data text escaped in Plotly's hover and label markup, the JSON access
log written by an encoder, control characters in paths and queries refused, and what the asset URLs
say about versions."""

from __future__ import annotations

import json
import re

import pytest

import metrics
from components import catalog, figures, panel_figures, theme
from metrics import queries as q

HOSTILE = '<a href="https://evil.example/">点我</a>%{y}'


@pytest.fixture(scope="module")
def hostile():
    """The seed with every indicator and campaign name and every quote replaced by markup."""
    ds = metrics.load()
    frame = q.enrich(ds.observations, ds.indicators).copy()
    for column in ("name_zh", "name_en", "source_quote"):
        frame[column] = HOSTILE
    campaigns = ds.campaigns.copy()
    for column in ("name_zh", "name_en", "source_quote"):
        campaigns[column] = HOSTILE
    return frame, campaigns


def every_figure(frame, campaigns, lang: str):
    period = q.default_period(frame)
    codes = tuple(frame["indicator"].unique())
    yield figures.headline_growth_figure(q.growth_rows(frame, codes, period), period, lang, theme.LIGHT)
    yield panel_figures.industry_figure(q.industry_levels(frame, period), "level", period, lang, theme.LIGHT)
    yield figures.growth_figure(q.industry_growth(frame), period, lang, theme.LIGHT)
    yield panel_figures.chain_series_figure(q.chain_series(frame), lang, theme.LIGHT)
    yield panel_figures.campaign_figure(q.campaign_rows(campaigns, "all"), lang, theme.LIGHT)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_data_text_never_becomes_markup_in_a_figure(hostile, monkeypatch, lang):
    monkeypatch.setattr(catalog, "SHORT", {})  # the indicators' own names on the axes
    frame, campaigns = hostile
    shown = 0
    for fig in every_figure(frame, campaigns, lang):
        text = json.dumps(fig.to_plotly_json(), ensure_ascii=False)
        assert not re.search(r"<a\b", text, re.I), "a data link reached plotly.js's markup"
        shown += text.count("&lt;a href=")
        for trace in fig.data:
            template = trace.hovertemplate or ""
            assert "%{y}" not in template.replace("<b>%{y}</b>", ""), "data text became a placeholder"
    assert shown >= 5, "the names are shown, escaped, not dropped"


# ---------------------------------------------------------------- control characters, the access log


@pytest.mark.parametrize(
    "url", ["/%0a", "/present%0d%0aSet-Cookie:%20x=1", "/?period=2018%0a", "/?lang=%00", "/wall?slides=a%1b"]
)
def test_control_characters_in_a_path_or_query_are_refused_with_400(client, caplog, url):
    with caplog.at_level("WARNING", logger="serving.security"):
        response = client.get(url)
    assert response.status_code == 400 and b"control character" in response.data
    assert len(caplog.records) == 1 and caplog.records[0].exc_info is None


@pytest.mark.parametrize("url", ["/?period=2018", "/present?lang=en", "/?q=%E8%B5%A3%E5%B7%9E"])
def test_ordinary_urls_pass_the_control_character_guard(client, url):
    assert client.get(url).status_code == 200


def test_the_access_log_line_is_json_whatever_the_path():
    from serving import logs

    atoms = {"h": "1.2.3.4", "m": "GET", "U": '/a\nb"c\\', "s": "404", "B": 12, "M": 3, "p": "<7>"}
    line = logs.access_entry(atoms)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["path"] == '/a\nb"c\\' and entry["status"] == 404 and entry["ms"] == 3


# ---------------------------------------------------------------- version strings


@pytest.mark.parametrize("path", ["/", "/present", "/wall", "/briefing"])
def test_version_strings_appear_only_in_dashs_component_fingerprints(client, path):
    """What docs/operations.md says: Dash fingerprints its component bundles' URLs with the package
    version (`dash_renderer.v4_4_1m<mtime>.min.js`; no public switch turns that off); nothing else in
    a page names the Python, Dash, dbc or plotly version."""
    import platform

    import dash
    import dash_bootstrap_components as dbc
    import plotly

    html = client.get(path).get_data(as_text=True)
    suites = re.findall(r'"(/_dash-component-suites/[^"]+)"', html)
    assert any(f".v{dash.__version__.replace('.', '_')}m" in url for url in suites), "as documented"
    rest = re.sub(r'"/_dash-component-suites/[^"]+"', '""', html)
    for version in (dash.__version__, dbc.__version__, plotly.__version__, platform.python_version()):
        assert version not in rest and version.replace(".", "_") not in rest, version
