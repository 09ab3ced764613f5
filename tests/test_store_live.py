"""The app follows the store: a publish shows within seconds, no request mixes two versions, the
caches are keyed by version, and database faults never take the pages down."""

from __future__ import annotations

import json
import time

import pytest
from flask import g
from helpers import wait_for
from store_support import NEW_VALUE, add_2019_revenue

import store
from metrics import workbook as wb
from serving import live, warmup


@pytest.fixture
def served(engine, db_url, monkeypatch):
    """An app on the store (its watcher checks every 0.2 s here) and a test client."""
    import app as app_module

    monkeypatch.setenv("DATABASE_URL", db_url)
    dash_app = app_module.create_app({"build_id": "live-test"})
    holder = live._HOLDERS[-1]
    holder.interval = 0.2
    client = dash_app.server.test_client()
    assert client.get("/").status_code == 200  # the first request starts the watcher
    yield dash_app, client, holder
    holder.stop()


def page_json(client, search: str) -> str:
    """What the router callback renders for `/` + `search` (the dashboard's page), as JSON text."""
    deps = client.get("/_dash-dependencies").get_json()
    [router] = [d for d in warmup.location_callbacks(deps) if "page" in d["output"]]
    response = client.post(warmup.UPDATE, json=warmup.router_body(router, "/", search))
    assert response.status_code == 200
    return json.dumps(response.get_json(), ensure_ascii=False)


def publish_issue_edit(engine, tmp_path) -> int:
    path = add_2019_revenue(store.export_workbook(engine, 1), tmp_path)
    files = {**store.version_files(engine, 1), **wb.read_workbook(path.read_bytes(), "x.xlsx")[0]}
    files["sources/tjj-2019-annual.md"] = (tmp_path / "sources/tjj-2019-annual.md").read_bytes()
    return store.publish_files(engine, files, "2019 annual", "test").number


def test_a_publish_and_a_rollback_show_without_a_restart(served, engine, tmp_path):
    _, client, holder = served
    assert client.get("/healthz").json["version"] == 1
    before = page_json(client, "?period=2019")
    assert str(NEW_VALUE) not in before  # 2019 is not a period yet: the default view
    number = publish_issue_edit(engine, tmp_path)
    wait_for(lambda: client.get("/healthz").json["version"] == number, 10, "healthz reports the version")
    assert str(NEW_VALUE) in page_json(client, "?period=2019")
    store.rollback(engine, 1, "back", "test")
    wait_for(lambda: client.get("/healthz").json["version"] == number + 1, 10, "the rollback")
    assert str(NEW_VALUE) not in page_json(client, "?period=2019")
    assert client.get("/healthz").json["checksum"] == store.list_versions(engine)[-1]["checksum"][:12]


def test_a_request_keeps_the_version_it_started_with(served, engine, tmp_path):
    dash_app, _, holder = served
    proxy = live.LiveContext(holder)
    with dash_app.server.test_request_context("/"):
        g.getdz_snapshot = holder.current
        periods_before, key_before = proxy.choices.periods, hash(proxy)
        publish_issue_edit(engine, tmp_path)
        assert holder.refresh() is True and holder.current.number == 2
        # the swap happened, but this request still reads version 1 throughout
        assert proxy.choices.periods == periods_before and hash(proxy) == key_before
        assert "2019" not in proxy.choices.periods
    with dash_app.server.test_request_context("/"):
        g.getdz_snapshot = holder.current
        assert "2019" in proxy.choices.periods and hash(proxy) != key_before


def test_the_watcher_costs_one_query_per_interval_and_none_per_request(served, engine):
    from sqlalchemy import event

    _, client, holder = served
    queries = []
    listener = lambda *args: queries.append(args[2])  # noqa: E731
    event.listen(holder.engine, "before_cursor_execute", listener)
    try:
        holder.stop()  # no background checks during the count
        time.sleep(0.3)
        queries.clear()
        for _ in range(20):
            assert client.get("/healthz").status_code == 200
        page_json(client, "?period=2018")
        assert queries == []
        holder.refresh()
        assert len(queries) == 1 and "max" in queries[0].lower()
    finally:
        event.remove(holder.engine, "before_cursor_execute", listener)


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_the_database_stopped_while_serving(served, engine, pg):
    _, client, holder = served
    page = page_json(client, "?period=2018")
    pg.stop()
    try:
        wait_for(lambda: client.get("/healthz").json["db"] == "unreachable", 10, "healthz says unreachable")
        health = client.get("/healthz")
        assert health.status_code == 200 and health.json["status"] == "ok" and health.json["version"] == 1
        assert client.get("/").status_code == 200
        assert page_json(client, "?period=2018") == page
    finally:
        pg.restart()
    wait_for(lambda: client.get("/healthz").json["db"] == "ok", 15, "reachable again")


def test_booting_without_a_database_follows_on_data_error(monkeypatch):
    import app as app_module

    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:9/none")
    with pytest.raises(Exception, match="127.0.0.1"):
        app_module.create_app({"build_id": "b"})
    dash_app = app_module.create_app({"build_id": "b", "on_data_error": "unavailable"})
    client = dash_app.server.test_client()
    assert client.get("/healthz").status_code == 503
    assert client.get("/").status_code == 503


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_wall_refreshes_in_place_when_the_data_version_changes(served, engine, page_factory, tmp_path):
    from conftest import LiveServer

    dash_app, client, holder = served
    with LiveServer(dash_app.server) as server:
        page, watch = page_factory(1920, 1080)
        page.goto(server.url + "/wall?interval=3600&poll=0.3")
        page.wait_for_selector(".slide-deck[data-ready=true]", state="attached", timeout=30000)
        page.evaluate("window.__before_reload = true")
        for _ in range(2):  # the deck has polled /healthz and seen the data it was served with
            with page.expect_response(lambda r: r.url.endswith("/healthz"), timeout=10000):
                pass
        assert page.evaluate("window.__before_reload === true")  # same data: no reload
        before = client.get("/healthz").json["data_version"]
        publish_issue_edit(engine, tmp_path)
        wait_for(lambda: client.get("/healthz").json["version"] == 2, 15, "version 2 served")
        after = client.get("/healthz").json["data_version"]
        assert after != before
        # the slides are rendered again from the new version and swapped in place: no reload
        page.wait_for_selector(f".slide-deck[data-version='{after}']", state="attached", timeout=30000)
        assert page.evaluate("window.__before_reload === true")
        watch.assert_clean()


def test_healthz_warns_about_sqlite_on_a_host_that_restarts(served):
    from serving import health

    _, client, holder = served
    body = client.get("/healthz").json
    assert body["store"] == holder.engine.dialect.name
    snap = holder.current
    dataset = snap.ctx.dataset
    on_heroku = health.details("b", dataset, holder, env={"DYNO": "web.1"})
    locally = health.details("b", dataset, holder, env={})
    if body["store"] == "sqlite":
        assert "SQLite" in on_heroku["warning"] and "warning" not in locally
    else:
        assert "warning" not in on_heroku
