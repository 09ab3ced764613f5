"""The shipped data: valid, sourced verbatim, with the derived values it promises."""

import csv
import subprocess
import sys

import pandas as pd
import pytest
from helpers import ROOT

from metrics import DATA_DIR, Dataset, load, validate
from metrics.numbers import number_in_text

TABLES = ["observations", "chain_stages", "chain_entities", "campaigns", "timeline"]


def _documents() -> dict[str, str]:
    with open(DATA_DIR / "sources.csv", encoding="utf-8", newline="") as f:
        return {r["source"]: (DATA_DIR / r["file"]).read_text(encoding="utf-8") for r in csv.DictReader(f)}


def _rows():
    for table in TABLES:
        with open(DATA_DIR / f"{table}.csv", encoding="utf-8", newline="") as f:
            for i, r in enumerate(csv.DictReader(f), start=2):
                yield pytest.param(table, i, r, id=f"{table}:{i}")


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load()


def test_data_dir_is_inside_the_package_repo():
    assert DATA_DIR == ROOT / "data"


def test_shipped_data_has_no_problems():
    assert validate() == []
    assert validate(DATA_DIR) == []


def test_more_than_100_reported_numbers(ds):
    rep = ds.observations[ds.observations["kind"] == "reported"]
    assert len(rep) > 100
    numbers = rep[["value", "yoy_pct", "change"]].notna().sum().sum()
    assert numbers > 120


@pytest.mark.parametrize("table,line,row", list(_rows()))
def test_every_quote_is_verbatim_in_its_source(table, line, row):
    docs = _documents()
    assert row["source"] in docs, f"{table}.csv:{line}: unknown source"
    assert row["source_quote"] and row["source_quote"] in docs[row["source"]], f"{table}.csv:{line}"


def test_source_file_is_the_shared_article_byte_for_byte():
    text = (DATA_DIR / "sources" / "gannan-daily-getdz-2019.txt").read_bytes()
    assert (
        text.decode("utf-8").rstrip().endswith("https://twgreatdaily.com/zh-hans/SSkNk20BMH2_cNUgS5Vu.html")
    )
    src = pd.read_csv(DATA_DIR / "sources.csv", dtype=str)
    assert list(src["source"]) == ["gannan-daily-2019"]
    assert src.loc[0, "url"] in text.decode("utf-8")


def test_reported_numbers_appear_in_their_quotes(ds):
    rep = ds.observations[ds.observations["kind"] == "reported"]
    for _, r in rep.iterrows():
        for col in ("value", "yoy_pct", "change"):
            if pd.notna(r[col]):
                assert number_in_text(r[col], r["source_quote"]) is not None, (r["indicator"], col)


REQUIRED = {
    ("industrial_revenue", "2018"): (677.5, 19.55, None),
    ("industrial_revenue", "2019H1"): (305, 15, None),
    ("industrial_value_added", "2018"): (None, 9.9, None),
    ("industrial_value_added", "2019H1"): (None, 10, None),
    ("fiscal_revenue", "2018"): (46.37, 13.1, None),
    ("fiscal_revenue", "2019H1"): (29.2, 14.64, None),
    ("general_budget_revenue", "2018"): (22.53, 7.3, None),
    ("fixed_asset_investment", "2018"): (265.74, 10.7, None),
    ("industrial_fixed_asset_investment", "2018"): (166.98, 17.8, None),
    ("retail_sales", "2018"): (63.97, 10.6, None),
    ("outside_province_funds", "2018"): (115.1, 16.4, None),
    ("foreign_capital", "2018"): (21544, 11.34, None),
    ("nev_revenue", "2018"): (82.45, 24, None),
    ("electronics_revenue", "2018"): (160, 48.15, None),
    ("nev_revenue", "2019H1"): (48.64, 18.12, 7.46),
    ("electronics_revenue", "2019H1"): (93.57, 22.1, 16.9),
    ("rare_earth_revenue", "2019H1"): (34.57, 5.6, 1.83),
    ("nev_enterprises", "2019H1"): (22, None, None),
    ("electronics_enterprises", "2019H1"): (43, None, None),
    ("rare_earth_enterprises", "2019H1"): (22, None, None),
    ("poverty_households_lifted", "2019-09"): (3743, None, None),
    ("poverty_people_lifted", "2019-09"): (14587, None, None),
    ("poverty_incidence", "2019-09"): (2.94, None, None),
    ("poor_labour_total", "2019-09"): (10737, None, None),
    ("poor_labour_employed", "2019-09"): (8627, None, None),
    ("phd_talents", "2019-09"): (782, None, None),
    ("national_talents", "2019-09"): (27, None, None),
    ("nobel_laureates", "2019-09"): (1, None, None),
    ("academicians", "2019-09"): (7, None, None),
    ("high_tech_enterprises", "2019-09"): (83, None, None),
    ("high_tech_enterprises_new", "2019-09"): (16, None, None),
    ("listed_companies", "2019-09"): (9, None, None),
    ("built_up_area", "2019-09"): (46.85, None, None),
    ("population", "2019-09"): (35, None, None),
}


