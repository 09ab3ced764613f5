"""Replay callback requests from many concurrent clients against a server on loopback.

Each client is a thread with its own keep-alive connection, cycling through the bodies from its own
offset until the deadline. Bounded in time; loopback only (`host` must be 127.0.0.1)."""

from __future__ import annotations

import http.client
import json
import statistics
import threading
import time
from dataclasses import dataclass, field

from serving.endpoints import UPDATE


def pct(values, q: float) -> float:
    """The q-th percentile of ``values`` (nearest rank), NaN when there are none."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


@dataclass
class LoadResult:
    clients: int
    seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    retries: int = 0

    @property
    def requests(self) -> int:
        return len(self.latencies_ms)

    @property
    def failures(self) -> int:
        """Connection errors plus 5xx and unexpected 4xx answers."""
        bad = sum(n for status, n in self.statuses.items() if status >= 400)
        return bad + len(self.errors)

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        return pct(self.latencies_ms, q)

    def summary(self) -> dict:
        return {
            "clients": self.clients,
            "seconds": round(self.seconds, 2),
            "requests": self.requests,
            "throughput_rps": round(self.throughput, 1),
            "failures": self.failures,
            "retries": self.retries,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "p50_ms": round(self.percentile(50), 2),
            "p95_ms": round(self.percentile(95), 2),
            "p99_ms": round(self.percentile(99), 2),
            "mean_ms": round(statistics.fmean(self.latencies_ms), 2) if self.latencies_ms else None,
            "errors_sample": self.errors[:5],
        }


def post(conn: http.client.HTTPConnection, body: bytes) -> tuple[int, bytes]:
    conn.request(
        "POST", UPDATE, body=body, headers={"Content-Type": "application/json", "Accept-Encoding": "br, gzip"}
    )
    response = conn.getresponse()
    return response.status, response.read()


def run(
    port: int,
    bodies: list[dict],
    clients: int,
    seconds: float | None = None,
    total: int | None = None,
    host: str = "127.0.0.1",
    timeout: float = 30.0,
) -> LoadResult:
    """Run `clients` concurrent clients for `seconds` (or until `total` requests are done)."""
    assert host in ("127.0.0.1", "localhost", "::1"), "load runs against loopback only"
    assert seconds or total
    encoded = [json.dumps(b).encode() for b in bodies]
    result = LoadResult(clients=clients, seconds=0.0)
    lock = threading.Lock()
    counter = iter(range(total)) if total else None
    started = time.monotonic()
    deadline = started + seconds if seconds else float("inf")

    def client(index: int) -> None:
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
        latencies, statuses, errors, retries = [], {}, [], [0]
        i = index * 7
        while time.monotonic() < deadline:
            if counter is not None:
                with lock:
                    if next(counter, None) is None:
                        break
            body = encoded[i % len(encoded)]
            i += 1
            t0 = time.perf_counter()
            try:
                status, _ = post(conn, body)
            except (OSError, http.client.HTTPException) as err:
                # A keep-alive connection the server closed between requests (a worker recycled
                # after max_requests) is retried once on a new one, as browsers do.
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=timeout)
                try:
                    status, _ = post(conn, body)
                    retries[0] += 1
                except (OSError, http.client.HTTPException):
                    errors.append(f"{type(err).__name__}: {err}")
                    conn.close()
                    conn = http.client.HTTPConnection(host, port, timeout=timeout)
                    continue
            latencies.append((time.perf_counter() - t0) * 1000)
            statuses[status] = statuses.get(status, 0) + 1
        conn.close()
        with lock:
            result.latencies_ms.extend(latencies)
            result.errors.extend(errors)
            result.retries += retries[0]
            for status, n in statuses.items():
                result.statuses[status] = result.statuses.get(status, 0) + n

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join((seconds or 600) + timeout + 30)
    result.seconds = time.monotonic() - started
    return result
