"""Backups of the store as one archive, whichever database: `python -m metrics backup OUT` and
`python -m metrics restore IN`.

A backup is a consistent copy: on SQLite it reads a snapshot taken with SQLite's online backup API
(`sqlite3.Connection.backup`, one step, so a publish running meanwhile is either in it whole or
not at all); on PostgreSQL it reads every table in one REPEATABLE READ transaction (one snapshot).
It holds every version with its files (`versions`, `version_files`, `blobs`, `observations`), the
accounts (`users`) and the audit log (`audit`); sign-in sessions, throttling counts and staged
uploads are transient and left out.

The archive (`.tar.gz`) holds `manifest.json` (format, time, source database, schema revision,
current version, each member's SHA-256 and row count) and one JSON-lines file per table, so a
backup of SQLite restores into PostgreSQL and back. `OUT.sha256` beside it holds the archive's
SHA-256 in `sha256sum -c` form. A restore checks both, migrates the target, refuses a store that
has versions or accounts unless `force`, writes everything in one transaction, and reads the
current version back through `metrics.load`.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import io
import json
import sqlite3
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Connection, DateTime, Engine, LargeBinary, delete, func, insert, select

from . import tables as T
from .db import make_engine
from .versions import MIGRATIONS, REVISION, REVISION_ID, StoreError, load_version, migrate

FORMAT = "getdz-backup-1"
# in the order a restore inserts them (foreign keys); deleted in the reverse order
TABLES = (T.users, T.versions, T.blobs, T.version_files, T.observations, T.audit)
TRANSIENT = (T.staged_uploads, T.sessions, T.login_throttle)


def _encode(table, row) -> dict:
    out = {}
    for column in table.columns:
        value = row[column.name]
        if value is not None and isinstance(column.type, LargeBinary):
            value = base64.b64encode(bytes(value)).decode("ascii")
        elif value is not None and isinstance(column.type, DateTime):
            value = value.isoformat()
        out[column.name] = value
    return out


def _decode(table, record: dict) -> dict:
    out = {}
    for column in table.columns:
        if column.name not in record or column.autoincrement is True:
            continue  # a column added by a later migration keeps its default; the database numbers
            # rows itself (the audit's order is kept: rows are inserted in id order)
        value = record[column.name]
        if value is not None and isinstance(column.type, LargeBinary):
            value = base64.b64decode(value)
        elif value is not None and isinstance(column.type, DateTime):
            value = dt.datetime.fromisoformat(value)
            if value.tzinfo is None:  # SQLite keeps no offset; the store writes UTC
                value = value.replace(tzinfo=dt.UTC)
        out[column.name] = value
    return out


@contextlib.contextmanager
def _snapshot(engine: Engine) -> Iterator[Connection]:
    """A connection that sees one consistent state of the store."""
    if engine.dialect.name == "sqlite":
        with tempfile.TemporaryDirectory(prefix="getdz-backup-") as tmp:
            copy = Path(tmp) / "snapshot.sqlite3"
            raw = engine.raw_connection()
            try:
                target = sqlite3.connect(copy)
                raw.driver_connection.backup(target)  # pages=-1: the whole file in one step
                target.close()
            finally:
                raw.close()
            snapshot = make_engine(f"sqlite:///{copy}")
            try:
                with snapshot.connect() as conn:
                    yield conn
            finally:
                snapshot.dispose()
        return
    with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
        with conn.begin():
            yield conn


def backup(engine: Engine, out: Path) -> dict:
    """Write the archive `out` (and `out.sha256`); its manifest is returned."""
    members: dict[str, bytes] = {}
    with _snapshot(engine) as conn:
        revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        for table in TABLES:
            order = [c for c in table.primary_key.columns]
            rows = conn.execute(select(table).order_by(*order)).mappings()
            lines = [json.dumps(_encode(table, r), ensure_ascii=False, sort_keys=True) for r in rows]
            members[f"tables/{table.name}.jsonl"] = ("\n".join(lines) + "\n" if lines else "").encode()
        current = conn.execute(select(func.max(T.versions.c.number))).scalar()
    manifest = {
        "format": FORMAT,
        "created_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "database": engine.dialect.name,
        "schema_revision": revision,
        "current_version": current,
        "members": {
            name: {
                "sha256": hashlib.sha256(data).hexdigest(),
                "rows": data.count(b"\n"),
            }
            for name, data in members.items()
        },
    }
    members = {"manifest.json": json.dumps(manifest, indent=2, ensure_ascii=False).encode(), **members}
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    with tarfile.open(partial, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(data), int(dt.datetime.now().timestamp()), 0o600
            tar.addfile(info, io.BytesIO(data))
    partial.replace(out)
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    out.with_name(out.name + ".sha256").write_text(f"{digest}  {out.name}\n")
    return {**manifest, "sha256": digest, "size": out.stat().st_size}


def read_archive(path: Path) -> tuple[dict, dict[str, bytes]]:
    """(manifest, members) of a backup, every checksum verified (StoreError names what differs)."""
    if not path.is_file():
        raise StoreError(f"{path}: no such file")
    sums = path.with_name(path.name + ".sha256")
    if sums.is_file():
        expected = sums.read_text().split()[0]
        if hashlib.sha256(path.read_bytes()).hexdigest() != expected:
            raise StoreError(f"{path}: the archive's SHA-256 differs from {sums.name}: damaged or changed")
    try:
        with tarfile.open(path, "r:gz") as tar:
            members = {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}
        manifest = json.loads(members.pop("manifest.json"))
    except (tarfile.TarError, OSError, KeyError, ValueError) as err:
        raise StoreError(f"{path}: not a GETDZ backup ({err})") from None
    if manifest.get("format") != FORMAT:
        raise StoreError(f"{path}: unknown backup format {manifest.get('format')!r}")
    for name, info in manifest["members"].items():
        if hashlib.sha256(members.get(name, b"")).hexdigest() != info["sha256"]:
            raise StoreError(f"{path}: {name} is damaged (its SHA-256 differs from the manifest)")
    return manifest, members


def _counts(conn: Connection) -> dict[str, int]:
    return {t.name: conn.execute(select(func.count()).select_from(t)).scalar() for t in TABLES}


def restore(engine: Engine, path: Path, force: bool = False) -> dict:
    """Bring the backup `path` into the store of `engine` (migrated first). A store with versions
    or accounts is refused unless `force`, which replaces its content. Returns the manifest."""
    manifest, members = read_archive(path)
    if not _known(manifest["schema_revision"]):
        raise StoreError(
            f"{path}: made by a newer release (schema {manifest['schema_revision']}); "
            "restore it with that release"
        )
    migrate(engine)
    with engine.begin() as conn:
        present = _counts(conn)
        if (present["versions"] or present["users"]) and not force:
            raise StoreError(
                f"the store is not empty ({present['versions']} versions, {present['users']} accounts); "
                "restore into an empty database, or add --force to replace its content"
            )
        for table in reversed(TRANSIENT + TABLES):
            conn.execute(delete(table))
        for table in TABLES:
            # a table added by a later migration than the backup's starts empty
            lines = members.get(f"tables/{table.name}.jsonl", b"").decode().splitlines()
            rows = [_decode(table, json.loads(line)) for line in lines if line]
            for start in range(0, len(rows), 500):
                conn.execute(insert(table), rows[start : start + 500])
    if manifest["current_version"] is not None:
        load_version(engine)  # the current version reads back valid (metrics.DataError if not)
    return manifest


def _known(revision: str | None) -> bool:
    """Whether `revision` is one of this release's migrations (older backups restore forward)."""
    for path in (MIGRATIONS / "versions").glob("*.py"):
        fields = dict(REVISION.findall(path.read_text(encoding="utf-8")))
        match = REVISION_ID.fullmatch(fields.get("revision", ""))
        if match and match[1] == revision:
            return True
    return False
