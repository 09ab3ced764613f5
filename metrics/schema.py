"""Schema of the data files: columns, allowed values, units."""

from __future__ import annotations

FILES = {
    "sources": "sources.csv",
    "indicators": "indicators.csv",
    "observations": "observations.csv",
    "chain_stages": "chain_stages.csv",
    "chain_entities": "chain_entities.csv",
    "campaigns": "campaigns.csv",
    "timeline": "timeline.csv",
}

COLUMNS = {
    "sources": ["source", "title", "publisher", "date", "url", "file"],
    "indicators": ["indicator", "domain", "name_zh", "name_en", "unit", "caliber_zh", "caliber_en"],
    "observations": [
        "indicator",
        "period",
        "value",
        "qualifier",
        "yoy_pct",
        "change",
        "kind",
        "formula",
        "source",
        "source_quote",
    ],
    "chain_stages": [
        "chain",
        "line",
        "plan",
        "stage_order",
        "stage_zh",
        "stage_en",
        "source",
        "source_quote",
    ],
    "chain_entities": [
        "chain",
        "entity_zh",
        "entity_en",
        "role",
        "note_zh",
        "note_en",
        "source",
        "source_quote",
    ],
    "campaigns": [
        "campaign",
        "name_zh",
        "name_en",
        "categories",
        "problems",
        "measures",
        "completed",
        "completed_unit",
        "rate_pct",
        "source",
        "source_quote",
    ],
    "timeline": ["date", "precision", "event_zh", "event_en", "domain", "source", "source_quote"],
}

# Columns that may be left empty (all others are required per row).
OPTIONAL = {
    "sources": {"url"},  # an internal report has a document but no web address
    "indicators": {"caliber_zh", "caliber_en"},
    "observations": {"value", "qualifier", "yoy_pct", "change", "formula"},
    "chain_stages": set(),
    "chain_entities": {"note_zh", "note_en"},
    "campaigns": {"categories", "problems", "measures", "completed", "completed_unit", "rate_pct"},
    "timeline": set(),
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

SOURCE_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
INDICATOR_PATTERN = r"^[a-z][a-z0-9_]*$"
CODE_PATTERN = r"^[a-z][a-z0-9_]*$"
