"""Warm the app in gunicorn's master before it forks the workers (`gunicorn.conf.py: when_ready`).

The first render of a page imports and builds a lot lazily (plotly validators, narwhals, Dash's
setup), about a second of CPU. Done once in the preloading master, every worker inherits the result
(copy-on-write: shared memory, no per-worker cost) and no user's first request pays for it. Only
the pages are rendered here, never static files: their compression runs in threads, which do not
survive a fork.

`prepare_fork` then keeps what the workers inherit shared: it freezes the master's objects out of the
garbage collector's reach (a full collection in a worker otherwise writes to every object's header
and copies each page it touches: measured 50 MB per worker) and makes glibc return large freed
blocks to the system (a worker's transient page and figure buffers otherwise stay in its heap)."""

from __future__ import annotations

import ctypes
import gc
import logging
import os
import threading
import time

from flask import Flask

from .access import INTERNAL
from .endpoints import DEPENDENCIES, UPDATE, location_callbacks, router_body

log = logging.getLogger(__name__)

M_MMAP_THRESHOLD = -3  # glibc's mallopt() parameter (malloc.h)
# Blocks from this size up are mmap'ed, and unmapped when freed. glibc's threshold starts at 128 KiB
# but rises to the largest block freed so far (up to 32 MiB), so a worker's heap keeps the peak of
# its transient buffers. Measured over 10,000 callbacks (2 workers): 128 KiB kept 5 MB less per
# worker but cost about a third more CPU per callback (mmap churn); 1 MiB keeps 3.5 MB less at no
# measurable CPU cost.
MMAP_THRESHOLD = 1024 * 1024
BROWSERS_ENCODINGS = "gzip, deflate, br, zstd"  # what Chrome and Firefox send


def warm(
    server: Flask,
    paths: tuple[str, ...] = ("/", "/present", "/wall", "/briefing"),
    searches: tuple[str, ...] = ("",),
) -> dict:
    """Render the index and every page once in-process (the pages land in the router's cache, and
    their answers, as is and compressed as browsers ask, in its answer cache: the workers inherit
    both); never raises (a failure only logs)."""
    started = time.monotonic()
    done = 0
    try:
        client = server.test_client()
        client.environ_base[INTERNAL] = True  # past the closed mode's gate (admin/gate.py)
        headers = {"Accept-Encoding": "identity"}
        client.get("/", headers=headers)
        deps = client.get(DEPENDENCIES, headers=headers).get_json() or []
        for dep in location_callbacks(deps):
            for path in paths:
                for search in searches:
                    for encoding in ("identity", BROWSERS_ENCODINGS):
                        response = client.post(
                            UPDATE,
                            json=router_body(dep, path, search),
                            headers={"Accept-Encoding": encoding},
                        )
                    done += response.status_code in (200, 204)
    except Exception:  # warming is an optimisation: never stop the boot for it
        log.warning("warm-up failed", exc_info=True)
    seconds = round(time.monotonic() - started, 2)
    log.info("warm-up: %d page renders in %.2f s", done, seconds)
    return {"renders": done, "seconds": seconds}


def warm_in_background(server: Flask) -> threading.Thread:
    """In a worker, just after the fork: fetch once, in a background thread, the answers the app
    asked to have ready (`server.extensions["getdz_warm_gets"]`: (path, Accept-Encoding), e.g. the
    filters' variants, about a second of CPU). Done here rather than in the master's warm-up, so the
    boot does not wait for them; never raises (a failure only logs)."""

    def run():
        try:
            client = server.test_client()
            client.environ_base[INTERNAL] = True
            for path, encoding in server.extensions.get("getdz_warm_gets", ()):
                client.get(path, headers={"Accept-Encoding": encoding})
        except Exception:
            log.warning("background warm-up failed", exc_info=True)

    thread = threading.Thread(target=run, name="getdz-warm", daemon=True)
    thread.start()
    return thread


def prepare_fork(mmap_threshold: int = MMAP_THRESHOLD) -> dict:
    """In the master, after the warm-up and before the workers are forked (`gunicorn.conf.py:
    when_ready`): freeze the garbage collector's view of every object alive now (the workers'
    collections then never touch them, `gc.freeze`) and fix glibc's mmap threshold (inherited by the
    workers). Returns what was done."""
    gc.collect()  # what is garbage now is freed once, here, not kept frozen in every worker
    gc.freeze()
    done = {"frozen": gc.get_freeze_count(), "mmap_threshold": fix_mmap_threshold(mmap_threshold)}
    log.info("before fork: %d objects frozen, mmap threshold %s", done["frozen"], done["mmap_threshold"])
    return done


def fix_mmap_threshold(size: int) -> int | None:
    """Set glibc's `M_MMAP_THRESHOLD` to `size` (which also stops it from rising); the size set, or None
    where the C library is not glibc or refuses."""
    try:
        if not (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc"):
            return None
        libc = ctypes.CDLL(None)
        return size if libc.mallopt(M_MMAP_THRESHOLD, size) == 1 else None
    except (ValueError, OSError, AttributeError):  # no confstr name, no libc, no mallopt
        return None
