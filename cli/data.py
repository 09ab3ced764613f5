"""`check` and `checks`: validate a data directory (or, with `--store`, the store's current
version) and print the consistency checks."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from metrics import coverage, schema
from metrics.checks import build as build_checks
from metrics.clerk import table_zh
from metrics.dataset import DATA_DIR
from metrics.periods import label as period_label
from metrics.validate import run
from store import versions as v

from .common import with_store
from .words import problem_line, say, with_names

CHECKS_ZH = "一致性核对(关于原文的发现,不是数据错误):通过 {passed},未通过 {failed},未核对 {skipped}"
STATUS_ZH = {"passed": "通过", "failed": "未通过", "skipped": "未核对"}


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
    lang = args.lang
    return check_directory((args.data_dir or DATA_DIR).resolve(), verbose=args.command == "checks", lang=lang)


def _summary(res, lang: str) -> list[str]:
    out = []
    for name, fname in schema.FILES.items():
        t = res.tables.get(name)
        n = len(t.rows) if t is not None else 0
        rep = sum(1 for r in t.rows if r.get("kind") == "reported") if t is not None else 0
        der = sum(1 for r in t.rows if r.get("kind") == "derived") if t is not None else 0
        if lang == "en":
            extra = f" ({rep} reported, {der} derived)" if name == "observations" and t is not None else ""
            out.append(f"  {fname:<20} {n:>4} rows{extra}")
        else:
            extra = f"(原文数据 {rep} 行,推算 {der} 行)" if name == "observations" and t is not None else ""
            out.append(f"  {table_zh(name)}({fname}) {n} 行{extra}")
    return out


def _print_checks(df, verbose: bool, lang: str, names: dict[str, str]) -> None:
    counts = df["status"].value_counts()
    if lang == "en":
        print(
            "consistency checks (findings about the source, not validation errors): "
            + ", ".join(f"{counts.get(s, 0)} {s}" for s in ("passed", "failed", "skipped"))
        )
    else:
        print(CHECKS_ZH.format(**{s: counts.get(s, 0) for s in STATUS_ZH}))
    for _, r in df.iterrows():
        if verbose or r["status"] == "failed":
            if lang == "en":
                print(f"  [{r['status']}] {r['check_id']}: {r['detail_en']}")
            else:
                detail = with_names(r["detail_zh"], names)
                print(f"  [{STATUS_ZH.get(r['status'], r['status'])}] {detail}")


def _coverage_zh(frame, names: dict[str, str]) -> list[str]:
    """`coverage.summary_lines` in Chinese."""
    found = coverage.coverages(frame)
    if not found:
        return ["默认时期:无(没有首屏指标)"]
    full = any(c.full for c in found)
    why = "能填满首屏的最新时期" if full else "没有能填满首屏的时期,取指标最全的"
    lines = [f"/、/present、/wall 的默认时期:{period_label(coverage.default_period(frame))}({why})"]
    for c in found:
        if not c.full:
            lacks = "、".join(names.get(code, code) for code in c.lacks)
            lines.append(f"  可以选择但不完整:{period_label(c.period)} 缺{lacks}")
    return lines


def check_directory(data_dir: Path, verbose: bool, lang: str = "zh") -> int:
    res = run(data_dir)
    for w in res.warnings:
        print(
            f"warning: {w}" if lang == "en" else f"提示:{problem_line(w, '', False, lang)}", file=sys.stderr
        )
    for p in res.problems:
        print(problem_line(p, "", False, lang))
    if not verbose:
        print(f"data directory: {data_dir}" if lang == "en" else f"数据目录:{data_dir}")
        print("\n".join(_summary(res, lang)))
    if res.problems:
        print(say("invalid", lang, n=len(res.problems)))
        return 1
    names = _names(res)
    _print_checks(build_checks(res), verbose=verbose, lang=lang, names=names)
    if not verbose:
        frame = _observations(res)
        print("\n".join(coverage.summary_lines(frame) if lang == "en" else _coverage_zh(frame, names)))
        print("OK: data is valid" if lang == "en" else "OK:数据无误")
    return 0


def _names(res) -> dict[str, str]:
    t = res.tables.get("indicators")
    return {r["indicator"]: r["name_zh"] for r in t.rows} if t is not None else {}


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
