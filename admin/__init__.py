"""`/admin`: editors publish new figures from Excel in the browser.

A Flask blueprint of server-rendered pages and plain HTML forms (no script: the app's CSP stays as
it is, and everything works without JavaScript): sign in, download the workbook, upload, preview
(problems, the diff, the consistency checks, the headline cards), publish with a note, history,
download any version, roll back with a note, sign out.

Every route checks the session on the server (a signed cookie holding a random token whose hash
is looked up in the database: forged, expired, signed-out or disabled sessions match nothing).
Every POST must come from this site (Origin or Referer) and carry the session's CSRF token. The
upload route has its own 10 MB cap; the rest of the app keeps its 1 MB one. Uploads are read by
`metrics.upload` (pure), validated by the store's rules, and staged in the database, tied to the
editor and to the version the preview was computed against, so publish writes exactly what was
previewed or says that another editor published in between.
"""

from __future__ import annotations

import hmac
import logging
import os
import secrets
from urllib.parse import urlparse

from flask import Blueprint, Flask, Response, g, redirect, render_template, request, url_for
from itsdangerous import BadData, URLSafeTimedSerializer
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import RequestEntityTooLarge

import store
import store.versions
from metrics import DataError, upload
from metrics import preview as pv
from metrics import workbook as wb
from metrics.reading import Problem
from serving.health import RESTARTING_HOSTS  # the hosts /healthz warns about too
from store import editors

from . import strings as S
from .render import to_html

log = logging.getLogger("getdz.admin")

COOKIE = "getdz_admin"
PRE_COOKIE = "getdz_admin_pre"  # the sign-in form's CSRF token (before there is a session)
UPLOAD_CAP = upload.MAX_BYTES + 2 * 1024 * 1024  # the workbook, documents and form overhead
NOTE_MAX = 2000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def lang() -> str:
    return "en" if request.args.get("lang") == "en" else "zh"


def _secure() -> bool:
    return request.is_secure or request.headers.get("X-Forwarded-Proto", "").lower() == "https"


def _address() -> str:
    # Behind Heroku's router the client is the last X-Forwarded-For entry (the router appends it).
    forwarded = request.headers.get("X-Forwarded-For", "")
    return (forwarded.split(",")[-1].strip() if forwarded else request.remote_addr or "")[:64] or "-"


def _same_origin() -> bool:
    """The POST comes from a page of this host (Origin, else Referer; neither: refused)."""
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    return bool(source) and source != "null" and urlparse(source).netloc == request.host


