"""Period codes used in ``observations.csv``.

Accepted codes (anything else is a validation error):

========  ===========  ====================  ==================
code      granularity  label (zh)            label (en)
========  ===========  ====================  ==================
2018      year         2018年                2018
2019H1    half         2019年上半年          2019 H1
2020Q3    quarter      2020年第三季度        2020 Q3
2019-09   month        2019年9月             Sep 2019
========  ===========  ====================  ==================

A month code is also used for stock figures "as of" that month (至今 counts).

Sort rule: by end date, then by start date (a longer period first when two
periods end on the same day, e.g. 2019 < 2019H2 < 2019Q4 < 2019-12), then by
code. So 2017 < 2018 < 2019H1 < 2019-09.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

__all__ = [
    "Period",
    "parse_period",
    "is_valid_period",
    "period_sort_key",
    "label",
    "year_and_part",
    "period_code",
    "group_by_year",
    "part_label",
    "full_label",
    "typed_period",
]

MIN_YEAR = 1900
MAX_YEAR = 2100

_YEAR = re.compile(r"^(\d{4})$")
_HALF = re.compile(r"^(\d{4})H([12])$")
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")

_GRANULARITY_RANK = {"year": 0, "half": 1, "quarter": 2, "month": 3}
_QUARTER_ZH = {1: "一", 2: "二", 3: "三", 4: "四"}
_MONTH_EN = [None, "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@dataclass(frozen=True)
class Period:
    code: str
    start: date
    end: date
    granularity: str  # year | half | quarter | month

    @property
    def sort_key(self) -> tuple:
        return (self.end, self.start, _GRANULARITY_RANK[self.granularity], self.code)

    @property
    def label_zh(self) -> str:
        y = self.start.year
        if self.granularity == "year":
            return f"{y}年"
        if self.granularity == "half":
            return f"{y}年{'上' if self.start.month == 1 else '下'}半年"
        if self.granularity == "quarter":
            return f"{y}年第{_QUARTER_ZH[(self.start.month - 1) // 3 + 1]}季度"
        return f"{y}年{self.start.month}月"

    @property
    def label_en(self) -> str:
        y = self.start.year
        if self.granularity == "year":
            return f"{y}"
        if self.granularity == "half":
            return f"{y} H{1 if self.start.month == 1 else 2}"
        if self.granularity == "quarter":
            return f"{y} Q{(self.start.month - 1) // 3 + 1}"
        return f"{_MONTH_EN[self.start.month]} {y}"

    def label(self, lang: str = "zh") -> str:
        return self.label_en if lang == "en" else self.label_zh


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_period(code: str) -> Period:
    """Parse a period code; raise ``ValueError`` with a readable message if malformed."""
    if not isinstance(code, str):
        raise ValueError(f"period must be text, got {code!r}")
    c = code.strip()
    m = _YEAR.match(c) or _HALF.match(c) or _QUARTER.match(c) or _MONTH.match(c)
    if not m:
        raise ValueError(f"unknown period code {code!r} (expected YYYY, YYYYH1/H2, YYYYQ1-Q4 or YYYY-MM)")
    year = int(m.group(1))
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"period year out of range {MIN_YEAR}-{MAX_YEAR}: {code!r}")
    if m.re is _YEAR:
        return Period(c, date(year, 1, 1), date(year, 12, 31), "year")
    if m.re is _HALF:
        h = int(m.group(2))
        return Period(c, date(year, 1 if h == 1 else 7, 1), _month_end(year, 6 if h == 1 else 12), "half")
    if m.re is _QUARTER:
        q = int(m.group(2))
        return Period(c, date(year, 3 * q - 2, 1), _month_end(year, 3 * q), "quarter")
    month = int(m.group(2))
    return Period(c, date(year, month, 1), _month_end(year, month), "month")


def is_valid_period(code: str) -> bool:
    try:
        parse_period(code)
    except ValueError:
        return False
    return True


def period_sort_key(code: str) -> tuple:
    return parse_period(code).sort_key


def label(code: str, lang: str = "zh") -> str:
    return parse_period(code).label(lang)


# ---- periods at scale: a year plus its part (全年, 上半年, 第三季度) for the period control ----------
# The codes stay what the URL carries (`?period=2019H1`); the control offers a year, then the parts
# that year has. Parts, in the order the control lists them:
PARTS = ("year", "H1", "H2", "Q1", "Q2", "Q3", "Q4")
_PART_LABELS = {
    "year": ("全年", "Full year"),
    "H1": ("上半年", "H1"),
    "H2": ("下半年", "H2"),
    "Q1": ("第一季度", "Q1"),
    "Q2": ("第二季度", "Q2"),
    "Q3": ("第三季度", "Q3"),
    "Q4": ("第四季度", "Q4"),
}


def year_and_part(code: str) -> tuple[int, str]:
    """'2019H1' -> (2019, 'H1'); '2019' -> (2019, 'year'); '2020Q3' -> (2020, 'Q3');
    '2019-09' -> (2019, '09')."""
    p = parse_period(code)
    return p.start.year, ("year" if p.granularity == "year" else p.code[4:].lstrip("-"))


def period_code(year: int, part: str) -> str:
    """The inverse of `year_and_part`: (2019, 'H1') -> '2019H1'; raises ValueError if malformed."""
    code = str(year) if part == "year" else f"{year}-{part}" if part.isdigit() else f"{year}{part}"
    return parse_period(code).code


def _part_rank(part: str) -> tuple:
    return (PARTS.index(part), "") if part in PARTS else (len(PARTS), part)


def group_by_year(codes) -> list[tuple[int, list[str]]]:
    """Period codes grouped by year, newest year first, each year's codes in PARTS order (全年,
    上半年, 下半年, 季度, then months): the two-step period control for 30 or more periods."""
    years: dict[int, list[str]] = {}
    for code in set(codes):
        year, part = year_and_part(code)
        years.setdefault(year, []).append(code)
    return [
        (year, sorted(years[year], key=lambda c: _part_rank(year_and_part(c)[1])))
        for year in sorted(years, reverse=True)
    ]


def part_label(code: str, lang: str = "zh") -> str:
    """The part of its year a period is, as the control's second step shows it: 全年, 上半年,
    第三季度, 9月 / Full year, H1, Q3, Sep."""
    year, part = year_and_part(code)
    if part in _PART_LABELS:
        zh, en = _PART_LABELS[part]
        return en if lang == "en" else zh
    month = int(part)
    return _MONTH_EN[month] if lang == "en" else f"{month}月"


def full_label(code: str, lang: str = "zh") -> str:
    """A period's label that names its part even for a full year (2019年全年 / 2019 full year;
    otherwise `label`): what the period control shows under its year's header, so the closed
    control still names the period and a year's header is never mistaken for it."""
    year, part = year_and_part(code)
    if part != "year":
        return label(code, lang)
    return f"{year} {part_label(code, 'en').lower()}" if lang == "en" else f"{year}年{part_label(code, lang)}"


