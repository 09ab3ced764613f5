"""What a version changed, in an editor's words: summary lines for the history, and the
overview's headline cards of a candidate dataset for the preview."""

from __future__ import annotations

import re

from metrics import periods
from metrics.checks import year_before
from metrics.clerk import table_zh, value_zh

from . import strings as S
from .render import to_html


def names(dataset, lg: str) -> dict[str, str]:
    """Indicator and source codes of `dataset` -> their names in `lg` (Chinese names, titles)."""
    if dataset is None:
        return {}
    column = "name_en" if lg == "en" else "name_zh"
    out = dict(zip(dataset.sources["source"], dataset.sources["title"], strict=True))
    out.update(zip(dataset.indicators["indicator"], dataset.indicators[column], strict=True))
    return out


def summary_lines(
    summary: dict, lg: str, named: dict[str, str] | None = None, tables: bool = True
) -> list[str]:
    """A version's diff summary as short lines in plain words (数据表:新增1行、修改2行、删除0行;
    new periods, indicators and sources by their names)."""
    named = named or {}
    lines = []
    for name, c in summary.get("tables", {}).items() if tables else ():
        if any(c.values()):
            table = name if lg == "en" else table_zh(name)
            lines.append(S.t("table_counts", lg, table=table, a=c["added"], c=c["changed"], r=c["removed"]))
    for key in ("new_periods", "new_indicators", "new_sources"):
        if summary.get(key):
            items = [periods.label(p, lg) if key == "new_periods" else named.get(p, p) for p in summary[key]]
            more = f" {S.t('more', lg, n=len(items) - 6)}" if len(items) > 6 else ""
            lines.append(f"{S.t(key, lg)}: {S.t('list_sep', lg).join(items[:6])}{more}")
    for r in summary.get("recomputed", []):
        lines.append(S.t("recomputed_line", lg, **recomputed_item(r, lg, named)))
    for o in summary.get("overrides", []):
        lines.append(f"{S.t('overridden', lg)}: {o['reason']}")
    docs = summary.get("documents", {})
    added = (docs.get("added") or []) + (docs.get("changed") or [])
    if added:
        files = S.t("list_sep", lg).join(p.rsplit("/", 1)[-1] for p in added)
        lines.append(f"{S.t('documents', lg)}: {files}")
    return lines


def recomputed_item(r: dict, lg: str, named: dict[str, str]) -> dict:
    """One recomputed derived value in an editor's words: name, period, old and new."""
    period = periods.label(r["period"], lg) if periods.is_valid_period(r["period"]) else r["period"]
    return {
        "name": named.get(r["indicator"], r["indicator"]),
        "period": period,
        "old": r["old"],
        "new": r["new"],
    }


def key_label(table: str, key, lg: str, named: dict[str, str]) -> str:
    """A changed row's key as an editor reads it: 财政总收入 · 2018年, not fiscal_revenue · 2018."""
    if table == "observations" and len(key) >= 2 and periods.is_valid_period(str(key[1])):
        return f"{named.get(key[0], key[0])} · {periods.label(key[1], lg)}"
    return " · ".join(named.get(str(k), str(k)) for k in key)


def cell_label(column: str, value: str, lg: str, named: dict[str, str]) -> str:
    """A cell of an added or removed row as an editor reads it: names for codes, 2019年 for 2019,
    原文数据 / 推算, 新能源汽车, 是 … for a closed list's code (`clerk.VALUES_ZH`)."""
    if lg == "en" or not value:
        return value
    if column in ("indicator", "source", "total"):
        return named.get(value, value)
    if column == "parts":
        return "+".join(named.get(p, p) for p in value.split("+"))
    if column in ("period", "total_period") and periods.is_valid_period(value):
        return periods.label(value, lg)
    return value_zh(column, value)


def cards_html(dataset, summary: dict, lg: str):
    """The overview's headline cards of the candidate, at its newest new period (else the
    default one), rendered by the dashboard's own card builder."""
    from components.cards import kpi_card
    from components.context import Context
    from metrics import queries as q

    ctx = Context.build(dataset)
    periods = [p for p in ctx.choices.periods if p in summary.get("new_periods", ())]
    period = periods[-1] if periods else ctx.choices.default_period
    try:  # the headline flows moved to components.catalog with the dashboard branch
        from components.catalog import OVERVIEW_FLOWS
    except ImportError:
        from components.panels import OVERVIEW_FLOWS

    rows = [ctx.row(code, period) for code in OVERVIEW_FLOWS]
    cards = [
        kpi_card(row, lg, ctx.sources, q.checks_for(ctx.checks, row["indicator"], row["period"]))
        for row in rows
        if row is not None
    ]
    return period, to_html(cards)


CODE = re.compile(r"\b[a-z][a-z0-9_]*_[a-z0-9_]+\b")


def plain_check(check: dict, dataset, lg: str, named: dict[str, str]) -> str:
    """A failing consistency check in plain words: for a growth against two levels, "2019年规模以上工业
    主营业务收入720.1亿元比2018年677.5亿元高6.3%,与所填增长率-4%不符"; otherwise the check's
    own sentence with indicator codes replaced by their names."""
    if lg == "en":
        return check["detail_en"]
    if check["check_type"] == "levels_growth":
        obs = dataset.observations
        code, per = check["subject"], check["period"]
        units = dict(zip(dataset.indicators["indicator"], dataset.indicators["unit"], strict=True))

        def value(period):
            rows = obs[(obs["indicator"] == code) & (obs["period"] == period)]
            return float(rows["value"].iloc[0]) if len(rows) else None

        now, before = value(per), value(year_before(per))
        if now is not None and before:
            pct = 100 * (now / before - 1)
            unit = units.get(code, "")
            return (
                f"{periods.label(per)}{named.get(code, code)}{now:g}{unit}比{periods.label(year_before(per))}"
                f"{before:g}{unit}{'高' if pct >= 0 else '低'}{abs(pct):.1f}%,"
                f"与所填增长率{check['stated']:g}%不符"
            )
    return CODE.sub(lambda m: named.get(m.group(), m.group()), check["detail_zh"])
