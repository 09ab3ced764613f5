"""The view `/`, `/present` and `/wall` open on: the latest period whose headline set fills the first
screen. One thin publish never empties it; a newer, thinner period is offered with what it lacks."""

import csv
import shutil
from datetime import date

import pytest

from components import i18n
from components.fmt import format_stock
from metrics import DATA_DIR, coverage, load, preview
from metrics import queries as q
from metrics.periods import label

ISSUE_QUOTE = "2019年,全区规模以上工业主营业务收入720.1亿元"


def with_rows(tmp_path, rows):
    """The seed plus 2019 rows quoted from a new source document: [(indicator, value, yoy, quote)]."""
    d = tmp_path / "data"
    shutil.copytree(DATA_DIR, d, ignore=shutil.ignore_patterns("README.md"))
    (d / "sources" / "tjj-2019.md").write_text("\n".join(r[3] + "。" for r in rows) + "\n", encoding="utf-8")
    with open(d / "sources.csv", "a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow(
            [
                "tjj-2019",
                "赣州经开区2019年统计快报",
                "赣州经开区统计局",
                "2020-01-20",
                "",
                "sources/tjj-2019.md",
            ]
        )
    with open(d / "observations.csv", "a", encoding="utf-8", newline="") as f:
        for code, value, yoy, quote in rows:
            csv.writer(f, lineterminator="\n").writerow(
                [code, "2019", value, "", yoy, "", "reported", "", "tjj-2019", quote]
            )
    return load(d)


@pytest.fixture(scope="module")
def seed():
    return load()


@pytest.fixture(scope="module")
def one_figure(tmp_path_factory):
    """The issue's publish: one 2019 全年 figure, 规上工业营收 720.1亿元."""
    return with_rows(tmp_path_factory.mktemp("one"), [("industrial_revenue", "720.1", "", ISSUE_QUOTE)])


def test_the_seed_opens_on_2019h1_and_both_its_periods_fill_the_first_screen(seed):
    assert q.default_period(seed.observations) == "2019H1"
    for period in ("2018", "2019H1"):
        assert coverage.coverage(seed.observations, period).full, period
    assert coverage.coverage(seed.observations, "2018").lacks == ("rare_earth_revenue",)


def test_the_one_figure_2019_publish_keeps_the_default_and_offers_2019_with_what_it_lacks(seed, one_figure):
    frame = q.enrich(one_figure.observations, one_figure.indicators)
    assert "2019" in q.period_options(frame)  # offered in the filter ...
    assert q.default_period(frame) == "2019H1"  # ... but never the default silently
    lacking = coverage.lacks(frame, "2019")
    assert lacking == (
        "industrial_value_added",
        "fiscal_revenue",
        "fixed_asset_investment",
        "retail_sales",
        "foreign_capital",
        "nev_revenue",
        "electronics_revenue",
        "rare_earth_revenue",
    )
    change = preview.default_change(seed, one_figure)
    assert (change.before, change.after, change.changed, change.newest) == ("2019H1", "2019H1", False, "2019")
    zh = preview.default_change_text(seed, one_figure, "zh")
    assert zh.startswith("发布后 /、/present、/wall 的默认时期仍为2019年上半年。")
    assert "2019年可在筛选中选择,但不作默认:缺规模以上工业增加值、财政总收入" in zh
    en = preview.default_change_text(seed, one_figure, "en")
    assert "stays 2019 H1" in en and "2019 is offered but is not the default" in en


def test_a_2019_that_fills_the_first_screen_becomes_the_default_and_the_preview_says_so(seed, tmp_path):
    rows = [
        ("industrial_revenue", "720.1", "", ISSUE_QUOTE),
        ("industrial_value_added", "", "9.5", "2019年,规模以上工业增加值增长9.5%"),
        ("fiscal_revenue", "50.1", "-2.5", "2019年,财政总收入50.1亿元,下降2.5%"),
        ("nev_revenue", "90.2", "", "2019年,新能源汽车产业实现主营业务收入90.2亿元"),
        ("electronics_revenue", "170.3", "", "2019年,电子信息产业实现主营业务收入170.3亿元"),
    ]
    full = with_rows(tmp_path, rows)
    assert coverage.coverage(full.observations, "2019").full
    change = preview.default_change(seed, full)
    assert (change.before, change.after, change.changed) == ("2019H1", "2019", True)
    assert preview.default_change_text(seed, full, "zh") == (
        "发布后 /、/present、/wall 的默认时期由2019年上半年变为2019年。"
    )


