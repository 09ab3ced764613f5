"""`/healthz`: 200 with the data version and build id, 503 when the data failed to load.

With the dataset store: the version number and checksum this process serves, and `"db": "ok"` or
`"unreachable"` (from the version watcher's last check, so the route never waits on the database and
a database outage does not fail every instance's health check): unreachable after a failed check, or
when the last successful one is older than `live.STALE_SECONDS` (a hung server raises nothing).
"""

from __future__ import annotations

import os

from flask import Flask, jsonify

# Hosts whose filesystem is wiped on restart: an embedded SQLite file would lose every publish.
RESTARTING_HOSTS = ("DYNO", "RENDER", "FLY_APP_NAME", "K_SERVICE")


def details(build_id: str, dataset, holder=None, env=None) -> dict:
    """The body of `/healthz` (besides `status`); `holder` is the version watcher's, if any."""
    env = os.environ if env is None else env
    if holder is None:
        return {"data_version": dataset.version, "build_id": build_id, "as_of": dataset.as_of}
    snap = holder.current
    body = {
        "data_version": snap.ctx.dataset.version,
        "version": snap.number,
        "checksum": snap.checksum[:12],
        "build_id": build_id,
        "as_of": snap.ctx.dataset.as_of,
        "db": "ok" if holder.reachable() else "unreachable",
        "db_checked_s_ago": round(holder.last_success_age(), 1),
        "store": holder.engine.dialect.name,
    }
    if body["store"] == "sqlite" and any(env.get(k) for k in RESTARTING_HOSTS):
        body["warning"] = "SQLite on a host that restarts: publishes are lost; set DATABASE_URL"
    return body


def install(server: Flask, status: callable) -> None:
    """`status()` returns (ok, details); the route never raises."""

    @server.get("/healthz")
    def healthz():
        ok, details = status()
        response = jsonify(status="ok" if ok else "unavailable", **details)
        response.status_code = 200 if ok else 503
        response.headers["Cache-Control"] = "no-store"
        return response
