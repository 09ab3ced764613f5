"""The database URL and engine."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE = ROOT / "instance" / "getdz.sqlite3"
# A down or hung database must not hang a publish, a sign-in or the version watcher for long. A
# paused server (SIGSTOP, or a partition the kernel still acknowledges) answers nothing, yet no
# error comes: only these bound the wait (serving/live.py reports the database unreachable when the
# watcher's last success is too old, whatever it is waiting on).
CONNECT_TIMEOUT = 3  # seconds to connect, handshake and authenticate included (libpq)
STATEMENT_TIMEOUT_MS = 10_000  # a statement the server runs longer is cancelled by the server
POOL_TIMEOUT = 3  # seconds to wait for a free pooled connection
POSTGRES_CONNECT_ARGS = {
    "connect_timeout": CONNECT_TIMEOUT,
    "options": f"-c statement_timeout={STATEMENT_TIMEOUT_MS}",
    # a dead peer or a dropped route (no RST) is noticed within about 11 s, not the kernel's 2 hours
    "keepalives": 1,
    "keepalives_idle": 5,
    "keepalives_interval": 2,
    "keepalives_count": 3,
    "tcp_user_timeout": 10_000,  # ms that sent data may stay unacknowledged
}


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
        pool_timeout=POOL_TIMEOUT,
        connect_args=dict(POSTGRES_CONNECT_ARGS),
    )
