"""Pure pandas queries: (frames, filters) -> small frames the figure builders draw.

Nothing here mutates its inputs; every function returns a new, small frame. Filters arrive
already validated (see `view.py`), so queries do not guess.
"""

from __future__ import annotations

import pandas as pd

from . import coverage
from .coverage import CHAINS, HEADLINE_FLOWS  # noqa: F401 (re-exported: defined with the default's rule)
from .formula import references
from .periods import is_valid_period, parse_period, period_sort_key

CHAIN_METRICS = ("revenue", "yoy", "change", "enterprises", "share")
INDUSTRY_METRICS = ("level", "growth")

# Headline series of the industrial-economy panel, in the article's order.
INDUSTRY_INDICATORS = (
    "industrial_revenue",
    "industrial_value_added",
    "fiscal_revenue",
    "general_budget_revenue",
    "fixed_asset_investment",
    "industrial_fixed_asset_investment",
    "retail_sales",
    "outside_province_funds",
    "foreign_capital",
)

# (indicator code, which column holds the chain metric)
_CHAIN_SOURCE = {
    "revenue": ("{chain}_revenue", "value"),
    "yoy": ("{chain}_revenue", "yoy_pct"),
    "change": ("{chain}_revenue", "change"),
    "enterprises": ("{chain}_enterprises", "value"),
    "share": ("{chain}_share_of_industrial_revenue", "value"),
}

COLUMNS = [
    "indicator",
    "domain",
    "name_zh",
    "name_en",
    "unit",
    "caliber_zh",
    "caliber_en",
    "period",
    "value",
    "qualifier",
    "yoy_pct",
    "change",
    "kind",
    "formula",
    "source",
    "source_quote",
    "formula_refs",
]

# One formula reference, resolved: what a reader needs to follow a derived value in words.
REF_FIELDS = ("indicator", "name_zh", "name_en", "period", "field", "value", "unit", "qualifier")


