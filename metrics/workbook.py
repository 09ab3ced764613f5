"""Datasets as files: a workbook back to the CSV files of `data/`, the canonical form of those
files, and the summary of what changed between two datasets.

The reverse of `exports.dataset_sheets` + `exports.xlsx_bytes` (`/download/dataset.xlsx`): each
sheet named after a table becomes that table's CSV file; other sheets (`checks`, the About sheet)
are computed and ignored. Cells are turned back into the text a data clerk would type: numbers as
printed (22, 48.64; never 22.0), dates as ISO dates, formulas as their cached values. Pure: the
standard library, openpyxl and this package; no database.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from itertools import zip_longest
from pathlib import Path, PurePosixPath

from . import schema
from .clerk import table_zh
from .clerkbook import DISPLAY_ONLY
from .clerkcells import clerk_cells, header_codes
from .exports import printed_number
from .numbers import parse_number
from .reading import Problem, decode
from .zipcheck import check_zip

__all__ = [
    "KEYS",
    "canonical_files",
    "checksum",
    "diff",
    "document_paths",
    "read_directory",
    "read_workbook",
]

# The columns that hold numbers (normalised to their printed form in the canonical files).
NUMERIC = {
    "observations": ("value", "yoy_pct", "change"),
    "campaigns": ("categories", "problems", "measures", "completed", "rate_pct"),
    "chain_stages": ("stage_order",),
}
# The key of a row in each table (what "the same row" means in a diff).
KEYS = {
    "sources": ("source",),
    "indicators": ("indicator",),
    "observations": ("indicator", "period"),
    "chain_stages": ("chain", "line", "stage_order"),
    "chain_entities": ("chain", "entity_zh"),
    "campaigns": ("campaign",),
    "timeline": ("date", "event_zh"),
    "relations": ("check_type", "parts", "total", "total_period"),
}


def _cell_text(value, column: str, precision: str = "") -> str:
    """A cell as the text a clerk would have typed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime | dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        if column == "period" and day.day == 1:  # Excel and WPS turn 2019年9月 into 2019-09-01
            return f"{day.year:04d}-{day.month:02d}"
        if column == "date" and precision == "month":
            return f"{day.year:04d}-{day.month:02d}"
        if column == "date" and precision == "year":
            return f"{day.year:04d}"
        return day.isoformat()
    if isinstance(value, int | float):
        return printed_number(value)
    return str(value)


MAX_ROWS = 10_000  # rows with data per sheet (the 14-year fixture has about 1,500 observations)
MAX_SCAN = 100_000  # rows of a sheet looked at in all, empty ones included
MAX_PROBLEMS = 200  # problems listed; past them, one line says the list was cut


