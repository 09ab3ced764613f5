"""gunicorn's gthread worker, except that no thread waits on a slow client's request head or body.

Stock gthread hands a connection to a thread as soon as its first bytes arrive, and the thread then
reads the request line, headers and body with a blocking socket: ten clients that send one header
line every few seconds hold every thread of a bare deployment (measured: `/healthz` timed out with 50
such connections on 2 workers x 4 threads), and so do 8 that send a POST head and one byte of body
(gunicorn's `timeout` watches the worker's main loop, never a request thread). Here the whole request
is gathered between polls instead: each time the socket is readable a thread takes what has arrived,
without blocking, and gives the connection back to the poller until the head and the body its
`Content-Length` announces are in. Only then is the request parsed and served, by the unchanged
gthread code, from memory. Deadlines:

- the head within `HEAD_SECONDS` of its first byte;
- the body within `BODY_SECONDS` plus its length at `MIN_BODY_RATE`;
- never silent for `BODY_IDLE_SECONDS` once a request has started (checked by the poller's loop
  every second, so a client that sends nothing more is dropped too);
- a request that misses one is answered 408 and logged (one WARNING line); a `Transfer-Encoding`
  body (chunked: no length to bound) is answered 411. A body larger than the app accepts is not
  gathered: the app answers 413 without reading it.

Whatever a thread still does on the socket (sending the answer, or serving a stopping worker's
connection the stock way) has a kernel timeout (`SO_RCVTIMEO`/`SO_SNDTIMEO`), so no thread ever
waits on a socket without a deadline.

gevent workers avoid the thread problem too, but measured far worse for this app: page renders are
CPU-bound and greenlets are not preempted, so `/healthz` waited seconds behind them under load
(p95 4.5 s against 0.15 s for gthread, 12 clients).

Built on gunicorn 27.0.1's `ThreadWorker` (pinned in requirements.txt); `tests/test_hardening.py`
and `tests/test_slow_bodies.py` check the behaviour against real gunicorn.
"""

from __future__ import annotations

import logging
import math
import socket
import struct
import time

from gunicorn.workers import gthread

log = logging.getLogger(__name__)

HEAD_END = b"\r\n\r\n"
HEAD_SECONDS = 10.0  # to send the whole request head, from its first byte
BODY_SECONDS = 10.0  # to send the body, from the end of the head, plus its length at MIN_BODY_RATE
MIN_BODY_RATE = 16_384  # bytes per second
BODY_IDLE_SECONDS = 5.0  # a request silent this long, once started, is dropped (408)
SOCKET_SECONDS = 20  # the kernel timeout on every blocking read or write a thread does
MAX_GATHER = 65536  # past this the parser takes over (and answers 431/400 for an oversized head)
REASONS = {408: "Request Timeout", 411: "Length Required"}


def max_body() -> int:
    """The app's body cap (MAX_CONTENT_LENGTH): a larger body is refused unread, so not gathered."""
    from serving.config import Settings

    try:
        return Settings.from_env().max_content_length
    except ValueError:
        return Settings().max_content_length


MAX_BODY = max_body()


def head_complete(data: bytes) -> bool:
    """Does `data` hold a whole request head (or enough for the parser to refuse it)?"""
    return HEAD_END in data or len(data) >= MAX_GATHER


def body_length(head: bytes) -> int | None:
    """The body bytes to gather after `head`: its Content-Length; 0 when there is none, or when the
    parser or the app refuses the request unread (a bad, repeated or too large length); None for a
    Transfer-Encoding body (refused with 411)."""
    lengths = []
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"transfer-encoding":
            return None
        if name == b"content-length":
            lengths.append(value.strip())
    if len(lengths) != 1 or not lengths[0].isdigit() or int(lengths[0]) > MAX_BODY:
        return 0
    return int(lengths[0])


def expects_continue(head: bytes) -> bool:
    return any(
        line.partition(b":")[0].strip().lower() == b"expect"
        and line.partition(b":")[2].strip().lower() == b"100-continue"
        for line in head.split(b"\r\n")[1:]
    )


def read_available(sock, limit: int = MAX_GATHER) -> tuple[bytes, bool]:
    """Up to `limit` bytes of whatever `sock` has now, without blocking, and whether the peer has
    closed."""
    chunks, size = [], 0
    sock.setblocking(False)
    try:
        while size < limit:
            chunk = sock.recv(min(limit - size, 262144))
            if not chunk:
                return b"".join(chunks), True
            chunks.append(chunk)
            size += len(chunk)
    except (BlockingIOError, InterruptedError):
        pass
    return b"".join(chunks), False


def set_socket_deadlines(sock, seconds: int = SOCKET_SECONDS) -> None:
    """A kernel timeout on every blocking recv and send: Python's `setblocking(True)`, which gunicorn
    calls before each request, leaves it in place."""
    value = struct.pack("ll", seconds, 0)
    for option in (socket.SO_RCVTIMEO, socket.SO_SNDTIMEO):
        sock.setsockopt(socket.SOL_SOCKET, option, value)


