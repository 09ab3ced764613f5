"""Schema of the data files: allowed values, units, and one declarative spec per file.

``SPEC`` is the single home of what a file must hold (columns, types, required cells, allowed
values, patterns, foreign keys, unique keys); ``metrics.validate`` is the generic checker that
reads it. ``COLUMNS`` and ``OPTIONAL`` are derived from it.
"""

from __future__ import annotations

from dataclasses import dataclass

FILES = {
    "sources": "sources.csv",
    "indicators": "indicators.csv",
    "observations": "observations.csv",
    "chain_stages": "chain_stages.csv",
    "chain_entities": "chain_entities.csv",
    "campaigns": "campaigns.csv",
    "timeline": "timeline.csv",
    "relations": "relations.csv",
}

DOMAINS = (
    "overview",
    "industry",
    "nev",
    "electronics",
    "rare_earth",
    "poverty",
    "innovation",
    "talent",
    "urban",
    "reform",
    "history",
)
CHAINS = ("nev", "electronics", "rare_earth")
KINDS = ("reported", "derived")
QUALIFIERS = ("", "nearly", "over", "about", "top")
# Hedge words of the article that each qualifier stands for.
QUALIFIER_WORDS = {
    "top": ("百强", "前"),
    "nearly": ("近",),
    "over": ("余", "多", "超过", "以上"),
    "about": ("约",),
}
PLANS = ("current", "planned")
ROLES = ("enterprise", "project")
PRECISIONS = ("day", "month", "year")
COMPLETED_UNITS = ("measures", "problems")
# The relations between indicators that metrics.checks knows how to check (relations.csv).
CHECK_TYPES = (
    "component_le_total",
    "sum_equals_total",
    "ratio_without_printed_rate",
    "rounded_figure",
    "comparable_prices",
)
YES_NO = ("yes", "no")

# unit -> (English display, multiplier to the English base unit, English base unit)
UNITS = {
    "亿元": ("100 million yuan", 1e8, "yuan"),
    "万元": ("10,000 yuan", 1e4, "yuan"),
    "元": ("yuan", 1, "yuan"),
    "万美元": ("10,000 US dollars", 1e4, "US dollars"),
    "%": ("%", 1, "%"),
    "户": ("households", 1, "households"),
    "人": ("people", 1, "people"),
    "名": ("people", 1, "people"),
    "万人": ("10,000 people", 1e4, "people"),
    "万名": ("10,000 people", 1e4, "people"),
    "家": ("entities", 1, "entities"),
    "个": ("units", 1, ""),
    "项": ("items", 1, "items"),
    "条": ("items", 1, ""),
    "所": ("institutions", 1, ""),
    "套": ("units", 1, "units"),
    "支": ("teams", 1, "teams"),
    "处": ("sites", 1, "sites"),
    "位": ("rank", 1, ""),
    "层": ("storeys", 1, "storeys"),
    "类": ("categories", 1, "categories"),
    "年": ("years", 1, "years"),
    "平方公里": ("km²", 1, "km²"),
    "万平方米": ("10,000 m²", 1e4, "m²"),
    "平方米": ("m²", 1, "m²"),
    "公里": ("km", 1, "km"),
    "亩": ("mu", 1, "mu"),
}


@dataclass(frozen=True)
class Ref:
    """A foreign key: the cell must be a ``column`` value of the file ``table``."""

    table: str
    column: str
    what: str  # named in the problem: "unknown {what} 'x' (not in {file})"


@dataclass(frozen=True)
class Col:
    """One column. Checks on a cell run only when it is not empty (``required`` aside)."""

    name: str
    required: bool = True
    type: str = "text"  # "text", "number" (float) or "integer" (a whole number)
    allowed: tuple[str, ...] = ()  # closed list of values
    allowed_msg: str = "{value!r} is not one of: {allowed}"
    pattern: str = ""  # a regular expression the whole cell must match
    pattern_msg: str = ""
    format: str = ""  # a named check in metrics.validate.FORMATS ("iso_date", "period")
    ref: Ref | None = None
    separator: str = ""  # the cell is a list: pattern and ref apply to each item
    in_quote: str = ""  # "stage name": the cell must occur in the row's source_quote
    number_in_quote: bool = False  # the number must appear in source_quote
    signed: bool = False  # a growth or change: printed with its direction (下降5.3% is -5.3)


@dataclass(frozen=True)
class Unique:
    """No two rows share the values of ``columns``; a repeat is reported on ``column``.

    ``message`` is formatted with ``key`` (the value, or the tuple of values) and ``first``
    (the line of the first occurrence).
    """

    columns: tuple[str, ...]
    column: str
    message: str


@dataclass(frozen=True)
class FileSpec:
    columns: tuple[Col, ...]
    unique: tuple[Unique, ...] = ()
    # (column, value): only such rows must state their numbers in the quote (None: every row)
    numbers_quoted_if: tuple[str, str] | None = None

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


SOURCE_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
INDICATOR_PATTERN = r"^[a-z][a-z0-9_]*$"
CODE_PATTERN = r"^[a-z][a-z0-9_]*$"
_BAD_CODE = "bad code {value!r} (snake_case)"
_INDICATOR = Ref("indicators", "indicator", "indicator")
_SOURCE = Col("source", ref=Ref("sources", "source", "source id"))
_QUOTE = Col("source_quote")


