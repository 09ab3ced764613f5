"""A bound on what distinct URLs can cost: token buckets on full page renders.

A deck's options (`interval`, `poll`, `w`, `h`, `fit`, `kiosk`, the `slides` list) are part of the
page the router renders and caches, and each valid new value is a new page: about 0.9 s of CPU for a
30-slide wall (issue 25: 12 clients with a random `interval` cut a server to 2 requests a second).
The invariant, per worker: **any number of distinct query strings costs at most `BURST_WORKER` +
`DECK_RENDERS_PER_MINUTE` x minutes full renders of decks with their own options (3 + 30 a minute),
and one client address at most `BURST_CLIENT` + `DECK_RENDERS_PER_CLIENT` x minutes (2 + 12)**.
A request past its budget gets the deck with its default options (cached after the first render)
and the notice naming the options it did not apply; repeats of a URL that was rendered are served
from the caches and cost nothing."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

DECK_RENDERS_PER_MINUTE = 30  # per worker, sustained: at most ~0.5 core for the largest walls
DECK_RENDERS_PER_CLIENT = 12  # per client address and minute (a wall and its presenter need a few)
BURST_WORKER, BURST_CLIENT = 3, 2  # renders at once before the rate applies (fewer than the threads)
MAX_CLIENTS = 4096  # addresses remembered (least recently seen forgotten first)


class Bucket:
    """At most `burst` tokens, refilled at `per_minute` a minute."""

    def __init__(self, burst: float, per_minute: float, now: float):
        self.burst, self.rate, self.tokens, self.at = burst, per_minute / 60.0, burst, now

    def level(self, now: float) -> float:
        return min(self.burst, self.tokens + (now - self.at) * self.rate)

    def take(self, now: float) -> bool:
        self.tokens, self.at = self.level(now), now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


class RenderBudget:
    """`take(client)`: may this client cause one more full render now?"""

    def __init__(
        self,
        per_minute: int = DECK_RENDERS_PER_MINUTE,
        per_client: int = DECK_RENDERS_PER_CLIENT,
        burst: tuple[int, int] = (BURST_WORKER, BURST_CLIENT),
        clock=time.monotonic,
    ):
        self.per_minute, self.per_client, self.burst, self.clock = per_minute, per_client, burst, clock
        self._total = Bucket(burst[0], per_minute, clock())
        self._clients: OrderedDict[str, Bucket] = OrderedDict()
        self._lock = threading.Lock()
        self.refused = 0

    def _client(self, client: str, now: float) -> Bucket:
        bucket = self._clients.pop(client, None) or Bucket(self.burst[1], self.per_client, now)
        self._clients[client] = bucket
        while len(self._clients) > MAX_CLIENTS:
            self._clients.popitem(last=False)
        return bucket

    def exhausted(self, client: str) -> bool:
        """Would `take(client)` refuse now? (Takes nothing: for the answer cache's lookup.)"""
        now = self.clock()
        with self._lock:
            return self._client(client, now).level(now) < 1 or self._total.level(now) < 1

    def take(self, client: str) -> bool:
        now = self.clock()
        with self._lock:
            bucket = self._client(client, now)
            # the client's own bucket first: one client cannot spend the worker's budget
            if bucket.level(now) >= 1 and self._total.take(now):
                return bucket.take(now)
            self.refused += 1
            return False
