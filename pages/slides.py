"""Presenter (`/present`) and wall (`/wall`) pages: one panel per slide, laid out for the screen's shape.

Every slide of the deck is rendered once. `assets/30-slides.js` lays the slides out in cells of the
screen's shape and scales the canvas: one 16:9 slide on a 16:9 screen, two or three side by side on
32:9 and wider walls (rotating as a set), one portrait slide on a 9:16 kiosk. A cell's shorter side
is always `SLIDE_H` canvas pixels, so text sized in canvas pixels never shrinks below the size it
has on a 1080p screen. Slides re-flow to their cell with CSS container queries; graphs are responsive
`dcc.Graph`s that fill their box (plotly redraws only when a cell changes shape, never on a mere
rescale). A slide's graphs are mounted when it is first shown, the others' at idle (`graphs_apart`).

Rotation, keys, the clock and full screen are clientside, so an unattended wall makes no requests
but a cheap `/healthz` poll, and its DOM and heap stay flat however long it runs. A new build
reloads the page; a new data version re-renders the slides in place (no blank frame).

URL parameters besides the dashboard's filters (which carry over):
  `slides=overview,nev,poverty`  which slides, in that order (unknown names dropped, with a notice)
  `interval=20`                  seconds per slide (present: 0 = manual; wall default 30)
  `poll=60`                      seconds between `/healthz` checks (wall default 60; 0 = never)
  `fit=auto`                     auto (layout by shape), contain, width, height or stretch
  `w=6656&h=1792`                lay out for a wall of that resolution (when the player reports
                                 another) and stretch the result over the screen
  `kiosk=1`                      no chrome: no counter, progress bar, button or key help
Values below 5 s are accepted down to 0.2 s: tests and demos use them to rotate fast.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from urllib.parse import parse_qs

from dash import dcc, html

from components import ids, theme
from components.adapters import campaign_figure, chain_compare, chain_series, industry_figure
from components.cards import kpi_card
from components.catalog import OVERVIEW_FLOWS, OVERVIEW_STOCKS, POVERTY_KPIS, TALENT_KPIS
from components.context import Context
from components.i18n import pick, t
from components.layout import notice
from components.stages import chain_flow
from components.tree import rewrite, with_children
from components.view import MAX_QUERY, View, parse_view
from metrics import queries as q
from metrics.periods import label as period_label

TEMPLATE = theme.DARK
SLIDE_W, SLIDE_H = 1920, 1080  # one slide's design size in canvas pixels: the one definition

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
DEFAULT_SLIDES = {
    "present": SLIDES,
    # the wall shows the chains slide once per chain value (nev → electronics → rare_earth)
    "wall": ("overview", "industry", "chains", "poverty", "talent", "urban", "timeline"),
}
DEFAULT_INTERVAL = {"present": 0.0, "wall": 30.0}
DEFAULT_POLL = {"present": 0.0, "wall": 60.0}
MIN_SECONDS, MAX_INTERVAL, MAX_POLL = 0.2, 3600.0, 86400.0
MAX_SLIDES = 40  # slides shown, after the wall's chains slide expands into one per chain
FITS = ("auto", "contain", "width", "height", "stretch")
MIN_SIDE, MAX_SIDE = 100, 50000  # `w`/`h` bounds, as the 大屏 tools allow for a canvas
FLAGS = {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}
MAX_EVENTS = 12  # the timeline slide shows the latest events that fit a slide of any shape
OWN_PARAMS = ("slides", "interval", "poll", "fit", "w", "h", "kiosk")

CHAIN_KPIS = {
    "revenue": "metric_revenue",
    "enterprises": "metric_enterprises",
    "share_of_industrial_revenue": "metric_share",
}  # indicator suffix -> short label
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
# the indicators each KPI slide shows (their 口径 go to the presenter's notes)
SLIDE_CODES = {
    "overview": OVERVIEW_FLOWS + OVERVIEW_STOCKS,
    "poverty": POVERTY_KPIS,
    "talent": TALENT_KPIS + TALENT_MORE,
    "urban": URBAN_KPIS + URBAN_MORE,
}


# ---------------------------------------------------------------- options (pure, unit-tested)


@dataclass(frozen=True)
class SlideOptions:
    """What a slide URL asks for: slide codes in order, seconds per slide, seconds per `/healthz`
    poll, the fit mode, the wall resolution to lay out for (None: the screen's), and kiosk mode."""

    slides: tuple[str, ...]
    interval: float
    poll: float
    fit: str = "auto"
    size: tuple[int, int] | None = None
    kiosk: bool = False


def default_options(mode: str) -> SlideOptions:
    return SlideOptions(DEFAULT_SLIDES[mode], DEFAULT_INTERVAL[mode], DEFAULT_POLL[mode])


def parse_slide_list(value: str) -> tuple[tuple[str, ...], list[str]]:
    """Known slide codes in the given order, and the unknown names that were dropped."""
    names = [n.strip().lower() for n in value.split(",")]
    known = tuple(n for n in names if n in SLIDES)
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


def parse_side(value: str) -> int | None:
    """A wall side in pixels, MIN_SIDE..MAX_SIDE, None if not a valid value."""
    value = value.strip()
    if not value.isascii() or not value.isdigit():
        return None
    side = int(value)
    return side if MIN_SIDE <= side <= MAX_SIDE else None


def parse_size(params: dict[str, list[str]]) -> tuple[tuple[int, int] | None, list[str]]:
    """`w` and `h` together, or neither; each bad or missing one is named."""
    if "w" not in params and "h" not in params:
        return None, []
    sides = {name: parse_side(params[name][-1]) if name in params else None for name in ("w", "h")}
    bad = [name for name, side in sides.items() if side is None]
    return (None, bad) if bad else ((sides["w"], sides["h"]), [])


def option_params(options: SlideOptions) -> tuple[tuple[str, str], ...]:
    """The canonical query pairs of validated options (what a deck page depends on besides the
    view): the router's cache key and the deck's URL are built from these."""
    pairs = [
        ("slides", ",".join(options.slides)),
        ("interval", repr(options.interval)),
        ("poll", repr(options.poll)),
        ("fit", options.fit),
    ]
    if options.size is not None:
        pairs += [("w", str(options.size[0])), ("h", str(options.size[1]))]
    if options.kiosk:
        pairs.append(("kiosk", "1"))
    return tuple(pairs)


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
    if "fit" in params:
        fit = params["fit"][-1].strip().lower()
        if fit in FITS:
            options = replace(options, fit=fit)
        else:
            rejected.append("fit")
    size, bad = parse_size(params)
    rejected += bad
    options = replace(options, size=size)
    if "kiosk" in params:
        kiosk = FLAGS.get(params["kiosk"][-1].strip().lower())
        if kiosk is None:
            rejected.append("kiosk")
        else:
            options = replace(options, kiosk=kiosk)
    return options, rejected


@dataclass(frozen=True)
class Step:
    """One slide as shown: its code and the chain it is about (None when not a chain view)."""

    slide: str
    chain: str | None = None


def expand_steps(slides: tuple[str, ...], mode: str, view_chain: str = "all") -> list[Step]:
    """The slides as shown, in order, at most MAX_SLIDES. On the wall the chains slide cycles the
    chain values."""
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
        if len(steps) >= MAX_SLIDES:
            break
    return steps[:MAX_SLIDES]


def slide_notes(ctx: Context, codes, lang: str) -> list[tuple[str, str]]:
    """(name, 口径) of the indicators a slide shows that have one, each 口径 once."""
    notes: dict[str, str] = {}
    for code in codes:
        row = ctx.row(code)
        caliber = (
            pick(row, "caliber", lang) if row is not None and isinstance(row.get("caliber_zh"), str) else ""
        )
        if caliber and caliber not in notes.values():
            notes[pick(row, "name", lang)] = caliber
    return list(notes.items())


def step_codes(step: Step) -> tuple[str, ...]:
    """The indicators a step shows as cards."""
    if step.chain:
        return tuple(f"{step.chain}_{suffix}" for suffix in CHAIN_KPIS)
    return SLIDE_CODES.get(step.slide, ())


# ---------------------------------------------------------------- slide pieces


def slide_graph(figure, lang: str, mode: str, name: str, label: str) -> html.Div:
    """A graph that fills its box (redrawn only when the box changes shape); static (no hover,
    no modebar) on the wall."""
    config = {**theme.graph_config(lang, name), "displayModeBar": False, "staticPlot": mode == "wall"}
    return html.Div(
        dcc.Graph(figure=figure, config=config, responsive=True, className="slide-graph"),
        className="slide-graph-box",
        role="img",
        **{"aria-label": label},
    )


def graphs_apart(slides: list) -> tuple[list, list]:
    """The slides with each graph's place left empty (`{"type": SLIDE_GRAPH, "slide": i, "index": n}`),
    and the graphs (`dcc.Graph`) by index n. The deck mounts a slide's graphs into their places when
    the slide is shown, and the others' one slide at a time at idle (callbacks/slides.py `mount`,
    assets/30-slides.js), instead of drawing every slide's at once when the deck mounts."""
    graphs: list = []

    def apart(index: int):
        def place(component):
            graph = getattr(component, "children", None)
            if getattr(component, "className", None) != "slide-graph-box" or not isinstance(graph, dcc.Graph):
                return None
            out = with_children(component, None)  # its role and label kept
            out.id = {"type": ids.SLIDE_GRAPH, "slide": index, "index": len(graphs)}
            graphs.append(graph)
            return out

        return place

    return [rewrite(s, apart(i)) for i, s in enumerate(slides)], graphs


def big_number(ctx: Context, row, lang: str, compact: bool = False, name: str | None = None) -> html.Div:
    """A KPI card for the big screen: the dashboard's card without its (interactive) citation and
    口径 (the slide cites its source in the footer; the 口径 go to the presenter's notes)."""
    checks = q.checks_for(ctx.checks, row["indicator"], row["period"])
    return kpi_card(row, lang, ctx.sources, checks, compact=compact, cite=False, name=name)


def numbers(ctx: Context, codes, period: str | None, lang: str, compact: bool = False) -> list:
    """Cards for `codes` at `period` (None: each indicator's latest value); missing ones skipped."""
    rows = [ctx.row(code, period) for code in codes]
    return [big_number(ctx, row, lang, compact) for row in rows if row is not None]


def no_data(view: View, lang: str) -> html.Div:
    return html.Div(f"{t('no_data', lang)}: {period_label(view.period, lang)}", className="no-data")


def overview_body(ctx: Context, view: View, lang: str, mode: str) -> list:
    flows = numbers(ctx, OVERVIEW_FLOWS, view.period, lang) or [no_data(view, lang)]
    return [
        html.Div(flows, className="slide-kpis wide headline"),
        html.Div(numbers(ctx, OVERVIEW_STOCKS, None, lang), className="slide-kpis"),
    ]


def industry_body(ctx: Context, view: View, lang: str, mode: str) -> list:
    figure = industry_figure(ctx, view, lang, TEMPLATE)
    return [slide_graph(figure, lang, mode, "industry", t("panel_industry", lang))]


def chains_body(ctx: Context, view: View, lang: str, mode: str) -> list:
    compare = chain_compare(ctx, view, lang, TEMPLATE)
    series = chain_series(ctx, replace(view, chain="all"), lang, TEMPLATE)
    return [
        html.Div(
            [
                slide_graph(compare, lang, mode, "chains", t("panel_chains", lang)),
                slide_graph(series, lang, mode, "chain-revenue", t("metric_revenue", lang)),
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
    """One chain: its revenue, enterprises and share, its revenue by period, its stages and players
    (the chains slide compares the chains)."""
    series = chain_series(ctx, replace(view, chain=chain), lang, TEMPLATE)
    return [
        html.Div(chain_stats(ctx, chain, lang), className="slide-kpis stats"),
        html.Div(
            [
                slide_graph(series, lang, mode, f"revenue-{chain}", t("metric_revenue", lang)),
                html.Div(chain_flow(ctx, chain, lang), className="slide-flow"),
            ],
            className="slide-pair chain-pair",
        ),
    ]


def poverty_body(ctx: Context, view: View, lang: str, mode: str) -> list:
    figure = campaign_figure(ctx, view, lang, TEMPLATE)
    return [
        html.Div(numbers(ctx, POVERTY_KPIS, None, lang), className="slide-kpis"),
        slide_graph(figure, lang, mode, "campaigns", t("campaign_rate", lang)),
    ]


def talent_body(ctx: Context, view: View, lang: str, mode: str) -> list:
    return [
        html.Div(numbers(ctx, TALENT_KPIS, None, lang), className="slide-kpis wide"),
        html.Div(numbers(ctx, TALENT_MORE, None, lang, compact=True), className="slide-kpis more"),
    ]


def urban_body(ctx: Context, view: View, lang: str, mode: str) -> list:
    return [
        html.Div(numbers(ctx, URBAN_KPIS, None, lang), className="slide-kpis wide headline"),
        html.Div(numbers(ctx, URBAN_MORE, None, lang, compact=True), className="slide-kpis more"),
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


def notes_aside(notes: list[tuple[str, str]], lang: str) -> html.Aside | None:
    """The presenter's notes of a slide (N shows them): each indicator's 口径."""
    if not notes:
        return None
    return html.Aside(
        [
            html.H3(t("slides_notes", lang)),
            html.Dl([el for name, text in notes for el in (html.Dt(name), html.Dd(text))]),
        ],
        className="slide-notes",
    )


def slide(ctx: Context, view: View, step: Step, index: int, total: int, mode: str) -> html.Section:
    """One slide: title, body, and a footer with the source and the data-as-of stamp (and on
    `/present`, the notes the presenter can show)."""
    lang = view.lang
    if step.chain:
        body = chain_body(ctx, view, step.chain, lang, mode)
    else:
        body = BODIES[step.slide](ctx, view, lang, mode)
    sources = " · ".join(dict.fromkeys(ctx.sources.values()))
    notes = notes_aside(slide_notes(ctx, step_codes(step), lang), lang) if mode == "present" else None
    return html.Section(
        [
            html.Header(
                [*slide_title(step, view, lang), html.Span(t("zone", lang), className="slide-zone")],
                className="slide-head",
            ),
            html.Div(body, className=f"slide-body body-{step.slide}"),
            notes,
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


def deck_slides(ctx: Context, view: View, options: SlideOptions, mode: str) -> list[html.Section]:
    """Every slide of the deck, in order (also what a data refresh re-renders in place)."""
    steps = expand_steps(options.slides, mode, view.chain)
    return [slide(ctx, view, s, i, len(steps), mode) for i, s in enumerate(steps)]


def chrome(options: SlideOptions, count: int, lang: str, mode: str) -> list:
    """Counter, progress bar, paused badge, key help, clock and full-screen button (kiosk: none
    of the controls and counters; the clock and the data-as-of stamp stay)."""
    parts = [html.Time(className="slide-clock", **{"aria-live": "off"})] if mode == "wall" else []
    if options.kiosk:
        return parts
    parts += [
        html.Div(
            html.Div(className="slide-progress-bar"), className="slide-progress", **{"aria-hidden": "true"}
        ),
        html.Div(f"1 / {count}", className="slide-counter", **{"aria-live": "polite"}),
        html.Div(t("slides_paused", lang), className="slide-paused", role="status"),
        html.Button(t("slides_fullscreen", lang), type="button", className="slide-fullscreen"),
    ]
    if mode == "present":
        parts.append(html.Div(t("slides_keys", lang), className="slide-keys"))
    return parts


def deck_config(options: SlideOptions, count: int, lang: str, mode: str) -> dict:
    """What the clientside deck starts from."""
    return {
        "mode": mode,
        "count": count,
        "interval": options.interval,
        "poll": options.poll,
        "fit": options.fit,
        "size": list(options.size) if options.size else None,
        "slide": [SLIDE_W, SLIDE_H],
        "jump": t("slides_jump", lang),
        "clock": {
            "format": t("clock_format", lang),
            "weekdays": t("clock_weekdays", lang).split(","),
            "months": t("clock_months", lang).split(","),
        },
        "refresh": ids.DECK_REFRESH,
        "shown": ids.SLIDE_SHOWN,
    }


def deck(ctx: Context, view: View, rejected: list[str], search: str, mode: str) -> html.Div:
    """The page: the canvas with every slide (each graph's place empty, the graphs as data: see
    `graphs_apart`), the chrome, and the config the clientside code starts from."""
    lang = view.lang
    options, own_rejected = parse_slide_options(search, mode)
    rejected = [r for r in rejected if r not in OWN_PARAMS] + own_rejected
    slides, graphs = graphs_apart(deck_slides(ctx, view, options, mode))
    count = len(slides)
    return html.Div(
        [
            dcc.Store(id=ids.SLIDE_CONFIG, data=deck_config(options, count, lang, mode)),
            dcc.Store(id=ids.BUILD_STORE),
            dcc.Store(id=ids.DECK_READY),
            dcc.Store(id=ids.BUILD_SEEN),
            dcc.Store(id=ids.DECK_REFRESH),
            dcc.Store(id=ids.DECK_VERSION, data=ctx.dataset.version),
            dcc.Store(id=ids.DECK_SWAPPED),
            dcc.Store(id=ids.SLIDE_GRAPHS, data=graphs),
            dcc.Store(id=ids.SLIDE_SHOWN, data=[0]),  # the first slide is always shown
            html.Div(
                [
                    notice(rejected, lang),
                    html.Div(slides, id=ids.SLIDE_STACK, className="slide-stack"),
                    *chrome(options, count, lang, mode),
                ],
                className="slide-canvas",
                id=ids.SLIDE,
                # the design size before the script lays the canvas out (CSS reads these)
                style={"--slide-w": f"{SLIDE_W}px", "--slide-h": f"{SLIDE_H}px"},
                **{"data-index": "0", "data-count": str(count)},
            ),
        ],
        className=f"page page-{mode} slide-deck" + (" kiosk" if options.kiosk else ""),
        lang="en" if lang == "en" else "zh-CN",
        **{"data-mode": mode, "data-paused": "false", "data-fit": options.fit, "aria-label": t(mode, lang)},
    )


def refreshed_slides(ctx: Context, pathname: str, search: str) -> tuple[list[html.Section], list]:
    """The slides of a deck URL rendered again (after the data version changed), and their graphs."""
    mode = "wall" if pathname.rstrip("/").endswith("/wall") else "present"
    view, _ = parse_view(search, ctx.choices, extra=OWN_PARAMS)
    options, _ = parse_slide_options(search, mode)
    return graphs_apart(deck_slides(ctx, view, options, mode))


def present_page(ctx: Context, view: View, rejected: list[str], search: str = "", **_) -> html.Div:
    return deck(ctx, view, rejected, search, "present")


def wall_page(ctx: Context, view: View, rejected: list[str], search: str = "", **_) -> html.Div:
    return deck(ctx, view, rejected, search, "wall")
