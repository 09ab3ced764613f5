"""Who may see what (issue 27, part 5), on SQLite and a real PostgreSQL: each role (anonymous,
viewer, editor, admin) on every route of the Flask url_map, Dash's own routes included, so a new
route is walked without being listed; the default (open) mode and the closed one
(GETDZ_REQUIRE_SIGNIN=1), where no page, file, download, variants or callback gives an anonymous
request a figure (figures read from the data: the lead headline's value as the card prints it and
its quote); a single sign-on header from a trusted and an untrusted address; the accounts pages."""

from __future__ import annotations

import json
import logging
import re

import pytest
from admin_support import EDITOR, ORIGIN, PASSWORD, csrf_of, make_app, sign_in

from components import catalog, fmt
from metrics import queries as q
from serving.endpoints import DEPENDENCIES, LAYOUT, UPDATE, location_callbacks, router_body
from store import editors

pytestmark = pytest.mark.integration

VIEWER, ADMIN = "lin", "wang"
ACCOUNTS = (
    (VIEWER, "viewer password 0001", "viewer"),
    (EDITOR, PASSWORD, "editor"),
    (ADMIN, "admin password 0002", "admin"),
)
PASSWORDS = {name: password for name, password, _ in ACCOUNTS}
LEVEL = {None: 0, "viewer": 1, "editor": 2, "admin": 3}
# A value for each URL argument of the url_map (several: each is requested). A route with an
# argument not named here fails the walk: give it a sample.
SAMPLES = {
    "filename": ["admin.css", "10-app.css", "08-filters.js"],
    "package_name": ["dash"],
    "fingerprinted_path": ["dash-renderer/build/dash_renderer.v4_4_1m1.min.js"],
    "path": ["present", "wall", "briefing", "no-such-page"],
    "lang": ["zh", "en"],
    "name": ["overview.csv", "dataset.xlsx", "nobody"],
    "number": ["1"],
    "ident": ["abc"],
    "change": ["role"],
}
UNTRUSTED = "198.51.100.23"  # a client on the network: not in FORWARDED_ALLOW_IPS (127.0.0.1)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def database(request, tmp_path_factory):
    if request.param == "sqlite":
        return lambda: f"sqlite:///{tmp_path_factory.mktemp('access')}/getdz.sqlite3"
    return request.getfixturevalue("pg").create_database


def build(database, **config):
    mp = pytest.MonkeyPatch()
    dash_app, engine, holder = make_app(database(), mp, users=(), roles=ACCOUNTS, config=config)
    return mp, dash_app, engine, holder


@pytest.fixture(scope="module")
def closed(database):
    mp, dash_app, engine, holder = build(database, require_signin=True, trusted_user_header="X-Remote-User")
    yield dash_app.server, engine, holder
    holder.stop()
    engine.dispose()
    mp.undo()


@pytest.fixture(scope="module")
def opened(database):
    mp, dash_app, engine, holder = build(database)
    yield dash_app.server, engine, holder
    holder.stop()
    engine.dispose()
    mp.undo()


def markers(holder) -> list[str]:
    """The lead headline of the default view, as the card prints it, and its quote: raw (pages,
    files) and JSON-escaped (callback answers)."""
    frame = holder.current.ctx.frame
    rows = q.rows_at(frame, catalog.OVERVIEW_FLOWS, q.default_period(frame))
    lead = rows[rows["value"].notna()].iloc[0]
    texts = [fmt.format_value(lead["value"], lead["unit"], "", "zh"), lead["source_quote"]]
    return [*texts, *(json.dumps(t)[1:-1] for t in texts)]


def leaks(body: bytes, marks) -> list[str]:
    text = body.decode("utf-8", "replace")
    return [m for m in marks if m in text]


def client_as(server, role: str | None, address: str = "127.0.0.1"):
    client = server.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    if role is not None:
        name = {"viewer": VIEWER, "editor": EDITOR, "admin": ADMIN}[role]
        assert sign_in(client, name, PASSWORDS[name]).status_code == 303
    return client


