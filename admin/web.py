"""The `/admin` blueprint and what every view shares: its dependencies (from
`current_app.extensions`), the language, the page renderer, redirects and refusals.

The routes live in `admin.auth` (sign-in, sessions, the guard), `admin.views` (the current version,
downloads, history, rollback) and `admin.publishing` (upload, preview, publish); importing the
package registers them all on `bp`.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, current_app, g, redirect, render_template, request, url_for
from itsdangerous import URLSafeTimedSerializer

from metrics.clerk import column_zh, table_zh
from serving import access
from serving.health import RESTARTING_HOSTS  # the hosts /healthz warns about too

from . import access_strings
from . import strings as S

log = logging.getLogger("getdz.admin")

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates", static_folder="static")
EXTENSION = "getdz_admin"


class Breaker:
    """After a database error, sign-ins answer 503 at once for `SECONDS` (no serving thread waits
    on a database that is not answering); any request that reaches the database closes it again."""

    SECONDS = 15.0

    def __init__(self):
        self.until = 0.0

    def failed(self) -> None:
        self.until = time.monotonic() + self.SECONDS

    def reset(self) -> None:
        self.until = 0.0

    def open(self) -> bool:
        return time.monotonic() < self.until


@dataclass(frozen=True)
class Deps:
    """What /admin needs from the app: the store's engine (None when the app serves a data
    directory: editing is off), the version watcher (serving/live.py) and the cookie signer."""

    engine: Any
    holder: Any
    secret_key: str
    signer: URLSafeTimedSerializer
    proxies: Any = ()  # FORWARDED_ALLOW_IPS (serving/access.py)
    breaker: Any = None
    user_header: str = ""  # GETDZ_TRUSTED_USER_HEADER: a single sign-on proxy names the user


def make_deps(
    engine, holder, secret_key: str, user_header: str = "", salt: str = "getdz-admin-session"
) -> Deps:
    signer = URLSafeTimedSerializer(secret_key or "unset", salt=salt)
    return Deps(engine, holder, secret_key, signer, access.proxies(), Breaker(), user_header)


def deps() -> Deps:
    return current_app.extensions[EXTENSION]


def lang() -> str:
    return "en" if request.args.get("lang") == "en" else "zh"


def secure() -> bool:
    return request.is_secure or request.headers.get("X-Forwarded-Proto", "").lower() == "https"


def client_address() -> str:
    """The client's address for throttling, the audit and logs: X-Forwarded-For is believed only
    from a proxy in FORWARDED_ALLOW_IPS (serving/access.py)."""
    return access.client_address(request.environ, deps().proxies)


def database_down() -> bool:
    """The database failed a request of this app in the last 15 s, or the version watcher has
    not reached it for longer (when the watcher tells: `holder.last_success_age()`)."""
    d = deps()
    age = getattr(d.holder, "last_success_age", None)
    stale = callable(age) and (age() or 0) > Breaker.SECONDS
    return stale or d.breaker.open()


def page(template: str, status: int = 200, **context) -> Response:
    lg = lang()
    engine = deps().engine
    context.setdefault("session", g.get("admin_session"))
    body = render_template(
        f"admin/{template}",
        lang=lg,
        t=lambda key, **kw: S.t(key, lg, **kw),
        q="?lang=en" if lg == "en" else "",
        table_name=(lambda code: code) if lg == "en" else table_zh,
        column_name=(lambda code: code) if lg == "en" else column_zh,
        other="" if lg == "en" else "?lang=en",
        role_name=lambda role: access_strings.role_name(role, lg),
        sqlite_warning=engine is not None
        and engine.dialect.name == "sqlite"
        and any(os.environ.get(k) for k in RESTARTING_HOSTS),
        **context,
    )
    return Response(body, status=status, mimetype="text/html")


def message(status: int, text: str, title_key: str = "title") -> Response:
    return page("message.html", status, message=text, title=S.t(title_key, lang()))


def refuse(status: int, why: str, text_key: str = "forbidden", **kw) -> Response:
    log.warning("admin: %s %s refused (%s) from %s", request.method, request.path, why, client_address())
    return message(status, S.t(text_key, lang(), **kw))


def go(endpoint: str, **values) -> Response:
    """A 303 to `endpoint` with a relative Location (never built from the Host header)."""
    if lang() == "en":
        values["lang"] = "en"
    return redirect(url_for(endpoint, **values), 303)


@bp.after_request
def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("")
def bare():
    """`/admin` → `/admin/`, relative: werkzeug's own slash redirect would echo the Host header."""
    return redirect(url_for("admin.index", **request.args), 308)
