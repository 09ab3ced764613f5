"""Security headers, a Content-Security-Policy built from Dash's own script hashes, and request
guards so that a malformed request to any Dash endpoint gets a short 4xx, never a 500 or a trace.
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote_to_bytes

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from .endpoints import COMPONENT_SUITES, UPDATE, output_specs

log = logging.getLogger(__name__)

JSON_ENDPOINTS = (UPDATE,)


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


CONTROL = re.compile(rb"[\x00-\x1f\x7f]")


def has_control_characters(path: str, query: bytes) -> bool:
    """A control character (a newline, NUL, escape...) in the decoded path or query: no link of the
    app makes one, and it would reach logs and headers. Refused with 400."""
    return bool(
        CONTROL.search(path.encode("utf-8", "surrogateescape")) or CONTROL.search(unquote_to_bytes(query))
    )


def _is_secure() -> bool:
    return request.is_secure or request.headers.get("X-Forwarded-Proto", "").lower() == "https"


def bad_request(message: str, status: int = 400) -> Response:
    """A short JSON error body; never a stack trace."""
    response = jsonify(error=message)
    response.status_code = status
    return response


def _matches(item: object, spec: dict) -> bool:
    """Does one posted input/state/output entry fit its registered spec?"""
    # a pattern-matching id: a dict, or as Dash's callback map keeps it, its JSON text
    if isinstance(spec.get("id"), dict) or str(spec.get("id")).startswith("{"):
        # ALL arrives as a list, MATCH as one
        entries = item if isinstance(item, list) else [item]
        return all(
            isinstance(e, dict) and isinstance(e.get("id"), dict) and e.get("property") == spec["property"]
            for e in entries
        )
    return (
        isinstance(item, dict) and item.get("id") == spec["id"] and item.get("property") == spec["property"]
    )


def _output_specs(output: str) -> list[dict] | None:
    """The outputs named by a callback's output key; None for wildcards (pattern-matching ids)."""
    return None if "{" in output else output_specs(output)


def _malformed_update(payload: object, callback_map: dict) -> str | None:
    """Why a callback request body does not fit a registered callback, or None if it does.

    Checked here so that Dash never meets a body it would raise on (a 500 in stock Dash)."""
    if not isinstance(payload, dict):
        return "body must be a JSON object"
    output = payload.get("output")
    if not isinstance(output, str) or output not in callback_map:
        return "unknown output"
    spec = callback_map[output]
    inputs, state = payload.get("inputs"), payload.get("state", [])
    if not isinstance(inputs, list) or not isinstance(state, list):
        return "'inputs' and 'state' must be lists"
    if not isinstance(payload.get("changedPropIds"), list) or not all(
        isinstance(x, str) for x in payload["changedPropIds"]
    ):
        return "'changedPropIds' must be a list of strings"
    if len(inputs) != len(spec["inputs"]) or len(state) != len(spec.get("state", [])):
        return "inputs do not match the callback"
    for item, item_spec in zip(inputs + state, spec["inputs"] + spec.get("state", []), strict=False):
        if not _matches(item, item_spec):
            return "inputs do not match the callback"
    outputs = payload.get("outputs")
    expected = _output_specs(output)
    if expected is not None:
        given = outputs if isinstance(outputs, list) else [outputs]
        if output.startswith("..") != isinstance(outputs, list) or len(given) != len(expected):
            return "outputs do not match the callback"
        for item, item_spec in zip(given, expected, strict=False):
            if not (
                isinstance(item, dict)
                and item.get("id") == item_spec["id"]
                and isinstance(item.get("property"), str)
                and item["property"].split("@")[0] == item_spec["property"]
            ):
                return "outputs do not match the callback"
    elif not isinstance(outputs, (list, dict)):
        return "outputs do not match the callback"
    return None


def refuse(reason: str, status: int = 400, answer: str | None = None) -> Response:
    """A malformed request: one log line (route, reason, client address; never a traceback) and a
    short JSON answer (`answer`, else the reason). A 404 is logged at INFO (scanners), anything
    else at WARNING."""
    level = logging.INFO if status == 404 else logging.WARNING
    log.log(
        level,
        "malformed request: %s %s -> %d %s (client %s)",
        request.method,
        request.path[:200],
        status,
        str(reason)[:200],
        request.remote_addr,
    )
    return bad_request(answer or reason, status)


APP_ROOT = str(Path(__file__).resolve().parent.parent)


def raised_in_app(err: BaseException) -> bool:
    """Did `err` come out of this app's own code (a real fault), rather than from Dash or Flask
    refusing the shape of a request the guards let through?"""
    for frame, _ in traceback.walk_tb(err.__traceback__):
        name = frame.f_code.co_filename
        if name.startswith(APP_ROOT) and "site-packages" not in name:
            return True
    return False


def guard_urls(server: Flask) -> None:
    """400 for a control character in the URL, before any other rule looks at it (register first)."""

    @server.before_request
    def _guard_controls():
        if has_control_characters(request.path, request.query_string):
            return refuse("control character in the URL")
        return None


def install_headers(server: Flask, get_csp: callable, force_hsts: bool) -> None:
    """Security headers on every response of `server` (the app, and the 503 app when data fails)."""

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
        if request.path.startswith(COMPONENT_SUITES) and "max-age=31536000" in cache:
            # Dash fingerprints these (`.v4_4_1m<mtime>.js`); shared caches may keep them too
            headers["Cache-Control"] = "public, max-age=31536000, immutable"
        if request.path.startswith("/assets/") and request.args.get("m"):
            # Dash adds ?m=<mtime> to asset URLs, so a new file has a new URL
            headers["Cache-Control"] = "public, max-age=31536000, immutable"
        if response.status_code == 413:  # the body was never read: the connection cannot be reused
            response.headers["Connection"] = "close"
        return response


def install(server: Flask, get_csp: callable, force_hsts: bool) -> None:
    """Headers on every response; guards and error handlers on the Dash endpoints."""

    @server.before_request
    def _guard_update():
        if request.path != UPDATE:
            return None
        if request.method != "POST":
            return refuse("method not allowed", 405)
        if not request.is_json:
            return refuse("expected application/json", 415)
        try:
            payload = request.get_json(silent=True)
        except RecursionError:  # absurdly deep nesting: not from the renderer
            payload = None
        if payload is None:
            return refuse("malformed JSON")
        dash_app = server.config["DASH_APP"]
        reason = _malformed_update(payload, dash_app.callback_map)
        return refuse(reason) if reason else None

    install_headers(server, get_csp, force_hsts)

    @server.errorhandler(HTTPException)
    def _http_error(err: HTTPException):
        return refuse(err.description or err.name, err.code or 400, err.name)

    @server.errorhandler(Exception)
    def _unexpected(err: Exception):
        # A fault in the app's own code is a server error: logged with its traceback, 500. What
        # Dash or Flask raise on a request the guards let through is that request's fault: 4xx
        # and one WARNING line.
        reason = f"{type(err).__name__}: {err}"
        if request.path.startswith(COMPONENT_SUITES) and not raised_in_app(err):
            return refuse(reason, 404, "not found")
        if request.path in JSON_ENDPOINTS and not raised_in_app(err):
            return refuse(reason, 400, "bad request")
        log.exception("request failed: %s %s", request.method, request.path)
        return bad_request("internal error", 500)