def urls(server) -> list[tuple[str, str, str]]:
    """(endpoint, method, url) for every rule of the url_map and every sample of its arguments;
    the sign-out last (it ends the session)."""
    out = []
    for rule in server.url_map.iter_rules():
        combos = [{}]
        for arg in sorted(rule.arguments):
            assert arg in SAMPLES, f"{rule.rule}: no sample value for <{arg}>: add one to SAMPLES"
            combos = [{**c, arg: v} for c in combos for v in SAMPLES[arg]]
        for values in combos:
            url = rule.rule
            for arg, value in values.items():
                url = re.sub(rf"<(?:[^:<>]+:)?{arg}>", value, url)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                out.append((rule.endpoint, method, url))
    return sorted(out, key=lambda e: e[0] == "admin.signout")


def call(server, client, method: str, url: str, csrf: str | None):
    if url == UPDATE and method == "POST":  # the router's callback, as the renderer posts it
        dep = location_callbacks(viewer_dependencies(server))[0]
        return client.post(UPDATE, json=router_body(dep, "/", ""))
    if method == "POST":
        return client.post(url, data={"csrf": csrf or "", "note": "x"}, headers={"Origin": ORIGIN})
    return client.get(url)


_DEPS = {}


def viewer_dependencies(server) -> list:
    if server not in _DEPS:
        _DEPS[server] = client_as(server, "viewer").get(DEPENDENCIES).get_json()
    return _DEPS[server]


def needed(endpoint: str) -> str | None:
    """The least role an endpoint should need in /admin (the test's own table, not the code's):
    sign-in and static files for anyone, the start page and sign-out for viewers, accounts and the
    audit for admins, every other /admin page for editors."""
    if endpoint in ("admin.signin", "admin.static", "admin.bare"):
        return None
    if endpoint in ("admin.index", "admin.signout"):
        return "viewer"
    if endpoint.startswith(("admin.account", "admin.audit")):
        return "admin"
    return "editor" if endpoint.startswith("admin.") else None


def test_the_walk_covers_dash_and_the_data_routes(closed):
    rules = {r.rule for r in closed[0].url_map.iter_rules()}
    for path in (LAYOUT, DEPENDENCIES, UPDATE, "/variants/<lang>.json", "/download/<name>", "/healthz"):
        assert path in rules
    assert "/_dash-component-suites/<string:package_name>/<path:fingerprinted_path>" in rules


@pytest.mark.parametrize("role", [None, "viewer", "editor", "admin"])
def test_each_role_on_every_route_in_the_closed_mode(closed, role, caplog):
    server, _engine, holder = closed
    marks = markers(holder)
    client = client_as(server, role)
    csrf = None if role is None else csrf_of(client.get("/admin/").get_data(as_text=True))
    seen = []
    for endpoint, method, url in urls(server):
        r = call(server, client, method, url, csrf)
        seen.append((endpoint, method, url, r.status_code))
        assert r.status_code < 500, (endpoint, method, url, r.status_code)
        need = needed(endpoint)
        if role is None:
            assert not leaks(r.get_data(), marks), (method, url)
            if endpoint.startswith("admin."):
                if need is not None and method == "GET":
                    assert r.status_code == 303 and "/admin/signin" in r.headers["Location"], url
                elif need is not None:
                    assert r.status_code in (401, 403), url
            elif url == "/healthz":
                body = r.get_json()
                assert r.status_code == 200 and body["status"] == "ok"
                assert not {"data_version", "checksum", "as_of"} & set(body)
            elif url.startswith("/assets/") and url.endswith(".css"):  # the sign-in page's style
                assert r.status_code in (200, 404), url
            elif method == "GET" and url in ("/", "/present", "/wall", "/briefing"):
                assert r.status_code == 303, url
                assert r.headers["Location"].startswith("/admin/signin?next=" + url)
            else:
                assert r.status_code == 401, (method, url, r.status_code)
        elif LEVEL[role] < LEVEL[need]:
            assert r.status_code == 403, (role, method, url, r.status_code)
        elif (endpoint, method) != ("admin.signin", "POST"):  # without the sign-in form's token: 403
            assert r.status_code not in (401, 403), (role, method, url, r.status_code)
    if role is None:  # each refused request said so in one line
        assert any(
            "closed:" in rec.getMessage() and "not signed in" in rec.getMessage() for rec in caplog.records
        )