def test_the_rule_needs_the_lead_flow_three_flows_and_two_chains(seed):
    obs = seed.observations
    cover = coverage.coverage(obs, "2019H1")
    assert cover.full
    without_lead = obs[~((obs["indicator"] == "industrial_revenue") & (obs["period"] == "2019H1"))]
    assert not coverage.coverage(without_lead, "2019H1").full
    one_chain = obs[
        ~(obs["indicator"].isin(["nev_revenue", "electronics_revenue"]) & (obs["period"] == "2019H1"))
    ]
    assert not coverage.coverage(one_chain, "2019H1").full
    assert q.default_period(one_chain) == "2018"


def test_with_no_full_period_the_default_is_the_fullest_latest_one(seed):
    obs = seed.observations
    thin = obs[~obs["indicator"].isin(["nev_revenue", "electronics_revenue", "rare_earth_revenue"])]
    assert not any(c.full for c in coverage.coverages(thin))
    assert q.default_period(thin) == "2018"  # 8 headline figures against 2019H1's 3
    assert q.default_period(obs[obs["indicator"] == "poverty_people_lifted"]) == "2019-09"


def test_the_decade_opens_on_2025_and_every_offered_period_is_full_or_says_what_it_lacks(decade_dir):
    ds = load(decade_dir)
    frame = q.enrich(ds.observations, ds.indicators)
    assert q.default_period(frame) == "2025"
    periods = q.period_options(frame)
    assert len(periods) >= 28
    thin = [p for p in periods if not coverage.coverage(frame, p).full]
    assert thin == ["2017", "2018H1"]  # their levels are the seed's 推算 baselines, not reported
    names = dict(zip(ds.indicators["indicator"], ds.indicators["name_zh"], strict=True))
    note = i18n.lacks_note(label("2018H1", "zh"), [names[c] for c in coverage.lacks(frame, "2018H1")], "zh")
    assert note == (
        "2018年上半年缺规模以上工业主营业务收入、财政总收入、"
        "新能源汽车产业主营业务收入、电子信息产业主营业务收入、稀土新材料产业主营业务收入"
    )


def test_missing_texts_name_the_sources_searched_when_there_are_several():
    one = i18n.missing("no_chain_data", "zh", "2019年", "电子信息", sources=["赣南日报《…》"])
    assert one == "2019年:原文未载电子信息数据"
    two = i18n.missing("no_chain_data", "zh", "2019年", "电子信息", sources=["赣南日报", "统计快报"])
    assert two == "2019年:赣南日报、统计快报均未载电子信息数据" and "原文" not in two
    en = i18n.missing("no_growth", "en", "2019", sources=["Gannan Daily", "Bulletin"])
    assert en == "2019: none of Gannan Daily, Bulletin gives a growth rate"
    assert i18n.lacks_note("2019年", [], "zh") == ""


def test_a_stock_beside_flows_of_another_period_carries_its_date():
    assert format_stock(14587, "名", "", "2019-09", "2025", "zh") == "14587名(截至2019年9月)"
    assert format_stock(14587, "名", "", "2019-09", "2025", "en") == "14,587 people (as of Sep 2019)"
    assert format_stock(14587, "名", "", "2019-09", "2019-09", "zh") == "14587名"


def test_the_wall_cue_says_when_the_newest_data_is_over_12_months_old(seed, decade_dir):
    obs = seed.observations
    assert coverage.newest_end(obs) == date(2019, 9, 30)
    assert not coverage.is_stale(obs, date(2020, 9, 30))
    assert coverage.is_stale(obs, date(2020, 10, 1))
    assert coverage.months_old(obs, date(2020, 10, 1)) == 12
    assert coverage.months_old(obs, date(2019, 9, 1)) == 0
    decade = load(decade_dir).observations
    assert not coverage.is_stale(decade, date(2026, 12, 3)) and coverage.is_stale(decade, date(2027, 1, 1))
