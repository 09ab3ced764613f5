"""Export tables: the data behind each panel with its citation, as CSV or XLSX bytes.

Every export row carries what an official needs to cite the number: period, unit, kind
(reported/derived), the formula of a derived value, and the verbatim source sentence. Pure pandas
and the standard library (openpyxl is reached only through `pandas.ExcelWriter`); labels that are
user-interface strings arrive as arguments, so this module needs no i18n.
"""

from __future__ import annotations

import io
import re

import pandas as pd

from . import schema
from .periods import is_valid_period
from .periods import label as period_label

# The columns of every panel table, in order (codes; the caller localises the headers).
EXPORT_COLUMNS = (
    "indicator",
    "name",
    "period",
    "period_label",
    "value",
    "qualifier",
    "unit",
    "yoy_pct",
    "change",
    "kind",
    "formula",
    "caliber",
    "source",
    "source_quote",
)
NUMERIC_COLUMNS = ("value", "yoy_pct", "change")

# The tables of the whole-dataset workbook, in order; `checks` is computed, the rest are files.
DATASET_TABLES = (
    "sources",
    "indicators",
    "observations",
    "chain_stages",
    "chain_entities",
    "campaigns",
    "timeline",
    "relations",
    "checks",
)

# Units of the campaign figures (the CSV states counts of problems and of measures).
CAMPAIGN_UNITS = {"categories": "类", "problems": "个", "measures": "项", "rate_pct": "%"}
COMPLETED_UNITS = {"measures": "项", "problems": "个"}

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv; charset=utf-8"

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# A text cell starting with one of these is run as a formula by Excel, LibreOffice or WPS
# (`=HYPERLINK(...)`, `+cmd|...`, `@SUM(...)`); tab and carriage return are variants of the same.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value) -> bool:
    """Is `value` text that a spreadsheet would treat as a formula? (A number such as -3.5 is not.)"""
    if not isinstance(value, str) or not value.startswith(FORMULA_PREFIXES):
        return False
    try:
        float(value)
    except ValueError:
        return True
    return False


def neutralise(value):
    """A formula-like text cell made inert with a leading `'`; anything else unchanged."""
    return "'" + value if formula_like(value) else value


def neutralised(table: pd.DataFrame) -> pd.DataFrame:
    """`table` with every formula-like text cell (and column name) neutralised."""
    text = [c for c in table.columns if table[c].dtype == object or pd.api.types.is_string_dtype(table[c])]
    out = table.assign(**{c: table[c].map(neutralise) for c in text}) if text else table
    return out.rename(columns=neutralise)


def formula_like_cells(tables) -> list:
    """Warnings for data cells a spreadsheet would run as a formula (`=HYPERLINK(...)`): exports
    neutralise them, but such text in the data is almost always a paste from a spreadsheet."""
    from .reading import Problem

    return [
        Problem(table.file, row["_line"], column, f"text starts like a formula: {row[column][:40]!r}")
        for table in tables
        if table.usable
        for row in table.rows
        for column in table.header
        if formula_like(row.get(column))
    ]


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _pick(row, field: str, lang: str) -> str:
    return _text(row.get(f"{field}_en" if lang == "en" else f"{field}_zh"))


def _period_label(code: str, lang: str) -> str:
    return period_label(code, lang) if is_valid_period(code) else code


