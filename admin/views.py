"""The current version, workbook downloads, the history and rollback."""

from __future__ import annotations

import logging

from flask import Response, g, request

import store
from metrics import preview as pv
from metrics import workbook as wb
from store import audit

from . import strings as S
from .summary import names, summary_lines
from .web import bp, client_address, deps, go, lang, message, page

log = logging.getLogger("getdz.admin")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOTE_MAX = 2000


def note_of_form() -> str:
    return request.form.get("note", "").strip()[:NOTE_MAX]


def current_dataset():
    """The current version's dataset: the watcher's copy, else loaded from the store."""
    d = deps()
    snap = d.holder.current if d.holder is not None else None
    return snap.ctx.dataset if snap is not None else store.load_version(d.engine).dataset


@bp.get("/")
def index():
    if not g.admin_session.may("editor"):  # a viewer: nothing to edit here
        return page("viewer.html")
    versions = store.list_versions(deps().engine)
    return page("index.html", current=versions[0] if versions else None)


def workbook_response(number: int | None) -> Response:
    engine = deps().engine
    number = store.current_number(engine) if number is None else number
    try:
        data = store.export_workbook(engine, number, clerk=True)
    except store.StoreError:
        return message(404, S.t("no_version", lang(), n=number), "history")
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
    versions = store.list_versions(deps().engine)
    done = None
    if request.args.get("published", "").isdigit():
        done = S.t("published", lg, n=request.args["published"])
    elif request.args.get("rolled", "").isdigit() and request.args.get("r", "").isdigit():
        done = S.t("rolled_back", lg, n=request.args["rolled"], r=request.args["r"])
    named = names(current_dataset(), lg)
    rows = [{**v, "lines": summary_lines(v["summary"], lg, named)} for v in versions]
    return page("history.html", versions=rows, done=done)


@bp.get("/rollback/<int:number>")
def confirm_rollback(number: int):
    """The confirmation step: what rolling back to `number` will change, then the note."""
    lg = lang()
    d = deps()
    current = store.current_number(d.engine)
    base = request.args.get("base", "")
    if number == current:
        return message(200, S.t("no_changes", lg), "history")
    try:
        target = store.version_files(d.engine, number)
    except store.StoreError:
        return message(404, S.t("no_version", lg, n=number), "history")
    if not target:
        return message(404, S.t("no_version", lg, n=number), "history")
    now = store.version_files(d.engine, current)
    moved = S.t("rollback_conflict", lg, n=current) if base.isdigit() and int(base) != current else None
    return page(
        "rollback.html",
        number=number,
        current=current,
        conflict=moved,
        rows=pv.row_changes(now, target),
        lines=summary_lines(wb.diff(now, target), lg, names(current_dataset(), lg)),
    )


@bp.post("/rollback/<int:number>")
def rollback(number: int):
    """Roll back to `number`, guarded like a publish: the form carries the version that was
    current when the history was shown (`base`); if another has become current since, 409."""
    lg = lang()
    d = deps()
    user = g.admin_session.user
    note = note_of_form()
    base = request.form.get("base", "")
    if not base.isdigit():
        return message(400, S.t("base_required", lg), "history")
    if not note:
        return message(400, S.t("note_required", lg), "history")
    try:
        result = store.rollback(d.engine, number, note, user, base=int(base))
    except store.NoChanges:
        return message(200, S.t("no_changes", lg), "history")
    except store.Conflict:
        current = store.current_number(d.engine)
        log.warning(
            "admin: %s rollback to %s refused: version %s is current, not %s", user, number, current, base
        )
        return message(409, S.t("rollback_conflict", lg, n=current), "history")
    except store.StoreError as err:  # no such version
        log.warning("admin: %s rollback to %s refused: %s", user, number, err)
        return message(404, S.t("no_version", lg, n=number), "history")
    audit.record(d.engine, user, "rollback", f"{result.number} ← {number}: {note}", client_address())
    log.info("admin: %s rolled back to version %s as version %s", user, number, result.number)
    if d.holder is not None:
        d.holder.refresh()
    return go("admin.history", rolled=result.number, r=number)
