"""The filters' rules that both the page and the variants use: which element a filter value shows,
hides or marks (by class), and what a card shows for a period. One home, so a page drawn for a URL
and a filter change in the browser can never disagree."""

from __future__ import annotations

import json
from collections.abc import Callable

import pandas as pd

from components import adapters, ids
from components.cards import failed_text
from components.catalog import OVERVIEW_FLOWS
from components.context import Context
from components.fmt import format_delta, format_value, trend
from components.i18n import t
from components.view import View, allowed
from metrics import coverage
from metrics import queries as q
from metrics.periods import label as period_label

# Each graph the filters drive: the view fields its figure depends on, and its builder.
GRAPHS: dict[str, tuple[tuple[str, ...], Callable]] = {
    ids.TREND_GRAPH: (("period",), adapters.lead_trend),
    ids.OVERVIEW_GRAPH: (("period",), adapters.overview_figure),
    ids.INDUSTRY_GRAPH: (("period", "im"), adapters.industry_figure),
    ids.CHAIN_COMPARE_GRAPH: (("period", "chain", "cm"), adapters.chain_compare),
    ids.CHAIN_SERIES_GRAPH: (("period", "chain"), adapters.chain_series),
    ids.CHAINS_TREND_GRAPH: (("period",), adapters.chains_over_years),
    ids.CAMPAIGN_GRAPH: (("campaign",), adapters.campaign_figure),
}


def figure_key(graph_id: str, view: View) -> str:
    """What a graph's figure depends on, as the variants key it (`value|value`)."""
    return "|".join(getattr(view, f) for f in GRAPHS[graph_id][0])


def figure(ctx: Context, graph_id: str, view: View, lang: str) -> dict:
    """A graph's figure for `view`, as JSON data that names its key (`layout.meta`), so a filter's
    callback can tell the figure shown from the one it would draw."""
    data = json.loads(GRAPHS[graph_id][1](ctx, view, lang).to_json())
    data["layout"]["meta"] = figure_key(graph_id, view)
    return data


def chain_strip_class(selected: str) -> str:
    """The chain strip marks the chosen chain (the others dimmed) by one class on its container."""
    return f"chain-strip sel-{selected}"


def chains_trend_class(selected: str) -> str:
    """The chains over the years mark the chosen chain (the others' panels dimmed) by one class on
    the graph's box: a class, not a figure per chain, so the variants grow with the periods only."""
    return f"half chains-trend sel-{selected}"


def flow_class(chain: str, selected: str) -> str:
    """A chain's flow is shown when all chains or that chain are selected (hidden, not removed:
    a class change is cheap in the browser, replacing children is not)."""
    return f"chain-flow chain-{chain}" + ("" if selected in ("all", chain) else " hidden")


def campaign_class(campaign: str, selected: str) -> str:
    """A campaign's card is shown when all campaigns or that one are selected (a class change)."""
    return "campaign-card" + ("" if selected in ("all", campaign) else " hidden")


def dom_id(component_id: dict | str) -> str:
    """The id attribute Dash's renderer gives a component (dict ids: sorted keys, JSON values)."""
    if not isinstance(component_id, dict):
        return component_id
    parts = (
        f"{json.dumps(k)}:{json.dumps(component_id[k], ensure_ascii=False)}" for k in sorted(component_id)
    )
    return "{" + ",".join(parts) + "}"


def classes(ctx: Context) -> dict[str, dict[str, dict[str, dict[str, str]]]]:
    """What the chain and campaign filters set by class: field -> value -> {id attribute:
    {"className": class}}, for every element they mark."""
    chains, campaigns = allowed(ctx.choices)["chain"], allowed(ctx.choices)["campaign"]
    return {
        "chain": {
            v: {
                ids.CHAIN_STRIP: {"className": chain_strip_class(v)},
                dom_id(ids.CHAINS_TREND_BOX_ID): {"className": chains_trend_class(v)},
                **{dom_id(i): {"className": flow_class(c, v)} for c, i in ids.CHAIN_FLOW_IDS.items()},
            }
            for v in chains
        },
        "campaign": {
            v: {
                dom_id({"type": ids.CAMPAIGN_CARD, "campaign": c}): {"className": campaign_class(c, v)}
                for c in ctx.choices.campaigns
            }
            for v in campaigns
        },
    }


# ------------------------------------------------------------------ cards the period filter sets


def period_note(ctx: Context, period: str, lang: str) -> dict[str, str]:
    """The first screen's note of what `period` lacks of the headline set (metrics.coverage: its
    flows and the chains' revenue, reported): its text and class, hidden when it lacks nothing.
    Shown for every period that lacks a figure, not only a thin one, because an empty headline
    card is not drawn: without the note a missing flow would vanish unsaid. A period that does not
    fill the first screen (metrics.coverage.RULE) is marked `thin`. When a card it names shows a
    derived value (推算 from a neighbouring period), the note says so: 缺 beside a figure would
    read as a contradiction."""
    cover = coverage.coverage(ctx.frame, period)
    text = adapters.period_note(ctx, period, lang, always=True)
    if any(_derived(ctx.row(code, period)) for code in cover.lacks):
        text += t("lacks_derived", lang)
    thin = "" if cover.full else " thin"
    return {"children": text, "className": "period-note" + (thin if text else " hidden")}


