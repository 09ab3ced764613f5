"""Displaying a value with its unit and the article's hedge word."""

from __future__ import annotations

import math

from .schema import UNITS

__all__ = ["format_number", "format_value"]


def format_number(value: float, decimals: int | None = None) -> str:
    if decimals is None:
        s = f"{value:.6f}".rstrip("0").rstrip(".")
        return s
    return f"{value:.{decimals}f}"


def format_value(value: float | None, unit: str, qualifier: str = "", lang: str = "zh",
                 decimals: int | None = None) -> str:
    """'90余家', '近1000亩', '约25公里', '超过90%' (zh) / 'over 90', 'nearly 1,000 mu' (en).

    zh: nearly -> 近X, about -> 约X, over -> X余 (超过X% for percentages).
    en: the Chinese 万/亿 units are converted (677.5亿元 -> 67.75 billion yuan).
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    q = qualifier or ""
    if lang != "en":
        n = format_number(value, decimals)
        if q == "nearly":
            return f"近{n}{unit}"
        if q == "about":
            return f"约{n}{unit}"
        if q == "over":
            return f"超过{n}{unit}" if unit == "%" else f"{n}余{unit}"
        return f"{n}{unit}"
    _, factor, base = UNITS.get(unit, (unit, 1, unit))
    v = value * factor
    if unit in ("亿元",):
        text = f"{format_number(v / 1e9, decimals)} billion yuan" if v >= 1e9 else \
            f"{format_number(v / 1e6, decimals)} million yuan"
    elif unit == "万美元":
        text = f"{format_number(v / 1e6, decimals)} million US dollars"
    elif unit == "%":
        text = f"{format_number(v, decimals)}%"
    else:
        n = f"{v:,.{decimals}f}" if decimals is not None else f"{v:,.6f}".rstrip("0").rstrip(".")
        text = f"{n} {base}".strip()
    prefix = {"nearly": "nearly ", "about": "about ", "over": "over "}.get(q, "")
    return prefix + text
