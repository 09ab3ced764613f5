"""Validation of the data directory. Every problem is named by file, line and column."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath

from . import schema
from .exports import formula_like_cells
from .formula import FormulaError, evaluate, references
from .numbers import clean_number, half_unit, number_in_text, parse_number, signed_problem
from .periods import parse_period
from .reading import Problem, Table, read_csv, read_document

__all__ = ["Result", "run", "validate"]


@dataclass
class Result:
    data_dir: Path
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    tables: dict[str, Table] = field(default_factory=dict)
    documents: dict[str, str] = field(default_factory=dict)  # source id -> text
    files: list[Path] = field(default_factory=list)  # every file read (for the version hash)


def display_path(data_dir: Path, rel: str) -> str:
    return f"{data_dir.name}/{rel}"


def _iso_date(text: str) -> bool:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _timeline_date_ok(text: str, precision: str) -> bool:
    if precision == "day":
        return _iso_date(text)
    if precision == "month":
        m = re.fullmatch(r"(\d{4})-(\d{2})", text)
        return bool(m) and 1 <= int(m.group(2)) <= 12
    if precision == "year":
        return bool(re.fullmatch(r"\d{4}", text))
    return False


def _period_problem(text: str) -> str | None:
    try:
        parse_period(text)
    except ValueError as exc:
        return str(exc)
    return None


# The named formats of schema.Col.format: a cell -> its problem, or None.
FORMATS = {
    "iso_date": lambda v: None if _iso_date(v) else f"not an ISO date (YYYY-MM-DD): {v!r}",
    "period": _period_problem,
}


def run(data_dir: Path) -> Result:
    """Read and check every file of ``data_dir`` against ``schema.SPEC`` and the row rules."""
    data_dir = Path(data_dir)
    res = Result(data_dir)
    for name, fname in schema.FILES.items():
        path = data_dir / fname
        table, probs, warns = read_csv(path, display_path(data_dir, fname), name, schema.COLUMNS[name])
        res.problems.extend(probs)
        res.warnings.extend(warns)
        if path.exists():
            res.files.append(path)
        if table is not None:
            res.tables[name] = table
    res.warnings.extend(formula_like_cells(res.tables.values()))  # exports neutralise them
    usable = {name: t for name, t in res.tables.items() if t.usable}
    for name, table in usable.items():
        res.problems.extend(check_cells(table, schema.SPEC[name]))
    if "sources" in usable:
        check_source_documents(usable["sources"], res)
    for name, table in usable.items():
        res.problems.extend(check_references(table, schema.SPEC[name], usable, res.documents))
    for name, table in usable.items():
        for rule in ROW_RULES.get(name, ()):
            for row in table.rows:
                res.problems.extend(Problem(table.file, row["_line"], col, msg) for col, msg in rule(row))
    if "observations" in usable:
        res.problems.extend(check_formulas(usable["observations"]))
    res.problems.sort(key=lambda p: (p.file, p.line or 0, p.column or ""))
    return res


# ---- the generic checker: one file against its spec ------------------------------


def _parse_cell(row: dict, col: schema.Col) -> str | None:
    """Store a typed, non-empty cell as ``_<col>`` (None if bad) and ``_<col>_raw``; return a problem."""
    raw = row[col.name]
    row[f"_{col.name}_raw"] = clean_number(raw)
    try:
        v = parse_number(raw)
    except ValueError:
        row[f"_{col.name}_bad"] = True
        return f"not a number: {raw!r}"
    row[f"_{col.name}"] = v
    if col.type == "integer" and v != int(v):
        return f"not a whole number: {raw!r}"
    return None


def _cell_problems(row: dict, col: schema.Col) -> list[str]:
    """Problems of one cell that need nothing but the row."""
    value = row[col.name]
    if value == "":
        return ["required value is empty"] if col.required else []
    out = []
    if col.type != "text":
        out.append(_parse_cell(row, col))
    if col.allowed and value not in col.allowed:
        out.append(col.allowed_msg.format(value=value, allowed=", ".join(a for a in col.allowed if a)))
    if col.pattern:
        out += [
            col.pattern_msg.format(value=v) for v in _items(value, col) if not re.fullmatch(col.pattern, v)
        ]
    if col.format:
        out.append(FORMATS[col.format](value))
    if col.in_quote and row["source_quote"] and value not in row["source_quote"]:
        out.append(f"{col.in_quote} does not occur in source_quote")
    return [m for m in out if m]


def _items(value: str, col: schema.Col) -> list[str]:
    return value.split(col.separator) if col.separator else [value]


def check_cells(table: Table, spec: schema.FileSpec) -> list[Problem]:
    """Required cells, types, allowed values, patterns, formats and unique keys of one file."""
    problems = []
    typed = [c for c in spec.columns if c.type != "text"]
    seen: list[dict] = [{} for _ in spec.unique]
    for row in table.rows:
        for col in typed:  # empty typed cells still get their _<col> and _<col>_raw
            row[f"_{col.name}"], row[f"_{col.name}_raw"] = None, ""
        for col in spec.columns:
            problems += [Problem(table.file, row["_line"], col.name, m) for m in _cell_problems(row, col)]
        for unique, first in zip(spec.unique, seen, strict=True):
            problems += _repeat(table, row, unique, first)
    return problems


def _repeat(table: Table, row: dict, unique: schema.Unique, first: dict) -> list[Problem]:
    """Record the row's key; report it if an earlier row had it."""
    parts = tuple(row.get(f"_{c}_raw", row[c]) for c in unique.columns)
    key = parts[0] if len(parts) == 1 else parts
    line = row["_line"]
    if key not in first:
        first[key] = line
        return []
    return [Problem(table.file, line, unique.column, unique.message.format(key=key, first=first[key]))]