@pytest.mark.parametrize("role", ["viewer", "editor", "admin"])
def test_signed_in_users_see_the_figures_in_the_closed_mode(closed, role):
    """The positive control of the leak checks: the same requests, signed in, carry the figures."""
    server, _engine, holder = closed
    marks = markers(holder)
    client = client_as(server, role)
    assert leaks(call(server, client, "POST", UPDATE, None).get_data(), marks)
    assert leaks(client.get("/variants/zh.json").get_data(), marks)
    assert leaks(client.get("/download/overview.csv").get_data(), marks)
    assert client.get("/download/dataset.xlsx").status_code == 200
    assert client.get(LAYOUT).status_code == 200
    body = client.get("/healthz").get_json()
    assert body["data_version"] == holder.current.ctx.dataset.version


def test_the_open_mode_keeps_public_figures_public_and_admin_closed(opened):
    server, _engine, holder = opened
    marks = markers(holder)
    anonymous = client_as(server, None)
    assert leaks(call(server, anonymous, "POST", UPDATE, None).get_data(), marks)
    assert leaks(anonymous.get("/variants/zh.json").get_data(), marks)
    assert anonymous.get("/").status_code == 200
    assert anonymous.get("/healthz").get_json()["data_version"] == holder.current.ctx.dataset.version
    for endpoint, method, url in urls(server):
        need = needed(endpoint)
        if need is None:
            continue
        r = call(server, anonymous, method, url, None)
        assert r.status_code in ((303,) if method == "GET" else (401, 403)), (method, url, r.status_code)
        assert not leaks(r.get_data(), marks)


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_roles_below_admin_are_refused_in_the_open_mode_too(opened, role):
    server = opened[0]
    client = client_as(server, role)
    for endpoint, method, url in urls(server):
        need = needed(endpoint)
        if need is not None and LEVEL[role] < LEVEL[need]:
            r = call(server, client, method, url, None)
            assert r.status_code == 403, (role, method, url)


def test_sign_in_returns_to_the_page_asked_for(closed):
    server = closed[0]
    client = client_as(server, None)
    first = client.get("/present?slides=overview")
    assert first.status_code == 303
    target = first.headers["Location"]
    page = client.get(target).get_data(as_text=True)
    assert 'name="next" value="/present?slides=overview"' in page and "请登录后查看" in page
    r = client.post(
        "/admin/signin",
        data={
            "csrf": csrf_of(page),
            "user": VIEWER,
            "password": PASSWORDS[VIEWER],
            "next": "/present?slides=overview",
        },
        headers={"Origin": ORIGIN},
    )
    assert r.status_code == 303 and r.headers["Location"] == "/present?slides=overview"
    assert client.get("/present?slides=overview").status_code == 200


@pytest.mark.parametrize(
    "target", ["//evil.example/", "https://evil.example/", "/\\evil.example", "/a\r\nSet-Cookie: x=1"]
)
def test_sign_in_never_returns_to_another_site(closed, target):
    client = client_as(closed[0], None)
    page = client.get("/admin/signin").get_data(as_text=True)
    r = client.post(
        "/admin/signin",
        data={"csrf": csrf_of(page), "user": VIEWER, "password": PASSWORDS[VIEWER], "next": target},
        headers={"Origin": ORIGIN},
    )
    assert r.status_code == 303 and r.headers["Location"] == "/"


# ---------------------------------------------------------------- the single sign-on header


def test_a_header_user_from_the_trusted_proxy_is_signed_in(closed):
    server, engine, holder = closed
    marks = markers(holder)
    proxy = client_as(server, None)  # 127.0.0.1: FORWARDED_ALLOW_IPS
    r = proxy.post(
        UPDATE,
        json=router_body(location_callbacks(viewer_dependencies(server))[0], "/", ""),
        headers={"X-Remote-User": "LIN"},
    )
    assert r.status_code == 200 and leaks(r.get_data(), marks)
    assert proxy.get("/admin/", headers={"X-Remote-User": VIEWER}).status_code == 200
    assert proxy.get("/admin/history", headers={"X-Remote-User": VIEWER}).status_code == 403
    editor = client_as(server, None)
    assert editor.get("/admin/history", headers={"X-Remote-User": EDITOR}).status_code == 200
    # the forms work: the header user got a session (and its CSRF token)
    page = editor.get("/admin/", headers={"X-Remote-User": EDITOR}).get_data(as_text=True)
    r = editor.post(
        "/admin/rollback/1",
        data={"csrf": csrf_of(page), "note": ""},
        headers={"Origin": ORIGIN, "X-Remote-User": EDITOR},
    )
    assert r.status_code == 400  # past the guard: the note is missing


