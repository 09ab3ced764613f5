"""Colours and plotly templates. One colour per chain everywhere, from the Okabe-Ito
colour-blind-safe palette; the dark (大屏) variants keep each chain's hue but lift its lightness
so it reads on deep navy.
"""

from __future__ import annotations

import copy

import plotly.graph_objects as go
import plotly.io as pio

FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", system-ui, sans-serif'
LIGHT, DARK = "getdz_light", "getdz_dark"

CHAIN_COLORS = {
    LIGHT: {"nev": "#0072B2", "electronics": "#D55E00", "rare_earth": "#009E73"},
    DARK: {"nev": "#56B4E9", "electronics": "#E69F00", "rare_earth": "#2BD9A5"},
}
# Neutral series (zone totals, non-chain indicators) and the accent for highlights.
NEUTRAL = {LIGHT: "#4A5568", DARK: "#C9D6EA"}
ACCENT = {LIGHT: "#1F4E9A", DARK: "#7FD1FF"}
MUTED = {LIGHT: "#A0AEC0", DARK: "#5B6B86"}
WARNING = {LIGHT: "#B45309", DARK: "#FBBF24"}
PAPER = {LIGHT: "#FFFFFF", DARK: "#0A1633"}
INK = {LIGHT: "#1A202C", DARK: "#E8F0FF"}
GRID = {LIGHT: "#E2E8F0", DARK: "#22345C"}
# Rises red, falls green (the Chinese convention; see fmt.trend). Both pass 4.5:1 on their paper.
RISE = {LIGHT: "#C53030", DARK: "#FF7A7A"}
FALL = {LIGHT: "#1E7B3A", DARK: "#5BE08A"}

# Base font sizes; the dark template is for slides designed at 1920×1080.
FONT_SIZE = {LIGHT: 13, DARK: 24}
TICK_SIZE = {LIGHT: 12, DARK: 24}  # slides: no text under 24 px at 1080p


def _template(name: str) -> go.layout.Template:
    axis = dict(
        gridcolor=GRID[name],
        linecolor=GRID[name],
        zerolinecolor=GRID[name],
        tickfont=dict(size=TICK_SIZE[name], color=INK[name]),
        title=dict(font=dict(size=TICK_SIZE[name], color=INK[name])),
        automargin=True,
    )
    return go.layout.Template(
        layout=dict(
            font=dict(family=FONT, size=FONT_SIZE[name], color=INK[name]),
            paper_bgcolor=PAPER[name],
            plot_bgcolor=PAPER[name],
            colorway=list(CHAIN_COLORS[name].values()) + [NEUTRAL[name]],
            xaxis=axis,
            yaxis=copy.deepcopy(axis),
            # slides: the title on top, the legend in a band of its own below it
            margin=dict(l=8, r=16, t=96 if name == DARK else 40, b=8),
            hoverlabel=dict(font=dict(family=FONT, size=FONT_SIZE[name]), align="left"),
            # on slides the legend sits top right, clear of the title at top left
            legend=dict(
                orientation="h",
                yanchor="bottom",
                y=1.02,
                x=1 if name == DARK else 0,
                xanchor="right" if name == DARK else "left",
                font=dict(size=FONT_SIZE[name]),
            ),
            title=dict(font=dict(size=FONT_SIZE[name] + 2), x=0, xanchor="left")
            if name == LIGHT
            else dict(
                font=dict(size=FONT_SIZE[name] + 2),
                x=0,
                xanchor="left",
                y=1,
                yref="container",
                yanchor="top",
                pad=dict(t=16),
            ),
            separators=".,",
        )
    )


def register_templates() -> None:
    """Register both templates with plotly.io (idempotent)."""
    for name in (LIGHT, DARK):
        pio.templates[name] = _template(name)


register_templates()


def graph_config(lang: str, filename: str = "getdz", scale: int = 2) -> dict:
    """The `dcc.Graph` config for every graph: no cloud share, no logo, localised modebar,
    PNG export at presentation resolution."""
    return {
        # The modebar stays off: a chart's PNG export is its own button in the chart header
        # (assets/06-links.js calls Plotly.downloadImage with the options below).
        "displayModeBar": False,
        "displaylogo": False,
        "showSendToCloud": False,
        "showEditInChartStudio": False,
        "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines"],
        "locale": "zh-CN" if lang != "en" else "en",
        "responsive": True,
        "toImageButtonOptions": {
            "format": "png",
            "filename": filename,
            "scale": scale,
            "width": 1600,
            "height": 900,
        },
    }