def _table(records: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(records, columns=list(EXPORT_COLUMNS))
    for column in NUMERIC_COLUMNS:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    return frame.reset_index(drop=True)


def period_rows(frame: pd.DataFrame, domains, period: str | None, first=()) -> pd.DataFrame:
    """Rows (reported and derived) of `domains` in `period` (every period if None).

    Indicators listed in `first` come first in that order, then the rest in file order.
    """
    rows = frame[frame["domain"].isin(list(domains))]
    if period is not None:
        rows = rows[rows["period"] == period]
    order = {code: i for i, code in enumerate(first)}
    key = rows["indicator"].map(order).fillna(len(order))
    return rows.assign(_o=key, _i=range(len(rows))).sort_values(["_o", "_i"]).drop(columns=["_o", "_i"])


def observation_table(rows: pd.DataFrame, lang: str, sources: dict[str, str]) -> pd.DataFrame:
    """Enriched observation rows as an export table (names, labels and 口径 in `lang`)."""
    records = [
        {
            "indicator": r["indicator"],
            "name": _pick(r, "name", lang),
            "period": r["period"],
            "period_label": _period_label(r["period"], lang),
            "value": r["value"],
            "qualifier": _text(r.get("qualifier")),
            "unit": _text(r.get("unit")),
            "yoy_pct": r["yoy_pct"],
            "change": r["change"],
            "kind": r["kind"],
            "formula": _text(r.get("formula")),
            "caliber": _pick(r, "caliber", lang),
            "source": sources.get(r["source"], r["source"]),
            "source_quote": r["source_quote"],
        }
        for _, r in rows.iterrows()
    ]
    return _table(records)


def campaign_table(
    campaigns: pd.DataFrame, lang: str, sources: dict[str, str], labels: dict[str, str]
) -> pd.DataFrame:
    """The rectification campaigns (already filtered), one row per printed figure.

    `labels` names each figure (categories, problems, measures, completed, rate_pct, completion)
    in `lang`. The completion share is derived (completed / measures) and says so with its formula,
    which is what the campaign chart draws.
    """
    records = []
    for _, r in campaigns.iterrows():
        name = _pick(r, "name", lang)
        base = {
            "period": "",
            "period_label": "",
            "qualifier": "",
            "yoy_pct": None,
            "change": None,
            "caliber": "",
            "source": sources.get(r["source"], r["source"]),
            "source_quote": r["source_quote"],
        }
        for field in ("categories", "problems", "measures", "completed", "rate_pct"):
            value = pd.to_numeric(pd.Series([r.get(field)]), errors="coerce").iloc[0]
            if pd.isna(value):
                continue
            unit = (
                COMPLETED_UNITS.get(_text(r.get("completed_unit")), "")
                if field == "completed"
                else CAMPAIGN_UNITS[field]
            )
            records.append(
                {
                    **base,
                    "indicator": f"{r['campaign']}.{field}",
                    "name": f"{name} · {labels.get(field, field)}",
                    "value": float(value),
                    "unit": unit,
                    "kind": "reported",
                    "formula": "",
                }
            )
        completion = r.get("completion")
        if completion is not None and pd.notna(completion):
            code = r["campaign"]
            records.append(
                {
                    **base,
                    "indicator": f"{code}.completion",
                    "name": f"{name} · {labels.get('completion', 'completion')}",
                    "value": float(completion),
                    "unit": "%",
                    "kind": "derived",
                    "formula": f"100 * {{{code}.completed}} / {{{code}.measures}}",
                }
            )
    return _table(records)


def timeline_table(events: pd.DataFrame, lang: str, sources: dict[str, str]) -> pd.DataFrame:
    """Dated events as an export table (the date in the period columns; no value)."""
    records = [
        {
            "indicator": r["domain"],
            "name": _pick(r, "event", lang),
            "period": r["date"],
            "period_label": r["date"],
            "value": None,
            "qualifier": "",
            "unit": "",
            "yoy_pct": None,
            "change": None,
            "kind": "reported",
            "formula": "",
            "caliber": "",
            "source": sources.get(r["source"], r["source"]),
            "source_quote": r["source_quote"],
        }
        for _, r in events.iterrows()
    ]
    return _table(records)


def sources_table(sources: pd.DataFrame) -> pd.DataFrame:
    """The sources as listed in `sources.csv` (what every row's `source` refers to)."""
    return sources[schema.COLUMNS["sources"]].reset_index(drop=True)


def dataset_sheets(dataset) -> dict[str, pd.DataFrame]:
    """Every table of the dataset under its file name, with the file's own columns."""
    sheets = {}
    for name in DATASET_TABLES:
        frame = getattr(dataset, name)
        columns = schema.COLUMNS.get(name, list(frame.columns))
        sheets[name] = frame[columns].reset_index(drop=True)
    return sheets


def printed_number(value) -> str:
    """A number with the digits it was printed with (22, 48.64; never 22.0), '' when empty."""
    if value is None or pd.isna(value):
        return ""
    return f"{float(value):.6f}".rstrip("0").rstrip(".")


def csv_bytes(table: pd.DataFrame) -> bytes:
    """CSV in UTF-8 with a byte-order mark, so Excel opens Chinese text correctly; numbers as
    printed (no trailing `.0`)."""
    table = neutralised(table)
    floats = [c for c in table.columns if pd.api.types.is_float_dtype(table[c])]
    out = table.assign(**{c: table[c].map(printed_number) for c in floats})
    return out.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def sheet_name(name: str, taken=()) -> str:
    """A valid, unique Excel sheet name (no []:*?/\\, at most 31 characters)."""
    base = _SHEET_FORBIDDEN.sub("_", str(name)).strip("'") or "Sheet"
    base = base[:31]
    candidate, n = base, 2
    while candidate in taken:
        suffix = f"_{n}"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    return candidate


def xlsx_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An XLSX workbook with one sheet per table (header row frozen, columns sized to fit)."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        used: list[str] = []
        for name, frame in sheets.items():
            title = sheet_name(name, used)
            used.append(title)
            frame.to_excel(writer, sheet_name=title, index=False)
            sheet = writer.sheets[title]
            _as_text(sheet)
            sheet.freeze_panes = "A2"
            for i, column in enumerate(frame.columns, start=1):
                cells = [str(column), *(_text(v) for v in frame[column].head(200))]
                width = min(60, max(6, max(_display_width(c) for c in cells) + 2))
                sheet.column_dimensions[sheet.cell(row=1, column=i).column_letter].width = width
    return buffer.getvalue()


def _as_text(sheet) -> None:
    """Formula-like text is written as text (openpyxl stores any string starting with `=` as a
    formula): the cell keeps its characters and Excel shows them, quote-prefixed, never runs them."""
    for row in sheet.iter_rows():
        for cell in row:
            if formula_like(cell.value):
                cell.data_type = "s"
                cell.quotePrefix = True


def _display_width(text: str) -> int:
    """Roughly how many Latin-character columns `text` takes (CJK characters count twice)."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
