"""Issue 25, finding 1: slow request bodies. A client that sends a POST head and then trickles (or
stops sending) its body must not hold a serving thread: the worker gathers the body between polls,
drops it with a 408 and one log line when it stalls or misses its deadline, and `/healthz` stays
fast meanwhile. Against real gunicorn as the Procfile runs it (2 workers x 4 threads)."""

from __future__ import annotations

import json
import socket
import threading
import time

import pytest

from bench import attack
from serving import worker

HELD = 16  # the figure: twice the serving threads of a default deployment


def report(name: str, **figures) -> None:
    print(f"\n[{name}] " + json.dumps(figures, ensure_ascii=False))


def held_bodies(gunicorn, connections: int, seconds: float) -> dict:
    """`connections` slow bodies held from the start (and replaced as the server drops them, so that
    `connections` are always pending), `/healthz` probed for `seconds` meanwhile."""
    waves: list[attack.SlowBodies] = []
    stop = threading.Event()

    def keep_holding():
        while not stop.is_set():
            waves.append(attack.SlowBodies(gunicorn.port, connections).__enter__())
            while not stop.is_set() and len(waves[-1].closed_after) < connections:
                time.sleep(0.1)

    holder = threading.Thread(target=keep_holding, daemon=True)
    holder.start()
    time.sleep(0.5)  # every connection has sent its head and byte
    health = attack.probe(gunicorn.port, "/healthz", seconds)
    stop.set()
    holder.join(5)
    for wave in waves:
        wave.join(worker.BODY_IDLE_SECONDS + 5)
        wave.__exit__()
    closed = [s for wave in waves for s in wave.closed_after.values()]
    answers = {a.decode() for wave in waves for a in wave.answers.values()}
    return {
        "connections_held": sum(wave.count for wave in waves),
        "closed": len(closed),
        "closed_after_s_max": round(max(closed), 1) if closed else None,
        "answers": sorted(answers),
        "healthz": health.summary(),
    }


def check(figures: dict) -> None:
    assert figures["healthz"]["errors"] == 0 and figures["healthz"]["p95_ms"] <= 250, figures
    assert figures["closed"] == figures["connections_held"], figures
    assert figures["closed_after_s_max"] <= worker.BODY_IDLE_SECONDS + 2, figures
    assert figures["answers"] == ["HTTP/1.1 408 Request Timeout"], figures


def test_16_held_bodies_leave_healthz_fast_and_are_closed_with_a_408(production):
    figures = held_bodies(production, HELD, seconds=8)
    report("16 slow bodies, 8 s", **figures)
    check(figures)
    log = production.log_file.read_text()
    assert log.count("slow request body") >= HELD, "one log line per dropped body"
    assert "Traceback" not in log


@pytest.mark.soak
def test_slow_bodies_held_for_a_minute_soak(production):
    figures = held_bodies(production, HELD, seconds=60)
    report("16 slow bodies held for 60 s (soak)", **figures)
    check(figures)


def test_a_body_that_arrives_in_pieces_is_served(production):
    """A real slow client (pieces with pauses, each within the idle limit) still gets its answer."""
    bodies = attack.router_bodies(production.port, "/", ["?period=2018"])
    body = json.dumps(bodies[0]).encode()
    head = (
        f"POST /_dash-update-component HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", production.port), timeout=30) as sock:
        sock.sendall(head)
        for start in range(0, len(body), len(body) // 3 + 1):
            time.sleep(0.5)
            sock.sendall(body[start : start + len(body) // 3 + 1])
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    assert data.startswith(b"HTTP/1.1 200"), data[:200]


# ---------------------------------------------------------------- the gathering, directly


def post(length: int, extra: str = "") -> bytes:
    return f"POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: {length}\r\n{extra}\r\n".encode()


def test_a_body_is_gathered_without_blocking_then_parsed_from_the_buffer(connection):
    conn, client = connection
    client.sendall(post(10) + b"01234")
    assert worker.gather(conn) is False and conn.parser is None, "half the body: back to the poller"
    client.sendall(b"56789")
    assert worker.gather(conn) is True
    request = next(conn.parser)
    assert request.method == "POST" and request.body.read() == b"0123456789"


def test_a_stalled_or_late_body_is_answered_408_with_one_log_line(connection, caplog):
    conn, client = connection
    conn.timeout = time.monotonic() + 60  # gunicorn's keepalive for a deferred connection
    client.sendall(post(100_000) + b"{")
    assert worker.gather(conn) is False
    now = time.monotonic()
    assert not worker.expired(conn, now)
    assert worker.expired(conn, now + worker.BODY_IDLE_SECONDS), "silent mid-body"
    late = now + worker.BODY_SECONDS + 100_000 / worker.MIN_BODY_RATE + 0.1
    conn._last = late  # still trickling, but past the deadline
    assert worker.expired(conn, late)
    conn._deadline = now - 1
    client.sendall(b"x")
    with caplog.at_level("WARNING", logger="serving.worker"):
        state = worker.gather(conn)
        assert state == 408
        worker.refuse(conn, state)
    answer = client.recv(1000)
    assert answer.startswith(b"HTTP/1.1 408 Request Timeout\r\n") and b"Connection: close" in answer
    lines = [r for r in caplog.records if r.name == "serving.worker"]
    assert len(lines) == 1 and "slow request body" in lines[0].getMessage(), lines


def test_a_chunked_body_is_refused_411_and_a_too_large_one_is_not_gathered(connection):
    conn, client = connection
    client.sendall(b"POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n")
    assert worker.gather(conn) == 411
    assert worker.body_length(post(worker.MAX_BODY + 1)) == 0, "the app answers 413 unread"
    assert worker.body_length(post(5) + b"Content-Length: 6\r\n") == 0, "the parser refuses it"
    assert worker.body_length(b"GET / HTTP/1.1\r\nHost: a\r\n") == 0


def test_expect_100_continue_is_answered_so_the_client_sends_its_body(connection):
    conn, client = connection
    client.sendall(post(4, "Expect: 100-continue\r\n"))
    assert worker.gather(conn) is False
    assert client.recv(100) == b"HTTP/1.1 100 Continue\r\n\r\n"
    client.sendall(b"abcd")
    assert worker.gather(conn) is True and next(conn.parser).body.read() == b"abcd"


def test_every_blocking_socket_call_of_a_thread_has_a_deadline(connection):
    conn, client = connection
    worker.set_socket_deadlines(conn.sock, 1)
    conn.sock.setblocking(True)  # what gunicorn does before a request: the kernel timeout stays
    started = time.monotonic()
    with pytest.raises(BlockingIOError):
        conn.sock.recv(10)
    assert 0.9 <= time.monotonic() - started < 3
