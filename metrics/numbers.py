"""Number handling: cleaning CSV cells, printed precision, numbers in a quote."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "clean_number",
    "parse_number",
    "decimals",
    "numbers_in_text",
    "number_in_text",
    "half_unit",
    "chinese_numeral",
    "Printed",
    "printed_figures",
    "signed_problem",
    "typed_number",
]

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_ARABIC = re.compile(r"\d+(?:\.\d+)?")
_CN_RUN = re.compile(r"[零〇一二两三四五六七八九十百千万]+")
_CN_DIGIT = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}


def clean_number(text: str) -> str:
    """Normalise a numeric cell: NFKC (full-width digits), drop thousands
    separators (``1,358`` / ``1，358``) and every kind of space."""
    t = unicodedata.normalize("NFKC", text)
    return re.sub(r"[,\s\u00a0\u3000']", "", t)


def parse_number(text: str) -> float:
    """Parse a cleaned number or raise ``ValueError``."""
    t = clean_number(text)
    if not _NUMBER.match(t):
        raise ValueError(f"not a number: {text!r}")
    return float(t)


def decimals(text: str) -> int:
    """Number of decimals as printed: '48.64' -> 2, '160' -> 0."""
    t = clean_number(text)
    return len(t.split(".", 1)[1]) if "." in t else 0


def half_unit(text: str) -> float:
    """Half of the last printed digit: '48.64' -> 0.005, '15' -> 0.5."""
    return 0.5 * 10 ** (-decimals(text))


def chinese_numeral(run: str) -> float | None:
    """Value of a simple Chinese numeral (十, 八十, 两, 千, 一万二千...)."""
    total, section, digit = 0, 0, None
    for ch in run:
        if ch in _CN_DIGIT:
            digit = _CN_DIGIT[ch]
        elif ch in _CN_UNIT:
            section += (1 if digit is None else digit) * _CN_UNIT[ch]
            digit = None
        elif ch == "万":
            section += digit or 0
            total += (section or 1) * 10000
            section, digit = 0, None
        else:
            return None
    return float(total + section + (digit or 0))


def numbers_in_text(text: str) -> list[tuple[float, str]]:
    """Every number printed in ``text``: (value, printed form).

    Arabic numerals are read as printed (``1.5万`` gives 1.5: the 万 belongs to
    the unit, e.g. 万名); runs of Chinese numerals are read too (``近千亩`` ->
    1000, ``十多家`` -> 10, ``八十多项`` -> 80, ``七大类`` -> 7, ``第一`` -> 1).
    """
    out = [(float(m.group(0)), m.group(0)) for m in _ARABIC.finditer(text)]
    for m in _CN_RUN.finditer(text):
        v = chinese_numeral(m.group(0))
        if v is not None:
            out.append((v, m.group(0)))
    return out


def number_in_text(value: float, text: str) -> str | None:
    """The printed form of ``value`` in ``text``, or None if it is not there."""
    for v, printed in numbers_in_text(text):
        if abs(v - value) <= 1e-9 * max(1.0, abs(value)):
            return printed
    return None


# ---- figures with a direction: how Chinese statistical releases print rises and falls ----------
# A fall is printed as a word and the size of the fall: 下降5.3%, 减少1.2亿元, 回落2.1个百分点,
# 负增长3%; some tables print the sign after the word (增长-5.3%). "降至 / 下降到 / 回落为" give the
# level reached ("fell to"), not the fall, so a word counts only when the digits follow it directly
# (了 allowed). 持平 and 零增长 print a change of 0; 基本持平 (roughly flat) prints no figure.
FALL_WORDS = ("负增长", "下降", "减少", "回落", "下滑", "降低")
_FALL = re.compile(r"(?:" + "|".join(FALL_WORDS) + r")了?(?P<num>\d+(?:\.\d+)?)")
_MINUS = re.compile(r"(?:增长|增速|同比|增加|变化)[-−－](?P<num>\d+(?:\.\d+)?)")
_FLAT = re.compile(r"(?<!基本)(?:持平|零增长)")
ROUGHLY_FLAT = "基本持平"
# 由负转正: growth turned positive; 由正转负: it turned negative. Each fixes the sign of the row's growth.
TURNED = {"由负转正": 1, "由正转负": -1}
_PP = re.compile(r"^个?百分点")


@dataclass(frozen=True)
class Printed:
    """One figure as a quote prints it: its signed value, the text that prints it, and whether it is
    printed in % or in 百分点 (percentage points, the change of a ratio)."""

    value: float
    text: str
    percent: bool = False
    points: bool = False


def printed_figures(text: str) -> list[Printed]:
    """Every Arabic figure of ``text`` with the sign its words give it (下降5.3% -> -5.3), plus 0
    for each 持平 / 零增长."""
    signed = {}
    for rx in (_FALL, _MINUS):
        for m in rx.finditer(text):
            signed[m.start("num")] = m.group(0)
    out = []
    for m in _ARABIC.finditer(text):
        after = text[m.end() : m.end() + 4]
        value = float(m.group(0))
        printed = signed.get(m.start())
        out.append(
            Printed(
                -value if printed else value,
                printed or m.group(0),
                percent=after.startswith(("%", "％")),
                points=bool(_PP.match(after)),
            )
        )
    out += [Printed(0.0, m.group(0)) for m in _FLAT.finditer(text)]
    return out


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a))


def signed_problem(value: float, text: str, column: str, ratio: bool = False) -> str | None:
    """Why a signed figure (growth or change) is not printed in ``text``, or None when it is.

    The quote must print the same figure with the same direction: yoy_pct -5.3 needs 下降5.3% (or
    负增长5.3%, 增长-5.3%), 0 needs 持平 / 零增长 / 0.0%. A growth rate is in %, so a figure printed
    in 百分点 belongs in `change`; the change of a ratio (``ratio``: the indicator's unit is %) is
    in 百分点, so a figure printed with % is a relative change and is refused.
    """
    figures = printed_figures(text)
    same = [f for f in figures if _same(f.value, value)]
    if column == "yoy_pct":
        same = [f for f in same if not f.points] or same
    if ratio and column == "change":
        same = [f for f in same if not f.percent] or same
    for word, sign in TURNED.items():
        if column == "yoy_pct" and word in text and value * sign < 0:
            return f"{column} {_shown(value)} but source_quote says {word}"
    if same:
        f = same[0]
        if column == "yoy_pct" and f.points:
            return (
                f"{column} is a growth rate in %, but source_quote prints {f.text}个百分点 "
                "(a change in points: use change)"
            )
        if ratio and column == "change" and f.percent:
            return f"change of a ratio is in 百分点, but source_quote prints {f.text}% (a relative change)"
        return None
    if value == 0 and ROUGHLY_FLAT in text:
        return (
            f"{column} 0 but source_quote says {ROUGHLY_FLAT} (roughly flat), "
            "which is not a figure: leave it empty"
        )
    opposite = [f for f in figures if value != 0 and _same(f.value, -value)]
    if opposite:
        way = "a fall" if value > 0 else "a rise"
        return f"{column} {_shown(value)} but source_quote prints {way}: {opposite[0].text}"
    return f"number {_shown(value)} does not appear in source_quote"


def _shown(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")


# ---- numbers as a clerk types them (the workbook's 数值, 同比增长(%) and 比上年增减 cells) ---------
_TYPED_WORDS = re.compile(r"^(?P<word>" + "|".join((*FALL_WORDS, "增长", "增加", "提高", "上升")) + r")了?")
_TYPED_NUMBER = re.compile(r"^(?P<num>[+-]?(?:\d+(?:\.\d*)?|\.\d+))(?P<unit>.*)$")


def typed_number(text: str, unit: str = "", signed: bool = False) -> str:
    """A number cell as a clerk types it, as plain digits: full-width digits, thousands separators
    and spaces are read (３０５, 1,358); the indicator's own unit after the number is dropped
    (46.73亿元 in a 亿元 row, 5.3% in a growth cell); in a growth or change cell (`signed`) a word
    gives the direction (下降5.3% -> -5.3, 增长5.3% -> 5.3). Raise ValueError saying what to type."""
    t = clean_number(text)
    sign = ""
    word = _TYPED_WORDS.match(t) if signed else None
    if word:
        sign = "-" if word.group("word") in FALL_WORDS else ""
        t = t[word.end() :]
    m = _TYPED_NUMBER.match(t)
    if m is None:
        raise ValueError(f"not a number: {text!r}")
    rest = m.group("unit")
    own = (unit, unit.removesuffix("元")) if unit.endswith("元") and len(unit) > 1 else (unit,)  # 亿 for 亿元
    if rest and rest not in ((*own, "%", "个百分点", "百分点") if signed else own):
        from .schema import UNITS

        if unit and (rest in UNITS or f"{rest}元" in UNITS):
            raise ValueError(
                f"unit {rest} after the number {text!r}: the indicator is in {unit}, type the number only"
            )
        raise ValueError(f"not a number: {text!r}")
    num = m.group("num").lstrip("+")
    if sign and num.startswith("-"):
        raise ValueError(f"not a number: {text!r}")
    return sign + num
