"""A flow indicator as a series: every period of one kind (全年, 上半年, 下半年 or 季度), never joined
across kinds, with gaps as gaps and derived points flagged, and the change over its span in words.
Pure pandas; the figure builders in `components.trends` draw what these return.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from .periods import label, parse_period, period_sort_key

# The kinds of series a flow has: one axis each, never mixed.
KINDS = ("year", "H1", "H2", "quarter")
KIND_LABELS = {
    "year": ("全年", "full year"),
    "H1": ("上半年", "first half"),
    "H2": ("下半年", "second half"),
    "quarter": ("季度", "quarter"),
}
SERIES_COLUMNS = [
    "period",
    "year",
    "value",
    "yoy_pct",
    "change",
    "kind",  # reported | derived | "" for a gap
    "derived",
    "gap",
    "source_quote",
    "formula",
    "formula_refs",  # when the frame is enriched (queries.enrich): a derived value's inputs
]


def series_kind(period: str) -> str | None:
    """year, H1, H2 or quarter; None for a month (a stock's date, not a flow's period)."""
    p = parse_period(period)
    if p.granularity == "half":
        return "H1" if p.start.month == 1 else "H2"
    return p.granularity if p.granularity in ("year", "quarter") else None


def _steps(first: str, last: str, kind: str) -> list[str]:
    """Every period of `kind` from `first` to `last`, in order (the axis a gap shows on)."""
    a, b = parse_period(first), parse_period(last)
    if kind == "quarter":
        qa, qb = a.start.year * 4 + (a.start.month - 1) // 3, b.start.year * 4 + (b.start.month - 1) // 3
        return [f"{q // 4}Q{q % 4 + 1}" for q in range(qa, qb + 1)]
    suffix = "" if kind == "year" else kind
    return [f"{y}{suffix}" for y in range(a.start.year, b.start.year + 1)]


def kinds_of(frame: pd.DataFrame, indicator: str) -> list[str]:
    """The kinds of series `indicator` has a figure in, in KINDS order."""
    found = {series_kind(p) for p in frame.loc[frame["indicator"] == indicator, "period"]}
    return [k for k in KINDS if k in found]


def flow_series(frame: pd.DataFrame, indicator: str, kind: str) -> pd.DataFrame:
    """One indicator's periods of one kind, oldest first, from its first to its last figure: a
    period with no figure is a row with `gap` True (value NaN), so a chart leaves a hole there
    instead of drawing a line across it. `derived` marks computed values (推算)."""
    return _frame(_records(frame, indicator, kind))


def _records(frame: pd.DataFrame, indicator: str, kind: str, span: tuple[str, str] | None = None) -> list:
    """The rows of `flow_series` as dicts, over `span` (first, last) or the indicator's own."""
    rows = frame[frame["indicator"] == indicator]
    rows = rows[rows["value"].notna() | rows["yoy_pct"].notna()]
    by_period = {r["period"]: r for r in rows.to_dict("records") if series_kind(r["period"]) == kind}
    if not by_period and span is None:
        return []
    ordered = sorted(by_period, key=period_sort_key)
    first, last = span or (ordered[0], ordered[-1])
    out = []
    for period in _steps(first, last, kind):
        r = by_period.get(period)
        out.append(_gap(period) if r is None else _point(period, r))
    return out


def _point(period: str, r: dict) -> dict:
    return dict(
        period=period,
        year=parse_period(period).start.year,
        value=r["value"],
        yoy_pct=r["yoy_pct"],
        change=r["change"],
        kind=r["kind"],
        derived=r["kind"] == "derived",
        gap=False,
        source_quote=r["source_quote"],
        formula=r["formula"],
        formula_refs=r.get("formula_refs", ()),
    )


def _gap(period: str) -> dict:
    return dict(period=period, year=parse_period(period).start.year, gap=True, kind="", derived=False)


