"""Failing consistency checks published anyway: each with the editor's written reason, kept in
the version's summary (`overrides`), carried to later versions while the check still fails, and
shown to the dashboard as an `override` column of the dataset's checks."""

from __future__ import annotations

import dataclasses
import json

from sqlalchemy import Engine, select

from metrics.dataset import Dataset

from . import tables as T


def recorded(engine: Engine, number: int) -> list[dict]:
    """The failing checks version `number` was published with, each with its written reason."""
    with engine.connect() as conn:
        text = conn.execute(select(T.versions.c.summary).where(T.versions.c.number == number)).scalar()
    return json.loads(text or "{}").get("overrides", [])


def still_failing(dataset: Dataset, overrides: list[dict]) -> list[dict]:
    failing = set(dataset.checks.loc[dataset.checks["status"] == "failed", "check_id"])
    out = {}
    for o in overrides:
        if o["check_id"] in failing:
            out[o["check_id"]] = o  # the newest reason for a check wins
    return list(out.values())


def with_overrides(dataset: Dataset, overrides: list[dict]) -> Dataset:
    """The dataset with an `override` column in its checks: the written reason a failing check
    was published with ('' for the others), for the dashboard to flag the figure."""
    reasons = {o["check_id"]: o["reason"] for o in overrides}
    checks = dataset.checks.copy()
    checks["override"] = [reasons.get(c, "") for c in checks["check_id"]]
    return dataclasses.replace(dataset, checks=checks)
