"""Which period the views open on, and what a period lacks. Pure pandas.

The default period of `/`, `/present`, `/wall` and `/briefing` is the latest period whose headline
set is complete enough to fill the first screen (`FirstScreen`):

- at least ``min_flows`` (3) of the headline flows (`HEADLINE_FLOWS`, the overview's cards) are
  reported for it, with a level or a growth rate, the lead flow (规上工业营收) among them; and
- the revenue of at least ``min_chains`` (2) of the three chains is reported for it.

A newer period that falls short (an editor publishes one 2019 全年 figure) is still offered in the
period filter, with a note of what it lacks (`lacks`), but never becomes the default by itself.
When no period is full, the default is the period with the most headline figures (the latest of
equals), so the first screen is never emptier than it has to be.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

import pandas as pd

from .periods import label, parse_period, period_sort_key
from .schema import CHAINS

# The overview's headline flows, in the article's order (components.catalog shows these cards).
HEADLINE_FLOWS = (
    "industrial_revenue",
    "industrial_value_added",
    "fiscal_revenue",
    "fixed_asset_investment",
    "retail_sales",
    "foreign_capital",
)
CHAIN_REVENUES = tuple(f"{c}_revenue" for c in CHAINS)


@dataclass(frozen=True)
class FirstScreen:
    """The rule a period must meet to fill the first screen."""

    lead: str = "industrial_revenue"
    min_flows: int = 3
    min_chains: int = 2


RULE = FirstScreen()


@dataclass(frozen=True)
class Coverage:
    """The headline figures one period has and lacks (reported rows only)."""

    period: str
    flows: tuple[str, ...]
    missing_flows: tuple[str, ...]
    chains: tuple[str, ...]  # chain codes with a reported revenue
    missing_chains: tuple[str, ...]
    rule: FirstScreen = RULE

    @property
    def full(self) -> bool:
        """Whether the period fills the first screen (see the module's docstring)."""
        r = self.rule
        return r.lead in self.flows and len(self.flows) >= r.min_flows and len(self.chains) >= r.min_chains

    @property
    def size(self) -> int:
        return len(self.flows) + len(self.chains)

    @property
    def lacks(self) -> tuple[str, ...]:
        """The indicator codes of the headline set this period has no reported figure for: the
        flows first, in the cards' order, then the chains' revenue."""
        return self.missing_flows + tuple(f"{c}_revenue" for c in self.missing_chains)


def _reported_codes(frame: pd.DataFrame) -> dict[str, set[str]]:
    """period -> the headline codes reported for it (a level or a growth rate)."""
    rows = frame[
        frame["indicator"].isin(HEADLINE_FLOWS + CHAIN_REVENUES)
        & (frame["kind"] == "reported")
        & (frame["value"].notna() | frame["yoy_pct"].notna())
    ]
    out: dict[str, set[str]] = {}
    for code, period in zip(rows["indicator"], rows["period"], strict=True):
        out.setdefault(period, set()).add(code)
    return out


def _coverage(period: str, codes: set[str], rule: FirstScreen) -> Coverage:
    return Coverage(
        period=period,
        flows=tuple(c for c in HEADLINE_FLOWS if c in codes),
        missing_flows=tuple(c for c in HEADLINE_FLOWS if c not in codes),
        chains=tuple(c for c in CHAINS if f"{c}_revenue" in codes),
        missing_chains=tuple(c for c in CHAINS if f"{c}_revenue" not in codes),
        rule=rule,
    )


def coverage(frame: pd.DataFrame, period: str, rule: FirstScreen = RULE) -> Coverage:
    """What `period` has and lacks of the headline set."""
    return _coverage(period, _reported_codes(frame).get(period, set()), rule)


def coverages(frame: pd.DataFrame, rule: FirstScreen = RULE) -> list[Coverage]:
    """The coverage of every period with a reported headline figure, oldest first."""
    found = _reported_codes(frame)
    return [_coverage(p, found[p], rule) for p in sorted(found, key=period_sort_key)]


def lacks(frame: pd.DataFrame, period: str) -> tuple[str, ...]:
    """The headline codes `period` has no reported figure for (empty when it has them all): what
    the period filter's note and the empty states name."""
    return coverage(frame, period).lacks


def default_period(frame: pd.DataFrame, rule: FirstScreen = RULE) -> str:
    """The latest period that fills the first screen; else the one with the most headline figures
    (the latest of equals); else the latest period of any row."""
    found = coverages(frame, rule)
    full = [c.period for c in found if c.full]
    if full:
        return full[-1]
    if found:
        return max(reversed(found), key=lambda c: c.size).period  # latest first: max keeps the first
    return sorted(set(frame["period"]), key=period_sort_key)[-1]


@dataclass(frozen=True)
class DefaultChange:
    """What a new dataset does to the view `/`, `/present` and `/wall` open on."""

    before: str | None  # None: there was no dataset
    after: str
    newest: str  # the newest period with a headline figure in the new dataset
    newest_lacks: tuple[str, ...]  # what the newest lacks when it is not the default

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def text(self, lang: str = "zh", names: dict[str, str] | None = None) -> str:
        """One sentence for the preview and `metrics publish`."""
        names = names or {}
        words = _CHANGE_WORDS[lang if lang in _CHANGE_WORDS else "zh"]
        b, a = (label(p, lang) if p else "—" for p in (self.before, self.after))
        out = words["changed" if self.changed else "stays"].format(before=b, after=a)
        if self.newest != self.after:
            missing = words["join"].join(names.get(c, c) for c in self.newest_lacks)
            out += words["offered"].format(newest=label(self.newest, lang), missing=missing)
        return out


_CHANGE_WORDS = {
    "zh": {
        "changed": "发布后 /、/present、/wall 的默认时期由{before}变为{after}。",
        "stays": "发布后 /、/present、/wall 的默认时期仍为{after}。",
        "offered": "{newest}可在筛选中选择,但不作默认:缺{missing}。",
        "join": "、",
    },
    "en": {
        "changed": "The default period of /, /present and /wall changes from {before} to {after}.",
        "stays": "The default period of /, /present and /wall stays {after}.",
        "offered": " {newest} is offered but is not the default: it lacks {missing}.",
        "join": ", ",
    },
}


def summary_lines(frame: pd.DataFrame) -> list[str]:
    """The default period and the periods offered without filling the first screen, for
    `python -m metrics check` (English, like the rest of its output)."""
    found = coverages(frame)
    if not found:
        return ["default period: none (no headline figure)"]
    default = default_period(frame)
    full = any(c.full for c in found)
    why = "the latest that fills the first screen" if full else "none fills the first screen; the fullest"
    lines = [f"default period of /, /present, /wall: {default} ({why})"]
    for c in found:
        if not c.full:
            lines.append(f"  offered, not full: {c.period} lacks {', '.join(c.lacks)}")
    return lines


def default_change(before: pd.DataFrame | None, after: pd.DataFrame) -> DefaultChange:
    """Compare the default period of two datasets' observations (`before` None: a first version)."""
    found = coverages(after)
    newest = found[-1] if found else None
    default = default_period(after)
    return DefaultChange(
        before=default_period(before) if before is not None and len(before) else None,
        after=default,
        newest=newest.period if newest else default,
        newest_lacks=newest.lacks if newest and newest.period != default else (),
    )


def newest_end(frame: pd.DataFrame) -> date | None:
    """The end of the newest period any observation is about (None for no rows)."""
    periods = set(frame["period"])
    return max(parse_period(p).end for p in periods) if periods else None


def months_old(frame: pd.DataFrame, today: date) -> int:
    """Whole months from the end of the newest period to `today` (0 when it is not over yet)."""
    end = newest_end(frame)
    if end is None or end >= today:
        return 0
    months = (today.year - end.year) * 12 + today.month - end.month
    return max(0, months - (_add_months(end, months) > today))


def is_stale(frame: pd.DataFrame, today: date, months: int = 12) -> bool:
    """Whether the newest data is more than `months` months older than `today` (the wall's cue
    beside its clock)."""
    end = newest_end(frame)
    if end is None:
        return True
    return today > _add_months(end, months)


def _add_months(day: date, months: int) -> date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
