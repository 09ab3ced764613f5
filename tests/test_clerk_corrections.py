"""Corrections in one edit (issue 27, part 2): derived rows are recomputed from their formulas on
every publish, so correcting one reported figure (2018 财政总收入 46.37 -> 46.73) with its quote and
its document publishes without touching a derived row by hand; on SQLite and a real PostgreSQL."""

from __future__ import annotations

import io

import openpyxl
import pytest
from test_store import cli, current_values

import store
from metrics import recompute as rc
from metrics import workbook as wb
from metrics.formula import evaluate
from metrics.numbers import decimals

CORRECTION_SOURCE = "czj-2018-final"
CORRECTION_DOCUMENT = "sources/czj-2018-final.md"
CORRECTED = "46.73"
CORRECTED_QUOTE = "2018年财政总收入46.73亿元,增长13.1%"


def corrected_workbook(workbook: bytes, out_dir) -> tuple:
    """The exported workbook with 2018 财政总收入 corrected from a new document (the clerk's one
    edit: the figure, its quote and its source). Returns (path, the row's old value)."""
    book = openpyxl.load_workbook(io.BytesIO(workbook))
    sheet = book["observations"]
    header = [c.value for c in sheet[1]]
    col = {name: header.index(name) for name in header}
    [row] = [
        r
        for r in sheet.iter_rows(min_row=2)
        if (r[0].value, str(r[col["period"]].value)) == ("fiscal_revenue", "2018")
    ]
    old = row[col["value"]].value
    row[col["value"]].value = float(CORRECTED)
    row[col["source"]].value = CORRECTION_SOURCE
    row[col["source_quote"]].value = CORRECTED_QUOTE
    book["sources"].append(
        [
            CORRECTION_SOURCE,
            "赣州经开区2018年财政决算",
            "赣州经开区财政局",
            "2019-03-01",
            None,
            CORRECTION_DOCUMENT,
        ]
    )
    (out_dir / "sources").mkdir(parents=True, exist_ok=True)
    (out_dir / CORRECTION_DOCUMENT).write_text(f"# 2018年财政决算\n\n{CORRECTED_QUOTE}。\n", encoding="utf-8")
    path = out_dir / "corrected.xlsx"
    book.save(path)
    return path, old


def expected_derived(dataset, reported: dict) -> dict[tuple[str, str], float]:
    """Every derived value whose formula reads fiscal_revenue@2018, computed from `reported`
    (the corrected figure) and the dataset's other values, at the precision the recompute uses."""
    obs = dataset.observations
    index = {(r["indicator"], r["period"]): r for r in obs.to_dict("records")}

    def lookup(indicator, period, field):
        if (indicator, period, field) in reported:
            return reported[(indicator, period, field)]
        return index[(indicator, period)][field]

    out = {}
    for r in obs[obs["kind"] == "derived"].to_dict("records"):
        if "fiscal_revenue@2018" in r["formula"]:
            out[(r["indicator"], r["period"])] = evaluate(r["formula"], lookup)
    return out


def test_a_correction_publishes_with_its_derived_rows_recomputed(engine, db_url, tmp_path):
    before = store.load_version(engine).dataset
    path, old = corrected_workbook(store.export_workbook(engine), tmp_path)
    assert old == pytest.approx(46.37)
    expected = expected_derived(before, {("fiscal_revenue", "2018", "value"): float(CORRECTED)})
    assert len(expected) >= 2  # the 2017 level and the 2018 share of the general budget

    done = cli(db_url, "publish", str(path), "--note", "2018年财政决算更正", "--author", "clerk")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "按公式重算:财政总收入 2017年" in done.stdout and "fiscal_revenue" not in done.stdout  # names
    assert current_values(engine, "fiscal_revenue", "2018") == [pytest.approx(float(CORRECTED))]
    summary = store.list_versions(engine)[0]["summary"]
    moved = {(r["indicator"], r["period"]): r for r in summary["recomputed"]}
    assert set(moved) == set(expected)
    for key, value in expected.items():
        [stored] = current_values(engine, *key)
        places = decimals(moved[key]["new"])
        assert stored == pytest.approx(round(value, places)), key
        assert abs(stored - value) <= 0.5 * 10**-places + 1e-9
    # the share kept its printed precision (one decimal) and moved as the formula says
    share = moved[("general_budget_share_of_fiscal_revenue", "2018")]
    assert decimals(share["old"]) == decimals(share["new"]) == 1 and share["old"] != share["new"]