def read_workbook(
    data: bytes, label: str, current: dict[str, bytes] | None = None
) -> tuple[dict[str, bytes], list[Problem]]:
    """The table files (`observations.csv` ...) of a workbook in the format of
    `/download/dataset.xlsx`, as UTF-8 CSV whose line N is the sheet's row N (so a validation
    problem's line is the row an editor sees in Excel). Problems name the sheet, row and column.

    The one reader of workbooks (`/admin`, `python -m metrics publish`): the zip is checked first
    (`zipcheck`); each sheet's `<dimension>` is ignored (a tag reaching column XFD padded every row
    to 16,384 cells, one too small dropped rows) and only the schema's width is read; rows are
    streamed into the CSV, never held; at most `MAX_ROWS` rows and `MAX_PROBLEMS` problems; a
    damaged sheet (bad XML, undefined entities, a bad cell reference) is a problem naming the
    sheet and the row where reading stopped, never an exception. The clerk's workbook is read as
    well (`clerkbook`: Chinese sheets and headers, names and typed cells, `clerkcells`); `current`
    is the version it was downloaded from, where names not in the workbook are looked up."""
    import openpyxl

    problems = check_zip(data, label)
    if problems:
        return {}, problems
    try:
        values = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=True)
        formulas = openpyxl.load_workbook(io.BytesIO(data), data_only=False, read_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException, ParseError ...
        reason = str(exc).strip() or type(exc).__name__
        return {}, [Problem(label, None, None, f"not an XLSX workbook ({reason})")]
    files: dict[str, bytes] = {}
    try:
        for name, fname in schema.FILES.items():
            sheet = next((s for s in (name, table_zh(name)) if s in values.sheetnames), None)
            if sheet is None:
                problems.append(Problem(f"{label}, sheet {name}", None, None, "sheet missing"))
                continue
            where = f"{label}, sheet {name}"
            files[fname] = _read_sheet(values[sheet], formulas[sheet], where, name, problems)
    finally:
        values.close()
        formulas.close()
    files = clerk_cells(files, label, problems, current)
    return files, capped(problems)


def capped(problems: list[Problem], limit: int = MAX_PROBLEMS) -> list[Problem]:
    """At most `limit` problems, and a last one saying how many more there were."""
    if len(problems) <= limit:
        return problems
    first = problems[0].file.split(", sheet")[0]
    more = f"{len(problems) - limit} more problems not listed (first {limit} shown)"
    return [*problems[:limit], Problem(first, None, None, more)]


def _read_sheet(values, formulas, where: str, name: str, problems: list[Problem]) -> bytes:
    """One sheet as CSV text, streamed row by row from its value and formula views. The header is
    row 1 in codes (a workbook downloaded before the clerk's layout), the hidden row 2 of codes
    under Chinese headers (the clerk's workbook; CSV line 2 stays empty), or row 1 in Chinese
    (`header_codes`). Display-only columns (公式说明) are left out."""
    width = 2 * len(schema.COLUMNS.get(name, ())) + 2  # the schema's columns, reordered or not
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    header: list[str] = []
    keep: list[int] = []
    first: list[str] = []
    r = 0
    try:
        values.reset_dimensions()
        formulas.reset_dimensions()
        rows = zip(
            values.iter_rows(values_only=True, max_col=width),
            formulas.iter_rows(values_only=True, max_col=width),
            strict=False,
        )
        filled = 0
        for r, (row, raw_row) in enumerate(rows, start=1):
            if r == 1:
                first = [_cell_text(c, "") for c in row]
                continue
            if r == 2:
                second = [_cell_text(c, "") for c in row]
                coded = _is_codes(second, name) and not _is_codes(first, name)
                named = header_codes(first, name)  # a column added by the clerk has no code below
                header = [c or n for c, n in zip_longest(second, named, fillvalue="")] if coded else named
                while header and header[-1] == "":
                    header.pop()
                keep = [i for i, c in enumerate(header) if c not in DISPLAY_ONLY]
                writer.writerow([header[i] for i in keep])
                if coded:
                    out.write("\n")  # the codes row: line 2 stays row 2
                    continue
            texts = _row_texts(row, raw_row, header, where, r, problems)
            for i, text in enumerate(texts):
                if text and not header[i]:
                    problems.append(
                        Problem(where, r, None, f"a cell in column {i + 1} has no column name above it")
                    )
            texts = [texts[i] for i in keep]
            filled += any(texts)
            if filled > MAX_ROWS or r > MAX_SCAN:
                if filled > MAX_ROWS:
                    problems.append(
                        Problem(where, r, None, f"refused: the sheet has more than {MAX_ROWS:,} rows")
                    )
                else:
                    problems.append(Problem(where, r, None, f"refused: the sheet has over {MAX_SCAN:,} rows"))
                break
            if any(texts):
                writer.writerow(texts)
            else:
                out.write("\n")  # keep line numbers equal to row numbers
        if r == 1:  # a header and no row
            header = header_codes(first, name)
            writer.writerow([c for c in header if c not in DISPLAY_ONLY])
    except Exception as exc:  # the XML parser's errors arrive while iterating, not at load_workbook
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        problems.append(
            Problem(where, r + 1, None, f"the sheet cannot be read from this row on ({reason[:200]})")
        )
    return out.getvalue().encode("utf-8")


def _is_codes(cells: list[str], name: str) -> bool:
    """Is this row the table's column codes (every cell a code, and at least half the table's)?"""
    columns = set(schema.COLUMNS.get(name, ()))
    present = {c.strip() for c in cells if c}
    return (
        bool(present)
        and present <= columns | set(DISPLAY_ONLY)
        and 2 * len(present & columns) >= len(columns)
    )


def _row_texts(row, raw_row, header: list[str], where: str, r: int, problems: list[Problem]) -> list[str]:
    """One row's cells as text, naming a formula cell that has no saved value."""
    cells = list(row[: len(header)]) + [None] * (len(header) - len(row))
    precision = str(dict(zip(header, cells, strict=True)).get("precision") or "")
    texts = []
    for c, (column, value) in enumerate(zip(header, cells, strict=True)):
        raw = raw_row[c] if raw_row is not None and c < len(raw_row) else None
        if value is None and isinstance(raw, str) and raw.startswith("="):
            problems.append(
                Problem(
                    where,
                    r,
                    column,
                    f"formula {raw!r} has no saved value: open the workbook in Excel or WPS "
                    "and save it, or type the value",
                )
            )
        if column == "period" and isinstance(value, float) and printed_number(value).endswith(".1"):
            problems.append(
                Problem(
                    where,
                    r,
                    column,
                    f"period {printed_number(value)!r} is a number: 2019.1 and 2019.10 look the same",
                )
            )
        texts.append(_cell_text(value, column, precision))
    return texts


def _rows(data: bytes, display: str) -> tuple[list[str], list[list[str]]]:
    text, _problems, _warnings = decode(data, display)
    records = [r for r in csv.reader(io.StringIO(text or "", newline="")) if any(c.strip() for c in r)]
    clean = [[c.replace("\ufeff", "").strip(" \t\r\n\u00a0\u3000") for c in r] for r in records]
    return (clean[0], clean[1:]) if clean else ([], [])


def _number(text: str) -> str:
    try:
        return printed_number(parse_number(text))
    except ValueError:
        return text


def canonical_table(name: str, data: bytes) -> bytes:
    """One table file in canonical form: the schema's columns in order, UTF-8 without a BOM,
    `\\n` line ends, minimal quoting, numbers as printed. Call it on validated files only."""
    header, rows = _rows(data, name)
    index = {c: i for i, c in enumerate(header)}
    numeric = NUMERIC.get(name, ())
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(schema.COLUMNS[name])
    for row in rows:
        cells = []
        for column in schema.COLUMNS[name]:
            cell = row[index[column]] if column in index and index[column] < len(row) else ""
            cells.append(_number(cell) if column in numeric and cell else cell)
        writer.writerow(cells)
    return out.getvalue().encode("utf-8")


def canonical_files(files: dict[str, bytes]) -> dict[str, bytes]:
    """Every table in canonical form; documents unchanged (keyed by their path in `data/`)."""
    tables = {fname: name for name, fname in schema.FILES.items()}
    return {
        path: canonical_table(tables[path], data) if path in tables else data for path, data in files.items()
    }


def checksum(files: dict[str, bytes]) -> str:
    """The content checksum of a dataset: SHA-256 over its paths and their contents' hashes."""
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode() + b"\0" + hashlib.sha256(files[path]).digest())
    return digest.hexdigest()