def _derived(row) -> bool:
    return row is not None and row.get("kind") == "derived"


def note_props(ctx: Context, period: str, lang: str) -> dict[str, dict]:
    """What the period filter sets on the first screen's note, by its id attribute."""
    return {ids.PERIOD_NOTE: period_note(ctx, period, lang)}


def card_fields(ctx: Context, code: str, period: str, lang: str, share: str | None = None) -> dict:
    """What a card of the first screen shows for `period`: its class, its value, its growth against
    the same period a year before, and a note (the value a year before, the change, `share`'s value
    as a share of the zone, a failed check). The page draws these; the period filter sets them."""
    row = ctx.row(code, period)
    if row is None:
        return {
            **series_fields(ctx, code, period, lang, False),
            "card": "kpi-card empty",
            "value": "—",
            "value_class": "kpi-value",
            "growth": "",
            "growth_class": "kpi-growth",
            "note": t("no_data_named", lang).format(period_label(period, lang)),
        }
    has_value, growth = pd.notna(row.get("value")), row.get("yoy_pct")
    direction = trend(growth)
    notes = []
    if share:
        part = ctx.row(share, period)
        if part is not None:
            tag = f" ({t('derived', lang)})" if part["kind"] == "derived" else ""
            notes.append(f"{t('share_of_zone', lang)} {format_value(part['value'], '%', '', lang)}{tag}")
    prior = ctx.row(code, q.prior_period(period))
    if has_value and prior is not None and pd.notna(prior.get("value")):
        value = format_value(prior["value"], prior["unit"], prior.get("qualifier", ""), lang)
        tag = f"{' ' if lang == 'en' else ''}({t('derived', lang)})" if prior.get("kind") == "derived" else ""
        notes.append(f"{t('vs_prior', lang)} {value}{tag}")
    if pd.notna(row.get("change")):
        sign = "+" if row["change"] >= 0 else "−"
        notes.append(f"{t('change', lang)} {sign}{format_value(abs(row['change']), row['unit'], '', lang)}")
    failed = q.checks_for(ctx.checks, code, period)
    failed = failed[failed["status"] == "failed"] if not failed.empty else failed
    if not failed.empty:
        notes.append(failed_text(failed, lang))
    return {
        **series_fields(ctx, code, period, lang),
        "card": "kpi-card"
        + (" derived" if row.get("kind") == "derived" else "")
        + (" failed" if not failed.empty else ""),
        "value": format_value(row["value"], row["unit"], row.get("qualifier", ""), lang)
        if has_value
        else format_delta(growth, lang),
        "value_class": "kpi-value" + ("" if has_value else f" delta-{direction}"),
        "growth": f"{format_delta(growth, lang)} {t('yoy_label', lang)}" if has_value and direction else "",
        "growth_class": "kpi-growth" + (f" delta delta-{direction}" if has_value and direction else ""),
        "note": " · ".join(notes),
    }


# What the period filter sets on a card, part by part: each part's id type, its props and the
# `card_fields` they show. A series only on a headline card. The filters' callback names these
# props as its outputs (callbacks/dashboard.py), so this is their one home.
CARD_PARTS: dict[str, dict[str, str]] = {
    ids.CARD: {"className": "card"},
    ids.CARD_VALUE: {"children": "value", "className": "value_class"},
    ids.CARD_GROWTH: {"children": "growth", "className": "growth_class"},
    ids.CARD_NOTE: {"children": "note"},
    ids.CARD_SERIES: {"children": "series", "title": "series_title", "style": "series_style"},
}


def card_props(slot: str, fields: dict) -> dict[str, dict]:
    """A card's fields (`card_fields`) as the props of its parts (`CARD_PARTS`), keyed by their id
    attribute: what the period filter sets on the card in `slot`."""
    return {
        dom_id({"type": part, "card": slot}): {prop: fields[field] for prop, field in props.items()}
        for part, props in CARD_PARTS.items()
        if all(field in fields for field in props.values())
    }


def series_fields(ctx: Context, code: str, period: str, lang: str, shown: bool = True) -> dict:
    """A headline card's series (`OVERVIEW_FLOWS`; none for the others), one element: its sparkline
    of the period's kind, the period ringed (an SVG, the element's background: no graph, no more
    components), and the change over the span in words, its formula (the brief's rule,
    metrics.series.span_change) the title."""
    if code not in OVERVIEW_FLOWS:
        return {}
    words, formula = adapters.span_words(ctx, code, period, lang) if shown else ("", "")
    spark = adapters.sparkline(ctx, code, period) if shown else ""
    if spark:
        style = {"backgroundImage": f"url('{spark}')"}
    else:  # no sparkline: the words alone, or nothing at all
        style = {"paddingLeft": 0} if words else {"display": "none"}
    return {"series": words, "series_title": formula, "series_style": style}