def check_references(
    table: Table, spec: schema.FileSpec, tables: dict[str, Table], documents: dict[str, str]
) -> list[Problem]:
    """Foreign keys (checked when the referenced file is usable), then quotes against documents."""
    problems = []
    keys = {
        c.name: {r[c.ref.column] for r in tables[c.ref.table].rows}
        for c in spec.columns
        if c.ref and c.ref.table in tables
    }
    ind = tables.get("indicators")
    ratios = (
        frozenset(r["indicator"] for r in ind.rows if r["unit"] == "%") if ind is not None else frozenset()
    )
    for row in table.rows:
        for col in spec.columns:
            value = row[col.name]
            for item in _items(value, col) if col.name in keys and value else ():
                if item not in keys[col.name]:
                    msg = f"unknown {col.ref.what} {item!r} (not in {schema.FILES[col.ref.table]})"
                    problems.append(Problem(table.file, row["_line"], col.name, msg))
        if "source_quote" in row and row["source"] in keys.get("source", documents):  # known source
            problems += _quote_in_document(table, row, documents)
        problems += _numbers_in_quote(table, row, spec, ratios)
    return problems


def _numbers_in_quote(table: Table, row: dict, spec: schema.FileSpec, ratios=frozenset()) -> list[Problem]:
    """Every number the row states appears in its quote (when the quote itself is sound); a growth
    or change with the direction the quote prints (see `numbers.signed_problem`). `ratios` are the
    indicators in %, whose change is printed in 百分点."""
    quote = row["source_quote"] if "source_quote" in row else ""
    when = spec.numbers_quoted_if
    if not quote or row.get("_quote_bad") or (when and row[when[0]] != when[1]):
        return []
    out = []
    for c in spec.columns:
        value = row[f"_{c.name}"] if c.number_in_quote else None
        if value is None:
            continue
        if c.signed:
            msg = signed_problem(value, quote, c.name, ratio=row.get("indicator") in ratios)
        elif number_in_text(value, quote) is None:
            msg = f"number {row[f'_{c.name}_raw']} does not appear in source_quote"
        else:
            msg = None
        if msg:
            out.append(Problem(table.file, row["_line"], c.name, msg))
    return out


def _quote_in_document(table: Table, row: dict, documents: dict[str, str]) -> list[Problem]:
    doc, quote = documents.get(row["source"]), row["source_quote"]
    if doc is None or not quote or quote in doc:
        return []
    row["_quote_bad"] = True
    msg = f"quote not found verbatim in source {row['source']!r}: {quote[:40]!r}"
    return [Problem(table.file, row["_line"], "source_quote", msg)]


# ---- sources: the documents they name ----------------------------------------------


