"""Downloads: each panel's CSV/XLSX and the dataset workbook, checked row by row against the data."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import unquote

import openpyxl
import pandas as pd
import pytest

import metrics
from callbacks.exports import content_disposition, resolve
from components import catalog, downloads
from components.context import Context
from components.i18n import t
from components.view import View, parse_view
from metrics import exports as mx

PANELS = downloads.PANELS


@pytest.fixture(scope="module")
def ctx():
    return Context.build(metrics.load())


def read_csv(body: bytes) -> list[dict]:
    assert body.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 byte-order mark"
    return list(csv.DictReader(io.StringIO(body[3:].decode("utf-8"))))


def read_xlsx(body: bytes) -> dict[str, list[dict]]:
    book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
    out = {}
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        out[sheet.title] = [dict(zip(rows[0], r, strict=False)) for r in rows[1:]] if rows else []
    return out


def header(column: str, lang: str) -> str:
    return t(f"col_{column}", lang)


def number(text) -> float | None:
    if text is None or text == "":
        return None
    return float(text)


def same(a, b) -> bool:
    if a is None or (isinstance(a, float) and pd.isna(a)):
        return b is None or (isinstance(b, float) and pd.isna(b))
    return b is not None and abs(float(a) - float(b)) < 1e-9


def check_observation_rows(ctx: Context, rows: list[dict], lang: str) -> None:
    """Every row is an observation of the dataset: value, growth, change, kind, formula, quote."""
    frame = ctx.frame.set_index(["indicator", "period", "kind"])
    kinds = {t("reported", lang): "reported", t("derived", lang): "derived"}
    for row in rows:
        kind = kinds[row[header("kind", lang)]]
        key = (row[header("indicator", lang)], str(row[header("period", lang)]), kind)
        assert key in frame.index, key
        data = frame.loc[key]
        data = data.iloc[0] if isinstance(data, pd.DataFrame) else data
        assert same(data["value"], number(row[header("value", lang)])), key
        assert same(data["yoy_pct"], number(row[header("yoy_pct", lang)])), key
        assert same(data["change"], number(row[header("change", lang)])), key
        assert row[header("source_quote", lang)] == data["source_quote"], key
        assert (row[header("formula", lang)] or "") == data["formula"], key
        assert row[header("unit", lang)] == data["unit"], key
        if kind == "derived":
            assert data["formula"], key
        assert row[header("name", lang)] == data["name_en" if lang == "en" else "name_zh"]
        assert row[header("source", lang)] == ctx.sources[data["source"]]


# --- pure layer -----------------------------------------------------------------------------


def test_period_rows_keeps_the_period_and_puts_listed_indicators_first(ctx):
    rows = mx.period_rows(ctx.frame, ["overview", "industry"], "2018", first=["retail_sales"])
    assert set(rows["period"]) == {"2018"}
    assert rows.iloc[0]["indicator"] == "retail_sales"
    assert set(rows["domain"]) <= {"overview", "industry"}
    every = mx.period_rows(ctx.frame, ["poverty"], None)
    assert len(every) == int((ctx.frame["domain"] == "poverty").sum())


def test_observation_table_has_the_citation_columns(ctx):
    rows = mx.period_rows(ctx.frame, ["nev"], "2019H1")
    table = mx.observation_table(rows, "zh", ctx.sources)
    assert tuple(table.columns) == mx.EXPORT_COLUMNS
    for column in ("period", "unit", "kind", "formula", "source_quote"):
        assert column in table.columns
    assert table["source_quote"].str.len().min() > 0
    assert (table.loc[table["kind"] == "derived", "formula"] != "").all()


def test_csv_bytes_has_a_bom_and_prints_numbers_as_printed():
    table = pd.DataFrame({"名称": ["规上企业", "收入"], "数值": [22.0, 48.64]})
    body = mx.csv_bytes(table)
    assert body.startswith(b"\xef\xbb\xbf")
    text = body[3:].decode("utf-8")
    assert "规上企业,22\r\n" in text and "收入,48.64\r\n" in text


def test_sheet_names_are_valid_and_unique():
    assert mx.sheet_name("a/b[c]:d*e?f\\g") == "a_b_c__d_e_f_g"
    long = "x" * 40
    first = mx.sheet_name(long)
    assert len(first) == 31
    second = mx.sheet_name(long, [first])
    assert second != first and len(second) <= 31


def test_xlsx_bytes_round_trip():
    body = mx.xlsx_bytes(
        {"表一": pd.DataFrame({"a": [1.5, 2.0], "b": ["甲", "乙"]}), "Sheet/2": pd.DataFrame({"c": [3]})}
    )
    book = read_xlsx(body)
    assert list(book) == ["表一", "Sheet_2"]
    assert book["表一"] == [{"a": 1.5, "b": "甲"}, {"a": 2, "b": "乙"}]


def test_campaign_table_marks_the_completion_share_as_derived(ctx):
    labels = {"completion": "完成比例", "rate_pct": "完成率"}
    table = mx.campaign_table(
        ctx.dataset.campaigns.assign(completion=[96.4] + [None] * (len(ctx.dataset.campaigns) - 1)),
        "zh",
        ctx.sources,
        labels,
    )
    derived = table[table["kind"] == "derived"]
    assert len(derived) == 1
    assert (
        derived.iloc[0]["formula"] == "100 * {central_inspection.completed} / {central_inspection.measures}"
    )
    assert (table["source_quote"] != "").all()


def test_content_disposition_has_ascii_fallback_and_utf8_name():
    value = content_disposition("赣州经开区_三大产业链_2019H1.xlsx", "GETDZ_chains_2019H1.xlsx")
    assert value.startswith('attachment; filename="GETDZ_chains_2019H1.xlsx"; ')
    encoded = value.split("filename*=UTF-8''", 1)[1]
    assert unquote(encoded) == "赣州经开区_三大产业链_2019H1.xlsx"
    assert all(ord(c) < 128 for c in value)
    assert (
        '"'
        not in content_disposition("x", 'a"b')[len('attachment; filename="') : -len("\"; filename*=UTF-8''x")]
    )


def test_resolve_accepts_only_known_files():
    assert resolve("chains.csv") == ("chains", "csv")
    assert resolve("dataset.xlsx") == ("dataset", "xlsx")
    for name in ("dataset.csv", "chains.pdf", "chains", "../chains.csv", "chains.csv.exe", ".csv"):
        assert resolve(name) is None, name


def test_file_names_say_what_and_when(ctx):
    view = View(period="2019H1")
    assert downloads.file_names(ctx, view, "chains", "xlsx") == (
        "赣州经开区_三大产业链_2019H1.xlsx",
        "GETDZ_chains_2019H1.xlsx",
    )
    nev = View(period="2018", chain="nev")
    assert downloads.file_names(ctx, nev, "chains", "csv") == (
        "赣州经开区_三大产业链_新能源汽车_2018.csv",
        "GETDZ_chains_nev_2018.csv",
    )
    assert downloads.file_names(ctx, View(lang="en", period="2018"), "dataset", "xlsx") == (
        f"GETDZ_dataset_{ctx.as_of}.xlsx",
        f"GETDZ_dataset_{ctx.as_of}.xlsx",
    )


# --- the routes -----------------------------------------------------------------------------


@pytest.mark.parametrize("panel", PANELS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_panel_csv_matches_the_dataset(client, ctx, panel, lang):
    response = client.get(f"/download/{panel}.csv?lang={lang}&period=2018")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"].startswith("attachment; ")
    rows = read_csv(response.data)
    assert rows, panel
    assert list(rows[0]) == [header(c, lang) for c in mx.EXPORT_COLUMNS]
    quote = header("source_quote", lang)
    assert all(r[quote] for r in rows)
    if panel == "timeline":
        events = ctx.dataset.timeline
        assert [r[quote] for r in rows] == list(downloads.q.timeline(events)["source_quote"])
    elif panel == "campaigns":
        campaigns = ctx.dataset.campaigns.set_index("campaign")
        for r in rows:
            code, field = r[header("indicator", lang)].split(".")
            assert r[quote] == campaigns.loc[code, "source_quote"]
            if field == "completion":
                assert r[header("kind", lang)] == t("derived", lang)
                assert r[header("formula", lang)]
            else:
                assert same(campaigns.loc[code, field], number(r[header("value", lang)]))
                assert r[header("kind", lang)] == t("reported", lang)
    else:
        check_observation_rows(ctx, rows, lang)
    if panel in ("industry", "chains"):
        assert {r[header("period", lang)] for r in rows} == {"2018"}


def test_panel_downloads_respect_the_filters(client, ctx):
    rows = read_csv(client.get("/download/chains.csv?period=2019H1&chain=nev").data)
    codes = {r["指标代码"] for r in rows}
    assert codes and all(c.startswith("nev_") for c in codes)
    assert {r["时期代码"] for r in rows} == {"2019H1"}
    expected = ctx.frame[(ctx.frame["domain"] == "nev") & (ctx.frame["period"] == "2019H1")]
    assert len(rows) == len(expected)
    # overview: the cards of the chosen period plus the latest stocks
    overview = read_csv(client.get("/download/overview.csv?period=2018").data)
    flows = [r for r in overview if r["时期代码"] == "2018"]
    assert flows and {r["指标代码"] for r in flows} <= set(catalog.OVERVIEW_FLOWS)
    one = read_csv(client.get("/download/campaigns.csv?campaign=central_inspection").data)
    assert {r["指标代码"].split(".")[0] for r in one} == {"central_inspection"}


def test_bad_filters_fall_back_to_defaults_and_unknown_files_are_404(client, ctx):
    fallback = client.get("/download/chains.csv?period=1066&chain=%3Cscript%3E&lang=xx")
    default = client.get("/download/chains.csv")
    assert fallback.status_code == 200 and fallback.data == default.data
    for path in (
        "/download/secrets.csv",
        "/download/dataset.csv",
        "/download/chains.pdf",
        "/download/chains",
        "/download/%E2%80%AE.csv",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.is_json and response.get_json()["error"]


@pytest.mark.parametrize("panel", PANELS)
def test_every_panel_xlsx_opens_with_its_sheets(client, ctx, panel):
    response = client.get(f"/download/{panel}.xlsx?period=2019H1")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == mx.XLSX_MIME
    book = read_xlsx(response.data)
    assert list(book) == [t(f"panel_{panel}", "zh"), t("sheet_sources", "zh"), t("sheet_about", "zh")]
    table = book[t(f"panel_{panel}", "zh")]
    csv_rows = read_csv(client.get(f"/download/{panel}.csv?period=2019H1").data)
    assert len(table) == len(csv_rows) > 0
    assert [r["原文"] for r in table] == [r["原文"] for r in csv_rows]
    if panel not in ("timeline", "campaigns"):
        check_observation_rows(
            ctx, [{k: ("" if v is None else v) for k, v in r.items()} for r in table], "zh"
        )
    assert book[t("sheet_sources", "zh")][0]["source"] == ctx.dataset.sources.iloc[0]["source"]
    about = {r["项目"]: r["内容"] for r in book[t("sheet_about", "zh")]}
    assert about["数据截至"] == ctx.as_of
    assert about["看板链接"].startswith("http://localhost/")


def test_dataset_workbook_has_a_sheet_per_table_with_every_row(client, ctx):
    response = client.get("/download/dataset.xlsx?lang=en")
    assert response.status_code == 200
    assert "GETDZ_dataset_" in response.headers["Content-Disposition"]
    book = read_xlsx(response.data)
    assert list(book) == [*mx.DATASET_TABLES, "About"]
    for name in mx.DATASET_TABLES:
        frame = getattr(ctx.dataset, name)
        assert len(book[name]) == len(frame), name
    observations = ctx.dataset.observations
    assert [r["source_quote"] for r in book["observations"]] == list(observations["source_quote"])
    assert [r["kind"] for r in book["observations"]] == list(observations["kind"])
    for row, (_, data) in zip(book["observations"], observations.iterrows(), strict=True):
        assert same(data["value"], row["value"]), row["indicator"]
    assert book["sources"][0]["title"] == ctx.dataset.sources.iloc[0]["title"]


def test_every_graph_exports_png_at_presentation_resolution(ctx):
    """Every graph on the dashboard and the briefing carries the app-wide graph config: a dcc.Graph's,
    or the one a chart box of a deck hands to the browser (`data-config`)."""
    from dash import dcc, html

    from pages import briefing, dashboard

    def configs(node):
        if isinstance(node, dcc.Graph):
            yield node.id, node.config
        elif getattr(node, "data-config", None):
            yield getattr(node, "data-graph"), json.loads(getattr(node, "data-config"))
        children = getattr(node, "children", None)
        for child in children if isinstance(children, (list, tuple)) else [children]:
            if hasattr(child, "to_plotly_json"):
                yield from configs(child)

    view, _ = parse_view("", ctx.choices)
    lower = [  # the lower panels' bodies, which follow the router's answer
        html.Div(module.body(ctx, view, "zh"))
        for name, module in dashboard.PANELS.items()
        if name not in dashboard.FIRST_PANELS
    ]
    found = [
        *configs(dashboard.dashboard_page(ctx, view, [])),
        *(c for body in lower for c in configs(body)),
        *configs(briefing.briefing_page(ctx, view, [])),
    ]
    assert len(found) >= 6 and len(dict(found)) == len(found)  # the dashboard's five charts included
    for graph_id, config in found:
        assert config["toImageButtonOptions"] == {
            **config["toImageButtonOptions"],
            "format": "png",
            "scale": 2,
            "width": 1600,
            "height": 900,
        }, graph_id
        assert config["showSendToCloud"] is False and config["displaylogo"] is False


def test_any_query_gets_a_file_never_an_error(client):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    names = st.sampled_from(["lang", "period", "chain", "cm", "im", "campaign", "x", ""])
    values = st.text(max_size=40)

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(st.tuples(names, values), max_size=6), st.sampled_from(["chains.csv", "campaigns.xlsx"]))
    def check(params, name):
        from urllib.parse import urlencode

        response = client.get(f"/download/{name}?{urlencode(params)}")
        controls = any(ord(c) < 32 or ord(c) == 127 for _, value in params for c in value)
        assert response.status_code == (400 if controls else 200)  # control characters: refused
        if controls:
            return
        assert response.headers["Content-Disposition"].isascii()

    check()
