"""`python -m metrics doctor` (deploy/doctor.py): passes on a good setup, against the live app too,
and names each bad setting, store and app in one problem line with exit 1."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import text

import store
from deploy import doctor
from metrics.dataset import DATA_DIR

ROOT = DATA_DIR.parent
SECRET = "0123456789abcdef" * 4


@pytest.fixture
def good_env(tmp_path) -> dict[str, str]:
    url = f"sqlite:///{tmp_path / 'getdz.sqlite3'}"
    engine = store.make_engine(url)
    store.migrate(engine)
    store.seed(engine)
    engine.dispose()
    return {"DATABASE_URL": url, "SECRET_KEY": SECRET, "GETDZ_PUBLIC_URL": "http://getdz.zone.gov.cn:8050/"}


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in doctor_settings()}
    return subprocess.run(
        [sys.executable, "-m", "metrics", "doctor", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def doctor_settings() -> set[str]:
    from deploy import envfile

    return {name for name, _, _ in envfile.SETTINGS} | {"DYNO", "RENDER", "FLY_APP_NAME", "K_SERVICE"}


def test_a_good_setup_passes_and_the_app_answers(live_server):
    url = os.environ["DATABASE_URL"]  # the store the live app serves (tests/conftest.py)
    env = {"DATABASE_URL": url, "SECRET_KEY": SECRET, "GETDZ_PUBLIC_URL": "http://getdz.zone.gov.cn:8050/"}
    done = cli(env, "--url", live_server.url)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "问题" not in done.stdout and "一切正常 / all checks passed" in done.stdout
    assert f"网站应答 / {live_server.url}/healthz: 200" in done.stdout
    number = store.current_number(store.make_engine(url))
    assert f"网站提供当前版本 / the app serves version {number}" in done.stdout


BAD_SETTINGS = {
    "no SECRET_KEY": ({"SECRET_KEY": ""}, "SECRET_KEY 未设置或太短"),
    "a short SECRET_KEY": ({"SECRET_KEY": "short"}, "SECRET_KEY 未设置或太短"),
    "no public URL": ({"GETDZ_PUBLIC_URL": ""}, "GETDZ_PUBLIC_URL 未设置"),
    "a loopback public URL": ({"GETDZ_PUBLIC_URL": "http://127.0.0.1:8050/"}, "GETDZ_PUBLIC_URL 指向本机"),
    "a malformed public URL": (
        {"GETDZ_PUBLIC_URL": "ftp://x/"},
        "invalid setting: GETDZ_PUBLIC_URL",
    ),
    "malformed allowed hosts": ({"GETDZ_ALLOWED_HOSTS": "ok.gov.cn, bad/host"}, "GETDZ_ALLOWED_HOSTS="),
    "a malformed boolean": ({"GETDZ_FORCE_HSTS": "maybe"}, "GETDZ_FORCE_HSTS='maybe'"),
    "SQLite on a host that restarts": ({"DYNO": "web.1"}, "SQLite on a host that restarts"),
}


@pytest.mark.parametrize("case", BAD_SETTINGS)
def test_each_bad_setting_is_one_problem(good_env, case):
    change, expected = BAD_SETTINGS[case]
    report = doctor.run({**good_env, **change}, min_free_mb=1)
    assert len(report.problems) == 1 and expected in report.problems[0], report.problems
    assert doctor.run(good_env, min_free_mb=1).problems == []


def test_the_command_exits_1_with_a_line_per_problem(good_env):
    done = cli({**good_env, "SECRET_KEY": "", "GETDZ_PUBLIC_URL": ""})
    problems = [line for line in done.stdout.splitlines() if line.startswith("问题 / problem:")]
    assert done.returncode == 1 and len(problems) == 2, done.stdout
    assert "发现 2 个问题 / 2 problem(s)" in done.stdout


def test_store_problems_are_named(good_env, tmp_path):
    missing = {**good_env, "DATABASE_URL": f"sqlite:///{tmp_path / 'none' / 'new.sqlite3'}"}
    (problem,) = doctor.run(missing, min_free_mb=1).problems
    assert "does not exist: run python -m metrics migrate" in problem and not (tmp_path / "none").exists()
    store.make_engine(f"sqlite:///{tmp_path / 'empty.sqlite3'}").dispose()
    (tmp_path / "empty.sqlite3").touch()
    unmigrated = {**good_env, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    (problem,) = doctor.run(unmigrated, min_free_mb=1).problems
    assert "the schema is at None" in problem and "python -m metrics migrate" in problem
    unreachable = {**good_env, "DATABASE_URL": "postgresql://getdz@127.0.0.1:9/getdz"}
    (problem,) = doctor.run(unreachable, min_free_mb=1).problems
    assert problem.startswith("数据库无法连接 / the database is unreachable")
    engine = store.make_engine(good_env["DATABASE_URL"])
    with engine.begin() as conn:  # damage the current version's observations behind the store's back
        conn.execute(
            text(
                "UPDATE blobs SET content = :bad WHERE sha256 = (SELECT sha256 FROM version_files "
                "WHERE version = 1 AND path = 'observations.csv')"
            ),
            {"bad": b"indicator,period\nbroken,\n"},
        )
    engine.dispose()
    (problem,) = doctor.run(good_env, min_free_mb=1).problems
    assert problem.startswith("当前版本 1 无效 / the current version 1 is invalid")


def test_low_disk_and_an_app_that_does_not_answer(good_env):
    (problem,) = doctor.run(good_env, min_free_mb=10**9).problems[:1]
    assert problem.startswith("磁盘剩余不足 / low disk")
    (problem,) = doctor.run(good_env, url="http://127.0.0.1:9/", min_free_mb=1).problems
    assert problem.startswith("网站无应答 / http://127.0.0.1:9/healthz does not answer")