def test_an_unknown_header_user_is_refused(closed, caplog):
    server = closed[0]
    client = client_as(server, None)
    with caplog.at_level(logging.WARNING):
        assert client.get("/variants/zh.json", headers={"X-Remote-User": "stranger"}).status_code == 403
        r = client.get("/admin/", headers={"X-Remote-User": "stranger"})
    assert r.status_code == 403 and "没有可用的账户" in r.get_data(as_text=True)
    assert any("stranger" in rec.getMessage() for rec in caplog.records)


def test_a_header_user_from_an_untrusted_address_is_refused_in_one_line(closed, caplog):
    server, _engine, holder = closed
    marks = markers(holder)
    client = client_as(server, None, address=UNTRUSTED)
    with caplog.at_level(logging.WARNING):
        caplog.clear()
        r = client.get("/admin/", headers={"X-Remote-User": ADMIN})
    assert r.status_code == 403 and "可信代理" in r.get_data(as_text=True)
    lines = [rec.getMessage() for rec in caplog.records if rec.levelno >= logging.WARNING]
    assert len(lines) == 1 and UNTRUSTED in lines[0] and "untrusted" in lines[0]
    for url in ("/", "/variants/zh.json", "/download/overview.csv", "/admin/accounts"):
        r = client.get(url, headers={"X-Remote-User": ADMIN})
        assert r.status_code == 403 and not leaks(r.get_data(), marks), url
    # a signed-in admin's cookie does not make the spoofed header acceptable
    admin = client_as(server, "admin", address=UNTRUSTED)
    assert admin.get("/admin/accounts", headers={"X-Remote-User": ADMIN}).status_code == 403
    assert admin.get("/admin/accounts").status_code == 200


def test_the_header_is_ignored_when_not_configured(opened):
    server = opened[0]
    client = client_as(server, None, address=UNTRUSTED)
    r = client.get("/admin/accounts", headers={"X-Remote-User": ADMIN})
    assert r.status_code == 303  # anonymous: to the sign-in page


def test_the_closed_mode_needs_a_secret_key(tmp_path, monkeypatch):
    from serving.config import ConfigError

    with pytest.raises(ConfigError, match="GETDZ_REQUIRE_SIGNIN"):
        make_app(f"sqlite:///{tmp_path}/x.sqlite3", monkeypatch, secret="", config={"require_signin": True})


def test_settings_are_parsed_strictly():
    from serving.config import ConfigError, Settings

    s = Settings.from_env({"GETDZ_REQUIRE_SIGNIN": "1", "GETDZ_TRUSTED_USER_HEADER": "X-Remote-User"})
    assert s.require_signin and s.trusted_user_header == "X-Remote-User"
    assert not Settings.from_env({}).require_signin and Settings.from_env({}).trusted_user_header == ""
    for env in ({"GETDZ_REQUIRE_SIGNIN": "maybe"}, {"GETDZ_TRUSTED_USER_HEADER": "X-User: admin"}):
        with pytest.raises(ConfigError):
            Settings.from_env(env)


def test_accounts_need_an_active_name(closed):
    engine = closed[1]
    assert editors.role_of(engine, "LIN") == "viewer" and editors.role_of(engine, "nobody") is None


# ---------------------------------------------------------------- accounts and the audit list


def admin_post(client, path: str, data: dict):
    page = client.get("/admin/accounts").get_data(as_text=True)
    return client.post(path, data={"csrf": csrf_of(page), **data}, headers={"Origin": ORIGIN})