def install(server: Flask, engine, holder, secret_key: str) -> None:
    """Register /admin on `server`. `engine` is the store's (None when the app serves a data
    directory: editing is off), `holder` the version watcher's (serving/live.py)."""
    bp = Blueprint(
        "admin", __name__, url_prefix="/admin", template_folder="templates", static_folder="static"
    )
    signer = URLSafeTimedSerializer(secret_key or "unset", salt="getdz-admin-session")
    max_age = editors.SESSION_HOURS * 3600

    def page(template: str, status: int = 200, **context) -> Response:
        lg = lang()
        context.setdefault("session", g.get("admin_session"))
        body = render_template(
            f"admin/{template}",
            lang=lg,
            t=lambda key, **kw: S.t(key, lg, **kw),
            q="?lang=en" if lg == "en" else "",
            other="" if lg == "en" else "?lang=en",
            sqlite_warning=engine is not None
            and engine.dialect.name == "sqlite"
            and any(os.environ.get(k) for k in RESTARTING_HOSTS),
            **context,
        )
        response = Response(body, status=status, mimetype="text/html")
        return response

    def session_from_cookie():
        raw = request.cookies.get(COOKIE)
        if not raw:
            return None
        try:
            token = signer.loads(raw, max_age=max_age)
        except BadData:  # forged, or older than the session lifetime
            return None
        return editors.get_session(engine, token) if isinstance(token, str) else None

    def refuse(status: int, why: str) -> Response:
        log.warning("admin: %s %s refused (%s) from %s", request.method, request.path, why, _address())
        return page("message.html", status, message=S.t("forbidden", lang()), title=S.t("title", lang()))

    @bp.before_request
    def _guard():
        g.admin_session = None
        if request.endpoint == "admin.static":
            return None
        if engine is None or not secret_key:
            return page("setup.html", 503, no_store=engine is None)
        if request.endpoint == "admin.upload_route":
            request.max_content_length = UPLOAD_CAP
        if request.method == "POST" and not _same_origin():
            return refuse(403, "cross-site")
        if request.endpoint == "admin.signin":
            return None
        g.admin_session = session_from_cookie()
        if g.admin_session is None:
            if request.method == "GET":
                return redirect(url_for("admin.signin", lang=request.args.get("lang")), 303)
            return refuse(401, "no session")
        if request.method == "POST":
            token = request.form.get("csrf", "")
            if not hmac.compare_digest(token.encode(), g.admin_session.csrf.encode()):
                return refuse(403, "csrf")
        return None

    @bp.after_request
    def _no_store(response: Response) -> Response:
        response.headers["Cache-Control"] = "no-store"
        return response

    @bp.errorhandler(RequestEntityTooLarge)
    def _too_large(_err):
        log.warning("admin: upload over the cap refused from %s", _address())
        lg = lang()
        problems = [(request.path, "", "", S.t("too_large", lg))]
        return page("preview.html", 413, problems=problems, summary=None, nothing_changed=True)

    @bp.errorhandler(SQLAlchemyError)
    def _database(err):
        reason = str(getattr(err, "orig", None) or err).strip().splitlines()[0][:200]
        log.warning("admin: %s %s: database unavailable: %s", request.method, request.path, reason)
        return page("message.html", 503, message=S.t("database", lang()), title=S.t("title", lang()))

    def go(endpoint: str, **values) -> Response:
        if lang() == "en":
            values["lang"] = "en"
        return redirect(url_for(endpoint, **values), 303)

    # ------------------------------------------------------------ sign in / out

    @bp.route("/signin", methods=["GET", "POST"])
    def signin():
        lg = lang()
        if request.method == "GET":
            pre = secrets.token_urlsafe(32)
            response = page("signin.html", csrf=pre)
            response.set_cookie(
                PRE_COOKIE, pre, httponly=True, samesite="Lax", secure=_secure(), path="/admin", max_age=3600
            )
            return response
        pre = request.cookies.get(PRE_COOKIE, "")
        if not pre or not hmac.compare_digest(request.form.get("csrf", "").encode(), pre.encode()):
            return refuse(403, "csrf")
        name = request.form.get("user", "").strip()[:64]
        password = request.form.get("password", "")
        address = _address()
        if editors.throttled(engine, name, address):
            log.warning("admin: sign-in throttled for %r from %s", name, address)
            return page("signin.html", 429, csrf=pre, error=S.t("throttled", lg))
        if not name or not editors.check_password(engine, name, password, address):
            log.warning("admin: sign-in failed for %r from %s", name, address)
            return page("signin.html", 401, csrf=pre, error=S.t("bad_login", lg))
        token, _session = editors.start_session(engine, name)
        log.info("admin: %s signed in from %s", name, address)
        response = go("admin.index")
        response.set_cookie(
            COOKIE,
            signer.dumps(token),
            httponly=True,
            samesite="Lax",
            secure=_secure(),
            path="/",
            max_age=max_age,
        )
        response.delete_cookie(PRE_COOKIE, path="/admin")
        return response

    @bp.post("/signout")
    def signout():
        editors.end_session(engine, g.admin_session.token_hash)
        log.info("admin: %s signed out", g.admin_session.user)
        response = go("admin.signin")
        response.delete_cookie(COOKIE, path="/", httponly=True, samesite="Lax", secure=_secure())
        return response

    # ------------------------------------------------------------ pages

    @bp.get("/")
    def index():
        versions = store.list_versions(engine)
        return page("index.html", current=versions[0] if versions else None)

    def workbook_response(number: int | None) -> Response:
        number = store.current_number(engine) if number is None else number
        try:
            data = store.export_workbook(engine, number)
        except store.StoreError:
            return page("message.html", 404, message=f"no version {number}", title=S.t("history", lang()))
        response = Response(data, mimetype=XLSX)
        response.headers["Content-Disposition"] = f'attachment; filename="getdz-dataset-v{number}.xlsx"'
        return response

    @bp.get("/download")
    def download():
        return workbook_response(None)

    @bp.get("/versions/<int:number>.xlsx")
    def download_version(number: int):
        return workbook_response(number)

    @bp.get("/history")
    def history():
        lg = lang()
        versions = store.list_versions(engine)
        done = None
        if request.args.get("published", "").isdigit():
            done = S.t("published", lg, n=request.args["published"])
        elif request.args.get("rolled", "").isdigit() and request.args.get("r", "").isdigit():
            done = S.t("rolled_back", lg, n=request.args["rolled"], r=request.args["r"])
        rows = [{**v, "lines": summary_lines(v["summary"], lg)} for v in versions]
        return page("history.html", versions=rows, done=done)

    # ------------------------------------------------------------ upload, preview, publish

    def problem_rows(problems, label: str) -> list[tuple[str, str, str, str]]:
        lg = lang()
        return [(*S.where(p, label, lg), S.message(p.message, lg)) for p in problems]

    def compute(files: dict[str, bytes], base: int, label: str, problems: list, warnings: list) -> dict:
        """The preview of `files` against version `base`."""
        lg = lang()
        problems = list(problems)
        warnings = list(warnings)
        result = {"problems": None, "summary": None, "base": base}
        if files:  # what was read is validated too: every problem at once
            try:
                read = store.versions.validate_files(files, label)
                warnings += [w for w in read.warnings if str(w) not in {str(x) for x in warnings}]
            except DataError as err:
                problems += err.problems
        result["warnings"] = problem_rows(warnings, label)
        result["problems"] = problem_rows(problems, label)
        if problems:
            return result
        canonical = wb.canonical_files(files)
        current_files = store.version_files(engine, base)
        if wb.checksum(canonical) == wb.checksum(current_files):
            result["identical"] = True
            return result
        candidate = store.versions.validate_files(canonical, label)
        snap = holder.current if holder is not None else None
        current = snap.ctx.dataset if snap is not None and snap.number == base else None
        current = current if current is not None else store.load_version(engine, base).dataset
        result["summary"] = wb.diff(current_files, canonical)
        result["rows"] = pv.row_changes(current_files, canonical)
        result["checks"] = pv.check_changes(current.checks, candidate.checks)
        result["cards"] = cards_html(candidate, result["summary"], lg)
        return result

    @bp.post("/upload")
    def upload_route():
        lg = lang()
        sent = request.files.get("workbook")
        if sent is None or not sent.filename:
            return page("preview.html", 400, problems=[("", "", "", S.t("upload_file", lg))], summary=None)
        data = sent.read(upload.MAX_BYTES + 1)
        documents = {
            d.filename: d.read(upload.MAX_BYTES + 1) for d in request.files.getlist("documents") if d.filename
        }
        base = store.current_number(engine)
        current_files = store.version_files(engine, base)
        up = upload.read_upload(data, sent.filename, current_files, documents)
        for name, doc in documents.items():
            if len(doc) > upload.MAX_BYTES:
                up.problems.append(
                    Problem(name, None, None, f"the file is over {upload.MAX_BYTES // 2**20} MB")
                )
        label = upload.safe_name(sent.filename) or "upload"
        result = compute(up.files, base, label, up.problems, up.warnings)
        if result["problems"]:
            log.warning(
                "admin: upload %r by %s refused: %d problem(s)",
                label,
                g.admin_session.user,
                len(result["problems"]),
            )
            return page("preview.html", 422, filename=label, **result)
        if result.get("identical"):
            return page("preview.html", 200, filename=label, **result)
        ident = editors.stage(engine, g.admin_session.user, base, label, up.files)
        log.info("admin: %s staged upload %s (%s) on version %s", g.admin_session.user, ident, label, base)
        return go("admin.preview", ident=ident)

    @bp.get("/preview/<ident>")
    def preview(ident: str):
        found = editors.staged(engine, ident[:32], g.admin_session.user)
        if found is None:
            return page("message.html", 404, message=S.t("gone_upload", lang()), title=S.t("preview", lang()))
        base, filename, files = found
        result = compute(files, base, filename, [], [])
        current = store.current_number(engine)
        conflict = S.t("conflict", lang(), n=current) if current != base else None
        return page("preview.html", ident=ident, filename=filename, conflict=conflict, **result)

    @bp.post("/publish/<ident>")
    def publish(ident: str):
        lg = lang()
        user = g.admin_session.user
        found = editors.staged(engine, ident[:32], user)
        if found is None:
            return page("message.html", 404, message=S.t("gone_upload", lg), title=S.t("preview", lg))
        base, filename, files = found
        note = request.form.get("note", "").strip()[:NOTE_MAX]
        if not note:
            return page("message.html", 400, message=S.t("note_required", lg), title=S.t("publish", lg))
        try:
            result = store.publish_files(engine, files, note, user, parent=base, label=filename)
        except store.Conflict:
            current = store.current_number(engine)
            log.warning(
                "admin: %s publish of %s refused: version %s is current, not %s", user, ident, current, base
            )
            return page("message.html", 409, message=S.t("conflict", lg, n=current), title=S.t("publish", lg))
        except store.NoChanges:
            editors.drop_staged(engine, ident)
            return page("message.html", 200, message=S.t("no_changes", lg), title=S.t("publish", lg))
        except DataError as err:  # the rules changed since the preview: never a partial publish
            log.warning("admin: %s publish of %s invalid: %d problem(s)", user, ident, len(err.problems))
            return page("preview.html", 422, problems=problem_rows(err.problems, filename), summary=None)
        editors.drop_staged(engine, ident)
        log.info("admin: %s published version %s (parent %s)", user, result.number, result.parent)
        if holder is not None:
            holder.refresh()  # this instance at once; the others within their watcher's interval
        return go("admin.history", published=result.number)

    @bp.post("/rollback/<int:number>")
    def rollback(number: int):
        lg = lang()
        user = g.admin_session.user
        note = request.form.get("note", "").strip()[:NOTE_MAX]
        if not note:
            return page("message.html", 400, message=S.t("note_required", lg), title=S.t("history", lg))
        try:
            result = store.rollback(engine, number, note, user)
        except store.NoChanges:
            return page("message.html", 200, message=S.t("no_changes", lg), title=S.t("history", lg))
        except store.StoreError as err:  # no such version (404), or another publish at that moment
            status = 409 if isinstance(err, store.Conflict) else 404
            log.warning("admin: %s rollback to %s refused: %s", user, number, err)
            return page("message.html", status, message=str(err), title=S.t("history", lg))
        log.info("admin: %s rolled back to version %s as version %s", user, number, result.number)
        if holder is not None:
            holder.refresh()
        return go("admin.history", rolled=result.number, r=number)

    server.register_blueprint(bp)


