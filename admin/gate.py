"""Who may see what: who a request comes from, and the closed mode (`GETDZ_REQUIRE_SIGNIN=1`).

A request is signed in by the /admin session cookie, or, with `GETDZ_TRUSTED_USER_HEADER`, by an
intranet single sign-on proxy naming the user in that header; the header is believed only from a
peer in FORWARDED_ALLOW_IPS (serving/access.py) and names an account that must exist and be
active (an admin grants its role). A request carrying the header from any other peer is refused
with one log line.

In the closed mode a `before_request` on the whole server, registered before any route or cached
answer can respond, lets through only signed-in requests (viewer and up), `/healthz` (which then
says nothing of the data to anyone else: `health_body`), the stylesheets of `/assets/` (the
sign-in page's look; no data) and /admin (its own guard: sign-in).
Anything else asked anonymously gets the sign-in page (a page of the route table, by a 303) or a
short 401 (files, downloads, variants, Dash's layout, dependencies and callbacks, assets): a new
route is closed too, without being listed here. Answers are `private` to caches (never `public`).
The default (open) mode installs nothing.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from urllib.parse import quote

from flask import Flask, Response, g, jsonify, redirect, request
from itsdangerous import BadData
from sqlalchemy.exc import SQLAlchemyError

from components import layout
from serving import access
from serving.routes import SHELL_RULES, is_page
from store import editors

from . import strings as S
from .web import database_down, deps

log = logging.getLogger("getdz.admin")

COOKIE = "getdz_admin"  # the session cookie (admin/auth.py sets it)
INTERNAL = access.INTERNAL
OPEN_PATHS = ("/healthz",)
OPEN_STYLES = ("/assets/", ".css")  # the sign-in page's stylesheets: style only, never data
HEALTH_DATA_KEYS = ("data_version", "checksum", "as_of")  # kept from anonymous /healthz when closed


@dataclass(frozen=True)
class Viewer:
    user: str
    role: str
    via: str  # "session" or "header"


class Refused(Exception):
    """The request names a user it may not (`why` for the log, `text` key for the page)."""

    def __init__(self, why: str, text: str):
        super().__init__(why)
        self.why, self.text = why, text


class Unreachable(SQLAlchemyError):
    """The database is known to be down: not asked again (no thread waits on it)."""


class Lookups:
    """Identities looked up in the store, kept FRESH seconds per process, so a page's dozens of
    requests (assets, callbacks) cost one query. While the database fails or is known to be down
    (`down`), the last answer is used, and a request with none is refused at once."""

    FRESH = 10.0
    SIZE = 10_000

    def __init__(self):
        self.entries: dict = {}
        self.lock = threading.Lock()

    def get(self, key, load, down: bool = False):
        now = time.monotonic()
        hit = self.entries.get(key)
        if hit is not None and (down or now - hit[1] < self.FRESH):
            return hit[0]
        if down:
            raise Unreachable("the database is down (known from an earlier failure)")
        try:
            value = load()
        except SQLAlchemyError:
            if hit is not None:
                return hit[0]
            raise
        with self.lock:
            if len(self.entries) >= self.SIZE:
                self.entries.clear()
            self.entries[key] = (value, now)
        return value

    def forget(self, key) -> None:
        self.entries.pop(key, None)


def header_name() -> str | None:
    """The user a trusted single sign-on proxy names (case-folded), or None; raises Refused when
    the header comes from a peer that is not a trusted proxy."""
    d = deps()
    name, spoofed = access.header_user(request.environ, d.user_header, d.proxies)
    if spoofed:
        raise Refused(f"{d.user_header} from an untrusted address", "header_untrusted")
    if name is None:
        return None
    folded = editors.fold(name)
    if not editors.NAME.match(folded):  # never a control character or NUL into a query or a log
        raise Refused(f"malformed {d.user_header} ({len(name)} characters)", "header_unknown")
    return folded


def token_of_cookie() -> str | None:
    raw = request.cookies.get(COOKIE)
    if not raw:
        return None
    try:
        token = deps().signer.loads(raw, max_age=editors.SESSION_HOURS * 3600)
    except BadData:  # forged, or older than the session lifetime
        return None
    return token if isinstance(token, str) else None


def identify(lookups: Lookups | None = None) -> Viewer | None:
    """Who the request comes from (None: anonymous). Raises Refused for a header from an untrusted
    peer or naming no active account. `lookups` caches the store's answers (the closed mode)."""
    d = deps()

    def load(key, fetch):
        return lookups.get(key, fetch, database_down()) if lookups is not None else fetch()

    name = header_name()
    if name is not None:
        role = load(("user", name), lambda: editors.role_of(d.engine, name))
        if role is None:
            raise Refused(f"header user {name!r} has no active account", "header_unknown")
        return Viewer(name, role, "header")
    token = token_of_cookie()
    if token is None:
        return None
    session = load(("session", token), lambda: editors.get_session(d.engine, token))
    return None if session is None else Viewer(session.user, session.role, "session")


