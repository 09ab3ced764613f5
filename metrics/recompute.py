"""Derived rows recomputed from their formulas: a correction to a reported figure needs only that
figure, its quote and its document; every derived value that depends on it follows on publish.

A derived value is rewritten when a figure its formula reads differs from the parent version's, or
when it no longer matches its formula within its printed precision (the rule
`validate.check_formulas` applies), so an untouched dataset stays byte for byte what it was. A
rewritten value keeps the decimals it was printed with; a whole number (the canonical files print
41.00 as 41) or an empty cell takes the most decimals among the values the formula reads (46.73 ->
2). Pure: the standard
library and this package.
"""

from __future__ import annotations

import csv
import io

from .formula import FormulaError, evaluate, references
from .numbers import decimals, half_unit, parse_number
from .reading import decode

__all__ = ["recompute", "recomputed_values"]

FILE = "observations.csv"
NEEDED = ("indicator", "period", "value", "kind", "formula")


def _table(data: bytes | None) -> tuple[list[str], list[list[str]]] | None:
    if data is None:
        return None
    text, problems, _warnings = decode(data, FILE)
    if text is None or problems:
        return None
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        return None
    header = [h.replace("\ufeff", "").strip() for h in rows[0]]
    return (header, rows[1:]) if all(c in header for c in NEEDED) else None


def _number(text: str) -> float | None:
    try:
        return parse_number(text) if text.strip() else None
    except ValueError:
        return None


def recompute(files: dict[str, bytes], parent: dict[str, bytes] | None = None) -> dict[str, bytes]:
    """`files` with every derived row of observations.csv whose inputs differ from `parent`'s (the
    version the change is based on), or that no longer matches its formula, set to what the
    formula computes. Rows, line numbers and other cells are kept; a file this cannot read (the
    validation names its problems) is returned unchanged."""
    table = _table(files.get(FILE))
    if table is None:
        return files
    header, rows = table
    col = {c: header.index(c) for c in header}

    def cell(row: list[str], column: str) -> str:
        i = col.get(column)
        return row[i].strip() if i is not None and i < len(row) else ""

    before = _cells(parent)

    index: dict[tuple[str, str], list[str]] = {}
    for row in rows:
        index.setdefault((cell(row, "indicator"), cell(row, "period")), row)

    def lookup(indicator: str, period: str, field: str) -> float | None:
        return _number(cell(index[(indicator, period)], field))

    derived = [r for r in rows if cell(r, "kind") == "derived" and cell(r, "formula")]
    changed = False
    for _ in range(len(derived) + 1):  # a derived row may read another: repeat until nothing moves
        moved = False
        for row in derived:
            stale = any(
                (i, p) in index and _number(cell(index[(i, p)], f)) != _number(before.get((i, p, f), ""))
                for i, p, f in references(cell(row, "formula"))
            )
            text = _recomputed(row, cell, lookup, index, stale and bool(before))
            if text is not None:
                row.extend([""] * (col["value"] + 1 - len(row)))
                row[col["value"]] = text
                moved = changed = True
        if not moved:
            break
    if not changed:
        return files
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return {**files, FILE: out.getvalue().encode("utf-8")}


def _cells(files: dict[str, bytes] | None) -> dict[tuple[str, str, str], str]:
    """(indicator, period, field) -> cell of a dataset's observations (value, yoy_pct, change)."""
    table = _table((files or {}).get(FILE))
    if table is None:
        return {}
    header, rows = table
    out = {}
    for row in rows:
        get = dict(zip(header, [c.strip() for c in row], strict=False))
        for field in ("value", "yoy_pct", "change"):
            out.setdefault((get.get("indicator", ""), get.get("period", ""), field), get.get(field, ""))
    return out


def _recomputed(row, cell, lookup, index, stale: bool) -> str | None:
    """The new value text of one derived row, or None when it stands (its inputs unchanged and it
    matches its formula; or it cannot be computed: the validation says why)."""
    formula = cell(row, "formula")
    try:
        computed = evaluate(formula, lookup)
    except (FormulaError, KeyError):
        return None
    raw = cell(row, "value")
    stored = _number(raw)
    if stored is not None and "." in raw:
        if abs(computed - stored) <= half_unit(raw) + 1e-9 and not stale:
            return None
        text = f"{computed:.{decimals(raw)}f}"
        return None if text == raw else text
    # a whole number (41.00 is kept as 41) or an empty cell: at the inputs' precision (46.73 -> 2)
    inputs = [
        cell(index[(i, p)], "value")
        for i, p, field in references(formula)
        if field == "value" and (i, p) in index
    ]
    text = f"{computed:.{max((decimals(t) for t in inputs if _number(t) is not None), default=0)}f}"
    if stored is not None and (float(text) == stored or (not stale and abs(computed - stored) <= 0.5)):
        return None
    return text


def recomputed_values(old: dict[str, bytes], new: dict[str, bytes]) -> list[dict]:
    """The derived values that differ from `old` to `new` (both complete datasets):
    [{indicator, period, old, new, formula}], in the order of `new`."""
    a, b = _table(old.get(FILE)), _table(new.get(FILE))
    if a is None or b is None:
        return []

    def keyed(table):
        header, rows = table
        col = {c: header.index(c) for c in header}
        out = {}
        for row in rows:
            get = {c: (row[i].strip() if i < len(row) else "") for c, i in col.items()}
            out.setdefault((get["indicator"], get["period"]), get)
        return out

    before, after = keyed(a), keyed(b)
    out = []
    for key, row in after.items():
        if row["kind"] != "derived" or key not in before:
            continue
        was = before[key]["value"]
        if _number(was) != _number(row["value"]):
            out.append(
                {
                    "indicator": key[0],
                    "period": key[1],
                    "old": was,
                    "new": row["value"],
                    "formula": row["formula"],
                }
            )
    return out