@pytest.mark.parametrize("key", list(REQUIRED), ids=lambda k: f"{k[0]}@{k[1]}")
def test_required_indicator_codes(ds, key):
    code, period = key
    rows = ds.observations[(ds.observations["indicator"] == code) & (ds.observations["period"] == period)]
    assert len(rows) == 1
    r = rows.iloc[0]
    assert r["kind"] == "reported"
    for col, want in zip(("value", "yoy_pct", "change"), REQUIRED[key], strict=True):
        if want is None:
            assert pd.isna(r[col]), col
        else:
            assert r[col] == pytest.approx(want), col


def test_units_and_domains(ds):
    ind = ds.indicators.set_index("indicator")
    assert ind.loc["foreign_capital", "unit"] == "万美元"
    assert ind.loc["population", "unit"] == "万人"
    assert ind.loc["built_up_area", "unit"] == "平方公里"
    assert ind.loc["poverty_incidence", "unit"] == "%"
    assert ind.loc["nev_revenue", "domain"] == "nev"
    assert ind.loc["rare_earth_enterprises", "domain"] == "rare_earth"
    assert "财政收入" in ind.loc["fiscal_revenue", "caliber_zh"]


def test_qualifiers_reproduce_the_hedges(ds):
    from components.fmt import format_value

    o = ds.observations.set_index(["indicator", "period"])
    ind = ds.indicators.set_index("indicator")
    r = o.loc[("electronics_enterprises_in_production", "2019-09")]
    assert r["qualifier"] == "over"
    assert (
        format_value(r["value"], ind.loc["electronics_enterprises_in_production", "unit"], r["qualifier"])
        == "90余家"
    )
    r = o.loc[("changtian_shared_farm_land", "2019-09")]
    assert (r["value"], r["qualifier"]) == (1000, "nearly")
    assert format_value(r["value"], "亩", r["qualifier"]) == "近1000亩"
    assert format_value(r["value"], "亩", r["qualifier"], lang="en") == "nearly 1,000 mu"  # grouped
    assert o.loc[("changtian_collective_income", "2018"), "qualifier"] == "over"
    assert o.loc[("trunk_roads_length", "2019-09"), "qualifier"] == "about"
    r = o.loc[("one_visit_share", "2019-09")]
    assert format_value(r["value"], "%", r["qualifier"]) == "超过90%"
    r = o.loc[("national_zone_rank_band", "2019-09")]
    assert format_value(r["value"], "位", r["qualifier"]) == "前100位"


def _derived(ds, code, period):
    r = ds.observations[(ds.observations["indicator"] == code) & (ds.observations["period"] == period)].iloc[
        0
    ]
    assert r["kind"] == "derived" and r["formula"]
    return r


