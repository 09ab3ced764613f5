"""Presenter (`/present`) and wall (`/wall`) pages: one panel per slide, laid out for the screen's shape.

Every slide of the deck is rendered once. `assets/31-slides-deck.js` lays the slides out in cells of the
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

from .bodies import SLIDE_CODES, TEMPLATE, graphs_apart, slide_notes, step_codes
from .deck import deck, deck_config, deck_slides, present_page, refreshed_slides, slide, wall_page
from .options import (
    DEFAULT_INTERVAL,
    DEFAULT_POLL,
    DEFAULT_SLIDES,
    FITS,
    MAX_SLIDES,
    OWN_PARAMS,
    SLIDE_H,
    SLIDE_W,
    SLIDES,
    SlideOptions,
    Step,
    default_options,
    expand_steps,
    option_params,
    parse_seconds,
    parse_side,
    parse_size,
    parse_slide_list,
    parse_slide_options,
)

__all__ = [
    "DEFAULT_INTERVAL",
    "DEFAULT_POLL",
    "DEFAULT_SLIDES",
    "FITS",
    "MAX_SLIDES",
    "OWN_PARAMS",
    "SLIDE_CODES",
    "SLIDE_H",
    "SLIDE_W",
    "SLIDES",
    "TEMPLATE",
    "SlideOptions",
    "Step",
    "deck",
    "deck_config",
    "deck_slides",
    "default_options",
    "expand_steps",
    "graphs_apart",
    "option_params",
    "parse_seconds",
    "parse_side",
    "parse_size",
    "parse_slide_list",
    "parse_slide_options",
    "present_page",
    "refreshed_slides",
    "slide",
    "slide_notes",
    "step_codes",
    "wall_page",
]