def enrich(observations: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """Observations joined with their indicator's domain, names, unit and 口径."""
    merged = observations.merge(indicators, on="indicator", how="left", validate="many_to_one")
    merged = merged.assign(formula_refs=resolve_formulas(merged))
    return merged[COLUMNS].reset_index(drop=True)


def resolve_formulas(frame: pd.DataFrame) -> list[tuple]:
    """For each row, the references of its formula with the numbers they stand for (a tuple of
    dicts keyed by REF_FIELDS; empty for reported rows), so a derived value can be explained in
    words ("from 48.64 in 2019 H1 and growth of 18.12%") instead of showing a template."""
    index = {(r["indicator"], r["period"]): r for _, r in frame.iterrows()}
    out = []
    for formula in frame["formula"].fillna(""):
        refs = []
        for indicator, period, field in references(str(formula)):
            row = index.get((indicator, period))
            if row is None:
                continue
            value = row[field]
            refs.append(
                dict(
                    indicator=indicator,
                    name_zh=row["name_zh"],
                    name_en=row["name_en"],
                    period=period,
                    field=field,
                    value=None if pd.isna(value) else float(value),
                    unit="%" if field == "yoy_pct" else row["unit"],
                    qualifier=row["qualifier"]
                    if field == "value" and isinstance(row["qualifier"], str)
                    else "",
                )
            )
        out.append(tuple(refs))
    return out


def sort_periods(codes) -> list[str]:
    """Period codes in time order (see `periods.period_sort_key`)."""
    return sorted(set(codes), key=period_sort_key)


def headline_codes(chains=CHAINS) -> tuple[str, ...]:
    """The flow indicators a period is chosen for: the zone's headline series and chain revenues."""
    return INDUSTRY_INDICATORS + tuple(f"{c}_revenue" for c in chains)


def period_options(frame: pd.DataFrame) -> list[str]:
    """The periods worth choosing, oldest first: those with a reported flow figure (a headline
    series or a chain's revenue). Stock counts dated "as of" a month, and periods that only hold
    a derived baseline (2017, 2018 H1), are not offered: a stock shows its latest value under any
    period, and a baseline is shown beside the period it is the baseline of."""
    flows = frame[frame["indicator"].isin(headline_codes()) & (frame["kind"] == "reported")]
    return sort_periods(flows["period"]) or sort_periods(frame["period"])


def prior_period(period: str) -> str | None:
    """The same kind of period one year earlier (2019H1 -> 2018H1, 2018 -> 2017, 2019-06 ->
    2018-06): the only fair comparison for a flow figure."""
    p = parse_period(period)
    year = p.start.year
    code = p.code.replace(str(year), str(year - 1), 1)
    return code if is_valid_period(code) else None


def period_kind(period: str) -> str:
    """year | half | quarter | month."""
    return parse_period(period).granularity


def same_kind(periods, period: str) -> list[str]:
    """The periods of the same kind as `period` (years with years, half years with half years)."""
    kind = period_kind(period)
    return [p for p in periods if period_kind(p) == kind]


def default_period(frame: pd.DataFrame) -> str:
    """The view an official opens on: the latest period whose headline set fills the first screen
    (the rule is `coverage.FirstScreen`: the lead flow and two more headline flows, and two of the
    three chains' revenue); a newer, thinner period is offered but never the default by itself."""
    return coverage.default_period(frame)


def rows_at(frame: pd.DataFrame, indicators, period: str) -> pd.DataFrame:
    """Rows of `indicators` (in the given order) observed in `period`."""
    order = {code: i for i, code in enumerate(indicators)}
    rows = frame[frame["indicator"].isin(order) & (frame["period"] == period)]
    return rows.assign(_o=rows["indicator"].map(order)).sort_values("_o").drop(columns="_o")


def latest(frame: pd.DataFrame, indicator: str, up_to: str | None = None) -> pd.Series | None:
    """The latest observation of `indicator` (at or before `up_to`, by period end), or None."""
    rows = frame[frame["indicator"] == indicator]
    if up_to is not None:
        end = parse_period(up_to).end
        rows = rows[[parse_period(p).end <= end for p in rows["period"]]]
    if rows.empty:
        return None
    keyed = rows.assign(_k=[period_sort_key(p) for p in rows["period"]])
    # a reported figure beats a derived one for the same period
    keyed = keyed.assign(_r=(keyed["kind"] == "reported").astype(int))
    return keyed.sort_values(["_k", "_r"]).drop(columns=["_k", "_r"]).iloc[-1]


def latest_by_indicator(frame: pd.DataFrame) -> dict[str, pd.Series]:
    """Every indicator's latest observation (as `latest` picks it), from one sort of the frame."""
    keyed = frame.assign(
        _k=[period_sort_key(p) for p in frame["period"]], _r=(frame["kind"] == "reported").astype(int)
    )
    last = keyed.sort_values(["_k", "_r"], kind="stable").groupby("indicator", sort=False).tail(1)
    return {r["indicator"]: r for _, r in last.drop(columns=["_k", "_r"]).iterrows()}


def industry_growth(frame: pd.DataFrame, period: str | None = None) -> pd.DataFrame:
    """Stated growth of every headline indicator in every period that has one; with `period`, only
    periods of its kind (growth over a half year is not comparable with growth over a year)."""
    rows = frame[
        frame["indicator"].isin(INDUSTRY_INDICATORS)
        & frame["yoy_pct"].notna()
        & (frame["kind"] == "reported")
    ]
    if period is not None:
        rows = rows[rows["period"].isin(same_kind(rows["period"].unique(), period))]
    order = {code: i for i, code in enumerate(INDUSTRY_INDICATORS)}
    keyed = rows.assign(_o=rows["indicator"].map(order), _k=[period_sort_key(p) for p in rows["period"]])
    return keyed.sort_values(["_k", "_o"]).drop(columns=["_o", "_k"]).reset_index(drop=True)


def domain_rows(frame: pd.DataFrame, domains, kind: str | None = "reported") -> pd.DataFrame:
    """All rows of the given domains (reported only by default), in file order."""
    rows = frame[frame["domain"].isin(list(domains))]
    return rows if kind is None else rows[rows["kind"] == kind]


def industry_rows(frame: pd.DataFrame, metric: str, period: str) -> pd.DataFrame:
    """Headline rows for the industry panel: levels in 亿元 (`level`) or stated growth (`growth`)."""
    rows = rows_at(frame, INDUSTRY_INDICATORS, period)
    if metric == "growth":
        return rows[rows["yoy_pct"].notna()]
    return rows[rows["value"].notna() & (rows["unit"] == "亿元")]


def chain_metric(frame: pd.DataFrame, metric: str, period: str, chains=CHAINS) -> pd.DataFrame:
    """One row per chain with the chosen metric for `period`: chain, metric value and its row."""
    template, column = _CHAIN_SOURCE[metric]
    out = []
    for chain in chains:
        rows = frame[(frame["indicator"] == template.format(chain=chain)) & (frame["period"] == period)]
        if rows.empty or pd.isna(rows.iloc[0][column]):
            continue
        row = rows.iloc[0].to_dict()
        unit = "%" if column == "yoy_pct" else row["unit"]
        out.append(
            {**row, "chain": chain, "metric": metric, "metric_value": float(row[column]), "metric_unit": unit}
        )
    return pd.DataFrame(out, columns=[*COLUMNS, "chain", "metric", "metric_value", "metric_unit"])


def chain_series(frame: pd.DataFrame, chains=CHAINS, period: str | None = None) -> pd.DataFrame:
    """Revenue of each chain over the periods where it is reported or derived, in time order; with
    `period`, only periods of its kind (half years with half years: never a half year beside a
    full year on one axis)."""
    codes = {f"{chain}_revenue": chain for chain in chains}
    rows = frame[frame["indicator"].isin(codes) & frame["value"].notna()]
    if period is not None:
        rows = rows[rows["period"].isin(same_kind(rows["period"].unique(), period))]
    rows = rows.assign(chain=rows["indicator"].map(codes))
    order = {chain: i for i, chain in enumerate(CHAINS)}
    rows = rows.assign(_k=[period_sort_key(p) for p in rows["period"]], _c=rows["chain"].map(order))
    return rows.sort_values(["_k", "_c"]).drop(columns=["_k", "_c"]).reset_index(drop=True)


def campaign_rows(campaigns: pd.DataFrame, campaign: str | None) -> pd.DataFrame:
    """The rectification campaigns (all, or the one chosen), with completion as a share of what
    was counted: measures, or problems when the source counts completed problems (省委巡视整改:
    "11个问题,已全部完成整改" is 11 of 11). `planned` is that denominator, `planned_unit` its unit."""
    rows = campaigns if not campaign or campaign == "all" else campaigns[campaigns["campaign"] == campaign]
    by_problems = rows["completed_unit"] == "problems"
    planned = pd.to_numeric(rows["measures"], errors="coerce").where(
        ~by_problems, pd.to_numeric(rows["problems"], errors="coerce")
    )
    completed = pd.to_numeric(rows["completed"], errors="coerce")
    return rows.assign(
        planned=planned,
        planned_unit=rows["completed_unit"],
        completion=(completed / planned * 100).round(1),
    )


def comparable_codes(relations: pd.DataFrame) -> tuple[str, ...]:
    """Indicators whose growth is at comparable prices (relations.csv `comparable_prices`): a chart
    that puts them beside current-price growth marks them."""
    rows = relations[relations["check_type"] == "comparable_prices"]
    return tuple(dict.fromkeys(code for parts in rows["parts"] for code in str(parts).split("+")))


def part_of(relations: pd.DataFrame) -> dict[str, str]:
    """Part (其中) -> whole, from relations.csv's part-of checks (component_le_total,
    sum_equals_total), for views that draw a part under its whole."""
    rows = relations[relations["check_type"].isin(["component_le_total", "sum_equals_total"])]
    return {code: str(r["total"]) for _, r in rows.iterrows() for code in str(r["parts"]).split("+")}


def as_of_month(sources: pd.DataFrame, used) -> str:
    """The month (a period code, 2019-09) of the latest source among `used`: the date a state
    (a campaign's completion, a count) is known at ("" when none is dated)."""
    dates = sources.loc[sources["source"].isin(list(used)), "date"].dropna().astype(str)
    dates = sorted(d[:7] for d in dates if is_valid_period(d[:7]))
    return dates[-1] if dates else ""


def checks_for(checks: pd.DataFrame, subject: str, period: str | None = None) -> pd.DataFrame:
    """Consistency checks about one indicator or campaign (optionally one period)."""
    rows = checks[checks["subject"] == subject]
    if period is not None:
        rows = rows[rows["period"].fillna("").isin([period, ""])]
    return rows


def chain_stages(stages: pd.DataFrame, chain: str) -> pd.DataFrame:
    """Stages of one chain, by line and order."""
    rows = stages[stages["chain"] == chain]
    return rows.sort_values(["plan", "line", "stage_order"])


def chain_entities(entities: pd.DataFrame, chain: str) -> pd.DataFrame:
    """Key enterprises and projects of one chain."""
    return entities[entities["chain"] == chain]


def timeline(events: pd.DataFrame) -> pd.DataFrame:
    """Dated events, oldest first."""
    return events.sort_values("date", kind="stable")


def industry_levels(frame: pd.DataFrame, period: str) -> pd.DataFrame:
    """Levels of the headline indicators in `period` and in the same period a year before (each
    indicator in its own unit, to be drawn on its own axis), the chosen period first."""
    before = prior_period(period)
    periods = [period] + ([before] if before else [])
    rows = frame[
        frame["indicator"].isin(INDUSTRY_INDICATORS) & frame["period"].isin(periods) & frame["value"].notna()
    ]
    shown = set(rows.loc[rows["period"] == period, "indicator"])
    rows = rows[rows["indicator"].isin(shown)]
    order = {code: i for i, code in enumerate(INDUSTRY_INDICATORS)}
    keyed = rows.assign(
        _o=rows["indicator"].map(order), _p=rows["period"].map({p: i for i, p in enumerate(periods)})
    )
    return keyed.sort_values(["_o", "_p"]).drop(columns=["_o", "_p"]).reset_index(drop=True)


def growth_rows(frame: pd.DataFrame, codes, period: str) -> pd.DataFrame:
    """Rows of `codes` in `period` that state a growth rate (the first screen's growth chart)."""
    rows = rows_at(frame, codes, period)
    return rows[rows["yoy_pct"].notna()]