def test_recompute_leaves_an_untouched_dataset_byte_for_byte(engine, decade_dir):
    for files in (store.version_files(engine, 1), wb.canonical_files(wb.read_directory(decade_dir))):
        assert rc.recompute(files) is files
        assert rc.recompute(files, files) is files


def test_a_new_derived_row_without_a_value_is_computed_at_its_inputs_precision(engine):
    files = store.version_files(engine, 1)
    obs = files["observations.csv"].decode()
    row = next(
        line for line in obs.splitlines() if line.startswith("general_budget_share_of_fiscal_revenue,2018,")
    )
    blank = row.replace(",48.6,", ",,", 1)
    out = rc.recompute({**files, "observations.csv": obs.replace(row, blank).encode()}, files)
    [new] = [
        line
        for line in out["observations.csv"].decode().splitlines()
        if line.startswith(blank.split(",,")[0])
    ]
    value = float(new.split(",")[2])
    d = store.load_version(engine).dataset.observations.set_index(["indicator", "period"])
    computed = (
        100 * d.loc[("general_budget_revenue", "2018"), "value"] / d.loc[("fiscal_revenue", "2018"), "value"]
    )
    assert value == pytest.approx(round(computed, 2))  # 22.53 and 46.37: two decimals


def test_a_rollback_restores_derived_rows_as_they_were(engine, db_url, tmp_path):
    path, _old = corrected_workbook(store.export_workbook(engine), tmp_path)
    assert cli(db_url, "publish", str(path), "--note", "更正").returncode == 0
    back = cli(db_url, "rollback", "1", "--note", "撤回更正")
    assert back.returncode == 0, back.stdout + back.stderr
    rows = {r["number"]: r for r in store.list_versions(engine)}
    assert rows[3]["checksum"] == rows[1]["checksum"] and "recomputed" not in rows[3]["summary"]


@pytest.mark.integration
def test_the_admin_preview_lists_each_recomputed_value_old_to_new(tmp_path, monkeypatch):
    from admin_support import make_app, post, sign_in, upload

    dash_app, engine, holder = make_app(f"sqlite:///{tmp_path / 'getdz.sqlite3'}", monkeypatch)
    try:
        editor = dash_app.server.test_client()
        assert sign_in(editor).status_code == 303
        before = store.load_version(engine).dataset
        path, _old = corrected_workbook(store.export_workbook(engine), tmp_path)
        document = {CORRECTION_DOCUMENT.rsplit("/", 1)[1]: (tmp_path / CORRECTION_DOCUMENT).read_bytes()}
        r = upload(editor, "corrected.xlsx", path.read_bytes(), document)
        assert r.status_code == 303, r.get_data(as_text=True)[:3000]
        page = editor.get(r.headers["Location"]).get_data(as_text=True)
        table = page.split('id="admin-recomputed"')[1].split("</table>")[0]
        names = before.indicators.set_index("indicator")["name_zh"]
        expected = expected_derived(before, {("fiscal_revenue", "2018", "value"): float(CORRECTED)})
        for indicator, period in expected:
            assert names[indicator] in table and f"{period}年" in table
        share = before.observations.set_index(["indicator", "period"]).loc[
            ("general_budget_share_of_fiscal_revenue", "2018"), "value"
        ]
        assert (
            f"<td>{share:g}</td><td>{value_of(expected, 'general_budget_share_of_fiscal_revenue'):.1f}</td>"
            in table
        )
        assert "fiscal_revenue" not in page.split('id="admin-changes"')[1].split('id="admin-checks"')[0]
        ident = r.headers["Location"].rsplit("/", 1)[1]
        r = post(editor, f"/admin/publish/{ident}", {"note": "2018年财政决算更正"})
        assert r.status_code == 303, r.get_data(as_text=True)[:2000]
        history = editor.get("/admin/history").get_data(as_text=True)
        assert "按公式重算" in history and names["general_budget_share_of_fiscal_revenue"] in history
    finally:
        holder.stop()
        engine.dispose()


def value_of(expected: dict, indicator: str) -> float:
    return next(v for (i, _p), v in expected.items() if i == indicator)
