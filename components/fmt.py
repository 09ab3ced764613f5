"""Numbers and units formatted as the source prints them (677.5亿元, 21544万美元, 96.4%, 90余家)."""

from __future__ import annotations

import math

from metrics.periods import label as period_label

from .i18n import t

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
    "家": "firms",  # the one English label of 家 (enterprises, parks and bases alike are counted in it)
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
    number = digits(value) if lang != "en" else _grouped(float(value))
    before, after = (QUALIFIER_EN if lang == "en" else QUALIFIER_ZH).get(qualifier or "", ("", ""))
    return f"{before}{number}{after}"


# English: multiplier units scaled to the words a reader expects (CNY 30.5 bn, 260,000 m²):
# unit -> (factor, prefix, suffix) applied to the number, and the label for an axis of raw values.
SCALED_EN = {
    "亿元": (0.1, "CNY ", " bn"),
    "万元": (0.01, "CNY ", " m"),
    "万美元": (0.01, "USD ", " m"),
    "万人": (10_000, "", " people"),
    "万名": (10_000, "", " people"),
    "万平方米": (10_000, "", " m²"),
}
# the axis of a chart in English plots the scaled numbers, so it reads as the cards do (CNY bn)
AXIS_EN = {
    "亿元": "CNY bn",
    "万元": "CNY m",
    "万美元": "USD m",
    "万人": "people",
    "万名": "people",
    "万平方米": "m²",
}


def digits(value, places: int = 4) -> str:
    """A number with the digits it carries and no padding zeros (677.5, 21544, 3.75): the one
    trailing-zero formatter of the views."""
    return f"{float(value):.{places}f}".rstrip("0").rstrip(".")


def _grouped(number: float) -> str:
    """Thousands separators for English (260,000; 14,587), digits kept as printed."""
    whole, _, frac = digits(abs(number)).partition(".")
    text = f"{int(whole):,}" + (f".{frac}" if frac else "")
    return ("-" if number < 0 else "") + text


def sensible(number: float) -> float:
    """A converted number at sensible precision: two decimals, or three significant digits for a
    small one (26.522 -> 26.52, 0.0045 -> 0.0045): a conversion never shows more than the source."""
    if not number:
        return 0.0
    return round(number, max(2, 2 - math.floor(math.log10(abs(number)))))


def chart_scale(unit: str, lang: str) -> float:
    """What a chart multiplies the source's numbers by, so its axis is in the cards' unit
    (亿元 -> CNY bn in English); 1 in Chinese, where the source's own unit is shown."""
    return SCALED_EN[unit][0] if lang == "en" and unit in SCALED_EN else 1.0


def chart_number(value, unit: str, qualifier: str = "", lang: str = "zh") -> str:
    """A bar's label in its axis's unit: 305 (亿元) / 30.5 (CNY bn), with its hedge word."""
    if value is None or value != value:
        return "—"
    factor = chart_scale(unit, lang)
    return format_number(sensible(float(value) * factor) if factor != 1 else value, qualifier, lang)


def unit_label(unit: str, lang: str) -> str:
    """The unit as printed (zh) or its English label."""
    return UNIT_EN.get(unit, unit) if lang == "en" else unit


def format_value(value, unit: str, qualifier: str = "", lang: str = "zh") -> str:
    """Number and unit together: 677.5亿元 / 677.5 (100m yuan); 96.4% in both languages."""
    if unit == "%":
        if qualifier == "over" and lang != "en":
            return f"超过{format_number(value)}%"  # the article's own wording for shares
        return f"{format_number(value, qualifier, lang)}%"
    if lang == "en":
        if unit in SCALED_EN and value is not None and value == value:
            factor, prefix, suffix = SCALED_EN[unit]
            scaled = sensible(float(value) * factor)
            before, after = QUALIFIER_EN.get(qualifier or "", ("", ""))
            return f"{before}{prefix}{_grouped(scaled)}{suffix}{after}"
        if unit == "位":  # a rank: No. 1, or a band (前100位: top 100)
            return f"top {format_number(value)}" if qualifier == "top" else f"No. {format_number(value)}"
        return f"{format_number(value, qualifier, lang)} {unit_label(unit, lang)}".strip()
    return f"{format_number(value, qualifier, lang)}{unit}"


def axis_label(unit: str, lang: str) -> str:
    """The unit of a chart axis that plots the source's own numbers (亿元 / CNY 100 m)."""
    if lang == "en":
        return AXIS_EN.get(unit, unit_label(unit, lang)) or unit
    return unit


# Rises and falls: one convention on every page (documented in the README). Chinese readers read
# red as up and green as down (as on every Chinese market board), so rises are red ▲ and falls
# green ▼; the arrow and the sign carry the meaning too, so colour is never alone.
def trend(pct) -> str:
    """`up`, `down` or `flat` for a growth rate (empty when there is none)."""
    if pct is None or (isinstance(pct, float) and math.isnan(pct)):
        return ""
    return "up" if pct > 0 else "down" if pct < 0 else "flat"


ARROWS = {"up": "▲", "down": "▼", "flat": "▶"}


def format_delta(pct, lang: str = "zh") -> str:
    """A signed growth rate with its arrow: ▲ +15% / ▼ −2.3% (the words 同比 / YoY are added by
    the caller's label)."""
    direction = trend(pct)
    if not direction:
        return ""
    sign = "+" if pct > 0 else "−" if pct < 0 else "±"
    return f"{ARROWS[direction]} {sign}{digits(abs(pct))}%"


def format_growth(pct, lang: str = "zh") -> str:
    """A growth rate with its sign, as 增长19.55% / +19.55%."""
    if pct is None or (isinstance(pct, float) and math.isnan(pct)):
        return ""
    number = digits(abs(pct))
    if lang == "en":
        return f"{'+' if pct >= 0 else '−'}{number}% YoY"
    return f"{'增长' if pct >= 0 else '下降'}{number}%"


def format_stock(value, unit: str, qualifier: str, period: str, shown: str | None, lang: str = "zh") -> str:
    """A stock figure with its date when it is shown beside flows of another period (`shown`):
    14587名(截至2019年9月) / 14,587 people (as of Sep 2019); as `format_value` when the periods agree."""
    text = format_value(value, unit, qualifier, lang)
    if not period or period == shown:
        return text
    return text + t("stock_as_of", lang).format(period_label(period, lang))
