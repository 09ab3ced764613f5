"""`/healthz`: 200 with the data version and build id; 503 `unavailable` (and how many problems)
when the data failed to load."""

from __future__ import annotations

from flask import Flask, jsonify


def install(server: Flask, status: callable) -> None:
    """`status()` returns (ok, details); the route never raises."""

    @server.get("/healthz")
    def healthz():
        ok, details = status()
        response = jsonify(status="ok" if ok else "unavailable", **details)
        response.status_code = 200 if ok else 503
        response.headers["Cache-Control"] = "no-store"
        return response
