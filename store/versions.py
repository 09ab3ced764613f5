"""Versions: migrate, seed, publish, roll back, list, diff, load and export.

Every function takes an engine. A version is written in ONE transaction whose first write is the
version row: its number is the primary key, so of two publishes based on the same parent the second
fails on the key and is reported as a conflict, never a mixed dataset. Nothing is written unless
`metrics.load` accepted the files.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import math
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, func, insert, select, text
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

import metrics
from metrics import exports as mx
from metrics import workbook as wb
from metrics.clerkbook import clerk_workbook
from metrics.dataset import DATA_DIR, Dataset
from metrics.recompute import recompute, recomputed_values

from . import overrides as ov
from . import tables as T

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class StoreError(Exception):
    """A usage error (unknown version, empty store): the command exits 2."""


class Conflict(StoreError):
    """The publish was based on a version that is no longer current."""


class NoChanges(Exception):
    """The content equals the current version's: no version was created."""

    def __init__(self, number: int):
        self.number = number
        super().__init__(f"no changes: the content equals version {number}")


@dataclass(frozen=True)
class PublishResult:
    number: int
    parent: int | None
    checksum: str
    summary: dict


@dataclass(frozen=True)
class Loaded:
    """A version read back and validated."""

    number: int
    checksum: str
    dataset: Dataset


# ---------------------------------------------------------------- schema


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (idempotent). Concurrent migrations take turns:
    PostgreSQL through an advisory lock (migrations/env.py), SQLite through a lock file.

    A schema already at the newest migration is left alone without importing Alembic: the app's
    SQLite boot migrates in gunicorn's master, and Alembic's import (with Mako and Pygments, about
    11 MB) would otherwise stay in every worker's memory."""
    head = head_revision()
    if head is not None and schema_revision(engine) == head:
        return
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    with _file_lock(f"{database}.lock" if database and database != ":memory:" else None):
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")


# `revision: str = "0002"` and `down_revision: ... = "0001"` (or None) in a migration file
REVISION = re.compile(r"^(revision|down_revision)\b[^=\n]*=\s*(.*?)\s*$", re.MULTILINE)
REVISION_ID = re.compile(r"[\"']([\w-]+)[\"']")


def head_revision() -> str | None:
    """The newest migration's revision id, read from `migrations/versions/` without Alembic; None
    unless the migrations form one line (Alembic then decides)."""
    revisions, parents = set(), set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        fields = dict(REVISION.findall(path.read_text(encoding="utf-8")))
        revision = REVISION_ID.fullmatch(fields.get("revision", ""))
        down = fields.get("down_revision", "")
        parent = REVISION_ID.fullmatch(down)
        if revision is None or (parent is None and down != "None"):
            return None  # a merge (a tuple of parents) or a file this reading does not understand
        revisions.add(revision[1])
        parents.add(parent[1] if parent else None)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def schema_revision(engine: Engine) -> str | None:
    """The revision the database's schema is at (Alembic's `alembic_version`), None if unknown."""
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except SQLAlchemyError:  # no such table yet: a new database
        return None
    return rows[0] if len(rows) == 1 else None


@contextlib.contextmanager
def _file_lock(path: str | None):
    if path is None:
        yield
        return
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# ---------------------------------------------------------------- reading


def current_number(engine: Engine) -> int | None:
    """The current version's number (the highest), None on an empty store: the one cheap query
    the version watcher runs."""
    with engine.connect() as conn:
        return conn.execute(select(func.max(T.versions.c.number))).scalar()


def list_versions(engine: Engine) -> list[dict]:
    """Every version, newest first, with its summary decoded."""
    with engine.connect() as conn:
        rows = conn.execute(select(T.versions).order_by(T.versions.c.number.desc())).mappings().all()
    return [{**row, "summary": json.loads(row["summary"])} for row in rows]


