"""The base of every generated absolute URL (the briefing's QR code and link, the workbooks' link
cell), from validated parts only: `GETDZ_PUBLIC_URL` where set; otherwise the request's `Host` only
if it is an allowed name (`GETDZ_ALLOWED_HOSTS`, default: loopback names plus the public URL's
host); otherwise "" (links stay relative). A forged `Host` header never reaches a page."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from .config import Settings, split_host

LOOPBACK_NAMES = ("localhost",)


def is_loopback(host: str) -> bool:
    """`localhost`, `*.localhost`, 127.0.0.0/8 or ::1."""
    if host in LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def host_allowed(settings: Settings, host: str) -> bool:
    """May `host` (lower-case name, no port) appear in a generated absolute URL?"""
    public = urlsplit(settings.public_url).hostname if settings.public_url else None
    if host == public or host in settings.allowed_hosts:
        return True
    return not settings.allowed_hosts and is_loopback(host)


def base_url(settings: Settings, host_header: str | None, scheme: str = "http") -> str:
    """The root URL (ending in `/`) to build absolute links on, or "" for relative links."""
    if settings.public_url:
        return settings.public_url
    parsed = split_host(host_header or "")
    if parsed is None or scheme not in ("http", "https") or not host_allowed(settings, parsed[0]):
        return ""
    host, port = parsed
    return f"{scheme}://{host}{':' + port if port else ''}/"


def request_base_url(settings: Settings) -> str:
    """`base_url` for the current Flask request ("" outside a request)."""
    from flask import has_request_context, request

    if not has_request_context():
        return ""
    return base_url(settings, request.headers.get("Host"), request.scheme)
