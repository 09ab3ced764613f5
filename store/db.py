"""The database URL and engine."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE = ROOT / "instance" / "getdz.sqlite3"
CONNECT_TIMEOUT = 5  # seconds: a down database must not hang a publish or the version watcher


def normalise_url(url: str) -> str:
    """SQLAlchemy's name for a URL: Heroku's `postgres://` and plain `postgresql://` use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def database_url(env=None) -> str:
    """`DATABASE_URL` (normalised), or the embedded SQLite file for one machine."""
    env = os.environ if env is None else env
    url = (env.get("DATABASE_URL") or "").strip()
    return normalise_url(url) if url else f"sqlite:///{DEFAULT_SQLITE}"


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets its directory created, a busy timeout and foreign keys."""
    url = normalise_url(url)
    if is_sqlite(url):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")  # readers never wait for a publish
            cursor.close()

        return engine
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=2,
        max_overflow=2,
        connect_args={"connect_timeout": CONNECT_TIMEOUT},
    )