def safe_next(target: str) -> str | None:
    """A path of this site to return to after signing in (never another host: no `//`, no `\\`,
    no scheme, no control character), else None."""
    if (
        not target.startswith("/")
        or target.startswith(("//", "/\\", "/admin/signin"))
        or "\\" in target
        or any(ord(c) < 32 or ord(c) == 127 for c in target)
        or len(target) > 2000
    ):
        return None
    return target


def refusal(status: int, text_key: str, why: str) -> Response:
    log.warning(
        "closed: %s %s refused (%s) from %s",
        request.method,
        request.path[:200],
        why,
        access.client_address(request.environ, deps().proxies),
    )
    lang = "en" if request.args.get("lang") == "en" else "zh"
    response = jsonify(error=S.t(text_key, lang))
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


def install(server: Flask, pages) -> None:
    """Close the whole server to anonymous requests (GETDZ_REQUIRE_SIGNIN=1). Call before any
    other `before_request` that can answer (the router's replayed answers)."""
    lookups = Lookups()
    pages = tuple(pages)
    server.config[layout.SIGNED_IN_ONLY] = True  # every page is drawn for a signed-in viewer
    server.extensions["getdz_lookups"] = lookups

    @server.before_request
    def _closed():
        g.getdz_viewer = None
        if request.environ.get(INTERNAL) or request.blueprint == "admin":
            return None  # the master's warm-up; /admin has its own guard
        if request.path in OPEN_PATHS:  # answered to anyone; the data only to the signed-in
            try:
                g.getdz_viewer = identify(lookups)
            except (Refused, SQLAlchemyError):
                pass
            return None
        try:
            g.getdz_viewer = identify(lookups)
        except Refused as err:
            return refusal(403, err.text, err.why)
        except SQLAlchemyError as err:
            if not isinstance(err, Unreachable):
                deps().breaker.failed()  # the next requests without a known identity fail fast
            reason = str(getattr(err, "orig", None) or err).strip().splitlines()[0][:200]
            return refusal(503, "database", f"database unavailable: {reason}")
        if g.getdz_viewer is not None:
            return None
        if request.path.startswith(OPEN_STYLES[0]) and request.path.endswith(OPEN_STYLES[1]):
            return None
        rule = request.url_rule
        shell = rule is not None and rule.rule in SHELL_RULES
        if request.method == "GET" and shell and is_page(request.path, pages):
            target = safe_next(request.full_path.rstrip("?")) or "/"
            response = redirect("/admin/signin?next=" + quote(target, safe="/"), 303)
            response.headers["Cache-Control"] = "no-store"
            return response
        return refusal(401, "signin_required", "not signed in")

    @server.after_request
    def _private(response: Response) -> Response:
        # Registered first, so it runs last: what a signed-in user was answered may be kept by
        # the browser, never by a shared cache (the variants and assets are "public" otherwise).
        cache = response.headers.get("Cache-Control", "")
        if "public" in cache:
            response.headers["Cache-Control"] = cache.replace("public", "private")
        return response


def health_body(body: dict) -> dict:
    """/healthz in the closed mode: without the data's version, checksum and date for anyone not
    signed in (`g.getdz_viewer`, set by the gate)."""
    if g.get("getdz_viewer") is not None:
        return body
    return {k: v for k, v in body.items() if k not in HEALTH_DATA_KEYS}
