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


def make_app(
    db_url: str, monkeypatch, secret: str = SECRET, users=((EDITOR, PASSWORD),), config=None, roles=()
):
    """(dash app, engine, holder) on the store at `db_url` (migrated, seeded), with editors (and
    `roles`: (name, password, role) accounts); `config` overrides settings (require_signin=True)."""
    import app as app_module
    from serving import live

    monkeypatch.setenv("DATABASE_URL", db_url)
    engine = store.make_engine(db_url)
    store.migrate(engine)
    store.seed(engine)
    for name, password in users:
        editors.add_user(engine, name, password)
    for name, password, role in roles:
        editors.add_user(engine, name, password, role=role)
    dash_app = app_module.create_app({"build_id": "admin-test", "secret_key": secret, **(config or {})})
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


def sheet_of(book, code: str):
    """A table's sheet under its code (a workbook in the codes layout) or its Chinese name (the
    clerk's workbook from /admin/download: codes in the hidden row 2, data from row 3; the reader
    takes codes in its cells too)."""
    from metrics.clerk import table_zh

    return book[code] if code in book.sheetnames else book[table_zh(code)]


def first_data_row(sheet) -> int:
    """2 in the codes layout, 3 under the clerk's hidden codes row."""
    return 3 if sheet.row_dimensions[2].hidden else 2


def find_row(sheet, **values) -> int:
    header = [c.value for c in sheet[1]]
    for r in range(2, sheet.max_row + 1):
        if all(sheet.cell(r, header.index(k) + 1).value == v for k, v in values.items()):
            return r
    raise KeyError(values)


def column(sheet, name: str) -> int:
    return [c.value for c in sheet[1]].index(name) + 1


# The edit, with the growth the office reports beside the level: a 2019 annual
# 规上工业主营业务收入 of 720.1 亿元, up 6.3%, from a 统计局 report with a document and no URL.
# (With the growth stated, the 2018 level makes a new consistency check possible.)
NEW_SOURCE = "tjj-report-2019"
NEW_DOCUMENT = "sources/tjj-2019-annual.md"
NEW_VALUE = 720.1
NEW_GROWTH = 6.3
NEW_QUOTE = "2019年,全区规模以上工业主营业务收入720.1亿元,增长6.3%"
NEW_CHECK = "levels_growth:industrial_revenue@2019"
DOCUMENT_TEXT = f"# 赣州经开区2019年统计快报(内部)\n\n{NEW_QUOTE}。\n"


def add_2019_revenue(workbook: bytes, title: str = "赣州经开区2019年统计快报") -> bytes:
    def change(book):
        sheet_of(book, "sources").append(
            [NEW_SOURCE, title, "赣州经开区统计局", "2020-01-20", None, NEW_DOCUMENT]
        )
        sheet_of(book, "observations").append(
            [
                "industrial_revenue",
                "2019",
                NEW_VALUE,
                None,
                NEW_GROWTH,
                None,
                "reported",
                None,
                NEW_SOURCE,
                NEW_QUOTE,
            ]
        )

    return edited(workbook, change)
