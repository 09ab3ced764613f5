"""What every page needs from the loaded dataset, prepared once at start-up (read-only)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from metrics import Dataset
from metrics import queries as q

from .view import Choices


@dataclass(frozen=True)
class Context:
    """The enriched observations, the filter choices and lookups, built once per app."""

    dataset: Dataset
    frame: pd.DataFrame
    choices: Choices
    sources: dict[str, str]

    @classmethod
    def build(cls, dataset: Dataset) -> "Context":
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
        return cls(dataset=dataset, frame=frame, choices=choices, sources=sources)

    @property
    def checks(self) -> pd.DataFrame:
        return self.dataset.checks

    @property
    def as_of(self) -> str:
        return self.dataset.as_of
