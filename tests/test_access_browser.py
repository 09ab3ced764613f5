"""The closed mode (GETDZ_REQUIRE_SIGNIN=1) in headless Chromium: an anonymous reader who opens a
dashboard link lands on the sign-in page with no figure in the page and none from a fetch, signs
in as a viewer and is back on the view asked for, charts drawn, the lead headline's value (read
from the data) on its card; an admin adds an account in /admin and finds it in the audit list."""

from __future__ import annotations

import pytest
from admin_support import make_app
from conftest import LiveServer
from helpers import wait_for_charts
from test_access import ACCOUNTS, ADMIN, PASSWORDS, VIEWER, leaks, markers

from components import catalog, fmt
from metrics import queries as q


@pytest.fixture
def closed_server(tmp_path, monkeypatch):
    dash_app, engine, holder = make_app(
        f"sqlite:///{tmp_path}/getdz.sqlite3",
        monkeypatch,
        users=(),
        roles=ACCOUNTS,
        config={"require_signin": True},
    )
    try:
        with LiveServer(dash_app.server) as server:
            yield server, holder
    finally:
        holder.stop()
        engine.dispose()


def sign_in(page, name: str):
    page.fill("#user", name)
    page.fill("#password", PASSWORDS[name])
    page.click("#admin-signin")


def test_an_anonymous_reader_sees_no_figure_and_a_viewer_sees_them_after_signing_in(
    closed_server, page_factory
):
    server, holder = closed_server
    marks = markers(holder)
    page, watch = page_factory(1280, 900)
    page.goto(server.url + "/?period=2018&lang=zh")
    assert "/admin/signin?next=" in page.url
    assert page.locator("#admin-signin").is_visible()
    assert not leaks(page.content().encode(), marks) and page.locator(".js-plotly-plot").count() == 0
    status = page.evaluate("fetch('/variants/zh.json').then(r => r.status)")
    assert status == 401
    dash_status = page.evaluate("fetch('/_dash-layout').then(r => r.status)")
    assert dash_status == 401

    sign_in(page, VIEWER)
    page.wait_for_url(server.url + "/?period=2018&lang=zh")
    wait_for_charts(page, timeout=60000)  # the variants and the lower panels too; slow on a loaded box
    frame = holder.current.ctx.frame  # the view asked for: 2018's lead headline, as the data says
    rows = q.rows_at(frame, catalog.OVERVIEW_FLOWS, "2018")
    lead = rows[rows["value"].notna()].iloc[0]
    assert fmt.format_number(lead["value"]) in page.inner_text("body")
    # the only failed loads were this test's two anonymous fetches
    refused = [e for e in watch.console_errors if "401" in e]
    assert len(refused) == 2
    watch.console_errors[:] = [e for e in watch.console_errors if e not in refused]
    watch.assert_clean()


def test_an_admin_adds_an_account_and_finds_it_in_the_audit_list(closed_server, page_factory):
    server, _holder = closed_server
    page, watch = page_factory(1280, 900)
    page.goto(server.url + "/admin/")
    sign_in(page, ADMIN)
    page.wait_for_selector("#admin-nav-accounts")
    page.click("#admin-nav-accounts")
    page.wait_for_selector("#admin-accounts")
    page.fill("#name", "zhou")
    page.select_option("#role", "editor")
    page.fill("#admin-account-add #password", "a long enough password")
    page.click("#admin-account-add button[type=submit]")
    page.wait_for_selector("#admin-done")
    assert page.locator('tr[data-user="zhou"]').get_attribute("data-role") == "editor"
    page.click("#admin-nav-audit")
    page.wait_for_selector("#admin-audit")
    first = page.locator("#admin-audit tbody tr").first
    assert first.get_attribute("data-action") == "user_add"
    assert "添加账户" in first.inner_text() and "zhou (编辑)" in first.inner_text()
    watch.assert_clean()


def test_a_viewer_signs_out_from_the_dashboards_header(closed_server, page_factory):
    """The header of a page in the closed mode links to the sign-out page (in the page's language);
    its button ends the session, and the dashboard asks for a sign-in again."""
    server, _holder = closed_server
    page, watch = page_factory(1280, 900)
    page.goto(server.url + "/?lang=en")
    sign_in(page, VIEWER)
    page.wait_for_url(server.url + "/?lang=en")
    link = page.locator("#signout-link")
    link.wait_for(state="visible", timeout=60000)  # the page is drawn by its callback: slow on a loaded box
    assert link.inner_text() == "Sign out" and link.get_attribute("href") == "/admin/signout?lang=en"
    page.goto(server.url + "/")  # Chinese, the default
    page.locator("#signout-link", has_text="退出登录").wait_for(state="visible", timeout=60000)
    page.click("#signout-link")
    page.wait_for_selector("#admin-signout-confirm")
    assert "/admin/signout" in page.url and VIEWER in page.inner_text("#admin-signout-page")
    page.click("#admin-signout-confirm")
    page.wait_for_url("**/admin/signin**")
    page.goto(server.url + "/")
    assert "/admin/signin?next=" in page.url and page.locator("#signout-link").count() == 0
    watch.assert_clean()