class HeadBufferingWorker(gthread.ThreadWorker):
    """`worker_class = "serving.worker.HeadBufferingWorker"` (gunicorn.conf.py)."""

    def handle(self, conn):
        if self.cfg.is_ssl or getattr(conn, "is_http2", False):
            return super().handle(conn)  # not used by this app: keep gunicorn's own path
        if not getattr(conn, "_deadlines", False):
            set_socket_deadlines(conn.sock)
            conn._deadlines = True
        if not self.alive:
            # Stopping (max_requests, SIGHUP, SIGTERM): gunicorn no longer takes a deferred
            # connection back (it would close it unanswered), so serve it the stock way, with what
            # was gathered so far handed to the parser (reads bounded by the socket deadlines).
            hand_over(conn)
            return super().handle(conn)
        state = gather(conn)
        if state is None:  # closed, or too slow: gunicorn closes the connection
            drop(conn.sock)
            return False
        if state is False:
            return gthread._DEFER  # back to the poller until more bytes arrive
        if state is not True:
            refuse(conn, state)
            return False
        return super().handle(conn)

    def murder_pending(self):
        """Close the deferred connections that were silent for `keepalive` seconds or are past their
        request's deadline; one that had sent part of a request is answered 408 first."""
        now = time.monotonic()
        for conn in [c for c in self.pending_conns if expired(c, now)]:
            self.pending_conns.remove(conn)
            try:
                self.poller.unregister(conn.sock)
            except (OSError, KeyError, ValueError):
                pass
            self.nr_conns -= 1
            if getattr(conn, "_head", b""):
                refuse(conn, 408)
            conn.close()


def expired(conn, now: float) -> bool:
    """Silent past gunicorn's keepalive, past its request's deadline, or silent mid-request for
    `BODY_IDLE_SECONDS`?"""
    idle = getattr(conn, "_head", b"") and now - getattr(conn, "_last", now) >= BODY_IDLE_SECONDS
    return bool(now >= conn.timeout or now >= deadline(conn) or idle)


def deadline(conn) -> float:
    """When the request being gathered on `conn` must be complete (infinity when none is)."""
    return getattr(conn, "_deadline", None) or math.inf


def refuse(conn, status: int) -> None:
    """Answer `status` (408, 411) without waiting on the client, log one line, and shut the
    connection."""
    pending = getattr(conn, "_head", b"")
    line = pending.split(b"\r\n", 1)[0][:200].decode("latin-1")
    log.warning(
        "%s %s: %s from %s, %d bytes received (%s)",
        status,
        REASONS[status],
        "slow request body" if HEAD_END in pending else "slow request head",
        conn.client[0] if conn.client else "?",
        len(pending),
        line.encode("unicode_escape").decode("ascii"),
    )
    conn._head, conn._deadline = b"", None
    answer = f"HTTP/1.1 {status} {REASONS[status]}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    try:
        conn.sock.setblocking(False)
        conn.sock.send(answer.encode())
    except OSError:
        pass
    drop(conn.sock)


def drop(sock) -> None:
    """Shut the connection both ways now, so that gunicorn's graceful close (on its main thread,
    which also accepts) does not wait up to 2 s for a FIN this client will never send."""
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def hand_over(conn) -> None:
    """Give a partly gathered request to the parser (which reads the rest itself, blocking)."""
    pending = getattr(conn, "_head", b"")
    if pending:
        conn._head, conn._need, conn._deadline = b"", None, None
        conn.init()
        conn.parser.unreader.unread(pending)


def gather(conn) -> bool | int | None:
    """Add what has arrived to the connection's pending request. True: the head and its body are in
    and handed to the parser; False: wait for more; None: give up on this connection (closed, or
    silent before a request); 408 or 411: answer that and close."""
    pending = getattr(conn, "_head", b"")
    if conn.parser is not None:  # a kept-alive connection may hold read-ahead bytes
        pending = conn.parser.unreader.take_buffered() + pending
    need = getattr(conn, "_need", None)
    try:
        data, closed = read_available(conn.sock, max(MAX_GATHER, (need or 0) - len(pending)))
    except OSError:
        return None
    pending += data
    if not pending:
        conn._head_started = None
        return None if closed else False
    now = time.monotonic()
    started = getattr(conn, "_head_started", None) or now
    conn._head, conn._head_started = pending, started
    if data:
        conn._last = now
    if need is None and head_complete(pending):
        end = pending.find(HEAD_END)
        length = body_length(pending[:end]) if end >= 0 else 0
        if length is None:
            return 411
        need = conn._need = (end + len(HEAD_END) if end >= 0 else len(pending)) + length
        conn._deadline = now + BODY_SECONDS + length / MIN_BODY_RATE
        if length and len(pending) < need and expects_continue(pending[:end]):
            send_continue(conn.sock)
    if need is not None and len(pending) >= need:
        conn._head, conn._head_started, conn._need, conn._deadline = b"", None, None, None
        conn.init()  # creates the parser (idempotent); sets the socket blocking again
        conn.sock.setblocking(True)
        conn.parser.unreader.unread(pending)
        return True
    if closed:
        return None
    if need is None and now - started > HEAD_SECONDS or now > deadline(conn):
        return 408
    return False


def send_continue(sock) -> None:
    """`Expect: 100-continue`: the client waits for this before it sends the body we gather."""
    try:
        sock.send(b"HTTP/1.1 100 Continue\r\n\r\n")
    except OSError:
        pass
