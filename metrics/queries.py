"""Pure pandas queries: (frames, filters) -> small frames the figure builders draw.

Nothing here mutates its inputs; every function returns a new, small frame. Filters arrive
already validated (see `view.py`), so queries do not guess.
"""

from __future__ import annotations

import pandas as pd

from .periods import parse_period, period_sort_key

CHAINS = ("nev", "electronics", "rare_earth")
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
]


def enrich(observations: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """Observations joined with their indicator's domain, names, unit and 口径."""
    merged = observations.merge(indicators, on="indicator", how="left", validate="many_to_one")
    return merged[COLUMNS].reset_index(drop=True)


def sort_periods(codes) -> list[str]:
    """Period codes in time order (see `periods.period_sort_key`)."""
    return sorted(set(codes), key=period_sort_key)


def period_options(frame: pd.DataFrame) -> list[str]:
    """Every period in the data, oldest first."""
    return sort_periods(frame["period"])


def default_period(frame: pd.DataFrame) -> str:
    """The latest period with a reported headline figure (the view an official opens on)."""
    reported = frame[frame["indicator"].isin(INDUSTRY_INDICATORS) & (frame["kind"] == "reported")]
    pool = reported["period"] if not reported.empty else frame["period"]
    return sort_periods(pool)[-1]


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


def industry_growth(frame: pd.DataFrame) -> pd.DataFrame:
    """Stated growth of every headline indicator in every period that has one (for comparison)."""
    rows = frame[
        frame["indicator"].isin(INDUSTRY_INDICATORS)
        & frame["yoy_pct"].notna()
        & (frame["kind"] == "reported")
    ]
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


def chain_series(frame: pd.DataFrame, chains=CHAINS) -> pd.DataFrame:
    """Revenue of each chain over every period where it is reported or derived, in time order."""
    codes = {f"{chain}_revenue": chain for chain in chains}
    rows = frame[frame["indicator"].isin(codes) & frame["value"].notna()]
    rows = rows.assign(chain=rows["indicator"].map(codes))
    order = {chain: i for i, chain in enumerate(CHAINS)}
    rows = rows.assign(_k=[period_sort_key(p) for p in rows["period"]], _c=rows["chain"].map(order))
    return rows.sort_values(["_k", "_c"]).drop(columns=["_k", "_c"]).reset_index(drop=True)


def campaign_rows(campaigns: pd.DataFrame, campaign: str | None) -> pd.DataFrame:
    """The rectification campaigns (all, or the one chosen), with completion as a share."""
    rows = campaigns if not campaign or campaign == "all" else campaigns[campaigns["campaign"] == campaign]
    measures = pd.to_numeric(rows["measures"], errors="coerce")
    completed = pd.to_numeric(rows["completed"], errors="coerce")
    return rows.assign(completion=(completed / measures * 100).round(1))


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