def check_source_documents(src: Table, res: Result) -> None:
    """Read the document of every source into ``res.documents``; report a bad or missing file."""
    for row in src.rows:
        rel, line = row["file"], row["_line"]
        if not rel:
            continue
        pp = PurePosixPath(rel.replace("\\", "/"))
        if pp.is_absolute() or ".." in pp.parts or re.match(r"^[A-Za-z]:", rel):
            msg = f"must be a path relative to the data directory: {rel!r}"
            res.problems.append(Problem(src.file, line, "file", msg))
            continue
        doc_path = res.data_dir.joinpath(*pp.parts)
        text, probs, warns = read_document(doc_path, display_path(res.data_dir, pp.as_posix()))
        if probs and probs[0].message == "file not found":
            res.problems.append(Problem(src.file, line, "file", f"source document not found: {rel!r}"))
        else:
            res.problems.extend(probs)
        res.warnings.extend(warns)
        if text is not None:
            res.documents[row["source"]] = text
            res.files.append(doc_path)


# ---- row rules: relations between the cells of one row ------------------------------
# Each takes a row (cells parsed by check_cells) and returns (column, message) pairs.


def _value_or_growth(row: dict) -> list[tuple[str, str]]:
    if row["value"] == "" and row["yoy_pct"] == "":
        return [("value", "empty: a row needs a value (it may be empty only when yoy_pct is given)")]
    return []


def _reported_or_derived(row: dict) -> list[tuple[str, str]]:
    out = []
    if row["kind"] == "reported" and row["formula"]:
        out.append(("formula", "a reported row must not have a formula"))
    if row["kind"] == "derived":
        if not row["formula"]:
            out.append(("formula", "a derived row needs a formula"))
        if row["value"] == "":
            out.append(("value", "a derived row needs a value"))
    return out


def _qualifier_in_quote(row: dict) -> list[tuple[str, str]]:
    q, quote = row["qualifier"], row["source_quote"]
    words = schema.QUALIFIER_WORDS.get(q)
    if row["kind"] != "reported" or not quote or row.get("_quote_bad") or not words:
        return []
    if any(w in quote for w in words):
        return []
    return [("qualifier", f"qualifier {q!r} but source_quote has none of {'/'.join(words)}")]


def _completed_unit(row: dict) -> list[tuple[str, str]]:
    unit, allowed = row["completed_unit"], ", ".join(schema.COMPLETED_UNITS)
    if unit in schema.COMPLETED_UNITS:
        return []
    if row["completed"]:
        return [("completed_unit", f"must be one of {allowed} when completed is given")]
    if unit:
        return [("completed_unit", f"must be one of {allowed}")]
    return []


def _date_matches_precision(row: dict) -> list[tuple[str, str]]:
    text, precision = row["date"], row["precision"]
    if not text or precision not in schema.PRECISIONS or _timeline_date_ok(text, precision):
        return []
    msg = (
        f"date {text!r} does not match precision {precision!r} (day: YYYY-MM-DD, month: YYYY-MM, year: YYYY)"
    )
    return [("date", msg)]


ROW_RULES = {
    "observations": (_value_or_growth, _reported_or_derived, _qualifier_in_quote),
    "campaigns": (_completed_unit,),
    "timeline": (_date_matches_precision,),
}


# ---- derived observations: formulas against the stored values of their inputs -------


def check_formulas(obs: Table) -> list[Problem]:
    problems = []
    index: dict[tuple[str, str], dict] = {}
    for row in obs.rows:
        index.setdefault((row["indicator"], row["period"]), row)

    def lookup(ind: str, per: str, field: str) -> float:
        return index[(ind, per)].get(f"_{field}")

    for row in obs.rows:
        if row["kind"] != "derived" or not row["formula"]:
            continue
        line = row["_line"]
        for _code, per, _f in references(row["formula"]):
            if _period_problem(per):
                problems.append(Problem(obs.file, line, "formula", f"bad period in reference: {per!r}"))
        try:
            computed = evaluate(row["formula"], lookup)
        except FormulaError as exc:
            problems.append(Problem(obs.file, line, "formula", f"bad formula: {exc}"))
            continue
        row["_computed"] = computed
        stored = row.get("_value")
        if stored is None:
            continue
        if abs(computed - stored) > half_unit(row["_value_raw"]) + 1e-9:
            msg = f"derived value {row['_value_raw']} does not match its formula (computes to {computed:.6g})"
            problems.append(Problem(obs.file, line, "value", msg))
    return problems


def validate(data_dir: Path | str | None = None) -> list[Problem]:
    """Validate a data directory; return every problem found (empty list = valid)."""
    from . import DATA_DIR

    return run(Path(data_dir) if data_dir is not None else DATA_DIR).problems
