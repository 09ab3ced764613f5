"""Consistency checks between figures the article states.

Every printed number stands for an interval: ``48.64`` means [48.635, 48.645],
``18.12%`` means [18.115, 18.125], ``15%`` means [14.5, 15.5]. A relation
between printed numbers (e.g. growth = change / (level - change)) is checked by
interval arithmetic: the interval implied by the inputs must overlap the
interval of the stated figure. A failed check is a finding about the source;
it is shown, never "fixed", and it is not a validation error.

Two kinds of checks, neither naming an indicator or a period:

- rules over every reported row: growth implied by a level and its change, growth
  implied by two levels a year apart, campaign completion rates;
- the relations between indicators declared in ``data/relations.csv`` (component ≤
  total, parts summing to a total, a rounded figure against the exact one, a ratio
  with no printed rate, growth rates that are not comparable), checked for every
  period where their inputs are reported.

Only reported figures are checked: a derived value is our arithmetic, not the source's.
"""

from __future__ import annotations

import itertools
import math

import pandas as pd

from . import schema
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

Index = dict[tuple[str, str], dict]  # (indicator, period) -> observations row


def _interval(raw: str, value: float) -> tuple[float, float]:
    h = half_unit(raw)
    return value - h, value + h


def _fmt(x: float, nd: int = 3) -> str:
    return f"{x:.{nd}f}".rstrip("0").rstrip(".")


def _check(check_id, check_type, subject, period, stated, lo, hi, status, zh, en) -> dict:
    values = [check_id, check_type, subject, period, stated, lo, hi, status, zh, en]
    return dict(zip(COLUMNS, values, strict=True))


def _reported(index: Index, code: str, period: str, field: str = "value") -> dict | None:
    """The reported row of (code, period) if it states ``field``."""
    r = index.get((code, period))
    return r if r is not None and r["kind"] == "reported" and r.get(f"_{field}") is not None else None


def year_before(period: str) -> str:
    """The period of the same kind a year earlier: 2019H1 -> 2018H1, 2019-09 -> 2018-09."""
    return f"{int(period[:4]) - 1}{period[4:]}"


# ---- growth rates stated with the levels they come from ---------------------------


HEDGED = (
    "数值带“近/余/约”等约数词,无法按印刷精度区间核对",
    "The level is hedged (nearly/over/about), so no precise interval can be formed",
)


def _growth(cid: str, check_type: str, r: dict, implied: list[float] | None, basis_zh: str, basis_en: str):
    """Compare the growth interval implied by the inputs with the printed growth rate of ``r``
    (``implied`` None: an input is hedged, so the check is skipped)."""
    if implied is None:
        return _check(
            cid, check_type, r["indicator"], r["period"], r["_yoy_pct"], None, None, "skipped", *HEDGED
        )
    lo, hi = min(implied), max(implied)
    gs = _interval(r["_yoy_pct_raw"], r["_yoy_pct"])
    ok = lo <= gs[1] and hi >= gs[0]
    return _check(
        cid,
        check_type,
        r["indicator"],
        r["period"],
        r["_yoy_pct"],
        round(lo, 4),
        round(hi, 4),
        "passed" if ok else "failed",
        f"{basis_zh},区间[{_fmt(lo)}%, {_fmt(hi)}%];所载增速{r['_yoy_pct_raw']}%即"
        f"[{_fmt(gs[0])}%, {_fmt(gs[1])}%]" + (",二者重叠" if ok else ",二者不重叠"),
        f"{basis_en} in [{_fmt(lo)}%, {_fmt(hi)}%]; the printed {r['_yoy_pct_raw']}% stands for "
        f"[{_fmt(gs[0])}%, {_fmt(gs[1])}%]"
        + ("; the intervals overlap" if ok else "; the intervals do not overlap"),
    )


def growth_from_change(index: Index) -> list[dict]:
    """A level, its change and its growth rate stated together: growth = change / (level - change)."""
    out = []
    for (code, per), r in index.items():
        if _reported(index, code, per) is None or r.get("_change") is None or r.get("_yoy_pct") is None:
            continue
        levels, changes = _interval(r["_value_raw"], r["_value"]), _interval(r["_change_raw"], r["_change"])
        implied = [100 * c / (L - c) for L, c in itertools.product(levels, changes) if L != c]
        out.append(
            _growth(
                f"growth:{code}@{per}",
                "level_change_growth",
                r,
                None if r["qualifier"] else implied,
                f"总量{r['_value_raw']}、净增{r['_change_raw']}推算增速 = 净增/(总量-净增)",
                f"Level {r['_value_raw']} and net increase {r['_change_raw']} imply growth = "
                "change/(level - change)",
            )
        )
    return out


