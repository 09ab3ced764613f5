"""Following the current dataset version without a restart.

A `Holder` keeps the current `Snapshot` (version number, checksum, Context). A daemon thread per
process asks the store for the current version number (one cheap query) at most every
`interval` seconds; on a change it loads and validates the new version and builds its Context off
the request path, then swaps the reference (one assignment: atomic). Requests never query the
database.

Each request pins the snapshot it started with (`pin`, a Flask `before_request`), and callbacks
are handed a `LiveContext`: a thin proxy whose attribute access resolves to the pinned Context,
so no request sees a mix of two versions. Its hash and equality are those of the pinned version's
content checksum, so caches keyed by the context (`lru_cache` on `ctx`) are keyed by version.

gunicorn preloads the app in its master and forks workers; threads do not survive a fork, so
`gunicorn.conf.py: post_fork` calls `start_watchers()` in each worker, which first disposes of
the engine's inherited connections. Without gunicorn (the tests' in-process servers) the first
request starts the watcher.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, g, has_request_context
from sqlalchemy.exc import SQLAlchemyError

import store

log = logging.getLogger(__name__)

INTERVAL = 5.0  # seconds between two checks of the current version number
# The database counts as unreachable when the watcher's last successful check is older than this: a
# paused or partitioned server raises nothing, the watcher just waits (store/db.py bounds what it can).
STALE_SECONDS = 15.0
_HOLDERS: list[Holder] = []
# Set in gunicorn's master (gunicorn.conf.py: when_ready): the watchers start in each worker after the
# fork (post_fork), not on the first request. Whether gunicorn is imported, or gunicorn.conf.py is
# read, says nothing: tests do both in-process.
STARTED_AFTER_FORK = False


@dataclass(frozen=True)
class Snapshot:
    number: int
    checksum: str
    ctx: object  # components.context.Context


class Holder:
    """The current snapshot of one app, and the thread that follows the store."""

    def __init__(self, engine, initial: Snapshot, build: Callable, interval: float = INTERVAL):
        self.engine = engine
        self.current = initial
        self.build = build  # Dataset -> Context
        self.interval = interval
        self.db_ok = True
        self.checked_at = time.time()
        self.last_ok = time.monotonic()  # the last successful check (monotonic clock)
        self._failed: int | None = None  # a version that failed to load: not retried every 5 s
        self._pid: int | None = None
        self._stop = threading.Event()
        _HOLDERS.append(self)

    def refresh(self) -> bool:
        """Check the current version number; load and swap in a newer one. Never raises."""
        try:
            number = store.current_number(self.engine)
        except SQLAlchemyError as exc:
            if self.db_ok:
                log.warning("database unreachable, serving version %s: %s", self.current.number, _first(exc))
            self.db_ok = False
            return False
        if not self.db_ok:
            log.info("database reachable again")
        self.db_ok, self.checked_at, self.last_ok = True, time.time(), time.monotonic()
        if number is None or number == self.current.number or number == self._failed:
            return False
        started = time.monotonic()
        try:
            loaded = store.load_version(self.engine, number)
            snapshot = Snapshot(loaded.number, loaded.checksum, self.build(loaded.dataset))
        except SQLAlchemyError as exc:
            self.db_ok = False
            log.warning("database unreachable while loading version %s: %s", number, _first(exc))
            return False
        except Exception:  # an invalid version (rules changed since it was published): keep serving
            self._failed = number
            log.exception("version %s failed to load; still serving version %s", number, self.current.number)
            return False
        self.current = snapshot  # the swap: one reference assignment
        log.info(
            "data version %s now current (was checked in %.0f ms)",
            number,
            1000 * (time.monotonic() - started),
        )
        return True

    def last_success_age(self) -> float:
        """Seconds since the watcher last reached the database."""
        return time.monotonic() - self.last_ok

    def reachable(self, max_age: float = STALE_SECONDS) -> bool:
        """Is the database answering? False after a failed check, and when the last success is older
        than `max_age` (a hung server: the watcher is still waiting). Never queries: for `/healthz`,
        and for routes that must fail fast instead of waiting on the database (sign-ins)."""
        return self.db_ok and self.last_success_age() <= max_age

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.refresh()

    def start(self) -> None:
        """Start following the store in this process (once per process; a fork starts afresh)."""
        if self._pid == os.getpid():
            return
        self._pid = os.getpid()
        self._stop = threading.Event()
        self.engine.dispose(close=False)  # connections inherited from a parent belong to it
        self.refresh()  # a worker forked long after boot starts on the current version
        threading.Thread(target=self._run, name="getdz-version-watcher", daemon=True).start()

    def stop(self) -> None:
        self._stop.set()

    def pinned(self) -> Snapshot:
        """The snapshot this request started with (the current one outside a request)."""
        if has_request_context():
            snap = g.get("getdz_snapshot")
            if snap is not None:
                return snap
        return self.current

    def install(self, server: Flask) -> None:
        """Pin the current snapshot for each request (and start the watcher outside gunicorn)."""

        @server.before_request
        def pin():
            if not STARTED_AFTER_FORK and self._pid != os.getpid():
                self.start()
            g.getdz_snapshot = self.current


def start_watchers() -> None:
    """In each gunicorn worker, after the fork (`gunicorn.conf.py: post_fork`)."""
    for holder in _HOLDERS:
        holder.start()


def _first(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class LiveContext:
    """Stands for the Context of the version the current request pinned."""

    __slots__ = ("_holder",)

    def __init__(self, holder: Holder):
        object.__setattr__(self, "_holder", holder)

    def __getattr__(self, name):
        return getattr(self._holder.pinned().ctx, name)

    def __setattr__(self, name, value):
        raise AttributeError("the context is read-only")

    def __hash__(self) -> int:
        return hash(("getdz-version", self._holder.pinned().checksum))

    def __eq__(self, other) -> bool:
        if isinstance(other, LiveContext):
            return self._holder.pinned().checksum == other._holder.pinned().checksum
        return NotImplemented

    def __repr__(self) -> str:
        snap = self._holder.pinned()
        return f"<LiveContext version {snap.number} {snap.checksum[:12]}>"