def test_admins_manage_accounts_in_the_browser(closed):
    server, engine, _holder = closed
    admin = client_as(server, "admin")
    page = admin.get("/admin/accounts").get_data(as_text=True)
    assert 'data-user="lin" data-role="viewer"' in page and "查看者" in page and "管理员" in page
    weak = admin_post(admin, "/admin/accounts", {"name": "zhao", "role": "viewer", "password": "1234567890"})
    assert weak.status_code == 400 and "最常见的密码" in weak.get_data(as_text=True)
    bad = admin_post(
        admin, "/admin/accounts", {"name": "赵 六", "role": "viewer", "password": "a fine long password"}
    )
    assert bad.status_code == 400 and "用户名" in bad.get_data(as_text=True)
    role = admin_post(
        admin, "/admin/accounts", {"name": "zhao", "role": "root", "password": "a fine long password"}
    )
    assert role.status_code == 400
    ok = admin_post(
        admin, "/admin/accounts", {"name": "Zhao", "role": "viewer", "password": "a fine long password"}
    )
    assert ok.status_code == 303 and editors.role_of(engine, "zhao") == "viewer"
    again = admin_post(
        admin, "/admin/accounts", {"name": "zhao", "role": "editor", "password": "a fine long password"}
    )
    assert again.status_code == 409 and "已存在" in again.get_data(as_text=True)
    # the new viewer sees the data; promoted, then disabled: signed out at once
    zhao = server.test_client()
    assert sign_in(zhao, "zhao", "a fine long password").status_code == 303
    assert zhao.get("/variants/zh.json").status_code == 200
    assert admin_post(admin, "/admin/accounts/zhao/role", {"role": "editor"}).status_code == 303
    assert editors.role_of(engine, "zhao") == "editor"
    assert zhao.get("/variants/zh.json").status_code == 401  # a role change ends the sessions
    assert sign_in(zhao, "zhao", "a fine long password").status_code == 303
    assert admin_post(admin, "/admin/accounts/zhao/disable", {}).status_code == 303
    assert zhao.get("/variants/zh.json").status_code == 401 and editors.role_of(engine, "zhao") is None
    assert admin_post(admin, "/admin/accounts/zhao/enable", {}).status_code == 303
    short = admin_post(admin, "/admin/accounts/zhao/password", {"password": "short"})
    assert short.status_code == 400 and "密码太短" in short.get_data(as_text=True)
    assert (
        admin_post(admin, "/admin/accounts/zhao/password", {"password": "another fine password"}).status_code
        == 303
    )
    assert sign_in(server.test_client(), "zhao", "another fine password").status_code == 303
    assert admin_post(admin, "/admin/accounts/nobody/disable", {}).status_code == 404
    assert admin_post(admin, "/admin/accounts/zhao/explode", {}).status_code == 404
    # never without an administrator
    last = admin_post(admin, f"/admin/accounts/{ADMIN}/role", {"role": "editor"})
    assert last.status_code == 409 and "最后一个" in last.get_data(as_text=True)
    assert admin_post(admin, f"/admin/accounts/{ADMIN}/disable", {}).status_code == 409
    assert editors.role_of(engine, ADMIN) == "admin"
    # the forms carry the session's CSRF token as every form
    forged = admin.post("/admin/accounts/zhao/disable", data={"csrf": "x"}, headers={"Origin": ORIGIN})
    assert forged.status_code == 403 and editors.role_of(engine, "zhao") == "editor"


