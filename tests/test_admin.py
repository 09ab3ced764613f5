"""/admin through the Flask test client on an SQLite store: sign-in, sessions, CSRF and same-origin
checks, throttling, logs without passwords, escaping, the upload cap, and the editor's
upload -> preview -> publish -> history -> rollback, with a conflict between two editors."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import subprocess
import sys

import pytest
from admin_support import (
    DOCUMENT_TEXT,
    EDITOR,
    NEW_CHECK,
    ORIGIN,
    PASSWORD,
    SECRET,
    add_2019_revenue,
    csrf_of,
    edited,
    make_app,
    post,
    sheet_of,
    sign_in,
    upload,
)
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import update

import store
from store import editors
from store import tables as T

# the whole app through its endpoints, on the store: `make test`, not `make test-fast`
pytestmark = pytest.mark.integration

SECOND, SECOND_PASSWORD = "second", "another long password 2"


@pytest.fixture(scope="module")
def admin(tmp_path_factory):
    db = tmp_path_factory.mktemp("admin") / "getdz.sqlite3"
    with pytest.MonkeyPatch.context() as mp:
        dash_app, engine, holder = make_app(
            f"sqlite:///{db}", mp, users=((EDITOR, PASSWORD), (SECOND, SECOND_PASSWORD))
        )
        yield dash_app, engine, holder
        holder.stop()
        engine.dispose()


@pytest.fixture
def client(admin):
    return admin[0].server.test_client()


@pytest.fixture
def editor(admin, client):
    """A signed-in editor on the seed's content (an earlier test's publish rolled back)."""
    engine = admin[1]
    try:
        store.rollback(engine, 1, "reset between tests", "test")
    except store.NoChanges:
        pass
    assert sign_in(client).status_code == 303
    return client


def the_edit(workbook: bytes, title="赣州经开区2019年统计快报") -> bytes:
    return add_2019_revenue(workbook, title)


DOCUMENT = {"tjj-2019-annual.md": DOCUMENT_TEXT.encode()}

GETS = ["/admin/", "/admin/download", "/admin/versions/1.xlsx", "/admin/history", "/admin/preview/abc"]
POSTS = ["/admin/upload", "/admin/publish/abc", "/admin/rollback/1", "/admin/signout"]


def assert_no_data(response):
    body = response.get_data()
    assert response.status_code in (303, 401, 403), response.status_code
    assert b"PK" not in body[:4] and b"industrial_revenue" not in body
    assert (
        b'id="admin-history"' not in body and b"admin-current" not in body and b"admin-problems" not in body
    )
    if response.status_code == 303:
        assert response.headers["Location"].startswith("/admin/signin")


# ---------------------------------------------------------------- access


def test_every_admin_route_refuses_an_anonymous_visitor(client):
    for path in GETS:
        assert_no_data(client.get(path))
    for path in POSTS:
        assert_no_data(client.post(path, data={"csrf": "x", "note": "n"}, headers={"Origin": ORIGIN}))
    assert client.get("/").status_code == 200  # the dashboard stays open


def test_forged_and_expired_sessions_get_nothing(admin, client):
    _, engine, _ = admin
    other_key = URLSafeTimedSerializer("another key", salt="getdz-admin-session").dumps("token")
    right_key_unknown_token = URLSafeTimedSerializer(SECRET, salt="getdz-admin-session").dumps("made-up")
    for cookie in ("garbage", other_key, right_key_unknown_token):
        client.set_cookie("getdz_admin", cookie)
        for path in GETS:
            assert_no_data(client.get(path))
        for path in POSTS:
            assert_no_data(client.post(path, data={"csrf": "x"}, headers={"Origin": ORIGIN}))
    # a real session, expired on the server
    client.delete_cookie("getdz_admin")
    assert sign_in(client).status_code == 303
    assert client.get("/admin/history").status_code == 200
    with engine.begin() as conn:
        conn.execute(update(T.sessions).values(expires_at=editors.now() - dt.timedelta(minutes=1)))
    for path in GETS:
        assert_no_data(client.get(path))


def test_sign_out_ends_the_session_everywhere(admin, client):
    assert sign_in(client).status_code == 303
    cookie = client.get_cookie("getdz_admin").value
    csrf = csrf_of(client.get("/admin/").get_data(as_text=True))
    out = client.post("/admin/signout", data={"csrf": csrf}, headers={"Origin": ORIGIN})
    assert out.status_code == 303 and client.get_cookie("getdz_admin") is None
    client.set_cookie("getdz_admin", cookie)  # the old cookie, replayed
    assert_no_data(client.get("/admin/history"))


def test_a_disabled_editor_is_signed_out(admin):
    _, engine, _ = admin
    editors.add_user(engine, "leaver", "a password of some length")
    c = admin[0].server.test_client()
    assert sign_in(c, "leaver", "a password of some length").status_code == 303
    editors.disable_user(engine, "leaver")
    assert_no_data(c.get("/admin/history"))
    assert sign_in(c, "leaver", "a password of some length").status_code == 401


def test_the_session_cookie_is_httponly_samesite_and_secure_over_https(client):
    headers = sign_in(client).headers.getlist("Set-Cookie")
    [cookie] = [h for h in headers if h.startswith("getdz_admin=")]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    page = client.get("/admin/signin", headers={"X-Forwarded-Proto": "https"})
    over_https = client.post(
        "/admin/signin",
        data={"csrf": csrf_of(page.get_data(as_text=True)), "user": EDITOR, "password": PASSWORD},
        headers={"Origin": "https://localhost", "X-Forwarded-Proto": "https"},
    )
    [cookie] = [h for h in over_https.headers.getlist("Set-Cookie") if h.startswith("getdz_admin=")]
    assert "Secure" in cookie and "HttpOnly" in cookie


def test_a_cross_site_post_is_refused(admin, editor):
    _, engine, _ = admin
    before = store.current_number(engine)
    workbook = the_edit(editor.get("/admin/download").data)
    files = {"workbook": (io.BytesIO(workbook), "dataset.xlsx")}
    # a foreign Origin and no token; a foreign Origin with the token; no Origin/Referer at all;
    # this site's Origin without the token
    cases = [
        ({"Origin": "https://evil.example"}, {}),
        ({"Origin": "https://evil.example"}, {"csrf": csrf_of(editor.get("/admin/").get_data(as_text=True))}),
        ({}, {"csrf": csrf_of(editor.get("/admin/").get_data(as_text=True))}),
        ({"Origin": ORIGIN}, {"csrf": "wrong"}),
        ({"Referer": "https://evil.example/admin/"}, {}),
    ]
    for headers, form in cases:
        files = {"workbook": (io.BytesIO(workbook), "dataset.xlsx")}
        r = editor.post("/admin/upload", data={**form, **files}, headers=headers)
        assert r.status_code == 403, (headers, r.status_code)
        r = editor.post("/admin/rollback/1", data={**form, "note": "x"}, headers=headers)
        assert r.status_code == 403
    assert store.current_number(engine) == before
    # the sign-in form too: a cross-site sign-in is refused
    assert editor.post("/admin/signin", data={"user": EDITOR, "password": PASSWORD}).status_code == 403


@pytest.mark.integration
def test_wrong_passwords_are_throttled_with_a_growing_delay(admin):
    """Per (address, account): the documented free tries, then a wait that grows; another
    address signs in to the same account meanwhile, and a spray of names from one address is
    throttled per address."""
    from store import throttle

    c = admin[0].server.test_client()
    headers = {"X-Forwarded-For": "203.0.113.7"}  # the test client's peer is 127.0.0.1: a trusted proxy
    page = c.get("/admin/signin", headers=headers)
    csrf = csrf_of(page.get_data(as_text=True))
    statuses = []
    for i in range(10):
        r = c.post(
            "/admin/signin",
            data={"csrf": csrf, "user": SECOND, "password": f"wrong {i}"},
            headers={"Origin": ORIGIN, **headers},
        )
        statuses.append(r.status_code)
    limit = throttle.LIMITS["pair"]
    assert statuses[:limit] == [401] * limit and set(statuses[limit:]) == {429}
    said = re.search(r"(\d+) 秒", r.get_data(as_text=True))  # the wait is said, counting down from 30
    assert said and 0 < int(said.group(1)) <= 30
    # the right password from this address waits too; from another address it works
    r = c.post(
        "/admin/signin",
        data={"csrf": csrf, "user": SECOND, "password": SECOND_PASSWORD},
        headers={"Origin": ORIGIN, **headers},
    )
    assert r.status_code == 429
    assert sign_in(c, SECOND, SECOND_PASSWORD).status_code == 303
    # per address: many accounts guessed from one address are throttled as well
    csrf = csrf_of(c.get("/admin/signin").get_data(as_text=True))
    spray = [
        c.post(
            "/admin/signin",
            data={"csrf": csrf, "user": f"guess{i}", "password": "x"},
            headers={"Origin": ORIGIN, "X-Forwarded-For": "192.0.2.50"},
        ).status_code
        for i in range(throttle.LIMITS["addr"] + 2)
    ]
    assert spray[0] == 401 and spray[-1] == 429
    assert sign_in(c, EDITOR, PASSWORD).status_code == 303


@pytest.mark.integration
def test_the_password_never_appears_in_logs(admin, caplog, capfd, tmp_path):
    c = admin[0].server.test_client()
    secret_word = "hunter2-very-secret-password"
    with caplog.at_level(logging.DEBUG):
        sign_in(c, EDITOR, secret_word)  # wrong
        sign_in(c, "nobody", secret_word)
        editors.add_user(admin[1], "logged", secret_word)
        assert sign_in(c, "logged", secret_word).status_code == 303
    db = tmp_path / "cli.sqlite3"
    env = {"DATABASE_URL": f"sqlite:///{db}", "PATH": "/usr/bin:/bin", "GETDZ_LOG_LEVEL": "DEBUG"}
    migrate = subprocess.run(
        [sys.executable, "-m", "metrics", "migrate"], env=env, capture_output=True, text=True
    )
    assert migrate.returncode == 0, migrate.stderr
    cli = subprocess.run(
        [sys.executable, "-m", "metrics", "users", "add", "clerk"],
        input=secret_word + "\n",
        env=env,
        capture_output=True,
        text=True,
    )
    assert cli.returncode == 0 and "added editor clerk" in cli.stdout
    out, err = capfd.readouterr()
    logged = caplog.text + out + err + cli.stdout + cli.stderr
    assert "sign-in failed" in caplog.text  # the failures were logged, without the password
    assert secret_word not in logged
    with store.make_engine(f"sqlite:///{db}").connect() as conn:
        [hashed] = conn.execute(T.users.select()).mappings().all()
    assert hashed["password_hash"].startswith("scrypt:") and secret_word not in hashed["password_hash"]


def test_without_secret_key_admin_explains_and_the_dashboard_serves(tmp_path, monkeypatch):
    dash_app, engine, holder = make_app(f"sqlite:///{tmp_path / 'x.sqlite3'}", monkeypatch, secret="")
    c = dash_app.server.test_client()
    try:
        r = c.get("/admin/")
        assert r.status_code == 503 and b"SECRET_KEY" in r.data
        assert c.post("/admin/signin", data={"user": EDITOR, "password": PASSWORD}).status_code == 503
        assert c.get("/").status_code == 200
        monkeypatch.setenv("DYNO", "web.1")  # SQLite on a host that restarts
        assert b"SQLite" in c.get("/admin/?lang=en").data
    finally:
        holder.stop()


def test_sqlite_on_a_restarting_host_is_warned_about(editor, monkeypatch):
    assert b"admin-sqlite-warning" not in editor.get("/admin/").data
    monkeypatch.setenv("DYNO", "web.1")
    page = editor.get("/admin/?lang=en").get_data(as_text=True)
    assert "admin-sqlite-warning" in page and "lost" in page


def test_uploads_have_their_own_10_mb_cap_and_the_app_keeps_1_mb(admin, editor):
    _, engine, _ = admin
    before = store.current_number(engine)
    big = b"PK\x03\x04" + b"\0" * (50 * 1024 * 1024)
    r = upload(editor, "dataset.xlsx", big)
    assert r.status_code == 413 and b"10 MB" in r.data
    assert store.current_number(engine) == before
    # 9 MB passes the cap (and is then refused as a damaged workbook, by name)
    r = upload(editor, "dataset.xlsx", b"PK\x03\x04" + b"\0" * (9 * 1024 * 1024), lang="?lang=en")
    assert r.status_code == 422 and b"not an XLSX workbook" in r.data
    r = editor.post("/_dash-update-component", data=b"x" * (2 * 1024 * 1024), content_type="application/json")
    assert r.status_code == 413


# ---------------------------------------------------------------- the editor's workflow


def test_upload_preview_publish_history_rollback(admin, editor):
    _, engine, holder = admin
    base = store.current_number(engine)
    workbook = editor.get("/admin/download")
    assert workbook.status_code == 200 and workbook.data[:2] == b"PK"
    assert f"v{base}".encode() in workbook.headers["Content-Disposition"].encode()
    r = upload(editor, "dataset.xlsx", the_edit(workbook.data), DOCUMENT)
    assert r.status_code == 303, r.get_data(as_text=True)[:2000]
    preview_url = r.headers["Location"]
    page = editor.get(preview_url + "?lang=en").get_data(as_text=True)
    assert 'id="admin-no-problems"' in page
    assert 'observations</strong>: <span class="added">1 row(s) added' in page
    assert re.search(
        rf'data-kind="newly_possible">\s*<li class="check-passed" data-check="{NEW_CHECK}"', page
    )
    assert "720.1" in page and "admin-kpis" in page  # the headline cards as they would look
    # the one-figure 2019 publish keeps the views' default period, and the preview says so
    assert re.search(r'id="admin-default">[^<]*stays 2019 H1\. 2019 is offered but is not the default', page)
    assert store.current_number(engine) == base  # nothing changed yet
    ident = preview_url.rsplit("/", 1)[1]
    assert post(editor, f"/admin/publish/{ident}", {"note": "  "}).status_code == 400
    r = post(editor, f"/admin/publish/{ident}", {"note": "2019 annual figure"})
    assert r.status_code == 303 and store.current_number(engine) == base + 1
    assert holder.current.number == base + 1  # this instance at once
    history = editor.get(r.headers["Location"]).get_data(as_text=True)
    assert "2019 annual figure" in history and EDITOR in history
    assert "数据表:新增1行、修改0行、删除0行" in history
    # the staged upload is gone: publishing it twice is impossible
    assert post(editor, f"/admin/publish/{ident}", {"note": "again"}).status_code == 404
    old = editor.get(f"/admin/versions/{base}.xlsx")
    assert old.status_code == 200 and old.data[:2] == b"PK"
    r = post(editor, f"/admin/rollback/{base}", {"note": "undo the 2019 row", "base": base + 1})
    assert r.status_code == 303 and store.current_number(engine) == base + 2
    versions = store.list_versions(engine)
    assert versions[0]["action"] == "rollback" and versions[0]["restores"] == base
    assert "2019" not in holder.current.ctx.choices.periods


def test_a_preview_older_than_the_current_version_is_not_published(admin, editor):
    _, engine, _ = admin
    other = admin[0].server.test_client()
    assert sign_in(other, SECOND, SECOND_PASSWORD).status_code in (303, 429)
    if other.get_cookie("getdz_admin") is None:  # throttled by the test above: a fresh session
        token, _ = editors.start_session(engine, SECOND)
        other.set_cookie(
            "getdz_admin", URLSafeTimedSerializer(SECRET, salt="getdz-admin-session").dumps(token)
        )
    base = store.current_number(engine)
    workbook = editor.get("/admin/download").data
    mine = upload(editor, "dataset.xlsx", the_edit(workbook), DOCUMENT).headers["Location"]
    theirs = upload(other, "dataset.xlsx", the_edit(workbook, "另一个标题"), DOCUMENT).headers["Location"]
    # each editor sees only their own staged upload
    assert editor.get(theirs).status_code == 404
    r = post(other, "/admin/publish/" + theirs.rsplit("/", 1)[1], {"note": "theirs"})
    assert r.status_code == 303 and store.current_number(engine) == base + 1
    page = editor.get(mine + "?lang=en").get_data(as_text=True)
    assert "admin-conflict" in page and f"version {base + 1}" in page
    r = post(editor, "/admin/publish/" + mine.rsplit("/", 1)[1], {"note": "mine"})
    assert r.status_code == 409 and "重新上传".encode() in r.data
    assert store.current_number(engine) == base + 1


def test_typed_text_is_escaped_everywhere_it_is_shown(admin, editor):
    _, engine, _ = admin
    evil = "<script>alert(1)</script>"
    workbook = editor.get("/admin/download").data
    r = upload(editor, "dataset.xlsx", the_edit(workbook, f"快报{evil}"), DOCUMENT)
    assert r.status_code == 303, re.findall(r'admin-problem">(.*?)</tr>', r.get_data(as_text=True))
    page = editor.get(r.headers["Location"]).get_data(as_text=True)
    assert evil not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    r = post(editor, "/admin/publish/" + r.headers["Location"].rsplit("/", 1)[1], {"note": f"note {evil}"})
    assert r.status_code == 303
    for path in ("/admin/history", "/admin/history?lang=en", "/admin/"):
        page = editor.get(path).get_data(as_text=True)
        assert evil not in page and "&lt;script&gt;" in page
    # a bad upload's problems echo the bad value escaped too
    bad = edited(workbook, lambda b: sheet_of(b, "observations").cell(3, 3, value=evil))
    page = upload(editor, "dataset.xlsx", bad).get_data(as_text=True)
    assert evil not in page and "&lt;script&gt;" in page
    r = post(editor, "/admin/rollback/1", {"note": "back to the seed", "base": store.current_number(engine)})
    assert r.status_code in (200, 303)


def test_admin_pages_carry_no_script_and_are_not_cached(editor):
    for path in ("/admin/", "/admin/history", "/admin/signin"):
        r = editor.get(path)
        assert r.headers["Cache-Control"] == "no-store"
        assert "Content-Security-Policy" in r.headers
        assert not re.search(r"<script", r.get_data(as_text=True), re.I)


def test_the_users_command(tmp_path, monkeypatch, capsys):
    from cli import main

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'users.sqlite3'}")
    assert main(["migrate"]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("a good long password\n"))
    assert main(["users", "add", "wang"]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("short\n"))
    assert main(["users", "add", "li"]) == 2
    monkeypatch.setattr(sys, "stdin", io.StringIO("a good long password\n"))
    assert main(["users", "add", "wang"]) == 2  # exists already
    assert main(["users", "add"]) == 2 and main(["users", "disable", "nobody"]) == 2
    capsys.readouterr()
    assert main(["users", "list"]) == 0
    assert re.search(r"wang\s+editor\s+active", capsys.readouterr().out)
    assert main(["users", "disable", "wang"]) == 0
    assert main(["users", "list"]) == 0
    out, err = capsys.readouterr()
    assert re.search(r"wang\s+editor\s+disabled", out) and "a good long password" not in out + err


def test_a_database_outage_is_a_short_503_page(admin, editor, monkeypatch):
    from sqlalchemy.exc import OperationalError

    def down(*_args, **_kwargs):
        raise OperationalError("SELECT", {}, Exception("connection refused"))

    monkeypatch.setattr(editors, "get_session", down)
    r = editor.get("/admin/history?lang=en")
    assert r.status_code == 503 and b"cannot be reached" in r.data and b"Traceback" not in r.data
    breaker = admin[0].server.extensions["getdz_admin"].breaker
    assert breaker.open()  # sign-ins now fail fast (tests/test_admin_hardening.py)
    breaker.reset()


def test_problems_are_said_in_chinese():
    from admin import strings as S

    samples = [
        "required value is empty",
        "not a number: '677.5亿'",
        "missing required column",
        "sheet missing",
        "duplicate observation for (a, 2019) (first on line 3)",
        "duplicate source id 'x' (first on line 2)",
        "quote not found verbatim in source 'tjj': '全区'",
        "unknown source id 'x' (not in sources.csv)",
        "source document not found: 'sources/a.md'",
        "number 720.1 does not appear in source_quote",
        "formula '=1+1' has no saved value: open the workbook in Excel or WPS and save it, or type the value",
        "derived value 566.7 does not match its formula (computes to 566.709)",
        "a derived row needs a formula",
        "date '2019' does not match precision 'day' (day: YYYY-MM-DD, month: YYYY-MM, year: YYYY)",
        "PDF has no text layer (a scan?): save it with text",
        "refused: 3,072 MB uncompressed (at most 100 MB): possibly a zip bomb",
        "the workbook is empty: its sheets have no rows",
    ]
    for text in samples:
        zh = S.message(text, "zh")
        assert zh != text and re.search(r"[\u4e00-\u9fff]", zh), text
        assert S.message(text, "en") == text
    assert "566.709" in S.message(samples[11], "zh") and "'677.5亿'" in S.message(samples[1], "zh")


def test_an_untouched_workbook_is_no_change_and_unknown_versions_are_404(admin, editor):
    _, engine, _ = admin
    before = store.list_versions(engine)
    r = upload(editor, "dataset.xlsx", editor.get("/admin/download").data)
    page = r.get_data(as_text=True)
    assert (
        r.status_code == 200 and "admin-identical" in page and "<form" not in page.split("admin-publish")[1]
    )
    assert editor.get("/admin/versions/999.xlsx").status_code == 404
    assert post(editor, "/admin/rollback/999", {"note": "x", "base": before[0]["number"]}).status_code == 404
    assert store.list_versions(engine) == before
