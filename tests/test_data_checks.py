"""Consistency checks by interval arithmetic on the printed precision."""

import csv
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from metrics import DATA_DIR, load
from metrics.numbers import half_unit


@pytest.fixture(scope="module")
def checks():
    return load().checks.set_index("check_id")


def implied_growth(level: str, change: str) -> tuple[float, float]:
    """Hand-written: g = c / (L - c) is increasing in c and decreasing in L (c > 0)."""
    L, c, hl, hc = float(level), float(change), half_unit(level), half_unit(change)
    return 100 * (c - hc) / ((L + hl) - (c - hc)), 100 * (c + hc) / ((L - hl) - (c + hc))


@pytest.mark.parametrize(
    "code,level,change,rate",
    [
        ("nev_revenue", "48.64", "7.46", "18.12"),
        ("electronics_revenue", "93.57", "16.9", "22.1"),
        ("rare_earth_revenue", "34.57", "1.83", "5.6"),
    ],
)
def test_chain_growth_checks(checks, code, level, change, rate):
    lo, hi = implied_growth(level, change)
    r = checks.loc[f"growth:{code}@2019H1"]
    assert r["check_type"] == "level_change_growth"
    assert (r["implied_low"], r["implied_high"]) == (pytest.approx(lo, abs=1e-4), pytest.approx(hi, abs=1e-4))
    g, h = float(rate), half_unit(rate)
    expected = "passed" if lo <= g + h and hi >= g - h else "failed"
    assert r["status"] == expected
    assert r["stated"] == g


def test_nev_interval_by_hand(checks):
    lo, hi = 7.455 / (48.645 - 7.455) * 100, 7.465 / (48.635 - 7.465) * 100
    assert lo == pytest.approx(18.0990, abs=1e-3) and hi == pytest.approx(18.1321, abs=1e-3)
    assert lo <= 18.125 and hi >= 18.115  # overlaps [18.115, 18.125]
    assert checks.loc["growth:nev_revenue@2019H1", "status"] == "passed"


@pytest.mark.parametrize(
    "campaign,done,total,rate",
    [
        ("central_inspection", 53, 55, 96.4),
        ("formalism_bureaucratism", 65, 70, 92.9),
        ("summer_campaign", 192, 207, 92.8),
    ],
)
def test_campaign_completion_checks(checks, campaign, done, total, rate):
    r = checks.loc[f"completion:{campaign}"]
    implied = 100 * done / total
    assert r["implied_low"] == pytest.approx(implied, abs=1e-4)
    assert r["status"] == ("passed" if rate - 0.05 <= implied <= rate + 0.05 else "failed")


def test_summer_campaign_is_a_near_edge_case(checks):
    # 192/207 = 92.7536%, just inside [92.75, 92.85]
    assert 92.75 <= 100 * 192 / 207 < 92.76
    assert checks.loc["completion:summer_campaign", "status"] == "passed"


def test_skips_with_reasons(checks):
    for per in ("2018", "2019H1"):
        r = checks.loc[f"comparable_prices:industrial_value_added@{per}"]
        assert r["status"] == "skipped" and "comparable prices" in r["detail_en"]
        assert "可比价" in r["detail_zh"]
    assert checks.loc["completion:provincial_inspection", "status"] == "skipped"
    r = checks.loc["ratio:poor_labour_employed/poor_labour_total@2019-09"]
    assert r["status"] == "skipped" and r["implied_low"] == pytest.approx(100 * 8627 / 10737, abs=1e-4)


def test_other_checks_pass(checks):
    assert checks.loc["sum:markets_new+markets_upgraded=markets_compliant@2019-09", "status"] == "passed"
    assert (
        checks.loc["rounding:poverty_people_lifted~poor_people_lifted_cumulative@2019-09", "status"]
        == "passed"
    )
    assert (
        checks.loc["component:nobel_laureates+academicians<=national_talents@2019-09", "status"] == "passed"
    )
    assert set(checks["status"]) <= {"passed", "failed", "skipped"}
    assert list(load().checks.columns) == [
        "check_id",
        "check_type",
        "subject",
        "period",
        "stated",
        "implied_low",
        "implied_high",
        "status",
        "detail_zh",
        "detail_en",
    ]


def _edit_obs(d: Path, prefix: str, old: str, new: str) -> None:
    p = d / "observations.csv"
    ls = p.read_text(encoding="utf-8").split("\n")
    i = next(i for i, ln in enumerate(ls) if ln.startswith(prefix))
    assert old in ls[i]
    ls[i] = ls[i].replace(old, new)
    p.write_text("\n".join(ls), encoding="utf-8")


