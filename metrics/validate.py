"""Validation of the data directory. Every problem is named by file, line and column."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath

from . import schema
from .exports import formula_like_cells
from .formula import FormulaError, evaluate, references
from .numbers import clean_number, half_unit, number_in_text, parse_number
from .periods import parse_period
from .reading import Problem, Table, read_csv, read_text

__all__ = ["Result", "run", "validate"]

NUMERIC = {
    "observations": ("value", "yoy_pct", "change"),
    "campaigns": ("categories", "problems", "measures", "completed", "rate_pct"),
    "chain_stages": ("stage_order",),
}
INTEGER = {"campaigns": ("categories", "problems", "measures", "completed"), "chain_stages": ("stage_order",)}


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


def run(data_dir: Path) -> Result:
    data_dir = Path(data_dir)
    res = Result(data_dir)
    P = res.problems

    # ---- read every CSV -------------------------------------------------
    for name, fname in schema.FILES.items():
        path = data_dir / fname
        disp = display_path(data_dir, fname)
        table, probs, warns = read_csv(path, disp, name, schema.COLUMNS[name])
        P.extend(probs)
        res.warnings.extend(warns)
        if path.exists():
            res.files.append(path)
        if table is not None:
            res.tables[name] = table

    res.warnings.extend(formula_like_cells(res.tables.values()))  # exports neutralise them

    def usable(name: str) -> Table | None:
        t = res.tables.get(name)
        return t if t is not None and t.usable else None

    # ---- generic per-row checks: required cells, numbers ---------------
    for name, table in res.tables.items():
        if not table.usable:
            continue
        for row in table.rows:
            for col in schema.COLUMNS[name]:
                if col not in schema.OPTIONAL[name] and row[col] == "":
                    P.append(Problem(table.file, row["_line"], col, "required value is empty"))
            for col in NUMERIC.get(name, ()):
                raw = row[col]
                row[f"_{col}_raw"] = clean_number(raw) if raw else ""
                if raw == "":
                    row[f"_{col}"] = None
                    continue
                try:
                    v = parse_number(raw)
                except ValueError:
                    P.append(Problem(table.file, row["_line"], col, f"not a number: {raw!r}"))
                    row[f"_{col}"] = None
                    row[f"_{col}_bad"] = True
                    continue
                if col in INTEGER.get(name, ()) and v != int(v):
                    P.append(Problem(table.file, row["_line"], col, f"not a whole number: {raw!r}"))
                row[f"_{col}"] = v

    # ---- sources + documents --------------------------------------------
    src = usable("sources")
    if src is not None:
        seen: dict[str, int] = {}
        for row in src.rows:
            line, sid = row["_line"], row["source"]
            if sid and not re.fullmatch(schema.SOURCE_ID_PATTERN, sid):
                P.append(
                    Problem(
                        src.file, line, "source", f"bad source id {sid!r} (lower-case letters, digits, '-')"
                    )
                )
            _first_time(P, src, line, "source", sid, f"source id {sid!r}", seen)
            if row["date"] and not _iso_date(row["date"]):
                P.append(Problem(src.file, line, "date", f"not an ISO date (YYYY-MM-DD): {row['date']!r}"))
            if row["url"] and not re.match(r"^https?://\S+$", row["url"]):
                P.append(Problem(src.file, line, "url", f"not an http(s) URL: {row['url']!r}"))
            rel = row["file"]
            if not rel:
                continue
            pp = PurePosixPath(rel.replace("\\", "/"))
            if pp.is_absolute() or ".." in pp.parts or re.match(r"^[A-Za-z]:", rel):
                P.append(
                    Problem(src.file, line, "file", f"must be a path relative to the data directory: {rel!r}")
                )
                continue
            doc_path = data_dir.joinpath(*pp.parts)
            text, probs, warns = read_text(doc_path, display_path(data_dir, pp.as_posix()))
            if probs and probs[0].message == "file not found":
                P.append(Problem(src.file, line, "file", f"source document not found: {rel!r}"))
            else:
                P.extend(probs)
            res.warnings.extend(warns)
            if text is not None:
                res.documents[sid] = text
                res.files.append(doc_path)
    source_ids = {r["source"] for r in src.rows} if src is not None else None

    # ---- source + quote checks common to all tables ---------------------
    for name, table in res.tables.items():
        if "source_quote" not in schema.COLUMNS[name] or not table.usable:
            continue
        for row in table.rows:
            sid, quote, line = row["source"], row["source_quote"], row["_line"]
            if source_ids is not None and sid and sid not in source_ids:
                P.append(
                    Problem(table.file, line, "source", f"unknown source id {sid!r} (not in sources.csv)")
                )
                continue
            doc = res.documents.get(sid)
            if doc is not None and quote and quote not in doc:
                P.append(
                    Problem(
                        table.file,
                        line,
                        "source_quote",
                        f"quote not found verbatim in source {sid!r}: {quote[:40]!r}",
                    )
                )
                row["_quote_bad"] = True

    # ---- indicators -------------------------------------------------------
    ind = usable("indicators")
    indicator_ids: set[str] | None = None
    if ind is not None:
        indicator_ids = set()
        for row in ind.rows:
            line, code = row["_line"], row["indicator"]
            if code and not re.fullmatch(schema.INDICATOR_PATTERN, code):
                P.append(Problem(ind.file, line, "indicator", f"bad indicator code {code!r} (snake_case)"))
            if code in indicator_ids:
                P.append(Problem(ind.file, line, "indicator", f"duplicate indicator {code!r}"))
            indicator_ids.add(code)
            if row["domain"] and row["domain"] not in schema.DOMAINS:
                P.append(Problem(ind.file, line, "domain", f"unknown domain {row['domain']!r}"))
            if row["unit"] and row["unit"] not in schema.UNITS:
                P.append(Problem(ind.file, line, "unit", f"unit {row['unit']!r} not in the allowed list"))

    # ---- observations -----------------------------------------------------
    obs = usable("observations")
    if obs is not None:
        _check_observations(obs, indicator_ids, res)

    # ---- chain tables -------------------------------------------------------
    st = usable("chain_stages")
    if st is not None:
        seen_st: dict[tuple, int] = {}
        for row in st.rows:
            line = row["_line"]
            _enum(P, st, row, "chain", schema.CHAINS)
            _enum(P, st, row, "plan", schema.PLANS)
            _code(P, st, row, "line")
            key = (row["chain"], row["line"], row["_stage_order_raw"])
            _first_time(P, st, line, "stage_order", key, f"stage {key}", seen_st)
            if row["stage_zh"] and row["source_quote"] and row["stage_zh"] not in row["source_quote"]:
                P.append(Problem(st.file, line, "stage_zh", "stage name does not occur in source_quote"))
    ent = usable("chain_entities")
    if ent is not None:
        seen_en: dict[tuple, int] = {}
        for row in ent.rows:
            line = row["_line"]
            _enum(P, ent, row, "chain", schema.CHAINS)
            _enum(P, ent, row, "role", schema.ROLES)
            key = (row["chain"], row["entity_zh"])
            _first_time(P, ent, line, "entity_zh", key, f"entity {key}", seen_en)
            if row["entity_zh"] and row["source_quote"] and row["entity_zh"] not in row["source_quote"]:
                P.append(Problem(ent.file, line, "entity_zh", "entity name does not occur in source_quote"))

    # ---- campaigns --------------------------------------------------------
    camp = usable("campaigns")
    if camp is not None:
        seen_c: dict[str, int] = {}
        for row in camp.rows:
            line = row["_line"]
            _code(P, camp, row, "campaign")
            _first_time(P, camp, line, "campaign", row["campaign"], f"campaign {row['campaign']!r}", seen_c)
            if row["completed"] and row["completed_unit"] not in schema.COMPLETED_UNITS:
                P.append(
                    Problem(
                        camp.file,
                        line,
                        "completed_unit",
                        f"must be one of {', '.join(schema.COMPLETED_UNITS)} when completed is given",
                    )
                )
            elif row["completed_unit"] and row["completed_unit"] not in schema.COMPLETED_UNITS:
                P.append(
                    Problem(
                        camp.file,
                        line,
                        "completed_unit",
                        f"must be one of {', '.join(schema.COMPLETED_UNITS)}",
                    )
                )
            if not row.get("_quote_bad"):
                for col in NUMERIC["campaigns"]:
                    v = row.get(f"_{col}")
                    if v is not None and number_in_text(v, row["source_quote"]) is None:
                        P.append(
                            Problem(
                                camp.file,
                                line,
                                col,
                                f"number {row[f'_{col}_raw']} does not appear in source_quote",
                            )
                        )

    # ---- timeline -------------------------------------------------------
    tl = usable("timeline")
    if tl is not None:
        for row in tl.rows:
            line = row["_line"]
            _enum(P, tl, row, "precision", schema.PRECISIONS)
            _enum(P, tl, row, "domain", schema.DOMAINS)
            if (
                row["date"]
                and row["precision"] in schema.PRECISIONS
                and not _timeline_date_ok(row["date"], row["precision"])
            ):
                P.append(
                    Problem(
                        tl.file,
                        line,
                        "date",
                        f"date {row['date']!r} does not match precision {row['precision']!r} "
                        "(day: YYYY-MM-DD, month: YYYY-MM, year: YYYY)",
                    )
                )

    P.sort(key=lambda p: (p.file, p.line or 0, p.column or ""))
    return res


def _first_time(P: list, table, line: int, column: str, key, what: str, seen: dict) -> None:
    """Record `key` as seen on `line`, or report it as a duplicate of its first line."""
    if key in seen:
        P.append(Problem(table.file, line, column, f"duplicate {what} (first on line {seen[key]})"))
    seen.setdefault(key, line)


def _enum(P: list, table: Table, row: dict, col: str, allowed) -> None:
    if row[col] and row[col] not in allowed:
        P.append(
            Problem(
                table.file,
                row["_line"],
                col,
                f"{row[col]!r} is not one of: {', '.join(a for a in allowed if a)}",
            )
        )


def _code(P: list, table: Table, row: dict, col: str) -> None:
    if row[col] and not re.fullmatch(schema.CODE_PATTERN, row[col]):
        P.append(Problem(table.file, row["_line"], col, f"bad code {row[col]!r} (snake_case)"))


def _check_observations(obs: Table, indicator_ids: set[str] | None, res: Result) -> None:
    P = res.problems
    index: dict[tuple[str, str], dict] = {}
    for row in obs.rows:
        line = row["_line"]
        code, per = row["indicator"], row["period"]
        if indicator_ids is not None and code and code not in indicator_ids:
            P.append(
                Problem(obs.file, line, "indicator", f"unknown indicator {code!r} (not in indicators.csv)")
            )
        if per:
            try:
                parse_period(per)
            except ValueError as exc:
                P.append(Problem(obs.file, line, "period", str(exc)))
        key = (code, per)
        if key in index:
            P.append(
                Problem(
                    obs.file,
                    line,
                    "period",
                    f"duplicate observation for ({code}, {per}) (first on line {index[key]['_line']})",
                )
            )
        else:
            index[key] = row
        if row["value"] == "" and row["yoy_pct"] == "":
            P.append(
                Problem(
                    obs.file,
                    line,
                    "value",
                    "empty: a row needs a value (it may be empty only when yoy_pct is given)",
                )
            )
        if row["qualifier"] not in schema.QUALIFIERS:
            P.append(
                Problem(
                    obs.file,
                    line,
                    "qualifier",
                    f"{row['qualifier']!r} is not one of: nearly, over, about (or empty)",
                )
            )
        kind = row["kind"]
        if kind and kind not in schema.KINDS:
            P.append(Problem(obs.file, line, "kind", f"{kind!r} is not one of: reported, derived"))
        if kind == "reported":
            if row["formula"]:
                P.append(Problem(obs.file, line, "formula", "a reported row must not have a formula"))
            quote = row["source_quote"]
            if quote and not row.get("_quote_bad"):
                for col in ("value", "yoy_pct", "change"):
                    v = row.get(f"_{col}")
                    if v is not None and number_in_text(v, quote) is None:
                        P.append(
                            Problem(
                                obs.file,
                                line,
                                col,
                                f"number {row[f'_{col}_raw']} does not appear in source_quote",
                            )
                        )
                q = row["qualifier"]
                if q in schema.QUALIFIER_WORDS and not any(w in quote for w in schema.QUALIFIER_WORDS[q]):
                    P.append(
                        Problem(
                            obs.file,
                            line,
                            "qualifier",
                            f"qualifier {q!r} but source_quote has none of "
                            f"{'/'.join(schema.QUALIFIER_WORDS[q])}",
                        )
                    )
        elif kind == "derived":
            if not row["formula"]:
                P.append(Problem(obs.file, line, "formula", "a derived row needs a formula"))
            if row["value"] == "":
                P.append(Problem(obs.file, line, "value", "a derived row needs a value"))

    # derived formulas, evaluated against the stored values of their inputs
    def lookup(ind: str, per: str, field: str) -> float:
        r = index[(ind, per)]
        return r.get(f"_{field}")

    for row in obs.rows:
        if row["kind"] != "derived" or not row["formula"]:
            continue
        line = row["_line"]
        for _code, per, _f in references(row["formula"]):
            try:
                parse_period(per)
            except ValueError:
                P.append(Problem(obs.file, line, "formula", f"bad period in reference: {per!r}"))
        try:
            computed = evaluate(row["formula"], lookup)
        except FormulaError as exc:
            P.append(Problem(obs.file, line, "formula", f"bad formula: {exc}"))
            continue
        row["_computed"] = computed
        stored = row.get("_value")
        if stored is None:
            continue
        tol = half_unit(row["_value_raw"]) + 1e-9
        if abs(computed - stored) > tol:
            P.append(
                Problem(
                    obs.file,
                    line,
                    "value",
                    f"derived value {row['_value_raw']} does not match its formula "
                    f"(computes to {computed:.6g})",
                )
            )


def validate(data_dir: Path | str | None = None) -> list[Problem]:
    """Validate a data directory; return every problem found (empty list = valid)."""
    from . import DATA_DIR

    return run(Path(data_dir) if data_dir is not None else DATA_DIR).problems