# ---- periods as a clerk types them (the workbook's 时期 column) ----------------------------------
_TYPED_HALF = {"上": "H1", "下": "H2"}
_TYPED_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
# 1-6月 and the other spans a code names: (first month, last month) -> the code's part
_TYPED_SPANS = {
    (1, 12): "",
    (1, 6): "H1",
    (7, 12): "H2",
    (1, 3): "Q1",
    (4, 6): "Q2",
    (7, 9): "Q3",
    (10, 12): "Q4",
}
_TYPED = re.compile(
    r"^(?P<y>\d{4})(?:年度?|年全年|年)?"
    r"(?:(?P<half>[上下])半年"
    r"|第?(?P<q>[一二三四1-4])季度?"
    r"|(?P<m1>\d{1,2})[-－—~～至到](?P<m2>\d{1,2})月?"
    r"|[.．/-]?(?P<m>\d{1,2})月?)?$"
)


def typed_period(text: str) -> str:
    """A period as a clerk types it, as its code: 2019年 -> 2019, 2019年上半年 and 2019年1-6月 ->
    2019H1, 2019年第一季度 -> 2019Q1, 2019年9月 and 2019.9 -> 2019-09 (codes pass unchanged;
    full-width digits and spaces are read). Raise ValueError naming what to type."""
    import unicodedata

    t = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))
    if is_valid_period(t):
        return parse_period(t).code
    m = _TYPED.match(t)
    if m is None:
        raise ValueError(f"unknown period code {text!r} (expected YYYY, YYYYH1/H2, YYYYQ1-Q4 or YYYY-MM)")
    year = m.group("y")
    if m.group("half"):
        code = f"{year}{_TYPED_HALF[m.group('half')]}"
    elif m.group("q"):
        code = f"{year}Q{_TYPED_QUARTER[m.group('q')]}"
    elif m.group("m1"):
        span = (int(m.group("m1")), int(m.group("m2")))
        if span not in _TYPED_SPANS:
            raise ValueError(f"period {text!r}: months {span[0]}-{span[1]} are not a year, half or quarter")
        code = f"{year}{_TYPED_SPANS[span]}"
    elif m.group("m"):
        code = f"{year}-{int(m.group('m')):02d}"
    else:
        code = year
    try:
        return parse_period(code).code
    except ValueError:
        raise ValueError(
            f"unknown period code {text!r} (expected YYYY, YYYYH1/H2, YYYYQ1-Q4 or YYYY-MM)"
        ) from None
