"""Warm the app in gunicorn's master before it forks the workers (`gunicorn.conf.py: when_ready`).

The first render of a page imports and builds a lot lazily (plotly validators, narwhals, Dash's
setup), about a second of CPU. Done once in the preloading master, every worker inherits the result
(copy-on-write: shared memory, no per-worker cost) and no user's first request pays for it. Only
the pages are rendered here, never static files: their compression runs in threads, which do not
survive a fork."""

from __future__ import annotations

import logging
import time

from flask import Flask

from .endpoints import DEPENDENCIES, UPDATE, location_callbacks, router_body

log = logging.getLogger(__name__)


def warm(
    server: Flask,
    paths: tuple[str, ...] = ("/", "/present", "/wall", "/briefing"),
    searches: tuple[str, ...] = ("",),
) -> dict:
    """Render the index and every page once in-process (the pages land in the router's cache, which
    the workers inherit); never raises (a failure only logs)."""
    started = time.monotonic()
    done = 0
    try:
        client = server.test_client()
        headers = {"Accept-Encoding": "identity"}
        client.get("/", headers=headers)
        deps = client.get(DEPENDENCIES, headers=headers).get_json() or []
        for dep in location_callbacks(deps):
            for path in paths:
                for search in searches:
                    response = client.post(UPDATE, json=router_body(dep, path, search), headers=headers)
                    done += response.status_code in (200, 204)
    except Exception:  # warming is an optimisation: never stop the boot for it
        log.warning("warm-up failed", exc_info=True)
    seconds = round(time.monotonic() - started, 2)
    log.info("warm-up: %d page renders in %.2f s", done, seconds)
    return {"renders": done, "seconds": seconds}
