"""`python -m metrics backup` / `restore` (store/backup.py) on SQLite and on a real PostgreSQL:
backups taken while publishes run restore to a store that passes `check --store` and whose
versions, files, accounts and audit log equal the source's at that moment; a store that is not empty is
refused unless --force; a damaged archive is refused and changes nothing."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import threading

import pytest
from store_support import add_2019_revenue

import store
from metrics import workbook as wb
from metrics.dataset import DATA_DIR
from store import audit, editors
from store import backup as b

ROOT = DATA_DIR.parent


def cli(db_url, *args):
    return subprocess.run(
        [sys.executable, "-m", "metrics", *args],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": db_url},
        capture_output=True,
        text=True,
        timeout=120,
    )


def empty_store(request, db_url: str, tmp_path, name: str) -> str:
    """A new empty database of the same kind as `db_url`."""
    if db_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / f'{name}.sqlite3'}"
    return request.getfixturevalue("pg").create_database()


def history(engine) -> list[tuple]:
    """Every version (oldest first) with its files: what a restore must give back."""
    rows = sorted(store.list_versions(engine), key=lambda r: r["number"])
    return [
        (
            r["number"],
            r["parent"],
            r["created_at"].replace(tzinfo=None),
            r["author"],
            r["note"],
            r["action"],
            r["restores"],
            r["checksum"],
            r["summary"],
            store.version_files(engine, r["number"]),
        )
        for r in rows
    ]


def second_version(engine, tmp_path) -> int:
    """The issue's edit (a 2019 row from a new source) published on version 1."""
    path = add_2019_revenue(store.export_workbook(engine, 1), tmp_path)
    files = {**store.version_files(engine, 1), **wb.read_workbook(path.read_bytes(), "x.xlsx")[0]}
    files["sources/tjj-2019-annual.md"] = (tmp_path / "sources/tjj-2019-annual.md").read_bytes()
    return store.publish_files(engine, files, "2019年统计快报", "李明").number


def test_backups_taken_while_publishing_restore_equal_and_valid(engine, db_url, tmp_path, request):
    editors.add_user(engine, "wang", "a long password for wang")
    audit.record(engine, "wang", "user_add", "wang", "127.0.0.1")
    audit.record(engine, "wang", "signin", "", "127.0.0.1")
    second_version(engine, tmp_path)
    logged = [(r["at"], r["user_name"], r["action"], r["detail"]) for r in audit.recent(engine)]
    errors, done = [], threading.Event()

    def publish_meanwhile():
        try:
            for i in range(6):  # versions 3..8, alternating the content of versions 1 and 2
                store.rollback(engine, 1 + i % 2, f"回滚 {i}", "李明")
        except Exception as err:  # noqa: BLE001 - reported by the test
            errors.append(err)
        finally:
            done.set()

    worker = threading.Thread(target=publish_meanwhile)
    worker.start()
    taken = []
    while not done.is_set() and len(taken) < 40:
        taken.append(b.backup(engine, tmp_path / f"b{len(taken)}.tar.gz"))
    worker.join()
    assert errors == []
    final = history(engine)
    assert final[-1][0] == 8
    seen = {m["current_version"] for m in taken}
    assert len(seen) >= 2, f"every backup saw the same version {seen}: none overlapped a publish"
    for i, made in enumerate(taken[:: max(1, len(taken) // 4)][:4]):
        target_url = empty_store(request, db_url, tmp_path, f"restored{i}")
        target = store.make_engine(target_url)
        path = tmp_path / f"b{taken.index(made)}.tar.gz"
        try:
            manifest = b.restore(target, path)
            n = manifest["current_version"]
            assert history(target) == final[:n]  # the history is append-only: a snapshot is a prefix
            assert [u["name"] for u in editors.list_users(target)] == ["wang"]
            restored = [(r["at"], r["user_name"], r["action"], r["detail"]) for r in audit.recent(target)]
            assert [row[1:] for row in restored] == [row[1:] for row in logged]
            assert [row[0].replace(tzinfo=None) for row in restored] == [
                row[0].replace(tzinfo=None) for row in logged
            ]
            audit.record(target, "wang", "signout")  # the restored store numbers new rows itself
        finally:
            target.dispose()
        checked = cli(target_url, "check", "--store")
        assert checked.returncode == 0 and f"current version {n} is valid" in checked.stdout, checked.stderr


def test_restore_refuses_a_store_that_is_not_empty_unless_forced(engine, db_url, tmp_path, request):
    made = cli(db_url, "backup", str(tmp_path / "v1.tar.gz"))
    assert made.returncode == 0 and "current version 1" in made.stdout, made.stderr
    digest = hashlib.sha256((tmp_path / "v1.tar.gz").read_bytes()).hexdigest()
    assert (tmp_path / "v1.tar.gz.sha256").read_text() == f"{digest}  v1.tar.gz\n"
    second_version(engine, tmp_path)
    refused = cli(db_url, "restore", str(tmp_path / "v1.tar.gz"))
    assert refused.returncode == 2 and "--force" in refused.stderr
    assert store.current_number(engine) == 2  # nothing changed
    forced = cli(db_url, "restore", str(tmp_path / "v1.tar.gz"), "--force")
    assert forced.returncode == 0, forced.stderr
    assert store.current_number(engine) == 1 and len(store.list_versions(engine)) == 1


def test_a_damaged_backup_is_refused_and_changes_nothing(engine, db_url, tmp_path, request):
    path = tmp_path / "v1.tar.gz"
    assert cli(db_url, "backup", str(path)).returncode == 0
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    target_url = empty_store(request, db_url, tmp_path, "target")
    refused = cli(target_url, "restore", str(path))
    assert refused.returncode == 2 and "SHA-256" in refused.stderr
    target = store.make_engine(target_url)
    try:
        assert store.versions.schema_revision(target) is None  # not even migrated
    finally:
        target.dispose()
    with pytest.raises(store.StoreError, match="not a GETDZ backup|damaged"):
        (tmp_path / "v1.tar.gz.sha256").unlink()
        b.read_archive(path)


def test_a_sqlite_backup_restores_into_postgresql(tmp_path, pg):
    source = store.make_engine(f"sqlite:///{tmp_path / 'source.sqlite3'}")
    store.migrate(source)
    store.seed(source)
    second_version(source, tmp_path)
    b.backup(source, tmp_path / "s.tar.gz")
    target = store.make_engine(pg.create_database())
    try:
        b.restore(target, tmp_path / "s.tar.gz")
        assert history(target) == history(source)
    finally:
        source.dispose()
        target.dispose()