def document_paths(sources_csv: bytes) -> list[str]:
    """The `file` column of sources.csv: the documents a dataset needs (relative paths; unsafe
    or empty ones are left out, the validation names them)."""
    header, rows = _rows(sources_csv, "sources.csv")
    if "file" not in header:
        return []
    col = header.index("file")
    paths = []
    for row in rows:
        rel = row[col].replace("\\", "/") if col < len(row) else ""
        pp = PurePosixPath(rel)
        if rel and not pp.is_absolute() and ".." not in pp.parts:
            paths.append(pp.as_posix())
    return paths


def read_directory(directory: Path) -> dict[str, bytes]:
    """The table files of a directory laid out like `data/` and the documents sources.csv names
    (missing files are left out: the validation names them)."""
    files = {}
    for fname in schema.FILES.values():
        path = directory / fname
        if path.is_file():
            files[fname] = path.read_bytes()
    for rel in document_paths(files.get("sources.csv", b"")):
        path = directory / rel
        if path.is_file():
            files[rel] = path.read_bytes()
    return files


def _keyed(name: str, data: bytes | None) -> dict[tuple, tuple]:
    if data is None:
        return {}
    header, rows = _rows(data, name)
    keys = [header.index(k) for k in KEYS[name] if k in header]
    out: dict[tuple, tuple] = {}
    for row in rows:
        key = tuple(row[i] if i < len(row) else "" for i in keys)
        n = 1
        while key + ((n,) if n > 1 else ()) in out:  # a repeated key still counts once per row
            n += 1
        out[key + ((n,) if n > 1 else ())] = tuple(row)
    return out


