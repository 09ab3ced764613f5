"""`python -m metrics doctor [--url URL] [--min-free-mb N]`: a health check an operator can script.

It checks, with the settings the service runs with (the environment: `/etc/getdz.env` on a box):
the settings themselves (every one parses as the app parses it; SECRET_KEY set and long; the
public URL set and not a loopback name; the allowed hosts; SQLite on a host that restarts, as
`/healthz` warns), the store (reachable, migrated to this release's newest migration, not empty),
the current version's validity (`metrics.load`, like `check --store`), the free disk where the
data lives, and, with `--url`, whether the app answers `/healthz` with 200 and the store's
current version. One line per check, Chinese first; exit 0 when every check passes, else 1 with
one `问题 / problem:` line per problem.

It lives in deploy/ (the operator's tools, above serving and the store) and reads the settings
through `serving.config`, the one home of their rules.
"""

from __future__ import annotations

import json
import os
import shutil
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from serving import health, urls
from serving.config import ConfigError, Settings
from store import versions as v
from store.db import DEFAULT_SQLITE, database_url, is_sqlite, make_engine

SECRET_MIN = 32  # characters: `secrets.token_hex(32)` gives 64


@dataclass
class Report:
    ok: list[str]
    problems: list[str]

    def check(self, passed: bool, ok: str, problem: str) -> bool:
        (self.ok if passed else self.problems).append(ok if passed else problem)
        return passed


def check_settings(env: Mapping[str, str], report: Report) -> Settings | None:
    try:
        settings = Settings.from_env(env)
    except ConfigError as err:
        report.problems.append(f"设置无效 / invalid setting: {err}")
        return None
    report.ok.append("设置可解析 / every setting parses")
    report.check(
        len(settings.secret_key) >= SECRET_MIN,
        "SECRET_KEY 已设置 / is set",
        "SECRET_KEY 未设置或太短: /admin 无法登录 / unset or shorter than "
        f"{SECRET_MIN} characters: python -c 'import secrets; print(secrets.token_hex(32))'",
    )
    host = settings.public_url.split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0]
    if report.check(
        bool(settings.public_url),
        f"GETDZ_PUBLIC_URL = {settings.public_url}",
        "GETDZ_PUBLIC_URL 未设置: 二维码和工作簿链接无法指向本站 / unset: QR codes and workbook links "
        "cannot point at this site",
    ):
        report.check(
            not urls.is_loopback(host),
            "GETDZ_PUBLIC_URL 不是本机地址 / is not a loopback name",
            f"GETDZ_PUBLIC_URL 指向本机 ({host}): 其他电脑打不开链接 / names this machine only",
        )
    if settings.allowed_hosts:  # a malformed list is a ConfigError above
        report.ok.append(f"GETDZ_ALLOWED_HOSTS = {', '.join(settings.allowed_hosts)}")
    restarting = [k for k in health.RESTARTING_HOSTS if env.get(k)]
    report.check(
        not (restarting and is_sqlite(database_url(env))),
        "数据库适合本主机 / the database suits this host",
        f"主机会重启并清空磁盘 ({restarting[0] if restarting else ''}), 却使用 SQLite: 发布会丢失, "
        "请设置 DATABASE_URL / SQLite on a host that restarts: publishes are lost; set DATABASE_URL",
    )
    return settings


