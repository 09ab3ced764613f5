"""Command line: ``python -m metrics check [--data-dir DIR]`` and ``python -m metrics checks``.

The dataset store's commands (``migrate``, ``publish``, ``versions``, ``diff``, ``rollback``,
``export``, ``users`` and ``check --store``) are handed to ``store.cli``: this package never imports the
store otherwise.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import schema
from .checks import build as build_checks
from .dataset import DATA_DIR
from .validate import run


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


STORE_COMMANDS = ("migrate", "publish", "versions", "diff", "rollback", "export", "users")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if (argv and argv[0] in STORE_COMMANDS) or (argv[:1] == ["check"] and "--store" in argv):
        from store.cli import main as store_main

        return store_main(argv)
    ap = argparse.ArgumentParser(prog="python -m metrics", description=__doc__)
    ap.add_argument(
        "command",
        choices=["check", "checks", *STORE_COMMANDS],
        help="check: validate the data; checks: print the consistency table; "
        "the store's commands: python -m metrics migrate --help",
    )
    ap.add_argument(
        "--data-dir", type=Path, default=None, help="data directory (default: the package's data/)"
    )
    args = ap.parse_args(argv)
    data_dir = (args.data_dir or DATA_DIR).resolve()
    res = run(data_dir)
    for w in res.warnings:
        print(f"warning: {w}", file=sys.stderr)
    for p in res.problems:
        print(p)
    if args.command == "check":
        print(f"data directory: {data_dir}")
        print("\n".join(_summary(res)))
    if res.problems:
        print(f"INVALID: {len(res.problems)} problem(s)")
        return 1
    checks = build_checks(res)
    _print_checks(checks, verbose=args.command == "checks")
    if args.command == "check":
        print("OK: data is valid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
