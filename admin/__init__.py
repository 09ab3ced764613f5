"""`/admin`: editors publish new figures from Excel in the browser.

A module-level Flask blueprint (`admin.web.bp`, in the style of Flask's tutorial) of server-rendered
pages and plain HTML forms (no script: the app's CSP stays as it is, and everything works without
JavaScript): sign in, download the workbook, upload, preview (problems, the diff, the consistency
checks, the headline cards), publish with a note, history, download any version, roll back with a
note, sign out. The views take their dependencies from `current_app.extensions` (`admin.web.deps`),
so each route can be tested on any Flask app that `install`s them.

    web.py          the blueprint, its dependencies, the page renderer, redirects and refusals
    auth.py         the guard (session, role, same origin, CSRF), sign-in and sign-out
    gate.py         who a request comes from (session or trusted header); the closed mode
    accounts.py     accounts and the audit list (admins)
    views.py        the current version, downloads, history, rollback
    publishing.py   upload, preview, publish
    summary.py      a version's changes in words, the candidate's headline cards
    strings.py      every word of /admin, Chinese and English
"""

from __future__ import annotations

from flask import Flask

from serving.config import ConfigError

from . import accounts, auth, gate, publishing, views  # noqa: F401  (register their routes on `bp`)
from .web import EXTENSION, bp, make_deps

__all__ = ["bp", "install"]


def install(
    server: Flask,
    engine,
    holder,
    secret_key: str,
    require_signin: bool = False,
    user_header: str = "",
    pages=(),
) -> None:
    """Register /admin on `server`. `engine` is the store's (None when the app serves a data
    directory: editing is off), `holder` the version watcher's (serving/live.py). With
    `require_signin` every page, file and callback of `server` is for signed-in users only
    (`pages`: the route table's paths, answered with the sign-in page): call this before any
    other `before_request` that can answer."""
    if require_signin and (engine is None or not secret_key):
        raise ConfigError("GETDZ_REQUIRE_SIGNIN=1 needs SECRET_KEY and the store (not GETDZ_DATA_DIR)")
    server.extensions[EXTENSION] = make_deps(engine, holder, secret_key, user_header)
    server.register_blueprint(bp)
    if require_signin:
        gate.install(server, pages)
