"""Checks that mean something: a consistency check newly failing blocks a publish, said in plain
Chinese; an editor may publish anyway only with a written reason, kept in the version's history,
carried while the check fails, and exposed in the dataset (`checks.override`) for the dashboard."""

from __future__ import annotations

import pytest
from admin_support import (
    DOCUMENT_TEXT,
    EDITOR,
    NEW_CHECK,
    NEW_DOCUMENT,
    NEW_SOURCE,
    PASSWORD,
    edited,
    make_app,
    post,
    sheet_of,
    sign_in,
    upload,
)

import store
from store import audit

pytestmark = pytest.mark.integration

FALL_QUOTE = "2019年,全区规模以上工业主营业务收入720.1亿元,下降4%"
REASON = "统计局快报原文如此,已电话核实:2018年基数按新口径调整"


@pytest.fixture(scope="module")
def admin(tmp_path_factory):
    db = tmp_path_factory.mktemp("checks") / "getdz.sqlite3"
    with pytest.MonkeyPatch.context() as mp:
        dash_app, engine, holder = make_app(f"sqlite:///{db}", mp)
        yield dash_app, engine, holder
        holder.stop()
        engine.dispose()


def contradicting(workbook: bytes) -> bytes:
    """2019 revenue 720.1 亿元 printed as 下降4%, against 2018's 677.5: the levels say +6.3%."""

    def change(book):
        sheet_of(book, "sources").append(
            [NEW_SOURCE, "赣州经开区2019年统计快报", "赣州经开区统计局", "2020-01-20", None, NEW_DOCUMENT]
        )
        sheet_of(book, "observations").append(
            ["industrial_revenue", "2019", 720.1, None, -4, None, "reported", None, NEW_SOURCE, FALL_QUOTE]
        )

    return edited(workbook, change)


def test_a_newly_failing_check_blocks_until_a_reason_is_written(admin):
    _, engine, holder = admin
    editor = admin[0].server.test_client()
    assert sign_in(editor, EDITOR, PASSWORD).status_code == 303
    base = store.current_number(engine)
    document = {NEW_DOCUMENT.rsplit("/", 1)[1]: DOCUMENT_TEXT.replace("增长6.3%", "下降4%").encode()}
    r = upload(editor, "dataset.xlsx", contradicting(editor.get("/admin/download").data), document)
    assert r.status_code == 303, r.get_data(as_text=True)[:3000]
    preview = editor.get(r.headers["Location"]).get_data(as_text=True)
    # not green: blocked, in plain Chinese, with the levels and the growth typed
    assert 'id="admin-no-problems"' not in preview and 'id="admin-blocked"' in preview
    assert "2019年规模以上工业主营业务收入720.1亿元比2018年677.5亿元高6.3%,与所填增长率-4%不符" in preview
    assert 'name="override"' in preview and "required" in preview.split('name="override"')[1][:40]
    ident = r.headers["Location"].rsplit("/", 1)[1]
    # without a reason: refused, nothing published
    r = post(editor, f"/admin/publish/{ident}", {"note": "2019年快报"})
    assert r.status_code == 422 and "写明理由" in r.get_data(as_text=True)
    assert store.current_number(engine) == base
    # with a reason: published, the reason in the history, the audit, and the data
    r = post(editor, f"/admin/publish/{ident}", {"note": "2019年快报", "override": REASON})
    assert r.status_code == 303 and store.current_number(engine) == base + 1
    history = editor.get("/admin/history").get_data(as_text=True)
    assert f"说明理由后发布: {REASON}" in history
    assert any(e["action"] == "override" and NEW_CHECK in e["detail"] for e in audit.recent(engine))
    checks = store.load_version(engine).dataset.checks.set_index("check_id")
    assert checks.loc[NEW_CHECK, "status"] == "failed" and checks.loc[NEW_CHECK, "override"] == REASON
    assert set(checks["override"]) == {"", REASON}  # only that figure is flagged
    live = holder.current.ctx.dataset.checks.set_index("check_id")  # what the dashboard serves
    assert live.loc[NEW_CHECK, "override"] == REASON
    # a later publish keeps the flag while the check still fails
    files = store.version_files(engine, base + 1)
    retitled = files["sources.csv"].replace("赣州经开区2019年统计快报".encode(), "2019年统计快报".encode())
    store.publish_files(engine, {**files, "sources.csv": retitled}, "标题", "li")
    later = store.load_version(engine).dataset.checks.set_index("check_id")
    assert later.loc[NEW_CHECK, "override"] == REASON
    # the next preview counts the still-failing check: never green, and not blocking
    book = edited(
        editor.get("/admin/download").data,
        lambda b: sheet_of(b, "sources").cell(sheet_of(b, "sources").max_row, 2, "快报"),
    )
    r = upload(editor, "dataset.xlsx", book)
    assert r.status_code == 303, r.get_data(as_text=True)[:3000]
    page = editor.get(r.headers["Location"]).get_data(as_text=True)
    assert 'id="admin-failing"' in page and "仍有 1 项核对未通过" in page
    assert 'id="admin-no-problems"' not in page and 'name="override"' not in page
