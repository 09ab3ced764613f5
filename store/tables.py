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

# ---------------------------------------------------------------- editors (migration 0002)
# `users`: editors who may publish in /admin (never deleted: `disabled` keeps the audit's names).
users = Table(
    "users",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("password_hash", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("disabled", Integer, nullable=False, default=0),
    Column("role", String(16), nullable=False, default="editor"),  # viewer, editor, admin (0003)
)

# `sessions`: signed-in browsers; the cookie holds a random token, the table its SHA-256, so a
# forged cookie matches nothing and a sign-out ends the session on every instance.
sessions = Table(
    "sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_name", String(64), ForeignKey("users.name"), nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

# ---------------------------------------------------------------- migration 0003
# `login_throttle`: sign-in attempts per key ("pair:<address>|<account>", "addr:<address>",
# "acct:<account>"), counted before the password is hashed, under a row lock, so concurrent tries
# on any instance cannot exceed the limit; past the limit each try waits a growing delay.
login_throttle = Table(
    "login_throttle",
    metadata,
    Column("key", String(160), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("blocked_until", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, index=True),
)

# `audit`: who did what, when, from where: sign-ins (and failures), publishes, rollbacks,
# account changes. Never updated; shown in /admin to admins.
audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
    Column("user_name", String(64), nullable=False),
    Column("action", String(32), nullable=False),
    Column("detail", Text, nullable=False),
    Column("address", String(64), nullable=False),
)

# `staged_uploads`: what an editor previewed (the files, zipped), tied to the editor and to the
# version the preview was computed against, so publish writes exactly what was previewed.
staged_uploads = Table(
    "staged_uploads",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("user_name", String(64), ForeignKey("users.name"), nullable=False),
    Column("base_version", Integer, ForeignKey("versions.number"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("filename", Text, nullable=False),
    Column("files", LargeBinary, nullable=False),
)
