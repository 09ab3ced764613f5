"""The dataset store: immutable versions of the whole dataset in a database (the one place with SQL).

PostgreSQL when `DATABASE_URL` is set (Heroku's `postgres://` accepted), else an embedded SQLite
file `instance/getdz.sqlite3` for one machine. Schema changes are Alembic migrations
(`store/migrations/`). A version holds every file of a data directory (CSV tables in canonical form
and the source documents); loading one writes them to a temporary directory and reads it with
`metrics.load`, so the store never has validation rules of its own.
"""

from .db import DEFAULT_SQLITE, database_url, make_engine, normalise_url
from .versions import (
    Conflict,
    Loaded,
    NoChanges,
    PublishResult,
    StoreError,
    current_number,
    export_workbook,
    list_versions,
    load_version,
    migrate,
    publish_files,
    rollback,
    seed,
    version_diff,
    version_files,
)

__all__ = [
    "DEFAULT_SQLITE",
    "Conflict",
    "Loaded",
    "NoChanges",
    "PublishResult",
    "StoreError",
    "current_number",
    "database_url",
    "export_workbook",
    "load_version",
    "make_engine",
    "migrate",
    "normalise_url",
    "publish_files",
    "rollback",
    "seed",
    "version_diff",
    "version_files",
    "list_versions",
]
