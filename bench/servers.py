"""Start the app the way production does (gunicorn with `gunicorn.conf.py`) on a free loopback port,
and the headless Chromium that the bench and the tests drive."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("GETDZ_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CPU_SLOWDOWN = 4  # Chrome's CPU throttling (CDP Emulation.setCPUThrottlingRate): an office laptop


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gunicorn_path() -> str:
    """The gunicorn of the running interpreter's environment (`.venv/bin/gunicorn` under make)."""
    return str(Path(sys.executable).with_name("gunicorn"))


def get(port: int, path: str, timeout: float = 5.0, headers: dict | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def rss_kb(pid: int) -> int:
    """Resident set size of a process in KiB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def pss_kb(pid: int) -> int:
    """Proportional set size in KiB: pages shared with the preloading master count in part."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(x) for x in text.split()]


class Gunicorn:
    """`PORT=<port> gunicorn <app>` in the repo root (`app:server`, or the bench's baseline
    `bench.baseline_app:server`), with `gunicorn.conf.py`; `with Gunicorn() as g: g.port`."""

    def __init__(
        self,
        port: int | None = None,
        env: dict | None = None,
        args: tuple = (),
        boot_timeout: float = 60.0,
        log_path: str | None = None,
        app: str = "app:server",
    ):
        self.port = port or free_port()
        self.env = {
            **os.environ,
            "PORT": str(self.port),
            "HOST": "127.0.0.1",
            "PYTHONUNBUFFERED": "1",
            "MALLOC_ARENA_MAX": "2",  # as the Procfile starts it
            **(env or {}),
        }
        self.args = args
        self.app = app
        self.boot_timeout = boot_timeout
        self.log_path = log_path
        self.proc: subprocess.Popen | None = None
        self.boot_seconds: float | None = None
        self._log = None

    def start(self) -> Gunicorn:
        self._log = open(self.log_path, "wb") if self.log_path else subprocess.DEVNULL
        started = time.monotonic()
        self.proc = subprocess.Popen(
            [gunicorn_path(), self.app, *self.args],
            cwd=ROOT,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        while time.monotonic() - started < self.boot_timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.proc.returncode} before serving")
            try:
                status, _ = get(self.port, "/healthz", timeout=2)
                if status == 200:
                    self.boot_seconds = time.monotonic() - started
                    return self
            except OSError:
                pass
            time.sleep(0.05)
        self.stop()
        raise TimeoutError(f"gunicorn did not answer /healthz within {self.boot_timeout} s")

    def workers(self) -> list[int]:
        return children(self.proc.pid) if self.proc else []

    def health(self) -> dict:
        return json.loads(get(self.port, "/healthz")[1])

    def stop(self, timeout: float = 30.0) -> int | None:
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        if self._log not in (None, subprocess.DEVNULL):
            self._log.close()
        return self.proc.returncode

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
