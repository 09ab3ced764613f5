"""Helpers for the /admin tests: an app on its own store with an editor, a signed-in test client,
and the bad workbooks of issue 17."""

from __future__ import annotations

import io
import re

import openpyxl

import store
from store import editors

ORIGIN = "http://localhost"
EDITOR, PASSWORD = "editor", "correct horse battery staple"
SECRET = "test-secret-key-0123456789abcdef"


def make_app(db_url: str, monkeypatch, secret: str = SECRET, users=((EDITOR, PASSWORD),)):
    """(dash app, engine, holder) on the store at `db_url` (migrated, seeded), with editors."""
    import app as app_module
    from serving import live

    monkeypatch.setenv("DATABASE_URL", db_url)
    engine = store.make_engine(db_url)
    store.migrate(engine)
    store.seed(engine)
    for name, password in users:
        editors.add_user(engine, name, password)
    dash_app = app_module.create_app({"build_id": "admin-test", "secret_key": secret})
    return dash_app, engine, live._HOLDERS[-1]


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def sign_in(client, name: str = EDITOR, password: str = PASSWORD, lang: str = ""):
    """Sign in through the form; returns the response of the POST."""
    page = client.get("/admin/signin" + lang)
    return client.post(
        "/admin/signin" + lang,
        data={"csrf": csrf_of(page.get_data(as_text=True)), "user": name, "password": password},
        headers={"Origin": ORIGIN},
    )


def session_csrf(client) -> str:
    return csrf_of(client.get("/admin/").get_data(as_text=True))


def post(client, path: str, data: dict, files: dict | None = None, csrf: str | None = None, **headers):
    """A same-origin form POST with the session's CSRF token (unless `csrf` is given)."""
    form = {"csrf": session_csrf(client) if csrf is None else csrf, **data}
    for field, value in (files or {}).items():
        form[field] = value
    return client.post(
        path,
        data=form,
        headers={"Origin": ORIGIN, **headers},
        content_type="multipart/form-data" if files else None,
    )


def upload(client, name: str, data: bytes, documents: dict[str, bytes] | None = None, lang: str = ""):
    files = {"workbook": (io.BytesIO(data), name)}
    if documents:
        files["documents"] = [(io.BytesIO(d), n) for n, d in documents.items()]
    return post(client, "/admin/upload" + lang, {}, files=files)


def edited(workbook: bytes, change) -> bytes:
    """The workbook after `change(book)` (openpyxl)."""
    book = openpyxl.load_workbook(io.BytesIO(workbook))
    change(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def find_row(sheet, **values) -> int:
    header = [c.value for c in sheet[1]]
    for r in range(2, sheet.max_row + 1):
        if all(sheet.cell(r, header.index(k) + 1).value == v for k, v in values.items()):
            return r
    raise KeyError(values)


def column(sheet, name: str) -> int:
    return [c.value for c in sheet[1]].index(name) + 1
