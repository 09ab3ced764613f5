"""Sign-in, sign-out and the guard every /admin request passes.

Every route checks the session on the server (a signed cookie holding a random token whose hash
is looked up in the database: forged, expired, signed-out or disabled sessions match nothing),
then the role the route needs (`NEEDS`: viewer < editor < admin; a route not named needs an
editor). A trusted single sign-on proxy's user (admin/gate.py) gets a session of its own, so the
forms carry a CSRF token as for anyone. Every POST must come from this site (Origin or Referer)
and carry the session's CSRF token.
"""

from __future__ import annotations

import hmac
import logging
import re
import secrets
from urllib.parse import urlparse

from flask import current_app, g, redirect, request, url_for
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import RequestEntityTooLarge

from store import audit, editors, throttle

from . import gate
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

COOKIE = gate.COOKIE
PRE_COOKIE = "getdz_admin_pre"  # the sign-in form's CSRF token (before there is a session)
MAX_AGE = editors.SESSION_HOURS * 3600
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def same_origin() -> bool:
    """The POST comes from a page of this host (Origin, else Referer; neither: refused)."""
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    return bool(source) and source != "null" and urlparse(source).netloc == request.host


# The least role each /admin page needs (viewer < editor < admin). A page not named here needs an
# editor, so a new page is never open to viewers by omission.
NEEDS = {
    "admin.index": "viewer",
    "admin.signout": "viewer",
    "admin.accounts": "admin",
    "admin.account_add": "admin",
    "admin.account_change": "admin",
    "admin.audit_list": "admin",
}
OPEN = ("admin.static", "admin.bare")


def session_from_cookie():
    token = gate.token_of_cookie()
    return None if token is None else editors.get_session(deps().engine, token)


def forget_identities() -> None:
    """Drop the closed mode's cached identities of this process (after a sign-out or an account
    change; other processes drop theirs within `gate.Lookups.FRESH` seconds)."""
    lookups = current_app.extensions.get("getdz_lookups")
    if lookups is not None:
        lookups.entries.clear()


def header_session(name: str):
    """A session for the user a trusted proxy names (its cookie set after the request), or a
    refusal when no active account has that name."""
    engine = deps().engine
    if editors.role_of(engine, name) is None:
        return refuse(403, f"header user {name!r} has no active account", "header_unknown")
    token, g.admin_session = editors.start_session(engine, name)
    g.admin_new_token = token
    audit.record(engine, name, "signin", "sso", client_address())
    log.info("admin: %s signed in by the single sign-on header from %s", name, client_address())
    return None


@bp.before_request
def guard():
    g.admin_session = None
    if request.endpoint in OPEN:
        return None
    d = deps()
    if d.engine is None or not d.secret_key:
        return page("setup.html", 503, no_store=d.engine is None)
    if request.endpoint == "admin.upload_route":
        from .publishing import UPLOAD_CAP

        request.max_content_length = UPLOAD_CAP
    try:
        header = gate.header_name()
    except gate.Refused as err:  # the header from a peer that is not a trusted proxy
        return refuse(403, err.why, err.text)
    if request.method == "POST" and not same_origin():
        return refuse(403, "cross-site")
    if request.endpoint == "admin.signin" and header is None:
        return None
    g.admin_session = session_from_cookie()
    if header is not None and (g.admin_session is None or g.admin_session.user != header):
        refused = header_session(header)
        if refused is not None:
            return refused
    if request.endpoint == "admin.signin":  # signed in by the header already
        return go("admin.index")
    if g.admin_session is None:
        if request.method == "GET":
            return redirect(url_for("admin.signin", lang=request.args.get("lang")), 303)
        return refuse(401, "no session")
    d.breaker.reset()  # the database answered
    if request.method == "POST":
        token = request.form.get("csrf", "")
        if not hmac.compare_digest(token.encode(), g.admin_session.csrf.encode()):
            return refuse(403, "csrf")
    need = NEEDS.get(request.endpoint, "editor")
    if not g.admin_session.may(need):
        return refuse(403, f"{g.admin_session.user} is {g.admin_session.role}, needs {need}", "role_" + need)
    return None


@bp.after_request
def _header_cookie(response):
    token = g.pop("admin_new_token", None)
    if token is not None:
        set_session_cookie(response, token)
    return response


def set_session_cookie(response, token: str) -> None:
    response.set_cookie(
        COOKIE,
        deps().signer.dumps(token),
        httponly=True,
        samesite="Lax",
        secure=secure(),
        path="/",
        max_age=MAX_AGE,
    )


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
    back = gate.safe_next(request.values.get("next", ""))
    if request.method == "GET":
        pre = secrets.token_urlsafe(32)
        response = page("signin.html", csrf=pre, next=back)
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
        return page("signin.html", 400, csrf=pre, next=back, error=S.t("bad_request", lg))
    name = editors.fold(raw_name)[:64]
    address = client_address()
    if database_down():  # fail fast: no thread waits on a database that is not answering
        return message(503, S.t("database", lg))
    wait = throttle.claim(engine, name, address)  # counted before the hash, atomically
    if wait:
        log.warning("admin: sign-in throttled for %r from %s (%ds)", name, address, wait.total_seconds())
        audit.record(engine, name, "signin_throttled", "", address)
        error = S.t("throttled", lg, wait=S.duration(wait, lg))
        return page("signin.html", 429, csrf=pre, next=back, error=error)
    if not name or not editors.check_password(engine, name, password):
        log.warning("admin: sign-in failed for %r from %s", name, address)
        audit.record(engine, name, "signin_failed", "", address)
        return page("signin.html", 401, csrf=pre, next=back, error=S.t("bad_login", lg))
    throttle.succeeded(engine, name, address)
    audit.record(engine, name, "signin", "", address)
    token, session = editors.start_session(engine, name)
    log.info("admin: %s signed in from %s", name, address)
    if back is not None:
        response = redirect(back, 303)
    else:  # a viewer has nothing to edit: the dashboard
        response = go("admin.index") if session.may("editor") else redirect("/", 303)
    set_session_cookie(response, token)
    response.delete_cookie(PRE_COOKIE, path="/admin")
    return response


@bp.route("/signout", methods=["GET", "POST"])
def signout():
    """GET (the dashboard header's link in the closed mode): the page with the sign-out button
    (a POST carrying the session's CSRF token); POST: the session ends."""
    if request.method == "GET":
        return page("signout.html")
    editors.end_session(deps().engine, g.admin_session.token_hash)
    forget_identities()
    audit.record(deps().engine, g.admin_session.user, "signout", "", client_address())
    log.info("admin: %s signed out", g.admin_session.user)
    response = go("admin.signin")
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="Lax", secure=secure())
    return response
