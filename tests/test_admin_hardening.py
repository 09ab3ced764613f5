"""Issue 25's findings on /admin, each reproduced first: spoofed X-Forwarded-For, the throttle's
race and its lockout, a hung database at sign-in, a rollback racing a publish, the Host header
in a redirect, weak passwords, names differing in case, and a NUL in the user name."""

from __future__ import annotations

import io
import sys
import threading
import time

import pytest
from admin_support import (
    DOCUMENT_TEXT,
    EDITOR,
    NEW_DOCUMENT,
    ORIGIN,
    PASSWORD,
    add_2019_revenue,
    csrf_of,
    edited,
    make_app,
    post,
    sign_in,
)
from sqlalchemy.exc import OperationalError

import store
from metrics import workbook as wb
from store import audit, editors, throttle

SPOOFER = "198.51.100.23"  # a client on the network: not in FORWARDED_ALLOW_IPS (127.0.0.1)


@pytest.fixture(scope="module")
def admin(tmp_path_factory):
    db = tmp_path_factory.mktemp("hardening") / "getdz.sqlite3"
    with pytest.MonkeyPatch.context() as mp:
        dash_app, engine, holder = make_app(
            f"sqlite:///{db}", mp, users=((EDITOR, PASSWORD), ("li", PASSWORD))
        )
        yield dash_app, engine, holder
        holder.stop()
        engine.dispose()


def from_address(admin, address: str):
    client = admin[0].server.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def fresh_account(engine, name: str) -> str:
    editors.add_user(engine, name, PASSWORD)
    return name


def attempts(client, name: str, n: int, forwarded=lambda i: None, password="wrong password"):
    page = client.get("/admin/signin")
    csrf = csrf_of(page.get_data(as_text=True))
    out = []
    for i in range(n):
        headers = {"Origin": ORIGIN}
        if forwarded(i):
            headers["X-Forwarded-For"] = forwarded(i)
        data = {"csrf": csrf, "user": name, "password": password}
        out.append(client.post("/admin/signin", data=data, headers=headers).status_code)
    return out


def counting(monkeypatch):
    calls = []
    real = editors.check_password

    def check(*args, **kwargs):
        calls.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(editors, "check_password", check)
    return calls


@pytest.mark.integration
def test_sixty_spoofed_addresses_without_a_trusted_proxy_are_throttled_at_the_limit(admin, monkeypatch):
    """Before: each spoofed X-Forwarded-For was a new address, and all 60 reached the password."""
    _, engine, _ = admin
    name = fresh_account(engine, "spoofed")
    checks = counting(monkeypatch)
    client = from_address(admin, SPOOFER)
    statuses = attempts(client, name, 60, forwarded=lambda i: f"10.9.{i}.1")
    limit = throttle.LIMITS["pair"]
    assert statuses[:limit] == [401] * limit and set(statuses[limit:]) == {429}
    assert len(checks) == limit
    # the office behind a trusted proxy keeps its own count: the spoofer locked nobody else out
    office = admin[0].server.test_client()  # peer 127.0.0.1, a trusted proxy
    assert sign_in(office, name, PASSWORD).status_code == 303
    failed = [e for e in audit.recent(engine) if e["user_name"] == name and e["action"] == "signin_failed"]
    assert {e["address"] for e in failed} == {SPOOFER}


