"""The deck's options from its URL (pure, unit-tested): which slides, in which order, how fast, how
they fit the screen; and the steps a deck shows."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from urllib.parse import parse_qs

from components.view import MAX_QUERY
from metrics import queries as q

SLIDE_W, SLIDE_H = 1920, 1080  # one slide's design size in canvas pixels: the one definition

SLIDES = (
    "overview",
    "trend",  # shown in a default deck only when the data has a series (pages/slides/trend.py)
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
    "wall": ("overview", "trend", "industry", "chains", "poverty", "talent", "urban", "timeline"),
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