def _column(name: str, data: bytes | None, column: str) -> set[str]:
    if data is None:
        return set()
    header, rows = _rows(data, name)
    if column not in header:
        return set()
    i = header.index(column)
    return {r[i] for r in rows if i < len(r) and r[i]}


def diff(old: dict[str, bytes], new: dict[str, bytes]) -> dict:
    """What changed from `old` to `new` (canonical files): rows added, changed and removed per
    table (rows are matched by `KEYS`), new periods, indicators and sources, and documents."""
    tables = {}
    for name, fname in schema.FILES.items():
        a, b = _keyed(name, old.get(fname)), _keyed(name, new.get(fname))
        tables[name] = {
            "added": sum(1 for k in b if k not in a),
            "changed": sum(1 for k in b if k in a and a[k] != b[k]),
            "removed": sum(1 for k in a if k not in b),
        }
    obs = schema.FILES["observations"]
    docs_old = {p for p in old if p not in schema.FILES.values()}
    docs_new = {p for p in new if p not in schema.FILES.values()}
    return {
        "tables": tables,
        "new_periods": sorted(
            _column("observations", new.get(obs), "period") - _column("observations", old.get(obs), "period")
        ),
        "new_indicators": sorted(
            _column("indicators", new.get("indicators.csv"), "indicator")
            - _column("indicators", old.get("indicators.csv"), "indicator")
        ),
        "new_sources": sorted(
            _column("sources", new.get("sources.csv"), "source")
            - _column("sources", old.get("sources.csv"), "source")
        ),
        "documents": {
            "added": sorted(docs_new - docs_old),
            "changed": sorted(p for p in docs_new & docs_old if old[p] != new[p]),
            "removed": sorted(docs_old - docs_new),
        },
    }


def diff_lines(summary: dict) -> list[str]:
    """A diff summary as short lines of text (for the command line)."""
    lines = []
    for name, c in summary.get("tables", {}).items():
        if any(c.values()):
            lines.append(f"  {name}: +{c['added']} ~{c['changed']} -{c['removed']}")
    for key, what in (("new_periods", "new periods"), ("new_indicators", "new indicators")):
        if summary.get(key):
            lines.append(f"  {what}: {', '.join(summary[key])}")
    if summary.get("new_sources"):
        lines.append(f"  new sources: {', '.join(summary['new_sources'])}")
    for r in summary.get("recomputed", []):
        lines.append(
            f"  recomputed from its formula: {r['indicator']}@{r['period']} {r['old']} -> {r['new']}"
        )
    for key, items in summary.get("documents", {}).items():
        if items:
            lines.append(f"  documents {key}: {', '.join(items)}")
    return lines or ["  no changes"]
