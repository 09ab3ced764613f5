"""The dataset store on SQLite and on a real PostgreSQL: migrate, seed, publish, diff, roll back,
export, conflicts, a publish killed mid-transaction, and the commands' exit codes."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import create_engine, text
from store_support import NEW_QUOTE, NEW_SOURCE, NEW_VALUE, add_2019_revenue

import metrics
import store
from metrics import workbook as wb
from metrics.dataset import DATA_DIR
from store import versions as v

ROOT = DATA_DIR.parent


def cli(db_url, *args, timeout=120):
    env = {**os.environ, "DATABASE_URL": db_url}
    return subprocess.run(
        [sys.executable, "-m", "metrics", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def current_values(engine, indicator, period):
    with engine.connect() as conn:
        return (
            conn.execute(
                text("SELECT value FROM current_observations WHERE indicator = :i AND period = :p"),
                {"i": indicator, "p": period},
            )
            .scalars()
            .all()
        )


def test_urls_are_normalised_for_psycopg_3():
    assert store.normalise_url("postgres://u:p@h:5432/d") == "postgresql+psycopg://u:p@h:5432/d"
    assert store.normalise_url("postgresql://h/d") == "postgresql+psycopg://h/d"
    assert store.database_url({}) == f"sqlite:///{store.DEFAULT_SQLITE}"
    assert store.database_url({"DATABASE_URL": "postgres://h/d"}) == "postgresql+psycopg://h/d"


def test_seed_is_version_1_once_and_reads_back_as_the_shipped_data(engine):
    shipped = metrics.load()
    assert store.current_number(engine) == 1
    assert store.seed(engine)[0] is None and store.current_number(engine) == 1  # idempotent
    store.migrate(engine)  # idempotent too
    loaded = store.load_version(engine)
    assert loaded.number == 1
    cols = ["indicator", "period", "value", "yoy_pct", "kind", "source_quote"]
    assert loaded.dataset.observations[cols].equals(shipped.observations[cols])
    # Analysts see the same numbers through SQL (the current_observations view)
    row = shipped.observations.iloc[0]
    assert current_values(engine, row["indicator"], row["period"]) == [pytest.approx(row["value"])]
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM current_observations")).scalar() == len(
            shipped.observations
        )


def test_a_deploy_whose_data_differs_from_the_seed_changes_nothing(engine, tmp_path):
    changed = tmp_path / "data"
    changed.mkdir()
    for path, data in wb.read_directory(DATA_DIR).items():
        (changed / path).parent.mkdir(parents=True, exist_ok=True)
        (changed / path).write_bytes(data)
    obs = changed / "observations.csv"
    obs.write_text(obs.read_text(encoding="utf-8").replace("677.5,", "677.6,", 1), encoding="utf-8")
    number, message = store.seed(engine, changed)
    assert number is None and "differs from the seed" in message and "publish" in message
    assert store.current_number(engine) == 1


def test_an_untouched_export_publishes_as_no_changes(engine, db_url, tmp_path):
    out = tmp_path / "export.xlsx"
    done = cli(db_url, "export", str(out))
    assert done.returncode == 0, done.stderr
    again = cli(db_url, "publish", str(out), "--note", "untouched")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "无变化:内容与版本 1 相同" in again.stdout  # Chinese by default
    assert store.current_number(engine) == 1


def test_publish_diff_and_rollback_of_the_issue_edit(engine, db_url, tmp_path):
    path = add_2019_revenue(store.export_workbook(engine), tmp_path)
    done = cli(db_url, "publish", str(path), "--note", "2019 annual", "--author", "clerk")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "已发布版本 2(基于版本 1" in done.stdout and "数据表:新增1行、修改0行、删除0行" in done.stdout
    assert "发布后 /、/present、/wall 的默认时期仍为2019年上半年。" in done.stdout
    assert store.current_number(engine) == 2
    [row] = [r for r in store.list_versions(engine) if r["number"] == 2]
    assert (row["parent"], row["author"], row["note"], row["action"]) == (
        1,
        "clerk",
        "2019 annual",
        "publish",
    )
    summary = row["summary"]
    assert summary["tables"]["observations"] == {"added": 1, "changed": 0, "removed": 0}
    assert summary["new_periods"] == ["2019"] and summary["new_sources"] == [NEW_SOURCE]
    assert current_values(engine, "industrial_revenue", "2019") == [pytest.approx(NEW_VALUE)]
    loaded = store.load_version(engine)
    source = loaded.dataset.sources.set_index("source").loc[NEW_SOURCE]
    assert source["url"] == "" and source["file"].endswith(".md")

    listing = cli(db_url, "versions")
    assert listing.returncode == 0 and "clerk: 2019 annual" in listing.stdout
    diff = cli(db_url, "diff", "1", "2")
    assert (
        diff.returncode == 0 and "数据表:新增1行、修改0行、删除0行" in diff.stdout and "2019年" in diff.stdout
    )
    diff = cli(db_url, "diff", "1", "2", "--lang", "en")  # the English switch: codes as before
    assert diff.returncode == 0 and "observations: +1 ~0 -0" in diff.stdout and "2019" in diff.stdout

    back = cli(db_url, "rollback", "1", "--note", "wrong figure")
    assert back.returncode == 0, back.stdout + back.stderr
    rows = {r["number"]: r for r in store.list_versions(engine)}
    assert rows[3]["action"] == "rollback" and rows[3]["restores"] == 1 and rows[3]["parent"] == 2
    assert rows[3]["checksum"] == rows[1]["checksum"]
    assert current_values(engine, "industrial_revenue", "2019") == []
    old = cli(db_url, "export", "--version", "2", str(tmp_path / "v2.xlsx"))
    assert old.returncode == 0  # older versions stay readable


def _issue_files(engine, tmp_path, value: str) -> dict[str, bytes]:
    """The issue's edit on version 1, with `value` for 720.1."""
    path = add_2019_revenue(store.export_workbook(engine, 1), tmp_path)
    files = {**store.version_files(engine, 1), **wb.read_workbook(path.read_bytes(), "x.xlsx")[0]}
    files["sources/tjj-2019-annual.md"] = (tmp_path / "sources/tjj-2019-annual.md").read_bytes()
    for key in ("observations.csv", "sources/tjj-2019-annual.md"):
        files[key] = files[key].replace(b"720.1", value.encode())
    return files