def _frame(rows: list[dict]) -> pd.DataFrame:
    numbers = {"value": float, "yoy_pct": float, "change": float}
    return pd.DataFrame(rows, columns=SERIES_COLUMNS).astype(numbers)


def levels(series: pd.DataFrame) -> pd.DataFrame:
    """The rows of a series that carry a level."""
    return series[series["value"].notna()]


@dataclass(frozen=True)
class SpanChange:
    """The change of a series over its span, a derived value with its formula:
    compound annual growth = (last / first) ^ (1 / years) − 1."""

    indicator: str
    first: str
    last: str
    first_value: float
    last_value: float
    years: int
    cagr_pct: float
    derived_inputs: bool  # an end point is itself derived (推算)

    @property
    def formula(self) -> str:
        """The formula with its references, in the notation of derived rows (shown, not evaluated:
        the formula language has no power)."""
        return (
            f"({{{self.indicator}@{self.last}}} / {{{self.indicator}@{self.first}}}) ^ (1 / {self.years}) - 1"
        )

    def text(self, lang: str = "zh") -> str:
        """2012–2025年 年均增长11.2% / 2012–2025: 11.2% a year on average."""
        a, b = (parse_period(p).start.year for p in (self.first, self.last))
        pct = f"{abs(self.cagr_pct):.1f}%"
        if lang == "en":
            word = "growth" if self.cagr_pct >= 0 else "decline"
            return f"{a}–{b}: average annual {word} of {pct}"
        return f"{a}–{b}年 年均{'增长' if self.cagr_pct >= 0 else '下降'}{pct}"

    def explain(self, lang: str = "zh") -> str:
        """The formula in words, with the numbers it uses, marked derived."""
        return ("Derived: " if lang == "en" else "推算:") + self.words(lang)

    def words(self, lang: str = "zh") -> str:
        """The formula in words with its numbers, unmarked (for a note that marks it itself)."""
        v0, v1 = (f"{v:g}" for v in (self.first_value, self.last_value))
        if lang == "en":
            return (
                f"({v1} in {label(self.last, 'en')} / {v0} in {label(self.first, 'en')})^(1/{self.years}) − 1"
            )
        return f"({label(self.last)}{v1} ÷ {label(self.first)}{v0})^(1/{self.years}) − 1"


def span_change(series: pd.DataFrame, indicator: str) -> SpanChange | None:
    """Compound annual growth between the first and the last level of a series (None with fewer than
    two levels a year or more apart, or a level that is not positive)."""
    pts = levels(series)
    if len(pts) < 2:
        return None
    first, last = pts.iloc[0], pts.iloc[-1]
    years = int(last["year"]) - int(first["year"])
    v0, v1 = float(first["value"]), float(last["value"])
    if years < 1 or v0 <= 0 or v1 <= 0:
        return None
    cagr = 100 * (math.pow(v1 / v0, 1 / years) - 1)
    return SpanChange(
        indicator=indicator,
        first=first["period"],
        last=last["period"],
        first_value=v0,
        last_value=v1,
        years=years,
        cagr_pct=round(cagr, 1),
        derived_inputs=bool(first["derived"] or last["derived"]),
    )


def missing_in(series: pd.DataFrame) -> list[str]:
    """The periods inside a series' span that have no figure (its gaps)."""
    return list(series.loc[series["gap"], "period"])


def chains_series(frame: pd.DataFrame, chains, kind: str) -> dict[str, pd.DataFrame]:
    """Each chain's revenue series of one kind, on one common span (so three panels side by side
    share their years): chain -> series."""
    each = {c: _records(frame, f"{c}_revenue", kind) for c in chains}
    ends = [p for rows in each.values() if rows for p in (rows[0]["period"], rows[-1]["period"])]
    if not ends:
        return {c: _frame([]) for c in chains}
    span = (min(ends, key=period_sort_key), max(ends, key=period_sort_key))
    return {c: _frame(_records(frame, f"{c}_revenue", kind, span)) for c in chains}