def check_store(url: str, report: Report) -> int | None:
    """The store's checks; the current version's number, or None."""
    path = Path(url.split("///", 1)[1]) if is_sqlite(url) and "///" in url else None
    if path is not None and not path.is_file():  # never create the file (make_engine would)
        report.problems.append(
            f"SQLite 文件不存在: 运行 python -m metrics migrate / {path} does not exist: run "
            "python -m metrics migrate"
        )
        return None
    engine = make_engine(url)
    try:
        try:
            with engine.connect():  # schema_revision() reads an unreachable database as a new one
                pass
            revision = v.schema_revision(engine)
            number = v.current_number(engine) if revision else None
        except Exception as err:  # noqa: BLE001 - any failure to reach the database is the finding
            report.problems.append(f"数据库无法连接 / the database is unreachable: {_first_line(err)}")
            return None
        head = v.head_revision()
        if not report.check(
            revision is not None and (head is None or revision == head),
            f"数据库结构为最新 / the schema is at migration {revision}",
            f"数据库结构为 {revision}, 本版本为 {head}: 运行 python -m metrics migrate / the schema "
            f"is at {revision}, this release at {head}: run python -m metrics migrate",
        ):
            return None
        if not report.check(
            number is not None,
            "",
            "数据库没有任何版本: 运行 python -m metrics migrate / the store is empty",
        ):
            return None
        try:
            loaded = v.load_version(engine)
        except Exception as err:  # noqa: BLE001 - metrics.DataError names every problem
            problems = getattr(err, "problems", None) or [err]
            report.problems.append(
                f"当前版本 {number} 无效 / the current version {number} is invalid: "
                f"{len(problems)} problem(s), first: {_first_line(problems[0])}"
            )
            return None
        report.ok.append(
            f"当前版本 {loaded.number} 有效 / the current version is valid ({loaded.checksum[:12]})"
        )
        return loaded.number
    finally:
        engine.dispose()


def check_disk(url: str, env: Mapping[str, str], min_free_mb: int, report: Report) -> None:
    places = {Path.cwd()}
    if is_sqlite(url):
        places.add(Path(url.split("///", 1)[1]).parent if "///" in url else DEFAULT_SQLITE.parent)
    if env.get("GETDZ_STATIC_CACHE_DIR"):
        places.add(Path(env["GETDZ_STATIC_CACHE_DIR"]))
    for place in sorted(places):
        existing = next((p for p in (place, *place.parents) if p.exists()), Path("/"))
        free = shutil.disk_usage(existing).free // 2**20
        report.check(
            free >= min_free_mb,
            f"磁盘剩余 / free disk at {existing}: {free:,} MB",
            f"磁盘剩余不足 / low disk at {existing}: {free:,} MB free (< {min_free_mb:,} MB)",
        )


def check_app(url: str, expected: int | None, report: Report, fetch: Callable | None = None) -> None:
    health_url = url.rstrip("/") + "/healthz"
    try:
        with (fetch or urllib.request.urlopen)(health_url, timeout=5) as response:
            status, body = response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as err:
        status, body = err.code, {}
    except (OSError, ValueError) as err:
        report.problems.append(f"网站无应答 / {health_url} does not answer: {_first_line(err)}")
        return
    if not report.check(
        status == 200 and body.get("status") == "ok",
        f"网站应答 / {health_url}: 200",
        f"网站应答异常 / {health_url}: {status} {body.get('status', '')}".rstrip(),
    ):
        return
    serving = body.get("version")
    report.check(
        expected is None or serving is None or serving == expected,
        f"网站提供当前版本 / the app serves version {serving}",
        f"网站提供版本 {serving}, 数据库当前版本为 {expected} / the app serves version {serving}, "
        f"the store's current version is {expected}",
    )
    if body.get("warning"):
        report.problems.append(f"/healthz 警告 / warns: {body['warning']}")


def run(env: Mapping[str, str] | None = None, url: str | None = None, min_free_mb: int = 500) -> Report:
    env = os.environ if env is None else env
    report = Report([], [])
    settings = check_settings(env, report)
    store_url = database_url(env)
    number = None
    if settings is not None and settings.data_dir:
        report.ok.append(f"GETDZ_DATA_DIR: 不使用数据库 / serving {settings.data_dir} without the store")
    else:
        number = check_store(store_url, report)
    check_disk(store_url, env, min_free_mb, report)
    if url:
        check_app(url, number, report)
    report.ok = [line for line in report.ok if line]
    return report


def _first_line(err) -> str:
    text = str(getattr(err, "orig", None) or err).strip()
    return text.splitlines()[0] if text else type(err).__name__