def growth_from_levels(index: Index) -> list[dict]:
    """A growth rate and the levels of the same kind of period a year apart: growth = now / before - 1."""
    out = []
    for (code, per), r in index.items():
        if _reported(index, code, per) is None or r.get("_yoy_pct") is None:
            continue
        before = _reported(index, code, year_before(per))
        if before is None:
            continue
        now, then = _interval(r["_value_raw"], r["_value"]), _interval(before["_value_raw"], before["_value"])
        implied = [100 * (a / b - 1) for a, b in itertools.product(now, then) if b > 0]
        if not implied:
            continue
        out.append(
            _growth(
                f"levels_growth:{code}@{per}",
                "levels_growth",
                r,
                None if r["qualifier"] or before["qualifier"] else implied,
                f"{per}为{r['_value_raw']}、上年同期{before['period']}为{before['_value_raw']},"
                "推算增速 = 本期/上年同期-1",
                f"Levels {r['_value_raw']} ({per}) and {before['_value_raw']} ({before['period']}) imply "
                "growth = level/level a year earlier - 1",
            )
        )
    return out


# ---- campaigns: completed measures against the printed completion rate -------------


def completion_rates(camp) -> list[dict]:
    out = []
    for r in camp.rows:
        done, total, rate = r.get("_completed"), r.get("_measures"), r.get("_rate_pct")
        cid = f"completion:{r['campaign']}"
        if rate is not None and done is not None and total:
            implied = 100 * done / total  # counts are exact integers
            rs = _interval(r["_rate_pct_raw"], rate)
            ok = rs[0] <= implied <= rs[1]
            out.append(
                _check(
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
            )
        elif rate is None:
            implied = 100 * done / r["_problems"] if done is not None and r.get("_problems") else None
            all_done = r.get("completed_unit") == "problems"
            out.append(
                _check(
                    cid,
                    "completion_rate",
                    r["campaign"],
                    "",
                    None,
                    None if implied is None else round(implied, 4),
                    None if implied is None else round(implied, 4),
                    "skipped",
                    "原文未载完成率,无可核对数字" + ("(原文称“已全部完成整改”)" if all_done else ""),
                    "The article prints no completion rate, so there is nothing to check"
                    + (" (it says all problems have been rectified)" if all_done else ""),
                )
            )
    return out


# ---- relations between indicators (data/relations.csv) -----------------------------
# Each takes the reported part rows of one period (None where missing) and the total's row, and
# returns (subject, stated, implied_low, implied_high, ok, text_zh, text_en), or None when the
# inputs are not there. ok is None when there is nothing to check.


def _component(parts, total, units):
    rs = [r for r in parts if r is not None]
    if total is None or len(rs) < (1 if len(parts) == 1 else 2):  # a sum needs at least two parts
        return None
    names, shown = "+".join(r["indicator"] for r in rs), "+".join(r["_value_raw"] for r in rs)
    s_lo = sum(_interval(r["_value_raw"], r["_value"])[0] for r in rs)
    t_hi = _interval(total["_value_raw"], total["_value"])[1]
    tot = f"{total['indicator']} ({total['_value_raw']})"
    return (
        names,
        sum(r["_value"] for r in rs),
        None,
        total["_value"],
        s_lo <= t_hi,
        f"{names} ({shown}) 不应大于 {tot}",
        f"{names} ({shown}) must not exceed {tot}",
    )


def _sum(parts, total, units):
    if total is None or None in parts:
        return None
    s = sum(r["_value"] for r in parts)
    names, shown = "+".join(r["indicator"] for r in parts), "+".join(r["_value_raw"] for r in parts)
    tot = f"{total['indicator']} = {total['_value_raw']}"
    return (
        total["indicator"],
        total["_value"],
        s,
        s,
        math.isclose(s, total["_value"], rel_tol=1e-9, abs_tol=1e-9),  # the parts are exact counts
        f"{names} ({shown}) = {_fmt(s)};所载 {tot}",
        f"{names} ({shown}) = {_fmt(s)}; the article states {tot}",
    )


def _rounded(parts, total, units):
    exact, rounded = parts[0], total
    if exact is None or rounded is None:
        return None
    ue, ur = units[exact["indicator"]], units[rounded["indicator"]]
    v = exact["_value"] * schema.UNITS[ue][1] / schema.UNITS[ur][1]
    lo, hi = _interval(rounded["_value_raw"], rounded["_value"])
    q = rounded["qualifier"]
    if q == "nearly":
        hi = rounded["_value"]
    if q == "over":
        lo = rounded["_value"]
    word = schema.QUALIFIER_WORDS[q][0] if q in schema.QUALIFIER_WORDS else ""
    en_word = f"{q} " if q else ""
    return (
        rounded["indicator"],
        rounded["_value"],
        round(v, 4),
        round(v, 4),
        lo <= v <= hi,
        f"{exact['_value_raw']}{ue} = {_fmt(v, 4)}{ur};"
        f"“{word}{rounded['_value_raw']}{ur}”即[{_fmt(lo)}, {_fmt(hi)}]{ur}",
        f"{exact['_value_raw']} {schema.UNITS[ue][0]} = {_fmt(v, 4)} ({schema.UNITS[ur][0]}); "
        f"'{en_word}{rounded['_value_raw']}' stands for [{_fmt(lo)}, {_fmt(hi)}]",
    )


def _ratio(parts, total, units):
    part = parts[0]
    if part is None or total is None or not total["_value"]:
        return None
    implied = round(100 * part["_value"] / total["_value"], 4)
    text = f"{part['_value_raw']}/{total['_value_raw']} = {_fmt(implied)}%"
    return part["indicator"], None, implied, implied, None, text, text


def _not_comparable(parts, total, units):
    """Growth rates of two indicators that must not be compared (shown for reference)."""
    part = parts[0]
    if part is None:
        return None
    g = total.get("_yoy_pct") if total is not None else None
    return part["indicator"], part["_yoy_pct"], g, g, None, "", ""


# check_type -> (check function, check id prefix, separator of parts and total in the id,
# the field of the parts that must be stated)
RELATIONS = {
    "component_le_total": (_component, "component", "<=", "value"),
    "sum_equals_total": (_sum, "sum", "=", "value"),
    "rounded_figure": (_rounded, "rounding", "~", "value"),
    "ratio_without_printed_rate": (_ratio, "ratio", "/", "value"),
    "comparable_prices": (_not_comparable, "comparable_prices", "", "yoy_pct"),
}


def _join(sep: str, *texts: str) -> str:
    return sep.join(t for t in texts if t)


def relation_checks(rel: dict, index: Index, units: dict[str, str]) -> list[dict]:
    """Check one relations.csv row for every period where its parts are reported."""
    fn, prefix, sep, field = RELATIONS[rel["check_type"]]
    codes = rel["parts"].split("+")
    out = []
    for per in sorted({p for c, p in index if c in codes and _reported(index, c, p, field)}):
        tper = rel["total_period"] or per
        parts = [_reported(index, c, per, field) for c in codes]
        found = fn(parts, _reported(index, rel["total"], tper, field), units)
        if found is None:
            continue
        subject, stated, lo, hi, ok, zh, en = found
        lhs = "+".join(r["indicator"] for r in parts if r is not None)
        cid = f"{prefix}:{lhs}{sep}{rel['total'] if sep else ''}@{tper if tper == per else f'{per}~{tper}'}"
        status = "skipped" if ok is None or rel["checked"] == "no" else ("passed" if ok else "failed")
        zh, en = _join(";", zh, rel["note_zh"]), _join("; ", en, rel["note_en"])
        out.append(_check(cid, rel["check_type"], subject, tper, stated, lo, hi, status, zh, en))
    return out


def build(res: Result) -> pd.DataFrame:
    """The table of every consistency check of a validated data directory."""
    obs, camp = res.tables.get("observations"), res.tables.get("campaigns")
    rel, ind = res.tables.get("relations"), res.tables.get("indicators")
    index: Index = {}
    if obs is not None and obs.usable:
        for r in obs.rows:
            index.setdefault((r["indicator"], r["period"]), r)
    units = {r["indicator"]: r["unit"] for r in ind.rows} if ind is not None else {}
    rows = growth_from_change(index) + growth_from_levels(index)
    if camp is not None and camp.usable:
        rows += completion_rates(camp)
    if rel is not None and rel.usable:
        for r in rel.rows:
            rows += relation_checks(r, index, units)
    df = pd.DataFrame(rows, columns=COLUMNS)
    for col in ("stated", "implied_low", "implied_high"):
        df[col] = pd.to_numeric(df[col], errors="coerce").astype(float)
    return df
