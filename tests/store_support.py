"""A real PostgreSQL server for the store tests: Debian's `postgresql` (`make test` installs it),
initialised in a temporary directory, run as the `postgres` user when the tests run as root (the
server refuses root), listening on loopback on a free port, and stopped at the end."""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest


def _bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    def __init__(self):
        self.initdb, self.pg_ctl = _bin("initdb"), _bin("pg_ctl")
        if not (self.initdb and self.pg_ctl):
            pytest.skip("PostgreSQL is not installed (make test installs Debian's postgresql)")
        self.as_root = os.geteuid() == 0
        self.dir = Path(tempfile.mkdtemp(prefix="getdz-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}"
        self._names = itertools.count(1)

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = ["runuser", "-u", "postgres", "--", *args] if self.as_root else list(args)
        return subprocess.run(cmd, capture_output=True, text=True, check=check, timeout=120)

    def start(self) -> PostgresServer:
        if self.as_root:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run(
            self.initdb, "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"
        )
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            self.pg_ctl, "-D", str(self.data), "-o", options, "-l", str(self.dir / "log"), "-w", "start"
        )
        return self

    def stop(self) -> None:
        """Stop the server (fast: disconnects clients); the tests of faults call it too."""
        self._run(self.pg_ctl, "-D", str(self.data), "-m", "fast", "-w", "stop", check=False)

    def restart(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            self.pg_ctl, "-D", str(self.data), "-o", options, "-l", str(self.dir / "log"), "-w", "start"
        )

    def create_database(self) -> str:
        """A new, empty database; its SQLAlchemy URL."""
        from sqlalchemy import create_engine, text

        name = f"getdz_{next(self._names)}"
        engine = create_engine(f"{self.url}/postgres", isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name}"))
        engine.dispose()
        return f"{self.url}/{name}"

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def postgres_server():
    """Generator for a session fixture: `yield from postgres_server()`."""
    server = PostgresServer().start()
    try:
        yield server
    finally:
        server.cleanup()


# ---------------------------------------------------------------- the edit

NEW_SOURCE = "tjj-report-2019"
NEW_DOCUMENT = "sources/tjj-2019-annual.md"
NEW_QUOTE = "2019年,全区规模以上工业主营业务收入720.1亿元"
NEW_VALUE = 720.1


def add_2019_revenue(workbook: bytes, out_dir: Path) -> Path:
    """The issue's edit on an exported workbook (either layout). A 2019 annual 规上工业主营业务收入
    row of 720.1 亿元 from a new source, a 统计局 internal report with a document and no URL. The
    document is saved beside the workbook, where `publish` looks for it. Returns its path."""
    import io

    import openpyxl

    from metrics.clerk import table_zh

    book = openpyxl.load_workbook(io.BytesIO(workbook))
    sheets = {
        code: book[code if code in book.sheetnames else table_zh(code)]
        for code in ("sources", "observations")
    }
    sheets["sources"].append(
        [NEW_SOURCE, "赣州经开区2019年统计快报", "赣州经开区统计局", "2020-01-20", None, NEW_DOCUMENT]
    )
    sheets["observations"].append(  # codes are read in the clerk's workbook too
        ["industrial_revenue", "2019", NEW_VALUE, None, None, None, "reported", None, NEW_SOURCE, NEW_QUOTE]
    )
    (out_dir / "sources").mkdir(parents=True, exist_ok=True)
    (out_dir / NEW_DOCUMENT).write_text(
        f"# 赣州经开区2019年统计快报(内部)\n\n{NEW_QUOTE}。\n", encoding="utf-8"
    )
    path = out_dir / "dataset.xlsx"
    book.save(path)
    return path
