"""Security headers, a Content-Security-Policy built from Dash's own script hashes, and request
guards so that a malformed request to any Dash endpoint gets a short 4xx, never a 500 or a trace.
"""

from __future__ import annotations

import logging
from typing import Iterable

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

UPDATE_PATH = "/_dash-update-component"
JSON_ENDPOINTS = (UPDATE_PATH,)


def content_security_policy(script_hashes: Iterable[str], frame_ancestors: str) -> str:
    """The CSP: only this host's scripts (plus Dash's inline bootstrap by hash), no external hosts."""
    scripts = " ".join(["'self'", *script_hashes])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            # dash-renderer, dcc and plotly.js inject <style> elements at run time
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            f"frame-ancestors {frame_ancestors}",
        ]
    )


def _is_secure() -> bool:
    return request.is_secure or request.headers.get("X-Forwarded-Proto", "").lower() == "https"


def bad_request(message: str, status: int = 400) -> Response:
    """A short JSON error body; never a stack trace."""
    response = jsonify(error=message)
    response.status_code = status
    return response


def _malformed_update(payload: object, known_outputs: set[str]) -> str | None:
    """Why a callback request body is malformed, or None if its shape is acceptable."""
    if not isinstance(payload, dict):
        return "body must be a JSON object"
    output = payload.get("output")
    if not isinstance(output, str) or output not in known_outputs:
        return "unknown output"
    for key in ("inputs", "changedPropIds"):
        if not isinstance(payload.get(key), list):
            return f"'{key}' must be a list"
    if "state" in payload and not isinstance(payload["state"], list):
        return "'state' must be a list"
    for item in payload["inputs"] + payload.get("state", []):
        if isinstance(item, list):  # pattern-matching (ALL) inputs arrive as lists
            if not all(isinstance(sub, dict) and "id" in sub and "property" in sub for sub in item):
                return "malformed input"
        elif not (isinstance(item, dict) and "id" in item and "property" in item):
            return "malformed input"
    return None


def install(server: Flask, get_csp: callable, force_hsts: bool) -> None:
    """Headers on every response; guards and error handlers on the Dash endpoints."""

    @server.before_request
    def _guard_update():
        if request.path != UPDATE_PATH:
            return None
        if request.method != "POST":
            return bad_request("method not allowed", 405)
        if not request.is_json:
            return bad_request("expected application/json", 415)
        try:
            payload = request.get_json(silent=True)
        except RecursionError:  # absurdly deep nesting: not from the renderer
            payload = None
        if payload is None:
            return bad_request("malformed JSON")
        dash_app = server.config["DASH_APP"]
        reason = _malformed_update(payload, set(dash_app.callback_map))
        return bad_request(reason) if reason else None

    @server.after_request
    def _headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("Content-Security-Policy", get_csp())
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if force_hsts or _is_secure():
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        cache = headers.get("Cache-Control", "")
        if request.path.startswith("/_dash-component-suites/") and "max-age=31536000" in cache:
            # Dash fingerprints these (`.v4_4_1m<mtime>.js`); shared caches may keep them too
            headers["Cache-Control"] = "public, max-age=31536000, immutable"
        if request.path.startswith("/assets/") and request.args.get("m"):
            # Dash adds ?m=<mtime> to asset URLs, so a new file has a new URL
            headers["Cache-Control"] = "public, max-age=31536000, immutable"
        return response

    @server.errorhandler(HTTPException)
    def _http_error(err: HTTPException):
        return bad_request(err.description or err.name, err.code or 400)

    @server.errorhandler(Exception)
    def _unexpected(err: Exception):
        # Callbacks validate their inputs, so what reaches here came from a request the app
        # cannot make sense of: log it with the trace, answer briefly.
        log.exception("request failed: %s %s", request.method, request.path)
        if request.path.startswith("/_dash-component-suites/"):
            return bad_request("not found", 404)
        if request.path in JSON_ENDPOINTS:
            return bad_request("bad request", 400)
        return bad_request("internal error", 500)
