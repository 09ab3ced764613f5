"""Number handling: cleaning CSV cells, printed precision, numbers in a quote."""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "clean_number",
    "parse_number",
    "decimals",
    "numbers_in_text",
    "number_in_text",
    "half_unit",
    "chinese_numeral",
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
