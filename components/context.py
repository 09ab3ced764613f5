"""What every page needs from the loaded dataset, prepared once at start-up (read-only)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from metrics import Dataset
from metrics import queries as q

from .view import Choices


@dataclass(frozen=True, eq=False)  # hashed by identity, so pure builders can memoise on it
class Context:
    """The enriched observations, the filter choices and lookups, built once per app."""

    dataset: Dataset
    frame: pd.DataFrame
    choices: Choices
    sources: dict[str, str]
    rows: dict[tuple[str, str], pd.Series]  # (indicator, period) -> observation
    latest: dict[str, pd.Series]  # indicator -> its latest observation (reported before derived)

    @classmethod
    def build(cls, dataset: Dataset) -> Context:
        frame = q.enrich(dataset.observations, dataset.indicators)
        choices = Choices(
            periods=tuple(q.period_options(frame)),
            campaigns=tuple(dataset.campaigns["campaign"]),
            default_period=q.default_period(frame),
        )
        sources = {
            r["source"]: f"{r['publisher']}《{r['title']}》({r['date']})"
            for _, r in dataset.sources.iterrows()
        }
        rows = {(r["indicator"], r["period"]): r for _, r in frame.iterrows()}
        latest = q.latest_by_indicator(frame)
        return cls(dataset=dataset, frame=frame, choices=choices, sources=sources, rows=rows, latest=latest)

    def row(self, indicator: str, period: str | None = None) -> pd.Series | None:
        """One observation: at `period`, or the latest when `period` is None."""
        return self.latest.get(indicator) if period is None else self.rows.get((indicator, period))

    @property
    def checks(self) -> pd.DataFrame:
        return self.dataset.checks

    @property
    def as_of(self) -> str:
        return self.dataset.as_of
