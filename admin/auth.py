"""Sign-in, sign-out and the guard every /admin request passes.

Every route checks the session on the server (a signed cookie holding a random token whose hash
is looked up in the database: forged, expired, signed-out or disabled sessions match nothing).
Every POST must come from this site (Origin or Referer) and carry the session's CSRF token.
"""

from __future__ import annotations

import hmac
import logging
import re
import secrets
from urllib.parse import urlparse

from flask import g, redirect, request, url_for
from itsdangerous import BadData
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import RequestEntityTooLarge

from store import audit, editors, throttle

from . import strings as S
from .web import (
    bp,
    client_address,
    database_down,
    deps,
    go,
    lang,
    message,
    page,
    refuse,
    secure,
)

log = logging.getLogger("getdz.admin")

COOKIE = "getdz_admin"
PRE_COOKIE = "getdz_admin_pre"  # the sign-in form's CSRF token (before there is a session)
MAX_AGE = editors.SESSION_HOURS * 3600
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def same_origin() -> bool:
    """The POST comes from a page of this host (Origin, else Referer; neither: refused)."""
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    return bool(source) and source != "null" and urlparse(source).netloc == request.host


def session_from_cookie():
    raw = request.cookies.get(COOKIE)
    if not raw:
        return None
    try:
        token = deps().signer.loads(raw, max_age=MAX_AGE)
    except BadData:  # forged, or older than the session lifetime
        return None
    return editors.get_session(deps().engine, token) if isinstance(token, str) else None


@bp.before_request
def guard():
    g.admin_session = None
    if request.endpoint in ("admin.static", "admin.bare"):
        return None
    d = deps()
    if d.engine is None or not d.secret_key:
        return page("setup.html", 503, no_store=d.engine is None)
    if request.endpoint == "admin.upload_route":
        from .publishing import UPLOAD_CAP

        request.max_content_length = UPLOAD_CAP
    if request.method == "POST" and not same_origin():
        return refuse(403, "cross-site")
    if request.endpoint == "admin.signin":
        return None
    g.admin_session = session_from_cookie()
    if g.admin_session is None:
        if request.method == "GET":
            return redirect(url_for("admin.signin", lang=request.args.get("lang")), 303)
        return refuse(401, "no session")
    d.breaker.reset()  # the database answered
    if request.method == "POST":
        token = request.form.get("csrf", "")
        if not hmac.compare_digest(token.encode(), g.admin_session.csrf.encode()):
            return refuse(403, "csrf")
    return None


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_err):
    log.warning("admin: upload over the cap refused from %s", client_address())
    problems = [(request.path, "", "", S.t("too_large", lang()))]
    return page("preview.html", 413, problems=problems, summary=None, nothing_changed=True)


@bp.errorhandler(SQLAlchemyError)
def database_error(err):
    reason = str(getattr(err, "orig", None) or err).strip().splitlines()[0][:200]
    log.warning("admin: %s %s: database unavailable: %s", request.method, request.path, reason)
    deps().breaker.failed()
    return message(503, S.t("database", lang()))


@bp.route("/signin", methods=["GET", "POST"])
def signin():
    lg = lang()
    engine = deps().engine
    if request.method == "GET":
        pre = secrets.token_urlsafe(32)
        response = page("signin.html", csrf=pre)
        response.set_cookie(
            PRE_COOKIE, pre, httponly=True, samesite="Lax", secure=secure(), path="/admin", max_age=3600
        )
        return response
    pre = request.cookies.get(PRE_COOKIE, "")
    if not pre or not hmac.compare_digest(request.form.get("csrf", "").encode(), pre.encode()):
        return refuse(403, "csrf")
    raw_name, password = request.form.get("user", ""), request.form.get("password", "")
    if CONTROL.search(raw_name) or "\x00" in password:  # a NUL never reaches the database
        log.warning("admin: sign-in with control characters in the name refused from %s", client_address())
        return page("signin.html", 400, csrf=pre, error=S.t("bad_request", lg))
    name = editors.fold(raw_name)[:64]
    address = client_address()
    if database_down():  # fail fast: no thread waits on a database that is not answering
        return message(503, S.t("database", lg))
    wait = throttle.claim(engine, name, address)  # counted before the hash, atomically
    if wait:
        log.warning("admin: sign-in throttled for %r from %s (%ds)", name, address, wait.total_seconds())
        audit.record(engine, name, "signin_throttled", "", address)
        return page("signin.html", 429, csrf=pre, error=S.t("throttled", lg, wait=S.duration(wait, lg)))
    if not name or not editors.check_password(engine, name, password):
        log.warning("admin: sign-in failed for %r from %s", name, address)
        audit.record(engine, name, "signin_failed", "", address)
        return page("signin.html", 401, csrf=pre, error=S.t("bad_login", lg))
    throttle.succeeded(engine, name, address)
    audit.record(engine, name, "signin", "", address)
    token, _session = editors.start_session(engine, name)
    log.info("admin: %s signed in from %s", name, address)
    response = go("admin.index")
    response.set_cookie(
        COOKIE,
        deps().signer.dumps(token),
        httponly=True,
        samesite="Lax",
        secure=secure(),
        path="/",
        max_age=MAX_AGE,
    )
    response.delete_cookie(PRE_COOKIE, path="/admin")
    return response


@bp.post("/signout")
def signout():
    editors.end_session(deps().engine, g.admin_session.token_hash)
    audit.record(deps().engine, g.admin_session.user, "signout", "", client_address())
    log.info("admin: %s signed out", g.admin_session.user)
    response = go("admin.signin")
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="Lax", secure=secure())
    return response
