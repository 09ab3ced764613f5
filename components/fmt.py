"""Numbers and units formatted as the source prints them (677.5亿元, 21544万美元, 96.4%, 90余家)."""

from __future__ import annotations

import math

# English labels of the units the article prints; the Chinese label is the unit itself.
UNIT_EN = {
    "亿元": "100m yuan",
    "万元": "10k yuan",
    "元": "yuan",
    "万美元": "10k USD",
    "%": "%",
    "户": "households",
    "人": "people",
    "名": "people",
    "万人": "10k people",
    "万名": "10k people",
    "家": "firms",
    "个": "",
    "项": "items",
    "条": "",
    "所": "",
    "套": "units",
    "支": "teams",
    "处": "sites",
    "位": "",
    "层": "storeys",
    "类": "categories",
    "年": "years",
    "平方公里": "km²",
    "万平方米": "10k m²",
    "平方米": "m²",
    "公里": "km",
    "亩": "mu",
}

QUALIFIER_ZH = {"nearly": ("近", ""), "over": ("", "余"), "about": ("约", ""), "top": ("前", "")}
QUALIFIER_EN = {
    "nearly": ("nearly ", ""),
    "over": ("over ", ""),
    "about": ("about ", ""),
    "top": ("top ", ""),
}


def format_number(value, qualifier: str = "", lang: str = "zh") -> str:
    """A number with the digits it was printed with (no padding zeros) and its hedge word."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    number = f"{float(value):.4f}".rstrip("0").rstrip(".")
    before, after = (QUALIFIER_EN if lang == "en" else QUALIFIER_ZH).get(qualifier or "", ("", ""))
    return f"{before}{number}{after}"


def unit_label(unit: str, lang: str) -> str:
    """The unit as printed (zh) or its English label."""
    return UNIT_EN.get(unit, unit) if lang == "en" else unit


def format_value(value, unit: str, qualifier: str = "", lang: str = "zh") -> str:
    """Number and unit together: 677.5亿元 / 677.5 (100m yuan); 96.4% in both languages."""
    if unit == "%":
        if qualifier == "over" and lang != "en":
            return f"超过{format_number(value)}%"  # the article's own wording for shares
        return f"{format_number(value, qualifier, lang)}%"
    number = format_number(value, qualifier, lang)
    if lang == "en":
        label = unit_label(unit, lang)
        # "677.5 (100m yuan)": a multiplier unit in brackets reads as a unit, not as a second number
        return f"{number} ({label})" if label[:1].isdigit() else f"{number} {label}".strip()
    return f"{number}{unit}"


def format_growth(pct, lang: str = "zh") -> str:
    """A growth rate with its sign, as 增长19.55% / +19.55%."""
    if pct is None or (isinstance(pct, float) and math.isnan(pct)):
        return ""
    number = format_number(abs(pct))
    if lang == "en":
        return f"{'+' if pct >= 0 else '−'}{number}% YoY"
    return f"{'增长' if pct >= 0 else '下降'}{number}%"