def test_derived_prior_year_levels(ds):
    r = _derived(ds, "industrial_revenue", "2017")
    assert r["value"] == pytest.approx(566.71)
    assert abs(677.5 / 1.1955 - r["value"]) <= 0.005
    assert "677.5" in r["source_quote"]
    assert _derived(ds, "fiscal_revenue", "2017")["value"] == pytest.approx(46.37 / 1.131, abs=0.005)
    assert _derived(ds, "nev_revenue", "2018H1")["value"] == pytest.approx(48.64 - 7.46, abs=0.005)
    assert _derived(ds, "rare_earth_revenue", "2018H1")["value"] == pytest.approx(34.57 - 1.83, abs=0.005)


def test_derived_shares(ds):
    assert _derived(ds, "nev_share_of_industrial_revenue", "2018")["value"] == pytest.approx(
        100 * 82.45 / 677.5, abs=0.05
    )
    assert _derived(ds, "electronics_share_of_industrial_revenue", "2019H1")["value"] == pytest.approx(
        100 * 93.57 / 305, abs=0.05
    )
    assert _derived(ds, "rare_earth_share_of_industrial_revenue", "2019H1")["value"] == pytest.approx(
        100 * 34.57 / 305, abs=0.05
    )
    assert _derived(ds, "poor_labour_employment_rate", "2019-09")["value"] == pytest.approx(80.3)
    # no share where the article gives no chain level
    assert not (
        (ds.observations["indicator"] == "rare_earth_share_of_industrial_revenue")
        & (ds.observations["period"] == "2018")
    ).any()


def test_dataset_shape(ds):
    assert ds.as_of == "2019-09-28"
    assert len(ds.version) == 12
    obs = ds.observations
    for col in ("value", "yoy_pct", "change"):
        assert obs[col].dtype == "float64"
    assert obs["qualifier"].map(type).eq(str).all()
    assert set(obs["kind"]) == {"reported", "derived"}
    assert len(ds.campaigns) == 4 and len(ds.timeline) >= 15
    assert set(ds.chain_entities["role"]) == {"enterprise", "project"}
    assert set(ds.chain_stages["plan"]) == {"current", "planned"}
    s = ds.series("industrial_revenue")
    assert list(s["period"]) == ["2017", "2018H1", "2018", "2019H1"]
    assert load() is ds  # the default directory is cached


def test_timeline_dates(ds):
    tl = ds.timeline.set_index("date")
    for d, p in [
        ("1990", "year"),
        ("2009", "year"),
        ("2017-05", "month"),
        ("2017-10", "month"),
        ("2017-11", "month"),
        ("2018-12", "month"),
        ("2019-05", "month"),
        ("2019-06", "month"),
        ("2019-06-21", "day"),
        ("2019-08-06", "day"),
        ("2019-09-16", "day"),
        ("2019-09-28", "day"),
    ]:
        assert p in set(ds.timeline.loc[ds.timeline["date"] == d, "precision"]), d
    assert len(tl) == len(ds.timeline)


def test_campaigns(ds):
    c = ds.campaigns.set_index("campaign")
    assert list(c.loc["central_inspection", ["categories", "problems", "measures", "completed"]]) == [
        4,
        39,
        55,
        53,
    ]
    assert c.loc["central_inspection", "rate_pct"] == 96.4
    assert pd.isna(c.loc["provincial_inspection", "rate_pct"])
    assert c.loc["provincial_inspection", "completed_unit"] == "problems"
    assert list(c.loc["summer_campaign", ["categories", "problems", "measures", "completed"]]) == [
        6,
        70,
        207,
        192,
    ]
    assert list(c.loc["formalism_bureaucratism", ["problems", "measures", "completed"]]) == [22, 70, 65]


@pytest.mark.integration
def test_cli_check_passes_on_shipped_data():
    out = subprocess.run([sys.executable, "-m", "metrics", "check"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "OK:数据无误" in out.stdout and "数据(observations.csv)" in out.stdout and "通过" in out.stdout


def test_metrics_imports_no_dash_or_plotly():
    code = (
        "import sys, metrics; metrics.load(); "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('dash', 'plotly', 'flask')]; "
        "assert not bad, bad"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