def version_files(engine: Engine, number: int) -> dict[str, bytes]:
    """The files of version `number` (StoreError if there is no such version)."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(T.version_files.c.path, T.blobs.c.content)
            .join(T.blobs, T.blobs.c.sha256 == T.version_files.c.sha256)
            .where(T.version_files.c.version == number)
        ).all()
        if (
            not rows
            and conn.execute(select(T.versions.c.number).where(T.versions.c.number == number)).first() is None
        ):
            raise StoreError(f"no version {number}")
    return {path: bytes(content) for path, content in rows}


def materialise(files: dict[str, bytes], directory: Path) -> Path:
    """Write `files` under `directory` (paths as in `data/`)."""
    for rel, data in files.items():
        path = directory.joinpath(*rel.split("/"))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return directory


def validate_files(files: dict[str, bytes], label: str = "data") -> Dataset:
    """`metrics.load` on the files (raises metrics.DataError naming every problem). `label` is
    the directory name the problems show (`label/observations.csv:12: ...`)."""
    with tempfile.TemporaryDirectory(prefix="getdz-") as tmp:
        return metrics.load(materialise(files, Path(tmp) / label))


def load_version(engine: Engine, number: int | None = None) -> Loaded:
    """Version `number` (default: the current one), validated like `python -m metrics check`."""
    number = current_number(engine) if number is None else number
    if number is None:
        raise StoreError("the store is empty: run `python -m metrics migrate`")
    files = version_files(engine, number)
    with engine.connect() as conn:
        checksum = conn.execute(select(T.versions.c.checksum).where(T.versions.c.number == number)).scalar()
    dataset = ov.with_overrides(validate_files(files, f"version-{number}"), ov.recorded(engine, number))
    return Loaded(number, checksum, dataset)


def version_diff(engine: Engine, a: int, b: int) -> dict:
    """The diff summary from version `a` to version `b`."""
    return wb.diff(version_files(engine, a), version_files(engine, b))


# ---------------------------------------------------------------- writing


def _observation_rows(number: int, dataset: Dataset) -> list[dict]:
    names = dataset.indicators.set_index("indicator")

    def num(x):
        return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)

    rows = []
    for r in dataset.observations.to_dict("records"):
        ind = names.loc[r["indicator"]]
        rows.append(
            {
                "version": number,
                "indicator": r["indicator"],
                "period": r["period"],
                "name_zh": ind["name_zh"],
                "name_en": ind["name_en"],
                "unit": ind["unit"],
                "period_start": r["period_start"],
                "period_end": r["period_end"],
                "value": num(r["value"]),
                "qualifier": r["qualifier"],
                "yoy_pct": num(r["yoy_pct"]),
                "change": num(r["change"]),
                "kind": r["kind"],
                "formula": r["formula"],
                "source": r["source"],
                "source_quote": r["source_quote"],
            }
        )
    return rows


def publish_files(
    engine: Engine,
    files: dict[str, bytes],
    note: str,
    author: str,
    parent: int | None = None,
    action: str = "publish",
    restores: int | None = None,
    label: str = "data",
    overrides: list[dict] | None = None,
) -> PublishResult:
    """Validate `files` (a complete dataset), then write them as the next version in one
    transaction. `parent` is the version the files were based on (default: the current one when
    this is called); if another version became current since, raise Conflict. Raise NoChanges
    when the content equals the current version's, metrics.DataError when it is invalid.
    Derived rows are recomputed first (`metrics.recompute`; a rollback restores them as they
    were), and the values that moved are listed in the summary (`recomputed`). `overrides`:
    failing consistency checks published anyway, each {check_id, reason, author}; they are kept
    in the summary, and carried to later versions while the check still fails."""
    if parent is None:
        parent = current_number(engine)
    parent_files = version_files(engine, parent) if parent is not None else {}
    if action != "rollback":  # derived rows follow the figures they are computed from
        files = recompute(files, parent_files)
    validate_files(files, label)  # the editor's own file names and line numbers
    files = wb.canonical_files(files)
    dataset = validate_files(files, label)  # what is stored is what passed
    checksum = wb.checksum(files)
    summary = wb.diff(parent_files, files)
    if action == "publish" and (derived := recomputed_values(parent_files, files)):
        summary["recomputed"] = derived
    kept = ov.still_failing(dataset, [*(ov.recorded(engine, parent) if parent else []), *(overrides or [])])
    if kept:
        summary["overrides"] = kept
    number = (parent or 0) + 1
    try:
        with engine.begin() as conn:
            current = conn.execute(select(func.max(T.versions.c.number))).scalar()
            if current != parent:
                raise Conflict(
                    f"conflict: based on version {parent}, but version {current} is current now; "
                    "export the current version and apply the change again"
                )
            if parent is not None:
                current_sum = conn.execute(
                    select(T.versions.c.checksum).where(T.versions.c.number == parent)
                ).scalar()
                if current_sum == checksum:
                    raise NoChanges(parent)
            # The version row first: its primary key is what serialises concurrent publishes.
            conn.execute(
                insert(T.versions).values(
                    number=number,
                    parent=parent,
                    created_at=dt.datetime.now(dt.UTC),
                    author=author,
                    note=note,
                    action=action,
                    restores=restores,
                    checksum=checksum,
                    summary=json.dumps(summary, ensure_ascii=False, sort_keys=True),
                )
            )
            hashes = {path: hashlib.sha256(data).hexdigest() for path, data in files.items()}
            known = set(
                conn.execute(select(T.blobs.c.sha256).where(T.blobs.c.sha256.in_(hashes.values()))).scalars()
            )
            new = {h: files[p] for p, h in hashes.items() if h not in known}
            if new:
                conn.execute(
                    insert(T.blobs), [{"sha256": h, "size": len(d), "content": d} for h, d in new.items()]
                )
            conn.execute(
                insert(T.version_files),
                [{"version": number, "path": p, "sha256": h} for p, h in hashes.items()],
            )
            conn.execute(insert(T.observations), _observation_rows(number, dataset))
    except IntegrityError as exc:
        raise Conflict(
            f"conflict: another publish created version {number} at the same time; "
            "export the current version and apply the change again"
        ) from exc
    return PublishResult(number, parent, checksum, summary)


def seed(engine: Engine, data_dir: Path = DATA_DIR) -> tuple[int | None, str]:
    """Import `data_dir` as version 1 on an empty store (once: idempotent). On a store that has
    versions, change nothing and say whether `data_dir` differs from the seed and the current
    version. Returns (the version created or None, a message for the release log)."""
    files = wb.read_directory(data_dir)
    if current_number(engine) is None:
        try:
            result = publish_files(
                engine,
                files,
                note=f"the shipped {data_dir.name}/ files",
                author="seed",
                parent=None,
                action="seed",
            )
        except Conflict:  # another instance seeded at the same moment
            return None, "seed: the store was seeded by another process"
        return result.number, f"seed: {data_dir.name}/ imported as version {result.number}"
    checksum = wb.checksum(wb.canonical_files(files))
    with engine.connect() as conn:
        seed_sum = conn.execute(select(T.versions.c.checksum).where(T.versions.c.number == 1)).scalar()
        current, current_sum = conn.execute(
            select(T.versions.c.number, T.versions.c.checksum).order_by(T.versions.c.number.desc()).limit(1)
        ).one()
    if checksum == current_sum:
        return None, f"{data_dir.name}/ equals the current version {current}"
    if checksum == seed_sum:
        return None, f"{data_dir.name}/ equals the seed (version 1); the current version is {current}"
    return None, (
        f"NOTE: {data_dir.name}/ differs from the seed (version 1) and from the current version {current}; "
        f"nothing was changed. The database is the source of truth: to publish it, run "
        f"`python -m metrics publish {data_dir.name} --note TEXT`"
    )


def rollback(engine: Engine, number: int, note: str, author: str, base: int | None = None) -> PublishResult:
    """Make version `number`'s content current again, recorded as a new version (like a publish).
    `base` is the version the editor saw as current; if another became current since, Conflict."""
    files = version_files(engine, number)
    return publish_files(
        engine,
        files,
        note=note,
        author=author,
        parent=base,
        action="rollback",
        restores=number,
        label=f"version-{number}",
    )


def export_workbook(engine: Engine, number: int | None = None, clerk: bool = False) -> bytes:
    """Version `number` (default current) as a workbook: the clerk's (`metrics.clerkbook`), or in
    the codes layout of `/download/dataset.xlsx` (what was downloaded before; it still publishes)."""
    if clerk:
        number = current_number(engine) if number is None else number
        if number is None:
            raise StoreError("the store is empty: run `python -m metrics migrate`")
        return clerk_workbook(version_files(engine, number), [("版本", str(number))])
    loaded = load_version(engine, number)
    sheets = mx.dataset_sheets(loaded.dataset)
    sheets["about"] = _about(loaded)
    return mx.xlsx_bytes(sheets)


def _about(loaded: Loaded):
    import pandas as pd

    return pd.DataFrame(
        [("version", str(loaded.number)), ("checksum", loaded.checksum), ("as_of", loaded.dataset.as_of)],
        columns=["item", "value"],
    )
