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
