"""A deck: every slide (title, body, notes, footer), the chrome around them and the config the
clientside code starts from; the `/present` and `/wall` pages."""

from __future__ import annotations

from datetime import date

from dash import dcc, html

from components import ids, theme
from components.context import Context
from components.i18n import t
from components.layout import notice
from components.view import View, parse_view
from metrics import coverage
from metrics.periods import label as period_label
from metrics.periods import parse_period

from .bodies import BODIES, PANEL_OF, chain_body, graphs_apart, slide_notes, step_codes
from .options import (
    DEFAULT_SLIDES,
    OWN_PARAMS,
    SLIDE_H,
    SLIDE_W,
    SlideOptions,
    Step,
    expand_steps,
    parse_slide_options,
)
from .trend import trend_body, trend_code


def slide_title(step: Step, view: View, lang: str) -> list:
    panel = PANEL_OF.get(step.slide, step.slide)
    title = t(f"chain_{step.chain}", lang) if step.chain else t(f"panel_{panel}", lang)
    sub = []
    if step.chain:
        sub.append(t(f"chain_role_{step.chain}", lang))
    if step.slide in ("overview", "trend", "industry", "chains", "nev", "electronics", "rare_earth"):
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
        body = {**BODIES, "trend": trend_body}[step.slide](ctx, view, lang, mode)
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
    if options.slides == DEFAULT_SLIDES[mode] and trend_code(ctx, view) is None:
        steps = [s for s in steps if s.slide != "trend"]  # no series to draw: the default leaves it out
    return [slide(ctx, view, s, i, len(steps), mode) for i, s in enumerate(steps)]


def stale_cue(ctx: Context, lang: str, today: date | None = None) -> html.Span | None:
    """The wall's cue beside its clock when the newest data is more than 12 months older than today
    (metrics.coverage.is_stale): 数据截至2019年9月,已逾86个月. None while the data is fresh."""
    today = today or date.today()
    frame = ctx.dataset.observations
    if not len(frame) or not coverage.is_stale(frame, today):
        return None
    newest = max(set(frame["period"]), key=lambda p: parse_period(p).end)
    text = t("data_stale", lang).format(period_label(newest, lang), coverage.months_old(frame, today))
    return html.Span(f"⚠ {text}", className="slide-stale")


def status(ctx: Context, lang: str) -> html.Div:
    """The wall's clock (32-slides-wall.js keeps it), and the stale cue under it."""
    return html.Div(
        [html.Time(className="slide-clock", **{"aria-live": "off"}), stale_cue(ctx, lang)],
        className="slide-status",
    )


def chrome(ctx: Context, options: SlideOptions, count: int, lang: str, mode: str) -> list:
    """Counter, progress bar, paused badge, key help, messages, the wall's clock and stale cue, and
    the full-screen button (kiosk: none of the controls and counters; the clock, the cue and the
    data-as-of stamp stay)."""
    parts = [status(ctx, lang)] if mode == "wall" else []
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
        parts += [
            html.Div(t("slides_keys", lang), className="slide-keys"),
            html.Div(className="slide-message", role="status"),
        ]
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
        "noNotes": t("slides_no_notes", lang),
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
                    *chrome(ctx, options, count, lang, mode),
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
        # growth colours on the dark slides: the theme's, the one home of the colour rule
        style={"--rise": theme.RISE[theme.DARK], "--fall": theme.FALL[theme.DARK]},
        **{"data-mode": mode, "data-paused": "false", "data-fit": options.fit, "aria-label": t(mode, lang)},
    )


def refreshed_slides(ctx: Context, pathname: str, search: str) -> tuple[list[html.Section], list]:
    """The slides of a deck URL rendered again (after the data version changed), and their graphs."""
    mode = "wall" if pathname.rstrip("/").endswith("/wall") else "present"
    view, _ = parse_view(search, ctx.choices, extra=OWN_PARAMS)
    options, _ = parse_slide_options(search, mode)
    return graphs_apart(deck_slides(ctx, view, options, mode))


def present_page(ctx: Context, view: View, rejected: list[str], search: str = "") -> html.Div:
    return deck(ctx, view, rejected, search, "present")


def wall_page(ctx: Context, view: View, rejected: list[str], search: str = "") -> html.Div:
    return deck(ctx, view, rejected, search, "wall")