def test_synthetic_failing_growth_check(tmp_path):
    """Printed 18.2% against 48.64 / 7.46 fails; the data still loads (a finding, not an error)."""
    d = tmp_path / "data"
    shutil.copytree(DATA_DIR, d)
    _edit_obs(d, "nev_revenue,2019H1,", "18.12", "18.2")  # value and quote
    # keep the quote verbatim: the edited fragment is appended to the copied document
    src = d / "sources" / "gannan-daily-getdz-2019.txt"
    src.write_text(
        src.read_text(encoding="utf-8") + "\n实现主营业务收入48.64亿元,比去年同期净增7.46亿元,同比增长18.2%",
        encoding="utf-8",
    )
    ds = load(d)
    r = ds.checks.set_index("check_id").loc["growth:nev_revenue@2019H1"]
    assert r["status"] == "failed"
    assert r["implied_high"] < 18.15
    assert "do not overlap" in r["detail_en"]


def test_synthetic_failing_completion_check(tmp_path):
    d = tmp_path / "data"
    shutil.copytree(DATA_DIR, d)
    p = d / "campaigns.csv"
    p.write_text(
        p.read_text(encoding="utf-8")
        .replace(",53,measures,96.4,", ",54,measures,96.4,")
        .replace("已完成整改53项", "已完成整改54项"),
        encoding="utf-8",
    )
    src = d / "sources" / "gannan-daily-getdz-2019.txt"
    src.write_text(
        src.read_text(encoding="utf-8").replace("已完成整改53项", "已完成整改54项"), encoding="utf-8"
    )
    r = load(d).checks.set_index("check_id").loc["completion:central_inspection"]
    assert r["status"] == "failed" and r["implied_low"] == pytest.approx(100 * 54 / 55, abs=1e-4)


def _append_csv(path: Path, rows: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + "\n" + buf.getvalue(), encoding="utf-8")


def _levels_growth(now: str, then: str) -> tuple[float, float]:
    """Hand-written: growth = now / then - 1 over the printed intervals of both levels."""
    n, t, hn, ht = float(now), float(then), half_unit(now), half_unit(then)
    return 100 * ((n - hn) / (t + ht) - 1), 100 * ((n + hn) / (t - ht) - 1)


def test_a_new_period_gets_its_checks_without_code(tmp_path):
    """Rows for 2020H1 (and a new source) get growth and component checks from relations.csv."""
    d = tmp_path / "data"
    shutil.copytree(DATA_DIR, d)
    quotes = {
        "industrial_revenue": "实现规模以上工业主营业务收入330亿元,同比增长8.2%",
        "nev_revenue": "新能源汽车产业实现主营业务收入52.5亿元,比去年同期净增3.86亿元,同比增长7.9%",
        "rare_earth_revenue": "稀土新材料产业实现主营业务收入36亿元,同比增长20%",
    }
    (d / "sources" / "h1-2020.txt").write_text("。".join(quotes.values()), encoding="utf-8")
    _append_csv(
        d / "sources.csv",
        [["h1-2020", "2020年上半年经济运行", "某报", "2020-07-30", "", "sources/h1-2020.txt"]],
    )
    _append_csv(
        d / "observations.csv",
        [
            [
                "industrial_revenue",
                "2020H1",
                "330",
                "",
                "8.2",
                "",
                "reported",
                "",
                "h1-2020",
                quotes["industrial_revenue"],
            ],
            [
                "nev_revenue",
                "2020H1",
                "52.5",
                "",
                "7.9",
                "3.86",
                "reported",
                "",
                "h1-2020",
                quotes["nev_revenue"],
            ],
            [
                "rare_earth_revenue",
                "2020H1",
                "36",
                "",
                "20",
                "",
                "reported",
                "",
                "h1-2020",
                quotes["rare_earth_revenue"],
            ],
        ],
    )
    out = subprocess.run(
        [sys.executable, "-m", "metrics", "checks", "--data-dir", str(d), "--lang", "en"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    status = dict((cid, st) for st, cid in re.findall(r"^\s+\[(\w+)\] (\S+):", out, re.M))
    assert status["growth:nev_revenue@2020H1"] == "passed"
    for code, now, then, rate in [
        ("industrial_revenue", "330", "305", "8.2"),
        ("nev_revenue", "52.5", "48.64", "7.9"),
        ("rare_earth_revenue", "36", "34.57", "20"),
    ]:
        lo, hi = _levels_growth(now, then)
        g, h = float(rate), half_unit(rate)
        assert status[f"levels_growth:{code}@2020H1"] == (
            "passed" if lo <= g + h and hi >= g - h else "failed"
        )
    assert status["levels_growth:rare_earth_revenue@2020H1"] == "failed"  # 36 / 34.57 is 4.1%, not 20%
    for part in ("nev_revenue", "rare_earth_revenue", "nev_revenue+rare_earth_revenue"):
        assert status[f"component:{part}<=industrial_revenue@2020H1"] == "passed"
    checks = load(d).checks.set_index("check_id")
    lo, hi = _levels_growth("330", "305")
    r = checks.loc["levels_growth:industrial_revenue@2020H1"]
    assert (r["implied_low"], r["implied_high"]) == (pytest.approx(lo, abs=1e-4), pytest.approx(hi, abs=1e-4))
