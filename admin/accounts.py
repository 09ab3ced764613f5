"""Accounts and the audit list, for admins (`auth.NEEDS`): add an account, change its role,
disable or enable it, set a new password (the password rule of `store.passwords`), each with the
session's CSRF token as every form, and each recorded in the audit list, which is shown newest
first, a page at a time. `python -m metrics users` does the same from a shell."""

from __future__ import annotations

import logging

from flask import g, request

from store import audit, editors, passwords
from store.versions import StoreError

from . import access_strings as A
from . import strings as S
from .auth import forget_identities
from .web import bp, client_address, deps, go, lang, page

log = logging.getLogger("getdz.admin")

PAGE_SIZE = 50
CHANGES = ("role", "disable", "enable", "password")


def accounts_page(status: int = 200, error: str | None = None, done: str | None = None, **form):
    users = editors.list_users(deps().engine)
    return page("accounts.html", status, users=users, roles=editors.ROLES, error=error, done=done, form=form)


def refused(status: int, key: str, reason: str, **kw):
    log.warning("admin: %s account change refused: %s", g.admin_session.user, reason)
    return accounts_page(status, error=S.t(key, lang(), **kw))


def password_problem(password: str) -> str | None:
    reason = passwords.problem(password)
    return None if reason is None else reason[1 if lang() == "en" else 0]


@bp.get("/accounts")
def accounts():
    done = request.args.get("done", "")
    return accounts_page(done=S.t("account_done", lang()) if done == "1" else None)


@bp.post("/accounts")
def account_add():
    raw = request.form.get("name", "")[:200]
    role = request.form.get("role", "")
    password = request.form.get("password", "")
    if not editors.NAME.match(editors.fold(raw)):
        return refused(400, "account_bad_name", f"bad name {raw[:64]!r}", name=raw[:64])
    if role not in editors.ROLES:
        return refused(400, "account_bad_role", f"bad role {role[:20]!r}")
    problem = password_problem(password)
    if problem:
        return refused(400, "account_bad_password", "weak password", why=problem)
    try:
        name = editors.add_user(deps().engine, raw, password, role=role)
    except StoreError:  # the name is taken (a race, or an existing account)
        return refused(409, "account_exists", f"{raw[:64]!r} exists", name=editors.fold(raw)[:64])
    audit.record(deps().engine, g.admin_session.user, "user_add", f"{name} ({role})", client_address())
    log.info("admin: %s added %s %s", g.admin_session.user, role, name)
    return go("admin.accounts", done=1)


@bp.post("/accounts/<name>/<change>")
def account_change(name: str, change: str):
    engine = deps().engine
    me = g.admin_session.user
    name = editors.fold(name)[:64]
    if change not in CHANGES:
        return refused(404, "account_bad_change", f"unknown change {change[:20]!r}")
    known = {u["name"]: u for u in editors.list_users(engine)}
    if name not in known:
        return refused(404, "account_unknown", f"no account {name!r}", name=name)
    role = request.form.get("role", "")
    if change == "role" and role not in editors.ROLES:
        return refused(400, "account_bad_role", f"bad role {role[:20]!r}")
    demoted = change == "disable" or (change == "role" and role != "admin")
    losing_admin = known[name]["role"] == "admin" and demoted
    if losing_admin and editors.active_admins(engine) == [name]:
        return refused(409, "account_last_admin", f"{name} is the last active admin")
    password = request.form.get("password", "")
    if change == "password":
        problem = password_problem(password)
        if problem:
            return refused(400, "account_bad_password", "weak password", why=problem)
        editors.set_password(engine, name, password)
        detail = name
    elif change == "role":
        editors.set_role(engine, name, role)
        detail = f"{name} → {role}"
    elif change == "disable":
        editors.disable_user(engine, name)
        detail = name
    else:
        editors.enable_user(engine, name)
        detail = name
    forget_identities()  # this process at once; the others within gate.Lookups.FRESH seconds
    audit.record(engine, me, f"user_{change}", detail, client_address())
    log.info("admin: %s: %s %s", me, change, detail)
    if name == me and change != "enable":  # own role or password changed: signed out like everyone
        return go("admin.signin")
    return go("admin.accounts", done=1)


@bp.get("/audit")
def audit_list():
    lg = lang()
    number = request.args.get("page", "1")
    number = int(number) if number.isdigit() and 0 < len(number) < 7 and int(number) > 0 else 1
    total = audit.count(deps().engine)
    pages = max(1, (total + PAGE_SIZE - 1) // PAGE_SIZE)
    number = min(number, pages)
    rows = audit.recent(deps().engine, PAGE_SIZE, (number - 1) * PAGE_SIZE)
    entries = [{**r, "what": A.audit_action(r["action"], lg), "detail": A.audit_detail(r, lg)} for r in rows]
    return page("audit.html", entries=entries, number=number, pages=pages, total=total)
