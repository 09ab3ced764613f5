"""The tables (SQLAlchemy Core). Changing them needs a migration in `store/migrations/versions/`.

- `versions`: one row per version, never updated: number (1, 2, ...), parent, when, who, note,
  action (seed, publish, rollback), the version a rollback restores, the content checksum and the
  diff summary from the parent (JSON text). The current version is the highest number.
- `blobs`: file contents by SHA-256, shared between versions (a rollback copies no bytes).
- `version_files`: the files of each version (path in `data/` -> blob).
- `observations`: the observations of every version, typed, for SQL and BI tools; the view
  `current_observations` shows the current version's, the numbers the dashboard shows.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

versions = Table(
    "versions",
    metadata,
    Column("number", Integer, primary_key=True, autoincrement=False),
    Column("parent", Integer, ForeignKey("versions.number"), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("author", Text, nullable=False),
    Column("note", Text, nullable=False),
    Column("action", String(16), nullable=False),
    Column("restores", Integer, ForeignKey("versions.number"), nullable=True),
    Column("checksum", String(64), nullable=False),
    Column("summary", Text, nullable=False),
)

blobs = Table(
    "blobs",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", Integer, nullable=False),
    Column("content", LargeBinary, nullable=False),
)

version_files = Table(
    "version_files",
    metadata,
    Column("version", Integer, ForeignKey("versions.number"), primary_key=True),
    Column("path", Text, primary_key=True),
    Column("sha256", String(64), ForeignKey("blobs.sha256"), nullable=False),
)

observations = Table(
    "observations",
    metadata,
    Column("version", Integer, ForeignKey("versions.number"), primary_key=True),
    Column("indicator", Text, primary_key=True),
    Column("period", Text, primary_key=True),
    Column("name_zh", Text, nullable=False),
    Column("name_en", Text, nullable=False),
    Column("unit", Text, nullable=False),
    Column("period_start", Text, nullable=False),
    Column("period_end", Text, nullable=False),
    Column("value", Float),
    Column("qualifier", Text, nullable=False),
    Column("yoy_pct", Float),
    Column("change", Float),
    Column("kind", Text, nullable=False),
    Column("formula", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("source_quote", Text, nullable=False),
)
