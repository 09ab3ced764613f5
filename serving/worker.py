"""gunicorn's gthread worker, except that no thread waits on a slow client's request head.

Stock gthread hands a connection to a thread as soon as its first bytes arrive, and the thread then
reads the request line and headers with a blocking socket: ten clients that send one header line
every few seconds hold every thread of a bare deployment (measured: `/healthz` timed out with 50
such connections on 2 workers x 4 threads). Here the head is gathered between polls instead: each
time the socket is readable a thread takes what has arrived, without blocking, and gives the
connection back to the poller until the blank line that ends the head is in. Only then is the
request parsed and served, by the unchanged gthread code. A client that does not finish its head
within `HEAD_SECONDS` is disconnected.

gevent workers avoid the thread problem too, but measured far worse for this app: page renders are
CPU-bound and greenlets are not preempted, so `/healthz` waited seconds behind them under load
(p95 4.5 s against 0.15 s for gthread, 12 clients). Slow request *bodies* are not covered here: a
body is read by the serving thread (the 1 MB cap and gunicorn's timeout bound it).

Built on gunicorn 27.0.1's `ThreadWorker` (pinned in requirements.txt); `tests/test_hardening.py`
checks the behaviour against real gunicorn.
"""

from __future__ import annotations

import socket
import time

from gunicorn.workers import gthread

HEAD_END = b"\r\n\r\n"
HEAD_SECONDS = 10.0  # to send the whole request head, from its first byte
MAX_GATHER = 65536  # past this the parser takes over (and answers 431/400 for an oversized head)


def head_complete(data: bytes) -> bool:
    """Does `data` hold a whole request head (or enough for the parser to refuse it)?"""
    return HEAD_END in data or len(data) >= MAX_GATHER


def read_available(sock) -> tuple[bytes, bool]:
    """Whatever `sock` has now, without blocking, and whether the peer has closed."""
    chunks = []
    sock.setblocking(False)
    try:
        while True:
            chunk = sock.recv(MAX_GATHER)
            if not chunk:
                return b"".join(chunks), True
            chunks.append(chunk)
            if sum(map(len, chunks)) >= MAX_GATHER:
                break
    except (BlockingIOError, InterruptedError):
        pass
    return b"".join(chunks), False


class HeadBufferingWorker(gthread.ThreadWorker):
    """`worker_class = "serving.worker.HeadBufferingWorker"` (gunicorn.conf.py)."""

    def handle(self, conn):
        if self.cfg.is_ssl or getattr(conn, "is_http2", False):
            return super().handle(conn)  # not used by this app: keep gunicorn's own path
        if not self.alive:
            # Stopping (max_requests, SIGHUP, SIGTERM): gunicorn no longer takes a deferred
            # connection back (it would close it unanswered), so serve it the stock way, with what
            # was gathered so far handed to the parser.
            hand_over(conn)
            return super().handle(conn)
        state = gather(conn)
        if state is None:  # closed, or too slow: gunicorn closes the connection
            drop(conn.sock)
            return False
        if state is False:
            return gthread._DEFER  # back to the poller until more bytes arrive
        return super().handle(conn)


def drop(sock) -> None:
    """Shut the connection both ways now, so that gunicorn's graceful close (on its main thread,
    which also accepts) does not wait up to 2 s for a FIN this client will never send."""
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def hand_over(conn) -> None:
    """Give a partly gathered head to the parser (which reads the rest itself, blocking)."""
    pending = getattr(conn, "_head", b"")
    if pending:
        conn._head = b""
        conn.init()
        conn.parser.unreader.unread(pending)


def gather(conn) -> bool | None:
    """Add what has arrived to the connection's pending head. True: the head is complete and handed
    to the parser; False: wait for more; None: give up on this connection."""
    pending = getattr(conn, "_head", b"")
    if conn.parser is not None:  # a kept-alive connection may hold read-ahead bytes
        pending = conn.parser.unreader.take_buffered() + pending
    try:
        data, closed = read_available(conn.sock)
    except OSError:
        return None
    pending += data
    if not pending:
        conn._head_started = None
        return None if closed else False
    started = getattr(conn, "_head_started", None) or time.monotonic()
    if head_complete(pending):
        conn._head, conn._head_started = b"", None
        conn.init()  # creates the parser (idempotent); sets the socket blocking again
        conn.sock.setblocking(True)
        conn.parser.unreader.unread(pending)
        return True
    if closed or time.monotonic() - started > HEAD_SECONDS:
        return None
    conn._head, conn._head_started = pending, started
    return False
