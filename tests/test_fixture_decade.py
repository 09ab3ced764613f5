"""The 14-year test data set is valid data: `metrics check` accepts it with no failed consistency
check, and it holds what the views must survive (falls, gaps, derived points, a one-point series)."""

import subprocess
import sys

import pytest
from helpers import ROOT

from metrics import load
from metrics.queries import CHAINS, INDUSTRY_INDICATORS

YEARS = [str(y) for y in range(2012, 2026)]


@pytest.fixture(scope="module")
def decade(decade_dir):
    return load(decade_dir)


def test_metrics_check_accepts_the_fixture_with_no_failed_check(decade_dir):
    run = subprocess.run(
        [sys.executable, "-m", "metrics", "check", "--data-dir", str(decade_dir), "--lang", "en"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "OK: data is valid" in run.stdout
    assert " 0 failed," in run.stdout, run.stdout
    assert "default period of /, /present, /wall: 2025 (the latest that fills the first screen)" in run.stdout
    assert "offered, not full: 2018H1 lacks industrial_revenue" in run.stdout


def test_the_cli_writes_the_same_data(tmp_path, decade_dir):
    run = subprocess.run(
        [sys.executable, "-m", "tests.fixtures.decade", str(tmp_path / "out")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    for name in ("observations.csv", "sources.csv", "sources/decade-test.md"):
        assert (tmp_path / "out" / name).read_bytes() == (decade_dir / name).read_bytes()


def test_every_headline_series_spans_14_years_of_each_kind(decade):
    obs = decade.observations
    assert (decade.checks["status"] == "failed").sum() == 0
    for code in (*INDUSTRY_INDICATORS, *(f"{c}_revenue" for c in CHAINS)):
        periods = set(obs.loc[obs["indicator"] == code, "period"])
        gaps = {"retail_sales": {"2015"}, "rare_earth_revenue": {"2018"}}.get(code, set())
        assert set(YEARS) - periods == gaps, code
        assert {f"{y}H1" for y in YEARS} <= periods, code


def test_falls_are_printed_as_falls_and_stored_negative(decade):
    obs = decade.observations
    falls = obs[obs["yoy_pct"] < 0]
    assert len(falls) >= 10 and (falls["period"] == "2020H1").sum() >= 10
    for _, r in falls.iterrows():
        assert f"下降{abs(r['yoy_pct']):g}%" in r["source_quote"], r["source_quote"]
    cut = obs[obs["change"] < 0]
    assert len(cut) >= 3 and all("减少" in q for q in cut["source_quote"])


def test_derived_points_gaps_and_a_one_point_series(decade):
    obs = decade.observations
    revenue = obs[obs["indicator"] == "industrial_revenue"].set_index("period")
    assert revenue.loc["2017", "kind"] == "derived" and revenue.loc["2018H1", "kind"] == "derived"
    assert (obs["indicator"] == "export_value").sum() == 1
    doc = decade.sources.set_index("source").loc["decade-test", "file"]
    assert doc == "sources/decade-test.md"
    assert decade.as_of == "2026-01-31"
