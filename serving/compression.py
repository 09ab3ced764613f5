"""Compressed responses without recompressing the same large file on every request.

Static files (Dash's component bundles and `/assets/`) never change while a process runs, so each
is compressed once: a fast brotli level for the first request, then the best level (quality 11,
about 30% smaller than gzip) in a background thread, kept in memory and, when a cache directory is
set, on disk so that sibling workers and restarts reuse it. Dynamic JSON (callbacks, layout) is
compressed per response at a fast level.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gzip
import hashlib
import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import brotli
from flask import Flask, Request, Response, request

log = logging.getLogger(__name__)

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")
STATIC_PREFIXES = ("/_dash-component-suites/", "/assets/")
MIN_SIZE = 1024


def choose_encoding(accept_encoding: str) -> str | None:
    """Pick br or gzip from an Accept-Encoding header (q=0 means refused)."""
    offered: dict[str, float] = {}
    for part in accept_encoding.lower().split(","):
        name, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        offered[name.strip()] = q
    for name in ("br", "gzip"):
        if offered.get(name, 0.0) > 0:
            return name
    return None


def compress(data: bytes, encoding: str, best: bool) -> bytes:
    """Compress with brotli or gzip; `best` trades CPU for the smallest result."""
    if encoding == "br":
        return brotli.compress(data, quality=11 if best else 5)
    return gzip.compress(data, compresslevel=9 if best else 6, mtime=0)


class StaticCompressor:
    """Memory (and optional disk) cache of compressed static bodies keyed by content hash."""

    def __init__(self, cache_dir: str | None = None, upgrade: bool = True):
        self._memory: dict[tuple[str, str], tuple[bytes, bool]] = {}
        self._lock = threading.Lock()
        self._pending: set[tuple[str, str]] = set()
        self._dir = Path(cache_dir) if cache_dir else None
        self._upgrade = upgrade
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="precompress")
        # gunicorn forks workers from a preloaded master: threads do not survive a fork, so a
        # child starts its own pool and forgets upgrades the parent had queued.
        os.register_at_fork(after_in_child=self._after_fork)

    def _after_fork(self) -> None:
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="precompress")
        self._pending.clear()
        self._memory = {k: v for k, v in self._memory.items() if v[1]}  # keep only best-level bodies

    def get(self, body: bytes, encoding: str) -> bytes:
        """The compressed body: cached best if available, else a fast one now (best later)."""
        key = (hashlib.sha256(body).hexdigest()[:32], encoding)
        with self._lock:
            hit = self._memory.get(key)
        if hit is not None:
            return hit[0]
        disk = self._read_disk(key)
        if disk is not None:
            with self._lock:
                self._memory[key] = (disk, True)
            return disk
        fast = compress(body, encoding, best=not self._upgrade)
        with self._lock:
            self._memory[key] = (fast, not self._upgrade)
            schedule = self._upgrade and key not in self._pending
            if schedule:
                self._pending.add(key)
        if schedule:
            self._pool.submit(self._make_best, key, body)
        return fast

    def wait(self) -> None:
        """Block until queued best-level compressions are done (tests, warm-up)."""
        self._pool.submit(lambda: None).result()

    def _make_best(self, key: tuple[str, str], body: bytes) -> None:
        best = compress(body, key[1], best=True)
        _trim_heap()  # brotli-11 works in tens of MB; hand them back to the OS
        with self._lock:
            self._memory[key] = (best, True)
            self._pending.discard(key)
        self._write_disk(key, best)

    def _path(self, key: tuple[str, str]) -> Path | None:
        return self._dir / f"{key[0]}.{key[1]}" if self._dir else None

    def _read_disk(self, key):
        path = self._path(key)
        try:
            return path.read_bytes() if path else None
        except OSError:
            return None

    def _write_disk(self, key, data: bytes) -> None:
        path = self._path(key)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(data)
            os.replace(tmp, path)  # atomic, so a sibling worker never reads half a file
        except OSError as err:
            log.warning("static cache not writable: %s", err)


def _trim_heap() -> None:
    try:
        _LIBC.malloc_trim(0)
    except AttributeError:  # not glibc
        pass


def _load_libc():
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None


_LIBC = _load_libc()


def _compressible(response: Response, req: Request) -> bool:
    return (
        req.method in ("GET", "POST")  # POST: callback responses, the largest dynamic bodies
        and response.status_code == 200
        and "Content-Encoding" not in response.headers
        and (response.mimetype or "").startswith(COMPRESSIBLE)
    )


def install(server: Flask, cache_dir: str | None, upgrade: bool = True) -> StaticCompressor:
    """Add compression to every compressible response of `server`."""
    static = StaticCompressor(cache_dir, upgrade)
    server.extensions["getdz_static_compressor"] = static  # tests and warm-up reach it here

    @server.after_request
    def _compress(response: Response) -> Response:
        response.vary.add("Accept-Encoding")
        if not _compressible(response, request):
            return response
        encoding = choose_encoding(request.headers.get("Accept-Encoding", ""))
        if encoding is None:
            return response
        response.direct_passthrough = False
        body = response.get_data()
        if len(body) < MIN_SIZE:
            return response
        if request.path.startswith(STATIC_PREFIXES):
            data = static.get(body, encoding)
        else:
            data = compress(body, encoding, best=False)
        response.set_data(data)
        response.headers["Content-Encoding"] = encoding
        if response.headers.get("ETag"):
            # a strong ETag names the identity bytes; the encoded variant gets its own
            etag, weak = response.get_etag()
            if etag:
                response.set_etag(f"{etag}-{encoding}", weak=weak)
        return response

    return static
