"""Each class of data error is named with its exact file, line and column."""

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT

from metrics import DATA_DIR, DataError, Problem, load, validate

OBS = "data/observations.csv"


@pytest.fixture
def data(tmp_path) -> Path:
    d = tmp_path / "data"
    shutil.copytree(DATA_DIR, d, ignore=shutil.ignore_patterns("README.md"))
    return d


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def line_of(path: Path, prefix: str) -> int:
    """1-based line number of the first line starting with prefix."""
    for i, ln in enumerate(lines(path), start=1):
        if ln.startswith(prefix):
            return i
    raise AssertionError(prefix)


def edit_cell(path: Path, line: int, column: str, new: str) -> None:
    """Set one cell of a one-record-per-line CSV file."""
    ls = lines(path)
    header = next(csv.reader([ls[0]]))
    row = next(csv.reader([ls[line - 1]]))
    row[header.index(column)] = new
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow(row)
    ls[line - 1] = buf.getvalue()
    path.write_text("\n".join(ls), encoding="utf-8")


def where(problems: list[Problem]) -> set[tuple]:
    return {(p.file, p.line, p.column) for p in problems}


def assert_only(problems, file, line, column, fragment=""):
    assert problems, "expected a problem"
    assert (file, line, column) in where(problems), [str(p) for p in problems]
    hit = [p for p in problems if (p.file, p.line, p.column) == (file, line, column)]
    assert any(fragment in p.message for p in hit), [str(p) for p in hit]


def test_copy_is_valid(data):
    assert validate(data) == []
    assert load(data).as_of == "2019-09-28"


def test_missing_column_is_named(data):
    p = data / "observations.csv"
    rows = list(csv.reader(io.StringIO(p.read_text(encoding="utf-8"))))
    i = rows[0].index("qualifier")
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([r[:i] + r[i + 1 :] for r in rows])
    p.write_text(buf.getvalue(), encoding="utf-8")
    probs = validate(data)
    assert_only(probs, OBS, 1, "qualifier", "missing required column")
    assert "data/observations.csv:1: column 'qualifier': missing required column" in [str(x) for x in probs]


def test_missing_column_in_sources_is_named(data):
    p = data / "sources.csv"
    ls = lines(p)
    rows = list(csv.reader(ls[:2]))
    p.write_text("\n".join(",".join(r[:5]) for r in rows) + "\n", encoding="utf-8")
    assert_only(validate(data), "data/sources.csv", 1, "file", "missing required column")


def test_non_numeric_value(data):
    p = data / "observations.csv"
    n = line_of(p, "industrial_revenue,2018,")
    edit_cell(p, n, "value", "6,77.5x")
    probs = validate(data)
    assert f"data/observations.csv:{n}: column 'value': not a number: '6,77.5x'" in [str(x) for x in probs]


def test_non_numeric_campaign_count(data):
    p = data / "campaigns.csv"
    n = line_of(p, "summer_campaign,")
    edit_cell(p, n, "measures", "二百零七")
    assert_only(validate(data), "data/campaigns.csv", n, "measures", "not a number")


def test_unknown_indicator(data):
    p = data / "observations.csv"
    n = line_of(p, "retail_sales,2018,")
    edit_cell(p, n, "indicator", "retail_sale")
    assert_only(validate(data), OBS, n, "indicator", "unknown indicator 'retail_sale'")


def test_duplicate_indicator_period(data):
    p = data / "observations.csv"
    n = line_of(p, "poverty_incidence,2019-09,")
    ls = lines(p)
    dup = ls[n - 1]
    while ls and ls[-1] == "":
        ls.pop()
    ls.append(dup)
    p.write_text("\n".join(ls) + "\n", encoding="utf-8")
    assert_only(validate(data), OBS, len(ls), "period", f"first on line {n}")


def test_quote_not_in_source(data):
    p = data / "observations.csv"
    n = line_of(p, "fiscal_revenue,2018,")
    edit_cell(p, n, "source_quote", "财政总收入46.37亿元,增长13.1%!")
    assert_only(validate(data), OBS, n, "source_quote", "not found verbatim")


def test_quote_not_in_source_other_table(data):
    p = data / "timeline.csv"
    n = line_of(p, "2019-08-06,")
    edit_cell(p, n, "source_quote", "2019年8月6日,整车下线")
    assert_only(validate(data), "data/timeline.csv", n, "source_quote", "not found verbatim")


def test_number_must_appear_in_quote(data):
    p = data / "observations.csv"
    n = line_of(p, "industrial_revenue,2018,")
    edit_cell(p, n, "value", "677.6")
    assert_only(validate(data), OBS, n, "value", "does not appear in source_quote")
    edit_cell(p, n, "value", "677.5")
    edit_cell(p, n, "yoy_pct", "19.5")
    assert_only(validate(data), OBS, n, "yoy_pct", "does not appear in source_quote")


def test_qualifier_needs_its_hedge_word(data):
    p = data / "observations.csv"
    n = line_of(p, "talent_apartments,")
    edit_cell(p, n, "qualifier", "over")
    assert_only(validate(data), OBS, n, "qualifier", "none of")
    edit_cell(p, n, "qualifier", "roughly")
    assert_only(validate(data), OBS, n, "qualifier", "not one of")