def test_a_publish_based_on_an_older_parent_is_a_conflict(engine, tmp_path):
    store.publish_files(engine, _issue_files(engine, tmp_path / "a", "720.1"), "first", "a", parent=1)
    with pytest.raises(store.Conflict, match="based on version 1"):
        store.publish_files(engine, _issue_files(engine, tmp_path / "b", "730.5"), "second", "b", parent=1)
    assert store.current_number(engine) == 2


def test_two_concurrent_publishes_never_mix(engine, tmp_path):
    """Both are based on version 1 and start together: one becomes version 2, the other is a
    conflict; the current content is exactly one of the two."""
    a, b = _issue_files(engine, tmp_path / "a", "720.1"), _issue_files(engine, tmp_path / "b", "730.5")
    barrier = threading.Barrier(2)
    outcome: dict[str, object] = {}

    def publish(name, files):
        barrier.wait()
        try:
            outcome[name] = store.publish_files(engine, files, name, name, parent=1)
        except store.Conflict as exc:
            outcome[name] = exc

    threads = [threading.Thread(target=publish, args=item) for item in (("a", a), ("b", b))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    kinds = sorted(type(o).__name__ for o in outcome.values())
    assert kinds == ["Conflict", "PublishResult"], outcome
    winner = next(o for o in outcome.values() if isinstance(o, store.PublishResult))
    assert store.current_number(engine) == 2 == winner.number
    stored = store.version_files(engine, 2)
    expected = a if outcome["a"] is winner else b
    assert wb.checksum(stored) == wb.checksum(wb.canonical_files(expected))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM versions")).scalar() == 2


def test_a_bad_workbook_exits_1_names_every_problem_and_changes_nothing(engine, db_url, tmp_path):
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(store.export_workbook(engine)))
    obs = book["observations"]
    header = [c.value for c in obs[1]]
    obs.cell(row=2, column=header.index("value") + 1, value="abc")
    obs.append(
        [
            "no_such_indicator",
            "2019",
            1,
            None,
            None,
            None,
            "reported",
            None,
            "gannan-daily-2019",
            "没有这句话",
        ]
    )
    obs.cell(row=3, column=header.index("value") + 1, value="=1+2")  # a formula without a saved value
    del book["timeline"]
    path = tmp_path / "bad.xlsx"
    book.save(path)
    before = store.version_files(engine, 1)
    done = cli(db_url, "publish", str(path), "--note", "bad", "--lang", "en")
    assert done.returncode == 1, done.stdout + done.stderr
    out = done.stdout
    assert "bad.xlsx, sheet observations, row 2, column 'value': not a number: 'abc'" in out
    assert "bad.xlsx, sheet observations, row 3, column 'value': formula '=1+2' has no saved value" in out
    assert f"row {obs.max_row}, column 'indicator': unknown indicator 'no_such_indicator'" in out
    assert f"row {obs.max_row}, column 'source_quote'" in out
    assert "bad.xlsx, sheet timeline: sheet missing" in out
    assert "nothing was published" in out
    # in Chinese (the default): the sheets and columns as the clerk's workbook names them
    zh = cli(db_url, "publish", str(path), "--note", "bad")
    assert zh.returncode == 1, zh.stdout + zh.stderr
    out = zh.stdout
    assert "bad.xlsx 工作表「数据」 第 2 行「数值」列:不是数字:'abc'" in out
    assert "bad.xlsx 工作表「数据」 第 3 行「数值」列:公式 '=1+2' 没有保存的计算结果" in out
    assert f"第 {obs.max_row} 行「指标」列:未知指标 'no_such_indicator'" in out
    assert f"第 {obs.max_row} 行「原文」列" in out and "bad.xlsx 工作表「大事记」:缺少此工作表" in out
    assert "未发布:" in out and not re.search(r"sheet|row|column|observations", out)
    assert store.current_number(engine) == 1 and store.version_files(engine, 1) == before


