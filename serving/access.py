"""Who is asking: the client's address behind a trusted proxy only, by gunicorn's rule.

`X-Forwarded-For` (and a single sign-on proxy's user header) is believed only when the peer, the
address the connection comes from, is in `FORWARDED_ALLOW_IPS` (comma-separated addresses or
networks, `*` for any; default `127.0.0.1` as in gunicorn.conf.py). From anyone else the header
is ignored, so a spoofed address cannot dodge a throttle or lock another address out.
"""

from __future__ import annotations

import ipaddress
import os

DEFAULT_ALLOW = "127.0.0.1"
# A WSGI environ key only in-process clients set (the master's warm-up, serving/warmup.py): no
# HTTP header can produce it (headers arrive as HTTP_*), so the closed mode lets it through.
INTERNAL = "getdz.internal"


def proxies(value: str | None = None):
    """The trusted proxies: "*" (any peer) or a tuple of networks."""
    value = os.environ.get("FORWARDED_ALLOW_IPS", DEFAULT_ALLOW) if value is None else value
    parts = [p.strip() for p in value.split(",") if p.strip()]
    if "*" in parts:
        return "*"
    networks = []
    for part in parts:
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            continue  # gunicorn refuses to start on a bad entry; here it trusts nothing more
    return tuple(networks)


def trusted(peer: str | None, allowed) -> bool:
    if allowed == "*":
        return True
    try:
        address = ipaddress.ip_address((peer or "").strip())
    except ValueError:
        return False
    return any(address in network for network in allowed)


def client_address(wsgi: dict, allowed) -> str:
    """The peer's address, or the last `X-Forwarded-For` entry (what the proxy appended) when the
    peer is a trusted proxy. At most 64 characters; "-" when unknown."""
    peer = wsgi.get("REMOTE_ADDR") or ""  # `wsgi`: the request's WSGI environ
    forwarded = wsgi.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and trusted(peer, allowed):
        peer = forwarded.split(",")[-1].strip()
    return peer[:64] or "-"


def header_user(wsgi: dict, header: str, allowed) -> tuple[str | None, bool]:
    """(the user a single sign-on proxy names in `header`, whether that header came from a peer
    that is not a trusted proxy). The name is believed only from a peer in FORWARDED_ALLOW_IPS,
    by the same rule as X-Forwarded-For; from anyone else it is (None, True)."""
    if not header:
        return None, False
    value = wsgi.get("HTTP_" + header.upper().replace("-", "_"), "")
    if not value.strip():
        return None, False
    if not trusted(wsgi.get("REMOTE_ADDR"), allowed):
        return None, True
    return value.strip(), False