def test_latin1_bytes_are_named(data):
    p = data / "observations.csv"
    n = line_of(p, "retail_sales,2018,")
    ls = p.read_bytes().split(b"\n")
    ls[n - 1] = ls[n - 1].replace(b"2018,", "2018,caf\u00e9,".encode("latin-1"), 1)
    p.write_bytes(b"\n".join(ls))
    probs = validate(data)
    assert_only(probs, OBS, n, None, "neither UTF-8 nor GB18030")
    with pytest.raises(DataError):
        load(data)


def test_gb18030_file_is_read_correctly_with_a_warning(data):
    p = data / "observations.csv"
    p.write_bytes(p.read_text(encoding="utf-8").encode("gb18030"))
    assert validate(data) == []
    ds = load(data)
    assert any(w.file == OBS and "GB18030" in w.message for w in ds.warnings)
    r = ds.observations[ds.observations["indicator"] == "poverty_people_lifted"].iloc[0]
    assert r["source_quote"] == "带动3743户14587名贫困对象实现脱贫"
    out = subprocess.run(
        [sys.executable, "-m", "metrics", "check", "--data-dir", str(data)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0 and "GB18030" in out.stderr


def test_utf8_bom_is_stripped(data):
    p = data / "indicators.csv"
    p.write_bytes(b"\xef\xbb\xbf" + p.read_bytes())
    assert validate(data) == []


def test_unknown_source_id(data):
    p = data / "chain_entities.csv"
    n = line_of(p, "rare_earth,金力永磁,")
    edit_cell(p, n, "source", "gannan-daily-2020")
    assert_only(validate(data), "data/chain_entities.csv", n, "source", "unknown source id")


def test_missing_source_document(data):
    (data / "sources" / "gannan-daily-getdz-2019.txt").unlink()
    assert_only(validate(data), "data/sources.csv", 2, "file", "source document not found")


@pytest.mark.parametrize("bad", ["2019H3", "2019Q5", "19", "2019-13", "H1 2019", ""])
def test_unknown_period_code(data, bad):
    p = data / "observations.csv"
    n = line_of(p, "listed_companies,")
    edit_cell(p, n, "period", bad)
    col_msg = "required value is empty" if bad == "" else "unknown period code"
    assert_only(validate(data), OBS, n, "period", col_msg)


def test_later_periods_need_no_code_change(data):
    p = data / "observations.csv"
    ls = lines(p)
    q = "规模以上工业主营业务收入677.5亿元,增长19.55%"
    extra = [
        f'industrial_revenue,{per},677.5,,19.55,,reported,,gannan-daily-2019,"{q}"'
        for per in ("2019", "2020Q3", "2020H2", "2021-03")
    ]
    p.write_text("\n".join([x for x in ls if x] + extra) + "\n", encoding="utf-8")
    assert validate(data) == []
    s = load(data).series("industrial_revenue")
    assert list(s["period"])[-4:] == ["2019", "2020Q3", "2020H2", "2021-03"]


def test_bad_formula_syntax(data):
    p = data / "observations.csv"
    n = line_of(p, "industrial_revenue,2017,")
    edit_cell(p, n, "formula", "{industrial_revenue@2018} / (1 +")
    assert_only(validate(data), OBS, n, "formula", "bad formula")


@pytest.mark.parametrize(
    "formula,msg",
    [
        ("__import__('os').system('true')", "not allowed"),
        ("{industrial_revenue@2018} ** 2", "not allowed"),
        ("{industrial_revenue@2016} / 1.1", "unknown reference"),
        ("{industrial_value_added@2018} / 2", "is empty"),
        ("{industrial_revenue@2018} / 0", "division by zero"),
        ("{industrial_revenue 2018}", "malformed reference"),
    ],
)
def test_unsafe_or_broken_formulas_are_rejected(data, formula, msg):
    p = data / "observations.csv"
    n = line_of(p, "industrial_revenue,2017,")
    edit_cell(p, n, "formula", formula)
    assert_only(validate(data), OBS, n, "formula", msg)


def test_derived_value_must_reproduce(data):
    p = data / "observations.csv"
    n = line_of(p, "industrial_revenue,2017,")
    edit_cell(p, n, "value", "566.8")
    assert_only(validate(data), OBS, n, "value", "does not match its formula")
    edit_cell(p, n, "value", "566.7")  # 1 decimal: 566.7115 lies in [566.65, 566.75]
    assert validate(data) == []


def test_kind_rules(data):
    p = data / "observations.csv"
    n = line_of(p, "retail_sales,2018,")
    edit_cell(p, n, "formula", "63.97")
    assert_only(validate(data), OBS, n, "formula", "must not have a formula")
    edit_cell(p, n, "formula", "")
    edit_cell(p, n, "kind", "estimated")
    assert_only(validate(data), OBS, n, "kind", "not one of")
    m = line_of(p, "industrial_revenue,2017,")
    edit_cell(p, m, "formula", "")
    assert_only(validate(data), OBS, m, "formula", "needs a formula")


def test_value_may_be_empty_only_with_a_growth_rate(data):
    p = data / "observations.csv"
    n = line_of(p, "built_up_area,")
    edit_cell(p, n, "value", "")
    assert_only(validate(data), OBS, n, "value", "empty")


def test_unit_and_domain_lists(data):
    p = data / "indicators.csv"
    n = line_of(p, "population,")
    edit_cell(p, n, "unit", "persons")
    edit_cell(p, n, "domain", "city")
    probs = validate(data)
    assert_only(probs, "data/indicators.csv", n, "unit", "not in the allowed list")
    assert_only(probs, "data/indicators.csv", n, "domain", "unknown domain")


def test_wrong_number_of_fields(data):
    p = data / "timeline.csv"
    ls = lines(p)
    ls[3] = ls[3] + ",extra"
    p.write_text("\n".join(ls), encoding="utf-8")
    assert_only(validate(data), "data/timeline.csv", 4, None, "fields")


def test_line_numbers_count_multiline_fields(data):
    p = data / "chain_entities.csv"
    n = line_of(p, "nev,昶洧汽车,")
    edit_cell(p, n, "note_en", "two\nlines")
    m = line_of(p, "nev,宝悦汽车,")  # shifted by one physical line
    edit_cell(p, m, "role", "factory")
    assert_only(validate(data), "data/chain_entities.csv", m, "role", "not one of")


def test_thousands_separators_and_stray_spaces(data):
    p = data / "observations.csv"
    edit_cell(p, line_of(p, "poverty_cadres_paired,"), "value", "1,358")
    edit_cell(p, line_of(p, "poor_labour_total,"), "value", " 10 737 ")
    edit_cell(p, line_of(p, "industrial_revenue,2018,"), "value", " 677.5 ")
    edit_cell(p, line_of(p, "listed_companies,"), "period", " 2019-09 ")
    assert validate(data) == []
    o = load(data).observations.set_index(["indicator", "period"])
    assert o.loc[("poverty_cadres_paired", "2019-09"), "value"] == 1358.0
    assert o.loc[("poor_labour_total", "2019-09"), "value"] == 10737.0
    assert o.loc[("industrial_revenue", "2018"), "value"] == 677.5
    assert ("listed_companies", "2019-09") in o.index


def test_load_raises_and_never_returns_partial_data(data):
    p = data / "observations.csv"
    n = line_of(p, "industrial_revenue,2018,")
    edit_cell(p, n, "value", "abc")
    edit_cell(p, line_of(p, "retail_sales,2018,"), "indicator", "nope")
    with pytest.raises(DataError) as exc:
        load(data)
    err = exc.value
    assert len(err.problems) >= 2
    assert all(isinstance(x, Problem) for x in err.problems)
    assert f"data/observations.csv:{n}: column 'value': not a number: 'abc'" in str(err)
    # the default, cached dataset is untouched
    assert len(load().observations) > 100


def test_missing_file(data):
    (data / "timeline.csv").unlink()
    probs = validate(data)
    assert [str(x) for x in probs] == ["data/timeline.csv: file not found"]
    with pytest.raises(DataError):
        load(data)


def test_version_changes_with_the_data(data):
    v1 = load(data).version
    p = data / "timeline.csv"
    p.write_text(p.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert load(data).version != v1
    assert load(data).version == load(data).version


def test_cli_exits_1_and_prints_file_line(data):
    p = data / "observations.csv"
    n = line_of(p, "industrial_revenue,2018,")
    edit_cell(p, n, "value", "6,77.5x")
    out = subprocess.run(
        [sys.executable, "-m", "metrics", "check", "--data-dir", str(data)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 1  # Chinese by default: the sheet's and column's names, row and column
    assert f"data/observations.csv(「数据」表) 第 {n} 行「数值」列:不是数字:'6,77.5x'" in out.stdout
    assert "数据有误:" in out.stdout and "column" not in out.stdout
    en = subprocess.run(
        [sys.executable, "-m", "metrics", "check", "--data-dir", str(data), "--lang", "en"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert f"data/observations.csv:{n}: column 'value': not a number: '6,77.5x'" in en.stdout


def test_relations_are_validated_like_the_other_files(data):
    p = data / "relations.csv"
    n = line_of(p, "component_le_total,nev_revenue+electronics_revenue+rare_earth_revenue,")
    edit_cell(p, n, "parts", "nev_revenue+no_such_indicator")
    m = line_of(p, "sum_equals_total,markets_new")
    edit_cell(p, m, "check_type", "sum_is_total")
    edit_cell(p, m, "total_period", "2019H3")
    probs = validate(data)
    assert_only(probs, "data/relations.csv", n, "parts", "unknown indicator 'no_such_indicator'")
    assert_only(probs, "data/relations.csv", m, "check_type", "'sum_is_total' is not one of")
    assert_only(probs, "data/relations.csv", m, "total_period", "unknown period code '2019H3'")
