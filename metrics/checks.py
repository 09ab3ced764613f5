"""Consistency checks between figures the article states.

Every printed number stands for an interval: ``48.64`` means [48.635, 48.645],
``18.12%`` means [18.115, 18.125], ``15%`` means [14.5, 15.5]. A relation
between printed numbers (e.g. growth = change / (level - change)) is checked by
interval arithmetic: the interval implied by the inputs must overlap the
interval of the stated figure. A failed check is a finding about the source;
it is shown, never "fixed", and it is not a validation error.
"""

from __future__ import annotations

import itertools
import re

import pandas as pd

from .numbers import half_unit
from .validate import Result

COLUMNS = [
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

# (component, total) pairs: a part stated with 其中 or a subset cannot exceed its total.
COMPONENTS = [
    (("general_budget_revenue",), "fiscal_revenue"),
    (("industrial_fixed_asset_investment",), "fixed_asset_investment"),
    (("nev_revenue",), "industrial_revenue"),
    (("electronics_revenue",), "industrial_revenue"),
    (("rare_earth_revenue",), "industrial_revenue"),
    (("nev_revenue", "electronics_revenue", "rare_earth_revenue"), "industrial_revenue"),
    (("poor_labour_employed",), "poor_labour_total"),
    (("rd_platforms_national",), "rd_platforms"),
    (("nobel_laureates", "academicians"), "national_talents"),
]


def _interval(raw: str, value: float) -> tuple[float, float]:
    h = half_unit(raw)
    return value - h, value + h


def _fmt(x: float, nd: int = 3) -> str:
    return f"{x:.{nd}f}".rstrip("0").rstrip(".")


def build(res: Result) -> pd.DataFrame:
    rows: list[dict] = []
    obs = res.tables.get("observations")
    camp = res.tables.get("campaigns")
    index: dict[tuple[str, str], dict] = {}
    if obs is not None and obs.usable:
        for r in obs.rows:
            index.setdefault((r["indicator"], r["period"]), r)

    def add(check_id, check_type, subject, period, stated, lo, hi, status, zh, en):
        rows.append(
            dict(
                zip(
                    COLUMNS,
                    [check_id, check_type, subject, period, stated, lo, hi, status, zh, en],
                    strict=True,
                )
            )
        )

    # 1. level + change + growth stated together --------------------------
    for (code, per), r in index.items():
        if r["kind"] != "reported":
            continue
        L, c, g = r.get("_value"), r.get("_change"), r.get("_yoy_pct")
        if L is None or c is None or g is None:
            continue
        cid = f"growth:{code}@{per}"
        if r["qualifier"]:
            add(
                cid,
                "level_change_growth",
                code,
                per,
                g,
                None,
                None,
                "skipped",
                "数值带“近/余/约”等约数词,无法按印刷精度区间核对",
                "The level is hedged (nearly/over/about), so no precise interval can be formed",
            )
            continue
        Ls, cs = _interval(r["_value_raw"], L), _interval(r["_change_raw"], c)
        gs = _interval(r["_yoy_pct_raw"], g)
        implied = [100 * ci / (Li - ci) for Li, ci in itertools.product(Ls, cs) if Li != ci]
        lo, hi = min(implied), max(implied)
        ok = lo <= gs[1] and hi >= gs[0]
        add(
            cid,
            "level_change_growth",
            code,
            per,
            g,
            round(lo, 4),
            round(hi, 4),
            "passed" if ok else "failed",
            f"总量{r['_value_raw']}、净增{r['_change_raw']}推算增速 = 净增/(总量-净增),"
            f"区间[{_fmt(lo)}%, {_fmt(hi)}%];所载增速{r['_yoy_pct_raw']}%即[{_fmt(gs[0])}%, {_fmt(gs[1])}%]"
            + (",二者重叠" if ok else ",二者不重叠"),
            f"Level {r['_value_raw']} and net increase {r['_change_raw']} imply growth = "
            f"change/(level - change) in [{_fmt(lo)}%, {_fmt(hi)}%]; the printed "
            f"{r['_yoy_pct_raw']}% stands for [{_fmt(gs[0])}%, {_fmt(gs[1])}%]"
            + ("; the intervals overlap" if ok else "; the intervals do not overlap"),
        )

    # 2. campaign completion counts vs printed rates -----------------------
    if camp is not None and camp.usable:
        for r in camp.rows:
            done, total, rate = r.get("_completed"), r.get("_measures"), r.get("_rate_pct")
            cid = f"completion:{r['campaign']}"
            if rate is not None and done is not None and total:
                implied = 100 * done / total  # counts are exact integers
                rs = _interval(r["_rate_pct_raw"], rate)
                ok = rs[0] <= implied <= rs[1]
                add(
                    cid,
                    "completion_rate",
                    r["campaign"],
                    "",
                    rate,
                    round(implied, 4),
                    round(implied, 4),
                    "passed" if ok else "failed",
                    f"已完成{r['_completed_raw']}项/共{r['_measures_raw']}项 = {_fmt(implied)}%;"
                    f"所载完成率{r['_rate_pct_raw']}%即[{_fmt(rs[0])}%, {_fmt(rs[1])}%]"
                    + (",一致" if ok else ",不一致"),
                    f"{r['_completed_raw']} of {r['_measures_raw']} measures completed = {_fmt(implied)}%; "
                    f"the printed {r['_rate_pct_raw']}% stands for [{_fmt(rs[0])}%, {_fmt(rs[1])}%]"
                    + ("; consistent" if ok else "; inconsistent"),
                )
            elif rate is None:
                implied = 100 * done / r["_problems"] if done is not None and r.get("_problems") else None
                add(
                    cid,
                    "completion_rate",
                    r["campaign"],
                    "",
                    None,
                    None if implied is None else round(implied, 4),
                    None if implied is None else round(implied, 4),
                    "skipped",
                    "原文未载完成率,无可核对数字"
                    + ("(原文称“已全部完成整改”)" if r.get("completed_unit") == "problems" else ""),
                    "The article prints no completion rate, so there is nothing to check"
                    + (
                        " (it says all problems have been rectified)"
                        if r.get("completed_unit") == "problems"
                        else ""
                    ),
                )

    def get(code, per):
        return index.get((code, per))

    # 3. industrial value added: comparable prices -> not checkable -------
    for (code, per), r in list(index.items()):
        if code != "industrial_value_added" or r.get("_yoy_pct") is None:
            continue
        rev = get("industrial_revenue", per)
        g = rev.get("_yoy_pct") if rev else None
        add(
            f"comparable_prices:industrial_value_added@{per}",
            "comparable_prices",
            "industrial_value_added",
            per,
            r["_yoy_pct"],
            g,
            g,
            "skipped",
            "工业增加值增速按可比价格计算,与现价的主营业务收入增速口径不同,不作比较",
            "Value-added growth is at comparable prices; it cannot be checked against "
            "current-price revenue growth (shown for reference only)",
        )

    # 4. ratio with no printed rate ---------------------------------------
    emp, lab = get("poor_labour_employed", "2019-09"), get("poor_labour_total", "2019-09")
    if emp and lab and emp.get("_value") and lab.get("_value"):
        implied = 100 * emp["_value"] / lab["_value"]
        add(
            "ratio:poor_labour_employed/poor_labour_total@2019-09",
            "ratio_without_printed_rate",
            "poor_labour_employed",
            "2019-09",
            None,
            round(implied, 4),
            round(implied, 4),
            "skipped",
            f"{emp['_value_raw']}/{lab['_value_raw']} = {_fmt(implied)}%,原文未载就业率,无可核对数字",
            f"{emp['_value_raw']}/{lab['_value_raw']} = {_fmt(implied)}%; the article prints no "
            "employment rate, so there is nothing to check",
        )

    # 5. component(s) <= total, reported figures of the same period only ----
    for parts, tot in COMPONENTS:
        periods = sorted(
            {
                p
                for (c, p), r in index.items()
                if c == tot and r["kind"] == "reported" and r.get("_value") is not None
            }
        )
        for per in periods:
            t = get(tot, per)
            rs = [get(c, per) for c in parts]
            rs = [r for r in rs if r and r["kind"] == "reported" and r.get("_value") is not None]
            if len(rs) < (1 if len(parts) == 1 else 2):  # a sum needs at least two parts
                continue
            s_val = sum(r["_value"] for r in rs)
            s_lo = sum(_interval(r["_value_raw"], r["_value"])[0] for r in rs)
            _, thi = _interval(t["_value_raw"], t["_value"])
            ok = s_lo <= thi
            names = "+".join(r["indicator"] for r in rs)
            shown = "+".join(r["_value_raw"] for r in rs)
            add(
                f"component:{names}<={tot}@{per}",
                "component_le_total",
                names,
                per,
                s_val,
                None,
                t["_value"],
                "passed" if ok else "failed",
                f"{names} ({shown}) 不应大于 {tot} ({t['_value_raw']})"
                + (";各产业链可能有重叠" if tot == "industrial_revenue" and len(rs) > 1 else ""),
                f"{names} ({shown}) must not exceed {tot} ({t['_value_raw']})"
                + ("; the chains may overlap" if tot == "industrial_revenue" and len(rs) > 1 else ""),
            )

    # 7. parts adding up to a stated total -------------------------------
    new, upg, tot = (get(c, "2019-09") for c in ("markets_new", "markets_upgraded", "markets_compliant"))
    if new and upg and tot and None not in (new.get("_value"), upg.get("_value"), tot.get("_value")):
        s = new["_value"] + upg["_value"]
        ok = s == tot["_value"]
        add(
            "sum:markets_new+markets_upgraded=markets_compliant@2019-09",
            "sum_equals_total",
            "markets_compliant",
            "2019-09",
            tot["_value"],
            s,
            s,
            "passed" if ok else "failed",
            f"新建{new['_value_raw']}个+升级改造{upg['_value_raw']}个 = {_fmt(s)}个,"
            f"所载达标市场共{tot['_value_raw']}个",
            f"{new['_value_raw']} new + {upg['_value_raw']} upgraded = {_fmt(s)}; the article "
            f"states {tot['_value_raw']} compliant markets in all",
        )

    # 8. a hedged round figure vs the exact one --------------------------
    exact, rounded = get("poverty_people_lifted", "2019-09"), get("poor_people_lifted_cumulative", "2019-09")
    if exact and rounded and exact.get("_value") is not None and rounded.get("_value") is not None:
        v = exact["_value"] / 10000
        lo, hi = _interval(rounded["_value_raw"], rounded["_value"])
        if rounded["qualifier"] == "nearly":
            hi = rounded["_value"]
        ok = lo <= v <= hi
        add(
            "rounding:poverty_people_lifted~poor_people_lifted_cumulative@2019-09",
            "rounded_figure",
            "poor_people_lifted_cumulative",
            "2019-09",
            rounded["_value"],
            round(v, 4),
            round(v, 4),
            "passed" if ok else "failed",
            f"{exact['_value_raw']}名 = {_fmt(v, 4)}万名;"
            f"“近{rounded['_value_raw']}万”即[{_fmt(lo)}, {_fmt(hi)}]万",
            f"{exact['_value_raw']} people = {_fmt(v, 4)} (10,000 people); 'nearly "
            f"{rounded['_value_raw']}' stands for [{_fmt(lo)}, {_fmt(hi)}]",
        )

    # 9. village collective income components vs the 2018 total ---------
    parts = [
        get(c, "2019-09")
        for c in (
            "changtian_shared_farm_fee",
            "changtian_turf_fee",
            "changtian_workshop_rent",
            "changtian_solar_income",
            "changtian_fund_dividends",
        )
    ]
    total = get("changtian_collective_income", "2018")
    if total and all(p and p.get("_value") is not None for p in parts):
        s = sum(p["_value"] for p in parts)
        add(
            "sum:changtian_income_components~changtian_collective_income@2018",
            "sum_equals_total",
            "changtian_collective_income",
            "2018",
            total["_value"],
            s,
            s,
            "skipped",
            f"各项年收益之和约{_fmt(s, 2)}万元(含“近10万元”),与2018年集体经济收入“30余万元”口径不同"
            "(前者为每年“可获”,后者为2018年实际),且均为约数,不作核对",
            f"The annual items sum to about {_fmt(s, 2)} (10,000 yuan, including 'nearly 10'); they are "
            "what the village 'can earn' per year, while 'over 30' is the 2018 actual, and both are "
            "hedged, so they are not compared",
        )

    # 10. a growth rate and the levels of the same kind of period a year apart ----
    # (growth = now / before - 1). A new period makes it possible: a 2019 annual level with its
    # growth beside the 2018 level. Same id and rule as main's `growth_from_levels` (codebase
    # branch): on a merge, main's version of this file replaces this section.
    for (code, per), r in list(index.items()):
        m = re.fullmatch(r"(\d{4})(.*)", per)
        before = get(code, f"{int(m.group(1)) - 1}{m.group(2)}") if m else None
        if (
            not before
            or r["kind"] != "reported"
            or before["kind"] != "reported"
            or r.get("_value") is None
            or r.get("_yoy_pct") is None
            or not before.get("_value")
        ):
            continue
        cid = f"levels_growth:{code}@{per}"
        if r["qualifier"] or before["qualifier"]:
            add(
                cid,
                "levels_growth",
                code,
                per,
                r["_yoy_pct"],
                None,
                None,
                "skipped",
                "数值带“近/余/约”等约数词,无法按印刷精度区间核对",
                "The level is hedged (nearly/over/about), so no precise interval can be formed",
            )
            continue
        now, then = _interval(r["_value_raw"], r["_value"]), _interval(before["_value_raw"], before["_value"])
        implied = [100 * (a / b - 1) for a, b in itertools.product(now, then) if b > 0]
        lo, hi = min(implied), max(implied)
        gs = _interval(r["_yoy_pct_raw"], r["_yoy_pct"])
        ok = lo <= gs[1] and hi >= gs[0]
        add(
            cid,
            "levels_growth",
            code,
            per,
            r["_yoy_pct"],
            round(lo, 4),
            round(hi, 4),
            "passed" if ok else "failed",
            f"{per}为{r['_value_raw']}、上年同期{before['period']}为{before['_value_raw']},"
            f"推算增速 = 本期/上年同期-1,区间[{_fmt(lo)}%, {_fmt(hi)}%];所载增速{r['_yoy_pct_raw']}%即"
            f"[{_fmt(gs[0])}%, {_fmt(gs[1])}%]" + (",二者重叠" if ok else ",二者不重叠"),
            f"Levels {r['_value_raw']} ({per}) and {before['_value_raw']} ({before['period']}) imply "
            f"growth = level/level a year earlier - 1 in [{_fmt(lo)}%, {_fmt(hi)}%]; the printed "
            f"{r['_yoy_pct_raw']}% stands for [{_fmt(gs[0])}%, {_fmt(gs[1])}%]"
            + ("; the intervals overlap" if ok else "; the intervals do not overlap"),
        )

    df = pd.DataFrame(rows, columns=COLUMNS)
    for col in ("stated", "implied_low", "implied_high"):
        df[col] = pd.to_numeric(df[col], errors="coerce").astype(float)
    return df