def summary_lines(summary: dict, lg: str) -> list[str]:
    """A version's diff summary as short lines (table +added ~changed -removed; new things)."""
    lines = []
    for name, c in summary.get("tables", {}).items():
        if any(c.values()):
            lines.append(f"{name}: +{c['added']} ~{c['changed']} -{c['removed']}")
    for key in ("new_periods", "new_indicators", "new_sources"):
        if summary.get(key):
            items = summary[key]
            more = f" {S.t('more', lg, n=len(items) - 6)}" if len(items) > 6 else ""
            lines.append(f"{S.t(key, lg)}: {', '.join(items[:6])}{more}")
    added = summary.get("documents", {}).get("added")
    if added:
        lines.append(f"{S.t('documents', lg)}: +{', '.join(added)}")
    return lines


def cards_html(dataset, summary: dict, lg: str):
    """The overview's headline cards of the candidate, at its newest new period (else the
    default one), rendered by the dashboard's own card builder."""
    from components.cards import kpi_card
    from components.context import Context
    from metrics import queries as q

    ctx = Context.build(dataset)
    periods = [p for p in ctx.choices.periods if p in summary.get("new_periods", ())]
    period = periods[-1] if periods else ctx.choices.default_period
    try:  # the headline flows moved to components.catalog with the dashboard branch
        from components.catalog import OVERVIEW_FLOWS
    except ImportError:
        from components.panels import OVERVIEW_FLOWS

    rows = [ctx.row(code, period) for code in OVERVIEW_FLOWS]
    cards = [
        kpi_card(row, lg, ctx.sources, q.checks_for(ctx.checks, row["indicator"], row["period"]))
        for row in rows
        if row is not None
    ]
    return period, to_html(cards)