def _counts(*names: str) -> tuple[Col, ...]:
    return tuple(Col(n, required=False, type="integer", number_in_quote=True) for n in names)


SPEC: dict[str, FileSpec] = {
    "sources": FileSpec(
        (
            Col(
                "source",
                pattern=SOURCE_ID_PATTERN,
                pattern_msg="bad source id {value!r} (lower-case letters, digits, '-')",
            ),
            Col("title"),
            Col("publisher"),
            Col("date", format="iso_date"),
            Col("url", required=False, pattern=r"https?://\S+", pattern_msg="not an http(s) URL: {value!r}"),
            Col("file"),  # the document: checked by metrics.validate.check_source_documents
        ),
        (Unique(("source",), "source", "duplicate source id {key!r} (first on line {first})"),),
    ),
    "indicators": FileSpec(
        (
            Col(
                "indicator",
                pattern=INDICATOR_PATTERN,
                pattern_msg="bad indicator code {value!r} (snake_case)",
            ),
            Col("domain", allowed=DOMAINS, allowed_msg="unknown domain {value!r}"),
            Col("name_zh"),
            Col("name_en"),
            Col("unit", allowed=tuple(UNITS), allowed_msg="unit {value!r} not in the allowed list"),
            Col("caliber_zh", required=False),
            Col("caliber_en", required=False),
        ),
        (Unique(("indicator",), "indicator", "duplicate indicator {key!r}"),),
    ),
    "observations": FileSpec(
        (
            Col("indicator", ref=_INDICATOR),
            Col("period", format="period"),
            Col("value", required=False, type="number", number_in_quote=True),
            Col(
                "qualifier",
                required=False,
                allowed=QUALIFIERS,
                allowed_msg="{value!r} is not one of: nearly, over, about (or empty)",
            ),
            Col("yoy_pct", required=False, type="number", number_in_quote=True, signed=True),
            Col("change", required=False, type="number", number_in_quote=True, signed=True),
            Col("kind", allowed=KINDS),
            Col("formula", required=False),
            _SOURCE,
            _QUOTE,
        ),
        (
            Unique(
                ("indicator", "period"),
                "period",
                "duplicate observation for ({key[0]}, {key[1]}) (first on line {first})",
            ),
        ),
        numbers_quoted_if=("kind", "reported"),
    ),
    "chain_stages": FileSpec(
        (
            Col("chain", allowed=CHAINS),
            Col("line", pattern=CODE_PATTERN, pattern_msg=_BAD_CODE),
            Col("plan", allowed=PLANS),
            Col("stage_order", type="integer"),
            Col("stage_zh", in_quote="stage name"),
            Col("stage_en"),
            _SOURCE,
            _QUOTE,
        ),
        (
            Unique(
                ("chain", "line", "stage_order"),
                "stage_order",
                "duplicate stage {key} (first on line {first})",
            ),
        ),
    ),
    "chain_entities": FileSpec(
        (
            Col("chain", allowed=CHAINS),
            Col("entity_zh", in_quote="entity name"),
            Col("entity_en"),
            Col("role", allowed=ROLES),
            Col("note_zh", required=False),
            Col("note_en", required=False),
            _SOURCE,
            _QUOTE,
        ),
        (Unique(("chain", "entity_zh"), "entity_zh", "duplicate entity {key} (first on line {first})"),),
    ),
    "campaigns": FileSpec(
        (
            Col("campaign", pattern=CODE_PATTERN, pattern_msg=_BAD_CODE),
            Col("name_zh"),
            Col("name_en"),
            *_counts("categories", "problems", "measures", "completed"),
            Col("completed_unit", required=False),  # allowed values depend on `completed`: a row rule
            Col("rate_pct", required=False, type="number", number_in_quote=True),
            _SOURCE,
            _QUOTE,
        ),
        (Unique(("campaign",), "campaign", "duplicate campaign {key!r} (first on line {first})"),),
    ),
    "timeline": FileSpec(
        (
            Col("date"),  # its form depends on `precision`: a row rule
            Col("precision", allowed=PRECISIONS),
            Col("event_zh"),
            Col("event_en"),
            Col("domain", allowed=DOMAINS),
            _SOURCE,
            _QUOTE,
        ),
    ),
    "relations": FileSpec(
        (
            Col("check_type", allowed=CHECK_TYPES),
            Col("parts", ref=_INDICATOR, separator="+"),
            Col("total", ref=_INDICATOR),
            Col("total_period", required=False, format="period"),  # empty: the period of the parts
            Col("checked", allowed=YES_NO),  # no: shown with note_* as the reason, never checked
            Col("note_zh", required=False),
            Col("note_en", required=False),
        ),
        (
            Unique(
                ("check_type", "parts", "total", "total_period"),
                "parts",
                "duplicate relation {key} (first on line {first})",
            ),
        ),
    ),
}

COLUMNS = {name: spec.names for name, spec in SPEC.items()}
# Columns that may be left empty (all others are required per row).
OPTIONAL = {name: {c.name for c in spec.columns if not c.required} for name, spec in SPEC.items()}
