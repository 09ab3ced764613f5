"""Presenter (`/present`) and wall (`/wall`) pages: one panel per slide on a fixed 16:9 canvas.

Every slide of the deck is rendered once, stacked on a 1920×1080 canvas; `assets/30-slides.js`
scales the canvas uniformly to the screen and shows one slide at a time. Rotation, keys and
full screen are clientside, so an unattended wall makes no requests but a cheap build-id poll,
and its DOM and heap stay flat however long it runs. Figures are drawn at their design size in
canvas pixels (the scale is visual only), so nothing needs redrawing after a resize.

URL parameters besides the dashboard's filters (which carry over):
  `slides=overview,nev,poverty`  which slides, in that order (unknown names dropped, with a notice)
  `interval=20`                  seconds per slide (present: 0 = manual; wall default 30)
  `poll=60`                      seconds between build-id checks (wall default 60; 0 = never)
Values below 5 s are accepted down to 0.2 s: tests and demos use them to rotate fast.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from urllib.parse import parse_qs

from dash import dcc, html

from metrics import queries as q
from metrics.periods import label as period_label

from . import ids, theme
from .cards import kpi_card
from .context import Context
from .i18n import pick, t
from .layout import notice
from .panels import campaign_figure, chain_compare, chain_flow, chain_series, industry_figure
from .view import MAX_QUERY, View

TEMPLATE = theme.DARK
CANVAS_W, CANVAS_H = 1920, 1080
BODY_W, BODY_H = 1824, 800  # the slide body inside padding, header and footer, in canvas pixels

SLIDES = (
    "overview",
    "industry",
    "chains",
    "nev",
    "electronics",
    "rare_earth",
    "poverty",
    "talent",
    "urban",
    "timeline",
)
MODES = ("present", "wall")
DEFAULT_SLIDES = {
    "present": SLIDES,
    # the wall shows the chains slide once per chain value (nev → electronics → rare_earth)
    "wall": ("overview", "industry", "chains", "poverty", "talent", "urban", "timeline"),
}
DEFAULT_INTERVAL = {"present": 0.0, "wall": 30.0}
DEFAULT_POLL = {"present": 0.0, "wall": 60.0}
MIN_SECONDS, MAX_INTERVAL, MAX_POLL = 0.2, 3600.0, 86400.0
MAX_SLIDES = 40
MAX_EVENTS = 24  # the timeline slide shows the latest events that fit one screen
OWN_PARAMS = ("slides", "interval", "poll")

OVERVIEW_FLOWS = (
    "industrial_revenue",
    "industrial_value_added",
    "fiscal_revenue",
    "fixed_asset_investment",
    "retail_sales",
    "foreign_capital",
)
OVERVIEW_STOCKS = ("poverty_people_lifted", "phd_talents", "high_tech_enterprises", "built_up_area")
CHAIN_KPIS = {
    "revenue": "metric_revenue",
    "enterprises": "metric_enterprises",
    "share_of_industrial_revenue": "metric_share",
}  # indicator suffix -> short label
POVERTY_KPIS = (
    "poverty_households_lifted",
    "poverty_people_lifted",
    "poverty_incidence",
    "poor_labour_employed",
)
TALENT_KPIS = (
    "phd_talents",
    "national_talents",
    "academicians",
    "nobel_laureates",
    "high_tech_enterprises",
    "listed_companies",
)
TALENT_MORE = (
    "national_innovation_platforms",
    "rd_platforms",
    "academician_workstations",
    "innovation_clusters",
    "cluster_enterprises",
    "talent_measures",
)
URBAN_KPIS = ("built_up_area", "population")
URBAN_MORE = (
    "trunk_roads_length",
    "new_urban_roads_length",
    "schools_built_renovated",
    "hospitals_built_renovated",
    "greening_area_added",
    "markets_new",
    "service_items",
    "certificates_cancelled",
    "one_visit_share",
)


# ---------------------------------------------------------------- options (pure, unit-tested)


@dataclass(frozen=True)
class SlideOptions:
    """What a slide URL asks for: slide codes in order, seconds per slide, seconds per build poll."""

    slides: tuple[str, ...]
    interval: float
    poll: float


def default_options(mode: str) -> SlideOptions:
    return SlideOptions(DEFAULT_SLIDES[mode], DEFAULT_INTERVAL[mode], DEFAULT_POLL[mode])


def parse_slide_list(value: str) -> tuple[tuple[str, ...], list[str]]:
    """Known slide codes in the given order, and the unknown names that were dropped."""
    names = [n.strip().lower() for n in value.split(",")]
    known = tuple(n for n in names if n in SLIDES)[:MAX_SLIDES]
    unknown = [n for n in names if n and n not in SLIDES]
    return known, unknown


def parse_seconds(value: str, maximum: float, allow_zero: bool) -> float | None:
    """Seconds in [MIN_SECONDS, maximum] (or 0 when allowed), None if not a valid value."""
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    if not math.isfinite(seconds):
        return None
    if seconds == 0:
        return 0.0 if allow_zero else None
    return seconds if MIN_SECONDS <= seconds <= maximum else None


def parse_slide_options(search: str | None, mode: str) -> tuple[SlideOptions, list[str]]:
    """Validated options and what was rejected (`slides=foo` per unknown name, or the parameter).

    Bad values fall back to the mode's defaults; a slide list with no known name falls back to the
    default deck. The wall must rotate, so `interval=0` is rejected there.
    """
    options = default_options(mode)
    search = (search or "").lstrip("?")
    if not search or len(search) > MAX_QUERY:
        return options, []
    params = parse_qs(search, keep_blank_values=True)
    rejected: list[str] = []
    if "slides" in params:
        known, unknown = parse_slide_list(params["slides"][-1])
        rejected += [f"slides={n}" for n in unknown] or ([] if known else ["slides"])
        if known:
            options = replace(options, slides=known)
    for name, maximum, allow_zero in (
        ("interval", MAX_INTERVAL, mode == "present"),
        ("poll", MAX_POLL, True),
    ):
        if name in params:
            seconds = parse_seconds(params[name][-1], maximum, allow_zero)
            if seconds is None:
                rejected.append(name)
            else:
                options = replace(options, **{name: seconds})
    return options, rejected


@dataclass(frozen=True)
class Step:
    """One slide as shown: its code and the chain it is about (None when not a chain view)."""

    slide: str
    chain: str | None = None


def expand_steps(slides: tuple[str, ...], mode: str, view_chain: str = "all") -> list[Step]:
    """The slides as shown, in order. On the wall the chains slide cycles the chain values."""
    steps: list[Step] = []
    for slide in slides:
        if slide in q.CHAINS:
            steps.append(Step(slide, slide))
        elif slide == "chains" and mode == "wall":
            steps += [Step("chains", c) for c in q.CHAINS]
        elif slide == "chains":
            steps.append(Step("chains", None if view_chain == "all" else view_chain))
        else:
            steps.append(Step(slide))
    return steps


# ---------------------------------------------------------------- slide pieces


def slide_graph(figure, lang: str, mode: str, name: str, label: str, width: int, height: int) -> html.Div:
    """A graph drawn at its design size in canvas pixels; static (no hover, no modebar) on the wall."""
    figure.update_layout(width=width, height=height, autosize=False)
    config = {
        **theme.graph_config(lang, name),
        "responsive": False,
        "displayModeBar": False,
        "staticPlot": mode == "wall",
    }
    return html.Div(
        dcc.Graph(
            figure=figure,
            config=config,
            responsive=False,
            className="slide-graph",
            style={"width": f"{width}px", "height": f"{height}px"},
        ),
        role="img",
        **{"aria-label": label},
    )


def big_number(ctx: Context, row, lang: str, compact: bool = False, name: str | None = None) -> html.Div:
    """A KPI card for the big screen: the dashboard's card without its (interactive) citation.

    Each slide cites its source in the footer instead; the verbatim quote stays on the dashboard.
    `name` replaces the indicator's name where the slide already says what it is about.
    """
    card = kpi_card(
        row, lang, ctx.sources, q.checks_for(ctx.checks, row["indicator"], row["period"]), compact=compact
    )
    card.children = [c for c in card.children if "cite" not in str(getattr(c, "className", "")).split()]
    if name:
        head = card.children[0]
        label = html.Span(name, className="kpi-name", title=pick(row, "name", lang))
        head.children = [label, *head.children[1:]]
    return card


def numbers(ctx: Context, codes, period: str | None, lang: str, compact: bool = False) -> list:
    """Cards for `codes` at `period` (None: each indicator's latest value); missing ones skipped."""
    rows = [ctx.row(code, period) for code in codes]
    return [big_number(ctx, row, lang, compact) for row in rows if row is not None]


def no_data(view: View, lang: str) -> html.Div:
    return html.Div(f"{t('no_data', lang)}: {period_label(view.period, lang)}", className="no-data")


def overview_body(ctx: Context, view: View, lang: str, mode: str) -> list:
    flows = numbers(ctx, OVERVIEW_FLOWS, view.period, lang) or [no_data(view, lang)]
    return [
        html.Div(flows, className="slide-kpis fill"),
        html.Div(numbers(ctx, OVERVIEW_STOCKS, None, lang), className="slide-kpis fill"),
    ]


def industry_body(ctx: Context, view: View, lang: str, mode: str) -> list:
    return [
        slide_graph(
            industry_figure(ctx, view, lang, TEMPLATE),
            lang,
            mode,
            "industry",
            t("panel_industry", lang),
            BODY_W,
            BODY_H,
        )
    ]


def chains_body(ctx: Context, view: View, lang: str, mode: str) -> list:
    half = (BODY_W - 48) // 2
    return [
        html.Div(
            [
                slide_graph(
                    chain_compare(ctx, view, lang, TEMPLATE),
                    lang,
                    mode,
                    "chains",
                    t("panel_chains", lang),
                    half,
                    BODY_H,
                ),
                slide_graph(
                    chain_series(ctx, replace(view, chain="all"), lang, TEMPLATE),
                    lang,
                    mode,
                    "chain-revenue",
                    t("metric_revenue", lang),
                    half,
                    BODY_H,
                ),
            ],
            className="slide-pair",
        )
    ]


def chain_stats(ctx: Context, chain: str, lang: str) -> list:
    """The chain's latest revenue, enterprise count and share, labelled by metric (the slide names
    the chain)."""
    out = []
    for suffix, label in CHAIN_KPIS.items():
        row = ctx.row(f"{chain}_{suffix}")
        if row is not None:
            out.append(big_number(ctx, row, lang, compact=True, name=t(label, lang)))
    return out


def chain_body(ctx: Context, view: View, chain: str, lang: str, mode: str) -> list:
    """One chain: the comparison with this chain highlighted, its revenue by period, its stages."""
    chain_view = replace(view, chain=chain)
    left_w, graph_h = 820, (BODY_H - 24) // 2
    return [
        html.Div(
            [
                html.Div(
                    [
                        slide_graph(
                            chain_compare(ctx, chain_view, lang, TEMPLATE),
                            lang,
                            mode,
                            f"chains-{chain}",
                            t("panel_chains", lang),
                            left_w,
                            graph_h,
                        ),
                        slide_graph(
                            chain_series(ctx, chain_view, lang, TEMPLATE),
                            lang,
                            mode,
                            f"revenue-{chain}",
                            t("metric_revenue", lang),
                            left_w,
                            graph_h,
                        ),
                    ],
                    className="slide-col",
                ),
                html.Div(
                    [
                        html.Div(chain_stats(ctx, chain, lang), className="slide-kpis cols-3 stats"),
                        chain_flow(ctx, chain, lang),
                    ],
                    className="slide-col slide-flow",
                ),
            ],
            className="slide-pair",
        )
    ]


def poverty_body(ctx: Context, view: View, lang: str, mode: str) -> list:
    return [
        html.Div(numbers(ctx, POVERTY_KPIS, None, lang), className="slide-kpis cols-4"),
        slide_graph(
            campaign_figure(ctx, view, lang, TEMPLATE),
            lang,
            mode,
            "campaigns",
            t("campaign_rate", lang),
            BODY_W,
            BODY_H - 256 - 24,
        ),
    ]


def talent_body(ctx: Context, view: View, lang: str, mode: str) -> list:
    return [
        html.Div(numbers(ctx, TALENT_KPIS, None, lang), className="slide-kpis cols-3"),
        html.Div(numbers(ctx, TALENT_MORE, None, lang, compact=True), className="slide-kpis cols-6 more"),
    ]


def urban_body(ctx: Context, view: View, lang: str, mode: str) -> list:
    return [
        html.Div(numbers(ctx, URBAN_KPIS, None, lang), className="slide-kpis cols-2"),
        html.Div(numbers(ctx, URBAN_MORE, None, lang, compact=True), className="slide-kpis cols-5 more"),
    ]


def timeline_body(ctx: Context, view: View, lang: str, mode: str) -> list:
    events = q.timeline(ctx.dataset.timeline).tail(MAX_EVENTS)
    items = [
        html.Li(
            [
                html.Time(str(r["date"]), dateTime=str(r["date"]), className="tl-date"),
                html.Span(pick(r, "event", lang), className="tl-event"),
            ],
            className=f"tl-item domain-{r['domain']}",
        )
        for _, r in events.iterrows()
    ]
    return [html.Ol(items, className="slide-timeline")]


BODIES = {
    "overview": overview_body,
    "industry": industry_body,
    "chains": chains_body,
    "poverty": poverty_body,
    "talent": talent_body,
    "urban": urban_body,
    "timeline": timeline_body,
}
PANEL_OF = {"nev": "chains", "electronics": "chains", "rare_earth": "chains"}


def slide_title(step: Step, view: View, lang: str) -> list:
    panel = PANEL_OF.get(step.slide, step.slide)
    title = t(f"chain_{step.chain}", lang) if step.chain else t(f"panel_{panel}", lang)
    sub = []
    if step.chain:
        sub.append(t(f"chain_role_{step.chain}", lang))
    if step.slide in ("overview", "industry", "chains", "nev", "electronics", "rare_earth"):
        sub.append(period_label(view.period, lang))
    return [
        html.H2(title, className="slide-title"),
        html.Span(" · ".join(sub), className="slide-sub") if sub else None,
    ]


def slide(ctx: Context, view: View, step: Step, index: int, total: int, mode: str) -> html.Section:
    """One slide: title, body, and a footer with the source and the data-as-of stamp."""
    lang = view.lang
    if step.slide in q.CHAINS or (step.slide == "chains" and step.chain):
        body = chain_body(ctx, view, step.chain, lang, mode)
    else:
        body = BODIES[step.slide](ctx, view, lang, mode)
    sources = " · ".join(dict.fromkeys(ctx.sources.values()))
    return html.Section(
        [
            html.Header(
                [*slide_title(step, view, lang), html.Span(t("zone", lang), className="slide-zone")],
                className="slide-head",
            ),
            html.Div(body, className=f"slide-body body-{step.slide}"),
            html.Footer(
                [
                    html.Span(f"{t('source', lang)}: {sources}", className="slide-source"),
                    html.Span(f"{t('as_of', lang)} {ctx.as_of}", className="slide-stamp"),
                ],
                className="slide-foot",
            ),
        ],
        className="slide" + (" is-active" if index == 0 else ""),
        **{
            "data-slide": step.slide,
            "data-chain": step.chain or "",
            "data-index": str(index),
            "aria-roledescription": t("slide", lang),
            "aria-label": f"{index + 1} / {total}",
            "aria-hidden": "false" if index == 0 else "true",
        },
    )


def deck(ctx: Context, view: View, rejected: list[str], search: str, mode: str) -> html.Div:
    """The page: the canvas with every slide, the counter and progress bar, and the config the
    clientside code starts from."""
    lang = view.lang
    options, own_rejected = parse_slide_options(search, mode)
    rejected = [r for r in rejected if r not in OWN_PARAMS] + own_rejected
    steps = expand_steps(options.slides, mode, view.chain)
    slides = [slide(ctx, view, s, i, len(steps), mode) for i, s in enumerate(steps)]
    chrome = [
        html.Div(
            html.Div(className="slide-progress-bar"), className="slide-progress", **{"aria-hidden": "true"}
        ),
        html.Div(f"1 / {len(steps)}", className="slide-counter", **{"aria-live": "polite"}),
        html.Div(t("slides_paused", lang), className="slide-paused", role="status"),
    ]
    if mode == "present":
        chrome.append(html.Div(t("slides_keys", lang), className="slide-keys"))
    config = {
        "mode": mode,
        "count": len(steps),
        "interval": options.interval,
        "poll": options.poll,
        "jump": t("slides_jump", lang),
    }
    return html.Div(
        [
            dcc.Store(id=ids.SLIDE_CONFIG, data=config),
            dcc.Store(id=ids.BUILD_STORE),
            dcc.Store(id=ids.DECK_READY),
            dcc.Store(id=ids.BUILD_SEEN),
            html.Div(
                [
                    notice(rejected, lang),
                    html.Div(slides, className="slide-stack"),
                    *chrome,
                ],
                className="slide-canvas",
                id=ids.SLIDE,
                **{"data-index": "0", "data-count": str(len(steps))},
            ),
        ],
        className=f"page page-{mode} slide-deck",
        lang="en" if lang == "en" else "zh-CN",
        **{"data-mode": mode, "data-paused": "false", "aria-label": t(mode, lang)},
    )


def present_page(
    ctx: Context, view: View, rejected: list[str], search: str = "", base_url: str = ""
) -> html.Div:
    return deck(ctx, view, rejected, search, "present")


def wall_page(
    ctx: Context, view: View, rejected: list[str], search: str = "", base_url: str = ""
) -> html.Div:
    return deck(ctx, view, rejected, search, "wall")
