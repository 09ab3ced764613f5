"""Loading the validated dataset."""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import schema
from .checks import build as build_checks
from .periods import parse_period
from .reading import Problem
from .validate import run

__all__ = ["DATA_DIR", "DataError", "Dataset", "load"]

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


class DataError(Exception):
    """Raised by :func:`load` when the data has any problem; ``.problems`` lists them."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{len(self.problems)} data problem(s):\n{lines}")


@dataclass(frozen=True)
class Dataset:
    """The validated data. Treat the frames as read-only (``.copy()`` before changing):
    ``load()`` caches and returns the same object for the default data directory.

    Text columns hold '' (never NaN) when empty; value/yoy_pct/change are float (NaN if empty).
    """

    sources: pd.DataFrame
    indicators: pd.DataFrame
    observations: pd.DataFrame
    chain_stages: pd.DataFrame
    chain_entities: pd.DataFrame
    campaigns: pd.DataFrame
    timeline: pd.DataFrame
    relations: pd.DataFrame
    checks: pd.DataFrame
    version: str
    as_of: str
    warnings: tuple = ()

    def series(self, indicator: str) -> pd.DataFrame:
        """Observations of one indicator, in period order (a copy)."""
        df = self.observations[self.observations["indicator"] == indicator]
        return df.sort_values("period_sort").reset_index(drop=True).copy()


def _frame(table, name: str) -> pd.DataFrame:
    """One file as a frame: text columns as str, number columns as float, integer ones as Int64."""
    cols = schema.SPEC[name].columns
    df = pd.DataFrame(
        [{c.name: r[c.name] for c in cols} for r in table.rows], columns=schema.COLUMNS[name], dtype=object
    )
    for c in cols:
        if c.type == "text":
            df[c.name] = df[c.name].astype(str)
            continue
        df[c.name] = [r[f"_{c.name}"] for r in table.rows] if table.rows else []
        df[c.name] = pd.to_numeric(df[c.name], errors="coerce").astype(
            "Int64" if c.type == "integer" else float
        )
    return df


def _version(files: list[Path], data_dir: Path) -> str:
    h = hashlib.sha256()
    for f in sorted(set(files)):
        h.update(f.relative_to(data_dir).as_posix().encode())
        h.update(b"\0")
        h.update(f.read_bytes())
        h.update(b"\0")
    return h.hexdigest()[:12]


def _load(data_dir: Path) -> Dataset:
    res = run(data_dir)
    if res.problems:
        raise DataError(res.problems)
    t = res.tables
    obs = _frame(t["observations"], "observations")
    periods = [parse_period(p) for p in obs["period"]]
    obs["period_start"] = [p.start.isoformat() for p in periods]
    obs["period_end"] = [p.end.isoformat() for p in periods]
    obs["granularity"] = [p.granularity for p in periods]
    obs["period_label_zh"] = [p.label_zh for p in periods]
    obs["period_label_en"] = [p.label_en for p in periods]
    order = {
        q.code: i
        for i, q in enumerate(sorted({p.code: p for p in periods}.values(), key=lambda q: q.sort_key))
    }
    obs["period_sort"] = pd.Series([order[p.code] for p in periods], index=obs.index, dtype="int64")
    sources = _frame(t["sources"], "sources")
    return Dataset(
        sources=sources,
        indicators=_frame(t["indicators"], "indicators"),
        observations=obs,
        chain_stages=_frame(t["chain_stages"], "chain_stages"),
        chain_entities=_frame(t["chain_entities"], "chain_entities"),
        campaigns=_frame(t["campaigns"], "campaigns"),
        timeline=_frame(t["timeline"], "timeline"),
        relations=_frame(t["relations"], "relations"),
        checks=build_checks(res),
        version=_version(res.files, data_dir),
        as_of=max(sources["date"]) if len(sources) else "",
        warnings=tuple(res.warnings),
    )


@functools.lru_cache(maxsize=4)
def _load_cached(data_dir: Path) -> Dataset:
    return _load(data_dir)


def load(data_dir: Path | str | None = None) -> Dataset:
    """Read, validate and normalise the data; raise :class:`DataError` on any problem.

    The default data directory is cached (``load.cache_clear()`` forgets it);
    other directories are read afresh on every call.
    """
    if data_dir is None or Path(data_dir).resolve() == DATA_DIR:
        return _load_cached(DATA_DIR)
    return _load(Path(data_dir))


load.cache_clear = _load_cached.cache_clear  # type: ignore[attr-defined]
