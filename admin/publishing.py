"""Upload, preview and publish.

Uploads are read by `metrics.upload` (pure), validated by the store's rules, and staged in the
database, tied to the editor and to the version the preview was computed against, so publish
writes exactly what was previewed or says that another editor published in between. The upload
route has its own 10 MB cap; the rest of the app keeps its 1 MB one.
"""

from __future__ import annotations

import logging

from flask import g, request

import store
import store.versions
from metrics import DataError, upload
from metrics import preview as pv
from metrics import workbook as wb
from metrics.clerkcells import merged_problems
from metrics.reading import Problem
from metrics.recompute import recompute, recomputed_values
from store import audit, editors

from . import strings as S
from .summary import cards_html, cell_label, key_label, names, plain_check, recomputed_item, summary_lines
from .views import NOTE_MAX, note_of_form
from .web import bp, client_address, deps, go, lang, message, page

log = logging.getLogger("getdz.admin")

UPLOAD_CAP = upload.MAX_BYTES + 2 * 1024 * 1024  # the workbook, documents and form overhead


def problem_rows(problems, label: str) -> list[tuple[str, str, str, str]]:
    lg = lang()
    return [(*S.where(p, label, lg), S.message(p.message, lg)) for p in problems]


def blocking(changes) -> list[dict]:
    """Checks that fail in the candidate and did not before (newly failing, or newly possible and
    failing): they block a publish unless the editor writes why the figure is right."""
    return [*changes.newly_failed, *(r for r in changes.newly_possible if r["status"] == "failed")]


def base_dataset(base: int):
    """The dataset of version `base`: the watcher's copy when it is that version."""
    d = deps()
    snap = d.holder.current if d.holder is not None else None
    current = snap.ctx.dataset if snap is not None and snap.number == base else None
    return current if current is not None else store.load_version(d.engine, base).dataset


def compute(files: dict[str, bytes], base: int, label: str, problems: list, warnings: list) -> dict:
    """The preview of `files` against version `base`."""
    d = deps()
    lg = lang()
    problems = list(problems)
    warnings = list(warnings)
    result = {"problems": None, "summary": None, "base": base}
    if files:  # what was read is validated too: every problem at once
        try:
            read = store.versions.validate_files(files, label)
            warnings += [w for w in read.warnings if str(w) not in {str(x) for x in warnings}]
        except DataError as err:
            problems = merged_problems(problems, err.problems)
    result["warnings"] = problem_rows(warnings, label)
    result["problems"] = problem_rows(problems, label)
    if problems:
        return result
    canonical = wb.canonical_files(files)
    current_files = store.version_files(d.engine, base)
    if wb.checksum(canonical) == wb.checksum(current_files):
        result["identical"] = True
        return result
    candidate = store.versions.validate_files(canonical, label)
    current = base_dataset(base)
    result["summary"] = wb.diff(current_files, canonical)
    result["rows"] = pv.row_changes(current_files, canonical)
    result["checks"] = pv.check_changes(current.checks, candidate.checks)
    result["default"] = pv.default_change_text(current, candidate, lg)
    result["cards"] = cards_html(candidate, result["summary"], lg)
    named = names(candidate, lg)
    result["recomputed"] = [
        recomputed_item(r, lg, named) for r in recomputed_values(current_files, canonical)
    ]
    result["key_label"] = lambda table, key: key_label(table, key, lg, named)
    result["cell_label"] = lambda column, value: cell_label(column, value, lg, named)
    result["news"] = summary_lines(result["summary"], lg, named, tables=False)
    result["blocking"] = [
        {"check_id": c["check_id"], "text": plain_check(c, candidate, lg, named)}
        for c in blocking(result["checks"])
    ]
    return result


@bp.post("/upload")
def upload_route():
    lg = lang()
    engine = deps().engine
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
    up.files = recompute(up.files, current_files)  # staged as recomputed: publish writes the preview
    for name, doc in documents.items():
        if len(doc) > upload.MAX_BYTES:
            up.problems.append(Problem(name, None, None, f"the file is over {upload.MAX_BYTES // 2**20} MB"))
    label = upload.safe_name(sent.filename) or "upload"
    result = compute(up.files, base, label, up.problems, up.warnings)
    user = g.admin_session.user
    if result["problems"]:
        log.warning("admin: upload %r by %s refused: %d problem(s)", label, user, len(result["problems"]))
        return page("preview.html", 422, filename=label, **result)
    if result.get("identical"):
        return page("preview.html", 200, filename=label, **result)
    ident = editors.stage(engine, user, base, label, up.files)
    log.info("admin: %s staged upload %s (%s) on version %s", user, ident, label, base)
    return go("admin.preview", ident=ident)


@bp.get("/preview/<ident>")
def preview(ident: str):
    engine = deps().engine
    found = editors.staged(engine, ident[:32], g.admin_session.user)
    if found is None:
        return message(404, S.t("gone_upload", lang()), "preview")
    base, filename, files = found
    result = compute(files, base, filename, [], [])
    current = store.current_number(engine)
    conflict = S.t("conflict", lang(), n=current) if current != base else None
    return page("preview.html", ident=ident, filename=filename, conflict=conflict, **result)


@bp.post("/publish/<ident>")
def publish(ident: str):
    lg = lang()
    d = deps()
    user = g.admin_session.user
    found = editors.staged(d.engine, ident[:32], user)
    if found is None:
        return message(404, S.t("gone_upload", lg), "preview")
    base, filename, files = found
    note = note_of_form()
    if not note:
        return message(400, S.t("note_required", lg), "publish")
    reason = request.form.get("override", "").strip()[:NOTE_MAX]
    try:
        candidate = store.versions.validate_files(files, filename)
        block = blocking(pv.check_changes(base_dataset(base).checks, candidate.checks))
        if block and not reason:  # a newly failing check: published only with a written reason
            log.warning("admin: %s publish of %s refused: %d failing check(s)", user, ident, len(block))
            return message(422, S.t("blocked_no_reason", lg, n=len(block)), "publish")
        overrides = [{"check_id": c["check_id"], "reason": reason, "author": user} for c in block]
        result = store.publish_files(
            d.engine, files, note, user, parent=base, label=filename, overrides=overrides or None
        )
    except store.Conflict:
        current = store.current_number(d.engine)
        log.warning(
            "admin: %s publish of %s refused: version %s is current, not %s", user, ident, current, base
        )
        return message(409, S.t("conflict", lg, n=current), "publish")
    except store.NoChanges:
        editors.drop_staged(d.engine, ident)
        return message(200, S.t("no_changes", lg), "publish")
    except DataError as err:  # the rules changed since the preview: never a partial publish
        log.warning("admin: %s publish of %s invalid: %d problem(s)", user, ident, len(err.problems))
        return page("preview.html", 422, problems=problem_rows(err.problems, filename), summary=None)
    editors.drop_staged(d.engine, ident)
    audit.record(d.engine, user, "publish", f"{result.number}: {note}", client_address())
    for o in overrides:
        detail = f"{result.number} {o['check_id']}: {reason}"
        audit.record(d.engine, user, "override", detail, client_address())
    log.info("admin: %s published version %s (parent %s)", user, result.number, result.parent)
    if d.holder is not None:
        d.holder.refresh()  # this instance at once; the others within their watcher's interval
    return go("admin.history", published=result.number)