def test_commands_exit_2_on_usage_and_connection_errors(engine, db_url, tmp_path):
    assert cli(db_url, "diff", "1", "99").returncode == 2
    assert cli(db_url, "rollback", "abc", "--note", "x").returncode == 2
    assert cli(db_url, "publish", str(tmp_path / "missing.xlsx"), "--note", "x").returncode == 2
    assert cli(db_url, "publish", str(tmp_path)).returncode == 2  # --note is required
    down = cli("postgresql://postgres@127.0.0.1:9/none", "versions")
    assert down.returncode == 2 and "database" in down.stderr and "Traceback" not in down.stderr


def test_one_gbk_table_file_publishes_over_the_current_version(engine, db_url, tmp_path):
    """A table saved by Excel or WPS as GBK: read (same content: no changes), then a real edit."""
    original = store.version_files(engine, 1)["observations.csv"].decode("utf-8")
    path = tmp_path / "observations.csv"
    path.write_bytes(original.replace("\n", "\r\n").encode("gbk"))
    same = cli(db_url, "publish", str(path), "--note", "GBK from WPS")
    assert same.returncode == 0 and "无变化" in same.stdout, same.stdout + same.stderr
    last = original.rstrip("\n").rsplit("\n", 1)[1]
    path.write_bytes(original.replace(last + "\n", "").encode("gbk"))
    done = cli(db_url, "publish", str(path), "--note", "one row less")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "数据表:新增0行、修改0行、删除1行" in done.stdout and store.current_number(engine) == 2


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_publish_killed_mid_transaction_leaves_no_version(engine, db_url, tmp_path):
    """The publish blocks on a table the test holds locked (after it wrote its version row, inside
    its transaction); it is killed there; no version 2 appears and the next publish works."""
    path = add_2019_revenue(store.export_workbook(engine), tmp_path)
    locker = create_engine(db_url)
    with locker.connect() as conn:
        conn.execute(text("LOCK TABLE observations IN ACCESS EXCLUSIVE MODE"))
        env = {**os.environ, "DATABASE_URL": db_url}
        proc = subprocess.Popen(
            [sys.executable, "-m", "metrics", "publish", str(path), "--note", "killed"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 60
        while True:  # wait until the publisher waits on the lock, inside its transaction
            waiting = _scalar(
                engine,
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND query ILIKE 'INSERT INTO observations%'"
                ),
            )
            if waiting:
                break
            assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        conn.rollback()
    locker.dispose()
    deadline = time.monotonic() + 30
    while True:  # the server notices the dead client and aborts its transaction
        with engine.connect() as c:
            open_tx = c.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE query ILIKE 'INSERT INTO observations%' AND pid <> pg_backend_pid()"
                )
            ).scalar()
        if not open_tx or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert store.current_number(engine) == 1
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM version_files WHERE version = 2")).scalar() == 0
    done = cli(db_url, "publish", str(path), "--note", "again")
    assert done.returncode == 0, done.stdout + done.stderr
    assert store.current_number(engine) == 2
    assert NEW_QUOTE in store.version_files(engine, 2)["observations.csv"].decode("utf-8")


def _scalar(engine, query):
    """One value, read on a connection of its own (pg_stat_activity is a snapshot per transaction)."""
    with engine.connect() as conn:
        return conn.execute(query).scalar()


def test_validation_is_the_release_check(engine, db_url):
    done = cli(db_url, "check", "--store")
    assert done.returncode == 0 and "current version 1 is valid" in done.stdout
    assert v.load_version(engine).dataset.version  # the materialised files are read by metrics.load