@pytest.mark.integration
def test_forty_concurrent_sign_ins_get_at_most_the_limit_of_password_checks(admin, monkeypatch):
    """Before: a check-then-insert race let 40 concurrent tries reach 12 password checks."""
    _, engine, _ = admin
    name = fresh_account(engine, "raced")
    checks = counting(monkeypatch)
    clients = [from_address(admin, "192.0.2.77") for _ in range(40)]
    forms = [csrf_of(c.get("/admin/signin").get_data(as_text=True)) for c in clients]
    gate = threading.Barrier(40)
    statuses = []

    def go(client, csrf):
        gate.wait()
        data = {"csrf": csrf, "user": name, "password": "wrong password"}
        statuses.append(client.post("/admin/signin", data=data, headers={"Origin": ORIGIN}).status_code)

    threads = [threading.Thread(target=go, args=pair) for pair in zip(clients, forms, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(statuses) == 40 and set(statuses) <= {401, 429}
    assert len(checks) == statuses.count(401) <= throttle.LIMITS["pair"]


def test_the_throttle_claims_atomically_on_sqlite_and_postgresql(engine):
    """40 threads claim the same (address, account) at once: exactly the limit go through."""
    gate = threading.Barrier(40)
    waits = []

    def claim():
        gate.wait()
        waits.append(throttle.claim(engine, "someone", "203.0.113.5"))

    threads = [threading.Thread(target=claim) for _ in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(waits) == 40
    assert sum(1 for w in waits if not w) == throttle.LIMITS["pair"]
    # the delay grows: 30 s after the limit, then twice that
    assert throttle.delay("pair", 5).total_seconds() == 30 and throttle.delay("pair", 6).total_seconds() == 60
    assert throttle.delay("pair", 40) == throttle.MAX_WAIT


@pytest.mark.integration
def test_sign_ins_fail_fast_while_the_database_is_unreachable(admin, monkeypatch):
    """Before: every sign-in waited on the database's timeouts on a serving thread."""
    from admin import web

    calls = []

    def hung(*_args, **_kwargs):
        calls.append(1)
        time.sleep(1.0)  # a connect timeout, shortened
        raise OperationalError("SELECT", {}, Exception("timeout expired"))

    monkeypatch.setattr(throttle, "claim", hung)
    breaker = admin[0].server.extensions[web.EXTENSION].breaker
    client = admin[0].server.test_client()
    first = attempts(client, EDITOR, 1)
    assert first == [503] and len(calls) == 1
    started = time.monotonic()
    page = client.get("/admin/signin")
    data = {"csrf": csrf_of(page.get_data(as_text=True)), "user": EDITOR, "password": PASSWORD}
    r = client.post("/admin/signin", data=data, headers={"Origin": ORIGIN})
    assert r.status_code == 503 and "数据库暂时无法连接" in r.get_data(as_text=True)
    assert time.monotonic() - started < 0.5 and len(calls) == 1
    assert breaker.open()
    breaker.reset()


def publish_revenue(engine, title: str) -> None:
    """The 2019 revenue row with its source titled `title` (added, or retitled when present)."""
    book = store.export_workbook(engine)
    if NEW_DOCUMENT.encode() in store.version_files(engine, store.current_number(engine)).get(
        "sources.csv", b""
    ):
        book = edited(book, lambda b: b["sources"].cell(b["sources"].max_row, 2, value=title))
    else:
        book = add_2019_revenue(book, title)
    files, problems = wb.read_workbook(book, "dataset.xlsx")
    assert problems == []
    current = store.version_files(engine, store.current_number(engine))
    store.publish_files(engine, {**current, **files, NEW_DOCUMENT: DOCUMENT_TEXT.encode()}, title, "li")


@pytest.mark.integration
def test_a_rollback_racing_a_publish_is_a_409(admin, tmp_path, monkeypatch, capsys):
    """Before: editor 1 rolled back to v3 from a history at v4 while editor 2 published v5; the
    result equalled v3 and v5 was silently undone."""
    _, engine, _ = admin
    publish_revenue(engine, "赣州经开区2019年统计快报")
    editor = admin[0].server.test_client()
    assert sign_in(editor).status_code == 303
    history = editor.get("/admin/history").get_data(as_text=True)
    seen = store.current_number(engine)
    assert f"/admin/rollback/1?base={seen}" in history
    confirm = editor.get(f"/admin/rollback/1?base={seen}").get_data(as_text=True)
    assert f'name="base" value="{seen}"' in confirm and "admin-rollback-changes" in confirm
    publish_revenue(engine, "另一位编辑改的标题")  # another editor, in between
    current = store.current_number(engine)
    r = post(editor, "/admin/rollback/1", {"note": "undo", "base": seen})
    assert r.status_code == 409 and f"版本 {current}" in r.get_data(as_text=True)
    assert store.current_number(engine) == current
    assert post(editor, "/admin/rollback/1", {"note": "undo"}).status_code == 400  # no base: refused
    # the command line takes the same guard
    from cli import main

    monkeypatch.setenv("DATABASE_URL", str(engine.url.render_as_string(hide_password=False)))
    assert main(["rollback", "1", "--note", "undo", "--base", str(seen)]) == 2
    assert "conflict" in capsys.readouterr().err and store.current_number(engine) == current


@pytest.mark.integration
def test_admin_redirects_are_relative(admin):
    client = admin[0].server.test_client()
    r = client.get("/admin", headers={"Host": "evil.example"})
    assert r.status_code == 308 and r.headers["Location"] == "/admin/"
    r = client.get("/admin/history", headers={"Host": "evil.example"})
    assert r.status_code == 303 and r.headers["Location"].startswith("/admin/signin")


@pytest.mark.integration
def test_a_nul_or_control_character_in_the_user_name_is_a_400(admin):
    client = admin[0].server.test_client()
    for name in ("edi\x00tor", "a\nb", "x\x7f"):
        assert attempts(client, name, 1) == [400]


@pytest.mark.integration
def test_names_are_case_folded_and_weak_passwords_refused(admin):
    _, engine, _ = admin
    with pytest.raises(store.StoreError, match="exists already"):
        editors.add_user(engine, "EDITOR", "another long password 9")
    client = admin[0].server.test_client()
    assert sign_in(client, " Editor ", PASSWORD).status_code == 303
    for weak in (" " * 12, "\t" * 10, "1234567890", "QwertyUiop", "password123", "aaaaaaaaaaaa", "short"):
        with pytest.raises(store.StoreError):
            editors.add_user(engine, "weakling", weak)
    assert editors.add_user(engine, "Strong", "红色故里 2019 统计") == "strong"


def test_the_users_command_takes_roles_and_is_audited(tmp_path, monkeypatch, capsys):
    from cli import main

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'u.sqlite3'}")
    assert main(["migrate"]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("a good long password\n"))
    assert main(["users", "add", "Zhao", "--role", "admin"]) == 0
    assert main(["users", "role", "zhao", "viewer"]) == 0
    assert main(["users", "role", "zhao", "owner"]) == 2
    capsys.readouterr()
    assert main(["users", "list"]) == 0
    assert "zhao" in capsys.readouterr().out
    engine = store.make_engine(f"sqlite:///{tmp_path / 'u.sqlite3'}")
    actions = [e["action"] for e in audit.recent(engine)]
    engine.dispose()
    assert actions[:2] == ["user_role", "user_add"]