def test_the_audit_list_shows_every_kind_of_event_newest_first(closed):
    from admin_support import DOCUMENT_TEXT, NEW_DOCUMENT, post, upload
    from test_admin_checks import REASON, contradicting

    from store import audit

    server, engine, _holder = closed
    wrong = server.test_client()
    assert sign_in(wrong, VIEWER, "not the password at all").status_code == 401
    thrower = client_as(server, None, address="10.1.2.3")
    codes = [sign_in(thrower, "ghost", "not the password at all").status_code for _ in range(7)]
    assert codes[-1] == 429
    editor = client_as(server, "editor")
    document = {NEW_DOCUMENT.rsplit("/", 1)[1]: DOCUMENT_TEXT.replace("增长6.3%", "下降4%").encode()}
    r = upload(editor, "dataset.xlsx", contradicting(editor.get("/admin/download").data), document)
    assert r.status_code == 303, r.get_data(as_text=True)[:2000]
    ident = r.headers["Location"].rsplit("/", 1)[1]
    r = post(editor, f"/admin/publish/{ident}", {"note": "2019年快报", "override": REASON})
    assert r.status_code == 303
    current = editor.get("/admin/history").get_data(as_text=True)
    base = re.search(
        r'name="base" value="(\d+)"', editor.get("/admin/rollback/1?base=0").get_data(as_text=True)
    )
    r = post(editor, "/admin/rollback/1", {"note": "快报未发布", "base": base.group(1)})
    assert r.status_code == 303 and current
    assert client_as(server, None).get("/admin/", headers={"X-Remote-User": VIEWER}).status_code == 200
    admin = client_as(server, "admin")
    for path, data in (
        ("/admin/accounts", {"name": "qian", "role": "viewer", "password": "a fine long password"}),
        ("/admin/accounts/qian/role", {"role": "editor"}),
        ("/admin/accounts/qian/disable", {}),
        ("/admin/accounts/qian/enable", {}),
        ("/admin/accounts/qian/password", {"password": "another fine password"}),
    ):
        assert admin_post(admin, path, data).status_code == 303, path
    assert post(editor, "/admin/signout", {}).status_code == 303
    page = admin.get("/admin/audit").get_data(as_text=True)
    shown = re.findall(r'<tr data-action="([a-z_]+)">', page)
    for action in audit.ACTIONS:
        assert action in shown, action
    assert shown[0] == "signout"  # newest first
    words = "登录失败 登录过于频繁 发布 说明理由后发布 回滚 添加账户 更改角色 停用账户 启用账户"
    words += " 重设密码 退出登录 单点登录"
    for word in [*words.split(), "qian → 编辑"]:
        assert word in page, word
    # paged: 50 a page, older entries on the next, a bad page number is the first page
    for i in range(60):
        audit.record(engine, "filler", "signin", f"filler {i}", "-")
    total = audit.count(engine)
    first = admin.get("/admin/audit").get_data(as_text=True)
    assert "filler 59" in first and "filler 5<" not in first and f"共 {total} 条" in first
    second = admin.get("/admin/audit?page=2").get_data(as_text=True)
    assert "filler 9<" in second and 'id="admin-audit-newer"' in second
    for bad in ("abc", "0", "-1", "99999999999", "2%00"):
        r = admin.get(f"/admin/audit?page={bad}")
        assert r.status_code in (200, 400), bad
    # English on request
    assert "Audit list" in admin.get("/admin/audit?lang=en").get_data(as_text=True)


def test_the_warm_up_renders_the_pages_in_the_closed_mode(closed):
    """The master's warm-up is an in-process client (serving/warmup.py), past the gate: the pages
    are rendered before forking as in the open mode, and no HTTP request can pose as it."""
    from serving import warmup

    server = closed[0]
    assert warmup.warm(server)["renders"] >= 4
    spoof = client_as(server, None)
    assert spoof.get("/variants/zh.json", headers={"getdz.internal": "1"}).status_code == 401


def test_signed_in_answers_are_never_kept_by_a_shared_cache(closed, opened):
    version = closed[2].current.ctx.dataset.version
    viewer = client_as(closed[0], "viewer")
    for url in (f"/variants/zh.json?v={version}", "/assets/10-app.css?m=1"):
        cache = viewer.get(url).headers.get("Cache-Control", "")
        assert "private" in cache and "public" not in cache, (url, cache)
    public = client_as(opened[0], None).get(f"/variants/zh.json?v={opened[2].current.ctx.dataset.version}")
    assert "public" in public.headers["Cache-Control"]  # the open mode as before


@pytest.mark.parametrize(
    "value", ["lin\x00", "lin\x1b[31m", "a" * 300, "林", "lin; admin", " ", "li\tn"], ids=repr
)
def test_a_malformed_header_user_is_a_4xx_and_one_line(closed, value, caplog):
    server = closed[0]
    client = client_as(server, None)
    for url in ("/variants/zh.json", "/admin/", "/admin/accounts"):
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            r = client.get(url, headers={"X-Remote-User": value})
        assert 400 <= r.status_code < 500 or (value.strip() == "" and r.status_code in (303, 401)), (
            url,
            value,
        )
        lines = [rec for rec in caplog.records if rec.levelno >= logging.WARNING]
        assert len(lines) <= 1 and not any(rec.exc_info for rec in caplog.records), (url, value)


