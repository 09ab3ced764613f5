"""Hostile traffic for the hardening tests and `make soak`, loopback only: slow-header clients that
hold connections open, junk-parameter floods, and a probe that times `/healthz` meanwhile."""

from __future__ import annotations

import http.client
import random
import socket
import statistics
import threading
import time
from dataclasses import dataclass, field

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@dataclass
class Probe:
    """Latencies (ms) of requests to one path; a timeout or error counts as `timeout` ms."""

    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)

    def p(self, q: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]

    def summary(self) -> dict:
        return {
            "requests": len(self.latencies_ms),
            "errors": self.errors,
            "p50_ms": round(self.p(50), 1),
            "p95_ms": round(self.p(95), 1),
            "max_ms": round(max(self.latencies_ms), 1) if self.latencies_ms else None,
            "mean_ms": round(statistics.fmean(self.latencies_ms), 1) if self.latencies_ms else None,
            "error_samples": self.error_samples[:3],
        }


def probe(port: int, path: str, seconds: float, interval: float = 0.05, timeout: float = 5.0) -> Probe:
    """GET `path` on a new connection every `interval` s for `seconds`, timing each answer."""
    result = Probe()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            conn.close()
            ok = response.status == 200
            if not ok:
                result.error_samples.append(f"HTTP {response.status}")
        except (OSError, http.client.HTTPException) as err:
            ok = False
            result.error_samples.append(f"{time.monotonic() - deadline + seconds:.1f} s: {err!r}")
        elapsed = (time.perf_counter() - started) * 1000
        result.latencies_ms.append(elapsed if ok else timeout * 1000)
        result.errors += not ok
        time.sleep(max(0.0, interval - elapsed / 1000))
    return result


class SlowHeaders:
    """`count` connections that send a request line, then one header line every `every` s, never
    finishing the headers (a slowloris). `with SlowHeaders(port, 50): ...`"""

    def __init__(self, port: int, count: int, every: float = 5.0):
        self.port, self.count, self.every = port, count, every
        self.sockets: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._drip, daemon=True)

    def __enter__(self):
        for _ in range(self.count):
            sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
            sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            self.sockets.append(sock)
        self._thread.start()
        return self

    def _drip(self) -> None:
        n = 0
        while not self._stop.wait(self.every):
            n += 1
            for sock in list(self.sockets):
                try:
                    sock.sendall(f"X-Slow-{n}: {n}\r\n".encode())
                except OSError:
                    self.sockets.remove(sock)  # the server gave up on it: fine

    @property
    def open(self) -> int:
        return len(self.sockets)

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(self.every + 1)
        for sock in self.sockets:
            sock.close()


def junk_paths(base: str, count: int, seed: int = 1) -> list[str]:
    """`count` distinct URLs: `base` plus a random junk parameter each (`&j=<random>`)."""
    rng = random.Random(seed)
    sep = "&" if "?" in base else "?"
    return [f"{base}{sep}j={rng.getrandbits(64):016x}" for _ in range(count)]


def access_entries(log_text: str, path: str) -> list[dict]:
    """The access-log entries for `path` (gunicorn.conf.py's JSON format: ms, status, pid...)."""
    import json

    out = []
    for line in log_text.splitlines():
        if line.startswith('{"remote"'):
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if entry.get("path") == path:
                out.append(entry)
    return out


def access_ms(log_text: str, path: str) -> list[float]:
    """Server-side milliseconds of every access-log line for `path`."""
    return [float(entry["ms"]) for entry in access_entries(log_text, path)]


def warm_every_worker(gunicorn, body: dict, tries: int = 40) -> int:
    """Post `body` on fresh connections until every worker has served it (the access log names the
    worker's pid), so that what follows measures warm workers; returns the requests it took."""
    import json

    from serving.endpoints import UPDATE

    expected = int(gunicorn.env.get("WEB_CONCURRENCY", "1"))
    deadline = time.monotonic() + 60
    while len(gunicorn.workers()) < expected and time.monotonic() < deadline:
        time.sleep(0.1)  # /healthz answers once the first worker is up; wait for the others
    workers = {f"<{pid}>" for pid in gunicorn.workers()}  # gunicorn's %(p)s
    encoded = json.dumps(body).encode()
    start = len(access_entries(gunicorn.log_file.read_text(), UPDATE))
    for n in range(1, tries + 1):
        conn = http.client.HTTPConnection("127.0.0.1", gunicorn.port, timeout=60)
        conn.request("POST", UPDATE, body=encoded, headers={"Content-Type": "application/json"})
        conn.getresponse().read()
        conn.close()
        time.sleep(0.05)
        served = {e.get("pid") for e in access_entries(gunicorn.log_file.read_text(), UPDATE)[start:]}
        if workers <= served:
            return n
    raise AssertionError(f"not every worker served the warm-up in {tries} requests")


def router_bodies(port: int, path: str, searches: list[str]) -> list[dict]:
    """The router callback's request for each `path` + search, from the server's own dependencies."""
    import json

    from serving.endpoints import DEPENDENCIES, location_callbacks, router_body

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", DEPENDENCIES)
    deps = json.loads(conn.getresponse().read())
    conn.close()
    dep = location_callbacks(deps)[0]
    return [router_body(dep, path, search) for search in searches]


class SlowBodies:
    """`count` connections that each send a POST head announcing `length` body bytes, then one byte
    of body, then nothing (issue 25's slow body). `with SlowBodies(port, 16) as held: ...`;
    `held.closed_after` maps each connection to the seconds the server took to close it, and
    `held.answers` to what it answered first (a status line, or b"" for a bare close)."""

    def __init__(self, port: int, count: int, length: int = 100_000, path: str = "/_dash-update-component"):
        self.port, self.count, self.length, self.path = port, count, length, path
        self.closed_after: dict[int, float] = {}
        self.answers: dict[int, bytes] = {}
        self._threads: list[threading.Thread] = []
        self._sockets: list[socket.socket] = []

    def __enter__(self):
        head = (
            f"POST {self.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {self.length}\r\n\r\n{{"
        ).encode()
        started = time.monotonic()
        for n in range(self.count):
            sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
            sock.sendall(head)
            self._sockets.append(sock)
            thread = threading.Thread(target=self._wait, args=(n, sock, started), daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def _wait(self, n: int, sock: socket.socket, started: float) -> None:
        """Read until the server closes the connection (or 120 s pass)."""
        sock.settimeout(120)
        data = b""
        try:
            while chunk := sock.recv(65536):
                data += chunk
        except OSError:
            pass
        self.closed_after[n] = time.monotonic() - started
        self.answers[n] = data.split(b"\r\n", 1)[0]

    def join(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))

    def __exit__(self, *exc):
        for sock in self._sockets:
            try:
                sock.close()
            except OSError:
                pass
