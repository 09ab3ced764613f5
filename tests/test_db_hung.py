"""Issue 25, finding 5: a hung database. PostgreSQL paused with SIGSTOP behaves like a network
partition without resets: the kernel still accepts and acknowledges, so only timeouts end a wait.
`/healthz` must say `"db":"unreachable"` within 20 s, in every worker (the version watcher's last
success is older than `live.STALE_SECONDS`), and the public pages, which never query the database,
stay fast.
Against real gunicorn and the real PostgreSQL the tests start (tests/store_support.py)."""

from __future__ import annotations

import json
import os
import signal
import threading
import time

import pytest

from bench import attack, servers
from serving import live


def report(name: str, **figures) -> None:
    print(f"\n[{name}] " + json.dumps(figures, ensure_ascii=False))


def postgres_pids(pg) -> list[int]:
    """The postmaster (its pid file's first line) and every process under it."""
    root = int((pg.data / "postmaster.pid").read_text().split()[0])
    pids, todo = [], [root]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        todo.extend(servers.children(pid))
    return pids


def pause(pids: list[int], sig: int) -> None:
    for pid in pids:
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass


@pytest.fixture(scope="module")
def on_postgres(pg, tmp_path_factory):
    import store

    url = pg.create_database()
    engine = store.make_engine(url)
    store.migrate(engine)  # the release step
    store.seed(engine)
    engine.dispose()
    log = tmp_path_factory.mktemp("gunicorn") / "access.log"
    env = {"WEB_CONCURRENCY": "2", "DATABASE_URL": url}
    with servers.Gunicorn(env=env, boot_timeout=120, log_path=str(log)) as gunicorn:
        gunicorn.log_file = log
        yield gunicorn, pg


def paused_database(gunicorn, pg, seconds: float) -> dict:
    """Pause every PostgreSQL process for `seconds` while `/` and `/healthz` are probed; then resume
    and wait for `"db":"ok"`."""
    assert gunicorn.health()["db"] == "ok"
    public: dict = {}
    prober = threading.Thread(target=lambda: public.update(p=attack.probe(gunicorn.port, "/", seconds)))
    pids = postgres_pids(pg)
    pause(pids, signal.SIGSTOP)
    paused_at = time.monotonic()
    unreachable_after = None
    try:
        prober.start()
        health = attack.Probe()
        while time.monotonic() - paused_at < seconds:
            started = time.perf_counter()
            body = gunicorn.health()
            health.latencies_ms.append((time.perf_counter() - started) * 1000)
            # every worker must say so: the time of the first answer after the last "ok"
            if body["db"] == "ok":
                unreachable_after = None
            elif unreachable_after is None:
                unreachable_after = time.monotonic() - paused_at
            time.sleep(0.25)
        prober.join(seconds + 30)
    finally:
        pause(pids, signal.SIGCONT)
    resumed = time.monotonic()
    while gunicorn.health()["db"] != "ok" and time.monotonic() - resumed < 30:
        time.sleep(0.25)
    return {
        "paused_s": seconds,
        "unreachable_after_s": round(unreachable_after, 1) if unreachable_after else None,
        "ok_again_after_s": round(time.monotonic() - resumed, 1),
        "public": public["p"].summary(),
        "healthz": health.summary(),
    }


def check(figures: dict) -> None:
    assert figures["unreachable_after_s"] is not None and figures["unreachable_after_s"] <= 20, figures
    assert figures["public"]["errors"] == 0 and figures["public"]["p95_ms"] <= 250, figures
    assert figures["healthz"]["p95_ms"] <= 250, figures
    assert figures["ok_again_after_s"] <= 15, figures


def test_a_paused_database_is_reported_unreachable_and_the_pages_stay_fast(on_postgres):
    gunicorn, pg = on_postgres
    figures = paused_database(gunicorn, pg, 28)
    report("PostgreSQL paused 28 s", **figures)
    check(figures)


@pytest.mark.soak
def test_a_database_paused_for_a_minute_soak(on_postgres):
    gunicorn, pg = on_postgres
    figures = paused_database(gunicorn, pg, 60)
    report("PostgreSQL paused 60 s (soak)", **figures)
    check(figures)


def test_connecting_to_a_paused_database_fails_within_the_connect_timeout(on_postgres):
    import sqlalchemy as sa

    import store
    from store import db

    _, pg = on_postgres
    engine = store.make_engine(pg.create_database())
    pids = postgres_pids(pg)
    pause(pids, signal.SIGSTOP)
    started = time.monotonic()
    try:
        with pytest.raises(sa.exc.OperationalError), engine.connect():
            pass
    finally:
        pause(pids, signal.SIGCONT)
        engine.dispose()
    assert time.monotonic() - started <= db.CONNECT_TIMEOUT + 2


def test_a_stale_last_success_reads_as_unreachable(tmp_path):
    """The rule `/healthz` and the sign-in's fail-fast use, on a real (SQLite) store."""
    import store

    engine = store.make_engine(f"sqlite:///{tmp_path / 'getdz.sqlite3'}")
    store.migrate(engine)
    store.seed(engine)
    holder = live.Holder(engine, live.Snapshot(1, "x", None), build=lambda dataset: dataset)
    live._HOLDERS.remove(holder)  # not a watcher of the app
    assert holder.refresh() is False and holder.reachable()
    holder.last_ok -= live.STALE_SECONDS + 1  # the watcher has waited that long on its query
    assert not holder.reachable() and holder.last_success_age() > live.STALE_SECONDS
    assert holder.last_success_age() > 15, "admin/web.py: database_down() reads it (sign-ins: 503)"
    holder.refresh()
    assert holder.reachable()
    engine.dispose()
