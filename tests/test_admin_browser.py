"""Issue 17's end-to-end test in headless Chromium, on a real PostgreSQL: an editor signs in,
downloads the workbook, adds a 2019 annual row (720.1 亿元, +6.3%) and its source document with
openpyxl,
uploads them, sees the preview (1 row added, 0 problems, the new growth check), publishes, and a
SECOND instance on the same database shows 720.1 on /?period=2019 within 10 s; then history,
rollback (the value is gone from the second instance), and sign out.

Set GETDZ_SCREENSHOTS=docs to save the README's screenshots (admin-preview.png, admin-history.png).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from admin_support import (
    DOCUMENT_TEXT,
    EDITOR,
    NEW_CHECK,
    NEW_DOCUMENT,
    NEW_VALUE,
    PASSWORD,
    add_2019_revenue,
    make_app,
)
from conftest import LiveServer
from helpers import wait_for

FOLLOW_SECONDS = 10


def test_an_editor_publishes_from_excel_and_rolls_back(pg, page_factory, tmp_path, monkeypatch):
    import app as app_module

    db_url = pg.create_database()
    first, engine, first_holder = make_app(db_url, monkeypatch)
    second = app_module.create_app({"build_id": "second-instance"})  # the same DATABASE_URL
    from serving import live

    second_holder = live._HOLDERS[-1]
    shots = os.environ.get("GETDZ_SCREENSHOTS")
    try:
        with LiveServer(first.server) as admin_server, LiveServer(second.server) as viewer:
            viewer_health = second.server.test_client()
            assert viewer_health.get("/healthz").json["version"] == 1
            page, watch = page_factory(1280, 900, accept_downloads=True)

            # sign in
            page.goto(admin_server.url + "/admin/")
            assert page.url.endswith("/admin/signin")
            page.fill("#user", EDITOR)
            page.fill("#password", PASSWORD)
            page.click("#admin-signin")
            page.wait_for_selector("#admin-current")
            assert page.text_content("#admin-current") == "1"

            # download the workbook, edit it with openpyxl
            with page.expect_download() as download:
                page.click("#admin-download")
            workbook = Path(download.value.path()).read_bytes()
            assert workbook[:2] == b"PK"
            edited = tmp_path / "dataset.xlsx"
            edited.write_bytes(add_2019_revenue(workbook))
            (tmp_path / "sources").mkdir()
            (tmp_path / NEW_DOCUMENT).write_text(DOCUMENT_TEXT, encoding="utf-8")

            # a bad upload first: a PDF renamed .xlsx is named for what it is, nothing can be published
            fake = tmp_path / "figures.xlsx"
            fake.write_bytes(b"%PDF-1.4\n%fake\n")
            page.set_input_files("#workbook", str(fake))
            page.click("#admin-upload")
            page.wait_for_selector(".admin-problem")
            assert "不是 XLSX 工作簿:该文件是 PDF 文档" in page.text_content("#admin-problems")
            assert page.is_disabled("#admin-publish-button")
            # the refusal is a 422, which Chromium reports on the console: expected here, once
            assert [e for e in watch.console_errors if "422" in e] == watch.console_errors != []
            watch.console_errors.clear()
            page.click("#admin-lang")  # the same page in English (a GET of the upload form)
            page.wait_for_selector("html[lang=en]")
            assert viewer_health.get("/healthz").json["version"] == 1

            # upload: the preview
            page.goto(admin_server.url + "/admin/")
            page.set_input_files("#workbook", str(edited))
            page.set_input_files("#documents", str(tmp_path / NEW_DOCUMENT))
            page.click("#admin-upload")
            page.wait_for_selector("#admin-no-problems")
            changes = page.text_content("#admin-changes")
            assert "数据: 新增1行、修改0行、删除0行" in " ".join(changes.split())
            assert "2019年" in changes and "赣州经开区2019年统计快报" in changes  # the source by its title
            new_check = page.locator(f"[data-kind=newly_possible] [data-check='{NEW_CHECK}']")
            assert new_check.get_attribute("class") == "check-passed"
            assert "720.1" in page.text_content("#admin-cards")
            assert page.is_enabled("#admin-publish-button")
            if shots:
                page.screenshot(path=str(Path(shots) / "admin-preview.png"), full_page=True)

            # publish: the second instance follows within 10 s
            page.fill("#note", "2019年全年规上工业主营业务收入")
            page.click("#admin-publish-button")
            page.wait_for_selector("#admin-done")
            started = time.monotonic()
            wait_for(lambda: viewer_health.get("/healthz").json["version"] == 2, FOLLOW_SECONDS, "version 2")
            assert time.monotonic() - started < FOLLOW_SECONDS
            dashboard, _ = page_factory(1280, 900)
            dashboard.goto(viewer.url + "/?period=2019")
            dashboard.wait_for_selector(f"#kpi-row >> text={NEW_VALUE}", timeout=20000)

            # history, rollback
            page.goto(admin_server.url + "/admin/history")
            assert page.locator("#admin-history tbody tr").count() == 2
            if shots:
                page.screenshot(path=str(Path(shots) / "admin-history.png"), full_page=True)
            page.locator("#admin-history tr[data-version='1'] a.admin-rollback-link").click()
            page.wait_for_selector("#admin-rollback-changes")  # the confirmation shows what changes
            assert str(NEW_VALUE) in page.inner_text("#admin-rollback-changes")
            page.fill("#note", "撤回2019年数据")
            page.click("#admin-rollback-confirm")
            page.wait_for_selector("#admin-done")
            wait_for(lambda: viewer_health.get("/healthz").json["version"] == 3, FOLLOW_SECONDS, "version 3")
            dashboard.goto(viewer.url + "/?period=2019")
            dashboard.wait_for_selector("#kpi-row .kpi-card", state="attached", timeout=20000)
            assert str(NEW_VALUE) not in dashboard.content()

            # sign out: the admin pages are closed again
            page.click("#admin-signout")
            page.wait_for_selector("#admin-signin")
            page.goto(admin_server.url + "/admin/history")
            assert page.url.endswith("/admin/signin")
            watch.assert_clean()
    finally:
        first_holder.stop()
        second_holder.stop()
        engine.dispose()