def test_a_database_outage_keeps_known_users_and_refuses_the_rest_at_once(closed):
    """While the database is known to be down (a failed request opened the breaker, or the version
    watcher has not reached it), a user the process knows keeps seeing the data; anyone else gets
    a 503 at once, never a wait on the database."""
    import time

    from sqlalchemy import create_engine
    from sqlalchemy.exc import OperationalError

    from admin.gate import Lookups, Unreachable

    server = closed[0]
    known = client_as(server, "viewer")
    assert known.get("/variants/zh.json").status_code == 200
    unknown = client_as(server, "admin")  # signed in through /admin: not looked up by the gate yet
    breaker = server.extensions["getdz_admin"].breaker
    breaker.failed()
    try:
        assert known.get("/variants/zh.json").status_code == 200
        started = time.monotonic()
        r = unknown.get("/variants/zh.json")
        assert r.status_code == 503 and "数据库" in r.get_json()["error"]
        assert time.monotonic() - started < 1.0
    finally:
        breaker.reset()
    assert unknown.get("/variants/zh.json").status_code == 200
    # a store that does not answer: the last answer stays, a new key raises
    dead = create_engine(
        "postgresql+psycopg://postgres@127.0.0.1:1/none", connect_args={"connect_timeout": 1}
    )
    lookups = Lookups()
    lookups.FRESH = 0.0
    lookups.entries["k"] = ("viewer", 0.0)

    def ask():
        with dead.connect():
            return "never"

    assert lookups.get("k", ask) == "viewer"
    with pytest.raises(OperationalError):  # asked, and failed: not the breaker's refusal
        lookups.get("other", ask)
    with pytest.raises(Unreachable):
        lookups.get("other", ask, down=True)


def test_the_users_command_says_what_it_did_in_chinese_first(tmp_path, monkeypatch, capsys):
    import io
    import sys

    from cli import main

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'u.sqlite3'}")
    assert main(["migrate"]) == 0
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdin", io.StringIO("a good long password\n"))
    assert main(["users", "add", "zhao", "--role", "viewer"]) == 0
    assert main(["users", "role", "zhao", "admin"]) == 0
    assert main(["users", "disable", "zhao"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and lines[1].startswith("zhao 的角色改为 admin")
    assert all(re.search(r"[\u4e00-\u9fff]", line.split(" / ")[0]) for line in lines)


def test_the_header_offers_signing_out_in_the_closed_mode_only(closed, opened):
    """In the closed mode every page is drawn for a signed-in viewer: its header links to the
    sign-out page (zh and en), whose button signs out through the sign-out route's POST."""
    server = closed[0]
    dep = location_callbacks(viewer_dependencies(server))[0]
    viewer = client_as(server, "viewer")
    for lang, word in (("zh", "退出登录"), ("en", "Sign out")):
        answer = viewer.post(UPDATE, json=router_body(dep, "/", f"?lang={lang}"))
        text = json.dumps(answer.get_json(), ensure_ascii=False)
        assert '"signout-link"' in text and word in text, lang
        assert ("/admin/signout?lang=en" in text) == (lang == "en")
    page = viewer.get("/admin/signout")
    assert page.status_code == 200 and b'id="admin-signout-confirm"' in page.data
    out = viewer.post(
        "/admin/signout", data={"csrf": csrf_of(page.data.decode())}, headers={"Origin": ORIGIN}
    )
    assert out.status_code == 303 and "/admin/signin" in out.headers["Location"]
    assert viewer.get("/").status_code == 303  # signed out: the dashboard asks to sign in again
    anonymous = client_as(opened[0], None)
    open_dep = location_callbacks(anonymous.get(DEPENDENCIES).get_json())[0]
    text = json.dumps(
        anonymous.post(UPDATE, json=router_body(open_dep, "/", "")).get_json(), ensure_ascii=False
    )
    assert '"lang-link"' in text and '"signout-link"' not in text
