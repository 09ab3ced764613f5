"""`check` and `checks`: validate a data directory (or, with `--store`, the store's current
version) and print the consistency checks."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from metrics import coverage, schema
from metrics.checks import build as build_checks
from metrics.dataset import DATA_DIR
from metrics.validate import run
from store import versions as v

from .common import with_store


def add(sub) -> None:
    c = sub.add_parser("check", help="validate the data (a directory, or the store with --store)")
    c.add_argument("--data-dir", type=Path, default=None, help="data directory (default: data/)")
    c.add_argument("--store", action="store_true", help="validate the store's current version instead")
    c.set_defaults(run=_check)
    k = sub.add_parser("checks", help="print the consistency-check table of a data directory")
    k.add_argument("--data-dir", type=Path, default=None, help="data directory (default: data/)")
    k.set_defaults(run=_check)


def _check(args) -> int:
    if getattr(args, "store", False):
        return with_store(check_store)(args)
    return check_directory((args.data_dir or DATA_DIR).resolve(), verbose=args.command == "checks")


def _summary(res) -> list[str]:
    out = []
    for name, fname in schema.FILES.items():
        t = res.tables.get(name)
        n = len(t.rows) if t is not None else 0
        extra = ""
        if name == "observations" and t is not None:
            rep = sum(1 for r in t.rows if r.get("kind") == "reported")
            der = sum(1 for r in t.rows if r.get("kind") == "derived")
            extra = f" ({rep} reported, {der} derived)"
        out.append(f"  {fname:<20} {n:>4} rows{extra}")
    return out


def _print_checks(df, verbose: bool) -> None:
    counts = df["status"].value_counts()
    print(
        "consistency checks (findings about the source, not validation errors): "
        + ", ".join(f"{counts.get(s, 0)} {s}" for s in ("passed", "failed", "skipped"))
    )
    for _, r in df.iterrows():
        if verbose or r["status"] == "failed":
            print(f"  [{r['status']}] {r['check_id']}: {r['detail_en']}")


def check_directory(data_dir: Path, verbose: bool) -> int:
    res = run(data_dir)
    for w in res.warnings:
        print(f"warning: {w}", file=sys.stderr)
    for p in res.problems:
        print(p)
    if not verbose:
        print(f"data directory: {data_dir}")
        print("\n".join(_summary(res)))
    if res.problems:
        print(f"INVALID: {len(res.problems)} problem(s)")
        return 1
    _print_checks(build_checks(res), verbose=verbose)
    if not verbose:
        print("\n".join(coverage.summary_lines(_observations(res))))
        print("OK: data is valid")
    return 0


def _observations(res) -> pd.DataFrame:
    """The validated observations as the few columns the default period's rule reads."""
    rows = res.tables["observations"].rows
    cells = [(r["indicator"], r["period"], r["kind"], r["_value"], r["_yoy_pct"]) for r in rows]
    frame = pd.DataFrame(cells, columns=["indicator", "period", "kind", "value", "yoy_pct"])
    return frame.astype({"value": float, "yoy_pct": float})


def check_store(_args, engine) -> int:
    loaded = v.load_version(engine)
    print(f"OK: current version {loaded.number} is valid (checksum {loaded.checksum[:12]})")
    return 0
