"""What a candidate dataset changes, row by row, and which consistency checks it affects: the
preview an editor sees before publishing. Pure: the standard library, pandas and this package."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from . import coverage, schema
from . import workbook as wb
from .numbers import parse_number

__all__ = [
    "CheckChanges",
    "RowChanges",
    "check_changes",
    "default_change",
    "default_change_text",
    "row_changes",
]


@dataclass
class RowChanges:
    """Per table: rows added and removed (their cells), and cells changed (old -> new)."""

    added: dict[str, list[dict]] = field(default_factory=dict)
    removed: dict[str, list[dict]] = field(default_factory=dict)
    changed: dict[str, list[dict]] = field(default_factory=dict)  # key, column, old, new, pct

    def counts(self) -> dict[str, tuple[int, int, int]]:
        """table -> (added, changed rows, removed)."""
        out = {}
        for name in schema.FILES:
            a, r = len(self.added.get(name, ())), len(self.removed.get(name, ()))
            c = len({tuple(x["key"]) for x in self.changed.get(name, ())})
            if a or c or r:
                out[name] = (a, c, r)
        return out


def _pct(old: str, new: str) -> float | None:
    try:
        a, b = parse_number(old), parse_number(new)
    except (ValueError, TypeError):
        return None
    return None if a == 0 else 100.0 * (b - a) / abs(a)


def row_changes(old: dict[str, bytes], new: dict[str, bytes]) -> RowChanges:
    """Row-level changes between two datasets' canonical files (rows matched by `workbook.KEYS`)."""
    out = RowChanges()
    for name, fname in schema.FILES.items():
        columns = schema.COLUMNS[name]
        a, b = wb._keyed(name, old.get(fname)), wb._keyed(name, new.get(fname))

        def cells(row, columns=columns):
            return dict(zip(columns, list(row) + [""] * (len(columns) - len(row)), strict=False))

        added = [cells(b[k]) for k in b if k not in a]
        removed = [cells(a[k]) for k in a if k not in b]
        changed = []
        for k in b:
            if k in a and a[k] != b[k]:
                before, after = cells(a[k]), cells(b[k])
                for col in columns:
                    if before[col] != after[col]:
                        pct = _pct(before[col], after[col]) if col in wb.NUMERIC.get(name, ()) else None
                        changed.append(
                            {"key": list(k), "column": col, "old": before[col], "new": after[col], "pct": pct}
                        )
        for target, items in ((out.added, added), (out.removed, removed), (out.changed, changed)):
            if items:
                target[name] = items
    return out


@dataclass
class CheckChanges:
    """Consistency checks of the candidate compared with the current version's."""

    newly_possible: list[dict] = field(default_factory=list)  # new, or skipped before and run now
    newly_failed: list[dict] = field(default_factory=list)  # passed before, fails now
    fixed: list[dict] = field(default_factory=list)  # failed before, passes now
    still_failed: list[dict] = field(default_factory=list)
    gone: list[dict] = field(default_factory=list)  # run before, no longer possible
    passed: int = 0
    failed: int = 0
    skipped: int = 0


def check_changes(current: pd.DataFrame, candidate: pd.DataFrame) -> CheckChanges:
    """Compare two `checks` frames by `check_id`."""
    before = {r["check_id"]: r for r in current.to_dict("records")}
    out = CheckChanges()
    seen = set()
    for r in candidate.to_dict("records"):
        seen.add(r["check_id"])
        status, old = r["status"], before.get(r["check_id"])
        if status in ("passed", "failed", "skipped"):
            setattr(out, status, getattr(out, status) + 1)
        was = old["status"] if old else None
        if was is None or (status in ("passed", "failed") and was == "skipped"):
            out.newly_possible.append(r)
        elif status == "failed" and was == "passed":
            out.newly_failed.append(r)
        elif status == "passed" and was == "failed":
            out.fixed.append(r)
        elif status == "failed":
            out.still_failed.append(r)
    out.gone = [r for k, r in before.items() if k not in seen and r["status"] in ("passed", "failed")]
    return out


def default_change(current, candidate) -> coverage.DefaultChange:
    """What publishing the `candidate` dataset does to the period `/`, `/present` and `/wall` open
    on (`current` None: the first version)."""
    before = None if current is None else current.observations
    return coverage.default_change(before, candidate.observations)


def default_change_text(current, candidate, lang: str = "zh") -> str:
    """`default_change` as one sentence naming the indicators the newest period lacks."""
    names = dict(zip(candidate.indicators["indicator"], candidate.indicators[f"name_{lang}"], strict=True))
    return default_change(current, candidate).text(lang, names)
