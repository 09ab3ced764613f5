"""`/admin`: editors publish new figures from Excel in the browser.

A module-level Flask blueprint (`admin.web.bp`, in the style of Flask's tutorial) of server-rendered
pages and plain HTML forms (no script: the app's CSP stays as it is, and everything works without
JavaScript): sign in, download the workbook, upload, preview (problems, the diff, the consistency
checks, the headline cards), publish with a note, history, download any version, roll back with a
note, sign out. The views take their dependencies from `current_app.extensions` (`admin.web.deps`),
so each route can be tested on any Flask app that `install`s them.

    web.py          the blueprint, its dependencies, the page renderer, redirects and refusals
    auth.py         the guard (session, same origin, CSRF), sign-in and sign-out
    views.py        the current version, downloads, history, rollback
    publishing.py   upload, preview, publish
    summary.py      a version's changes in words, the candidate's headline cards
    strings.py      every word of /admin, Chinese and English
"""

from __future__ import annotations

from flask import Flask

from . import auth, publishing, views  # noqa: F401  (register their routes on `bp`)
from .web import EXTENSION, bp, make_deps

__all__ = ["bp", "install"]


def install(server: Flask, engine, holder, secret_key: str) -> None:
    """Register /admin on `server`. `engine` is the store's (None when the app serves a data
    directory: editing is off), `holder` the version watcher's (serving/live.py)."""
    server.extensions[EXTENSION] = make_deps(engine, holder, secret_key)
    server.register_blueprint(bp)
